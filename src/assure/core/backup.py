"""Backing up and restoring a whole installation as one archive (docs/backup.md).

A backup is a gzip-compressed tar holding:

- ``database/assure.sqlite3`` (SQLite's online backup API) or ``database/assure.pgdump``
  (``pg_dump --format=custom``, restored with ``pg_restore``);
- ``files/…``: uploaded files (``MEDIA_ROOT``);
- ``cases/…``: the case-data store (``ASSURE_DATA_DIR/cases``), when there is one;
- ``secret_key``: the installation's generated secret key, when it has one in its data folder;
- ``demo-today``: the day a demo installation's clock is pinned to, when it is (a restored demo
  must keep its day, or its 2015 plan reads as years overdue);
- ``manifest.json``, last: format version, Assure version, time, database vendor, the applied
  migrations per app, each audit chain's head, and the size and SHA-256 of every other member.

Restoring reads the archive twice: once to check everything (every checksum, the manifest, that
this code can restore it into this target) without writing a byte, then to write. The target must
be empty. The module knows nothing of the apps: only settings, files and the database.
"""

import datetime
import gzip
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path, PurePosixPath

FORMAT = "assure-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SECRET_KEY = "secret_key"  # noqa: S105 - the name of a file, not a secret
DEMO_TODAY = "demo-today"  # settings.local's ASSURE_TODAY_FILE, in the data folder
SQLITE_MEMBER = "database/assure.sqlite3"
PGDUMP_MEMBER = "database/assure.pgdump"
TREES = ("files", "cases")  # archive folder -> Installation attribute of the same name

# Budgets for reading an archive someone hands us.
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
MAX_MEMBERS = 1_000_000
MAX_NAME_LENGTH = 1000
DEFAULT_MAX_BYTES = 100 * 1024**3  # expanded size of everything in the archive
CHUNK = 1024 * 1024
SHA256 = re.compile(r"[0-9a-f]{64}")


class BackupError(Exception):
    """Why a backup cannot be made or restored, in one line a person can act on."""


@dataclass(frozen=True)
class Installation:
    """Where one installation keeps its state."""

    data_dir: Path
    files: Path  # MEDIA_ROOT
    database: dict  # a DATABASES entry
    secret_key: str | None = None  # the key in use, to tell whether the one on disk is it

    @property
    def cases(self) -> Path:
        return self.data_dir / "cases"

    @property
    def secret_key_file(self) -> Path:
        return self.data_dir / SECRET_KEY

    @property
    def demo_today_file(self) -> Path:
        return self.data_dir / DEMO_TODAY

    @property
    def vendor(self) -> str:
        engine = self.database["ENGINE"]
        if engine.endswith("sqlite3"):
            return "sqlite"
        if engine.endswith("postgresql"):
            return "postgresql"
        raise BackupError(f"cannot back up a {engine} database")

    @classmethod
    def from_settings(cls) -> "Installation":
        from django.conf import settings

        return cls(
            data_dir=Path(settings.DATA_DIR),
            files=Path(settings.MEDIA_ROOT),
            database=settings.DATABASES["default"],
            secret_key=settings.SECRET_KEY,
        )


# --- Making a backup -------------------------------------------------------------------------


