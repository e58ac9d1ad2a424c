"""Reads for the two-factor pages, scoped to the person asking."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django_otp.plugins.otp_totp.models import TOTPDevice

from assure.accounts.models import Role, User
from assure.accounts.permissions import forces_with_role

from . import permissions
from .models import BackupCode, BackupCodeDevice

# A force's people are a few hundred; the page shows at most this many.
PEOPLE_PAGE_LIMIT = 500


def confirmed_totp(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_totp(user) -> TOTPDevice | None:
    """The authenticator being set up: added, not yet confirmed with a code."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def backup_device(user) -> BackupCodeDevice | None:
    return BackupCodeDevice.objects.filter(user=user, confirmed=True).first()


@dataclass(frozen=True)
class Status:
    enrolled: bool
    required: bool
    backup_codes_left: int


def status_for(user) -> Status:
    return Status(
        enrolled=has_second_factor(user),
        required=permissions.must_use_two_factor(user),
        backup_codes_left=BackupCode.objects.filter(
            device__user=user, device__confirmed=True
        ).count(),
    )


@dataclass(frozen=True)
class PersonRow:
    person: User
    enrolled: bool


def people_for(user) -> list[PersonRow]:
    """People of the forces the user coordinates (and the organisations linked to them), with
    whether each has a second factor: one query whatever their number."""
    if not permissions.may_see_people(user):
        return []
    forces = forces_with_role(user, Role.COORDINATOR)
    people = (
        User.objects.filter(
            Q(memberships__organisation_id__in=forces)
            | Q(memberships__organisation__forces__in=forces)
        )
        .distinct()
        .annotate(enrolled=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)))
        .order_by("full_name", "email")[:PEOPLE_PAGE_LIMIT]
    )
    return [PersonRow(person, person.enrolled) for person in people]


def person_to_reset(user, pk: int) -> User:
    """A person whose second factor the user may reset, or 404."""
    person = User.objects.filter(pk=pk).first()
    if person is None or not permissions.can_reset_for(user, person):
        raise Http404
    return person


def account_links(user) -> list[dict]:
    """The accounts app's ``account_links`` extension point: the person's own second factor on
    /account/, and for coordinators the page where they reset their people's."""
    from django.urls import reverse

    links = [{"text": "Two-factor sign-in", "href": reverse("twofactor:manage")}]
    if permissions.may_see_people(user):
        links.append(
            {"text": "Two-factor sign-in of your people", "href": reverse("twofactor:people")}
        )
    return links


def locked_accounts_links(user) -> list[dict]:
    """The accounts app's ``locked_accounts_links`` extension point: someone who has lost their
    authenticator and backup codes is not locked out by passwords, but cannot sign in either."""
    from django.urls import reverse

    if not permissions.may_see_people(user):
        return []
    return [
        {
            "text": "Reset someone's two-factor sign-in",
            "href": reverse("twofactor:people"),
            "description": "if they have lost their authenticator app and their backup codes",
        }
    ]
