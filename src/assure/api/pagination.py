"""Cursor pagination on (sort key, id): stable while rows are added, and a page costs one query
however deep into the list it is (no OFFSET).

The cursor is opaque to clients: base64url of ``[sort value, id]`` of the last row served. It
grants nothing: the next page is read from the person's own scope like the first.
"""

import base64
import binascii
import datetime
import json
from dataclasses import dataclass

from django.db.models import Q, QuerySet

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_CURSOR_LENGTH = 200
MAX_ID = 2**63 - 1


class InvalidCursor(ValueError):
    """The cursor was not one this API handed out."""


@dataclass(frozen=True)
class Page:
    rows: list
    next_cursor: str | None


def encode(value: datetime.datetime, pk: int) -> str:
    raw = json.dumps([value.isoformat(), pk], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str) -> tuple[datetime.datetime, int]:
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise InvalidCursor("The cursor is too long")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value, pk = json.loads(raw)
        moment = datetime.datetime.fromisoformat(value)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as error:
        raise InvalidCursor("The cursor is not one this API gave") from error
    if not isinstance(pk, int) or isinstance(pk, bool) or not 1 <= pk <= MAX_ID:
        raise InvalidCursor("The cursor is not one this API gave")
    if moment.tzinfo is None:
        raise InvalidCursor("The cursor is not one this API gave")
    return moment, pk


def paginate(queryset: QuerySet, *, sort_field: str, cursor: str | None, limit: int) -> Page:
    ordered = queryset.order_by(sort_field, "pk")
    if cursor:
        value, pk = decode(cursor)
        ordered = ordered.filter(
            Q(**{f"{sort_field}__gt": value}) | Q(**{sort_field: value, "pk__gt": pk})
        )
    rows = list(ordered[: limit + 1])
    if len(rows) <= limit:
        return Page(rows=rows, next_cursor=None)
    last = rows[limit - 1]
    return Page(rows=rows[:limit], next_cursor=encode(getattr(last, sort_field), last.pk))
