"""Writes for two-factor sign-in: setting up an authenticator app, backup codes, the code asked
for after the password, and removing or resetting a person's second factor.

A wrong code counts as a failed sign-in for django-axes, exactly as a wrong password does, so five
of them lock the account for the same fifteen minutes, the coordinator's unlock lifts it, and the
lockout lands in the audit trail through accounts' own services.
"""

import enum
import secrets

from axes.handlers.proxy import AxesProxyHandler
from axes.utils import reset as axes_reset
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from assure.accounts import services as accounts_services
from assure.accounts import throttling
from assure.accounts.models import User
from assure.accounts.permissions import forces_of_person
from assure.core import audit
from assure.core.service import service

from . import events, permissions, selectors
from .models import BackupCode, BackupCodeDevice, backup_code_digest

BACKUP_CODE_COUNT = 10
_BACKUP_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


def _trails_of(person: User) -> list[int | None]:
    """The forces whose trail an event about this person belongs in (each force's coordinator
    sees it), or no force."""
    return sorted(forces_of_person(person)) or [None]  # type: ignore[return-value]


def _new_backup_code() -> str:
    raw = "".join(secrets.choice(_BACKUP_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def _replace_backup_codes(person: User) -> list[str]:
    BackupCodeDevice.objects.filter(user=person).delete()
    device = BackupCodeDevice.objects.create(user=person, name="Backup codes", confirmed=True)
    codes = [_new_backup_code() for _ in range(BACKUP_CODE_COUNT)]
    BackupCode.objects.bulk_create(
        BackupCode(device=device, digest=backup_code_digest(code)) for code in codes
    )
    return codes


def _devices_of(person: User) -> list[QuerySet]:
    return [TOTPDevice.objects.filter(user=person), BackupCodeDevice.objects.filter(user=person)]


@service
def totp_enrolment_start(*, actor: User) -> TOTPDevice:
    """A new secret for the person's authenticator app, not yet in use until confirmed with a
    code. Starting again replaces a secret that was never confirmed."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
    device = TOTPDevice.objects.create(user=actor, name="Authenticator app", confirmed=False)
    for force_id in _trails_of(actor):
        audit.record(
            actor=actor,
            event=events.TOTP_ENROLMENT_STARTED,
            target=actor,
            organisation_id=force_id,
        )
    return device


@service
def totp_confirm(*, actor: User, request, code: str) -> list[str]:
    """The person typed a code from their app: the secret becomes their second factor, this
    session counts as verified, and they get ten new backup codes (returned, shown once)."""
    device = selectors.pending_totp(actor)
    if device is None:
        raise ValidationError({"code": "Start setting up your authenticator app again."})
    if not device.verify_token(code):
        raise ValidationError(
            {"code": "The code is not right. Enter the 6-digit code your app shows now."}
        )
    TOTPDevice.objects.filter(user=actor).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _replace_backup_codes(actor)
    otp_login(request, device)
    for force_id in _trails_of(actor):
        audit.record(
            actor=actor,
            event=events.TOTP_CONFIRMED,
            target=actor,
            organisation_id=force_id,
            changes={"backup_codes": [None, BACKUP_CODE_COUNT]},
        )
    return codes


@service
def backup_codes_regenerate(*, actor: User) -> list[str]:
    """Ten new backup codes; the old ones stop working."""
    if not selectors.has_second_factor(actor):
        raise PermissionDenied
    codes = _replace_backup_codes(actor)
    for force_id in _trails_of(actor):
        audit.record(
            actor=actor,
            event=events.BACKUP_CODES_REGENERATED,
            target=actor,
            organisation_id=force_id,
            changes={"backup_codes": [None, BACKUP_CODE_COUNT]},
        )
    return codes


@service
def two_factor_remove(*, actor: User) -> None:
    """A person for whom two-factor sign-in is a choice switches it off."""
    if not permissions.may_remove_own(actor) or not selectors.has_second_factor(actor):
        raise PermissionDenied
    for devices in _devices_of(actor):
        devices.delete()
    for force_id in _trails_of(actor):
        audit.record(
            actor=actor,
            event=events.TWO_FACTOR_REMOVED,
            target=actor,
            organisation_id=force_id,
        )


@service
def two_factor_reset(*, actor, person: User) -> None:
    """A coordinator resets a person's second factor (a lost or replaced phone): their app and
    backup codes stop working, and at their next sign-in they set up an app again."""
    if not permissions.can_reset_for(actor, person):
        raise PermissionDenied
    removed = sum(devices.delete()[0] for devices in _devices_of(person))
    for force_id in _trails_of(person):
        audit.record(
            actor=actor,
            event=events.TWO_FACTOR_RESET,
            target=person,
            organisation_id=force_id,
            changes={"devices_removed": removed},
        )


class Outcome(enum.Enum):
    VERIFIED = "verified"
    WRONG = "wrong"
    TOO_SOON = "too soon"  # django-otp's back-off after a wrong code: not checked, counted
    LOCKED = "locked"


def _lock_out(request, person: User, *, started: bool) -> Outcome:
    accounts_services.sign_in_locked_out(
        actor=accounts_services.SignInAttempt(person.email), started=started
    )
    logout(request)  # the password alone never gets further
    # The two-factor page says why (axes' own page would speak of wrong passwords).
    request.axes_locked_out = False
    return Outcome.LOCKED


@service
def second_factor_verify(*, actor: User, request, code: str) -> Outcome:
    """The code asked for after the password: from the authenticator app (six digits) or one of
    the backup codes. A wrong one — or one typed during the device's back-off, unchecked — is a
    failed sign-in for django-axes."""
    credentials = {"username": actor.email}
    if not AxesProxyHandler.is_allowed(request, credentials):
        # Locked (for example from another browser) while this session waited for its code.
        return _lock_out(request, actor, started=False)
    code = "".join(code.split())
    is_app_code = code.isdigit() and len(code) == 6
    device: TOTPDevice | BackupCodeDevice | None = (
        selectors.confirmed_totp(actor) if is_app_code else selectors.backup_device(actor)
    )
    allowed = device is not None and device.verify_is_allowed()[0]
    if device is not None and allowed and device.verify_token(code):
        otp_login(request, device)
        axes_reset(username=actor.email)
        for force_id in _trails_of(actor):
            if is_app_code:
                audit.record(
                    actor=actor, event=events.CODE_ACCEPTED, target=actor, organisation_id=force_id
                )
            else:
                audit.record(
                    actor=actor,
                    event=events.BACKUP_CODE_USED,
                    target=actor,
                    organisation_id=force_id,
                )
        return Outcome.VERIFIED
    reason = "wrong code" if allowed or device is None else "during the back-off, not checked"
    for force_id in _trails_of(actor):
        audit.record(
            actor=actor,
            event=events.CODE_REJECTED,
            target=actor,
            organisation_id=force_id,
            changes={"reason": reason},
        )
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    if state := throttling.lockout_state(request):
        return _lock_out(request, actor, started=state == "started")
    return Outcome.WRONG if allowed or device is None else Outcome.TOO_SOON
