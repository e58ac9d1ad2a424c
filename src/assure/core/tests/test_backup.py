"""A backup is refused, with one line and nothing written, unless every byte of it checks out.

These tests build a small installation on disk (an SQLite file, uploads, case data, a key) and
call the backup module directly; tests/test_backup_cli.py round-trips the demo through the
commands, as an operator runs them.
"""

import datetime
import gzip
import io
import json
import sqlite3
import tarfile
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assure.core import backup

NOW = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC)
MIGRATIONS = [("accounts", "0001_initial"), ("core", "0001_initial"), ("core", "0002_x")]
KNOWN = set(MIGRATIONS)


def make_installation(root: Path, *, with_data: bool = True) -> backup.Installation:
    data = root / "data"
    installation = backup.Installation(
        data_dir=data,
        files=data / "files",
        database={"ENGINE": "django.db.backends.sqlite3", "NAME": data / "assure.sqlite3"},
        secret_key="k" * 50,
    )
    if with_data:
        (data / "files" / "evidence" / "1").mkdir(parents=True)
        (data / "files" / "evidence" / "1" / "attendance.csv").write_bytes(b"week,seen\n1,12\n")
        (data / "files" / "évidence ünicode.bin").write_bytes(bytes(range(256)) * 8)
        (data / "cases" / "leeds").mkdir(parents=True)
        (data / "cases" / "leeds" / "case-1.json").write_text('{"child": "A"}')
        (data / "secret_key").write_text("k" * 50)
        with sqlite3.connect(data / "assure.sqlite3") as db:
            db.execute("CREATE TABLE django_migrations (id INTEGER PRIMARY KEY, app, name)")
            db.executemany("INSERT INTO django_migrations (app, name) VALUES (?, ?)", MIGRATIONS)
            db.execute("CREATE TABLE thing (id INTEGER PRIMARY KEY, name)")
            db.executemany("INSERT INTO thing (name) VALUES (?)", [(f"n{i}",) for i in range(500)])
        db.close()
    return installation


@pytest.fixture(scope="module")
def original(tmp_path_factory):
    root = tmp_path_factory.mktemp("original")
    installation = make_installation(root)
    archive = root / "backup.tar.gz"
    manifest = backup.create(archive, installation, now=NOW)
    return installation, archive, manifest


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def rows(path: Path) -> list:
    with sqlite3.connect(path) as db:
        result = db.execute("SELECT * FROM thing ORDER BY id").fetchall()
    db.close()
    return result


def restore_into_new(archive: Path, **options) -> backup.Installation:
    target = make_installation(Path(tempfile.mkdtemp(prefix="restore-")), with_data=False)
    backup.restore(archive, target, known_migrations=KNOWN, **options)
    return target


def assert_refused(archive: Path, match: str | None = None, **options) -> None:
    target = make_installation(Path(tempfile.mkdtemp(prefix="restore-")), with_data=False)
    with pytest.raises(backup.BackupError, match=match) as caught:
        backup.restore(archive, target, known_migrations=KNOWN, **options)
    assert "\n" not in str(caught.value)
    assert not target.data_dir.exists(), "a refused restore wrote something"


