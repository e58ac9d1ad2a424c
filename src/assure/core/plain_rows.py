"""Rows of a ``values_list`` queryset as the database driver returns them, parsing only the
columns named.

For reads of hundreds of thousands of rows (a national export), Django's converters cost more
than the query: a generic loop calls one per value, and on SQLite each datetime is made aware
there. Here the ORM still writes the SQL; only the reading differs. SQLite's driver already
types stored dates and timestamps (naive, in UTC); expressions such as a COALESCE of dates come
as text there, and typed on PostgreSQL, so the parsers accept both.
"""

import datetime
from collections.abc import Callable, Sequence

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet


def to_date(value) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


def rows(queryset: QuerySet, parsers: dict[str, Callable] | None = None) -> list[tuple]:
    """``list(queryset)`` for a ``values_list()`` queryset, with ``parsers`` (field name →
    function) applied to those fields and every other value left as the driver gave it."""
    fields: Sequence[str] = queryset._fields or ()  # type: ignore[attr-defined]
    if not fields:
        raise ValueError("plain_rows.rows reads values_list() querysets with named fields")
    # Django (5.2 and later) selects a values_list()'s columns in the order they were named.
    if list(queryset.query.selected or ()) != list(fields):
        raise ValueError("plain_rows.rows needs the columns selected in the order named")
    parse = [(i, parsers[name]) for i, name in enumerate(fields) if name in (parsers or {})]
    try:
        sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    except EmptyResultSet:  # e.g. an empty IN list: Django knows there can be no rows
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    if not parse:
        return fetched
    out = []
    for row in fetched:
        values = list(row)
        for i, parser in parse:
            values[i] = parser(values[i])
        out.append(tuple(values))
    return out
