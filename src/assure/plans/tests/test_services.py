"""Services for action plans: lifecycle, actions and assignments, updates, evidence, closures and
how a recommendation's status rolls up from them."""

import datetime
import hashlib
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from assure.accounts.models import OrganisationKind, Role, UnitKind
from assure.accounts.tests.factories import OrganisationFactory, UnitFactory, person_with_role
from assure.core.audit import SystemActor
from assure.core.models import AuditEvent
from assure.inspections import services as inspection_services
from assure.inspections.deadlines import DeadlineRule
from assure.inspections.models import Recommendation, RecommendationStatus
from assure.inspections.tests.factories import InspectionFactory, RecommendationFactory
from assure.plans import services
from assure.plans.models import (
    ActionPlan,
    Assignment,
    ClosureDecision,
    ClosureState,
    EvidenceKind,
    PlanStatus,
    Rag,
    Update,
)
from assure.plans.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    AssignmentFactory,
    EvidenceFactory,
    UpdateFactory,
    force_world,
)

pytestmark = pytest.mark.django_db
SYSTEM = SystemActor("test")
D = datetime.date


@pytest.fixture
def world():
    return force_world()


@pytest.fixture
def plan(world):
    return ActionPlanFactory(inspection=InspectionFactory(force=world.force))


@pytest.fixture
def action(plan):
    return ActionFactory(plan=plan)


@pytest.fixture
def leeds(world, action):
    """The Leeds district's assignment of the action."""
    return AssignmentFactory(action=action, unit=world.unit("LEE"))


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def add_update(assignment, actor, **extra):
    fields = {"narrative": "Training delivered.", "rag": Rag.GREEN, "percent_complete": 40}
    fields.update(extra)
    return services.update_add(actor=actor, assignment=assignment, **fields)


def note_evidence(assignment, actor, title="Audit of 20 cases"):
    return services.evidence_add(
        actor=actor, assignment=assignment, kind=EvidenceKind.NOTE, title=title, note="All fine."
    )


def propose(assignment, actor):
    evidence = note_evidence(assignment, actor)
    return services.closure_propose(
        actor=actor, assignment=assignment, summary="Done and audited.", evidence=[evidence]
    )


def refreshed(obj):
    obj.refresh_from_db()
    return obj


# Plan lifecycle --------------------------------------------------------------------------------


def test_a_plan_goes_from_draft_through_quality_assurance_to_closed(world, plan):
    coordinator, inspector = world.coordinator, world.inspector
    steps = [
        (coordinator, PlanStatus.IN_QA, ""),
        (inspector, PlanStatus.RETURNED, "Add success measures to 3.3"),
        (coordinator, PlanStatus.IN_QA, "Measures added"),
        (inspector, PlanStatus.APPROVED, ""),
        (coordinator, PlanStatus.SUBMITTED, ""),
        (coordinator, PlanStatus.IN_DELIVERY, ""),
        (coordinator, PlanStatus.CLOSED, ""),
    ]
    for actor, to, note in steps:
        services.action_plan_transition(actor=actor, plan=plan, to=to, note=note)
        assert ActionPlan.objects.get(pk=plan.pk).status == to
    history = list(plan.status_changes.values_list("status", "note", "changed_by"))
    assert history == [(to.value, note, actor.pk) for actor, to, note in steps]
    assert AuditEvent.objects.filter(event="plans.plan.status_changed").count() == len(steps)


def test_returning_a_plan_needs_a_note_saying_what_to_change(world, plan):
    services.action_plan_transition(actor=world.coordinator, plan=plan, to=PlanStatus.IN_QA)
    with pytest.raises(ValidationError) as error:
        services.action_plan_transition(
            actor=world.inspector, plan=plan, to=PlanStatus.RETURNED, note="  "
        )
    assert "note" in error.value.message_dict
    assert ActionPlan.objects.get(pk=plan.pk).status == PlanStatus.IN_QA


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (PlanStatus.DRAFT, PlanStatus.APPROVED),
        (PlanStatus.DRAFT, PlanStatus.IN_DELIVERY),
        (PlanStatus.IN_QA, PlanStatus.SUBMITTED),
        (PlanStatus.RETURNED, PlanStatus.APPROVED),
        (PlanStatus.CLOSED, PlanStatus.IN_DELIVERY),
        (PlanStatus.APPROVED, PlanStatus.DRAFT),
    ],
)
def test_a_plan_cannot_skip_or_reverse_a_step(world, plan, start, to):
    plan.status = start
    plan.save()
    for actor in (world.coordinator, world.inspector, SYSTEM):
        with pytest.raises(ValidationError, match="cannot become"):
            services.action_plan_transition(actor=actor, plan=plan, to=to, note="why")
    assert ActionPlan.objects.get(pk=plan.pk).status == start