def members_of(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive, "r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar}


def write_archive(path: Path, members: dict[str, bytes], *, links=()) -> Path:
    with tarfile.open(path, "w:gz", format=tarfile.PAX_FORMAT) as tar:
        for name, target in links:
            info = tarfile.TarInfo(name)
            info.type = tarfile.SYMTYPE
            info.linkname = target
            tar.addfile(info)
        for name, body in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
    return path


def with_manifest(members: dict[str, bytes], change) -> dict[str, bytes]:
    manifest = json.loads(members["manifest.json"])
    change(manifest)
    others = {k: v for k, v in members.items() if k != "manifest.json"}
    return {**others, "manifest.json": json.dumps(manifest).encode()}


def test_the_backup_holds_everything_with_a_manifest_and_is_secret(original):
    _, archive, manifest = original
    assert archive.stat().st_mode & 0o777 == 0o600
    assert manifest["format"] == "assure-backup"
    assert manifest["format_version"] == 1
    assert manifest["database"]["vendor"] == "sqlite"
    assert manifest["migrations"] == {
        "accounts": ["0001_initial"],
        "core": ["0001_initial", "0002_x"],
    }
    assert manifest["secret_key_included"] is True
    names = {f["path"] for f in manifest["files"]}
    assert names == {
        "database/assure.sqlite3",
        "files/evidence/1/attendance.csv",
        "files/évidence ünicode.bin",
        "cases/leeds/case-1.json",
        "secret_key",
    }
    assert list(members_of(archive))[-1] == "manifest.json"


def test_a_restore_gives_back_every_file_byte_for_byte_and_every_row(original):
    installation, archive, _ = original
    target = restore_into_new(archive)
    assert tree(target.data_dir).keys() == tree(installation.data_dir).keys()
    for name, body in tree(installation.data_dir).items():
        if name != "assure.sqlite3":  # a copy made by the backup API, not the same bytes
            assert tree(target.data_dir)[name] == body, name
    assert rows(target.data_dir / "assure.sqlite3") == rows(
        installation.data_dir / "assure.sqlite3"
    )
    assert (target.data_dir.stat().st_mode & 0o777) == 0o700
    assert all(
        (p.stat().st_mode & 0o777) == 0o600 for p in target.data_dir.rglob("*") if p.is_file()
    )


def test_a_restore_refuses_a_folder_that_is_not_empty(original, tmp_path):
    _, archive, _ = original
    target = make_installation(tmp_path, with_data=False)
    (target.data_dir / "files").mkdir(parents=True)
    (target.data_dir / "files" / "old.txt").write_text("keep me")
    with pytest.raises(backup.BackupError, match="is not empty"):
        backup.restore(archive, target, known_migrations=KNOWN)
    assert tree(target.data_dir) == {"files/old.txt": b"keep me"}


def test_a_folder_holding_only_a_generated_secret_key_counts_as_empty(original, tmp_path):
    _, archive, _ = original
    target = make_installation(tmp_path, with_data=False)
    target.data_dir.mkdir()
    (target.data_dir / "secret_key").write_text("generated on first start")
    backup.restore(archive, target, known_migrations=KNOWN)
    assert (target.data_dir / "secret_key").read_text() == "k" * 50


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(position=st.floats(0, 1, exclude_max=True), bit=st.integers(0, 7))
def test_a_flipped_bit_anywhere_is_refused_or_changes_nothing(original, position, bit):
    installation, archive, manifest = original
    body = bytearray(archive.read_bytes())
    body[int(position * len(body))] ^= 1 << bit
    damaged = Path(tempfile.mkdtemp()) / "damaged.tar.gz"
    damaged.write_bytes(bytes(body))
    try:
        target = restore_into_new(damaged)
    except backup.BackupError as error:
        assert "\n" not in str(error)  # noqa: PT017 - either outcome is allowed; see below
        return
    # Only the gzip header's time and OS bytes are outside every checksum; then nothing changed.
    assert backup.verify(damaged) == manifest
    assert rows(target.data_dir / "assure.sqlite3") == rows(
        installation.data_dir / "assure.sqlite3"
    )


@settings(max_examples=40, deadline=None)
@given(fraction=st.floats(0, 1, exclude_max=True))
def test_a_truncated_backup_is_refused(original, fraction):
    _, archive, _ = original
    body = archive.read_bytes()
    truncated = Path(tempfile.mkdtemp()) / "truncated.tar.gz"
    truncated.write_bytes(body[: int(fraction * len(body))])
    assert_refused(truncated)


def test_a_missing_file_is_refused(original, tmp_path):
    members = members_of(original[1])
    del members["cases/leeds/case-1.json"]
    assert_refused(write_archive(tmp_path / "b.tar.gz", members), "missing from the archive")


def test_a_file_not_in_the_manifest_is_refused(original, tmp_path):
    members = members_of(original[1])
    manifest = members.pop("manifest.json")
    members["files/extra.txt"] = b"slipped in"
    members["manifest.json"] = manifest
    assert_refused(write_archive(tmp_path / "b.tar.gz", members), "not in its manifest")


def test_a_file_that_differs_from_its_checksum_is_refused(original, tmp_path):
    members = members_of(original[1])
    members["files/evidence/1/attendance.csv"] = b"week,seen\n1,13\n"
    assert_refused(write_archive(tmp_path / "b.tar.gz", members), "does not match its checksum")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda m: m.update(format_version=2), "format version 2; this Assure reads version 1"),
        (lambda m: m.update(format="something-else"), "not an Assure backup"),
        (
            lambda m: m["migrations"]["core"].append("0099_from_the_future"),
            "migrations this version of Assure does not know",
        ),
        (lambda m: m["database"].update(vendor="postgresql"), "malformed"),
        (lambda m: m["files"][0].update(sha256="0" * 64), "does not match its checksum"),
        (lambda m: m["files"].pop(), "not in its manifest"),
        (lambda m: m.update(files="everything"), "malformed"),
    ],
)
def test_a_manifest_that_does_not_fit_is_refused(original, tmp_path, change, message):
    members = with_manifest(members_of(original[1]), change)
    assert_refused(write_archive(tmp_path / "b.tar.gz", members), message)


