"""/health/ reports each store; every page and download says not to cache it and which browser
features it will never use."""

import pytest
from django.db import OperationalError
from django.test import override_settings
from django.urls import reverse

from assure.site import health

pytestmark = pytest.mark.django_db


def test_health_reports_each_store(client, tmp_path):
    with override_settings(DATA_DIR=tmp_path):
        response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "case_data": "ok"}}


def test_health_is_ok_once_the_case_folder_exists_and_can_be_read(client, tmp_path):
    (tmp_path / "cases").mkdir()
    with override_settings(DATA_DIR=tmp_path):
        assert client.get("/health/").json()["checks"]["case_data"] == "ok"


def test_health_fails_when_the_case_folder_is_not_a_folder(client, tmp_path):
    (tmp_path / "cases").write_text("not a folder")
    with override_settings(DATA_DIR=tmp_path):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {
        "status": "failing",
        "checks": {"database": "ok", "case_data": "failing"},
    }


def test_health_fails_when_the_case_folder_cannot_be_made(client, tmp_path):
    (tmp_path / "data").write_text("a file where the data folder should be")
    with override_settings(DATA_DIR=tmp_path / "data"):
        assert client.get("/health/").status_code == 503


def test_health_fails_when_the_database_does_not_answer(client, tmp_path, monkeypatch):
    class Broken:
        def cursor(self):
            raise OperationalError("database is locked")

    monkeypatch.setattr(health, "connection", Broken())
    with override_settings(DATA_DIR=tmp_path):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "failing", "case_data": "ok"}


def test_signed_in_pages_and_downloads_are_never_cached(client, demo_users):
    client.force_login(demo_users["coordinator"])
    for url in [reverse("site:home"), reverse("site:audit"), reverse("site:audit_export")]:
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url


def test_every_page_forbids_the_browser_features_it_never_uses(client):
    policy = client.get(reverse("accounts:sign_in"))["Permissions-Policy"]
    for feature in ["camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"]:
        assert feature in policy
