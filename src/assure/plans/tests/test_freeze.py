"""A closed plan is frozen; closing and approving ask first and say what they will do; a
coordinator reopens with a reason; a stale decision is told who decided (issue 8 items 1, 2, 16)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assure.core.models import AuditEvent
from assure.inspections.tests.factories import InspectionFactory
from assure.plans import events, services
from assure.plans.already import AlreadyDone, PlanClosed
from assure.plans.models import (
    ActionPlan,
    Assignment,
    Closure,
    ClosureDecision,
    ClosureState,
    PlanStatus,
)
from assure.plans.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    AssignmentFactory,
    ClosureFactory,
    EvidenceFactory,
    force_world,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    world = force_world(names=("Leeds",))
    plan = ActionPlanFactory(
        inspection=InspectionFactory(force=world.force), status=PlanStatus.IN_DELIVERY
    )
    action = ActionFactory(plan=plan)
    leeds = AssignmentFactory(action=action, unit=world.unit("LEE"))
    return world, plan, action, leeds


def close(world, plan):
    return services.action_plan_transition(actor=world.coordinator, plan=plan, to="closed")


# Item 2: frozen -------------------------------------------------------------------------------


def test_a_closed_plan_refuses_updates_evidence_actions_assignments_and_closures(scene):
    world, plan, action, leeds = scene
    evidence = EvidenceFactory(assignment=leeds)
    pending = ClosureFactory(assignment=AssignmentFactory(action=action, unit=world.unit("SCGU")))
    close(world, plan)
    lead, coordinator = world.leads["LEE"], world.coordinator
    writes = [
        lambda: services.update_add(
            actor=lead, assignment=leeds, narrative="More.", rag="green", percent_complete=50
        ),
        lambda: services.evidence_add(
            actor=lead, assignment=leeds, kind="note", title="Minutes", note="Agreed."
        ),
        lambda: services.evidence_version_add(actor=lead, evidence=evidence, note="v2"),
        lambda: services.action_create(
            actor=coordinator, plan=plan, recommendation=action.recommendation, title="New"
        ),
        lambda: services.assignment_create(
            actor=coordinator, action=action, unit=world.unit("HTCU")
        ),
        lambda: services.assignments_create_for_districts(actor=coordinator, action=action),
        lambda: services.closure_propose(
            actor=lead, assignment=leeds, summary="Done.", evidence=[evidence]
        ),
        lambda: services.closure_approve(actor=world.approver, closure=pending),
        lambda: services.closure_return(actor=world.approver, closure=pending, comment="No."),
    ]
    before = AuditEvent.objects.count()
    for write in writes:
        with pytest.raises(PlanClosed, match="closed"):
            write()
    assert AuditEvent.objects.count() == before


def test_the_pages_of_a_closed_plan_hide_their_forms_and_say_why(client, scene):
    world, plan, action, leeds = scene
    close(world, plan)
    client.force_login(world.leads["LEE"])
    page = client.get(reverse("plans:assignment", kwargs={"pk": leeds.pk})).content.decode()
    assert "This action plan is closed" in page
    assert reverse("plans:update_add", kwargs={"pk": leeds.pk}) not in page
    assert reverse("plans:evidence_add", kwargs={"pk": leeds.pk}) not in page
    client.force_login(world.coordinator)
    page = client.get(reverse("plans:plan", kwargs={"pk": plan.pk})).content.decode()
    assert reverse("plans:action_create", kwargs={"pk": plan.pk}) not in page
    assert reverse("plans:plan_reopen", kwargs={"pk": plan.pk}) in page
    page = client.get(reverse("plans:action", kwargs={"pk": action.pk})).content.decode()
    assert reverse("plans:action_assign", kwargs={"pk": action.pk}) not in page


def test_posting_to_a_closed_plan_says_why_and_writes_nothing(client, scene):
    world, plan, _, leeds = scene
    close(world, plan)
    client.force_login(world.leads["LEE"])
    before = AuditEvent.objects.count()
    response = client.post(
        reverse("plans:update_add", kwargs={"pk": leeds.pk}),
        {"narrative": "More", "rag": "green", "percent_complete": "50"},
        follow=True,
    )
    assert response.status_code == 200
    assert "This action plan is closed, so it takes no more changes" in response.content.decode()
    assert AuditEvent.objects.count() == before


def test_closing_asks_first_and_says_what_it_will_do(client, scene):
    world, plan, _, _ = scene
    client.force_login(world.coordinator)
    url = reverse("plans:plan_transition", kwargs={"pk": plan.pk})
    response = client.post(url, {"to": "closed", "seen": "in_delivery"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Are you sure you want to close this action plan?" in page
    assert "govuk-warning-text" in page
    assert "1 assignment is not complete" in page
    assert ActionPlan.objects.get(pk=plan.pk).status == PlanStatus.IN_DELIVERY
    client.post(url, {"to": "closed", "seen": "in_delivery", "confirmed": "True"})
    assert ActionPlan.objects.get(pk=plan.pk).status == PlanStatus.CLOSED


def test_a_coordinator_reopens_a_closed_plan_with_a_reason_and_it_is_audited(client, scene):
    world, plan, _, leeds = scene
    close(world, plan)
    with pytest.raises(ValidationError, match="Say why"):
        services.action_plan_reopen(actor=world.coordinator, plan=plan, reason=" ")
    client.force_login(world.coordinator)
    url = reverse("plans:plan_reopen", kwargs={"pk": plan.pk})
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": ""}).status_code == 400
    response = client.post(url, {"reason": "Leeds audit found gaps"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.IN_DELIVERY
    event = AuditEvent.objects.get(event=events.PLAN_REOPENED)
    assert event.changes["reason"] == [None, "Leeds audit found gaps"]
    assert plan.status_changes.order_by("-changed_at", "-pk").first().note.endswith("gaps")
    # Open again: work goes on.
    services.update_add(
        actor=world.leads["LEE"], assignment=leeds, narrative="x", rag="red", percent_complete=1
    )


def test_only_a_coordinator_reopens(client, scene):
    world, plan, _, _ = scene
    close(world, plan)
    client.force_login(world.leads["LEE"])
    assert client.get(reverse("plans:plan_reopen", kwargs={"pk": plan.pk})).status_code == 404


def test_approving_a_closure_asks_first_and_says_it_cannot_be_undone(client, scene):
    world, _, _, leeds = scene
    closure = ClosureFactory(assignment=leeds)
    client.force_login(world.approver)
    url = reverse("plans:closure_decide", kwargs={"pk": closure.pk})
    response = client.post(url, {"decision": "approved", "comment": "Good"})
    page = response.content.decode()
    assert "Are you sure you want to approve this closure?" in page
    assert "cannot be undone" in page
    assert Closure.objects.get(pk=closure.pk).decision == ClosureDecision.PENDING
    client.post(url, {"decision": "approved", "comment": "Good", "confirmed": "1"})
    assert Closure.objects.get(pk=closure.pk).decision == ClosureDecision.APPROVED
    assert Assignment.objects.get(pk=leeds.pk).closure_state == ClosureState.COMPLETE


# Item 1: the second person, one at a time -----------------------------------------------------


def test_deciding_a_closure_someone_has_just_decided_is_refused_with_who_and_when(scene):
    world, _, _, leeds = scene
    read_by_first = ClosureFactory(assignment=leeds)
    read_by_second = Closure.objects.get(pk=read_by_first.pk)  # both opened the page
    services.closure_approve(actor=world.approver, closure=read_by_first)
    with pytest.raises(AlreadyDone, match=f"already approved by {world.approver} on "):
        services.closure_return(actor=world.approver, closure=read_by_second, comment="No")
    assert Assignment.objects.get(pk=leeds.pk).closure_state == ClosureState.COMPLETE


def test_a_double_submitted_proposal_is_refused_not_a_500(scene):
    world, _, _, leeds = scene
    evidence = EvidenceFactory(assignment=leeds)
    stale = Assignment.objects.get(pk=leeds.pk)
    lead = world.leads["LEE"]
    services.closure_propose(actor=lead, assignment=leeds, summary="Done", evidence=[evidence])
    with pytest.raises(AlreadyDone, match="already proposed by"):
        services.closure_propose(actor=lead, assignment=stale, summary="Done", evidence=[evidence])


def test_the_second_approver_sees_who_decided_on_the_page(client, scene, monkeypatch):
    world, _, _, leeds = scene
    closure = ClosureFactory(assignment=leeds)
    client.force_login(world.approver)
    # The page was read while pending; the other decision lands as this one is sent.
    from assure.plans import views

    real = views._decide

    def decided_meanwhile(actor, closure, data):
        services.closure_return(actor=world.approver, closure=closure, comment="Not yet")
        return real(actor, closure, data)  # the copy read before the other decision

    monkeypatch.setattr(views, "_decide", decided_meanwhile)
    response = client.post(
        reverse("plans:closure_decide", kwargs={"pk": closure.pk}),
        {"decision": "returned", "comment": "Again"},
        follow=True,
    )
    assert response.status_code == 200
    assert f"already returned by {world.approver} on" in response.content.decode()
    assert Closure.objects.filter(assignment=leeds).count() == 1


def test_a_stale_plan_page_is_told_who_moved_the_plan(client, scene):
    world, plan, _, _ = scene
    client.force_login(world.coordinator)
    response = client.post(
        reverse("plans:plan_transition", kwargs={"pk": plan.pk}),
        {"to": "in_qa", "seen": "draft"},
        follow=True,
    )
    assert response.status_code == 200
    assert "already moved to in delivery" in response.content.decode()


# Item 16: partners ----------------------------------------------------------------------------


def test_a_named_partners_action_page_leads_back_somewhere_they_may_go(client, scene):
    world, plan, action, _ = scene
    action.partners.set([world.partner])
    client.force_login(world.partner_user)
    page = client.get(reverse("plans:action", kwargs={"pk": action.pk})).content.decode()
    assert reverse("plans:plan", kwargs={"pk": plan.pk}) not in page
    assert reverse("plans:my_work") in page
    assert client.get(reverse("plans:my_work")).status_code == 200


def test_the_partner_hint_says_what_naming_a_partner_does(client, scene):
    world, plan, _, _ = scene
    client.force_login(world.coordinator)
    page = client.get(reverse("plans:action_create", kwargs={"pk": plan.pk})).content.decode()
    assert "they will see and update it" not in page
    assert "assign it to one of their units" in page
