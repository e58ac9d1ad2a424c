"""Governance journeys in the browser, each page checked with axe."""

import pytest
from playwright.sync_api import expect

from assure.accounts.demo import EMAIL_DOMAIN

pytestmark = pytest.mark.browser
PASSWORD = "assure-demo-2015"


def test_meeting_page_and_public_response(visitor, demo_live):
    from assure.governance.models import Meeting, PccResponse

    page = visitor.page
    meeting = Meeting.objects.filter(board__name="Strategic Safeguarding Board").first()
    response = PccResponse.objects.get()
    visitor.go(f"/public/west-yorkshire/responses/{response.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Commissioner’s response")
    visitor.check("public-pcc-response")
    visitor.sign_in(f"board@{EMAIL_DOMAIN}", PASSWORD)
    visitor.go(f"/meetings/{meeting.pk}/")
    visitor.check("meeting-board-member")
    page.get_by_role("button", name="Approve the previous minutes").click()
    expect(page.locator("#previous-minutes-status")).to_have_text("Approved")
    page.get_by_label("Decision", exact=True).fill("Audit every CSE case in Leeds")
    page.get_by_label("Recommendation").select_option(index=1)
    page.get_by_label("Create a plan action (optional)").fill("Leeds CSE case audit")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("link", name="Leeds CSE case audit")).to_be_visible()
    visitor.check("meeting-decision-recorded")
