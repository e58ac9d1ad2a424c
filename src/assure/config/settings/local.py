"""The embedded default: SQLite in ASSURE_DATA_DIR, no other service needed.

Used by ``assure demo`` and ``assure serve`` on one machine. It runs with DEBUG off, like
production, so what a person sees in the demo is what they would see live.
"""

import os
import secrets

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
