import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assure.accounts.models import Role
from assure.accounts.tests.factories import person_with_role
from assure.core import audit, downloads
from assure.site import selectors, services

pytestmark = pytest.mark.django_db


def test_the_audit_csv_never_hands_a_spreadsheet_a_formula():
    coordinator = person_with_role(Role.COORDINATOR)
    force = coordinator.memberships.get().organisation
    force.name = '=HYPERLINK("http://evil.example","click")'
    audit.record(actor=coordinator, event="test.thing.done", target=force, organisation=force)
    body = b"".join(
        services.audit_trail_export(
            actor=coordinator, events=selectors.audit_events_visible_to(coordinator), filters={}
        )
    ).decode()
    [header, row] = list(csv.reader(io.StringIO(body)))
    assert row[header.index("target")] == "'" + force.name
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)
    assert audit.AuditEvent.objects.filter(event="core.audit_trail.exported").count() == 1


def _download(client, **params) -> tuple[list[list[str]], int]:
    """The audit CSV's rows (header first) and the queries its download ran, streamed."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("site:audit_export"), params)
        assert response.streaming
        body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body))), len(queries)


def test_the_audit_download_streams_every_event_with_queries_that_do_not_grow(client, monkeypatch):
    # Read a few events at a time, so that the longer trail spans many database reads.
    monkeypatch.setattr(downloads, "CHUNK", 4)
    coordinator = person_with_role(Role.COORDINATOR)
    force = coordinator.memberships.get().organisation
    client.force_login(coordinator)

    def trail(first, last):
        for i in range(first, last):
            audit.record(
                actor=coordinator, event=f"test.step{i}.done", target=force, organisation=force
            )

    _download(client)  # the session's first request reads more than the download's own
    trail(0, 3)
    short, short_queries = _download(client, event="test.step")
    trail(3, 40)
    long, long_queries = _download(client, event="test.step")
    assert len(short) == 1 + 3
    assert len(long) == 1 + 40
    assert [row[2] for row in long[1:]] == [f"test.step{i}.done" for i in reversed(range(40))]
    assert long_queries == short_queries
    exported = audit.AuditEvent.objects.filter(event="core.audit_trail.exported").order_by("id")
    assert [e.changes["rows"] for e in exported][1:] == [3, 40]


def test_filters_that_cannot_be_read_show_and_download_nothing(client):
    coordinator = person_with_role(Role.COORDINATOR)
    force = coordinator.memberships.get().organisation
    audit.record(actor=coordinator, event="test.thing.done", target=force, organisation=force)
    client.force_login(coordinator)
    bad = {"date_from": "2015-02-30"}
    page = client.get(reverse("site:audit"), bad)
    assert page.status_code == 400
    assert page.context["page"].paginator.count == 0
    assert "Download these entries" not in page.content.decode()
    download = client.get(reverse("site:audit_export"), bad)
    assert download.status_code == 400
    assert not download.streaming
    assert not audit.AuditEvent.objects.filter(event="core.audit_trail.exported").exists()
    assert client.get(reverse("site:audit")).context["page"].paginator.count >= 1
