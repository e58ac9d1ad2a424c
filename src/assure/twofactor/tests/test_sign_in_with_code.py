"""Signing in with a second factor: setting up an app, the code after the password, backup codes,
lockout after five wrong codes, and a coordinator's reset — as a person's browser sees them."""

import re

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from assure.accounts.models import Role
from assure.accounts.tests.factories import TEST_PASSWORD, person_with_role
from assure.core.models import AuditEvent
from assure.twofactor.models import BackupCode

from .helpers import code_for, wrong_code_for

pytestmark = pytest.mark.django_db
CODE_PAGE = "/sign-in/code/"


@pytest.fixture(autouse=True)
def required(settings):
    settings.ASSURE_TWO_FACTOR_OPTIONAL = False


def sign_in(client, person, next_url=""):
    return client.post(
        reverse("accounts:sign_in"),
        {"username": person.email, "password": TEST_PASSWORD, "next": next_url},
        follow=True,
    )


def enrol(client) -> tuple[TOTPDevice, list[str]]:
    client.post(reverse("twofactor:enrol_start"))
    page = client.get(reverse("twofactor:enrol")).content.decode()
    assert "<svg" in page
    secret = re.search(r'data-secret="([A-Z2-7]+)"', page).group(1)
    device = TOTPDevice.objects.get(confirmed=False)
    assert secret == __import__("base64").b32encode(device.bin_key).decode()
    response = client.post(reverse("twofactor:enrol"), {"code": code_for(device)})
    assert response.status_code == 200
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", response.content.decode())
    return TOTPDevice.objects.get(pk=device.pk), codes


def events():
    return list(AuditEvent.objects.order_by("id").values_list("event", flat=True))


def test_a_coordinator_without_an_app_must_set_one_up_before_anything_else(client):
    coordinator = person_with_role(Role.COORDINATOR)
    response = sign_in(client, coordinator, next_url="/inspections/")
    assert response.redirect_chain[-1][0].startswith(reverse("twofactor:enrol"))
    for url in ("/", "/inspections/", reverse("twofactor:manage"), reverse("site:audit")):
        assert client.get(url)["Location"].startswith(reverse("twofactor:enrol")), url
    device, codes = enrol(client)
    assert device.confirmed
    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert BackupCode.objects.filter(device__user=coordinator).count() == 10
    assert not BackupCode.objects.filter(digest__in=codes).exists()  # stored hashed only
    assert client.get("/").status_code == 200
    assert "twofactor.totp.enrolment_started" in events()
    assert "twofactor.totp.confirmed" in events()


def test_a_wrong_code_does_not_confirm_the_app(client):
    client.force_login(person_with_role(Role.APPROVER))
    client.post(reverse("twofactor:enrol_start"))
    device = TOTPDevice.objects.get()
    response = client.post(reverse("twofactor:enrol"), {"code": wrong_code_for(device)})
    assert "The code is not right" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/")["Location"].startswith(reverse("twofactor:enrol"))


def test_after_the_password_a_person_with_an_app_gives_a_code(client):
    coordinator = person_with_role(Role.COORDINATOR)
    sign_in(client, coordinator)
    device, _codes = enrol(client)
    client.post(reverse("accounts:sign_out"))

    response = sign_in(client, coordinator, next_url="/inspections/")
    assert response.redirect_chain[-1][0].startswith(CODE_PAGE)
    assert client.get("/")["Location"].startswith(CODE_PAGE)
    # The password alone cannot set up another app in place of the first.
    assert client.get(reverse("twofactor:enrol"))["Location"].startswith(CODE_PAGE)
    response = client.post(CODE_PAGE, {"code": code_for(device, steps_ahead=1), "next": "/"})
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert events()[-1] == "twofactor.code.accepted"


def test_a_backup_code_works_once(client):
    coordinator = person_with_role(Role.COORDINATOR)
    sign_in(client, coordinator)
    _device, codes = enrol(client)
    for attempt in ("accepted", "refused"):
        client.post(reverse("accounts:sign_out"))
        sign_in(client, coordinator)
        response = client.post(CODE_PAGE, {"code": codes[0].upper()})
        if attempt == "accepted":
            assert response.status_code == 302
            assert events()[-1] == "twofactor.backup_code.used"
        else:
            assert "The code is not right" in response.content.decode()
    assert BackupCode.objects.filter(device__user=coordinator).count() == 9


