"""Exports (docs/export.md): what the JSON, CSV and XLSX say, who may take one, that each is
audited, that the cost in queries does not grow with the data, and the `assure export` command."""

import csv
import datetime
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
from collections import Counter
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from assure.accounts.models import OrganisationKind, Role, UnitKind
from assure.accounts.tests.factories import OrganisationFactory, UnitFactory, person_with_role
from assure.core.audit import SystemActor
from assure.core.models import AuditEvent
from assure.inspections import services as inspections
from assure.inspections.deadlines import DeadlineRule
from assure.inspections.models import FindingKind
from assure.plans import export, extensions, services
from assure.plans.models import Assignment, Rag, Update

PUBLISHED = datetime.date(2015, 1, 13)
SYSTEM = SystemActor("export tests")


def _add_recommendation(coordinator, inspection, ref, area, deadline, sub_points=()):
    return inspections.recommendation_add(
        actor=coordinator,
        inspection=inspection,
        ref=ref,
        area=area,
        text=f"Recommendation {ref} about {area}.",
        deadline=deadline,
        sub_points=list(sub_points),
    )


@pytest.fixture
def world(db):
    """A force with two districts, a central unit and a partner agency; one published inspection
    with a plan: 3.1 has a multi-agency action assigned to both districts and the partner (Leeds
    has two updates), 3.2 has an action nobody is assigned yet, 3.3 has no action at all."""
    force = OrganisationFactory(kind=OrganisationKind.FORCE, slug="testshire", name="Testshire")
    leeds = UnitFactory(organisation=force, kind=UnitKind.DISTRICT, code="LEE", name="Leeds")
    bradford = UnitFactory(organisation=force, kind=UnitKind.DISTRICT, code="BRA", name="Bradford")
    UnitFactory(organisation=force, kind=UnitKind.CENTRAL, code="SCGU", name="Governance Unit")
    partner = OrganisationFactory(
        kind=OrganisationKind.PARTNER_AGENCY,
        slug="leeds-cs",
        name="Leeds Children's Services",
        forces=[force],
    )
    partner_unit = UnitFactory(
        organisation=partner, kind=UnitKind.PARTNER, code="CS", name="Children's Services"
    )
    coordinator = person_with_role(Role.COORDINATOR, organisation=force, full_name="Cora Ordin")
    lead_leeds = person_with_role(Role.UNIT_LEAD, unit=leeds, full_name="Lee Leeds")

    inspection = inspections.inspection_create(
        actor=coordinator,
        force=force,
        title="Testshire child protection inspection",
        programme="National child protection inspection",
        fieldwork_start=datetime.date(2014, 8, 1),
        fieldwork_end=datetime.date(2014, 8, 31),
        published_on=PUBLISHED,
        report_url="https://example.org/report",
    )
    inspections.finding_add(
        actor=coordinator, inspection=inspection, text="Practice varies by district."
    )
    inspections.finding_add(
        actor=coordinator,
        inspection=inspection,
        text="Action plans are in place.",
        kind=FindingKind.STRENGTH,
    )
    r1 = _add_recommendation(
        coordinator,
        inspection,
        "3.1",
        "Initial contact",
        DeadlineRule("immediately"),
        sub_points=["Attend every initial conference."],
    )
    r2 = _add_recommendation(
        coordinator,
        inspection,
        "3.2",
        "Initial contact",
        DeadlineRule("immediately", inherited=True),
    )
    r3 = _add_recommendation(
        coordinator, inspection, "3.3", "MISPERs", DeadlineRule("within", 3, "months")
    )
    plan = services.action_plan_create(actor=coordinator, inspection=inspection)
    action = services.action_create(
        actor=coordinator,
        plan=plan,
        recommendation=r1,
        title="Review attendance at conferences",
        description="Each district reviews its attendance.",
        success_measure="Every conference attended",
        lead=coordinator,
        partners=[partner],
    )
    services.assignments_create_for_districts(actor=coordinator, action=action)
    services.assignment_create(actor=coordinator, action=action, unit=partner_unit)
    services.update_add(
        actor=SYSTEM,
        assignment=action.assignments.get(unit=leeds),
        narrative="Started the review.",
        rag=Rag.AMBER,
        percent_complete=10,
        created_at=datetime.datetime(2015, 2, 1, 10, 0, tzinfo=datetime.UTC),
    )
    latest = services.update_add(
        actor=lead_leeds,
        assignment=action.assignments.get(unit=leeds),
        narrative='=HYPERLINK("http://evil.example")',
        rag=Rag.GREEN,
        percent_complete=60,
    )
    unassigned = services.action_create(
        actor=coordinator, plan=plan, recommendation=r2, title="Brief call handlers"
    )
    return SimpleNamespace(
        force=force,
        coordinator=coordinator,
        lead_leeds=lead_leeds,
        partner=partner,
        inspection=inspection,
        plan=plan,
        recommendations=[r1, r2, r3],
        action=action,
        unassigned=unassigned,
        units={"LEE": leeds, "BRA": bradford, "CS": partner_unit},
        latest=latest,
    )