@pytest.mark.parametrize(
    ("start", "to", "who_may_not"),
    [
        (PlanStatus.DRAFT, PlanStatus.IN_QA, ["inspector", "approver", "lead", "board"]),
        (PlanStatus.IN_QA, PlanStatus.APPROVED, ["coordinator", "approver", "oversight"]),
        (PlanStatus.IN_QA, PlanStatus.RETURNED, ["coordinator", "lead"]),
        (PlanStatus.APPROVED, PlanStatus.SUBMITTED, ["inspector", "board", "oversight"]),
        (PlanStatus.IN_DELIVERY, PlanStatus.CLOSED, ["inspector", "approver", "partner"]),
    ],
)
def test_each_step_belongs_to_one_role(world, plan, start, to, who_may_not):
    plan.status = start
    plan.save()
    people = {
        "coordinator": world.coordinator,
        "inspector": world.inspector,
        "approver": world.approver,
        "board": world.board,
        "oversight": world.oversight,
        "partner": world.partner_user,
        "lead": world.leads["LEE"],
    }
    for who in who_may_not:
        with pytest.raises(PermissionDenied):
            services.action_plan_transition(actor=people[who], plan=plan, to=to, note="n")
    assert ActionPlan.objects.get(pk=plan.pk).status == start


def test_a_coordinator_of_another_force_cannot_move_the_plan(plan):
    stranger = person_with_role(Role.COORDINATOR)
    with pytest.raises(PermissionDenied):
        services.action_plan_transition(actor=stranger, plan=plan, to=PlanStatus.IN_QA)


def test_an_inspection_has_one_plan(world, plan):
    with pytest.raises(ValidationError, match="already has an action plan"):
        services.action_plan_create(actor=world.coordinator, inspection=plan.inspection)


def test_the_plan_is_due_six_weeks_after_publication(world):
    presenters = pytest.importorskip("assure.plans.presenters")
    plan_clock = getattr(presenters, "plan_clock", None)
    if plan_clock is None:
        pytest.skip("no presenter for the plan's own due date (plans.presenters.plan_clock)")
    plan = ActionPlanFactory(inspection=InspectionFactory(published_on=D(2015, 1, 31)))
    clock = plan_clock(plan, D(2015, 3, 15))
    assert clock["due"] == D(2015, 3, 14)
    assert "14 March 2015" in clock["text"]
    assert clock["overdue"] is True
    assert plan_clock(plan, D(2015, 3, 14))["overdue"] is False
    unpublished = ActionPlanFactory(inspection=InspectionFactory(published_on=None))
    assert "not known" in plan_clock(unpublished, D(2015, 3, 15))["text"]


# Actions and assignments -----------------------------------------------------------------------


def test_an_action_is_due_when_its_recommendation_is_unless_told_otherwise(world, plan):
    recommendation = RecommendationFactory(inspection=plan.inspection)
    assert recommendation.due_on == D(2015, 4, 30)
    action = services.action_create(
        actor=world.coordinator, plan=plan, recommendation=recommendation, title="Train staff"
    )
    assert action.due_on == D(2015, 4, 30)
    earlier = services.action_create(
        actor=world.coordinator,
        plan=plan,
        recommendation=recommendation,
        title="Audit cases",
        due_on=D(2015, 3, 1),
    )
    assert earlier.due_on == D(2015, 3, 1)
    assert [action.position, earlier.position] == [1, 2]


def test_an_action_names_only_partner_agencies_of_the_force(world, plan):
    recommendation = RecommendationFactory(inspection=plan.inspection)
    other_force = OrganisationFactory(kind=OrganisationKind.FORCE)
    elsewhere = OrganisationFactory(kind=OrganisationKind.PARTNER_AGENCY, forces=[other_force])
    pcc = OrganisationFactory(kind=OrganisationKind.PCC_OFFICE, forces=[world.force])
    for wrong in (elsewhere, pcc, other_force):
        with pytest.raises(ValidationError) as error:
            services.action_create(
                actor=world.coordinator,
                plan=plan,
                recommendation=recommendation,
                title="Joint",
                partners=[wrong],
            )
        assert "is not a partner agency of" in str(error.value.message_dict["partners"])
    action = services.action_create(
        actor=world.coordinator,
        plan=plan,
        recommendation=recommendation,
        title="Joint",
        partners=[world.partner],
    )
    assert list(action.partners.all()) == [world.partner]
    assert recommendation.actions.count() == 1


def test_an_action_answers_a_recommendation_of_its_own_inspection(world, plan):
    foreign = RecommendationFactory()
    with pytest.raises(ValidationError) as error:
        services.action_create(
            actor=world.coordinator, plan=plan, recommendation=foreign, title="Wrong"
        )
    assert "recommendation" in error.value.message_dict


def test_assigning_to_every_district_skips_central_and_specialist_units(world, action):
    created = services.assignments_create_for_districts(actor=world.coordinator, action=action)
    assert {a.unit.code for a in created} == {"BRA", "CAL", "KIR", "LEE", "WAK"}
    assert action.assignments.count() == 5
    assert not action.assignments.exclude(unit__kind=UnitKind.DISTRICT).exists()
    assert {a.due_on for a in action.assignments.all()} == {action.due_on}
    with pytest.raises(ValidationError, match="Every district already has this action"):
        services.assignments_create_for_districts(actor=world.coordinator, action=action)
    assert action.assignments.count() == 5


