"""core/plain_rows.py: the rows Django would give, without its converters, on either database."""

import datetime

import pytest
from django.db.models import F, Value
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