def create(output: Path, installation: Installation, *, now: datetime.datetime) -> dict:
    """Write a backup of ``installation`` to ``output`` (replaced only once complete, readable by
    its owner only) and return its manifest. The database is copied first, then the files: a file
    is written before the database row that names it commits, so every file the copy refers to
    is already on disk."""
    output = Path(output)
    if output.is_dir():
        raise BackupError(f"{output}: is a folder; name a file")
    with tempfile.TemporaryDirectory(prefix="assure-backup-") as scratch:
        database = _copy_database(installation, Path(scratch))
        migrations = database.pop("migrations")
        chains = database.pop("audit_chains")
        members: list[tuple[str, Path]] = [(database["member"], database.pop("path"))]
        for tree in TREES:
            members += sorted(_files_under(getattr(installation, tree), tree))
        key_file = installation.secret_key_file
        key_included = key_file.is_file() and (
            installation.secret_key is None
            or key_file.read_text().strip() == installation.secret_key
        )
        if key_included:
            members.append((SECRET_KEY, key_file))
        if installation.demo_today_file.is_file():
            members.append((DEMO_TODAY, installation.demo_today_file))
        try:
            handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - 0600, beside the output
                dir=output.parent, prefix=f".{output.name}.", suffix=".part", delete=False
            )
        except OSError as error:
            raise BackupError(f"{output}: cannot be written ({error.strerror or error})") from error
        try:
            with (
                handle,
                gzip.GzipFile(fileobj=handle, mode="wb", mtime=0) as gz,
                tarfile.open(fileobj=gz, mode="w|", format=tarfile.PAX_FORMAT) as archive,
            ):
                listed = [_add_file(archive, name, path) for name, path in members]
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "assure_version": _assure_version(),
                    "created_at": now.isoformat(),
                    "database": database,
                    "migrations": migrations,
                    "audit_chains": chains,
                    "secret_key_included": key_included,
                    "files": listed,
                }
                body = json.dumps(manifest, indent=2, sort_keys=True).encode()
                _add_bytes(archive, MANIFEST, body)
            os.chmod(handle.name, 0o600)
            os.replace(handle.name, output)
        except OSError as error:
            Path(handle.name).unlink(missing_ok=True)
            raise BackupError(f"{output}: cannot be written ({error.strerror or error})") from error
        except BaseException:
            Path(handle.name).unlink(missing_ok=True)
            raise
    return manifest


def _assure_version() -> str:
    try:
        return metadata.version("assure")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "unknown"


def _files_under(root: Path, prefix: str) -> Iterator[tuple[str, Path]]:
    """Regular files under ``root``; links are not followed (a link could point anywhere)."""
    if not root.is_dir():
        return
    for folder, dirs, names in os.walk(root, followlinks=False):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_symlink() or not path.is_file():
                continue
            yield f"{prefix}/{path.relative_to(root).as_posix()}", path


def _add_file(archive: tarfile.TarFile, name: str, path: Path) -> dict:
    with path.open("rb") as source:
        size = os.fstat(source.fileno()).st_size
        reader = _HashingReader(source, size)
        info = _member_info(name, size, int(os.fstat(source.fileno()).st_mtime))
        archive.addfile(info, reader)
        if reader.remaining:  # the file shrank while we read it
            raise BackupError(f"{path}: changed while it was being backed up; run the backup again")
    return {"path": name, "size": size, "sha256": reader.digest.hexdigest()}


def _add_bytes(archive: tarfile.TarFile, name: str, body: bytes) -> None:
    import io

    archive.addfile(_member_info(name, len(body), 0), io.BytesIO(body))


def _member_info(name: str, size: int, mtime: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = mtime
    info.mode = 0o600
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


class _HashingReader:
    """Reads exactly ``size`` bytes of a file (however it grows meanwhile), hashing them."""

    def __init__(self, source, size: int):
        self.source = source
        self.remaining = size
        self.digest = hashlib.sha256()

    def read(self, n: int = -1) -> bytes:
        n = self.remaining if n is None or n < 0 else min(n, self.remaining)
        data = self.source.read(n)
        self.remaining -= len(data)
        self.digest.update(data)
        return data


def _copy_database(installation: Installation, scratch: Path) -> dict:
    if installation.vendor == "sqlite":
        return _copy_sqlite(installation.database, scratch)
    return _copy_postgresql(installation.database, scratch)


def _copy_sqlite(database: dict, scratch: Path) -> dict:
    name = str(database["NAME"])
    if not name.startswith("file:") and not Path(name).is_file():
        raise BackupError(f"there is no database at {name} to back up")
    copy = scratch / "assure.sqlite3"
    source = sqlite3.connect(name, uri=name.startswith("file:"))
    target = sqlite3.connect(copy)
    try:
        source.backup(target)  # one step: a consistent snapshot, even while others write
        migrations = _applied_migrations(target.execute)
        chains = _audit_chains(target.execute)
    except sqlite3.Error as error:
        raise BackupError(f"cannot copy the database ({error})") from error
    finally:
        target.close()
        source.close()
    return {
        "vendor": "sqlite",
        "member": SQLITE_MEMBER,
        "dump_format": "sqlite3",
        "path": copy,
        "migrations": migrations,
        "audit_chains": chains,
    }


def _copy_postgresql(database: dict, scratch: Path) -> dict:
    """``pg_dump`` of the very snapshot from which the migrations and chain heads are read."""
    from django.db import connections, transaction

    _require_program("pg_dump")
    dump = scratch / "assure.pgdump"
    connection = connections["default"]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]

        def execute(sql):
            cursor.execute(sql)
            return cursor.fetchall()

        migrations = _applied_migrations(execute)
        chains = _audit_chains(execute)
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={dump}",
            ],
            database,
            "pg_dump",
        )
    return {
        "vendor": "postgresql",
        "member": PGDUMP_MEMBER,
        "dump_format": "pg_dump-custom",
        "path": dump,
        "migrations": migrations,
        "audit_chains": chains,
    }


