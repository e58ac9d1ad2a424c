"""Services for inspections and recommendations: due dates, permissions, status history, import."""

import datetime
import hashlib
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assure.accounts.models import OrganisationKind, Role
from assure.accounts.tests.factories import OrganisationFactory, UnitFactory, person_with_role
from assure.core.audit import SystemActor
from assure.core.models import AuditEvent
from assure.inspections import services
from assure.inspections.deadlines import DeadlineRule
from assure.inspections.extraction import ExtractedFinding, ExtractedRecommendation, Extraction
from assure.inspections.models import (
    Inspection,
    Recommendation,
    RecommendationStatus,
    RecommendationStatusChange,
)
from assure.inspections.tests.factories import InspectionFactory, RecommendationFactory

pytestmark = pytest.mark.django_db
SYSTEM = SystemActor("test")
D = datetime.date

IMMEDIATELY = DeadlineRule("immediately")
ONE_MONTH = DeadlineRule("within", 1, "months")
THREE_MONTHS = DeadlineRule("within", 3, "months")
SIX_WEEKS = DeadlineRule("within", 6, "weeks")
BY_31_MARCH = DeadlineRule("by_date", date=D(2015, 3, 31))
NO_DEADLINE = DeadlineRule("none")


def coordinator_of(force):
    return person_with_role(Role.COORDINATOR, organisation=force)


def inspector_covering(*forces):
    inspectorate = OrganisationFactory(kind=OrganisationKind.INSPECTORATE, forces=list(forces))
    return person_with_role(Role.INSPECTOR, organisation=inspectorate)


def add(inspection, deadline, ref="R1", actor=SYSTEM, **extra):
    return services.recommendation_add(
        actor=actor,
        inspection=inspection,
        ref=ref,
        area="MISPERs",
        text="The force should ...",
        deadline=deadline,
        **extra,
    )


def update(recommendation, deadline, actor=SYSTEM, **extra):
    fields = {
        "ref": recommendation.ref,
        "area": recommendation.area,
        "text": recommendation.text,
        "sub_points": recommendation.sub_points,
        "kind": recommendation.kind,
    }
    fields.update(extra)
    return services.recommendation_update(
        actor=actor, recommendation=recommendation, deadline=deadline, **fields
    )


def stored_due_on(recommendation):
    return Recommendation.objects.get(pk=recommendation.pk).due_on


# Due dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("deadline", "due_on"),
    [
        pytest.param(IMMEDIATELY, D(2015, 1, 31), id="immediately-is-publication-day"),
        pytest.param(ONE_MONTH, D(2015, 2, 28), id="one-month-clamped-to-february-end"),
        pytest.param(THREE_MONTHS, D(2015, 4, 30), id="three-months-clamped-to-april-end"),
        pytest.param(DeadlineRule("within", 12, "months"), D(2016, 1, 31), id="twelve-months"),
        pytest.param(SIX_WEEKS, D(2015, 3, 14), id="six-weeks-is-42-days"),
        pytest.param(BY_31_MARCH, D(2015, 3, 31), id="by-a-date"),
        pytest.param(NO_DEADLINE, None, id="no-deadline"),
    ],
)
def test_adding_a_recommendation_stores_the_due_date_its_deadline_gives(deadline, due_on):
    inspection = InspectionFactory(published_on=D(2015, 1, 31))
    recommendation = add(inspection, deadline)
    assert stored_due_on(recommendation) == due_on
    assert Recommendation.objects.get(pk=recommendation.pk).deadline == deadline


@pytest.mark.parametrize(
    ("deadline", "due_on"),
    [
        (IMMEDIATELY, None),
        (ONE_MONTH, None),
        (SIX_WEEKS, None),
        (NO_DEADLINE, None),
        (BY_31_MARCH, D(2015, 3, 31)),
    ],
)
def test_only_a_dated_deadline_resolves_before_the_report_is_published(deadline, due_on):
    inspection = InspectionFactory(published_on=None)
    assert stored_due_on(add(inspection, deadline)) == due_on


def test_an_inherited_deadline_is_kept_and_flagged_for_a_person_to_confirm():
    inspection = InspectionFactory(published_on=D(2015, 1, 31))
    recommendation = add(inspection, THREE_MONTHS.as_inherited())
    stored = Recommendation.objects.get(pk=recommendation.pk)
    assert stored.deadline_inherited is True
    assert stored.due_on == D(2015, 4, 30)
    assert stored.deadline.describe() == "within 3 months (inherited)"


