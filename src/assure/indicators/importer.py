"""``assure import-cases``: check one case file against the data contract and make it the new
version of its KIND, all or nothing (docs/case-data.md).

The file is read once, by DuckDB, in a streaming pass that writes the normalised rows to a
staged Parquet file together with a per-row problem mask; memory does not grow with the file.
Then, reading only the staged file: the problems (at most 50 reported, then a count), duplicate
references, and the rows added, updated and removed against the current version. Nothing is
visible to readers until :meth:`PreparedImport.publish` swaps the pointer.
"""

import hashlib
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import PermissionDenied

from assure.accounts.models import Organisation

from . import engine, import_sql, store
from . import kinds as kinds_module
from .import_sql import decode, identifier, normalise_select
from .kinds import KINDS, Kind
from .permissions import can_import_cases

MAX_REPORTED = 50
MAX_FILE_BYTES = 20 * 1024**3  # the budget: a 10-million-row extract is about 1.5 GB of CSV
FORMATS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}
FINGERPRINT_MAX_BYTES = 64 * 1024**2  # hashing is then a few milliseconds
PAUSE_ENV = "ASSURE_TEST_PAUSE_BEFORE_SWAP"  # tests only: see _pause_for_tests


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    reason: str

    def __str__(self):
        return f"line {self.line}, column {self.column}: {self.reason}"


class ImportRejected(Exception):
    """The file was refused; nothing was written. ``problems`` holds at most 50 of ``total``."""

    def __init__(self, problems: list[Problem] | None = None, total: int = 0, message: str = ""):
        self.problems = problems or []
        self.total = total or len(self.problems)
        self.message = message
        super().__init__(message or "; ".join(str(p) for p in self.problems[:3]))

    def lines(self) -> list[str]:
        lines = [str(p) for p in self.problems[:MAX_REPORTED]]
        if self.total > len(lines):
            lines.append(f"… and {self.total - len(lines)} more problems ({self.total} in all)")
        if self.message:
            lines.append(self.message)
        return lines


@dataclass
class PreparedImport:
    """A checked file, staged but not yet visible. Publish it, or discard it."""

    force: Organisation
    kind: str
    file_name: str
    replaced: bool
    rows: int  # rows of the KIND after the import
    added: int
    updated: int
    removed: int
    base_version: int
    staged: Path | None
    data_dir: Path | None
    changed: bool = False  # False when the file holds exactly the current records
    warnings: list[str] = field(default_factory=list)
    source: str | None = None  # the file's fingerprint, when the new version is exactly the file

    @property
    def version(self) -> int:
        """The data version of the KIND once published (unchanged when nothing changed)."""
        return self.base_version + 1 if self.changed else self.base_version

    def publish(self) -> int:
        if self.staged is None:
            return self.base_version
        _pause_for_tests()
        version = store.publish(
            self.force.slug, self.kind, self.staged, self.rows, self.data_dir, source=self.source
        )
        self.staged = None
        return version

    def discard(self) -> None:
        if self.staged is not None:
            self.staged.unlink(missing_ok=True)


def import_cases(
    *,
    actor,
    force: Organisation,
    kind: str,
    path: Path,
    replace: bool = False,
    data_dir: Path | None = None,
    progress: Callable[[str, float], None] | None = None,
):
    """Check, stage and publish one file, recording the import (an audited service). The
    permission is checked before the work and again by the service."""
    from .services import case_import_record

    if not can_import_cases(actor, force):
        raise PermissionDenied
    with store.import_lock(force.slug, data_dir):
        prepared = prepare(
            force=force, kind=kind, path=path, replace=replace, data_dir=data_dir,
            progress=progress,
        )  # fmt: skip
        try:
            return case_import_record(actor=actor, prepared=prepared), prepared
        finally:
            prepared.discard()


def units_of(force: Organisation) -> dict[str, str]:
    """Lower-cased code and name of each of the force's units → its name."""
    found = {}
    for code, name in force.units.values_list("code", "name"):
        found[code.strip().lower()] = name
        found[name.strip().lower()] = name
    return found