def test_assigning_to_every_district_adds_only_the_missing_ones(world, action):
    AssignmentFactory(action=action, unit=world.unit("LEE"))
    AssignmentFactory(action=action, unit=world.unit("SCGU"))
    created = services.assignments_create_for_districts(actor=world.coordinator, action=action)
    assert sorted(a.unit.code for a in created) == ["BRA", "CAL", "KIR", "WAK"]
    event = AuditEvent.objects.get(event="plans.assignment.created_for_districts")
    assert sorted(event.changes["units"][1]) == ["BRA", "CAL", "KIR", "WAK"]


def test_a_partner_unit_is_assigned_only_an_action_naming_its_agency(world, plan):
    plain = ActionFactory(plan=plan)
    with pytest.raises(ValidationError) as error:
        services.assignment_create(actor=world.coordinator, action=plain, unit=world.partner_unit)
    assert "unit" in error.value.message_dict
    joint = ActionFactory(plan=plan, partners=[world.partner])
    assignment = services.assignment_create(
        actor=world.coordinator, action=joint, unit=world.partner_unit
    )
    assert assignment.unit == world.partner_unit
    assert assignment.due_on == joint.due_on
    with pytest.raises(ValidationError, match="already has this action"):
        services.assignment_create(actor=world.coordinator, action=joint, unit=world.partner_unit)


def test_a_unit_of_another_force_cannot_be_assigned(world, action):
    stranger_unit = UnitFactory()
    with pytest.raises(ValidationError):
        services.assignment_create(actor=world.coordinator, action=action, unit=stranger_unit)
    assert not action.assignments.exists()


def test_only_the_coordinator_creates_actions_and_assignments(world, plan, action):
    recommendation = action.recommendation
    for person in (world.leads["LEE"], world.approver, world.inspector, world.partner_user):
        with pytest.raises(PermissionDenied):
            services.action_create(
                actor=person, plan=plan, recommendation=recommendation, title="No"
            )
        with pytest.raises(PermissionDenied):
            services.assignments_create_for_districts(actor=person, action=action)
        with pytest.raises(PermissionDenied):
            services.assignment_create(actor=person, action=action, unit=world.unit("LEE"))
    assert plan.actions.count() == 1
    assert not action.assignments.exists()


# Updates ---------------------------------------------------------------------------------------


def test_updates_are_numbered_in_the_order_they_are_added(world, leeds):
    lead = world.leads["LEE"]
    numbers = [add_update(leeds, lead, narrative=f"Step {i}").sequence for i in (1, 2, 3)]
    assert numbers == [1, 2, 3]
    assert refreshed(leeds).update_count == 3
    assert list(leeds.updates.order_by("sequence").values_list("narrative", flat=True)) == [
        "Step 1",
        "Step 2",
        "Step 3",
    ]
    event = AuditEvent.objects.filter(event="plans.update.added").order_by("-id").first()
    assert event.changes["sequence"] == [None, 3]


def test_updates_continue_the_numbering_of_existing_ones(world, leeds):
    UpdateFactory(assignment=leeds)
    UpdateFactory(assignment=leeds)
    assert add_update(leeds, world.leads["LEE"]).sequence == 3


def test_a_grey_update_needs_the_reason_it_is_not_adopted(world, leeds):
    lead = world.leads["LEE"]
    with pytest.raises(ValidationError) as error:
        add_update(leeds, lead, rag=Rag.GREY, not_adopted_reason=" ")
    assert "not_adopted_reason" in error.value.message_dict
    update = add_update(leeds, lead, rag=Rag.GREY, not_adopted_reason="Covered by the MASH")
    assert update.not_adopted_reason == "Covered by the MASH"
    # A reason given with any other RAG is not kept: only grey means "not adopted".
    green = add_update(leeds, lead, rag=Rag.GREEN, not_adopted_reason="stray")
    assert green.not_adopted_reason == ""


@pytest.mark.parametrize("percent", [-1, 101, 250])
def test_percentage_complete_is_between_0_and_100(world, leeds, percent):
    with pytest.raises(ValidationError) as error:
        add_update(leeds, world.leads["LEE"], percent_complete=percent)
    assert "percent_complete" in error.value.message_dict
    assert not leeds.updates.exists()
    assert refreshed(leeds).update_count == 0


@pytest.mark.parametrize("percent", [0, 100])
def test_percentage_complete_accepts_its_bounds(world, leeds, percent):
    assert add_update(leeds, world.leads["LEE"], percent_complete=percent).percent_complete == (
        percent
    )


def test_an_update_needs_a_narrative(world, leeds):
    with pytest.raises(ValidationError) as error:
        add_update(leeds, world.leads["LEE"], narrative="   ")
    assert "narrative" in error.value.message_dict


