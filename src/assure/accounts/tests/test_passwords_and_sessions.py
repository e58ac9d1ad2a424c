"""A person's own password and sessions: changing the password, resetting it by e-mail, the idle
time-out and signing out everywhere else."""

import time

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings
from django.urls import reverse

from assure.accounts import services
from assure.accounts.middleware import SESSION_KEY
from assure.accounts.models import Role
from assure.accounts.tests.factories import TEST_PASSWORD, person_with_role
from assure.core.models import AuditEvent

pytestmark = pytest.mark.django_db
NEW = "violet-harbour-lantern"


@pytest.fixture
def lead():
    return person_with_role(Role.UNIT_LEAD, email="lee@example.org", full_name="Lee")


def sign_in(client, email="lee@example.org", password=TEST_PASSWORD):
    return client.post(reverse("accounts:sign_in"), {"username": email, "password": password})


# Changing the password ----------------------------------------------------------------------


def test_changing_the_password_needs_the_current_one_and_a_good_new_one(client, lead):
    client.force_login(lead)
    url = reverse("accounts:password_change")
    wrong = client.post(
        url, {"old_password": "nope", "new_password1": NEW, "new_password2": NEW}
    ).content.decode()
    assert "Your current password is not right" in wrong
    weak = client.post(
        url, {"old_password": TEST_PASSWORD, "new_password1": "12345", "new_password2": "12345"}
    ).content.decode()
    # One error per field (GOV.UK): the first reason the password is refused.
    assert "This password is too short" in weak
    assert "entirely numeric" not in weak
    lead.refresh_from_db()
    assert lead.check_password(TEST_PASSWORD)
    assert not AuditEvent.objects.filter(event="accounts.password.changed").exists()


def test_changing_the_password_keeps_this_session_and_ends_the_others(client, lead):
    elsewhere = Client()
    assert sign_in(elsewhere).status_code == 302
    assert sign_in(client).status_code == 302
    done = client.post(
        reverse("accounts:password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": NEW, "new_password2": NEW},
        follow=True,
    )
    assert "Your password is changed" in done.content.decode()
    assert client.get(reverse("accounts:account")).status_code == 200
    assert elsewhere.get(reverse("accounts:account")).status_code == 302
    [event] = AuditEvent.objects.filter(event="accounts.password.changed")
    assert event.actor == lead
    assert event.organisation == lead.memberships.get().organisation


# Resetting it by e-mail ---------------------------------------------------------------------


