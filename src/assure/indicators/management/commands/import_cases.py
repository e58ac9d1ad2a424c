"""``assure import-cases KIND PATH [--force SLUG] [--replace]``: load one file of pseudonymised
case records into the case-data store (docs/case-data.md). All or nothing: any invalid row and
nothing is written, each problem printed as ``line N, column C: reason`` (at most 50, then a
count), exit status 1."""

import sys
from pathlib import Path

from django.core.management.base import CommandError

from assure.core.audit import SystemActor
from assure.core.management.base import AssureCommand
from assure.indicators.importer import ImportRejected, import_cases
from assure.indicators.kinds import KINDS
from assure.indicators.management.forces import find_force

ACTOR_LABEL = "import-cases command"
PROGRESS_FROM_BYTES = 32 * 1024 * 1024  # smaller files are done before a bar would help


class Command(AssureCommand):
    prog = "assure import-cases"
    help = (
        "Import one CSV or Parquet file of pseudonymised case records of KIND. By default new "
        "references are added and existing ones updated; with --replace the file becomes the "
        "complete set of that KIND for the force. The import is recorded in the audit trail."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("kind", metavar="KIND", choices=list(KINDS), help=", ".join(KINDS))
        parser.add_argument("path", metavar="PATH", help="a .csv or .parquet file")
        parser.add_argument("--force", metavar="SLUG", help="the force (default: the only one)")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="the file is the complete set: references absent from it are removed",
        )

    def handle(self, *args, **options):
        force = find_force(options["force"])
        path = Path(options["path"])
        bar = _progress_bar(path, self.stdout)
        try:
            record, prepared = import_cases(
                actor=SystemActor(ACTOR_LABEL),
                force=force,
                kind=options["kind"],
                path=path,
                replace=options["replace"],
                progress=bar.update if bar else None,
            )
        except ImportRejected as rejected:
            if bar:
                bar.close()
            lines = rejected.lines()
            for line in lines if rejected.problems else lines[:-1]:
                self.stderr.write(line)
            summary = lines[-1] if not rejected.problems else f"{rejected.total} problem(s)"
            raise CommandError(f"{path.name}: {summary}; nothing was imported") from rejected
        if bar:
            bar.close()
        for warning in prepared.warnings:
            self.stderr.write(f"warning: {warning}")
        if prepared.changed:
            self.stdout.write(
                f"Imported {record.kind} for {force.name} from {record.file_name}: "
                f"{record.rows_added} added, {record.rows_updated} updated, "
                f"{record.rows_removed} removed; {record.rows} in all (version "
                f"{record.data_version})."
            )
        else:
            self.stdout.write(
                f"Nothing changed: {record.file_name} holds the same {record.kind} records as "
                f"version {record.data_version}."
            )


class _Bar:
    """tqdm over DuckDB's percentage done, one bar per stage."""

    def __init__(self, stream):
        self.stream = stream
        self.stage = None
        self.bar = None

    def update(self, stage: str, percent: float) -> None:
        from tqdm import tqdm

        if stage != self.stage:
            self.close()
            self.stage = stage
            self.bar = tqdm(total=100, desc=stage, unit="%", file=self.stream, leave=False)
        self.bar.n = min(100.0, round(percent, 1))
        self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _progress_bar(path: Path, stdout) -> _Bar | None:
    """Only on a terminal, and only for a file big enough to take a while."""
    try:
        big = path.stat().st_size >= PROGRESS_FROM_BYTES
    except OSError:
        return None
    return _Bar(sys.stdout) if big and stdout.isatty() else None