def test_only_the_system_may_backdate_an_update(world, leeds):
    when = datetime.datetime(2015, 3, 2, 9, 0, tzinfo=datetime.UTC)
    for person in (world.leads["LEE"], world.coordinator):
        with pytest.raises(PermissionDenied):
            add_update(leeds, person, created_at=when)
    assert not leeds.updates.exists()
    update = add_update(leeds, SYSTEM, created_at=when)
    assert Update.objects.get(pk=update.pk).created_at == when
    assert update.author is None
    assert update.author_label == "system: test"


def test_a_complete_assignment_takes_no_more_updates(world, leeds):
    lead = world.leads["LEE"]
    add_update(leeds, lead)
    closure = propose(leeds, lead)
    services.closure_approve(actor=world.approver, closure=closure)
    with pytest.raises(ValidationError, match="complete; it takes no more updates"):
        add_update(leeds, lead)
    assert leeds.updates.count() == 1


# Evidence --------------------------------------------------------------------------------------


def test_a_file_is_kept_with_its_checksum(world, leeds):
    content = b"unit,cases\nLeeds,20\n"
    evidence = services.evidence_add(
        actor=world.leads["LEE"],
        assignment=leeds,
        kind=EvidenceKind.FILE,
        title="",
        upload=upload("dip sample.csv", content),
    )
    version = evidence.versions.get()
    assert evidence.title == "dip sample.csv"
    assert version.version == 1
    assert version.content_type == "text/csv"
    assert version.size == len(content)
    assert version.sha256 == hashlib.sha256(content).hexdigest()
    with version.file.open("rb") as stored:
        assert stored.read() == content
    event = AuditEvent.objects.get(event="plans.evidence.added")
    assert event.changes["sha256"] == [None, version.sha256]


def test_a_text_file_is_accepted(world, leeds):
    evidence = services.evidence_add(
        actor=world.leads["LEE"],
        assignment=leeds,
        kind=EvidenceKind.FILE,
        title="Minutes",
        upload=upload("minutes.txt", "Agreed – audit in May.".encode("cp1252")),
    )
    assert evidence.versions.get().content_type == "text/plain"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", png_bytes(), "contents are not a .pdf file"),
        ("tool.exe", b"MZ\x90\x00\x03", "must be a PDF, Word, Excel"),
        ("report", b"%PDF-1.4\n", "must be a PDF, Word, Excel"),
        ("empty.txt", b"", "empty"),
        ("huge.txt", b"a" * (20 * 1024 * 1024 + 1), "smaller than 20MB"),
    ],
    ids=["png-called-pdf", "exe", "no-extension", "empty", "over-20MB"],
)
def test_a_file_is_checked_by_its_contents_size_and_type(world, leeds, name, content, message):
    with pytest.raises(ValidationError, match=message):
        services.evidence_add(
            actor=world.leads["LEE"],
            assignment=leeds,
            kind=EvidenceKind.FILE,
            title="Report",
            upload=upload(name, content),
        )
    assert not leeds.evidence.exists()


def test_file_evidence_needs_a_file(world, leeds):
    with pytest.raises(ValidationError) as error:
        services.evidence_add(
            actor=world.leads["LEE"], assignment=leeds, kind=EvidenceKind.FILE, title="Report"
        )
    assert "upload" in error.value.message_dict


def test_notes_and_links_are_evidence_too(world, leeds):
    lead = world.leads["LEE"]
    note = note_evidence(leeds, lead)
    assert note.versions.get().note == "All fine."
    link = services.evidence_add(
        actor=lead,
        assignment=leeds,
        kind=EvidenceKind.LINK,
        title="Dashboard",
        url=" https://intranet.example.org/dash ",
    )
    assert link.versions.get().url == "https://intranet.example.org/dash"
    with pytest.raises(ValidationError) as error:
        services.evidence_add(
            actor=lead, assignment=leeds, kind=EvidenceKind.LINK, title="Nothing", url=""
        )
    assert "url" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.evidence_add(
            actor=lead, assignment=leeds, kind=EvidenceKind.NOTE, title="Nothing", note=" "
        )
    assert "note" in error.value.message_dict
    assert leeds.evidence.count() == 2


def test_new_versions_of_evidence_are_numbered_and_old_ones_kept(world, leeds):
    lead = world.leads["LEE"]
    evidence = services.evidence_add(
        actor=lead,
        assignment=leeds,
        kind=EvidenceKind.FILE,
        title="Audit",
        upload=upload("audit.csv", b"month,cases\nJan,10\n"),
    )
    second = services.evidence_version_add(
        actor=lead, evidence=evidence, upload=upload("audit.csv", b"month,cases\nFeb,12\n")
    )
    third = services.evidence_version_add(
        actor=lead, evidence=evidence, upload=upload("audit-v3.csv", b"month,cases\nMar,14\n")
    )
    assert (second.version, third.version) == (2, 3)
    assert list(evidence.versions.order_by("version").values_list("version", "filename")) == [
        (1, "audit.csv"),
        (2, "audit.csv"),
        (3, "audit-v3.csv"),
    ]
    assert len(set(evidence.versions.values_list("sha256", flat=True))) == 3
    with pytest.raises(ValidationError):
        services.evidence_version_add(
            actor=lead, evidence=evidence, upload=upload("audit.csv", b"\x00\x01binary")
        )
    assert evidence.versions.count() == 3


