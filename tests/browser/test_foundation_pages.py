"""Every foundation page, as each demo role sees it."""

import pytest
from playwright.sync_api import expect

from assure.accounts.demo import demo_people

pytestmark = pytest.mark.browser

PEOPLE = {p.email.split("@")[0]: p for p in demo_people()}


def test_sign_in_page_and_error_summary(visitor, demo_live):
    visitor.go("/sign-in/")
    page = visitor.page
    expect(page).to_have_title("Sign in – Assure")
    header = page.locator("header")
    assert header.get_by_text("Assure").first.is_visible()
    # The generic header: no crown, no GOV.UK logotype.
    assert page.locator("header svg").count() == 0
    assert "GOV.UK" not in header.inner_text()
    visitor.check("sign-in")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_title("Error: Sign in – Assure")
    visitor.check("sign-in-errors")
    expect(page.locator(".govuk-error-summary")).to_be_visible()


@pytest.mark.parametrize("key", sorted(PEOPLE))
def test_each_demo_person_signs_in_and_sees_their_pages(visitor, demo_live, key):
    person = PEOPLE[key]
    visitor.sign_in(person.email, demo_live.password)
    page = visitor.page
    expect(page).to_have_title("Home – Assure")
    assert page.get_by_role("heading", name=person.full_name).is_visible()
    assert person.role.label in page.locator("main").inner_text()
    header = page.locator("header").inner_text()
    assert person.email in header
    visitor.check(f"home-{key}")
    if person.role == "coordinator":
        page.get_by_role("link", name="Audit trail").click()
        expect(page).to_have_title("Audit trail – Assure")
        assert page.locator("tbody tr").count() > 0
        visitor.check("audit-trail")
        page.get_by_label("Event").fill("membership")
        page.get_by_role("button", name="Filter").click()
        expect(page.locator("tbody")).to_contain_text("accounts.membership.granted")
        visitor.check("audit-trail-filtered")
    else:
        assert page.get_by_role("link", name="Audit trail").count() == 0
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_title("Sign in – Assure")


def test_not_found_page(visitor, demo_live):
    visitor.sign_in(PEOPLE["board"].email, demo_live.password)
    response = visitor.go("/audit/")
    assert response.status == 404
    assert visitor.page.get_by_role("heading", name="Page not found").is_visible()
    visitor.check("not-found")


def test_locked_out_page(visitor, demo_live):
    email = PEOPLE["lead.leeds"].email
    for _ in range(5):
        visitor.go("/sign-in/")
        visitor.page.get_by_label("Email address").fill(email)
        visitor.page.get_by_label("Password").fill("not-the-password")
        visitor.page.get_by_role("button", name="Sign in").click()
    expect(visitor.page.get_by_text("Sign-in is locked for this account")).to_be_visible()
    visitor.check("locked-out")
