"""Production settings are safe, and refuse to start without their secrets."""

import os
import subprocess
import sys

import pytest

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "assure.config.settings.production",
    "SECRET_KEY": "a" * 20 + "-production-secret-for-the-deploy-check-" + "z" * 20,
    "ALLOWED_HOSTS": "assure.example.org",
    "DATABASE_URL": "sqlite:////tmp/assure-deploy-check.sqlite3",
}


def run_manage(args, env_changes):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION_ENV and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update({k: v for k, v in env_changes.items() if v is not None})
    return subprocess.run(
        [sys.executable, "-m", "django", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = run_manage(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without(missing):
    result = run_manage(["check"], {**PRODUCTION_ENV, missing: None})
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr


def production_security_settings(monkeypatch) -> dict:
    import importlib

    for key, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    production = importlib.import_module("assure.config.settings.production")
    prefixes = ("SECURE_", "SESSION_", "CSRF_")
    return {
        key: getattr(production, key)
        for key in dir(production)
        if key.startswith(prefixes) or key in ("SECRET_KEY", "DEBUG", "ALLOWED_HOSTS")
    }


@pytest.mark.django_db
def test_the_deploy_check_fails_when_a_setting_is_weakened(monkeypatch):
    """The test of the test: production's settings pass in-process; weaken one and it fails."""
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError
    from django.test import override_settings

    secure = production_security_settings(monkeypatch)
    with override_settings(**secure):
        call_command("check", deploy=True, fail_level="WARNING")
    with (
        override_settings(**{**secure, "SESSION_COOKIE_SECURE": False}),
        pytest.raises(SystemCheckError, match=r"security\.W012"),
    ):
        call_command("check", deploy=True, fail_level="WARNING")


@pytest.mark.django_db
def test_every_model_change_has_its_migration():
    from django.core.management import call_command

    call_command("makemigrations", check=True, dry_run=True, verbosity=0)