def test_a_file_is_stored_once_under_its_hash_and_keeps_the_persons_name(world, leeds):
    from django.core.files.storage import default_storage

    lead = world.leads["LEE"]
    content = b"month,cases\nJan,10\n"
    first = services.evidence_add(
        actor=lead,
        assignment=leeds,
        kind=EvidenceKind.FILE,
        title="Audit",
        upload=upload("audit.csv", content),
    ).versions.get()
    again = services.evidence_add(
        actor=lead,
        assignment=leeds,
        kind=EvidenceKind.FILE,
        title="Same audit",
        upload=upload("january.csv", content),
    ).versions.get()
    assert first.file.name == again.file.name == f"evidence/{first.sha256[:2]}/{first.sha256}"
    assert (first.filename, again.filename) == ("audit.csv", "january.csv")
    with default_storage.open(again.file.name) as stored:
        assert stored.read() == content


def test_an_upload_rolled_back_with_its_transaction_leaves_no_row_and_no_stray_name(world, leeds):
    """Its bytes may stay in the store, under their hash only: nothing points at them, and the
    same file attached later is stored under that one name."""
    from django.core.files.storage import default_storage
    from django.db import transaction

    lead = world.leads["LEE"]
    content = b"month,cases\nFeb,12\n"

    def upload_then_fail():
        with transaction.atomic():
            services.evidence_add(
                actor=lead,
                assignment=leeds,
                kind=EvidenceKind.FILE,
                title="Audit",
                upload=upload("audit.csv", content),
            )
            raise RuntimeError("the request failed after the upload")

    with pytest.raises(RuntimeError):
        upload_then_fail()
    assert not leeds.evidence.exists()
    kept = services.evidence_add(
        actor=lead,
        assignment=leeds,
        kind=EvidenceKind.FILE,
        title="Audit",
        upload=upload("audit.csv", content),
    ).versions.get()
    assert default_storage.listdir(f"evidence/{kept.sha256[:2]}")[1] == [kept.sha256]


def test_downloading_evidence_is_recorded(world, leeds):
    evidence = services.evidence_add(
        actor=world.leads["LEE"],
        assignment=leeds,
        kind=EvidenceKind.FILE,
        title="Audit",
        upload=upload("audit.csv", b"a,b\n1,2\n"),
    )
    version = evidence.versions.get()
    services.evidence_download(actor=world.board, version=version)
    event = AuditEvent.objects.get(event="plans.evidence.downloaded")
    assert event.actor == world.board
    assert event.changes == {"version": [None, 1], "filename": [None, "audit.csv"]}
    assert event.organisation == world.force


# Closures --------------------------------------------------------------------------------------


def test_proposing_closure_needs_a_summary_and_this_assignments_evidence(world, leeds, action):
    lead = world.leads["LEE"]
    mine = note_evidence(leeds, lead)
    bradford = AssignmentFactory(action=action, unit=world.unit("BRA"))
    theirs = EvidenceFactory(assignment=bradford)
    with pytest.raises(ValidationError) as error:
        services.closure_propose(actor=lead, assignment=leeds, summary=" ", evidence=[mine])
    assert "summary" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.closure_propose(actor=lead, assignment=leeds, summary="Done", evidence=[])
    assert "evidence" in error.value.message_dict
    with pytest.raises(ValidationError, match="must belong to this assignment"):
        services.closure_propose(
            actor=lead, assignment=leeds, summary="Done", evidence=[mine, theirs]
        )
    assert refreshed(leeds).closure_state == ClosureState.OPEN
    closure = services.closure_propose(
        actor=lead, assignment=leeds, summary="Done", evidence=[mine]
    )
    assert list(closure.evidence.all()) == [mine]
    assert refreshed(leeds).closure_state == ClosureState.PROPOSED
    with pytest.raises(ValidationError, match="already"):
        services.closure_propose(actor=lead, assignment=leeds, summary="Again", evidence=[mine])


def test_approving_closure_completes_the_assignment_that_day(world, leeds, monkeypatch):
    monkeypatch.setattr(services, "_today", lambda: D(2015, 6, 30))
    closure = propose(leeds, world.leads["LEE"])
    services.closure_approve(actor=world.approver, closure=closure, comment="Well evidenced")
    leeds = refreshed(leeds)
    assert leeds.closure_state == ClosureState.COMPLETE
    assert leeds.closure_approved_on == D(2015, 6, 30)
    assert leeds.completed_on == D(2015, 6, 30)
    assert leeds.demonstration_until is None
    closure = refreshed(closure)
    assert closure.decision == ClosureDecision.APPROVED
    assert closure.decided_by == world.approver


