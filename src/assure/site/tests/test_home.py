"""The start page: each role sees what needs them now, each panel a count worked out in the
database and a link to the list it counts (issue 8, item 17)."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assure.accounts.models import Role
from assure.accounts.tests.factories import person_with_role
from assure.plans.models import PlanStatus
from assure.plans.tests.factories import plan_with_assignments

pytestmark = pytest.mark.django_db
STORY_DAY = datetime.date(2015, 12, 21)


@pytest.fixture
def on_the_demo_day(settings):
    """The demo's pinned clock (core/clock.py), as `assure demo` sets it."""
    settings.ASSURE_TODAY = STORY_DAY


def panels(html: str) -> dict[str, tuple[int, str]]:
    """Each panel's title -> (count, link) as the page shows them."""
    found = {}
    for item in re.findall(r'<li class="app-home-panel.*?</li>', html, flags=re.S):
        title = re.search(r"<h3[^>]*>(.*?)</h3>", item, flags=re.S).group(1).strip()
        count = int(re.search(r'app-home-panel__count">(\d+)<', item).group(1))
        href = re.search(r'href="([^"]+)"', item).group(1).replace("&amp;", "&")
        found[title] = (count, href)
    return found


def home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("site:home"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_demo_lead_has_overdue_work_work_due_soon_and_updates_to_give(
    client, demo_users, on_the_demo_day
):
    page = home(client, demo_users["lead.leeds"])
    shown = panels(page)
    assert shown["Overdue"][0] > 0
    assert shown["Due in the next 45 days"][0] > 0  # the CSE audit, due 29 January 2016
    assert shown["Updates to give"][0] > 0
    # Each count is what the linked list holds.
    work = client.get(reverse("plans:my_work")).content.decode()
    summary = re.search(r"(\d+) overdue, (\d+) due soon; and (\d+) open", work)
    assert summary is not None
    overdue, soon, updates = (int(n) for n in summary.groups())
    assert shown["Overdue"] == (overdue, "/my-work/#overdue")
    assert shown["Due in the next 45 days"] == (soon, "/my-work/#due-soon")
    assert shown["Updates to give"] == (updates, "/my-work/#updates-due")
    assert "Audit 20 CSE investigations" in work.split('id="due-soon"')[1].split("</table>")[0]


def test_an_approver_sees_the_closure_waiting_and_the_link_lists_it(
    client, demo_users, on_the_demo_day
):
    shown = panels(home(client, demo_users["approver"]))
    assert shown["Closures to decide"] == (1, reverse("plans:approvals"))
    assert "1 closure waiting" in client.get(reverse("plans:approvals")).content.decode()
    count, href = shown["Overdue in the plans you read"]
    assert count > 0
    assert href.endswith("?overdue=on")
    assert "match the filters" in client.get(href).content.decode()


def test_an_inspector_sees_a_plan_sent_for_quality_assurance(client, demo_users, on_the_demo_day):
    from assure.plans.models import ActionPlan

    inspector = demo_users["inspector"]
    assert panels(home(client, inspector))["Plans to quality-assure"][0] == 0
    plan = ActionPlan.objects.get()
    ActionPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.IN_QA)
    shown = panels(home(client, inspector))
    assert shown["Plans to quality-assure"] == (
        1,
        reverse("governance:plan_qa", kwargs={"pk": plan.pk}),
    )


def test_board_members_see_the_meeting_today_and_minutes_to_approve(
    client, demo_users, on_the_demo_day
):
    shown = panels(home(client, demo_users["board"]))
    assert shown["Meetings coming up"][0] == 1  # 21 December 2015, the demo's day
    assert shown["Minutes to approve"][0] == 1  # 16 November's draft
    assert client.get(shown["Minutes to approve"][1]).status_code == 200


@pytest.mark.parametrize(
    "key",
    ["coordinator", "approver", "board", "lead.leeds", "partner.leeds", "oversight", "inspector"],
)
def test_every_demo_role_has_something_real_on_its_start_page(
    client, demo_users, on_the_demo_day, key
):
    page = home(client, demo_users[key])
    shown = panels(page)
    assert shown, key
    assert any(count > 0 for count, _href in shown.values()), (key, shown)
    for _count, href in shown.values():
        assert client.get(href).status_code == 200, (key, href)
    # No promise of screens that do not exist: the old "You can" list is gone.
    assert "You can" not in page


def queries_for(client, user) -> int:
    client.force_login(user)
    client.get(reverse("site:home"))  # warm the session
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("site:home"))
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", [Role.UNIT_LEAD, Role.COORDINATOR, Role.APPROVER, Role.INSPECTOR])
def test_the_start_page_costs_the_same_over_ten_times_the_data(client, role):
    counts = []
    for n in (2, 20):
        data = plan_with_assignments(n_recommendations=n, n_districts=2, n_updates=n)
        if role == Role.UNIT_LEAD:
            user = person_with_role(
                role, organisation=data.force, unit=data.force_units.districts[0]
            )
        elif role == Role.INSPECTOR:
            from assure.accounts.models import OrganisationKind
            from assure.accounts.tests.factories import OrganisationFactory

            team = OrganisationFactory(kind=OrganisationKind.INSPECTORATE)
            team.forces.add(data.force)
            user = person_with_role(role, organisation=team)
        else:
            user = person_with_role(role, organisation=data.force)
        counts.append(queries_for(client, user))
    assert counts[0] == counts[1], counts
