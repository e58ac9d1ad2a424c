"""The coordinator's log of looks at case rows: filtered by person, purpose and date, a page at a
time with its count, and downloaded whole as a streamed, audited CSV."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assure.accounts.models import Membership, OrganisationKind, Role
from assure.accounts.tests.factories import OrganisationFactory, UserFactory
from assure.core import downloads
from assure.core.audit import AuditEvent
from assure.indicators import selectors, services
from assure.indicators.models import Purpose

pytestmark = pytest.mark.django_db


@pytest.fixture
def force():
    return OrganisationFactory(slug="west-yorkshire", kind=OrganisationKind.FORCE)


def _coordinator(force, name):
    user = UserFactory(full_name=name)
    Membership.objects.create(user=user, organisation=force, role=Role.COORDINATOR)
    return user


def _looks(person, force, n, *, purpose=Purpose.INVESTIGATION_REVIEW, first=0):
    justification = services.case_access_justify(
        actor=person,
        force=force,
        purpose=purpose,
        reason=f"Reviewing the cases of {person.full_name}",
        session_key="s",
    )
    for i in range(first, first + n):
        services.case_rows_view_record(
            actor=person, justification=justification, view="worklist", what=f"list {i}", rows=i
        )


def _log(client, force, **params):
    return client.get(reverse("indicators:access_log", args=[force.slug]), params)


def test_the_log_filters_by_person_and_counts_every_entry_a_page_at_a_time(client, force):
    amina, bob = _coordinator(force, "Amina Shah"), _coordinator(force, "Bob Price")
    _looks(amina, force, selectors.ACCESS_LOG_PAGE_SIZE + 5)
    _looks(bob, force, 3, purpose=Purpose.CASE_AUDIT)
    client.force_login(amina)

    everyone = _log(client, force)
    page = everyone.context["page"]
    assert page.paginator.count == selectors.ACCESS_LOG_PAGE_SIZE + 8
    assert len(page.object_list) == selectors.ACCESS_LOG_PAGE_SIZE
    html = everyone.content.decode()
    assert f"{selectors.ACCESS_LOG_PAGE_SIZE + 8} entries" in html
    assert "Page 1 of 2" in html
    # The person filter offers exactly the people in the log, by name.
    assert [label for _, label in everyone.context["form"].fields["person"].choices] == [
        "Anyone",
        "Amina Shah",
        "Bob Price",
    ]

    bobs = _log(client, force, person=bob.pk).context["page"]
    assert bobs.paginator.count == 3
    assert {e.user_id for e in bobs.object_list} == {bob.pk}
    second = _log(client, force, person=amina.pk, page=2).context["page"]
    assert [e.what for e in second.object_list] == [f"list {i}" for i in range(4, -1, -1)]
    assert (
        _log(client, force, person=bob.pk, purpose=Purpose.INVESTIGATION_REVIEW)
        .context["page"]
        .paginator.count
        == 0
    )


def test_a_person_not_in_the_log_is_an_error_not_everyone(client, force):
    amina = _coordinator(force, "Amina Shah")
    _looks(amina, force, 2)
    client.force_login(amina)
    response = _log(client, force, person=UserFactory().pk)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Select a valid choice" in html
    assert "govuk-error-summary" in html
    # Nothing is shown or offered for download under filters that could not be read.
    assert response.context["page"].paginator.count == 0
    assert "Download these entries" not in html
    download = _log(client, force, person=UserFactory().pk, format="csv")
    assert download.status_code == 400
    assert not download.streaming
    assert not AuditEvent.objects.filter(event="indicators.access_log.exported").exists()


def test_the_download_streams_every_matching_entry_and_is_audited(client, force, monkeypatch):
    monkeypatch.setattr(downloads, "CHUNK", 7)  # many database reads for the longer log
    amina, bob = _coordinator(force, "Amina Shah"), _coordinator(force, "Bob Price")
    client.force_login(amina)

    def download(**params):
        with CaptureQueriesContext(connection) as queries:
            response = _log(client, force, format="csv", **params)
            assert response.streaming
            body = b"".join(response.streaming_content).decode()
        return list(csv.reader(io.StringIO(body))), len(queries)

    _looks(bob, force, 2)
    download()  # the session's first request reads more than the download itself
    short, short_queries = download(person=bob.pk)
    _looks(bob, force, 78, first=2)
    _looks(amina, force, 4)
    long, long_queries = download(person=bob.pk)

    assert len(short) == 1 + 2
    assert len(long) == 1 + 80  # more than a page, all of Bob's and none of Amina's
    assert long[0] == services.ACCESS_LOG_CSV_COLUMNS
    assert {row[1] for row in long[1:]} == {bob.email}
    assert [row[5] for row in long[1:]] == [f"list {i}" for i in reversed(range(80))]
    assert long_queries == short_queries
    exported = AuditEvent.objects.filter(event="indicators.access_log.exported").order_by("id")
    assert [e.changes["rows"] for e in exported] == [2, 2, 80]
    assert exported.last().changes["filters"] == {"person": bob.pk}


def test_the_log_page_costs_the_same_queries_however_long_the_log(client, force):
    amina = _coordinator(force, "Amina Shah")
    client.force_login(amina)
    _looks(amina, force, 2)
    _log(client, force)  # the session's first request reads more than the page's own

    def queries(**params) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert _log(client, force, **params).status_code == 200
        return len(captured)

    short = queries(), queries(person=amina.pk, page=1)
    _looks(amina, force, 10 * selectors.ACCESS_LOG_PAGE_SIZE, first=2)
    _looks(_coordinator(force, "Bob Price"), force, 5)
    assert (queries(), queries(person=amina.pk, page=3)) == short