def test_a_demonstration_period_puts_completion_calendar_months_later(world, leeds, monkeypatch):
    monkeypatch.setattr(services, "_today", lambda: D(2015, 1, 31))
    closure = propose(leeds, world.leads["LEE"])
    services.closure_approve(actor=world.approver, closure=closure, demonstration_months=3)
    leeds = refreshed(leeds)
    assert leeds.closure_state == ClosureState.DEMONSTRATING
    assert leeds.closure_approved_on == D(2015, 1, 31)
    assert leeds.demonstration_until == D(2015, 4, 30)
    assert leeds.completed_on == D(2015, 4, 30)
    assert refreshed(closure).demonstration_months == 3


@pytest.mark.parametrize("months", [0, 25])
def test_a_demonstration_period_is_one_to_24_months(world, leeds, months):
    closure = propose(leeds, world.leads["LEE"])
    with pytest.raises(ValidationError) as error:
        services.closure_approve(actor=world.approver, closure=closure, demonstration_months=months)
    assert "demonstration_months" in error.value.message_dict
    assert refreshed(leeds).closure_state == ClosureState.PROPOSED


def test_returning_closure_needs_a_comment_and_reopens_the_assignment(world, leeds):
    lead = world.leads["LEE"]
    closure = propose(leeds, lead)
    with pytest.raises(ValidationError) as error:
        services.closure_return(actor=world.approver, closure=closure, comment="")
    assert "comment" in error.value.message_dict
    services.closure_return(
        actor=world.approver, closure=closure, comment="Show three months of data"
    )
    assert refreshed(leeds).closure_state == ClosureState.OPEN
    assert refreshed(closure).decision == ClosureDecision.RETURNED
    # The unit can update and propose again; the returned proposal cannot be decided twice.
    add_update(leeds, lead, narrative="Three months of data attached")
    again = propose(leeds, lead)
    with pytest.raises(ValidationError, match="already returned by"):
        services.closure_approve(actor=world.approver, closure=closure)
    services.closure_approve(actor=world.approver, closure=again)
    assert refreshed(leeds).closure_state == ClosureState.COMPLETE


def test_only_the_forces_approver_decides_closures(world, leeds):
    closure = propose(leeds, world.leads["LEE"])
    other_approver = person_with_role(Role.APPROVER)
    for person in (
        world.coordinator,
        world.leads["LEE"],
        world.board,
        world.inspector,
        other_approver,
    ):
        with pytest.raises(PermissionDenied):
            services.closure_approve(actor=person, closure=closure)
        with pytest.raises(PermissionDenied):
            services.closure_return(actor=person, closure=closure, comment="No")
    assert refreshed(closure).decision == ClosureDecision.PENDING
    assert refreshed(leeds).closure_state == ClosureState.PROPOSED


# Roll-up ---------------------------------------------------------------------------------------


def status_of(recommendation):
    return Recommendation.objects.get(pk=recommendation.pk).status


def test_a_recommendations_status_follows_its_assignments(world, action):
    recommendation = action.recommendation
    approver = world.approver
    assert status_of(recommendation) == RecommendationStatus.AWAITING_REVIEW

    assignments = services.assignments_create_for_districts(actor=world.coordinator, action=action)
    assert status_of(recommendation) == RecommendationStatus.BEING_PROGRESSED

    for assignment in assignments[:-1]:
        lead = world.leads[assignment.unit.code]
        services.closure_approve(actor=approver, closure=propose(assignment, lead))
    assert status_of(recommendation) == RecommendationStatus.BEING_PROGRESSED

    last = assignments[-1]
    services.closure_approve(actor=approver, closure=propose(last, world.leads[last.unit.code]))
    assert status_of(recommendation) == RecommendationStatus.COMPLETE

    history = list(recommendation.status_changes.values_list("status", flat=True))
    assert history == ["awaiting_review", "being_progressed", "complete"]
    rolled_up = AuditEvent.objects.filter(event="inspections.recommendation.status_rolled_up")
    assert rolled_up.count() == 2


def test_a_demonstration_period_keeps_the_recommendation_being_progressed(world, leeds):
    closure = propose(leeds, world.leads["LEE"])
    services.closure_approve(actor=world.approver, closure=closure, demonstration_months=3)
    assert status_of(leeds.action.recommendation) == RecommendationStatus.BEING_PROGRESSED


def test_no_further_action_set_by_hand_is_left_alone(world, action):
    recommendation = action.recommendation
    inspection_services.recommendation_status_set(
        actor=world.inspector,
        recommendation=recommendation,
        status=RecommendationStatus.NO_FURTHER_ACTION,
        note="Superseded",
    )
    assignments = services.assignments_create_for_districts(actor=world.coordinator, action=action)
    add_update(assignments[0], world.leads[assignments[0].unit.code])
    assert status_of(recommendation) == RecommendationStatus.NO_FURTHER_ACTION
    assert not AuditEvent.objects.filter(
        event="inspections.recommendation.status_rolled_up"
    ).exists()