def test_correcting_the_publication_date_moves_every_due_date_and_says_how_many_moved():
    inspection = InspectionFactory(published_on=D(2015, 1, 31))
    immediate = add(inspection, IMMEDIATELY, ref="R1")
    monthly = add(inspection, ONE_MONTH, ref="R2")
    weekly = add(inspection, SIX_WEEKS, ref="R3")
    dated = add(inspection, BY_31_MARCH, ref="R4")
    undated = add(inspection, NO_DEADLINE, ref="R5")

    services.inspection_update(actor=SYSTEM, inspection=inspection, published_on=D(2015, 2, 10))

    assert stored_due_on(immediate) == D(2015, 2, 10)
    assert stored_due_on(monthly) == D(2015, 3, 10)
    assert stored_due_on(weekly) == D(2015, 3, 24)
    assert stored_due_on(dated) == D(2015, 3, 31)
    assert stored_due_on(undated) is None
    event = AuditEvent.objects.get(event="inspections.inspection.updated")
    assert event.changes["published_on"] == ["2015-01-31", "2015-02-10"]
    assert event.changes["due_dates_recomputed"] == [None, 3]


def test_learning_the_publication_date_resolves_the_waiting_due_dates():
    inspection = InspectionFactory(published_on=None)
    immediate = add(inspection, IMMEDIATELY, ref="R1")
    quarterly = add(inspection, THREE_MONTHS, ref="R2")
    dated = add(inspection, BY_31_MARCH, ref="R3")
    assert stored_due_on(immediate) is None

    services.inspection_update(actor=SYSTEM, inspection=inspection, published_on=D(2014, 11, 30))

    assert stored_due_on(immediate) == D(2014, 11, 30)
    assert stored_due_on(quarterly) == D(2015, 2, 28)
    assert stored_due_on(dated) == D(2015, 3, 31)
    event = AuditEvent.objects.get(event="inspections.inspection.updated")
    assert event.changes["due_dates_recomputed"] == [None, 2]


def test_changing_other_details_leaves_due_dates_alone():
    inspection = InspectionFactory(published_on=D(2015, 1, 31))
    recommendation = add(inspection, ONE_MONTH)
    services.inspection_update(actor=SYSTEM, inspection=inspection, title="Renamed")
    assert stored_due_on(recommendation) == D(2015, 2, 28)
    event = AuditEvent.objects.get(event="inspections.inspection.updated")
    assert "due_dates_recomputed" not in event.changes


def test_a_new_deadline_on_a_recommendation_gives_a_new_due_date():
    inspection = InspectionFactory(published_on=D(2015, 1, 31))
    recommendation = add(inspection, ONE_MONTH)
    update(recommendation, SIX_WEEKS)
    assert stored_due_on(recommendation) == D(2015, 3, 14)
    update(recommendation, NO_DEADLINE)
    assert stored_due_on(recommendation) is None
    events = AuditEvent.objects.filter(event="inspections.recommendation.updated")
    assert [e.changes["due_on"] for e in events.order_by("occurred_at", "id")] == [
        ["2015-02-28", "2015-03-14"],
        ["2015-03-14", None],
    ]


def test_two_recommendations_of_one_inspection_cannot_share_a_reference():
    inspection = InspectionFactory()
    add(inspection, ONE_MONTH, ref="3.3")
    with pytest.raises(ValidationError) as error:
        add(inspection, ONE_MONTH, ref="3.3")
    assert "already has a recommendation 3.3" in str(error.value.message_dict["ref"])
    other = add(inspection, ONE_MONTH, ref="3.4")
    with pytest.raises(ValidationError):
        update(other, ONE_MONTH, ref="3.3")
    assert sorted(inspection.recommendations.values_list("ref", flat=True)) == ["3.3", "3.4"]
    # The same reference in another inspection is fine.
    add(InspectionFactory(), ONE_MONTH, ref="3.3")


# Who may write ---------------------------------------------------------------------------------


def people_who_may_not_manage(force):
    other_force = OrganisationFactory(kind=OrganisationKind.FORCE)
    return {
        "coordinator of another force": coordinator_of(other_force),
        "unit lead": person_with_role(Role.UNIT_LEAD, unit=UnitFactory(organisation=force)),
        "approver": person_with_role(Role.APPROVER, organisation=force),
        "board member": person_with_role(Role.BOARD_MEMBER, organisation=force),
        "inspector": inspector_covering(force),
    }


