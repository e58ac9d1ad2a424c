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


def _private_data_dir() -> None:
    """The data folder is its owner's alone (0700), also when an older version made it 0755."""
    DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    if DATA_DIR.stat().st_mode & 0o077:
        DATA_DIR.chmod(0o700)


def _private_file(path) -> None:
    """Create the file 0600, or tighten an old one that is looser."""
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    elif path.stat().st_mode & 0o077:
        path.chmod(0o600)


def _local_secret_key() -> str:
    """A secret generated once per installation and kept beside its database."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists() or not path.read_text().strip():
        _private_file(path)
        path.write_text(secrets.token_urlsafe(50))
    _private_file(path)
    return path.read_text().strip()


# The demo signs in with passwords alone (README's two commands must just work): two-factor sign-in
# is optional here unless ASSURE_TWO_FACTOR_OPTIONAL=0. Production refuses the setting.
ASSURE_TWO_FACTOR_OPTIONAL = os.environ.get("ASSURE_TWO_FACTOR_OPTIONAL", "1").strip() != "0"

_private_data_dir()
SECRET_KEY = _local_secret_key()
DEBUG = os.environ.get("ASSURE_DEBUG", "") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"] + [
    h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h
]
# New files are 0600 by the umask (base.py), and SQLite gives its -wal and -shm files the database
# file's permissions; an installation made before that is tightened here. (Nothing is created: a
# dry run must not make a database.)
for sqlite_file in DATA_DIR.glob("assure.sqlite3*"):
    _private_file(sqlite_file)
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