def test_a_database_from_another_vendor_is_refused(original, tmp_path):
    members = members_of(original[1])
    dump = members.pop("database/assure.sqlite3")
    manifest = json.loads(members.pop("manifest.json"))
    manifest["database"].update(vendor="postgresql", member="database/assure.pgdump")
    for entry in manifest["files"]:
        if entry["path"] == "database/assure.sqlite3":
            entry["path"] = "database/assure.pgdump"
    members["database/assure.pgdump"] = dump
    members["manifest.json"] = json.dumps(manifest).encode()
    assert_refused(
        write_archive(tmp_path / "b.tar.gz", members), "holds a postgresql database but this"
    )


@pytest.mark.parametrize(
    "name", ["../outside.txt", "/etc/cron.d/evil", "files/../../outside", "elsewhere/x", "files"]
)
def test_a_member_outside_the_backup_s_folders_is_refused(original, tmp_path, name):
    members = members_of(original[1])
    manifest = members.pop("manifest.json")
    members[name] = b"payload"
    members["manifest.json"] = manifest
    assert_refused(write_archive(tmp_path / "b.tar.gz", members), "refusing it|unsafe")


def test_a_symlink_in_the_archive_is_refused(original, tmp_path):
    members = members_of(original[1])
    archive = write_archive(tmp_path / "b.tar.gz", members, links=[("files/passwd", "/etc/passwd")])
    assert_refused(archive, "is a link")


def test_a_backup_that_expands_past_the_limit_is_refused(original):
    assert_refused(original[1], "expands to more than", max_bytes=4_000)


def test_a_gzip_bomb_is_refused_before_it_is_expanded(tmp_path):
    bomb = tmp_path / "bomb.tar.gz"
    with gzip.open(bomb, "wb") as gz, tarfile.open(fileobj=gz, mode="w|") as tar:
        info = tarfile.TarInfo("files/zeros")
        info.size = 200 * 1024 * 1024
        tar.addfile(info, io.BytesIO(bytes(info.size)))
    assert bomb.stat().st_size < 1024 * 1024
    assert_refused(bomb, "expands to more than", max_bytes=50 * 1024 * 1024)


def test_something_that_is_not_a_backup_is_refused(tmp_path):
    junk = tmp_path / "notes.tar.gz"
    junk.write_text("not even gzip")
    assert_refused(junk, "damaged or truncated")
    assert_refused(tmp_path / "nowhere.tar.gz", "cannot be read")


def test_symlinks_in_the_uploads_are_not_followed_when_backing_up(tmp_path):
    installation = make_installation(tmp_path)
    (installation.files / "link-to-etc").symlink_to("/etc")
    manifest = backup.create(tmp_path / "b.tar.gz", installation, now=NOW)
    assert not any("link-to-etc" in f["path"] for f in manifest["files"])


def test_a_key_from_the_environment_is_not_put_in_the_backup(tmp_path):
    installation = make_installation(tmp_path)
    from dataclasses import replace

    from_environment = replace(installation, secret_key="another key, from the environment")
    manifest = backup.create(tmp_path / "b.tar.gz", from_environment, now=NOW)
    assert manifest["secret_key_included"] is False
    assert "secret_key" not in members_of(tmp_path / "b.tar.gz")
