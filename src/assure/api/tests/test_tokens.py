"""Personal API tokens: made and revoked by their person, stored hashed, shown once, expiring,
audited; the page is the person's own."""

import datetime
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from assure.accounts.models import Role
from assure.accounts.tests.factories import person_with_role
from assure.api import events, services
from assure.api.models import ApiToken
from assure.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return person_with_role(Role.COORDINATOR)


def test_a_token_is_stored_as_its_digest_and_lasts_90_days_by_default(person):
    token, secret = services.api_token_create(actor=person, name="Power BI")
    assert secret.startswith("assure_")
    assert len(secret) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {stored.digest, stored.prefix, stored.name}
    assert secret.startswith(stored.prefix)
    assert len(stored.prefix) < 16
    assert stored.expires_at - stored.created_at == datetime.timedelta(days=90)
    event = AuditEvent.objects.get(event=events.API_TOKEN_CREATED)
    assert event.actor == person
    assert event.target_id == str(token.pk)
    assert secret not in str(event.changes)


def test_a_token_lasts_at_most_a_year(person):
    services.api_token_create(actor=person, name="Yearly", lifetime_days=365)
    with pytest.raises(ValidationError):
        services.api_token_create(actor=person, name="Too long", lifetime_days=366)
    with pytest.raises(ValidationError):
        services.api_token_create(actor=person, name=" ")


def test_a_person_holds_a_bounded_number_of_active_tokens(person):
    for i in range(services.MAX_ACTIVE_TOKENS):
        services.api_token_create(actor=person, name=f"T{i}")
    with pytest.raises(ValidationError, match="Revoke one"):
        services.api_token_create(actor=person, name="One more")
    first = ApiToken.objects.filter(user=person).last()
    services.api_token_revoke(actor=person, token_id=first.pk)
    services.api_token_create(actor=person, name="One more")


def test_revoking_is_audited_and_only_the_owner_may(person):
    token, _ = services.api_token_create(actor=person, name="BI")
    with pytest.raises(PermissionDenied):
        services.api_token_revoke(actor=person_with_role(Role.COORDINATOR), token_id=token.pk)
    services.api_token_revoke(actor=person, token_id=token.pk)
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(event=events.API_TOKEN_REVOKED).count() == 1
    with pytest.raises(ValidationError):
        services.api_token_revoke(actor=person, token_id=token.pk)


def test_the_page_shows_a_new_secret_once(client, person):
    client.force_login(person)
    url = reverse("api:tokens")
    response = client.post(url, {"name": "Power BI plan dashboard", "lifetime_days": "90"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=person)
    body = response.content.decode()
    assert "Copy it now" in body
    secret = response.context["secret"]
    assert secret in body
    assert hashlib.sha256(secret.encode()).hexdigest() == token.digest
    again = client.get(url).content.decode()
    assert secret not in again
    assert token.prefix in again
    assert "Power BI plan dashboard" in again


def test_the_page_says_what_is_wrong(client, person):
    client.force_login(person)
    response = client.post(reverse("api:tokens"), {"name": "", "lifetime_days": "400"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_from_the_page_and_someone_elses_token_is_404(client, person):
    token, _ = services.api_token_create(actor=person, name="BI")
    other = person_with_role(Role.COORDINATOR)
    client.force_login(other)
    url = reverse("api:token_revoke", kwargs={"pk": token.pk})
    assert client.post(url).status_code == 404
    client.force_login(person)
    response = client.post(url, follow=True)
    assert "revoked" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "Revoked" in client.get(reverse("api:tokens")).content.decode()


def test_an_expired_token_shows_as_expired(client, person):
    token, _ = services.api_token_create(actor=person, name="Old")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    client.force_login(person)
    assert "Expired" in client.get(reverse("api:tokens")).content.decode()
