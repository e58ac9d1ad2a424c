"""`assure backup` then `assure restore` into a new folder gives an installation whose every table,
file, export and audit trail equal the original's — on SQLite, and on PostgreSQL (pg_dump and
pg_restore) when DATABASE_URL points there. Run as an operator runs them: in subprocesses."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

# Rows that differ by design: each side notes its own backup or restore in the system chain.
OWN_EVENTS = ("core.backup.created", "core.backup.restored")


def assure(*args, data_dir, database_url=None, timeout=300):
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["ASSURE_DATA_DIR"] = str(data_dir)
    if database_url:
        env["DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-m", "assure.site.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def ok(result):
    assert result.returncode == 0, result.stderr
    return result


def files_under(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def comparable(tables: dict[str, tuple[list[str], list[tuple]]]) -> dict[str, list]:
    """Every table's rows, sorted, leaving out each side's own backup/restore bookkeeping."""
    result = {}
    for table, (columns, rows) in tables.items():
        if table == "core_auditevent":
            event = columns.index("event")
            rows = [r for r in rows if r[event] not in OWN_EVENTS]
        if table == "core_auditchainhead":
            chain = columns.index("chain")
            rows = [r for r in rows if r[chain] != "system"]
        result[table] = sorted(rows, key=repr)
    return result


def sqlite_tables(path: Path) -> dict:
    with sqlite3.connect(path) as db:
        names = [
            r[0]
            for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        tables = {}
        for name in names:
            cursor = db.execute(f'SELECT * FROM "{name}"')  # noqa: S608 - names from the schema
            tables[name] = ([c[0] for c in cursor.description], cursor.fetchall())
    db.close()
    return tables


def export(data_dir, database_url=None) -> dict:
    result = ok(
        assure(
            "export",
            "--force",
            "west-yorkshire",
            "--format",
            "json",
            data_dir=data_dir,
            database_url=database_url,
        )
    )
    document = json.loads(result.stdout)
    document.pop("generated_at")
    return document


def system_events(tables) -> list[str]:
    columns, rows = tables["core_auditevent"]
    event = columns.index("event")
    return sorted(r[event] for r in rows if r[event] in OWN_EVENTS)


def round_trip(tmp_path, *, source_url=None, target_url=None, tables, prepared=None):
    """`prepared`: a folder `assure demo --no-serve` made already, copied instead of a new run."""
    original, restored = tmp_path / "original", tmp_path / "restored"
    if prepared is not None:
        shutil.copytree(prepared, original)
    else:
        ok(assure("demo", "--no-serve", data_dir=original, database_url=source_url))
    (original / "cases" / "leeds").mkdir(parents=True)  # the case-data store, when there is one
    (original / "cases" / "leeds" / "case-0001.json").write_text('{"summary": "A child"}')
    archive = tmp_path / "assure-backup.tar.gz"

    made = ok(assure("backup", "-o", str(archive), data_dir=original, database_url=source_url))
    assert "sha256" in made.stderr
    assert archive.stat().st_mode & 0o777 == 0o600
    back = ok(assure("restore", str(archive), data_dir=restored, database_url=target_url))
    assert "Audit trail: ok" in back.stderr

    before, after = tables(original, source_url), tables(restored, target_url)
    assert comparable(after) == comparable(before)
    assert system_events(before) == ["core.backup.created"]
    assert system_events(after) == ["core.backup.restored"]
    for folder in ("files", "cases"):
        assert files_under(restored / folder) == files_under(original / folder), folder
    assert files_under(restored / "files"), "the demo's evidence files were not restored"
    assert (restored / "secret_key").read_bytes() == (original / "secret_key").read_bytes()
    # A demo keeps the day its clock is pinned to, so its pages and exports read as before.
    assert (restored / "demo-today").read_text() == (original / "demo-today").read_text()
    assert export(restored, target_url) == export(original, source_url)
    verified = ok(assure("audit", "verify", data_dir=restored, database_url=target_url))
    assert verified.stdout.startswith("ok: ")

    again = assure("restore", str(archive), data_dir=restored, database_url=target_url)
    assert again.returncode == 1
    assert again.stderr.strip().count("\n") == 0
    assert "is not empty" in again.stderr
    return archive


def test_backup_and_restore_round_trip_the_demo_on_sqlite(tmp_path, prepared_demo_dir):
    round_trip(
        tmp_path,
        tables=lambda data_dir, _url: sqlite_tables(data_dir / "assure.sqlite3"),
        prepared=prepared_demo_dir[0],
    )


def test_a_damaged_backup_is_refused_by_the_command_with_one_line(tmp_path):
    data_dir = tmp_path / "restored"
    damaged = tmp_path / "damaged.tar.gz"
    damaged.write_bytes(b"\x1f\x8b\x08\x00" + b"\x00" * 100)
    result = assure("restore", str(damaged), data_dir=data_dir)
    assert result.returncode == 1
    assert result.stderr.startswith("assure restore: error: ")
    assert result.stderr.strip().count("\n") == 0
    assert [p.name for p in data_dir.iterdir()] in ([], ["secret_key"])


# --- PostgreSQL ------------------------------------------------------------------------------

SERVER_URL = os.environ.get("DATABASE_URL", "")


@pytest.fixture
def two_databases():
    psycopg = pytest.importorskip("psycopg")
    base, _, _ = SERVER_URL.rpartition("/")
    names = [f"assure_bk_{uuid.uuid4().hex[:8]}_{side}" for side in ("src", "dst")]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    yield [f"{base}/{name}" for name in names]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgres_tables(_data_dir, url) -> dict:
    import psycopg

    with psycopg.connect(url) as db:
        names = [
            r[0]
            for r in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        tables = {}
        for name in names:
            cursor = db.execute(f'SELECT * FROM "{name}"')  # noqa: S608 - names from the catalogue
            tables[name] = ([c.name for c in cursor.description], cursor.fetchall())
    return tables


@pytest.mark.postgres
@pytest.mark.skipif(
    not SERVER_URL.startswith(("postgres://", "postgresql://")),
    reason="needs PostgreSQL (set DATABASE_URL)",
)
def test_backup_and_restore_round_trip_the_demo_on_postgresql(tmp_path, two_databases):
    source, target = two_databases
    archive = round_trip(tmp_path, source_url=source, target_url=target, tables=postgres_tables)
    into_sqlite = assure("restore", str(archive), data_dir=tmp_path / "elsewhere")
    assert into_sqlite.returncode == 1
    assert "holds a postgresql database but this installation uses sqlite" in into_sqlite.stderr
