"""Writes for API tokens: a person creates and revokes their own, each audited."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from assure.core import audit
from assure.core.service import service

from . import events, permissions, tokens
from .models import ApiToken

DEFAULT_LIFETIME_DAYS = 90
MAX_LIFETIME_DAYS = 365
#: Active tokens a person may hold at once: enough for a few BI reports, and a bounded page.
MAX_ACTIVE_TOKENS = 10


def _now() -> datetime.datetime:
    # Real time, not the demo's pinned clock (core/clock.py): an expiry is a security boundary
    # measured in elapsed time, like sessions and sign-in lockouts, not a date in the plan's story.
    return timezone.now()


def _organisation_id(user) -> int | None:
    membership = user.memberships.order_by("pk").first()
    return membership.organisation_id if membership else None


@service
def api_token_create(
    *, actor, name: str, lifetime_days: int = DEFAULT_LIFETIME_DAYS
) -> tuple[ApiToken, str]:
    """A new token for the actor; returns it with its secret, which is never readable again."""
    if not permissions.may_hold_tokens(actor):
        raise PermissionDenied
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Enter what the token is for"})
    if len(name) > ApiToken._meta.get_field("name").max_length:  # type: ignore[operator]
        raise ValidationError({"name": "Name must be 100 characters or fewer"})
    if not 1 <= lifetime_days <= MAX_LIFETIME_DAYS:
        raise ValidationError({"lifetime_days": "A token lasts between 1 day and 1 year"})
    now = _now()
    # Counted under a lock on the person's row, so two tabs at once cannot pass the cap together.
    get_user_model().objects.select_for_update().filter(pk=actor.pk).first()
    active = permissions.tokens_of(actor).filter(revoked_at__isnull=True, expires_at__gt=now)
    if active.count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            f"You already have {MAX_ACTIVE_TOKENS} active tokens. Revoke one you no longer use."
        )
    secret = tokens.new_secret()
    token = ApiToken.objects.create(
        user=actor,
        name=name,
        prefix=tokens.prefix(secret),
        digest=tokens.digest(secret),
        created_at=now,
        expires_at=now + datetime.timedelta(days=lifetime_days),
    )
    audit.record(
        actor=actor,
        event=events.API_TOKEN_CREATED,
        target=token,
        changes=audit.created(token, ["name", "prefix", "expires_at"]),
        organisation_id=_organisation_id(actor),
    )
    return token, secret


@service
def api_token_revoke(*, actor, token_id: int) -> ApiToken:
    """Revoke one of the actor's own tokens; it answers 401 from then on."""
    token = permissions.tokens_of(actor).select_for_update().filter(pk=token_id).first()
    if token is None:
        raise PermissionDenied
    if token.revoked_at is not None:
        raise ValidationError("This token was already revoked.")
    token.revoked_at = _now()
    token.save(update_fields=["revoked_at"])
    audit.record(
        actor=actor,
        event=events.API_TOKEN_REVOKED,
        target=token,
        changes={"revoked_at": [None, audit.json_safe(token.revoked_at)]},
        organisation_id=_organisation_id(actor),
    )
    return token
