"""Writes for accounts: organisations, units, people and their memberships, invitations,
switching accounts off and on, passwords (changed, reset by e-mail), signing in and out, sessions
(idle time-out, signing out everywhere), and what goes wrong when signing in (failures,
lockouts, unlocking)."""

import secrets

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import login, logout, password_validation, update_session_auth_hash
from django.core.exceptions import PermissionDenied, ValidationError

from assure.core import audit
from assure.core.service import on_commit, service

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


def _check_role(organisation: Organisation, role, unit: Unit | None) -> Role:
    role = Role(role)
    expected_kind = permissions.ROLE_ORGANISATION_KIND[role]
    if organisation.kind != expected_kind:
        raise ValidationError(
            f"The {role.label.lower()} role belongs in a "
            f"{OrganisationKind(expected_kind).label.lower()}, not in {organisation}."
        )
    if role in permissions.ROLES_NEEDING_UNIT and unit is None:
        raise ValidationError({"unit": f"A {role.label.lower()} must be given a unit."})
    if unit is not None and unit.organisation_id != organisation.id:
        raise ValidationError({"unit": f"{unit} is not a unit of {organisation}."})
    return role


@service
def membership_grant(
    *, actor, user: User, organisation: Organisation, role: Role, unit: Unit | None = None
) -> Membership:
    _require(permissions.can_manage_people_in(actor, organisation))
    role = _check_role(organisation, role, unit)
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
    _require(permissions.can_manage_people_in(actor, membership.organisation))
    membership = Membership.objects.select_for_update(of=("self",)).get(pk=membership.pk)
    _keep_a_coordinator(membership)
    if not membership.user.memberships.exclude(pk=membership.pk).exists():
        raise ValidationError(
            f"This is {membership.user.display_name}’s only role. To stop them using Assure, "
            "switch their account off instead."
        )
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


# People in a force: invitations, roles, switching accounts off and on ------------------------


def _manages_person(actor, person: User) -> bool:
    if permissions.is_system_or_superuser(actor):
        return True
    managed = permissions.managed_force_ids(actor)
    return person.memberships.filter(organisation_id__in=managed).exists()


def _send_link(person: User, purpose: str, invited_by: str = "") -> None:
    """Queue the e-mail with a link to set a password, once the write has committed."""
    from .tasks import send_password_link

    on_commit(lambda: send_password_link.enqueue(person.pk, purpose, invited_by))


def _keep_a_coordinator(membership: Membership) -> None:
    """A force always keeps one coordinator with a working account: someone must manage it."""
    if membership.role != Role.COORDINATOR:
        return
    others = Membership.objects.filter(
        organisation_id=membership.organisation_id, role=Role.COORDINATOR, user__is_active=True
    ).exclude(pk=membership.pk)
    if not others.exists():
        raise ValidationError(
            f"{membership.user.display_name} is the only coordinator of "
            f"{membership.organisation}. Make someone else a coordinator first."
        )


@service
def user_invite(
    *,
    actor,
    email: str,
    full_name: str,
    organisation: Organisation,
    role: Role,
    unit: Unit | None = None,
    job_title: str = "",
) -> User:
    """Make an account for someone new in the actor's force, with their first role, and e-mail
    them a one-time link to choose their password. Until they do, the account has no password."""
    _require(permissions.can_manage_people_in(actor, organisation))
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email=email).exists():
        raise ValidationError(
            {
                "email": "There is already an Assure account with this email address. If the "
                "person is in your force, give them the role from their page under People."
            }
        )
    _check_role(organisation, role, unit)
    person = User.objects.create_user(
        email=email, password=None, full_name=full_name, job_title=job_title
    )
    audit.record(
        actor=actor,
        event=events.USER_INVITED,
        target=person,
        organisation=organisation,
        changes=audit.created(person, ["email", "full_name", "job_title"]),
    )
    membership_grant(actor=actor, user=person, organisation=organisation, role=role, unit=unit)
    _send_link(person, "invitation", invited_by=audit.actor_label(actor))
    return person


@service
def invitation_resend(*, actor, person: User) -> None:
    """Send a new invitation to someone who has not yet chosen a password."""
    _require(_manages_person(actor, person))
    if person.has_usable_password():
        raise ValidationError(f"{person.display_name} has already chosen a password.")
    if not person.is_active:
        raise ValidationError(f"{person.display_name}’s account is switched off.")
    for force_id in _trails_of(person):
        audit.record(
            actor=actor,
            event=events.INVITATION_RESENT,
            target=person,
            organisation_id=force_id,
            changes={"email": person.email},
        )
    _send_link(person, "invitation", invited_by=audit.actor_label(actor))


def _switch(actor, person: User, *, active: bool) -> None:
    if getattr(actor, "pk", None) == person.pk:
        raise ValidationError("You cannot switch your own account off or on.")
    _require(_manages_person(actor, person))
    person = User.objects.select_for_update(of=("self",)).get(pk=person.pk)
    held = list(person.memberships.all())
    if not permissions.can_switch_account(actor, person, held):
        raise ValidationError(
            f"{person.display_name} also holds a role in an organisation you do not manage, so "
            "their account can be switched off or on only by its coordinators. You can remove "
            "their roles in your force."
        )
    if person.is_active == active:
        state = "on" if active else "off"
        raise ValidationError(f"{person.display_name}’s account is already switched {state}.")
    if not active:
        for membership in held:
            _keep_a_coordinator(membership)
    person.is_active = active
    # Switching off ends every session at once, whatever the session store.
    person.session_salt = secrets.token_hex(16)
    person.save(update_fields=["is_active", "session_salt"])
    for force_id in _trails_of(person):
        about = {
            "target": person,
            "organisation_id": force_id,
            "changes": {"is_active": [not active, active]},
        }
        if active:
            audit.record(actor=actor, event=events.USER_REACTIVATED, **about)
        else:
            audit.record(actor=actor, event=events.USER_DEACTIVATED, **about)


