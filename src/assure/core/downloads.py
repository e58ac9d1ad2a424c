"""Downloads of a log that grows without end (the audit trail, the access log to case records):
CSV written as it is read from the database, with what it holds counted first, for the audit
event that records the download (a download discloses data)."""

import datetime
from collections.abc import Callable, Iterable, Iterator

from django.db.models import Count, Max, QuerySet

from .spreadsheets import csv_stream

CHUNK = 2000  # rows read from the database at a time


def counted[M](queryset: QuerySet[M]) -> tuple[int, QuerySet[M]]:
    """How many rows ``queryset`` matches when the download begins, in one query, and the
    queryset capped at the newest of them, so that neither the event recording the download nor
    a row added while it streams is in it. (Ids are given at insert, not at commit: a row with an
    older id committed between the count and the read can still be in the file.)"""
    scope = queryset.aggregate(rows=Count("pk"), newest=Max("pk"))
    return scope["rows"], queryset.filter(pk__lte=scope["newest"] or 0)


def csv_chunks[M](
    queryset: QuerySet[M], header: list[str], row: Callable[[M], Iterable]
) -> Iterator[bytes]:
    """The queryset as CSV chunks (``spreadsheets.csv_stream``), ``CHUNK`` rows read at a time."""
    return csv_stream(header, (row(item) for item in queryset.iterator(chunk_size=CHUNK)))


def plain_filters(filters: dict) -> dict:
    """A page's filters as an audit event keeps them: dates as ISO 8601, the rest as given."""
    return {k: v.isoformat() if isinstance(v, datetime.date) else v for k, v in filters.items()}
