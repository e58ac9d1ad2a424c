"""core/plain_rows.py: the rows Django would give, without its converters, on either database."""

import contextlib
import datetime

import pytest
from django.db import DatabaseError, transaction
from django.db.models import F, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, TruncDate

from assure.core import audit, plain_rows
from assure.core.audit import SystemActor
from assure.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    actor = SystemActor("test")
    for name in ("test.one", "test.two", "test.three"):
        audit.record(actor=actor, event=name)
    return AuditEvent.objects.filter(event__startswith="test.").order_by("sequence")


def test_rows_equal_djangos_own_with_an_annotation_between_fields(events):
    queryset = events.annotate(day=TruncDate("occurred_at")).values_list("event", "day", "sequence")
    rows = plain_rows.rows(queryset, {"day": plain_rows.to_date})
    assert rows == list(queryset)
    assert [r[0] for r in rows] == ["test.one", "test.two", "test.three"]
    assert all(isinstance(r[1], datetime.date) for r in rows)


def test_a_date_expression_is_parsed_whichever_way_the_driver_gives_it(events):
    queryset = events.annotate(
        day=Coalesce(TruncDate("occurred_at"), Value(datetime.date(2015, 1, 1)))
    ).values_list("day", flat=False)
    rows = plain_rows.rows(queryset, {"day": plain_rows.to_date})
    assert rows == list(queryset)
    assert all(type(r[0]) is datetime.date for r in rows)


def test_an_empty_in_list_gives_no_rows_without_a_query(events, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert plain_rows.rows(events.filter(pk__in=[]).values_list("pk"), {}) == []


def test_a_values_list_without_named_fields_is_refused(events):
    with pytest.raises(ValueError, match="named fields"):
        plain_rows.rows(events.annotate(n=F("sequence")), {})


def test_a_stream_gives_the_rows_djangos_own_would_in_order(events):
    queryset = events.annotate(day=TruncDate("occurred_at")).values_list("event", "day", "sequence")
    streamed = list(plain_rows.stream(queryset, {"day": plain_rows.to_date}))
    assert streamed == list(queryset)
    assert [r[0] for r in streamed] == ["test.one", "test.two", "test.three"]


def test_a_stream_is_one_query_that_query_counts_see(events, django_assert_num_queries):
    with django_assert_num_queries(1) as captured:
        assert len(list(plain_rows.stream(events.values_list("event")))) == 3
    assert "core_auditevent" in captured.captured_queries[0]["sql"]


def test_a_stream_of_an_empty_in_list_runs_no_query(events, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert list(plain_rows.stream(events.filter(pk__in=[]).values_list("pk"))) == []


def test_a_failing_stream_raises_djangos_database_error_and_leaves_the_connection_usable(events):
    broken = events.annotate(bad=RawSQL("no_such_column", ())).values_list("bad")
    with pytest.raises(DatabaseError), transaction.atomic():
        list(plain_rows.stream(broken))
    assert len(list(plain_rows.stream(events.values_list("event")))) == 3


def _many_events(n: int = 600):
    """More rows than a PostgreSQL stream hands over at once (plain_rows.STREAM_ROWS)."""
    actor = SystemActor("test")
    for i in range(n):
        audit.record(actor=actor, event=f"test.many.{i}")
    return AuditEvent.objects.filter(event__startswith="test.many.").order_by("sequence")


def test_a_stream_closed_part_way_leaves_the_connection_free():
    events = _many_events()
    rows = plain_rows.stream(events.values_list("event"))
    assert next(rows) == ("test.many.0",)
    rows.close()  # abandoned after one of 600 rows (several chunks on PostgreSQL)
    assert events.count() == 600


def test_an_error_while_reading_a_stream_leaves_the_connection_free_for_the_rollback():
    events = _many_events()

    def read_until_the_caller_fails():
        with contextlib.closing(plain_rows.stream(events.values_list("event"))) as rows:
            for n, _row in enumerate(rows):
                if n == 400:
                    raise RuntimeError("a bug in the caller")

    with pytest.raises(RuntimeError), transaction.atomic():
        read_until_the_caller_fails()
    assert events.count() == 600