def _json(world, actor=None, **kwargs) -> dict:
    content = services.force_export(
        actor=actor or world.coordinator, force=world.force, format="json", **kwargs
    )
    return json.loads(content)


# JSON ----------------------------------------------------------------------------------------


def test_json_nests_inspection_findings_recommendations_actions_and_assignments(world):
    document = _json(world)

    assert document["schema_version"] == 1
    assert document["force"] == {"id": world.force.pk, "slug": "testshire", "name": "Testshire"}
    generated = datetime.datetime.fromisoformat(document["generated_at"])
    assert generated.tzinfo is not None
    assert document["as_of"] == generated.date().isoformat()
    [inspection] = document["inspections"]
    assert inspection == {
        "id": world.inspection.pk,
        "body": "HMIC",
        "programme": "National child protection inspection",
        "title": "Testshire child protection inspection",
        "fieldwork_start": "2014-08-01",
        "fieldwork_end": "2014-08-31",
        "published_on": "2015-01-13",
        "report_url": "https://example.org/report",
        # the plan is due 6 weeks after publication
        "action_plan": {"id": world.plan.pk, "status": "draft", "due_on": "2015-02-24"},
        "findings": inspection["findings"],
        "recommendations": inspection["recommendations"],
    }
    assert [(f["kind"], f["text"]) for f in inspection["findings"]] == [
        ("concern", "Practice varies by district."),
        ("strength", "Action plans are in place."),
    ]
    r1, r2, r3 = inspection["recommendations"]
    assert [r["ref"] for r in (r1, r2, r3)] == ["3.1", "3.2", "3.3"]
    assert r1["sub_points"] == ["Attend every initial conference."]
    assert r1["deadline"] == {
        "rule": "immediately",
        "amount": None,
        "unit": None,
        "date": None,
        "inherited": False,
    }
    assert r2["deadline"]["inherited"] is True
    assert r3["deadline"] == {
        "rule": "within",
        "amount": 3,
        "unit": "months",
        "date": None,
        "inherited": False,
    }
    assert [r["due_on"] for r in (r1, r2, r3)] == ["2015-01-13", "2015-01-13", "2015-04-13"]
    assert r1["status"] == "being_progressed"
    assert r3["status"] == "awaiting_review"
    assert r3["actions"] == []

    [action] = r1["actions"]
    assert action["title"] == "Review attendance at conferences"
    assert action["success_measure"] == "Every conference attended"
    assert action["lead"] == "Cora Ordin"
    assert action["partners"] == [{"slug": "leeds-cs", "name": "Leeds Children's Services"}]
    assert action["due_on"] == "2015-01-13"
    # districts first (by name), then partner units
    assert [a["unit"]["code"] for a in action["assignments"]] == ["BRA", "LEE", "CS"]
    bradford, leeds, _ = action["assignments"]
    assert bradford["latest_update"] is None
    assert bradford["standing"] == {
        "rag": "red",
        "label": "Overdue",
        "reason": "Past its due date of 13 January 2015 and not complete. "
        "No update has been given.",
        "complete": False,
    }
    assert leeds["unit"] == {"code": "LEE", "name": "Leeds", "kind": "district"}
    assert leeds["due_on"] == "2015-01-13"
    assert leeds["closure_state"] == "open"
    assert leeds["completed_on"] is None
    assert leeds["standing"]["label"] == "Overdue"
    assert "said green" in leeds["standing"]["reason"]
    created = timezone.localtime(world.latest.created_at).replace(microsecond=0)
    assert leeds["latest_update"] == {
        "sequence": 2,
        "date": created.date().isoformat(),
        "created_at": created.isoformat(),
        "author": "Lee Leeds",
        "rag": "green",
        "percent_complete": 60,
        "narrative": '=HYPERLINK("http://evil.example")',
        "not_adopted_reason": "",
    }
    [unassigned] = r2["actions"]
    assert unassigned["assignments"] == []
    assert unassigned["lead"] is None


