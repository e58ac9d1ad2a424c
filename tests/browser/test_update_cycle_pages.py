"""Issue 13 acceptance: a coordinator starts an update cycle; the Leeds lead sees the request on
"My work" and answers it with an update; the request shows as answered. Each page axe-checked."""

import re

import pytest
from playwright.sync_api import expect

from assure.accounts.demo import EMAIL_DOMAIN

pytestmark = pytest.mark.browser
PASSWORD = "assure-demo-2015"


def email(key: str) -> str:
    return f"{key}@{EMAIL_DOMAIN}"


def test_coordinator_starts_an_update_cycle_and_the_leeds_lead_answers_it(visitor, demo_live):
    from assure.plans.models import ActionPlan

    plan = ActionPlan.objects.get(inspection__force__slug="west-yorkshire")
    page = visitor.page
    visitor.sign_in(email("coordinator"), PASSWORD)
    visitor.go(f"/plans/{plan.pk}/")
    page.get_by_role("link", name="Update cycle of this plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Update cycle")
    page.get_by_label("Day of each month the cycle runs").fill("31")
    page.get_by_role("button", name="Save the update cycle").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    visitor.check("update-cycle-errors")
    page.get_by_label("Day of each month the cycle runs").fill("1")
    page.get_by_label("Ask for assignments due within this many days").fill("365")
    page.get_by_label("Days each unit has to send its update").fill("7")
    page.get_by_role("button", name="Save the update cycle").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Update cycle saved")
    page.get_by_role("button", name="Start an update cycle now").click()
    banner = page.locator(".govuk-notification-banner")
    expect(banner).to_contain_text(re.compile(r"Update cycle started: \d+ update requests? sent"))
    visitor.check("update-cycle-started")
    page.get_by_role("button", name="Sign out").click()

    visitor.sign_in(email("lead.leeds"), PASSWORD)
    visitor.go("/my-work/")
    requested = page.locator("#update-requests")
    expect(requested).to_contain_text(re.compile(r"Update requested — due back \d+ \w+ \d{4}"))
    expect(requested).not_to_contain_text("Bradford")
    expect(page.locator(".app-service-navigation__account")).to_contain_text("need")
    visitor.check("my-work-update-requested")
    first = requested.get_by_role("link").first
    first.click()
    expect(page.locator("#update-requests")).to_contain_text("Update requested — due back")
    page.get_by_label("What has happened since the last update?").fill(
        "Strategy meetings now held within 24 hours in 9 of 10 cases sampled this month."
    )
    page.get_by_label("Amber – at risk").check()
    page.get_by_label("Percentage complete").fill("60")
    page.get_by_role("button", name="Add the update").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Update added")
    expect(page.locator("#update-requests")).to_contain_text("answered")
    visitor.check("assignment-update-request-answered")

    visitor.go("/notifications/")
    expect(page.get_by_role("heading", level=1)).to_have_text("What needs you")
    visitor.check("notifications")
    page.get_by_role("link", name="Change how often").click()
    page.get_by_label("Once a week, on Mondays").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("reminder choice is saved")
    visitor.check("notifications-after-preference")
