"""The case-data store: immutable Parquet files per force, KIND and version, and one small
pointer file per force that says which version of each KIND is current (docs/case-data.md).

    ASSURE_DATA_DIR/cases/<force-slug>/
        current.json                  the pointer: {"generation": G, "kinds": {KIND: {...}}}
        <kind>/v<N>.parquet           immutable once written
        tmp/                          staged files and DuckDB's spill space
        cache/<key>.json              cached indicator results
        .lock                         held by an import from start to swap

Readers never lock: they read the pointer (replaced atomically with ``os.replace``), then open
the files it names, which never change. An import writes and fsyncs its new file, then a new
pointer beside the old one, fsyncs it and renames it over the old. A reader sees either the old
pointer or the new one, never half an import. Retention: the current and the previous version
of each KIND are kept (a reader that read the old pointer just before a swap can still open its
files); older versions are deleted after the swap. Folders are 0700 and files 0600.
"""

import contextlib
import fcntl
import json
import os
import re
import secrets
import shutil
from dataclasses import dataclass, field
from pathlib import Path

POINTER = "current.json"
SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")
KEEP_PREVIOUS = 1  # versions kept besides the current one


def default_data_dir() -> Path:
    from django.conf import settings

    return Path(settings.DATA_DIR)


def force_dir(force: str, data_dir: Path | None = None) -> Path:
    if not SLUG.match(force):
        raise ValueError(f"not a force slug: {force!r}")
    return Path(data_dir or default_data_dir()) / "cases" / force


def _private_dir(path: Path) -> Path:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


@dataclass(frozen=True)
class KindVersion:
    version: int
    file: str  # relative to the force folder
    rows: int
    # The fingerprint of the file this version is exactly the content of (importer.fingerprint),
    # when it is one: importing that file again then needs no reading.
    source: str | None = None


@dataclass(frozen=True)
class Snapshot:
    """What a reader sees: for each KIND imported so far, its current version and file."""

    force: str
    root: Path
    generation: int = 0
    kinds: dict[str, KindVersion] = field(default_factory=dict)

    def path(self, kind: str) -> Path | None:
        entry = self.kinds.get(kind)
        return self.root / entry.file if entry else None

    def versions(self) -> dict[str, int]:
        return {kind: entry.version for kind, entry in sorted(self.kinds.items())}


def snapshot(force: str, data_dir: Path | None = None) -> Snapshot:
    root = force_dir(force, data_dir)
    try:
        data = json.loads((root / POINTER).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Snapshot(force, root)
    kinds = {kind: KindVersion(**entry) for kind, entry in data["kinds"].items()}
    return Snapshot(force, root, data["generation"], kinds)


@contextlib.contextmanager
def import_lock(force: str, data_dir: Path | None = None):
    """Held by one import of a force at a time, from reading the current version to the swap."""
    root = _private_dir(force_dir(force, data_dir))
    fd = os.open(root / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def tmp_dir(force: str, data_dir: Path | None = None) -> Path:
    return _private_dir(force_dir(force, data_dir) / "tmp")


def staging_path(force: str, kind: str, data_dir: Path | None = None) -> Path:
    return tmp_dir(force, data_dir) / f"{kind}.{secrets.token_hex(8)}.parquet"


def cache_dir(force: str, data_dir: Path | None = None) -> Path:
    return _private_dir(force_dir(force, data_dir) / "cache")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(
    force: str,
    kind: str,
    staged: Path,
    rows: int,
    data_dir: Path | None = None,
    *,
    source: str | None = None,
) -> int:
    """Make ``staged`` the current version of ``kind``; return its version number. The caller
    holds :func:`import_lock`. ``source`` is the fingerprint of the file whose content the new
    version is exactly, if any."""
    root = force_dir(force, data_dir)
    current = snapshot(force, data_dir)
    previous = current.kinds.get(kind)
    version = (previous.version if previous else 0) + 1
    kind_dir = _private_dir(root / kind)
    final = kind_dir / f"v{version}.parquet"
    staged.chmod(0o600)
    _fsync(staged)
    os.replace(staged, final)
    _fsync(kind_dir)
    kinds = {k: vars(v) for k, v in current.kinds.items()}
    kinds[kind] = {"version": version, "file": f"{kind}/{final.name}", "rows": rows}
    if source is not None:
        kinds[kind]["source"] = source
    pointer = {"generation": current.generation + 1, "kinds": kinds}
    pointer_tmp = root / f".{POINTER}.{secrets.token_hex(4)}"
    fd = os.open(pointer_tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(pointer, handle, sort_keys=True)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(pointer_tmp, root / POINTER)
    _fsync(root)
    _prune(kind_dir, version)
    shutil.rmtree(root / "cache", ignore_errors=True)  # keyed by version, so only clutter now
    return version


def _prune(kind_dir: Path, current: int) -> None:
    for path in kind_dir.glob("v*.parquet"):
        number = path.stem[1:]
        if number.isdigit() and int(number) < current - KEEP_PREVIOUS:
            path.unlink(missing_ok=True)
