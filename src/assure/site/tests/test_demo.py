"""The demo as a person meets it: the seed inspection, its plan in delivery, and a 2015 history in
which the districts differ."""

import datetime
import hashlib

import pytest
from django.core.exceptions import PermissionDenied

from assure.core.models import AuditEvent
from assure.inspections.demo import SEED
from assure.inspections.models import FindingKind, Inspection
from assure.plans import selectors
from assure.plans.models import (
    Action,
    ActionPlan,
    Assignment,
    Closure,
    ClosureDecision,
    EvidenceKind,
    PlanStatus,
    Rag,
    Update,
)
from assure.plans.services import closure_propose, evidence_add

DISTRICTS = {"BRA", "CAL", "KIR", "LEE", "WAK"}
END_OF_2015 = datetime.date(2015, 12, 31)


@pytest.fixture
def inspection(demo):
    return Inspection.objects.get(source_sha256=hashlib.sha256(SEED.read_bytes()).hexdigest())


@pytest.fixture
def plan(inspection):
    return inspection.action_plan


def test_the_inspection_is_the_seed_report_with_its_dates(inspection):
    assert inspection.force.slug == "west-yorkshire"
    assert (inspection.body, inspection.programme) == (
        "HMIC",
        "National child protection inspection",
    )
    assert inspection.fieldwork_start == datetime.date(2014, 8, 1)
    assert inspection.fieldwork_end == datetime.date(2014, 8, 31)
    assert inspection.published_on == datetime.date(2015, 1, 13)
    assert "west-yorkshire-police-inspected-on-child-protection" in inspection.report_url


def test_the_five_findings_are_classed(inspection):
    kinds = [f.kind for f in inspection.findings.order_by("position")]
    assert kinds == [
        FindingKind.CONCERN,
        FindingKind.STRENGTH,  # action plans in place; chief officers committed
        FindingKind.CONCERN,
        FindingKind.CAUSE_OF_CONCERN,  # the standard of CSE investigations
        FindingKind.CONCERN,
    ]


def test_the_eight_recommendations_have_areas_and_due_dates(inspection):
    immediately, three_months = datetime.date(2015, 1, 13), datetime.date(2015, 4, 13)
    got = [
        (r.area, r.deadline_inherited, r.due_on)
        for r in inspection.recommendations.order_by("position")
    ]
    assert got == [
        ("Initial contact", False, immediately),
        ("Initial contact", True, immediately),
        ("MISPERs", False, three_months),
        ("Investigations", False, three_months),
        ("Investigations", True, three_months),
        ("Investigations", True, three_months),
        ("Decision making", False, three_months),
        ("Children in detention", False, three_months),
    ]


def test_the_plan_went_through_quality_assurance_and_is_in_delivery(plan, demo_users):
    assert plan.status == PlanStatus.IN_DELIVERY
    history = list(plan.status_changes.values_list("status", "changed_by"))
    assert [s for s, _ in history] == ["draft", "in_qa", "approved", "submitted", "in_delivery"]
    assert dict(history)["approved"] == demo_users["inspector"].pk


def test_every_recommendation_has_measurable_actions_with_leads(plan, inspection):
    actions = list(plan.actions.select_related("recommendation", "lead"))
    assert 12 <= len(actions) <= 16
    assert {a.recommendation_id for a in actions} == set(
        inspection.recommendations.values_list("id", flat=True)
    )
    assert all(a.success_measure and a.lead and a.due_on for a in actions)
    # some actions run past their recommendation's date, which the pages flag
    assert any(a.due_on > a.recommendation.due_on for a in actions)
    review = plan.actions.get(title__startswith="Review statutory safeguarding duties")
    assert review.partners.count() == 5


def test_every_district_delivers_and_specialist_and_partner_units_too(plan):
    units = Assignment.objects.filter(action__plan=plan)
    codes = set(units.values_list("unit__code", flat=True))
    assert DISTRICTS | {"SCGU", "HTCU", "CS"} <= codes
    leeds_cs = units.get(unit__code="CS", action__title__contains="front door")
    assert leeds_cs.unit.organisation.slug == "leeds-childrens-services"
    htcu = units.get(unit__code="HTCU")
    assert "High Tech Crime Unit" in htcu.action.title