def test_only_the_forces_coordinator_or_the_system_creates_and_changes_recommendations():
    inspection = InspectionFactory()
    force = inspection.force
    add(inspection, ONE_MONTH, ref="R1", actor=SYSTEM)
    mine = add(inspection, ONE_MONTH, ref="R2", actor=coordinator_of(force))
    update(mine, SIX_WEEKS, actor=coordinator_of(force))
    for who, person in people_who_may_not_manage(force).items():
        with pytest.raises(PermissionDenied):
            add(inspection, ONE_MONTH, ref="R9", actor=person)
        with pytest.raises(PermissionDenied):
            update(mine, IMMEDIATELY, actor=person)
        with pytest.raises(PermissionDenied):
            services.inspection_update(actor=person, inspection=inspection, title="No")
        assert Recommendation.objects.get(pk=mine.pk).deadline == SIX_WEEKS, who
    assert inspection.recommendations.count() == 2


def test_only_the_forces_coordinator_creates_its_inspections():
    force = OrganisationFactory(kind=OrganisationKind.FORCE)
    inspection = services.inspection_create(
        actor=coordinator_of(force), force=force, title="Child protection", published_on=None
    )
    assert inspection.force == force
    for person in people_who_may_not_manage(force).values():
        with pytest.raises(PermissionDenied):
            services.inspection_create(actor=person, force=force, title="Not mine")
    assert Inspection.objects.filter(force=force).count() == 1


# Register status -------------------------------------------------------------------------------


def test_setting_the_register_status_keeps_a_dated_history_and_an_audit_event():
    recommendation = add(InspectionFactory(), ONE_MONTH)
    inspector = inspector_covering(recommendation.inspection.force)
    services.recommendation_status_set(
        actor=inspector,
        recommendation=recommendation,
        status=RecommendationStatus.NO_FURTHER_ACTION,
        note="Superseded by the national review",
    )
    assert Recommendation.objects.get(pk=recommendation.pk).status == "no_further_action"
    history = list(recommendation.status_changes.all())
    assert [c.status for c in history] == ["awaiting_review", "no_further_action"]
    latest = history[-1]
    assert latest.changed_by == inspector
    assert latest.note == "Superseded by the national review"
    assert latest.changed_at is not None
    event = AuditEvent.objects.get(event="inspections.recommendation.status_set")
    assert event.actor == inspector
    assert event.changes["status"] == ["awaiting_review", "no_further_action"]
    assert event.organisation == recommendation.inspection.force


def test_an_inspector_of_another_force_cannot_set_the_register_status():
    recommendation = add(InspectionFactory(), ONE_MONTH)
    stranger = inspector_covering(OrganisationFactory(kind=OrganisationKind.FORCE))
    with pytest.raises(PermissionDenied):
        services.recommendation_status_set(
            actor=stranger, recommendation=recommendation, status=RecommendationStatus.COMPLETE
        )
    assert Recommendation.objects.get(pk=recommendation.pk).status == "awaiting_review"
    assert recommendation.status_changes.count() == 1


def test_the_register_status_cannot_be_set_to_what_it_already_is():
    recommendation = add(InspectionFactory(), ONE_MONTH)
    coordinator = coordinator_of(recommendation.inspection.force)
    with pytest.raises(ValidationError, match="already awaiting review"):
        services.recommendation_status_set(
            actor=coordinator,
            recommendation=recommendation,
            status=RecommendationStatus.AWAITING_REVIEW,
        )
    assert recommendation.status_changes.count() == 1


# Import ----------------------------------------------------------------------------------------


def extraction(*refs):
    return Extraction(
        title="West Yorkshire Police: National child protection inspection",
        findings=(
            ExtractedFinding("Officers understand their responsibilities."),
            ExtractedFinding("Practice differs between districts."),
        ),
        recommendations=tuple(
            ExtractedRecommendation(
                ref=ref,
                area="MISPERs",
                text=f"The force should ... ({ref}).",
                sub_points=("first", "second"),
                deadline=deadline,
            )
            for ref, deadline in zip(refs, [IMMEDIATELY, THREE_MONTHS, BY_31_MARCH], strict=False)
        ),
    )


