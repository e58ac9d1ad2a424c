"""Reads for accounts pages, scoped to the user."""

import datetime
from dataclasses import dataclass

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Prefetch, Q, Sum
from django.http import Http404
from django.utils import timezone

from . import permissions
from .models import Membership, Organisation, Role, Unit, User

# Locked accounts are few; the page shows at most this many, the most recent first.
LOCKED_PAGE_LIMIT = 200


@dataclass(frozen=True)
class LockedAccount:
    person: User
    locked_until: datetime.datetime


def _people_coordinated_by(user):
    forces = permissions.forces_with_role(user, Role.COORDINATOR)
    return User.objects.filter(
        Q(memberships__organisation_id__in=forces) | Q(memberships__organisation__forces__in=forces)
    ).distinct()


def locked_accounts_for(user) -> list[LockedAccount]:
    """People of the forces the user coordinates whose accounts django-axes has locked now."""
    if not permissions.forces_with_role(user, Role.COORDINATOR):
        return []
    cool_off = datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)
    attempts = (
        AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - cool_off)
        .values("username")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last")[:LOCKED_PAGE_LIMIT]
    )
    last_by_email = {row["username"]: row["last"] for row in attempts}
    people = _people_coordinated_by(user).filter(email__in=last_by_email)
    accounts = [LockedAccount(p, last_by_email[p.email] + cool_off) for p in people]
    return sorted(accounts, key=lambda a: a.locked_until, reverse=True)


def person_to_unlock(user, pk: int) -> User:
    """A person whose account the user may unlock, or 404."""
    person = User.objects.filter(pk=pk).first()
    if person is None or not permissions.can_unlock_account(user, person):
        raise Http404
    return person


# People in a force ----------------------------------------------------------------------------

PEOPLE_PER_PAGE = 100


def _managed_memberships(user):
    return (
        Membership.objects.filter(organisation_id__in=permissions.managed_force_ids(user))
        .select_related("organisation", "unit")
        .order_by("organisation__name", "role", "unit__name")
    )


def people_for_page(user):
    """People holding a role in a force the user manages, each with those roles (only)."""
    forces = permissions.managed_force_ids(user)
    if not forces:
        raise Http404
    return (
        User.objects.filter(memberships__organisation_id__in=forces)
        .distinct()
        .prefetch_related(
            Prefetch("memberships", queryset=_managed_memberships(user), to_attr="managed")
        )
        .order_by("full_name", "email")
    )


@dataclass(frozen=True)
class PersonPage:
    person: User
    managed: list[Membership]
    roles_elsewhere: int
    locked: bool


def person_for_page(user, pk: int) -> PersonPage:
    """A person in a force the user manages, their roles there, and how many they hold
    elsewhere (not which: that is another organisation's business); else 404."""
    person = User.objects.filter(pk=pk).first() if 0 < pk < 2**63 else None
    if person is None:
        raise Http404
    held = list(
        person.memberships.select_related("organisation", "unit").order_by(
            "organisation__name", "role", "unit__name"
        )
    )
    managed_ids = permissions.managed_force_ids(user)
    managed = [m for m in held if m.organisation_id in managed_ids]
    if not managed:
        raise Http404
    cool_off = datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)
    locked = (
        AccessAttempt.objects.filter(
            username=person.email, attempt_time__gte=timezone.now() - cool_off
        ).aggregate(failures=Sum("failures_since_start"))["failures"]
        or 0
    ) >= settings.AXES_FAILURE_LIMIT
    return PersonPage(person, managed, len(held) - len(managed), locked)


def person_to_manage(user, pk: int) -> User:
    return person_for_page(user, pk).person


def membership_to_manage(user, pk: int) -> Membership:
    membership = (
        _managed_memberships(user).select_related("user").filter(pk=pk).first()
        if 0 < pk < 2**63
        else None
    )
    if membership is None:
        raise Http404
    return membership


def managed_forces(user):
    return Organisation.objects.filter(pk__in=permissions.managed_force_ids(user)).order_by("name")


def managed_units(user):
    return (
        Unit.objects.filter(organisation_id__in=permissions.managed_force_ids(user))
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )


def account_for_page(user) -> list[Membership]:
    """The signed-in person's own roles, for their account page."""
    return permissions.memberships(user)