def test_five_wrong_codes_lock_sign_in_and_the_coordinator_can_unlock(client, settings):
    coordinator = person_with_role(Role.COORDINATOR)
    force = coordinator.memberships.get().organisation
    other_coordinator = person_with_role(Role.COORDINATOR, organisation=force)
    sign_in(client, coordinator)
    device, _codes = enrol(client)
    client.post(reverse("accounts:sign_out"))
    sign_in(client, coordinator)
    wrong = wrong_code_for(device)
    first = client.post(CODE_PAGE, {"code": wrong}).content.decode()
    assert "The code is not right" in first
    for _ in range(3):  # most typed within django-otp's back-off: not checked, but counted
        page = client.post(CODE_PAGE, {"code": wrong}).content.decode()
        assert "The code is not right" in page or "Wait a few seconds after a wrong code" in page
    locked = client.post(CODE_PAGE, {"code": wrong})
    assert locked.status_code == 429
    assert "Sign-in is locked for this account" in locked.content.decode()
    assert "A wrong code was entered 5 times" in locked.content.decode()
    assert client.get("/")["Location"].startswith(reverse("accounts:sign_in"))  # signed out
    lockouts = AuditEvent.objects.filter(event="accounts.sign_in.locked_out")
    assert lockouts.get().organisation_id == force.id
    assert AuditEvent.objects.filter(event="twofactor.code.rejected").count() == 5

    # Even the right password is refused now, and the right code would be too.
    refused = client.post(
        reverse("accounts:sign_in"), {"username": coordinator.email, "password": TEST_PASSWORD}
    )
    assert refused.status_code == 429

    settings.ASSURE_TWO_FACTOR_OPTIONAL = True  # the other coordinator signs in without a code
    client.force_login(other_coordinator)
    page = client.get(reverse("accounts:locked_accounts")).content.decode()
    assert coordinator.email in page
    # A lost authenticator is not a lock-out by passwords: the page points to the reset too.
    assert f'href="{reverse("twofactor:people")}">Reset someone&#x27;s two-factor sign-in' in page
    client.post(reverse("accounts:account_unlock", args=[coordinator.pk]))
    client.logout()
    sign_in(client, coordinator)
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)  # time passes
    assert client.post(CODE_PAGE, {"code": code_for(device, steps_ahead=1)}).status_code == 302


def test_a_code_during_the_back_off_is_not_checked_but_counts(client):
    coordinator = person_with_role(Role.COORDINATOR)
    sign_in(client, coordinator)
    device, _codes = enrol(client)
    client.post(reverse("accounts:sign_out"))
    sign_in(client, coordinator)
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=4, throttling_failure_timestamp=timezone.now()
    )  # four wrong codes just now: eight seconds to wait
    response = client.post(CODE_PAGE, {"code": code_for(device, steps_ahead=1)})
    assert "Wait a few seconds after a wrong code" in response.content.decode()
    assert client.get("/")["Location"].startswith(CODE_PAGE)
    rejected = AuditEvent.objects.get(event="twofactor.code.rejected")
    assert rejected.changes == {"reason": "during the back-off, not checked"}
    assert AccessAttempt.objects.get(username=coordinator.email).failures_since_start == 1


def test_a_coordinator_resets_a_lost_phone_and_the_person_sets_up_again(client, settings):
    approver = person_with_role(Role.APPROVER)
    force = approver.memberships.get().organisation
    coordinator = person_with_role(Role.COORDINATOR, organisation=force)
    outsider = person_with_role(Role.COORDINATOR)
    sign_in(client, approver)
    enrol(client)
    client.post(reverse("accounts:sign_out"))

    settings.ASSURE_TWO_FACTOR_OPTIONAL = True  # the coordinators sign in without a code
    client.force_login(outsider)
    assert client.post(reverse("twofactor:reset", args=[approver.pk])).status_code == 404
    client.force_login(coordinator)
    assert approver.email in client.get(reverse("twofactor:people")).content.decode()
    client.post(reverse("twofactor:reset", args=[approver.pk]))
    assert not TOTPDevice.objects.filter(user=approver).exists()
    assert not BackupCode.objects.filter(device__user=approver).exists()
    reset = AuditEvent.objects.get(event="twofactor.second_factor.reset")
    assert (reset.actor_id, reset.organisation_id) == (coordinator.id, force.id)

    client.logout()
    settings.ASSURE_TWO_FACTOR_OPTIONAL = False
    response = sign_in(client, approver)
    assert response.redirect_chain[-1][0].startswith(reverse("twofactor:enrol"))


def test_someone_who_may_choose_enrols_regenerates_codes_and_turns_it_off(client):
    lead = person_with_role(Role.UNIT_LEAD)
    response = sign_in(client, lead)
    assert response.redirect_chain[-1][0] == reverse("site:home")
    assert "Set up two-factor sign-in" in client.get(reverse("twofactor:manage")).content.decode()
    _device, first_codes = enrol(client)
    response = client.post(reverse("twofactor:backup_codes"))
    new_codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", response.content.decode())
    assert len(new_codes) == 10
    assert not set(new_codes) & set(first_codes)
    client.post(reverse("twofactor:remove"))
    assert not TOTPDevice.objects.filter(user=lead).exists()
    assert events()[-2:] == [
        "twofactor.backup_codes.regenerated",
        "twofactor.second_factor.removed",
    ]


def test_a_coordinator_may_not_turn_it_off(client):
    coordinator = person_with_role(Role.COORDINATOR)
    sign_in(client, coordinator)
    enrol(client)
    assert client.post(reverse("twofactor:remove")).status_code == 404
    assert TOTPDevice.objects.filter(user=coordinator, confirmed=True).exists()


def test_the_demo_setting_keeps_password_only_sign_in(client, settings):
    settings.ASSURE_TWO_FACTOR_OPTIONAL = True
    response = sign_in(client, person_with_role(Role.COORDINATOR))
    assert response.redirect_chain[-1][0] == reverse("site:home")
    assert client.get("/").status_code == 200
