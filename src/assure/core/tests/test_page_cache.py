"""The data version (core/page_cache.py): one more for every audit event committed, unchanged by
a write that rolls back, and a cached value is recomputed once it moves."""

import pytest
from django.db import transaction

from assure.core import audit, page_cache
from assure.core.audit import SystemActor

pytestmark = pytest.mark.django_db


def test_the_data_version_counts_audit_events_and_not_rolled_back_ones(settings):
    actor = SystemActor("test")
    start = page_cache.data_version()
    audit.record(actor=actor, event="test.one")
    audit.record(actor=actor, event="test.two")
    assert page_cache.data_version() == start + 2

    def failing_write():
        with transaction.atomic():
            audit.record(actor=actor, event="test.three")
            raise RuntimeError("the service failed")

    with pytest.raises(RuntimeError):
        failing_write()
    assert page_cache.data_version() == start + 2


def test_a_cached_value_is_recomputed_when_the_data_moves_and_only_then(settings):
    settings.ASSURE_PAGE_CACHE = True
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert page_cache.cached("test", ("a",), compute) == 1
    assert page_cache.cached("test", ("a",), compute) == 1
    assert page_cache.cached("test", ("b",), compute) == 2  # other parts, another entry
    audit.record(actor=SystemActor("test"), event="test.write")
    assert page_cache.cached("test", ("a",), compute) == 3


def test_switched_off_it_computes_every_time(settings):
    settings.ASSURE_PAGE_CACHE = False
    calls = []
    for _ in range(3):
        page_cache.cached("test", (), lambda: calls.append(1))
    assert len(calls) == 3