def test_every_action_on_a_recommendation_counts_towards_its_status(world, plan, action, leeds):
    # A second action on the same recommendation, still open, holds the status back.
    other = ActionFactory(plan=plan, recommendation=action.recommendation)
    services.assignment_create(actor=world.coordinator, action=other, unit=world.unit("BRA"))
    services.closure_approve(actor=world.approver, closure=propose(leeds, world.leads["LEE"]))
    assert status_of(action.recommendation) == RecommendationStatus.BEING_PROGRESSED
    assert Assignment.objects.filter(action__recommendation=action.recommendation).count() == 2


def test_moving_the_publication_date_moves_the_due_dates_that_follow_it(world, plan):
    inspection = plan.inspection
    recommendation = inspection_services.recommendation_add(
        actor=world.coordinator,
        inspection=inspection,
        ref="9",
        area="MISPERs",
        text="Within three months the force should ...",
        deadline=DeadlineRule("within", 3, "months"),
    )
    following = services.action_create(
        actor=world.coordinator, plan=plan, recommendation=recommendation, title="Follows"
    )
    by_hand = services.action_create(
        actor=world.coordinator,
        plan=plan,
        recommendation=recommendation,
        title="Set by hand",
        due_on=D(2015, 3, 1),
    )
    leeds = services.assignment_create(
        actor=world.coordinator, action=following, unit=world.unit("LEE")
    )
    kept = services.assignment_create(
        actor=world.coordinator, action=following, unit=world.unit("BRA"), due_on=D(2015, 2, 1)
    )
    inspection_services.inspection_update(
        actor=world.coordinator, inspection=inspection, published_on=D(2015, 6, 1)
    )
    for obj in (recommendation, following, by_hand, leeds, kept):
        obj.refresh_from_db()
    assert recommendation.due_on == D(2015, 9, 1)
    assert following.due_on == D(2015, 9, 1)
    assert leeds.due_on == D(2015, 9, 1)
    assert by_hand.due_on == D(2015, 3, 1)
    assert kept.due_on == D(2015, 2, 1)
    event = AuditEvent.objects.filter(event="inspections.inspection.updated").latest("id")
    assert event.changes["action_due_dates_moved"] == [None, 1]
    assert event.changes["assignment_due_dates_moved"] == [None, 1]


def test_an_action_due_before_publication_is_known_gets_its_date_when_it_is(world):
    plan = ActionPlanFactory(inspection=InspectionFactory(force=world.force, published_on=None))
    recommendation = inspection_services.recommendation_add(
        actor=world.coordinator,
        inspection=plan.inspection,
        ref="1",
        area="MISPERs",
        text="Immediately review ...",
        deadline=DeadlineRule("immediately"),
    )
    action = services.action_create(
        actor=world.coordinator, plan=plan, recommendation=recommendation, title="Review"
    )
    assignment = services.assignment_create(
        actor=world.coordinator, action=action, unit=world.unit("LEE")
    )
    assert assignment.due_on is None
    inspection_services.inspection_update(
        actor=world.coordinator, inspection=plan.inspection, published_on=D(2015, 1, 13)
    )
    assignment.refresh_from_db()
    assert assignment.due_on == D(2015, 1, 13)


def test_a_complete_assignment_takes_no_more_evidence(world, leeds):
    note = services.evidence_add(
        actor=world.coordinator, assignment=leeds, kind="note", title="Log", note="Done."
    )
    leeds.closure_state = "complete"
    leeds.save()
    with pytest.raises(ValidationError, match="complete"):
        services.evidence_add(
            actor=world.coordinator, assignment=leeds, kind="note", title="More", note="More."
        )
    with pytest.raises(ValidationError, match="complete"):
        services.evidence_version_add(actor=world.coordinator, evidence=note, note="Changed.")


def test_refreshing_statuses_completes_a_recommendation_once_its_demonstration_ends(world, leeds):
    from django.core.management import call_command

    note = services.evidence_add(
        actor=world.coordinator, assignment=leeds, kind="note", title="Log", note="Done."
    )
    closure = services.closure_propose(
        actor=world.leads["LEE"], assignment=leeds, summary="Done", evidence=[note]
    )
    services.closure_approve(actor=world.approver, closure=closure, demonstration_months=3)
    recommendation = leeds.action.recommendation
    recommendation.refresh_from_db()
    assert recommendation.status == RecommendationStatus.BEING_PROGRESSED
    Assignment.objects.filter(pk=leeds.pk).update(completed_on=D(2015, 1, 1))  # time passes
    out = io.StringIO()
    call_command("refresh_statuses", stdout=out)
    recommendation.refresh_from_db()
    assert recommendation.status == RecommendationStatus.COMPLETE
    assert out.getvalue().strip() == "1 recommendation status changed."
    assert AuditEvent.objects.filter(event="plans.statuses.refreshed").count() == 1


def _latest_by_query(assignment):
    latest = assignment.updates.order_by("-created_at", "-sequence").first()
    return latest.rag if latest else None


