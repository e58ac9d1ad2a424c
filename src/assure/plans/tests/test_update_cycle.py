"""The update cycle: a coordinator sets it per plan; each run asks every open assignment in scope
for an update, due back some days later; the next update answers it; unanswered past that day it
is overdue, and the plan page and "My work" say so."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from assure.accounts.models import Role
from assure.accounts.tests.factories import person_with_role
from assure.core.audit import SystemActor
from assure.core.models import AuditEvent
from assure.plans import selectors, services
from assure.plans.models import ClosureState, PlanStatus, Rag, UpdateRequest
from assure.plans.tests.factories import plan_with_assignments

pytestmark = pytest.mark.django_db
D = datetime.date
SYSTEM = SystemActor("test")


@pytest.fixture
def today(settings):
    settings.ASSURE_TODAY = D(2015, 3, 2)
    return settings.ASSURE_TODAY


@pytest.fixture
def data(today):
    # Published 31 January 2015, due within 3 months: every assignment is due 30 April 2015.
    return plan_with_assignments(n_recommendations=2, n_districts=3, n_updates=1)


@pytest.fixture
def coordinator(data):
    return person_with_role(Role.COORDINATOR, organisation=data.force)


def set_cycle(coordinator, data, **changes):
    values = {"day_of_month": 1, "horizon_days": 60, "response_days": 5, **changes}
    return services.update_cycle_set(actor=coordinator, plan=data.plan, **values)


def test_a_cycle_asks_every_open_assignment_in_scope_once(data, coordinator, today):
    set_cycle(coordinator, data)
    done = data.assignments[0]
    done.closure_state = ClosureState.COMPLETE
    done.save()
    made = services.update_requests_issue(actor=coordinator, plan=data.plan)
    assert len(made) == len(data.assignments) - 1
    assert {r.due_back_on for r in made} == {D(2015, 3, 7)}
    # Asked again before they answer: nobody is asked twice.
    assert services.update_requests_issue(actor=coordinator, plan=data.plan) == []
    event = AuditEvent.objects.filter(event="plans.update_requests.issued").order_by("pk").first()
    assert event.changes["requests"] == [None, 5]


def test_the_horizon_leaves_out_work_due_later(data, coordinator):
    set_cycle(coordinator, data, horizon_days=45)  # due 30 April: 59 days ahead
    assert services.update_requests_issue(actor=coordinator, plan=data.plan) == []


def test_the_next_update_answers_the_request(data, coordinator, today):
    set_cycle(coordinator, data)
    services.update_requests_issue(actor=coordinator, plan=data.plan)
    assignment = data.assignments[0]
    lead = person_with_role(Role.UNIT_LEAD, organisation=data.force, unit=assignment.unit)
    update = services.update_add(
        actor=lead, assignment=assignment, narrative="Done", rag=Rag.GREEN, percent_complete=50
    )
    request = UpdateRequest.objects.get(assignment=assignment)
    assert request.answered_by == update
    counts = selectors.update_request_counts(data.plan)
    assert (counts.open, counts.answered, counts.overdue) == (len(data.assignments) - 1, 1, 0)
    # A new round asks it again.
    assert len(services.update_requests_issue(actor=coordinator, plan=data.plan)) == 1


def test_an_unanswered_request_past_due_is_overdue(data, coordinator, settings):
    set_cycle(coordinator, data)
    services.update_requests_issue(actor=coordinator, plan=data.plan)
    settings.ASSURE_TODAY = D(2015, 3, 8)
    counts = selectors.update_request_counts(data.plan)
    assert counts.overdue == len(data.assignments)
    assert sum(counts.overdue_by_unit.values()) == counts.overdue
    # As at the day they were sent, none was overdue yet.
    assert selectors.update_request_counts(data.plan, as_of=D(2015, 3, 2)).overdue == 0
    assert selectors.update_request_counts(data.plan, as_of=D(2015, 3, 1)).open == 0


def test_only_a_coordinator_sets_or_starts_a_cycle(data, coordinator):
    lead = person_with_role(Role.UNIT_LEAD, organisation=data.force, unit=data.assignments[0].unit)
    with pytest.raises(PermissionDenied):
        set_cycle(lead, data)
    set_cycle(coordinator, data)
    with pytest.raises(PermissionDenied):
        services.update_requests_issue(actor=lead, plan=data.plan)


def test_cycle_values_are_bounded(data, coordinator):
    with pytest.raises(ValidationError):
        set_cycle(coordinator, data, day_of_month=31)
    with pytest.raises(ValidationError):
        set_cycle(coordinator, data, response_days=0)
    with pytest.raises(ValidationError):
        services.update_requests_issue(actor=coordinator, plan=data.plan)  # no cycle yet


def test_the_daily_run_runs_each_cycle_once_a_month(data, coordinator):
    set_cycle(coordinator, data, day_of_month=3)
    assert services.update_cycles_run(actor=SYSTEM, today=D(2015, 3, 2)) == 0
    assert services.update_cycles_run(actor=SYSTEM, today=D(2015, 3, 3)) == len(data.assignments)
    assert services.update_cycles_run(actor=SYSTEM, today=D(2015, 3, 4)) == 0  # ran this month
    data.plan.status = PlanStatus.CLOSED
    data.plan.save()
    assert services.update_cycles_run(actor=SYSTEM, today=D(2015, 4, 3)) == 0
    with pytest.raises(PermissionDenied):
        services.update_cycles_run(actor=coordinator)


def test_my_work_and_the_plan_page_show_requests(client, data, coordinator, settings):
    set_cycle(coordinator, data)
    services.update_requests_issue(actor=coordinator, plan=data.plan)
    lead = person_with_role(Role.UNIT_LEAD, organisation=data.force, unit=data.assignments[0].unit)
    client.force_login(lead)
    page = client.get(reverse("plans:my_work")).content.decode()
    assert "Update requested — due back 7 March 2015" in page
    settings.ASSURE_TODAY = D(2015, 3, 9)
    client.force_login(coordinator)
    page = client.get(reverse("plans:plan", kwargs={"pk": data.plan.pk})).content.decode()
    assert f"{len(data.assignments)} overdue" in page


def test_the_cycle_page_sets_and_starts_a_cycle(client, data, coordinator):
    client.force_login(coordinator)
    url = reverse("plans:update_cycle", kwargs={"pk": data.plan.pk})
    assert client.get(url).status_code == 200
    bad = client.post(url, {"day_of_month": "40", "horizon_days": "45", "response_days": "5"})
    assert bad.status_code == 400
    response = client.post(
        url, {"day_of_month": "1", "horizon_days": "60", "response_days": "5", "active": "on"}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("plans:update_cycle_run", kwargs={"pk": data.plan.pk}), follow=True
    )
    assert "6 update requests sent, due back 7 March 2015" in response.content.decode()


def test_my_work_and_the_plan_page_cost_the_same_with_ten_times_the_requests(client, today):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for n in (2, 20):
        data = plan_with_assignments(n_recommendations=n, n_districts=2, n_updates=1)
        coordinator = person_with_role(Role.COORDINATOR, organisation=data.force)
        set_cycle(coordinator, data)
        services.update_requests_issue(actor=coordinator, plan=data.plan)
        lead = person_with_role(
            Role.UNIT_LEAD, organisation=data.force, unit=data.force_units.districts[0]
        )
        measured = []
        for person, url in (
            (lead, reverse("plans:my_work")),
            (coordinator, reverse("plans:plan", kwargs={"pk": data.plan.pk})),
        ):
            client.force_login(person)
            client.get(url)
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            measured.append(len(captured))
        counts.append(measured)
    assert counts[0] == counts[1]
