"""The service's clock: the real day, unless a demo installation pins it (ASSURE_TODAY), and
every page then says so. The demo's use of it is tested in site/tests/test_demo_clock.py."""

import datetime
import os
import secrets
import subprocess
import sys

from django.urls import reverse
from django.utils import timezone

from assure.core import clock

STORY_DAY = datetime.date(2015, 12, 21)


def test_without_a_pin_today_is_the_real_day(client, settings):
    assert settings.ASSURE_TODAY is None
    assert clock.today() == timezone.localdate()
    assert abs(clock.now() - timezone.now()) < datetime.timedelta(minutes=1)
    assert "Today is" not in client.get(reverse("accounts:sign_in")).content.decode()


def test_a_pinned_day_is_today_and_every_page_says_so(client, settings):
    settings.ASSURE_TODAY = STORY_DAY
    assert clock.today() == STORY_DAY
    assert clock.now().date() == STORY_DAY
    page = client.get(reverse("accounts:sign_in")).content.decode()
    assert "Today is 21 December 2015 in this demonstration" in page


def _settings_value(module: str, env: dict) -> subprocess.CompletedProcess:
    code = f"from assure.config.settings import {module} as s; print(s.ASSURE_TODAY)"
    base = {k: v for k, v in os.environ.items() if k not in {"ASSURE_TODAY", "ASSURE_DATA_DIR"}}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_local_settings_read_the_recorded_day_and_the_environment_wins(tmp_path):
    (tmp_path / "demo-today").write_text("2015-12-21\n")
    recorded = _settings_value("local", {"ASSURE_DATA_DIR": str(tmp_path)})
    assert recorded.stdout.strip() == "2015-12-21", recorded.stderr
    chosen = _settings_value(
        "local", {"ASSURE_DATA_DIR": str(tmp_path), "ASSURE_TODAY": "2015-09-30"}
    )
    assert chosen.stdout.strip() == "2015-09-30", chosen.stderr
    typo = _settings_value("local", {"ASSURE_DATA_DIR": str(tmp_path), "ASSURE_TODAY": "2015-9-31"})
    assert "ASSURE_TODAY: '2015-9-31' is not a date" in typo.stderr
    real = _settings_value("local", {"ASSURE_DATA_DIR": str(tmp_path / "elsewhere")})
    assert real.stdout.strip() == "None", real.stderr


def test_production_refuses_a_pinned_clock():
    production = {
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "assure.example.org",
        "DATABASE_URL": "sqlite:////tmp/assure-clock-check.sqlite3",
    }
    assert _settings_value("production", production).stdout.strip() == "None"
    refused = _settings_value("production", {**production, "ASSURE_TODAY": "2015-12-21"})
    assert refused.returncode != 0
    assert "ASSURE_TODAY pins the demo's clock and is refused in production" in refused.stderr