def prepare(
    *,
    force: Organisation,
    kind: str,
    path: Path,
    replace: bool,
    data_dir: Path | None = None,
    progress: Callable[[str, float], None] | None = None,
) -> PreparedImport:
    """Check and stage ``path``; raise :class:`ImportRejected` with nothing written. The caller
    holds :func:`store.import_lock` for the force."""
    spec = KINDS.get(kind)
    if spec is None:
        raise ImportRejected(message=f"unknown KIND {kind!r}: use one of {', '.join(KINDS)}")
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ImportRejected(message=f"{path.name}: name a .csv or .parquet file")
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ImportRejected(message=f"{path}: cannot be read ({error.strerror})") from error
    if size > MAX_FILE_BYTES:
        raise ImportRejected(message=f"{path.name}: larger than {MAX_FILE_BYTES >> 30} GiB")
    if size == 0:
        raise ImportRejected(message=f"{path.name}: the file is empty")
    units = units_of(force)
    current = store.snapshot(force.slug, data_dir)
    old = current.kinds.get(kind)
    source = fingerprint(path, size, kind, units)
    if old is not None and source is not None and old.source == source:
        # The current version is exactly this file's content, read with the same units and rules.
        return PreparedImport(
            force=force, kind=kind, file_name=path.name[:255], replaced=replace, rows=old.rows,
            added=0, updated=0, removed=0, base_version=old.version, staged=None,
            data_dir=data_dir, source=source,
        )  # fmt: skip
    staged = store.staging_path(force.slug, kind, data_dir)
    with engine.Session(temp_dir=store.tmp_dir(force.slug, data_dir)) as session:
        relation = engine.csv_relation(path) if fmt == "csv" else engine.parquet_relation(path)
        try:
            columns = session.columns(relation)
        except engine.EngineError as error:
            raise ImportRejected(
                message=f"{path.name}: not a readable {fmt} file ({error})"
            ) from error
        sources, warnings = _match_columns(spec, columns)
        try:
            engine.copy_to_parquet(
                session,
                normalise_select(spec, relation, sources, units),
                staged,
                progress=(lambda pct: progress("Checking", pct)) if progress else None,
            )
            problems, total = _problems(session, spec, staged, units)
            if total:
                raise ImportRejected(problems, total)
            rows = session.one(f"SELECT count(*) FROM {engine.parquet_relation(staged)}")[0]
            counts = _changes(session, spec, staged, current.path(kind), rows, replace)
            if old is not None and not any(counts):
                staged.unlink()
                staged = None
                rows = old.rows
            elif old is not None and not replace:
                merged = store.staging_path(force.slug, kind, data_dir)
                _merge(session, spec, staged, current.path(kind), merged, progress)
                staged.unlink()
                staged = merged
                rows = old.rows + counts[0]
        except engine.EngineError as error:
            staged.unlink(missing_ok=True) if staged else None
            raise ImportRejected(message=f"{path.name}: cannot be read ({error})") from error
        except BaseException:
            staged.unlink(missing_ok=True) if staged else None
            raise
    added, updated, removed = counts
    return PreparedImport(
        force=force,
        kind=kind,
        file_name=path.name[:255],
        replaced=replace,
        rows=rows,
        added=added,
        updated=updated,
        removed=removed,
        base_version=old.version if old else 0,
        staged=staged,
        data_dir=data_dir,
        changed=staged is not None,
        warnings=warnings,
        source=source if replace or old is None else None,
    )


def fingerprint(path: Path, size: int, kind: str, units: dict[str, str]) -> str | None:
    """What makes an import's result: the file's bytes, the KIND, the force's units and the
    importer's own rules (the code that reads and checks). None for a file too large to hash
    cheaply beside reading it; such a file is always read."""
    if size > FINGERPRINT_MAX_BYTES:
        return None
    digest = hashlib.sha256()
    for module in (import_sql, kinds_module):
        digest.update(Path(module.__file__).read_bytes())
    digest.update(json.dumps([kind, sorted(units.items())]).encode())
    with path.open("rb") as handle:
        content = hashlib.file_digest(handle, "sha256").hexdigest()
    return f"{size}:{content}:{digest.hexdigest()}"


def _match_columns(spec: Kind, columns: list[tuple[str, str]]):
    """The file's column for each contract column (matched ignoring case and spaces around),
    and a warning for each column the contract does not know."""
    by_name = {}
    for name, type_ in columns:
        by_name.setdefault(name.strip().lower(), (name, type_))
    wanted = {c.name for c in spec.columns}
    missing = [c for c in spec.required if c not in by_name]
    if missing:
        raise ImportRejected(
            [Problem(1, c, "the required column is missing from the header") for c in missing]
        )
    sources = {c.name: by_name[c.name] for c in spec.columns if c.name in by_name}
    warnings = [
        f"column {name!r} is not part of {spec.name} and was ignored"
        for name, _ in columns
        if name.strip().lower() not in wanted
    ]
    return sources, warnings


