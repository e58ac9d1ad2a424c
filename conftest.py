"""Fixtures shared by every test: the demo data set and signed-in clients for each demo role.

The demo is loaded through the services once per session (once per xdist worker) and kept as a
snapshot of rows (tests/support/database_snapshot.py); each test that asks for it gets those rows
written back, which takes milliseconds instead of a full load.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from database_snapshot import DatabaseSnapshot

from assure.accounts.demo import demo_people


def load_demo():
    """The one place the tests import the demo loader from."""
    from assure.site.demo import load_demo

    return load_demo()


# -- How many xdist workers -------------------------------------------------------------------


def pytest_xdist_auto_num_workers(config):
    """`-n auto` (pyproject's addopts): one worker per core for a run of folders (the whole
    suite), none for a run of named files or tests, where starting workers costs more than it
    saves. PYTEST_XDIST_AUTO_NUM_WORKERS or an explicit `-n N` still decide when given."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None  # xdist's own hook reads it
    named = [arg for arg in config.args if not arg.startswith("-")]
    if named and all("::" in arg or Path(arg).is_file() for arg in named):
        return 0
    return None


# -- The data folder -------------------------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def _data_dir(tmp_path_factory):
    """The installation folder (and so the case-data store the demo fills) is the session's own
    (each xdist worker's): tests never write into the repository's ./assure-data. Tests that need
    a folder of their own override it with pytest-django's ``settings`` fixture."""
    from django.conf import settings

    settings.DATA_DIR = tmp_path_factory.mktemp("assure-data")
    # `assure` run in a subprocess reuses the demo's generated case data (settings/test.py).
    os.environ.setdefault("ASSURE_SYNTH_CACHE", str(settings.ASSURE_SYNTH_CACHE))


# -- The demo in the test database ------------------------------------------------------------


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker):
    """The demo as `assure demo` loads it, read back as rows; the database is emptied again
    (as after any transactional test), so tests that do not ask for the demo never see it."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        result = load_demo()
        snapshot = DatabaseSnapshot.take()
        call_command("flush", interactive=False, verbosity=0)
    return snapshot, result


@pytest.fixture
def restore_demo(demo_snapshot):
    """Write the demo's rows into the test database; returns what `load_demo` returned."""

    def restore():
        snapshot, result = demo_snapshot
        snapshot.restore()
        return result

    return restore


@pytest.fixture
def demo(db, restore_demo):
    """The full demo (organisations, units, one person per role) as `assure demo` loads it."""
    return restore_demo()


@pytest.fixture
def demo_loader():
    """`load_demo` itself, for tests of the loader."""
    return load_demo


@pytest.fixture
def demo_users(demo):
    from assure.accounts.models import User

    people = {p.email: p for p in demo_people()}
    users = {u.email: u for u in User.objects.filter(email__in=people)}
    return {key: users[p.email] for key, p in demo_role_keys().items()}


def demo_role_keys():
    """Short names for the demo people, e.g. 'coordinator', 'lead.leeds', 'inspector'."""
    return {p.email.split("@")[0]: p for p in demo_people()}


# -- The demo in an `assure` data folder, for the CLI tests ---------------------------------


def run_assure(*args, data_dir, **kwargs):
    """`assure …` in a subprocess, on the embedded SQLite installation in `data_dir`."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["ASSURE_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "assure.site.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=180,
        check=False,
        **kwargs,
    )


@pytest.fixture(scope="session")
def prepared_demo_dir(tmp_path_factory):
    """A data folder that a real `assure demo --no-serve` prepared, once for the whole run (all
    xdist workers share it, behind a file lock), and what that first run printed. Read it only:
    `copy_of_demo_dir` gives a test module a folder of its own to write in."""
    from filelock import FileLock

    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # shared by the workers of this run
    folder, outcome = root / "prepared-assure-demo", root / "prepared-assure-demo.json"
    with FileLock(str(root / "prepared-assure-demo.lock")):
        if not outcome.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            first = run_assure("demo", "--no-serve", data_dir=folder)
            outcome.write_text(json.dumps([first.returncode, first.stdout, first.stderr]))
    returncode, stdout, stderr = json.loads(outcome.read_text())
    assert returncode == 0, stderr
    return folder, subprocess.CompletedProcess(["assure", "demo"], returncode, stdout, stderr)


@pytest.fixture(scope="module")
def copy_of_demo_dir(prepared_demo_dir, tmp_path_factory):
    """A module's own copy of the prepared demo data folder."""
    folder, _ = prepared_demo_dir
    copy = tmp_path_factory.mktemp("assure-data")
    shutil.copytree(folder, copy, dirs_exist_ok=True)
    return copy


@pytest.fixture(autouse=True)
def _empty_cache():
    """The sign-in rate limits count in the cache, parts of pages are kept in another and copies
    of sessions in a third: each test starts with all three empty."""
    from django.core.cache import caches

    caches["default"].clear()
    caches["pages"].clear()
    caches["sessions"].clear()
