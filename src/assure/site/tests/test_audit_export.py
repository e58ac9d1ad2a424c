import csv
import io

import pytest

from assure.accounts.models import Role
from assure.accounts.tests.factories import person_with_role
from assure.core import audit
from assure.site import selectors, services

pytestmark = pytest.mark.django_db


def test_the_audit_csv_never_hands_a_spreadsheet_a_formula():
    coordinator = person_with_role(Role.COORDINATOR)
    force = coordinator.memberships.get().organisation
    force.name = '=HYPERLINK("http://evil.example","click")'
    audit.record(actor=coordinator, event="test.thing.done", target=force, organisation=force)
    body = services.audit_trail_export(
        actor=coordinator, events=selectors.audit_events_visible_to(coordinator), filters={}
    )
    [header, row] = list(csv.reader(io.StringIO(body)))
    assert row[header.index("target")] == "'" + force.name
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)
    assert audit.AuditEvent.objects.filter(event="core.audit_trail.exported").count() == 1