def ask_reset(client, email, address="203.0.113.9"):
    return client.post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_a_reset_answers_the_same_whether_or_not_the_address_has_an_account(
    client, lead, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = ask_reset(client, "LEE@example.org")
        unknown = ask_reset(client, "nobody@example.org", address="203.0.113.10")
    strip = [
        r.content.decode().replace("lee@example.org", "X").replace("nobody@example.org", "X")
        for r in (known, unknown)
    ]
    assert known.status_code == unknown.status_code == 200
    assert _main(strip[0]) == _main(strip[1])
    [message] = mail.outbox
    assert message.to == ["lee@example.org"]
    events = AuditEvent.objects.filter(event="accounts.password.reset_requested").order_by("id")
    assert [(e.organisation_id is not None, e.changes["link_sent"]) for e in events] == [
        (True, True),
        (False, False),
    ]


def _main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def test_a_reset_link_sets_a_new_password_once_and_lifts_a_lock(
    client, lead, django_capture_on_commit_callbacks
):
    for _ in range(5):
        sign_in(client, password="wrong-password")
    assert AccessAttempt.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        ask_reset(client, "lee@example.org")
    [link] = [line for line in mail.outbox[0].body.splitlines() if "/password-reset/" in line]
    path = link.removeprefix("http://127.0.0.1:8000")
    form = client.get(path, follow=True)
    assert "Choose a new password" in form.content.decode()
    client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert not AccessAttempt.objects.exists()
    assert sign_in(client, password=NEW).status_code == 302
    assert AuditEvent.objects.filter(event="accounts.password.reset", actor=lead).count() == 1
    client.logout()
    assert client.get(path).status_code == 404  # used once


def test_a_reset_link_for_an_invitation_or_a_switched_off_account_does_not_work(
    client, lead, django_capture_on_commit_callbacks
):
    from assure.accounts import tokens

    uid = tokens.uid_for(lead)
    invitation_token = tokens.invitation_tokens.make_token(lead)
    assert client.get(f"/password-reset/{uid}/{invitation_token}/").status_code == 404
    good = tokens.reset_tokens.make_token(lead)
    lead.is_active = False
    lead.save()
    assert client.get(f"/password-reset/{uid}/{good}/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        ask_reset(client, "lee@example.org")
    assert mail.outbox == []


@override_settings(SIGN_IN_RATE_PER_ADDRESS="2/m", PASSWORD_RESET_RATE_PER_ACCOUNT="2/h")
def test_reset_requests_are_rate_limited_per_address_and_per_account(
    client, lead, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert ask_reset(client, "lee@example.org").status_code == 200
        assert ask_reset(client, "lee@example.org").status_code == 200
        refused = ask_reset(client, "lee@example.org")
        assert refused.status_code == 429
        assert "Too many requests" in refused.content.decode()
        # From another address the page answers as usual, but the mailbox gets no more.
        assert ask_reset(client, "lee@example.org", address="198.51.100.2").status_code == 200
    assert len(mail.outbox) == 2


# Sessions -----------------------------------------------------------------------------------


def test_an_idle_session_ends_with_a_message_on_the_sign_in_page(client, lead):
    sign_in(client)
    assert client.get(reverse("accounts:account")).status_code == 200
    session = client.session
    session[SESSION_KEY] = int(time.time()) - 31 * 60
    session.save()
    response = client.get(reverse("accounts:account"), follow=True)
    page = response.content.decode()
    assert response.redirect_chain[0][0].startswith("/sign-in/?next=/account/")
    assert "You were signed out because Assure had not been used for 30 minutes." in page
    assert client.get(reverse("accounts:account")).status_code == 302
    event = AuditEvent.objects.get(event="accounts.session.timed_out")
    assert (event.actor, event.changes) == (lead, {"idle_minutes": 30})


@override_settings(ASSURE_SESSION_IDLE_MINUTES=5)
def test_the_idle_time_out_is_a_setting_and_use_keeps_the_session(client, lead):
    sign_in(client)
    client.get(reverse("accounts:account"))
    session = client.session
    session[SESSION_KEY] = int(time.time()) - 4 * 60
    session.save()
    assert client.get(reverse("accounts:account")).status_code == 200  # used: the clock restarts
    assert client.session[SESSION_KEY] >= int(time.time()) - 5
    session = client.session
    session[SESSION_KEY] = int(time.time()) - 6 * 60
    session.save()
    assert client.get(reverse("accounts:account")).status_code == 302


def test_sign_out_everywhere_ends_the_other_sessions_only(client, lead):
    other = Client()
    sign_in(other)
    sign_in(client)
    page = client.get(reverse("accounts:account")).content.decode()
    assert "Change your password" in page
    assert "Your API tokens" in page
    done = client.post(reverse("accounts:sign_out_everywhere"), follow=True).content.decode()
    assert "You are signed out everywhere else. You are still signed in here." in done
    assert client.get(reverse("accounts:account")).status_code == 200
    assert other.get(reverse("accounts:account")).status_code == 302
    [event] = AuditEvent.objects.filter(event="accounts.session.ended_elsewhere")
    assert event.actor == lead
    # Signing in again afterwards works as ever.
    assert sign_in(other).status_code == 302


def test_sign_out_everywhere_is_only_for_the_signed_in_person(client, lead):
    assert client.post(reverse("accounts:sign_out_everywhere")).status_code == 302
    with pytest.raises(PermissionDenied):
        services.session_end_others(
            actor=type("Nobody", (), {"is_authenticated": False})(), request=None
        )
    assert not AuditEvent.objects.filter(event="accounts.session.ended_elsewhere").exists()


def test_a_post_after_the_idle_time_out_does_nothing_and_asks_to_sign_in(client, lead):
    sign_in(client)
    client.get(reverse("accounts:account"))
    session = client.session
    session[SESSION_KEY] = int(time.time()) - 31 * 60
    session.save()
    response = client.post(reverse("accounts:sign_out_everywhere"))
    assert response["Location"] == "/sign-in/?next=/"
    lead.refresh_from_db()
    assert lead.session_salt == ""
    assert not AuditEvent.objects.filter(event="accounts.session.ended_elsewhere").exists()
