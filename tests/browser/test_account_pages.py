"""Accounts in the browser: a coordinator invites someone and manages their roles and account, the
invited person chooses a password, and a person's own account, password, reset and sessions."""

import time

import pytest
from django.core import mail
from playwright.sync_api import expect

from assure.accounts.demo import demo_people

pytestmark = pytest.mark.browser

PEOPLE = {p.email.split("@")[0]: p for p in demo_people()}
NEW_PASSWORD = "violet-harbour-lantern"


def link_in_last_mail(fragment: str) -> str:
    [link] = [line for line in mail.outbox[-1].body.splitlines() if fragment in line]
    return link.split("127.0.0.1:8000", 1)[1]


def test_a_coordinator_invites_someone_who_then_chooses_a_password(visitor, demo_live):
    page = visitor.page
    visitor.sign_in(PEOPLE["coordinator"].email, demo_live.password)
    page.get_by_role("link", name="People").click()
    expect(page).to_have_title("People – Assure")
    assert "Demo Leeds Lead" in page.locator("tbody").inner_text()
    assert "Demo Leeds Partner" not in page.locator("tbody").inner_text()  # not the force's
    visitor.check("people")

    visitor.follow(page.get_by_role("button", name="Invite someone"))
    visitor.check("invite")
    page.get_by_label("Full name").fill("Nia Newcomer")
    page.get_by_label("Email address").fill("nia@example.org")
    page.get_by_label("Unit lead").check()
    page.get_by_role("button", name="Send the invitation").click()
    expect(page).to_have_title("Error: Invite someone – Assure")
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be given a unit")
    visitor.check("invite-errors")
    page.get_by_label("Unit", exact=True).select_option(label="Leeds")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("Invitation sent to nia@example.org")).to_be_visible()
    expect(page.get_by_role("heading", name="Nia Newcomer")).to_be_visible()
    visitor.check("person-invited")

    page.get_by_role("link", name="Change unit lead role").click()
    page.get_by_label("Approver").check()
    page.get_by_label("Unit", exact=True).select_option(label="None: the whole force")
    visitor.check("role-change")
    page.get_by_role("button", name="Save the change").click()
    expect(page.get_by_text("Nia Newcomer’s role is changed.")).to_be_visible()
    page.get_by_role("button", name="Give them another role").click()
    page.get_by_label("Board member").check()
    page.get_by_role("button", name="Give the role").click()
    page.get_by_role("link", name="Remove board member role").click()
    expect(
        page.get_by_role("heading", name="Remove Nia Newcomer’s role as board member?")
    ).to_be_visible()
    visitor.check("role-remove")
    page.get_by_role("button", name="Remove the role").click()
    expect(page.get_by_text("no longer holds that role")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    visitor.go(link_in_last_mail("/invitation/"))
    expect(page.get_by_role("heading", name="Welcome to Assure")).to_be_visible()
    assert "/set-password/" in page.url
    visitor.check("set-password")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm the new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set the password").click()
    expect(page.get_by_text("Your password is set. Sign in with it now.")).to_be_visible()
    visitor.sign_in("nia@example.org", NEW_PASSWORD)
    expect(page).to_have_title("Home – Assure")


def test_a_coordinator_switches_an_account_off_after_a_confirmation(visitor, demo_live):
    page = visitor.page
    visitor.sign_in(PEOPLE["coordinator"].email, demo_live.password)
    visitor.go("/people/")
    visitor.follow(page.get_by_role("link", name="Demo Wakefield Lead"))
    visitor.check("person")
    page.get_by_role("button", name="Switch the account off").click()
    expect(
        page.get_by_role("heading", name="Switch off Demo Wakefield Lead’s account?")
    ).to_be_visible()
    visitor.check("switch-off-confirm")
    page.get_by_role("button", name="Switch the account off").click()
    expect(page.get_by_text("Demo Wakefield Lead’s account is switched off.")).to_be_visible()
    page.get_by_role("button", name="Switch the account on").click()
    expect(page.get_by_text("switched on again")).to_be_visible()


def test_a_person_changes_their_password_and_signs_out_everywhere_else(visitor, demo_live, browser):
    page = visitor.page
    email = PEOPLE["lead.leeds"].email
    visitor.sign_in(email, demo_live.password)
    page.get_by_role("link", name=email).click()
    expect(page).to_have_title("Your account – Assure")
    visitor.check("account")

    page.get_by_role("link", name="Change your password").click()
    page.get_by_role("button", name="Change the password").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    visitor.check("password-change-errors")
    page.get_by_label("Current password").fill(demo_live.password)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm the new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change the password").click()
    expect(page.get_by_text("Your password is changed.")).to_be_visible()

    other = browser.new_context().new_page()
    other.goto(visitor.base_url + "/sign-in/")
    other.get_by_label("Email address").fill(email)
    other.get_by_label("Password").fill(NEW_PASSWORD)
    other.get_by_role("button", name="Sign in").click()
    expect(other).to_have_title("Home – Assure")
    page.get_by_role("button", name="Sign out everywhere else").click()
    expect(page.get_by_text("You are signed out everywhere else.")).to_be_visible()
    visitor.check("account-signed-out-elsewhere")
    other.goto(visitor.base_url + "/account/")
    expect(other).to_have_title("Sign in – Assure")
    other.context.close()


def test_a_forgotten_password_is_reset_by_email(visitor, demo_live):
    page = visitor.page
    visitor.go("/sign-in/")
    visitor.follow(page.get_by_role("link", name="Forgotten your password?"))
    visitor.check("password-reset")
    page.get_by_label("Email address").fill(PEOPLE["approver"].email)
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    visitor.check("password-reset-sent")
    path = link_in_last_mail("/password-reset/")
    visitor.go(path)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm the new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set the password").click()
    visitor.sign_in(PEOPLE["approver"].email, NEW_PASSWORD)
    expect(page).to_have_title("Home – Assure")
    page.get_by_role("button", name="Sign out").click()
    response = visitor.go(path)
    assert response.status == 404
    expect(page.get_by_role("heading", name="This link does not work")).to_be_visible()
    visitor.check("link-invalid")


def test_an_idle_session_ends_with_a_message(visitor, demo_live):
    from importlib import import_module

    from django.conf import settings

    from assure.accounts.middleware import SESSION_KEY

    SessionStore = import_module(settings.SESSION_ENGINE).SessionStore

    page = visitor.page
    visitor.sign_in(PEOPLE["board"].email, demo_live.password)
    visitor.go("/account/")
    [cookie] = [c for c in page.context.cookies() if c["name"] == "sessionid"]
    session = SessionStore(session_key=cookie["value"])
    session[SESSION_KEY] = int(time.time()) - 31 * 60
    session.save()
    visitor.go("/account/")
    expect(page).to_have_title("Sign in – Assure")
    expect(
        page.get_by_text("You were signed out because Assure had not been used for 30 minutes.")
    ).to_be_visible()
    visitor.check("sign-in-timed-out")
