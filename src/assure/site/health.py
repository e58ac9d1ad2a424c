"""What ``/health/`` checks: each store the service needs to answer a person.

Each check says only "ok" or "failing" (the page is public); the reason goes to the log.
"""

import logging
import os
from pathlib import Path

from django.conf import settings
from django.db import connection

logger = logging.getLogger(__name__)

OK, FAILING = "ok", "failing"


def database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure at all means "not healthy"
        logger.exception("health: the database does not answer")
        return FAILING
    return OK


def case_data_dir() -> Path:
    """The case-data store's folder (``ASSURE_DATA_DIR/cases`` unless a setting names another)."""
    return Path(getattr(settings, "CASE_DATA_DIR", None) or settings.DATA_DIR / "cases")


def case_data() -> str:
    """The folder can be read once it exists; before the first case is stored, it can be made."""
    folder = case_data_dir()
    if folder.exists():
        healthy = folder.is_dir() and os.access(folder, os.R_OK | os.X_OK)
    else:
        parent = next((p for p in folder.parents if p.exists()), None)
        healthy = parent is not None and parent.is_dir() and os.access(parent, os.W_OK | os.X_OK)
    if not healthy:
        logger.error("health: the case-data folder %s cannot be read or created", folder)
        return FAILING
    return OK


CHECKS = {"database": database, "case_data": case_data}


def report() -> dict[str, str]:
    return {name: check() for name, check in CHECKS.items()}