def test_districts_differ_on_the_same_action(plan):
    action = plan.actions.get(title__startswith="Supervise every child abuse investigation")
    rows = selectors.assignment_rows(action.assignments.all(), as_of=END_OF_2015)
    standing = {r.assignment.unit.code: r.standing.label for r in rows}
    assert standing["BRA"] == "Complete"
    assert standing["LEE"] == "Overdue"
    assert standing["KIR"] == "Overdue"


def test_the_matrix_shows_district_columns_that_do_not_agree(plan):
    matrix = selectors.plan_matrix(plan)
    codes = [u.code for u in matrix.units]
    assert codes[:5] == ["BRA", "CAL", "KIR", "LEE", "WAK"]
    investigations = next(line for line in matrix.lines if line.recommendation.ref == "3.3")
    bradford, leeds = investigations.cells[0].standing, investigations.cells[3].standing
    assert bradford.label == "Complete"
    assert leeds.rag == "red"


def test_the_history_is_dated_2015_and_moves(plan):
    updates = Update.objects.filter(assignment__action__plan=plan)
    assert updates.count() > 80
    assert {u.created_at.year for u in updates} == {2015}
    htcu = list(updates.filter(assignment__unit__code="HTCU").order_by("sequence"))
    assert htcu[0].rag == Rag.RED
    assert htcu[-1].rag == Rag.AMBER
    assert [u.percent_complete for u in htcu] == sorted(u.percent_complete for u in htcu)
    grey = updates.get(rag=Rag.GREY)
    assert grey.assignment.unit.code == "CAL"
    assert grey.not_adopted_reason


def test_closures_approved_returned_and_pending(plan, demo_users):
    closures = Closure.objects.filter(assignment__action__plan=plan)
    approved = closures.filter(decision=ClosureDecision.APPROVED)
    assert approved.count() >= 5
    demonstrated = approved.get(demonstration_months=3)
    assignment = demonstrated.assignment
    assert assignment.closure_approved_on == datetime.date(2015, 6, 19)
    assert assignment.demonstration_until == datetime.date(2015, 9, 19)
    assert assignment.completed_on == assignment.demonstration_until

    returned = closures.get(decision=ClosureDecision.RETURNED)
    assert "low-risk" in returned.comment
    later = returned.assignment.updates.filter(created_at__gt=returned.decided_at)
    assert later.count() >= 2

    pending = closures.get(decision=ClosureDecision.PENDING)
    assert pending.assignment_id == returned.assignment_id  # resubmitted after the return
    assert [c.pk for c in selectors.approvals_for(demo_users["approver"])] == [pending.pk]


def test_evidence_includes_files_links_and_notes(plan):
    evidence = Assignment.objects.filter(action__plan=plan).values_list("evidence__kind", flat=True)
    assert {EvidenceKind.FILE, EvidenceKind.LINK, EvidenceKind.NOTE} <= set(evidence)
    csv = (
        Assignment.objects.get(unit__code="HTCU")
        .evidence.get(kind=EvidenceKind.FILE)
        .versions.get()
    )
    assert csv.filename == "htcu-backlog-2015.csv"
    assert csv.created_at.date() == datetime.date(2015, 12, 11)
    assert csv.sha256 == hashlib.sha256(csv.file.read()).hexdigest()


def test_only_a_system_actor_may_backdate_closures_and_evidence(plan, demo_users):
    assignment = Assignment.objects.get(
        action__plan=plan, unit__code="KIR", action__title__startswith="Review statutory"
    )
    lead = demo_users["lead.kirklees"]
    when = datetime.datetime(2015, 6, 1, tzinfo=datetime.UTC)
    with pytest.raises(PermissionDenied):
        evidence_add(
            actor=lead, assignment=assignment, kind=EvidenceKind.NOTE, title="x", note="y", at=when
        )
    note = evidence_add(
        actor=lead, assignment=assignment, kind=EvidenceKind.NOTE, title="Audit", note="20 cases"
    )
    with pytest.raises(PermissionDenied):
        closure_propose(actor=lead, assignment=assignment, summary="Done", evidence=[note], at=when)


def test_loading_again_writes_nothing(demo, demo_loader):
    before = (AuditEvent.objects.count(), Update.objects.count(), ActionPlan.objects.count())
    again = demo_loader()
    assert again.made == []
    assert (
        AuditEvent.objects.count(),
        Update.objects.count(),
        ActionPlan.objects.count(),
    ) == before
    assert Action.objects.filter(plan__inspection__force__slug="west-yorkshire").exists()
