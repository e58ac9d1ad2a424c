"""Failure pages in the browser: a stale form keeps what was typed; the 405 page is ours
(issue 8 item 6). Each page passes the axe check."""

import pytest
from playwright.sync_api import expect

from assure.accounts.demo import EMAIL_DOMAIN

pytestmark = pytest.mark.browser


def test_a_stale_update_form_comes_back_with_what_was_typed_and_sends(visitor, demo_live):
    from assure.plans.models import Assignment, PlanStatus

    assignment = Assignment.objects.filter(
        unit__code="LEE", closure_state="open", action__plan__status=PlanStatus.IN_DELIVERY
    ).first()
    page = visitor.page
    visitor.sign_in(f"lead.leeds@{EMAIL_DOMAIN}", "assure-demo-2015")
    visitor.go(f"/assignments/{assignment.pk}/")
    typed = "Return interviews held within 72 hours in 9 of 10 cases."
    page.locator("textarea[name=narrative]").fill(typed)
    page.locator("input[name=rag][value=amber]").check()
    page.locator("input[name=percent_complete]").fill("60")
    # As if the page had been open while the person signed in again elsewhere.
    page.evaluate(
        "document.querySelectorAll('input[name=csrfmiddlewaretoken]')"
        ".forEach(i => i.value = 'x'.repeat(64))"
    )
    page.get_by_role("button", name="Add the update").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your form was not sent")
    expect(page.get_by_label("Narrative")).to_have_value(typed)
    visitor.check("csrf-stale-form")
    page.get_by_role("button", name="Send it again").click()
    expect(page.get_by_text("Update added.")).to_be_visible()
    assert assignment.updates.filter(narrative=typed).exists()


def test_a_wrong_method_shows_the_services_405_page(visitor, demo_live):
    visitor.sign_in(f"lead.leeds@{EMAIL_DOMAIN}", "assure-demo-2015")
    response = visitor.go("/plans/1/status/")
    assert response.status == 405
    expect(visitor.page.get_by_role("heading", level=1)).to_have_text("This page cannot do that")
    visitor.check("method-not-allowed")