def test_an_update_in_the_last_instant_of_a_day_is_exported_on_that_day(world):
    """Times are read as whole seconds: an update at 23:59:59.9997 stays on its own day (SQLite's
    strftime would round it to the next second, and so the next day, if asked whole)."""
    bradford = world.action.assignments.get(unit=world.units["BRA"])
    services.update_add(
        actor=SYSTEM,
        assignment=bradford,
        narrative="Reviewed at the end of the month.",
        rag=Rag.AMBER,
        percent_complete=20,
        created_at=datetime.datetime(2015, 1, 31, 23, 59, 59, 999700, tzinfo=datetime.UTC),
    )
    [inspection] = _json(world)["inspections"]
    [action, *_] = inspection["recommendations"][0]["actions"]
    [latest] = [a["latest_update"] for a in action["assignments"] if a["unit"]["code"] == "BRA"]
    assert latest["date"] == "2015-01-31"
    assert latest["created_at"] == "2015-01-31T23:59:59+00:00"


def test_the_latest_update_is_the_latest_on_the_export_day_not_one_dated_after_it(world):
    """The export joins the entry the assignment keeps as its latest, unless that one is dated
    after the export's day (an entry written with a later date): then the latest before it."""
    bradford = world.action.assignments.get(unit=world.units["BRA"])
    now = timezone.now()
    for when, rag, text in (
        (now - datetime.timedelta(days=2), Rag.AMBER, "Reviewed before the export."),
        (now + datetime.timedelta(days=3), Rag.RED, "Dated after the export's day."),
    ):
        services.update_add(
            actor=SYSTEM,
            assignment=bradford,
            narrative=text,
            rag=rag,
            percent_complete=30,
            created_at=when,
        )
    assert Assignment.objects.get(pk=bradford.pk).latest_rag == "red"  # the kept latest
    [inspection] = _json(world)["inspections"]
    [action, *_] = inspection["recommendations"][0]["actions"]
    [exported] = [a for a in action["assignments"] if a["unit"]["code"] == "BRA"]
    assert exported["latest_update"]["narrative"] == "Reviewed before the export."
    assert exported["latest_update"]["rag"] == "amber"


def test_an_inspection_without_a_plan_still_shows_when_its_plan_is_due(world):
    unpublished = inspections.inspection_create(
        actor=world.coordinator, force=world.force, title="Not yet published"
    )
    later = inspections.inspection_create(
        actor=world.coordinator,
        force=world.force,
        title="Published later",
        published_on=datetime.date(2016, 3, 1),
    )
    document = _json(world)
    # oldest publication first; not yet published last
    assert [i["id"] for i in document["inspections"]] == [
        world.inspection.pk,
        later.pk,
        unpublished.pk,
    ]
    assert document["inspections"][1]["action_plan"] == {
        "id": None,
        "status": None,
        "due_on": "2016-04-12",
    }
    assert document["inspections"][2]["action_plan"]["due_on"] is None


def test_one_inspection_can_be_exported_on_its_own(world):
    other = inspections.inspection_create(
        actor=world.coordinator, force=world.force, title="Another"
    )
    document = _json(world, inspection=other)
    assert [i["title"] for i in document["inspections"]] == ["Another"]


def test_an_inspection_of_another_force_is_refused(world):
    elsewhere = OrganisationFactory(kind=OrganisationKind.FORCE)
    theirs = inspections.inspection_create(actor=SYSTEM, force=elsewhere, title="Theirs")
    with pytest.raises(ValidationError):
        services.force_export(
            actor=world.coordinator, force=world.force, format="json", inspection=theirs
        )