def _problems(session, spec: Kind, staged: Path, units) -> tuple[list[Problem], int]:
    """Up to 51 problems in line order, and how many in all. Line numbers count the header as
    line 1 (row k of a Parquet file is line k + 1, as it would be in the same data as CSV)."""
    source = engine.parquet_relation(staged, row_numbers=True)
    ref = identifier(spec.ref)
    # One scan: the problem bits, and whether any reference may repeat. Distinct 64-bit hashes
    # are far cheaper to count than distinct strings (no spilling at 10 million rows); as many
    # distinct hashes as references proves there is no duplicate, and anything else (a real
    # duplicate, or a collision once in billions of files) goes to the exact check below.
    total, maybe_repeated = session.one(
        f"SELECT coalesce(sum(bit_count(_problems)) FILTER (WHERE _problems <> 0), 0), "
        f"count({ref}) - count(DISTINCT hash({ref})) FROM {engine.parquet_relation(staged)}"
    )
    found = []
    if total:
        for row_number, mask in session.rows(
            f"SELECT file_row_number, _problems FROM {source} WHERE _problems <> 0 "
            f"ORDER BY file_row_number LIMIT {MAX_REPORTED + 1}"
        ):
            found += [Problem(row_number + 2, c, r) for c, r in decode(spec, mask, units)]
    duplicates = 0
    if maybe_repeated:
        duplicates = session.one(
            f"SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM {source} "
            f"WHERE {ref} IS NOT NULL GROUP BY {ref} HAVING count(*) > 1)"
        )[0]
    if duplicates:
        total += duplicates
        for row_number, first in session.rows(
            f"SELECT file_row_number, first FROM (SELECT file_row_number, min(file_row_number) "
            f"OVER (PARTITION BY {ref}) AS first FROM {source} WHERE {ref} IN (SELECT {ref} "
            f"FROM {source} WHERE {ref} IS NOT NULL GROUP BY {ref} HAVING count(*) > 1)) "
            f"WHERE file_row_number > first ORDER BY file_row_number LIMIT {MAX_REPORTED + 1}"
        ):
            found.append(
                Problem(row_number + 2, spec.ref, f"the same reference as line {first + 2}")
            )
    found.sort(key=lambda p: p.line)
    return found[:MAX_REPORTED], total


def _row_hash(spec: Kind) -> str:
    return "hash(" + ", ".join(identifier(c) for c in spec.stored_columns()) + ")"


def _changes(session, spec: Kind, staged: Path, old: Path | None, rows: int, replace: bool):
    """(added, updated, removed) against the current version; updated counts only records
    whose content changed, so importing the same file again changes nothing."""
    if old is None:
        return rows, 0, 0
    ref, digest = identifier(spec.ref), _row_hash(spec)
    added, updated, absent = session.one(
        f"""SELECT count(*) FILTER (WHERE o.ref IS NULL),
                   count(*) FILTER (WHERE n.ref IS NOT NULL AND o.ref IS NOT NULL AND n.h <> o.h),
                   count(*) FILTER (WHERE n.ref IS NULL)
            FROM (SELECT {ref} AS ref, {digest} AS h FROM {engine.parquet_relation(staged)}) n
            FULL OUTER JOIN
                 (SELECT {ref} AS ref, {digest} AS h FROM {engine.parquet_relation(old)}) o
            ON n.ref = o.ref"""
    )
    return added, updated, absent if replace else 0


def _merge(session, spec: Kind, staged: Path, old: Path, out: Path, progress) -> None:
    """The new records, and the current version's records whose reference the file lacks."""
    columns = ", ".join(identifier(c) for c in spec.stored_columns())
    ref = identifier(spec.ref)
    new, current = engine.parquet_relation(staged), engine.parquet_relation(old)
    engine.copy_to_parquet(
        session,
        f"SELECT {columns}, _problems FROM {new} UNION ALL "
        f"SELECT {columns}, 0 AS _problems FROM {current} o "
        f"WHERE NOT EXISTS (SELECT 1 FROM {new} n WHERE n.{ref} = o.{ref})",
        out,
        progress=(lambda pct: progress("Merging", pct)) if progress else None,
    )


def _pause_for_tests() -> None:
    """Hold the import just before the swap while the file named by the environment variable
    exists, so that a test can read from another process meanwhile. Never set in production."""
    flag = os.environ.get(PAUSE_ENV)
    if not flag:
        return
    Path(flag + ".waiting").touch()
    deadline = time.monotonic() + 120
    while Path(flag).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    print("import: resumed", file=sys.stderr)
