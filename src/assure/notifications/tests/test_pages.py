"""The notifications page, the header's count and the reminder choice; each page costs the same
number of queries over ten times the data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assure.accounts.models import Role
from assure.accounts.tests.factories import person_with_role
from assure.notifications.models import Preference
from assure.plans import services as plan_services
from assure.plans.tests.factories import ClosureFactory, plan_with_assignments

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def today(settings):
    settings.ASSURE_TODAY = D(2015, 5, 4)  # the factories' assignments are due 30 April 2015


def world(n: int):
    data = plan_with_assignments(n_recommendations=n, n_districts=2, n_updates=2)
    coordinator = person_with_role(Role.COORDINATOR, organisation=data.force)
    plan_services.update_cycle_set(
        actor=coordinator, plan=data.plan, day_of_month=1, horizon_days=60, response_days=7
    )
    plan_services.update_requests_issue(actor=coordinator, plan=data.plan)
    for assignment in data.assignments[:n]:
        ClosureFactory(
            assignment=assignment,
            proposed_at=datetime.datetime(2015, 4, 1, 9, tzinfo=datetime.UTC),
        )
    lead = person_with_role(
        Role.UNIT_LEAD, organisation=data.force, unit=data.force_units.districts[0]
    )
    approver = person_with_role(Role.APPROVER, organisation=data.force)
    return data, lead, approver, coordinator


def fetch(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response.content.decode()


def test_the_header_counts_what_needs_the_person_and_the_page_lists_it(client):
    data, lead, approver, _ = world(3)
    client.force_login(lead)
    _, page = fetch(client, reverse("notifications:list"))
    # Three overdue assignments in the lead's district, each asked for an update.
    assert "6 things need you" in page
    assert "Overdue work (3)" in page
    assert "Updates requested (3)" in page
    assert reverse("plans:assignment", kwargs={"pk": data.assignments[0].pk}) in page
    client.force_login(approver)
    _, page = fetch(client, reverse("notifications:list"))
    assert "Closures to decide (3)" in page
    assert "/closures/" in page


@pytest.mark.parametrize("who", ["lead", "approver", "coordinator"])
def test_the_notifications_page_costs_the_same_over_ten_times_the_data(client, who):
    counts = []
    for n in (2, 20):
        _, lead, approver, coordinator = world(n)
        person = {"lead": lead, "approver": approver, "coordinator": coordinator}[who]
        client.force_login(person)
        url = reverse("notifications:list")
        fetch(client, url)
        counts.append(fetch(client, url)[0])
    assert counts[0] == counts[1]


def test_every_page_costs_the_same_with_the_header_count(client):
    counts = []
    for n in (2, 20):
        data, _, _, coordinator = world(n)
        client.force_login(coordinator)
        url = reverse("plans:update_cycle", kwargs={"pk": data.plan.pk})
        fetch(client, url)
        counts.append(fetch(client, url)[0])
    assert counts[0] == counts[1]


def test_a_person_chooses_how_often(client):
    _, lead, _, _ = world(1)
    client.force_login(lead)
    url = reverse("notifications:preferences")
    assert client.get(url).status_code == 200
    assert client.post(url, {"frequency": "sometimes"}).status_code == 400
    response = client.post(url, {"frequency": "weekly"}, follow=True)
    assert "once a week, on mondays" in response.content.decode()
    assert Preference.objects.get(user=lead).frequency == "weekly"
