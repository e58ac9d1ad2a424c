"""The plan page's history: the latest changes, and a count that says what is left to the audit
trail rather than cutting the list without a word."""

import html
import re

import pytest
from django.urls import reverse

from assure.inspections.tests.factories import InspectionFactory
from assure.plans import selectors, services
from assure.plans.models import PlanStatus
from assure.plans.tests.factories import ActionPlanFactory, force_world

pytestmark = pytest.mark.django_db


def _closed_and_reopened(times: int):
    world = force_world(names=("Leeds",))
    plan = ActionPlanFactory(
        inspection=InspectionFactory(force=world.force), status=PlanStatus.IN_DELIVERY
    )
    for n in range(times):
        services.action_plan_transition(actor=world.coordinator, plan=plan, to="closed")
        services.action_plan_reopen(actor=world.coordinator, plan=plan, reason=f"Reopening {n}")
    return world, plan


def test_the_plan_page_shows_the_latest_changes_and_says_how_many_there_are(client):
    world, plan = _closed_and_reopened(11)  # 22 changes
    client.force_login(world.coordinator)
    page = client.get(reverse("plans:plan", kwargs={"pk": plan.pk})).content.decode()
    history = page[page.index("Plan history") :]
    assert history.count("<li>") == selectors.PLAN_HISTORY_SHOWN
    assert "Reopening 10" in history  # the newest
    assert "Reopening 0" not in history  # among the two oldest, left to the audit trail
    assert "These are the latest 20 of 22 changes." in history
    link = re.search(r'href="(/audit/\?[^"]+)">Every change to this plan', history)
    assert link, "the coordinator is sent to the audit trail for the rest"
    trail = client.get(html.unescape(link.group(1))).content.decode()
    assert trail.count("Reopening 0") == 1  # the oldest change, there and only once
    # A unit lead reads the plan but not the audit trail: no link that would answer 404.
    client.force_login(world.leads["LEE"])
    page = client.get(reverse("plans:plan", kwargs={"pk": plan.pk})).content.decode()
    assert "These are the latest 20 of 22 changes." in page
    assert "/audit/" not in page[page.index("Plan history") :]


def test_a_short_history_is_shown_whole_without_a_count(client):
    world, plan = _closed_and_reopened(2)
    client.force_login(world.coordinator)
    page = client.get(reverse("plans:plan", kwargs={"pk": plan.pk})).content.decode()
    history = page[page.index("Plan history") :]
    assert history.count("<li>") == 4
    assert "These are the latest" not in history
