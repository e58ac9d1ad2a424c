"""Pages answered from the page cache (core/page_cache.py) are the pages worked out afresh: for
every person, after every change made through a service, and on another day."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assure.core import page_cache
from assure.plans import services
from assure.plans.models import ActionPlan, Assignment, ClosureState, Rag

pytestmark = pytest.mark.django_db

# Made anew for every response: the CSRF token's mask, the CSP nonce, the request id.
PER_RESPONSE = re.compile(r'(name="csrfmiddlewaretoken" value=|nonce=)"[^"]*"')


def _html(response) -> str:
    assert response.status_code == 200
    return PER_RESPONSE.sub(r'\1""', response.content.decode())


def _plan() -> ActionPlan:
    return ActionPlan.objects.get(inspection__force__slug="west-yorkshire")


def _get(client, settings, user, url, *, cached: bool) -> str:
    settings.ASSURE_PAGE_CACHE = cached
    client.force_login(user)
    return _html(client.get(url))


def _pages(demo_users):
    plan = _plan()
    return [
        (demo_users["coordinator"], reverse("plans:plan", kwargs={"pk": plan.pk})),
        (demo_users["coordinator"], reverse("plans:plan", kwargs={"pk": plan.pk}) + "?overdue=on"),
        (demo_users["coordinator"], reverse("plans:my_work")),
        (demo_users["lead.leeds"], reverse("plans:my_work")),
        (demo_users["lead.bradford"], reverse("plans:my_work")),
        (demo_users["lead.leeds"], reverse("plans:plan", kwargs={"pk": plan.pk})),
        (demo_users["inspector"], reverse("plans:national")),
        (demo_users["inspector"], reverse("plans:national") + "?area=MISPERs"),
    ]


def test_every_cached_page_is_the_page_worked_out_afresh(client, settings, demo_users):
    pages = _pages(demo_users)
    fresh = [_get(client, settings, user, url, cached=False) for user, url in pages]
    for _ in range(2):  # the first round fills the cache, the second reads it
        cached = [_get(client, settings, user, url, cached=True) for user, url in pages]
        assert cached == fresh
    # Different people, different pages: the cache did not hand one person's to another.
    assert len(set(cached)) == len(pages)


def test_the_second_request_skips_the_work(client, settings, demo_users):
    settings.ASSURE_PAGE_CACHE = True
    client.force_login(demo_users["coordinator"])
    url = reverse("plans:plan", kwargs={"pk": _plan().pk})
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    assert counts[1] <= counts[0] - 5, counts


def test_a_change_through_a_service_shows_at_once(client, settings, demo_users):
    lead = demo_users["lead.leeds"]
    coordinator = demo_users["coordinator"]
    plan_url = reverse("plans:plan", kwargs={"pk": _plan().pk})
    before = _get(client, settings, coordinator, plan_url, cached=True)
    work_before = _get(client, settings, lead, reverse("plans:my_work"), cached=True)
    assignment = (
        Assignment.objects.filter(
            action__plan=_plan(), unit__name="Leeds", closure_state=ClosureState.OPEN
        )
        .order_by("pk")
        .first()
    )
    version = page_cache.data_version()
    services.update_add(
        actor=lead,
        assignment=assignment,
        narrative="The regional team now does this review.",
        rag=Rag.GREY,  # "Not adopted" outranks "Overdue": the matrix and counts change
        percent_complete=0,
        not_adopted_reason="Covered by the regional team's process.",
    )
    assert page_cache.data_version() > version
    after = _get(client, settings, coordinator, plan_url, cached=True)
    assert after == _get(client, settings, coordinator, plan_url, cached=False)
    assert after != before
    work_after = _get(client, settings, lead, reverse("plans:my_work"), cached=True)
    assert work_after == _get(client, settings, lead, reverse("plans:my_work"), cached=False)
    assert work_after != work_before


def test_another_day_is_worked_out_for_that_day(client, settings, demo_users):
    url = reverse("plans:my_work")
    lead = demo_users["lead.leeds"]
    settings.ASSURE_TODAY = datetime.date(2015, 12, 21)
    december = _get(client, settings, lead, url, cached=True)
    settings.ASSURE_TODAY = datetime.date(2015, 6, 15)
    june = _get(client, settings, lead, url, cached=True)
    assert june != december
    assert june == _get(client, settings, lead, url, cached=False)


def test_no_cached_part_holds_a_csrf_token(client, settings, demo_users, monkeypatch):
    kept = []
    store = page_cache.caches["pages"]
    real = store.set

    def keep(key, value, *args, **kwargs):
        kept.append(value)
        return real(key, value, *args, **kwargs)

    monkeypatch.setattr(store, "set", keep)
    for user, url in _pages(demo_users):
        _get(client, settings, user, url, cached=True)
    assert kept
    assert not [v for v in kept if "csrfmiddlewaretoken" in repr(v)]