@service
def user_deactivate(*, actor, person: User) -> None:
    """Switch an account off: the person is signed out everywhere and cannot sign in, reset
    their password or use their API tokens. Their name stays on what they wrote."""
    _switch(actor, person, active=False)


@service
def user_reactivate(*, actor, person: User) -> None:
    _switch(actor, person, active=True)


@service
def membership_change(
    *, actor, membership: Membership, role: Role, unit: Unit | None = None
) -> Membership:
    """Change the role, or the unit, a person holds in the actor's force."""
    _require(permissions.can_manage_people_in(actor, membership.organisation))
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("user", "organisation", "unit")
        .get(pk=membership.pk)
    )
    role = _check_role(membership.organisation, role, unit)
    if role == membership.role and unit == membership.unit:
        raise ValidationError("Nothing has changed: choose another role or unit.")
    if role != Role.COORDINATOR:
        _keep_a_coordinator(membership)
    clash = Membership.objects.filter(
        user=membership.user, organisation=membership.organisation, unit=unit, role=role
    ).exclude(pk=membership.pk)
    if clash.exists():
        raise ValidationError(f"{membership.user.display_name} already holds that role.")
    before = {"role": membership.role, "unit": membership.unit.code if membership.unit else None}
    membership.role = role
    membership.unit = unit
    membership.save(update_fields=["role", "unit", "updated_at"])
    audit.record(
        actor=actor,
        event=events.MEMBERSHIP_CHANGED,
        target=membership,
        organisation=membership.organisation,
        changes={
            "user": membership.user.email,
            **audit.changes_between(
                before, {"role": role.value, "unit": unit.code if unit else None}
            ),
        },
    )
    return membership


# Passwords ----------------------------------------------------------------------------------


def _validated(password: str, person: User, field: str) -> str:
    try:
        password_validation.validate_password(password, person)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error
    return password


@service
def password_change(*, actor: User, request, new_password: str) -> None:
    """The signed-in person's new password (the form has checked the current one). Their other
    sessions end: each carries a hash of the old password."""
    _require(getattr(actor, "is_authenticated", False))
    actor.set_password(_validated(new_password, actor, "new_password1"))
    actor.save(update_fields=["password"])
    update_session_auth_hash(request, actor)
    for force_id in _trails_of(actor):
        audit.record(
            actor=actor, event=events.PASSWORD_CHANGED, target=actor, organisation_id=force_id
        )


class PasswordResetAsker:
    """The actor of a reset request: someone, not signed in, giving this e-mail address."""

    is_authenticated = False
    pk = None

    def __init__(self, email: str):
        self.email = email.lower()[:254]

    def __str__(self):
        return f"someone asking to reset the password of {self.email}"


@service
def password_reset_request(*, actor: PasswordResetAsker) -> None:
    """E-mail a reset link if the address is an active account's; the asker is told the same
    either way, and the trail (of the person's forces) says whether a link was sent."""
    person = _person(actor.email)
    sent = person is not None and person.is_active
    for force_id in _trails_of(person):
        audit.record(
            actor=actor,
            event=events.PASSWORD_RESET_REQUESTED,
            target=person,
            organisation_id=force_id,
            changes={"email": actor.email, "link_sent": sent},
        )
    if sent and person is not None:
        _send_link(person, "reset")


@service
def password_set_from_link(*, actor: User, purpose: str, new_password: str) -> None:
    """A person who followed an invitation or reset link (the view has checked its token) chooses
    their password. The link stops working, their other sessions end, and a lock from wrong
    passwords lifts: they have shown they hold the mailbox."""
    _require(actor.is_active and purpose in ("invitation", "reset"))
    actor.set_password(_validated(new_password, actor, "new_password1"))
    actor.save(update_fields=["password"])
    axes_reset(username=actor.email)
    for force_id in _trails_of(actor):
        if purpose == "invitation":
            audit.record(
                actor=actor,
                event=events.INVITATION_ACCEPTED,
                target=actor,
                organisation_id=force_id,
            )
        else:
            audit.record(
                actor=actor, event=events.PASSWORD_RESET, target=actor, organisation_id=force_id
            )


# Sessions -----------------------------------------------------------------------------------


@service
def session_end_others(*, actor: User, request) -> None:
    """Sign the person out everywhere but here: a new session salt changes the hash every other
    session of theirs carries, so Django ends each on its next request."""
    _require(getattr(actor, "is_authenticated", False))
    actor.session_salt = secrets.token_hex(16)
    actor.save(update_fields=["session_salt"])
    update_session_auth_hash(request, actor)
    for force_id in _trails_of(actor):
        audit.record(
            actor=actor,
            event=events.SESSION_ENDED_ELSEWHERE,
            target=actor,
            organisation_id=force_id,
        )


@service
def session_time_out(*, actor: User, request, idle_minutes: int) -> None:
    """End a session that has not been used for ``idle_minutes`` (the idle time-out)."""
    for force_id in _trails_of(actor):
        audit.record(
            actor=actor,
            event=events.SESSION_TIMED_OUT,
            target=actor,
            organisation_id=force_id,
            changes={"idle_minutes": idle_minutes},
        )
    logout(request)
