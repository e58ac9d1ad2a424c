"""Production: secrets and site-specific values come from the environment, or we refuse to start."""

import os

from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import database_from_url

# Keys copied from a tutorial or a template instead of generated. Compared without case,
# punctuation or repeats, so "CHANGE_ME!!" and "change-me-change-me" count too.
PLACEHOLDER_SECRET_KEYS = {"changeme", "secret", "secretkey", "yoursecretkey", "replaceme", "xxx"}


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in the environment for production.")
    return value


def _is_placeholder(key: str) -> bool:
    letters = "".join(c for c in key.lower() if c.isalnum())
    return any(
        letters and letters == placeholder * (len(letters) // len(placeholder))
        for placeholder in PLACEHOLDER_SECRET_KEYS
    ) or any(word in letters for word in ("changeme", "replaceme", "yoursecretkey"))


def _strong_secret_key(key: str) -> str:
    """Django's own deploy check (security.W009), as an error: a weak key signs sessions that an
    attacker could forge."""
    if len(key) < SECRET_KEY_MIN_LENGTH:
        raise ImproperlyConfigured(
            f"SECRET_KEY must be at least {SECRET_KEY_MIN_LENGTH} characters long."
        )
    if len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS or key.startswith(
        SECRET_KEY_INSECURE_PREFIX
    ):
        raise ImproperlyConfigured(
            "SECRET_KEY is too predictable: generate one, e.g. with "
            '`python -c "import secrets; print(secrets.token_urlsafe(50))"`.'
        )
    if _is_placeholder(key):
        raise ImproperlyConfigured("SECRET_KEY is a placeholder: generate a random one.")
    return key


def _allowed_hosts(value: str) -> list[str]:
    hosts = [h.strip() for h in value.split(",") if h.strip()]
    if "*" in hosts:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS must name this service's host names, not '*': any Host header would be "
            "believed, e.g. in links built from it."
        )
    return hosts


SECRET_KEY = _strong_secret_key(_required("SECRET_KEY"))
ALLOWED_HOSTS = _allowed_hosts(_required("ALLOWED_HOSTS"))
DATABASES = {"default": database_from_url(_required("DATABASE_URL"))}
if os.environ.get("ASSURE_TODAY", "").strip():
    # A pinned clock is for the demo: live, overdue work must be overdue on the real day.
    raise ImproperlyConfigured("ASSURE_TODAY pins the demo's clock and is refused in production.")
if os.environ.get("ASSURE_TWO_FACTOR_OPTIONAL", "").strip() not in ("", "0"):
    # Password-only sign-in for privileged roles is for the demo's fictional people.
    raise ImproperlyConfigured(
        "ASSURE_TWO_FACTOR_OPTIONAL lets privileged roles sign in without a second factor and "
        "is refused in production."
    )
ASSURE_TWO_FACTOR_OPTIONAL = False
CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS if not h.startswith(".")]

# A production installation holds real people and cases: the demo loader refuses to run.
DEMO_ALLOWED = False

DEBUG = False
SECURE_SSL_REDIRECT = os.environ.get("ASSURE_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

# E-mail by SMTP, configured from the environment; links in it need the public address.
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", "587")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": os.environ.get("EMAIL_USE_TLS", "1") == "1",
            "timeout": 30,
        },
    }
}
ASSURE_BASE_URL = os.environ.get(
    "ASSURE_BASE_URL", f"https://{ALLOWED_HOSTS[0].lstrip('.')}"
).rstrip("/")