def test_an_unknown_format_is_refused(world):
    with pytest.raises(ValidationError):
        services.force_export(actor=world.coordinator, force=world.force, format="pdf")


def test_downloads_are_named_after_the_force_the_inspection_and_the_day(world):
    day = datetime.date(2015, 6, 30)
    assert export.download_name(world.force, "csv", day=day) == "assure-testshire-2015-06-30.csv"
    assert export.download_name(world.force, "xlsx", inspection=world.inspection, day=day) == (
        f"assure-testshire-inspection-{world.inspection.pk}-2015-06-30.xlsx"
    )


# CSV -----------------------------------------------------------------------------------------


def _csv(world) -> list[dict]:
    content = services.force_export(actor=world.coordinator, force=world.force, format="csv")
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


def test_a_pinned_clock_exports_its_day_as_the_pages_show_it(world, settings):
    # A demo installation's clock is pinned to a day of its story: the export is read on that
    # day too (the update recorded later, on the real day, is not yet there), not years on.
    settings.ASSURE_TODAY = datetime.date(2015, 2, 10)
    document = _json(world)
    assert document["as_of"] == "2015-02-10"
    leeds = document["inspections"][0]["recommendations"][0]["actions"][0]["assignments"][1]
    assert leeds["unit"]["code"] == "LEE"
    assert leeds["latest_update"]["sequence"] == 1
    assert leeds["standing"]["reason"] == (
        "Past its due date of 13 January 2015 and not complete. "
        "The last update (1 February 2015) said amber."
    )
    [csv_leeds] = [row for row in _csv(world) if row["unit_code"] == "LEE"]
    assert (csv_leeds["latest_update_rag"], csv_leeds["latest_update_date"]) == (
        "amber",
        "2015-02-01",
    )


def test_csv_has_a_row_per_assignment_and_keeps_what_has_none(world):
    rows = _csv(world)
    # Apps above plans add their columns at the end (plans/extensions.py).
    assert list(rows[0]) == export.CSV_COLUMNS + extensions.export_csv_columns()
    assert [(r["recommendation_ref"], r["unit_code"]) for r in rows] == [
        ("3.1", "BRA"),
        ("3.1", "LEE"),
        ("3.1", "CS"),
        ("3.2", ""),  # an action without assignments
        ("3.3", ""),  # a recommendation without actions
    ]
    leeds = rows[1]
    assert leeds["inspection_title"] == "Testshire child protection inspection"
    assert leeds["recommendation_area"] == "Initial contact"
    assert leeds["recommendation_due_on"] == "2015-01-13"
    assert leeds["recommendation_status"] == "being_progressed"
    assert leeds["action_title"] == "Review attendance at conferences"
    assert leeds["unit_name"] == "Leeds"
    assert leeds["assignment_due_on"] == "2015-01-13"
    assert leeds["standing_rag"] == "red"
    assert leeds["standing_label"] == "Overdue"
    assert leeds["latest_update_rag"] == "green"
    assert leeds["latest_update_percent_complete"] == "60"
    assert leeds["latest_update_author"] == "Lee Leeds"
    # a narrative a spreadsheet would run as a formula is written as text
    assert leeds["latest_update_narrative"] == '\'=HYPERLINK("http://evil.example")'
    assert rows[0]["latest_update_date"] == ""
    assert rows[3]["action_title"] == "Brief call handlers"
    assert rows[4]["action_title"] == ""
    assert rows[4]["action_id"] == ""
    assert rows[4]["recommendation_due_on"] == "2015-04-13"


# XLSX ----------------------------------------------------------------------------------------


def _workbook(content: bytes):
    return load_workbook(io.BytesIO(content))


