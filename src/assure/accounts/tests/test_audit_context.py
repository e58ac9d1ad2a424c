"""A sign-in carries the request's id and address into the audit trail (moved from core's tests:
core does not know about people's accounts)."""

import pytest

from assure.accounts.tests.factories import UserFactory
from assure.core.models import AuditEvent


@pytest.mark.django_db
def test_request_id_and_address_reach_the_audit_trail(client):
    from assure.accounts.tests.factories import TEST_PASSWORD

    person = UserFactory(email="ada@example.org")
    response = client.post(
        "/sign-in/",
        {"username": "ada@example.org", "password": TEST_PASSWORD},
        HTTP_X_REQUEST_ID="req-123",
        REMOTE_ADDR="192.0.2.7",
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(event="accounts.session.signed_in")
    assert event.actor == person
    # The id is the server's own, never the one the client sent (issue 8, item 12).
    assert event.request_id == response["X-Request-Id"] != "req-123"
    assert event.ip_address == "192.0.2.7"