def test_importing_a_report_creates_everything_in_one_audited_step():
    force = OrganisationFactory(kind=OrganisationKind.FORCE)
    source = b"%PDF-1.4 the report"
    sha = hashlib.sha256(source).hexdigest()
    before = AuditEvent.objects.count()

    inspection = services.inspection_import(
        actor=coordinator_of(force),
        force=force,
        extraction=extraction("3.3", "3.4", "4.1"),
        published_on=D(2015, 1, 31),
        source_name="wyp-child-protection.pdf",
        source_sha256=sha,
    )

    assert inspection.title == "West Yorkshire Police: National child protection inspection"
    assert inspection.source_sha256 == sha
    assert inspection.findings.count() == 2
    recommendations = list(inspection.recommendations.order_by("position"))
    assert [(r.ref, r.due_on) for r in recommendations] == [
        ("3.3", D(2015, 1, 31)),
        ("3.4", D(2015, 4, 30)),
        ("4.1", D(2015, 3, 31)),
    ]
    assert recommendations[0].sub_points == ["first", "second"]
    assert RecommendationStatusChange.objects.filter(recommendation__inspection=inspection).count()
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.get(event="inspections.inspection.imported")
    assert event.changes["source_sha256"] == [None, sha]
    assert event.changes["recommendations"] == [None, 3]
    assert event.changes["findings"] == [None, 2]


def test_an_extraction_with_a_repeated_reference_is_refused_and_nothing_is_created():
    force = OrganisationFactory(kind=OrganisationKind.FORCE)
    with pytest.raises(ValidationError, match="same reference"):
        services.inspection_import(
            actor=SYSTEM,
            force=force,
            extraction=extraction("3.3", "3.3"),
            published_on=None,
            source_name="report.pdf",
            source_sha256="0" * 64,
        )
    assert not Inspection.objects.filter(force=force).exists()
    assert not AuditEvent.objects.filter(event="inspections.inspection.imported").exists()


def test_only_the_forces_coordinator_imports_its_reports():
    force = OrganisationFactory(kind=OrganisationKind.FORCE)
    with pytest.raises(PermissionDenied):
        services.inspection_import(
            actor=coordinator_of(OrganisationFactory(kind=OrganisationKind.FORCE)),
            force=force,
            extraction=extraction("1"),
            published_on=None,
            source_name="report.pdf",
            source_sha256="0" * 64,
        )
    assert not Inspection.objects.filter(force=force).exists()


def test_recommendation_factory_agrees_with_the_service():
    # The factory is used throughout the plans tests; its due date must be the service's.
    inspection = InspectionFactory(published_on=D(2015, 1, 31))
    made = RecommendationFactory(inspection=inspection, deadline=ONE_MONTH)
    served = add(inspection, ONE_MONTH, ref="S1")
    assert made.due_on == stored_due_on(served) == D(2015, 2, 28)


def test_the_same_report_in_another_file_format_is_not_imported_twice_silently():
    from assure.inspections.extraction import content_fingerprint, extract

    system = SystemActor("test")
    force = InspectionFactory().force
    text = (
        Path(services.__file__).parent / "seed" / "hmic-wyp-2014-child-protection.txt"
    ).read_text()
    as_text, as_pdf_text = extract(text), extract(text.replace("\n", "\n\n"))
    assert content_fingerprint(as_text) == content_fingerprint(as_pdf_text)
    first = services.inspection_import(
        actor=system,
        force=force,
        extraction=as_text,
        published_on=None,
        source_name="report.txt",
        source_sha256="a" * 64,
        content_sha256=content_fingerprint(as_text),
    )
    with pytest.raises(ValidationError, match=f"imported already on .* as inspection {first.pk}"):
        services.inspection_import(
            actor=system,
            force=force,
            extraction=as_pdf_text,
            published_on=None,
            source_name="report.pdf",
            source_sha256="b" * 64,
            content_sha256=content_fingerprint(as_pdf_text),
        )
    again = services.inspection_import(
        actor=system,
        force=force,
        extraction=as_pdf_text,
        published_on=None,
        source_name="report.pdf",
        source_sha256="b" * 64,
        content_sha256=content_fingerprint(as_pdf_text),
        again=True,
    )
    assert again.pk != first.pk
    assert AuditEvent.objects.filter(event="inspections.inspection.imported").count() == 2
