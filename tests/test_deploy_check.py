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
        if key.startswith(prefixes) or key in ("SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "MAILERS")
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


@pytest.mark.parametrize(
    ("secret_key", "message"),
    [
        ("ab" * 30, "SECRET_KEY is too predictable"),
        ("django-insecure-" + "k3y-m4de-by-st4rtproject-0123456789abcdef", "too predictable"),
        ("change-me-" * 6, "SECRET_KEY is a placeholder"),
        ("x" * 49, "at least 50 characters"),
    ],
)
def test_production_refuses_a_weak_secret_key(secret_key, message):
    result = run_manage(["check"], {**PRODUCTION_ENV, "SECRET_KEY": secret_key})
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize("hosts", ["*", "assure.example.org,*"])
def test_production_refuses_any_host(hosts):
    result = run_manage(["check"], {**PRODUCTION_ENV, "ALLOWED_HOSTS": hosts})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must name this service's host names, not '*'" in result.stderr


def test_the_demo_refuses_to_load_under_production_settings(tmp_path):
    database = tmp_path / "production.sqlite3"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION_ENV and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update({**PRODUCTION_ENV, "DATABASE_URL": f"sqlite:///{database}"})
    env["ASSURE_DATA_DIR"] = str(tmp_path / "data")
    result = subprocess.run(
        [sys.executable, "-m", "assure.site.cli", "demo", "--no-serve"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "assure: error: the demo cannot be loaded under production settings "
        "(assure.config.settings.production)"
    )
    assert not database.exists() or database.stat().st_size == 0  # not even migrated


@pytest.mark.django_db
def test_no_demo_loader_runs_where_the_demo_is_not_allowed(settings):
    from assure.accounts.models import User
    from assure.site.demo import DemoRefused, load_demo

    settings.DEMO_ALLOWED = False
    with pytest.raises(DemoRefused, match="production settings"):
        load_demo()
    assert not User.objects.exists()


@pytest.mark.parametrize("value", ["1", "yes"])
def test_production_refuses_password_only_sign_in(value):
    """The demo's setting would let coordinators and approvers in on a password alone."""
    result = run_manage(["check"], {**PRODUCTION_ENV, "ASSURE_TWO_FACTOR_OPTIONAL": value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ASSURE_TWO_FACTOR_OPTIONAL lets privileged roles sign in" in result.stderr


def _setting_under(settings_module: str, env: dict) -> str:
    result = run_manage(
        [
            "shell",
            "-c",
            "from django.conf import settings as s; print(s.ASSURE_TWO_FACTOR_OPTIONAL)",
        ],
        {**env, "DJANGO_SETTINGS_MODULE": settings_module},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_the_demo_signs_in_with_passwords_and_production_requires_two_factor(tmp_path):
    local = {"ASSURE_DATA_DIR": str(tmp_path / "data"), "ASSURE_TWO_FACTOR_OPTIONAL": None}
    assert _setting_under("assure.config.settings.local", local) == "True"
    local_strict = {**local, "ASSURE_TWO_FACTOR_OPTIONAL": "0"}
    assert _setting_under("assure.config.settings.local", local_strict) == "False"
    production = {**PRODUCTION_ENV, "ASSURE_TWO_FACTOR_OPTIONAL": "0"}
    assert _setting_under("assure.config.settings.production", production) == "False"
