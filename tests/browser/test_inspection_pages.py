"""The inspection pages in a browser: a coordinator records an inspection, a finding and a
recommendation and sees its due date; every page passes axe (WCAG 2.2 AA) with no CSP errors."""

import re

import pytest
from playwright.sync_api import expect

from assure.accounts.demo import demo_people

pytestmark = pytest.mark.browser

PEOPLE = {p.email.split("@")[0]: p for p in demo_people()}


def test_coordinator_records_an_inspection_with_a_finding_and_a_recommendation(visitor, demo_live):
    visitor.sign_in(PEOPLE["coordinator"].email, demo_live.password)
    page = visitor.page
    page.get_by_role("link", name="Inspections").click()
    expect(page).to_have_title("Inspections – Assure")
    visitor.check("inspections-list")

    page.get_by_role("button", name="Add an inspection").click()
    expect(page).to_have_title("Add an inspection – Assure")
    visitor.check("inspection-create")
    page.get_by_role("button", name="Add the inspection").click()
    expect(page).to_have_title("Error: Add an inspection – Assure")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the inspection’s title")
    visitor.check("inspection-create-errors")

    page.get_by_label("Title", exact=True).fill("Child protection inspection 2015")
    page.get_by_label("Fieldwork start date (optional)").fill("2014-08-01")
    page.get_by_label("Fieldwork end date (optional)").fill("2014-08-31")
    page.get_by_label("Publication date (optional)").fill("2015-01-13")
    page.get_by_role("button", name="Add the inspection").click()
    expect(page).to_have_title("Child protection inspection 2015 – Assure")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Inspection “Child protection inspection 2015” added"
    )
    expect(page.get_by_text("Six weeks after the report is published")).to_be_visible()
    visitor.check("inspection-detail-new")

    page.get_by_role("button", name="Add a finding").click()
    expect(page).to_have_title("Add a finding – Assure")
    visitor.check("finding-add")
    page.get_by_label("Cause of concern").check()
    page.get_by_label("Finding", exact=True).fill("CSE investigations were not consistent.")
    page.get_by_role("button", name="Add the finding").click()
    expect(page.locator("#findings + dl")).to_contain_text(
        "Cause of concern CSE investigations were not consistent."
    )

    page.get_by_role("button", name="Add a recommendation").click()
    expect(page).to_have_title("Add a recommendation – Assure")
    page.get_by_label("Reference", exact=True).fill("3.2")
    page.get_by_label("Area", exact=True).fill("MISPERs")
    page.get_by_label("Recommendation text").fill("Improve practice in cases of missing children.")
    page.get_by_label("Sub-points (optional)").fill("Staff awareness\nInformation sharing")
    page.get_by_label("Within a period").check()
    page.get_by_role("button", name="Add the recommendation").click()
    expect(page).to_have_title("Error: Add a recommendation – Assure")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select weeks or months")
    visitor.check("recommendation-add-errors")
    page.get_by_label("Number of weeks or months").fill("3")
    page.get_by_label("months", exact=True).check()
    page.get_by_role("button", name="Add the recommendation").click()

    card = page.locator(".govuk-summary-card", has_text="3.2")
    expect(card).to_contain_text("Within 3 months")
    expect(card).to_contain_text("13 April 2015")
    expect(card.locator(".govuk-list--bullet li")).to_have_text(
        ["Staff awareness", "Information sharing"]
    )
    visitor.check("inspection-detail-with-recommendation")

    card.get_by_role("link", name=re.compile("Change")).click()
    expect(page).to_have_title("Change recommendation 3.2 – Assure")
    visitor.check("recommendation-edit")
    page.get_by_role("link", name="Back").click()

    card = page.locator(".govuk-summary-card", has_text="3.2")
    card.get_by_role("link", name=re.compile("Set the status")).click()
    expect(page).to_have_title("Set the status of recommendation 3.2 – Assure")
    visitor.check("recommendation-status")
    page.get_by_label("Being progressed").check()
    page.get_by_label("Note (optional)").fill("Accepted by the action-plan meeting")
    page.get_by_role("button", name="Save the status").click()
    card = page.locator(".govuk-summary-card", has_text="3.2")
    expect(card.locator(".govuk-summary-list__value .govuk-tag").first).to_have_text(
        "Being progressed"
    )
    card.locator(".govuk-details__summary").click()
    expect(card.locator("table")).to_contain_text("Accepted by the action-plan meeting")

    page.get_by_role("link", name="Change the inspection’s details").click()
    expect(page).to_have_title("Change the inspection’s details – Assure")
    visitor.check("inspection-edit")
    page.get_by_label("Publication date (optional)").fill("2015-02-02")
    page.get_by_role("button", name="Save the details").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "1 due date moved with the publication date"
    )
    expect(page.locator(".govuk-summary-card", has_text="3.2")).to_contain_text("2 May 2015")

    page.locator("#findings + dl").get_by_role("link", name=re.compile("Delete")).click()
    expect(page).to_have_title("Delete a finding – Assure")
    visitor.check("finding-delete")
    page.get_by_role("button", name="Delete the finding").click()
    expect(page.get_by_text("No findings recorded yet.")).to_be_visible()


def test_readers_see_the_inspection_but_cannot_change_it(visitor, demo_live):
    from assure.inspections.models import Inspection

    inspection = Inspection.objects.order_by("pk").first()
    if inspection is None:
        pytest.skip("the demo holds no inspection yet")
    visitor.sign_in(PEOPLE["board"].email, demo_live.password)
    page = visitor.page
    visitor.go(f"/inspections/{inspection.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(inspection.title)
    assert page.get_by_role("link", name=re.compile("^Change")).count() == 0
    assert page.get_by_role("button", name="Add a recommendation").count() == 0
    visitor.check("inspection-detail-board")
    visitor.go("/inspections/")
    assert page.get_by_role("button", name="Add an inspection").count() == 0
    visitor.check("inspections-list-board")
