"""Tests: the local settings, with SQLite in memory unless DATABASE_URL names another database."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import database_from_url

SECRET_KEY = "test-only-secret-key-" + "x" * 40
DEBUG = False
ALLOWED_HOSTS = ["*"]
DATABASES = {
    "default": database_from_url(os.environ["DATABASE_URL"])
    if os.environ.get("DATABASE_URL")
    else {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
}
# Argon2 is deliberately slow; the tests create hundreds of users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files are served from the apps' folders by the test server; nothing is collected.
STATIC_ROOT = None

# Tests run a task as soon as it is enqueued (after the transaction that enqueued it commits).
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# One process, emptied before each test (conftest.py); django-ratelimit's check asks for a cache
# shared between processes, which the tests do not need.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
    "sessions": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "sessions",
    },
}
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "django_ratelimit.E003"]  # noqa: F405
# Tests sign in many times a second; the rate-limit tests set their own limits.
SIGN_IN_RATE_PER_ADDRESS = SIGN_IN_RATE_GLOBAL = "10000/s"
# The demo's synthetic case data takes seconds to generate; keep it between test sessions (and
# pass it to the `assure` subprocesses the tests run, conftest.py). Each set of files is keyed by
# the generator's own digest (indicators/demo.py), so a changed generator never reuses old ones.
# DATA_DIR itself is a folder of the session's own (conftest.py).
ASSURE_SYNTH_CACHE = Path(
    os.environ.get("ASSURE_SYNTH_CACHE")
    or Path(tempfile.gettempdir()) / f"assure-test-synth-cache-{os.getuid()}"
)
# Most tests sign people in with force_login and no device; the two-factor tests turn the
# requirement on themselves (assure/twofactor/tests).
ASSURE_TWO_FACTOR_OPTIONAL = True
# Pages are worked out on every request: the query-count and HTML-size tests measure what a page
# costs the first time after a change, which is the cost that matters. The page-cache tests
# (core/tests/test_page_cache.py, plans/tests/test_page_cache.py) turn it on.
ASSURE_PAGE_CACHE = False