def _applied_migrations(execute: Callable) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in execute("SELECT app, name FROM django_migrations ORDER BY app, id"):
        applied.setdefault(app, []).append(name)
    return applied


def _audit_chains(execute: Callable) -> dict[str, list]:
    try:
        rows = execute("SELECT chain, length, last_hash FROM core_auditchainhead ORDER BY chain")
    except Exception:  # an installation from before the chains: nothing to record
        return {}
    return {chain: [length, last_hash] for chain, length, last_hash in rows}


# --- Reading and checking a backup -----------------------------------------------------------


def verify(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> dict:
    """Check the archive completely (structure, every checksum, the manifest) and return its
    manifest; raise BackupError naming the first problem. Writes nothing."""
    return _read(Path(path), max_bytes=max_bytes, write=None)


def _read(path: Path, *, max_bytes: int, write: Callable | None) -> dict:
    seen: dict[str, tuple[int, str]] = {}
    manifest_body = None
    total = 0
    try:
        with (
            path.open("rb") as raw,
            gzip.GzipFile(fileobj=raw, mode="rb") as gz,
            tarfile.open(fileobj=gz, mode="r|") as archive,
        ):
            for member in archive:
                if manifest_body is not None:
                    raise BackupError(f"{path}: has members after its manifest: not a backup")
                if len(seen) >= MAX_MEMBERS:
                    raise BackupError(f"{path}: holds more than {MAX_MEMBERS:,} files")
                name = _checked_name(path, member)
                if name in seen:
                    raise BackupError(f"{path}: holds {name} twice")
                total += member.size
                if total > max_bytes:
                    raise BackupError(
                        f"{path}: expands to more than {max_bytes:,} bytes "
                        "(raise the limit with --max-size if you expect that)"
                    )
                source = archive.extractfile(member)
                if name == MANIFEST:
                    if member.size > MAX_MANIFEST_BYTES:
                        raise BackupError(f"{path}: its manifest is implausibly large")
                    manifest_body = source.read()
                    continue
                digest = hashlib.sha256()
                sink = write(name) if write is not None else None
                with sink if sink is not None else _nothing() as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        if out is not None:
                            out.write(chunk)
                seen[name] = (member.size, digest.hexdigest())
            while gz.read(CHUNK):  # read to the end, so that gzip checks its CRC and length
                pass
    except BackupError:
        raise
    except (tarfile.TarError, OSError, EOFError, zlib.error, ValueError) as error:
        if isinstance(error, OSError) and error.errno is not None and write is not None:
            raise BackupError(f"cannot write the restored files ({error})") from error
        if isinstance(error, FileNotFoundError | PermissionError | IsADirectoryError):
            raise BackupError(f"{path}: cannot be read ({error.strerror or error})") from error
        raise BackupError(
            f"{path}: is damaged or truncated, or not an Assure backup ({_describe(error)})"
        ) from error
    if manifest_body is None:
        raise BackupError(f"{path}: has no manifest: it is truncated or not an Assure backup")
    manifest = _parse_manifest(path, manifest_body)
    listed = {f["path"]: (f["size"], f["sha256"]) for f in manifest["files"]}
    for name, (size, sha256) in listed.items():
        if name not in seen:
            raise BackupError(f"{path}: {name} is in the manifest but missing from the archive")
        if seen[name] != (size, sha256):
            raise BackupError(f"{path}: {name} does not match its checksum in the manifest")
    for name in seen:
        if name not in listed:
            raise BackupError(f"{path}: {name} is in the archive but not in its manifest")
    return manifest


@contextmanager
def _nothing():
    yield None


def _describe(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def _checked_name(path: Path, member: tarfile.TarInfo) -> str:
    """The member's name, if it is a plain file where a backup puts files; else refuse."""
    name = member.name
    if not member.isreg():
        raise BackupError(f"{path}: {name!r} is a link or a special file: refusing it")
    try:  # the standard library's own rules for untrusted archives (PEP 706)
        tarfile.data_filter(member, "/nonexistent-restore-target")
    except tarfile.FilterError as error:
        raise BackupError(f"{path}: {name!r} is unsafe ({_describe(error)})") from error
    parts = PurePosixPath(name).parts
    if (
        len(name) > MAX_NAME_LENGTH
        or "\\" in name
        or "\x00" in name
        or PurePosixPath(name).is_absolute()
        or any(p in ("", ".", "..") for p in parts)
        or not (
            name in (MANIFEST, SECRET_KEY, DEMO_TODAY, SQLITE_MEMBER, PGDUMP_MEMBER)
            or (len(parts) > 1 and parts[0] in TREES)
        )
    ):
        raise BackupError(f"{path}: {name!r} is not where a backup keeps anything: refusing it")
    return name


def _parse_manifest(path: Path, body: bytes) -> dict:
    try:
        manifest = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupError(f"{path}: its manifest is not valid JSON") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: is not an Assure backup (no {FORMAT} manifest)")
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise BackupError(
            f"{path}: is in backup format version {version!r}; this Assure reads version "
            f"{FORMAT_VERSION}"
        )
    files = manifest.get("files")
    database = manifest.get("database")
    migrations = manifest.get("migrations")
    well_formed = (
        isinstance(files, list)
        and all(
            isinstance(f, dict)
            and isinstance(f.get("path"), str)
            and isinstance(f.get("size"), int)
            and isinstance(f.get("sha256"), str)
            and SHA256.fullmatch(f["sha256"])
            for f in files
        )
        and len({f["path"] for f in files}) == len(files)
        and isinstance(database, dict)
        and database.get("vendor") in ("sqlite", "postgresql")
        and database.get("member")
        == {"sqlite": SQLITE_MEMBER, "postgresql": PGDUMP_MEMBER}.get(database.get("vendor"))
        and isinstance(migrations, dict)
        and all(
            isinstance(app, str)
            and isinstance(names, list)
            and all(isinstance(n, str) for n in names)
            for app, names in migrations.items()
        )
    )
    if not well_formed:
        raise BackupError(f"{path}: its manifest is malformed")
    if database["member"] not in {f["path"] for f in files}:
        raise BackupError(f"{path}: {database['member']} is missing from the manifest")
    return manifest


def check_restorable(
    path: Path, manifest: dict, *, vendor: str, known_migrations: set[tuple[str, str]]
) -> None:
    """Refuse a backup this code cannot restore into this target."""
    theirs = manifest["database"]["vendor"]
    if theirs != vendor:
        raise BackupError(
            f"{path}: holds a {theirs} database but this installation uses {vendor}: "
            f"restore it where DATABASE_URL points at {theirs}"
        )
    unknown = sorted(
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if (app, name) not in known_migrations
    )
    if unknown:
        raise BackupError(
            f"{path}: its database has migrations this version of Assure does not know "
            f"({', '.join(unknown[:3])}{' …' if len(unknown) > 3 else ''}): restore it with "
            f"Assure {manifest.get('assure_version', '?')} or newer"
        )


# --- Restoring -------------------------------------------------------------------------------


def check_empty(installation: Installation) -> None:
    """The data folder must hold nothing but, at most, the secret key Assure generates when it
    first starts; the database must not exist (SQLite) or hold no tables (PostgreSQL)."""
    folder = installation.data_dir
    if folder.exists() and not folder.is_dir():
        raise BackupError(f"{folder}: is not a folder")
    if folder.is_dir():
        others = sorted(p.name for p in folder.iterdir() if p.name != SECRET_KEY)
        if others:
            raise BackupError(
                f"{folder}: is not empty ({', '.join(others[:3])}{' …' if len(others) > 3 else ''}"
                "): restore into an empty data folder (set ASSURE_DATA_DIR)"
            )
    if installation.files.exists() and any(installation.files.iterdir()):
        raise BackupError(f"{installation.files}: is not empty")
    if installation.vendor == "sqlite":
        name = str(installation.database["NAME"])
        if name.startswith("file:") or name == ":memory:":
            raise BackupError("cannot restore into an in-memory database")
        if Path(name).exists():
            raise BackupError(f"{name}: a database is already there: restore into an empty folder")
    else:
        from django.db import connections

        connection = connections["default"]
        tables = connection.introspection.table_names()
        if tables:
            raise BackupError(
                f"the database {installation.database['NAME']!r} is not empty ({len(tables)} "
                "tables): restore into a new, empty database"
            )


def restore(
    path: Path,
    installation: Installation,
    *,
    known_migrations: set[tuple[str, str]],
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> dict:
    """Restore the backup at ``path`` into an empty installation, after checking all of it.
    On any failure, what was written is removed again: the target is left empty."""
    path = Path(path)
    check_empty(installation)
    manifest = verify(path, max_bytes=max_bytes)
    check_restorable(path, manifest, vendor=installation.vendor, known_migrations=known_migrations)
    needed = sum(f["size"] for f in manifest["files"])
    free = shutil.disk_usage(_existing_parent(installation.data_dir)).free
    if needed > free:
        raise BackupError(f"{path}: needs {needed:,} bytes but only {free:,} are free")

    existed = installation.data_dir.exists()
    created: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="assure-restore-") as scratch:
        database_member = manifest["database"]["member"]
        if installation.vendor == "sqlite":
            database_target = Path(installation.database["NAME"])
        else:
            database_target = Path(scratch) / "assure.pgdump"

        def destination(name: str) -> Path:
            if name == database_member:
                return database_target
            if name == SECRET_KEY:
                return installation.secret_key_file
            if name == DEMO_TODAY:
                return installation.demo_today_file
            tree, _, rest = name.partition("/")
            root = getattr(installation, tree)
            target = root.joinpath(*PurePosixPath(rest).parts)
            if not target.resolve().is_relative_to(root.resolve()):  # belt and braces
                raise BackupError(f"{path}: {name!r} would land outside {root}")
            return target

        def write(name: str):
            target = destination(name)
            _make_folders(target.parent, created)
            if target.exists() and name != SECRET_KEY:
                raise BackupError(f"{target}: already exists")
            if not target.exists():
                created.append(target)
            descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            return os.fdopen(descriptor, "wb")

        try:
            _make_folders(installation.data_dir, created)
            os.chmod(installation.data_dir, 0o700)
            second = _read(path, max_bytes=max_bytes, write=write)
            if second != manifest:
                raise BackupError(f"{path}: changed while it was being restored")
            if installation.vendor == "postgresql":
                _require_program("pg_restore")
                _run(
                    [
                        "pg_restore",
                        "--no-owner",
                        "--no-privileges",
                        "--exit-on-error",
                        "--single-transaction",
                        f"--dbname={installation.database['NAME']}",
                        str(database_target),
                    ],
                    installation.database,
                    "pg_restore",
                )
        except BaseException:
            for item in reversed(created):
                if item.is_dir() and not item.is_symlink():
                    shutil.rmtree(item, ignore_errors=True)
                else:
                    item.unlink(missing_ok=True)
            if not existed:
                shutil.rmtree(installation.data_dir, ignore_errors=True)
            raise
    return manifest


def _existing_parent(folder: Path) -> Path:
    while not folder.exists():
        folder = folder.parent
    return folder


def _make_folders(folder: Path, created: list[Path]) -> None:
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for item in reversed(missing):
        item.mkdir(mode=0o700)
        created.append(item)


# --- PostgreSQL's programs -------------------------------------------------------------------


def _require_program(name: str) -> None:
    if shutil.which(name) is None:
        raise BackupError(
            f"{name} is not installed: install PostgreSQL's client programs "
            "(apt-get install postgresql-client)"
        )


def _run(args: list[str], database: dict, program: str) -> None:
    """Run a PostgreSQL client with the connection in its environment, never on its command
    line, where other users of the machine could read the password."""
    env = {**os.environ, **_libpq_environment(database)}
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = " ".join(result.stderr.split())[:500] or f"exit status {result.returncode}"
        raise BackupError(f"{program} failed: {detail}")


def _libpq_environment(database: dict) -> dict[str, str]:
    env = {
        "PGDATABASE": database.get("NAME") or "",
        "PGHOST": database.get("HOST") or "",
        "PGPORT": str(database.get("PORT") or ""),
        "PGUSER": database.get("USER") or "",
        "PGPASSWORD": database.get("PASSWORD") or "",
    }
    options = database.get("OPTIONS") or {}
    if options.get("sslmode"):
        env["PGSSLMODE"] = options["sslmode"]
    return {k: v for k, v in env.items() if v}
