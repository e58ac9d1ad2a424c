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


def rows(queryset: QuerySet, parsers: dict[str, Callable]) -> list[tuple]:
    """``list(queryset)`` for a ``values_list()`` queryset, with ``parsers`` (field name →
    function) applied to those fields and every other value left as the driver gave it."""
    query = queryset.query
    fields: Sequence[str] = queryset._fields or ()  # type: ignore[attr-defined]
    if not fields:
        raise ValueError("plain_rows.rows reads values_list() querysets with named fields")
    # The order in which Django's compiler selects the columns: ``Query.selected`` (the
    # values_list() order) since Django 5.2; model fields, then annotations before it.
    selected = list(query.selected or [])
    if not selected:
        selected = [*query.extra_select, *query.values_select, *query.annotation_select]
    position = {name: index for index, name in enumerate(selected)}
    order = [position[name] for name in fields]
    parse = [(i, parsers[name]) for i, name in enumerate(fields) if name in parsers]
    try:
        sql, params = query.get_compiler(queryset.db).as_sql()
    except EmptyResultSet:  # e.g. an empty IN list: Django knows there can be no rows
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    if order == list(range(len(order))):  # Django 5.2+: the SQL has them in the order asked
        if not parse:
            return fetched
        out = []
        for row in fetched:
            values = list(row)
            for i, parser in parse:
                values[i] = parser(values[i])
            out.append(tuple(values))
        return out
    out = []
    for row in fetched:
        values = [row[i] for i in order]
        for i, parser in parse:
            values[i] = parser(values[i])
        out.append(tuple(values))
    return out
