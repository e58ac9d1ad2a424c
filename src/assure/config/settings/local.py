"""The embedded default: SQLite in ASSURE_DATA_DIR, no other service needed.

Used by ``assure demo`` and ``assure serve`` on one machine. It runs with DEBUG off, like
production, so what a person sees in the demo is what they would see live.
"""

import datetime
import os
import secrets

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATA_DIR, database_from_url


def _local_secret_key() -> str:
    """A secret generated once per installation and kept beside its database."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _local_secret_key()
DEBUG = os.environ.get("ASSURE_DEBUG", "") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"] + [
    h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h
]
DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'assure.sqlite3'}"
    )
}


# A demo's pinned day: ASSURE_TODAY=2015-12-21 in the environment, or else the day `assure demo`
# recorded in the data folder when it created the demo, so that `assure serve` keeps it.
ASSURE_TODAY_FILE = DATA_DIR / "demo-today"


def _pinned_today() -> datetime.date | None:
    value = os.environ.get("ASSURE_TODAY", "").strip()
    source = "ASSURE_TODAY"
    if not value and ASSURE_TODAY_FILE.is_file():
        value, source = ASSURE_TODAY_FILE.read_text().strip(), str(ASSURE_TODAY_FILE)
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        message = f"{source}: {value!r} is not a date such as 2015-12-21"
        raise ImproperlyConfigured(message) from None


ASSURE_TODAY = _pinned_today()
