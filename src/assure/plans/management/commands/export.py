"""``assure export``: a force's inspections, findings, recommendations, actions and assignments
as JSON, CSV or XLSX (docs/export.md).

A thin wrapper over the service :func:`assure.plans.services.force_export`, which builds the
export and audits it. The command acts as a system job. Every error is one line on standard error.
"""

import os
import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import connection

from assure.accounts.models import Organisation, OrganisationKind
from assure.core.audit import SystemActor
from assure.core.management.base import AssureCommand
from assure.inspections.models import Inspection
from assure.plans.export import FORMATS
from assure.plans.services import force_export_stream

ACTOR_LABEL = "export command"


class Command(AssureCommand):
    prog = "assure export"
    help = (
        "Export a force's inspections, findings, recommendations, actions and assignments (with "
        "each assignment's standing today and its latest update) as JSON, CSV or XLSX. The "
        "export is recorded in the audit trail."
    )
    requires_system_checks = []  # the output must stay clean enough to pipe

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", metavar="SLUG", help="the force to export (required), e.g. west-yorkshire"
        )
        parser.add_argument(
            "--format",
            choices=FORMATS,
            default="json",
            help="json (default; the documented interface), csv (one row per assignment) or xlsx",
        )
        parser.add_argument(
            "--inspection",
            metavar="ID",
            type=int,
            help="export only this inspection of the force",
        )
        parser.add_argument(
            "-o",
            "--output",
            metavar="FILE",
            help="write to FILE instead of standard output (needed for xlsx on a terminal)",
        )

    def handle(self, *args, **options):
        fmt = options["format"]
        output = options["output"]
        force = _find_force(options["force"])
        inspection = _find_inspection(force, options["inspection"])
        if output is None and fmt == "xlsx":
            stream = getattr(self.stdout._out, "buffer", None)
            if stream is None or self.stdout.isatty():
                raise CommandError("use -o FILE for xlsx: it is not text for a terminal")
        handle = _open(output) if output else None
        try:
            chunks = force_export_stream(
                actor=SystemActor(ACTOR_LABEL), force=force, format=fmt, inspection=inspection
            )
        except ValidationError as error:
            _discard(handle)
            raise CommandError(" ".join(error.messages)) from error
        except BaseException:
            _discard(handle)
            raise
        # Written chunk by chunk as the export is read (constant memory whatever its size).
        if handle is not None:
            size = _finish(handle, chunks, output)
            self.stderr.write(f"Exported {force.name} as {fmt} to {output} ({size} bytes).")
        elif fmt == "xlsx":
            self.stdout.flush()
            for chunk in chunks:
                stream.write(chunk)
            stream.flush()
        else:
            for chunk in chunks:
                self.stdout.write(chunk.decode("utf-8"), ending="")


def _find_force(slug: str | None) -> Organisation:
    if Organisation._meta.db_table not in connection.introspection.table_names():
        raise CommandError(
            "the database is not set up yet: run `assure demo --no-serve` or "
            "`assure manage migrate` first"
        )
    slugs = (
        ", ".join(
            Organisation.objects.filter(kind=OrganisationKind.FORCE)
            .order_by("slug")
            .values_list("slug", flat=True)
        )
        or "none yet"
    )
    if not slug:
        raise CommandError(f"name the force with --force SLUG (forces: {slugs})")
    force = Organisation.objects.filter(kind=OrganisationKind.FORCE, slug=slug).first()
    if force is None:
        raise CommandError(f"no force has the slug {slug!r} (forces: {slugs})")
    return force


def _find_inspection(force: Organisation, inspection_id: int | None) -> Inspection | None:
    if inspection_id is None:
        return None
    inspection = Inspection.objects.filter(force=force, pk=inspection_id).first()
    if inspection is None:
        ids = ", ".join(
            str(i) for i in Inspection.objects.filter(force=force).values_list("pk", flat=True)
        )
        raise CommandError(
            f"{force.name} has no inspection {inspection_id} (its inspections: {ids or 'none'})"
        )
    return inspection


def _open(output: str):
    """A temporary file beside FILE, opened before exporting so that a place that cannot be
    written fails first; FILE itself is replaced only once the export is complete. Like the
    temporary file, it is readable by its owner only: an export discloses data."""
    path = Path(output)
    if path.is_dir():
        raise CommandError(f"{output}: is a folder; name a file")
    try:
        return tempfile.NamedTemporaryFile(  # closed by _finish or _discard
            dir=path.parent, prefix=f".{path.name}.", suffix=".part", delete=False
        )
    except OSError as error:
        raise CommandError(f"{output}: cannot be written ({error.strerror or error})") from error


def _finish(handle, chunks, output: str) -> int:
    size = 0
    try:
        with handle:
            for chunk in chunks:
                handle.write(chunk)
                size += len(chunk)
        os.replace(handle.name, output)
    except OSError as error:
        Path(handle.name).unlink(missing_ok=True)
        raise CommandError(f"{output}: cannot be written ({error.strerror or error})") from error
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return size


def _discard(handle) -> None:
    if handle is not None:
        handle.close()
        Path(handle.name).unlink(missing_ok=True)
