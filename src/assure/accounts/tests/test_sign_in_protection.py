"""Sign-in under attack: rate limits before any password is hashed, failed sign-ins and lockouts in
the force's audit trail, and a coordinator lifting a lock someone else caused."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.signals import user_login_failed
from django.test import override_settings
from django.urls import reverse

from assure.accounts.models import Role
from assure.accounts.permissions import forces_with_role
from assure.accounts.tests.factories import TEST_PASSWORD, UnitFactory, person_with_role
from assure.core.models import AuditEvent

pytestmark = pytest.mark.django_db
SIGN_IN = "/sign-in/"


WRONG = "wrong-password"


def sign_in(client, email, password=WRONG, address="203.0.113.7"):
    return client.post(SIGN_IN, {"username": email, "password": password}, REMOTE_ADDR=address)


@pytest.fixture(autouse=True)
def still_clock(monkeypatch):
    """django-ratelimit counts in windows of the wall clock; a test that crossed a window's end
    would see its counts start again. Hold the clock still."""
    import time
    from types import SimpleNamespace

    import django_ratelimit.core

    now = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: now))


@pytest.fixture
def password_checks():
    """How many times a password was actually checked (Django signals each failed check)."""
    checks = []

    def count(**kwargs):
        checks.append(kwargs["credentials"]["username"])

    user_login_failed.connect(count)
    yield checks
    user_login_failed.disconnect(count)


@override_settings(SIGN_IN_RATE_PER_ADDRESS="2/m", SIGN_IN_RATE_GLOBAL="100/m")
def test_one_address_is_limited_before_any_password_is_checked(client, password_checks):
    assert sign_in(client, "nobody1@example.org").status_code == 200
    assert sign_in(client, "nobody2@example.org").status_code == 200
    refused = sign_in(client, "nobody3@example.org")
    assert refused.status_code == 429
    assert "Too many sign-in attempts" in refused.content.decode()
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert password_checks == ["nobody1@example.org", "nobody2@example.org"]
    # Another address is not held up by the first one's flood.
    assert sign_in(client, "nobody4@example.org", address="198.51.100.1").status_code == 200


@override_settings(SIGN_IN_RATE_PER_ADDRESS="1/m", SIGN_IN_RATE_GLOBAL="3/m")
def test_all_addresses_together_are_limited_and_a_refused_attempt_uses_none_of_it(
    client, password_checks
):
    for _ in range(5):  # one address: the first counts, the rest are refused per address
        sign_in(client, "nobody@example.org", address="203.0.113.1")
    assert sign_in(client, "nobody@example.org", address="203.0.113.2").status_code == 200
    assert sign_in(client, "nobody@example.org", address="203.0.113.3").status_code == 200
    assert sign_in(client, "nobody@example.org", address="203.0.113.4").status_code == 429
    assert len(password_checks) == 3


@override_settings(SIGN_IN_RATE_PER_ADDRESS="1/m")
def test_the_limit_counts_only_sign_in_posts(client):
    for _ in range(3):
        assert client.get(SIGN_IN, REMOTE_ADDR="203.0.113.7").status_code == 200
    assert sign_in(client, "nobody@example.org").status_code == 200


@pytest.fixture
def force_people():
    lead = person_with_role(Role.UNIT_LEAD, email="lead@example.org")
    force = lead.memberships.get().organisation
    coordinator = person_with_role(Role.COORDINATOR, organisation=force)
    other_coordinator = person_with_role(Role.COORDINATOR)
    return lead, force, coordinator, other_coordinator


def test_a_failed_sign_in_is_in_the_force_audit_trail_only(client, force_people):
    lead, force, coordinator, other_coordinator = force_people
    sign_in(client, "LEAD@example.org")
    [event] = AuditEvent.objects.filter(event="accounts.sign_in.failed")
    assert event.organisation == force
    assert event.target_id == str(lead.pk)
    assert event.actor is None
    assert event.actor_label == "someone signing in as lead@example.org"
    assert event.changes == {"email": "lead@example.org", "reason": "wrong password"}
    assert str(event.ip_address) == "203.0.113.7"
    # The audit trail shows a coordinator the events of the forces they coordinate.
    assert event.organisation_id in forces_with_role(coordinator, Role.COORDINATOR)
    assert event.organisation_id not in forces_with_role(other_coordinator, Role.COORDINATOR)


def test_a_partner_agencys_failed_sign_in_goes_to_each_force_it_works_with(client):
    forces = [UnitFactory().organisation, UnitFactory().organisation]
    partner = person_with_role(Role.PARTNER)
    partner.memberships.get().organisation.forces.set(forces)
    sign_in(client, partner.email)
    events = AuditEvent.objects.filter(event="accounts.sign_in.failed")
    assert sorted(e.organisation_id for e in events) == sorted(f.id for f in forces)


def test_an_unknown_address_is_recorded_but_in_no_force_trail(client):
    sign_in(client, "nobody@example.org")
    [event] = AuditEvent.objects.filter(event="accounts.sign_in.failed")
    assert event.organisation_id is None
    assert event.changes["reason"] == "no account has this address"


def test_a_lockout_and_attempts_during_it_are_audited(client, force_people):
    lead, force, _, _ = force_people
    for _ in range(5):
        sign_in(client, lead.email)
    assert sign_in(client, lead.email, TEST_PASSWORD).status_code == 429
    events = list(
        AuditEvent.objects.filter(organisation=force, event__startswith="accounts.sign_in")
        .order_by("id")
        .values_list("event", flat=True)
    )
    assert events == ["accounts.sign_in.failed"] * 5 + [
        "accounts.sign_in.locked_out",
        "accounts.sign_in.refused_locked",
    ]


def test_attempts_during_a_lockout_do_not_make_it_last_longer(client, force_people):
    lead, *_ = force_people
    for _ in range(5):
        sign_in(client, lead.email)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - datetime.timedelta(minutes=14)
    )
    assert sign_in(client, lead.email).status_code == 429  # still locked, not extended
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - datetime.timedelta(minutes=2)
    )
    assert sign_in(client, lead.email, TEST_PASSWORD).status_code == 302


def test_a_coordinator_sees_and_lifts_a_lock_on_someone_in_their_force(client, force_people):
    lead, force, coordinator, _ = force_people
    for _ in range(5):
        sign_in(client, lead.email)
    client.force_login(coordinator)
    page = client.get(reverse("accounts:locked_accounts"))
    assert lead.email in page.content.decode()
    response = client.post(reverse("accounts:account_unlock", args=[lead.pk]), follow=True)
    assert f"{lead.display_name} can sign in again." in response.content.decode()
    assert "No one in your force is locked out." in response.content.decode()
    [event] = AuditEvent.objects.filter(event="accounts.account.unlocked")
    assert (event.actor, event.organisation, event.target_id) == (coordinator, force, str(lead.pk))
    assert event.changes == {"failed_attempts_cleared": 1}
    client.logout()
    assert sign_in(client, lead.email, TEST_PASSWORD).status_code == 302


def test_a_coordinator_of_another_force_cannot_unlock_or_see_the_lock(client, force_people):
    lead, _, _, other_coordinator = force_people
    for _ in range(5):
        sign_in(client, lead.email)
    client.force_login(other_coordinator)
    assert lead.email not in client.get(reverse("accounts:locked_accounts")).content.decode()
    assert client.post(reverse("accounts:account_unlock", args=[lead.pk])).status_code == 404
    assert AccessAttempt.objects.exists()
    assert not AuditEvent.objects.filter(event="accounts.account.unlocked").exists()


def test_the_request_id_is_made_by_the_server_never_taken_from_the_client(client):
    response = client.post(
        SIGN_IN,
        {"username": "nobody@example.org", "password": "x"},
        headers={"X-Request-Id": "forged-id"},
    )
    [event] = AuditEvent.objects.filter(event="accounts.sign_in.failed")
    assert response["X-Request-Id"] != "forged-id"
    assert event.request_id == response["X-Request-Id"]
    assert len(event.request_id) == 32
