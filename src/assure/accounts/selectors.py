"""Reads for accounts pages, scoped to the user."""

import datetime
from dataclasses import dataclass

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Q, Sum
from django.http import Http404
from django.utils import timezone

from . import permissions
from .models import Role, User

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