def test_xlsx_has_a_sheet_per_kind_with_bold_frozen_headers_and_real_dates(world):
    content = services.force_export(actor=world.coordinator, force=world.force, format="xlsx")
    book = _workbook(content)
    assert book.sheetnames == [
        "Inspections",
        "Findings",
        "Recommendations",
        "Actions",
        "Assignments",
    ]
    sizes = {name: book[name].max_row - 1 for name in book.sheetnames}
    assert sizes == {
        "Inspections": 1,
        "Findings": 2,
        "Recommendations": 3,
        "Actions": 2,
        "Assignments": 3,
    }
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1])
        assert sheet.column_dimensions["A"].width >= 8

    def records(name):
        sheet = book[name]
        header = [c.value for c in sheet[1]]
        return [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(2, values_only=True)]

    [inspection] = records("Inspections")
    assert inspection["Published"] == datetime.datetime(2015, 1, 13)
    assert inspection["Action plan due"] == datetime.datetime(2015, 2, 24)
    assert inspection["Action plan status"] == "Draft"
    recommendations = records("Recommendations")
    assert [r["Deadline"] for r in recommendations] == [
        "Immediately",
        "Immediately (inherited)",
        "Within 3 months",
    ]
    assert recommendations[2]["Due"] == datetime.datetime(2015, 4, 13)
    assert recommendations[0]["Status"] == "Being progressed"
    assert records("Actions")[0]["Partners"] == "Leeds Children's Services"
    assignments = records("Assignments")
    assert [a["Unit code"] for a in assignments] == ["BRA", "LEE", "CS"]
    leeds = assignments[1]
    assert leeds["Standing"] == "Overdue"
    assert leeds["% complete"] == 60
    assert isinstance(leeds["Last update"], datetime.datetime)
    # typed text that looks like a formula stays text
    assert leeds["Narrative"] == '=HYPERLINK("http://evil.example")'
    assert book["Assignments"]["R3"].data_type == "s"


# Who may export, and the audit trail ---------------------------------------------------------


@pytest.mark.parametrize("role", [Role.BOARD_MEMBER, Role.UNIT_LEAD, Role.APPROVER])
def test_people_of_the_force_may_export(world, role):
    person = person_with_role(role, organisation=world.force)
    assert _json(world, actor=person)["force"]["slug"] == "testshire"


@pytest.mark.parametrize(
    ("role", "kind"),
    [
        (Role.INSPECTOR, OrganisationKind.INSPECTORATE),
        (Role.OVERSIGHT, OrganisationKind.PCC_OFFICE),
    ],
)
def test_linked_readers_may_export(world, role, kind):
    organisation = OrganisationFactory(kind=kind, forces=[world.force])
    person = person_with_role(role, organisation=organisation)
    assert len(_json(world, actor=person)["inspections"]) == 1


def test_a_partner_may_not_export_the_force(world):
    partner = person_with_role(Role.PARTNER, organisation=world.partner)
    with pytest.raises(PermissionDenied):
        services.force_export(actor=partner, force=world.force, format="json")


def test_someone_of_another_force_may_not_export_it(world):
    stranger = person_with_role(Role.COORDINATOR)
    with pytest.raises(PermissionDenied):
        services.force_export(actor=stranger, force=world.force, format="csv")
    assert not AuditEvent.objects.filter(event="plans.export.created").exists()


def test_every_export_is_audited_with_its_format_and_counts(world):
    services.force_export(actor=world.coordinator, force=world.force, format="csv")
    event = AuditEvent.objects.get(event="plans.export.created")
    assert event.actor == world.coordinator
    assert event.organisation == world.force
    assert event.target_id == str(world.force.pk)
    assert event.changes == {
        "format": [None, "csv"],
        "inspections": [None, 1],
        "findings": [None, 2],
        "recommendations": [None, 3],
        "actions": [None, 2],
        "assignments": [None, 3],
        "updates": [None, 1],
    }


# Cost ----------------------------------------------------------------------------------------


def _grow(world, n: int) -> None:
    """n more recommendations, each with a multi-agency action assigned to both districts and the
    partner, and two updates on each assignment; and n more findings."""
    c = world.coordinator
    start = world.inspection.recommendations.count()
    for i in range(n):
        inspections.finding_add(actor=c, inspection=world.inspection, text=f"Finding {i}")
        rec = _add_recommendation(
            c, world.inspection, f"9.{start + i}", "Growth", DeadlineRule("within", 6, "weeks")
        )
        action = services.action_create(
            actor=c,
            plan=world.plan,
            recommendation=rec,
            title=f"Action {i}",
            lead=c,
            partners=[world.partner],
        )
        services.assignments_create_for_districts(actor=c, action=action)
        services.assignment_create(actor=c, action=action, unit=world.units["CS"])
        for assignment in action.assignments.all():
            for percent in (20, 40):
                services.update_add(
                    actor=c,
                    assignment=assignment,
                    narrative=f"{percent}% there",
                    rag=Rag.AMBER,
                    percent_complete=percent,
                )


