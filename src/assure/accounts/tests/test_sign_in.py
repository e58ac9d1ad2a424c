import pytest
from django.urls import reverse

from assure.accounts.tests.factories import TEST_PASSWORD, UserFactory
from assure.core.models import AuditEvent

pytestmark = pytest.mark.django_db
SIGN_IN = "/sign-in/"


def sign_in(client, email, password, **extra):
    return client.post(SIGN_IN, {"username": email, "password": password}, **extra)


def test_signing_in_and_out(client):
    UserFactory(email="ada@example.org")
    response = sign_in(client, "ADA@example.org", TEST_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("site:home")
    assert client.get("/").status_code == 200
    response = client.post(reverse("accounts:sign_out"))
    assert response["Location"] == reverse("accounts:sign_in")
    assert client.get("/").status_code == 302
    assert list(AuditEvent.objects.values_list("event", flat=True).order_by("id")) == [
        "accounts.session.signed_in",
        "accounts.session.signed_out",
    ]


def test_a_wrong_password_shows_an_error_summary(client):
    UserFactory(email="ada@example.org")
    response = sign_in(client, "ada@example.org", "wrong")
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter a correct email address and password." in html
    assert "<title>Error: Sign in" in html


def test_next_is_followed_only_within_the_site(client):
    UserFactory(email="ada@example.org")
    response = client.post(
        SIGN_IN,
        {"username": "ada@example.org", "password": TEST_PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("site:home")


def test_five_wrong_passwords_lock_the_account_and_the_page_says_so(client):
    UserFactory(email="ada@example.org")
    for _ in range(4):
        assert sign_in(client, "ada@example.org", "wrong").status_code == 200
    locked = sign_in(client, "ada@example.org", "wrong")
    assert locked.status_code == 429
    assert "Sign-in is locked for this account" in locked.content.decode()
    # Even the right password is refused while locked, from any address.
    again = sign_in(client, "ada@example.org", TEST_PASSWORD, REMOTE_ADDR="198.51.100.9")
    assert again.status_code == 429
    assert "15 minutes" in again.content.decode()
    assert client.get("/").status_code == 302


def test_the_lock_is_per_account(client):
    UserFactory(email="ada@example.org")
    UserFactory(email="bob@example.org")
    for _ in range(5):
        sign_in(client, "ada@example.org", "wrong")
    assert sign_in(client, "bob@example.org", TEST_PASSWORD).status_code == 302