def _kept_entry_is_the_latest(assignment) -> bool:
    """The entry ``latest_sequence`` names (the export joins by it) is the latest by query."""
    kept = Assignment.objects.get(pk=assignment.pk)
    latest = assignment.updates.order_by("-created_at", "-sequence").first()
    return kept.latest_sequence == (latest.sequence if latest else None)


def test_the_assignment_keeps_its_latest_updates_rag_even_when_an_entry_is_backdated(world, leeds):
    """Pages count standings from ``latest_rag``: it must say what the newest entry says."""
    fresh = Assignment.objects.get(pk=leeds.pk)
    assert (fresh.latest_rag, fresh.latest_update_at, fresh.latest_sequence) == (None, None, None)
    add_update(leeds, world.leads["LEE"], rag=Rag.AMBER)
    assert Assignment.objects.get(pk=leeds.pk).latest_rag == "amber"
    assert _kept_entry_is_the_latest(leeds)
    # An entry dated before the amber one is history, not the latest.
    add_update(
        leeds, SYSTEM, rag=Rag.RED, created_at=datetime.datetime(2015, 3, 2, tzinfo=datetime.UTC)
    )
    assert Assignment.objects.get(pk=leeds.pk).latest_rag == "amber" == _latest_by_query(leeds)
    assert Assignment.objects.get(pk=leeds.pk).latest_sequence == 1
    assert _kept_entry_is_the_latest(leeds)
    latest = leeds.updates.order_by("-created_at", "-sequence").first()
    services.update_correct(
        actor=world.leads["LEE"],
        update=latest,
        reason="It was red.",
        narrative="Training delayed.",
        rag=Rag.RED,
        percent_complete=30,
    )
    kept = Assignment.objects.get(pk=leeds.pk)
    assert kept.latest_rag == "red" == _latest_by_query(leeds)
    assert kept.latest_sequence == 3
    assert _kept_entry_is_the_latest(leeds)
    assert kept.latest_update_at == max(u.created_at for u in leeds.updates.all())


def test_every_write_that_moves_a_standing_keeps_the_national_tally(world, plan):
    """Assigning, moving an action's due date, moving the action to another recommendation and
    a not-adopted update each leave the recommendations' tallies as worked out afresh; moving the
    publication date needs no change there (the tally keeps no inherited date), and the states
    from the tallies are the states from the assignments on either side of the new due date."""
    from assure.plans import national_sql
    from assure.plans.models import RecommendationTally

    def kept():
        return sorted(RecommendationTally.objects.values_list())

    def assert_fresh():
        before = kept()
        national_sql.refresh_all_tallies()
        assert kept() == before

    inspection = plan.inspection
    first, second = (
        inspection_services.recommendation_add(
            actor=world.coordinator,
            inspection=inspection,
            ref=ref,
            area="MISPERs",
            text="Within three months the force should ...",
            deadline=DeadlineRule("within", 3, "months"),
        )
        for ref in ("8", "9")
    )
    action = services.action_create(
        actor=world.coordinator, plan=plan, recommendation=first, title="Train staff"
    )
    leeds = services.assignment_create(
        actor=world.coordinator, action=action, unit=world.unit("LEE")
    )
    services.assignment_create(actor=world.coordinator, action=action, unit=world.unit("BRA"))
    assert_fresh()
    assert RecommendationTally.objects.get(recommendation=first).live_inheriting == 2

    def update_action(**fields):
        values = {
            "recommendation": action.recommendation,
            "title": action.title,
            "description": action.description,
            "success_measure": action.success_measure,
            "lead": None,
            "partners": [],
            "due_on": D(2015, 3, 1),
        }
        values.update(fields)
        services.action_update(actor=world.coordinator, action=action, **values)

    update_action()
    assert_fresh()
    assert RecommendationTally.objects.get(recommendation=first).live_due_from == D(2015, 3, 1)
    update_action(recommendation=second)
    assert_fresh()
    assert not RecommendationTally.objects.filter(recommendation=first).exists()
    update_action(recommendation=second, due_on=None)
    add_update(leeds, world.leads["LEE"], rag=Rag.GREY, not_adopted_reason="Regional process.")
    assert_fresh()
    assert RecommendationTally.objects.get(recommendation=second).live_inheriting == 1

    inspection_services.inspection_update(
        actor=world.coordinator, inspection=inspection, published_on=D(2015, 6, 1)
    )
    assert_fresh()
    recommendations = Recommendation.objects.filter(pk__in=[first.pk, second.pk])
    for day in (D(2015, 8, 31), D(2015, 9, 2)):
        tallied = national_sql.fetch(*national_sql.tally_states(recommendations, day))
        full = national_sql.fetch(*national_sql.states(recommendations, day))
        assert sorted(r[:5] for r in tallied) == sorted(r[:5] for r in full)
    states = {
        r[0]: r[4]
        for r in national_sql.fetch(*national_sql.tally_states(recommendations, D(2015, 9, 2)))
    }
    assert states[second.pk] == "overdue"
