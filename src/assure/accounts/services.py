"""Writes for accounts: organisations, units, people and their memberships, signing in and out,
and what goes wrong when signing in (failures, lockouts, unlocking)."""

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import login, logout
from django.core.exceptions import PermissionDenied, ValidationError

from assure.core import audit
from assure.core.service import service

from . import events, permissions
from .models import Membership, Organisation, OrganisationKind, Role, Unit, UnitKind, User


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@service
def organisation_create(
    *, actor, name: str, slug: str, kind: OrganisationKind, forces=()
) -> Organisation:
    _require(permissions.can_create_organisation(actor))
    if Organisation.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": f"An organisation with the slug “{slug}” already exists."})
    organisation = Organisation.objects.create(name=name, slug=slug, kind=kind)
    forces = list(forces)
    if any(force.kind != OrganisationKind.FORCE for force in forces):
        raise ValidationError({"forces": "Only police forces can be linked."})
    organisation.forces.set(forces)
    audit.record(
        actor=actor,
        event=events.ORGANISATION_CREATED,
        target=organisation,
        organisation=forces[0] if forces else organisation,
        changes={
            **audit.created(organisation, ["name", "slug", "kind"]),
            "forces": [None, [f.slug for f in forces]],
        },
    )
    return organisation


@service
def unit_create(*, actor, organisation: Organisation, kind: UnitKind, code: str, name: str) -> Unit:
    _require(permissions.can_administer_organisation(actor, organisation))
    clashes = organisation.units.filter(code__iexact=code) | organisation.units.filter(
        name__iexact=name
    )
    if clashes.exists():
        raise ValidationError(
            f"{organisation} already has a unit with the code {code} or name {name}."
        )
    unit = Unit.objects.create(organisation=organisation, kind=kind, code=code, name=name)
    audit.record(
        actor=actor,
        event=events.UNIT_CREATED,
        target=unit,
        organisation=organisation,
        changes=audit.created(unit, ["code", "name", "kind"]),
    )
    return unit


@service
def user_create(
    *, actor, email: str, full_name: str, job_title: str = "", password: str | None = None
) -> User:
    _require(permissions.is_system_or_superuser(actor) or permissions.is_any_coordinator(actor))
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email=email).exists():
        raise ValidationError({"email": f"A user with the e-mail address {email} already exists."})
    user = User.objects.create_user(
        email=email, password=password, full_name=full_name, job_title=job_title
    )
    audit.record(
        actor=actor,
        event=events.USER_CREATED,
        target=user,
        changes=audit.created(user, ["email", "full_name", "job_title"]),
    )
    return user


@service
def membership_grant(
    *, actor, user: User, organisation: Organisation, role: Role, unit: Unit | None = None
) -> Membership:
    _require(permissions.can_administer_organisation(actor, organisation))
    role = Role(role)
    expected_kind = permissions.ROLE_ORGANISATION_KIND[role]
    if organisation.kind != expected_kind:
        raise ValidationError(
            f"The {role.label.lower()} role belongs in a "
            f"{OrganisationKind(expected_kind).label.lower()}, not in {organisation}."
        )
    if role in permissions.ROLES_NEEDING_UNIT and unit is None:
        raise ValidationError(f"A {role.label.lower()} must be given a unit.")
    if unit is not None and unit.organisation_id != organisation.id:
        raise ValidationError(f"{unit} is not a unit of {organisation}.")
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, unit=unit, role=role
    )
    if not created:
        raise ValidationError(f"{user} already holds that role.")
    audit.record(
        actor=actor,
        event=events.MEMBERSHIP_GRANTED,
        target=membership,
        organisation=organisation,
        changes={
            "user": [None, user.email],
            "role": [None, role.value],
            "unit": [None, unit.code if unit else None],
        },
    )
    return membership


@service
def membership_revoke(*, actor, membership: Membership) -> None:
    _require(permissions.can_administer_organisation(actor, membership.organisation))
    audit.record(
        actor=actor,
        event=events.MEMBERSHIP_REVOKED,
        target=membership,
        organisation=membership.organisation,
        changes={
            "user": [membership.user.email, None],
            "role": [membership.role, None],
            "unit": [membership.unit.code if membership.unit else None, None],
        },
    )
    membership.delete()


@service
def session_sign_in(*, actor: User, request) -> None:
    """Start a session for a person whose password the sign-in form has just checked."""
    login(request, actor, backend="django.contrib.auth.backends.ModelBackend")
    audit.record(actor=actor, event=events.SESSION_SIGNED_IN, target=actor)


@service
def session_sign_out(*, actor: User, request) -> None:
    audit.record(actor=actor, event=events.SESSION_SIGNED_OUT, target=actor)
    logout(request)


class SignInAttempt:
    """The actor of a failed sign-in: someone, not signed in, typing this e-mail address."""

    is_authenticated = False
    pk = None

    def __init__(self, email: str):
        self.email = email[:254]

    def __str__(self):
        return f"someone signing in as {self.email}"


def _trails_of(person: User | None) -> list[int | None]:
    """The forces whose trail an event about this person belongs in, so each force's coordinator
    sees it; no force (an unscoped event) when the address is nobody's."""
    forces: list[int | None] = []
    if person is not None:
        forces.extend(sorted(permissions.forces_of_person(person)))
    return forces or [None]


def _person(email: str) -> User | None:
    return User.objects.filter(email=email.lower()).first()


@service
def sign_in_failed(*, actor: SignInAttempt) -> None:
    """A wrong password, an address no one has, or a switched-off account."""
    person = _person(actor.email)
    if person is None:
        reason = "no account has this address"
    elif not person.is_active:
        reason = "the account is switched off"
    else:
        reason = "wrong password"
    for force_id in _trails_of(person):
        audit.record(
            actor=actor,
            event=events.SIGN_IN_FAILED,
            target=person,
            organisation_id=force_id,
            changes={"email": actor.email, "reason": reason},
        )


@service
def sign_in_locked_out(*, actor: SignInAttempt, started: bool) -> None:
    """django-axes has locked the account (``started``) or refused an attempt while it is locked."""
    person = _person(actor.email)
    changes = {
        "email": actor.email,
        "failures": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME * 60),
    }
    for force_id in _trails_of(person):
        if started:
            audit.record(
                actor=actor,
                event=events.SIGN_IN_LOCKED_OUT,
                target=person,
                organisation_id=force_id,
                changes=changes,
            )
        else:
            audit.record(
                actor=actor,
                event=events.SIGN_IN_REFUSED_LOCKED,
                target=person,
                organisation_id=force_id,
                changes=changes,
            )


@service
def account_unlock(*, actor, person: User) -> int:
    """Lift django-axes' lock on a person's account before it runs out, so someone repeatedly
    typing their address with wrong passwords cannot keep them out. Returns the attempts cleared."""
    _require(permissions.can_unlock_account(actor, person))
    cleared = axes_reset(username=person.email)
    for force_id in _trails_of(person):
        audit.record(
            actor=actor,
            event=events.ACCOUNT_UNLOCKED,
            target=person,
            organisation_id=force_id,
            changes={"failed_attempts_cleared": cleared},
        )
    return cleared
