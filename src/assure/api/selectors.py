"""Reads for the token page and for recognising a token on an API request."""

from django.db.models import QuerySet
from django.utils import timezone

from . import permissions, tokens
from .models import ApiToken

#: The token page lists at most this many (active first is not needed: newest first is).
TOKENS_SHOWN = 30


def user_for_secret(secret: str):
    """The active person a usable token belongs to, or None (revoked, expired, unknown): one
    indexed query by the secret's digest."""
    if not tokens.looks_like_secret(secret):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(
            digest=tokens.digest(secret),
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),  # real time: see services._now
            user__is_active=True,
        )
        .first()
    )
    return token.user if token else None


def tokens_for_page(user) -> QuerySet[ApiToken]:
    return permissions.tokens_of(user).order_by("-created_at", "-id")[:TOKENS_SHOWN]
