"""Rows of a ``values_list`` queryset as the database driver returns them, parsing only the
columns named.

For reads of hundreds of thousands of rows (a national export), Django's converters cost more
than the query: a generic loop calls one per value, and on SQLite each datetime is made aware
there. Here the ORM still writes the SQL; only the reading differs. SQLite's driver already
types stored dates and timestamps (naive, in UTC); expressions such as a COALESCE of dates come
as text there, and typed on PostgreSQL, so the parsers accept both.
"""

import datetime
import time
from collections.abc import Callable, Iterator, Sequence

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

# Rows a PostgreSQL stream hands over at a time (psycopg's chunked-rows mode): big enough that
# the per-chunk cost vanishes, small enough that the first rows arrive while the server is still
# producing the rest.
STREAM_ROWS = 256


def to_date(value) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


def _prepared(queryset: QuerySet, parsers: dict[str, Callable] | None):
    """The queryset's SQL and parameters (None when Django knows there can be no rows) and the
    (column index, parser) pairs to apply."""
    fields: Sequence[str] = queryset._fields or ()  # type: ignore[attr-defined]
    if not fields:
        raise ValueError("plain_rows reads values_list() querysets with named fields")
    # Django (5.2 and later) selects a values_list()'s columns in the order they were named.
    if list(queryset.query.selected or ()) != list(fields):
        raise ValueError("plain_rows needs the columns selected in the order named")
    parse = [(i, parsers[name]) for i, name in enumerate(fields) if name in (parsers or {})]
    try:
        sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    except EmptyResultSet:  # e.g. an empty IN list
        return None, None, parse
    return sql, params, parse


def _parsed(row: tuple, parse: list[tuple[int, Callable]]) -> tuple:
    values = list(row)
    for i, parser in parse:
        values[i] = parser(values[i])
    return tuple(values)


def rows(queryset: QuerySet, parsers: dict[str, Callable] | None = None) -> list[tuple]:
    """``list(queryset)`` for a ``values_list()`` queryset, with ``parsers`` (field name →
    function) applied to those fields and every other value left as the driver gave it."""
    sql, params, parse = _prepared(queryset, parsers)
    if sql is None:
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    if not parse:
        return fetched
    return [_parsed(row, parse) for row in fetched]


def stream(queryset: QuerySet, parsers: dict[str, Callable] | None = None) -> Iterator[tuple]:
    """``rows``, as an iterator. On PostgreSQL the rows come as the server produces them
    (psycopg's ``Cursor.stream``), so a caller that works on each row does so while the server
    is still finding the rest, instead of waiting for all of them first: for the national
    export that is a fifth of its time. Elsewhere it reads the rows whole, as ``rows`` does.

    Read it to the end, or close it (``contextlib.closing``), before the next query on the
    connection: an unread stream holds the connection, and closing it cancels the query."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        yield from rows(queryset, parsers)
        return
    sql, params, parse = _prepared(queryset, parsers)
    if sql is None:
        return
    import psycopg  # PostgreSQL's driver; only loaded where it is used

    # Rows in chunks need libpq 17 (psycopg's binary wheel brings its own); else one at a time.
    size = STREAM_ROWS if psycopg.capabilities.has_stream_chunked() else 1
    with connection.cursor() as cursor:  # Django's wrapper: it connects, and closes the cursor
        connection.validate_no_broken_transaction()  # as Django's execute does first
        start = time.monotonic()
        fetched = cursor.cursor.stream(sql, params, size=size)
        try:
            with connection.wrap_database_errors:  # psycopg's errors as django.db's
                for row in fetched:
                    yield _parsed(row, parse) if parse else row
        finally:
            fetched.close()  # a stream left unread: psycopg cancels it and frees the connection
            if connection.queries_logged:  # as Django's debug cursor logs, even on an error
                run = connection.ops.last_executed_query(cursor.cursor, sql, params)
                duration = time.monotonic() - start  # the caller's work on the rows included
                connection.queries_log.append({"sql": run, "time": f"{duration:.3f}"})