def _queries(world, fmt: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        services.force_export(actor=world.coordinator, force=world.force, format=fmt)
    return len(captured)


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_the_export_costs_the_same_queries_for_three_times_the_data(world, fmt):
    _grow(world, 2)
    assert (Assignment.objects.count(), Update.objects.count()) == (9, 14)
    small = _queries(world, fmt)
    _grow(world, 6)
    assert (Assignment.objects.count(), Update.objects.count()) == (27, 50)
    large = _queries(world, fmt)
    assert large == small
    assert small <= 15


# The command ---------------------------------------------------------------------------------


def test_the_command_prints_json_by_default(world):
    out, err = io.StringIO(), io.StringIO()
    call_command("export", "--force", "testshire", stdout=out, stderr=err)
    document = json.loads(out.getvalue())
    assert len(document["inspections"][0]["recommendations"]) == 3
    event = AuditEvent.objects.get(event="plans.export.created")
    assert event.actor is None
    assert event.actor_label == "system: export command"


def test_the_command_writes_csv_and_xlsx_files(world, tmp_path):
    err = io.StringIO()
    call_command(
        "export", "--force", "testshire", "--format", "csv", "-o", str(tmp_path / "p.csv"),
        stderr=err,
    )  # fmt: skip
    assert (tmp_path / "p.csv").read_bytes().count(b"\r\n") == 6  # header and 5 rows
    assert "to " + str(tmp_path / "p.csv") in err.getvalue()
    call_command(
        "export", "--force", "testshire", "--format", "xlsx", "--output", str(tmp_path / "p.xlsx"),
        stderr=err,
    )  # fmt: skip
    assert _workbook((tmp_path / "p.xlsx").read_bytes()).sheetnames[0] == "Inspections"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.csv", "p.xlsx"]


def test_the_command_names_the_forces_when_the_slug_is_unknown(world):
    with pytest.raises(
        CommandError, match=r"no force has the slug 'nowhere' \(forces: testshire\)"
    ):
        call_command("export", "--force", "nowhere")
    with pytest.raises(CommandError, match=r"name the force with --force SLUG"):
        call_command("export")
    with pytest.raises(CommandError, match=r"no force has the slug 'leeds-cs'"):
        call_command("export", "--force", "leeds-cs")  # a partner agency is not a force


def test_the_command_refuses_xlsx_to_a_text_stream(world):
    with pytest.raises(CommandError, match="use -o FILE for xlsx"):
        call_command("export", "--force", "testshire", "--format", "xlsx", stdout=io.StringIO())
    assert not AuditEvent.objects.filter(event="plans.export.created").exists()


class _Terminal(io.StringIO):
    def __init__(self):
        super().__init__()
        self.buffer = io.BytesIO()

    def isatty(self):
        return True


def test_the_command_writes_xlsx_to_standard_output_only_when_it_is_not_a_terminal(world):
    terminal = _Terminal()
    with pytest.raises(CommandError, match="use -o FILE for xlsx"):
        call_command("export", "--force", "testshire", "--format", "xlsx", stdout=terminal)
    assert terminal.buffer.getvalue() == b""

    pipe = _Terminal()
    pipe.isatty = lambda: False
    call_command("export", "--force", "testshire", "--format", "xlsx", stdout=pipe)
    assert _workbook(pipe.buffer.getvalue()).sheetnames[0] == "Inspections"


def test_the_command_names_the_inspections_of_the_force(world):
    with pytest.raises(CommandError, match=rf"has no inspection 999999 .*: {world.inspection.pk}"):
        call_command("export", "--force", "testshire", "--inspection", "999999")


def test_the_command_leaves_the_file_alone_when_the_export_fails(world, tmp_path, monkeypatch):
    from assure.plans.management.commands import export as command

    def refuse(**kwargs):
        raise ValidationError("Nothing to see")

    target = tmp_path / "out.json"
    target.write_text("before")
    monkeypatch.setattr(command, "force_export_stream", refuse)
    with pytest.raises(CommandError, match="Nothing to see"):
        call_command("export", "--force", "testshire", "-o", str(target))
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
    assert target.read_text() == "before"


# The demo ------------------------------------------------------------------------------------


def _seed_summary(document: dict) -> tuple[int, int, Counter]:
    [inspection] = document["inspections"]
    recommendations = inspection["recommendations"]
    return (
        len(inspection["findings"]),
        len(recommendations),
        Counter(r["due_on"] for r in recommendations),
    )


SEED_SUMMARY = (5, 8, Counter({"2015-04-13": 6, "2015-01-13": 2}))


def test_the_demo_export_holds_the_seed_inspection(demo):
    from assure.accounts.models import Organisation

    force = Organisation.objects.get(slug="west-yorkshire")
    document = json.loads(services.force_export(actor=SYSTEM, force=force, format="json"))
    assert len(document["inspections"]) == 1, "the demo should hold the seed inspection"
    assert _seed_summary(document) == SEED_SUMMARY


def _assure(*args, data_dir):
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["ASSURE_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "assure.site.cli", *args],
        env=env,
        capture_output=True,
        timeout=180,
        check=False,
    )


@pytest.fixture(scope="module")
def demo_dir(copy_of_demo_dir):
    """This module's copy of the folder a real `assure demo --no-serve` prepared (conftest.py)."""
    return copy_of_demo_dir


def test_assure_export_in_a_subprocess(demo_dir):
    result = _assure("export", "--force", "west-yorkshire", data_dir=demo_dir)
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(result.stdout)["force"]["name"] == "West Yorkshire Police"

    # xlsx goes to standard output when that is not a terminal (here, a pipe)
    piped = _assure("export", "--force", "west-yorkshire", "--format", "xlsx", data_dir=demo_dir)
    assert piped.returncode == 0, piped.stderr.decode()
    assert _workbook(piped.stdout).sheetnames[-1] == "Assignments"

    unknown = _assure("export", "--force", "nowhere", data_dir=demo_dir)
    assert unknown.returncode == 1
    assert unknown.stderr.decode().strip() == (
        "assure export: error: no force has the slug 'nowhere' (forces: west-yorkshire)"
    )

    with sqlite3.connect(demo_dir / "assure.sqlite3") as db:
        formats = db.execute(
            "select changes from core_auditevent where event = 'plans.export.created'"
        ).fetchall()
    assert [json.loads(c)["format"][1] for (c,) in formats][-2:] == ["json", "xlsx"]


def test_assure_export_of_the_demo_prints_the_seed_findings_and_recommendations(demo_dir):
    """The acceptance check: `assure demo --no-serve && assure export --force west-yorkshire
    --format json` shows the seed's 5 findings and 8 recommendations with their due dates."""
    result = _assure("export", "--force", "west-yorkshire", "--format", "json", data_dir=demo_dir)
    assert result.returncode == 0, result.stderr.decode()
    assert _seed_summary(json.loads(result.stdout)) == SEED_SUMMARY


# Streaming -----------------------------------------------------------------------------------


@pytest.mark.parametrize("chunk", [1, 2, 200])
def test_the_streamed_json_is_the_document_byte_for_byte(world, monkeypatch, chunk):
    monkeypatch.setattr(export, "RECOMMENDATION_CHUNK", chunk)
    streamed = b"".join(export.stream(world.force, "json")).decode()
    whole = export.to_json(export.build(world.force)).decode()
    stamp = re.compile(r'"generated_at": "[^"]+"')
    assert stamp.sub("", streamed) == stamp.sub("", whole)


def test_the_streamed_csv_is_the_document_row_for_row(world, monkeypatch):
    monkeypatch.setattr(export, "RECOMMENDATION_CHUNK", 1)
    assert b"".join(export.stream(world.force, "csv")) == export.to_csv(export.build(world.force))


def test_the_audited_counts_are_counted_in_the_database_as_the_document_says(world):
    assert export.sql_counts(world.force) == export.counts(export.build(world.force))


def test_the_download_streams(client, world):
    client.force_login(world.coordinator)
    plan = world.inspection.action_plan
    response = client.get(reverse("plans:plan_export", kwargs={"pk": plan.pk, "fmt": "json"}))
    assert response.streaming
    assert json.loads(b"".join(response.streaming_content))["schema_version"] == 1
