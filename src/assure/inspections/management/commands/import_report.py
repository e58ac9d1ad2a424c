"""``assure import-report``: read an inspection report, show what it holds, and import it.

A thin wrapper (docs/import-report.md): the reading is :mod:`assure.inspections.readers`,
the extraction :mod:`assure.inspections.extraction`, and the one write the service
:func:`assure.inspections.services.inspection_import`. Every error is one line on standard
error: 2 for input that cannot be read or a malformed option, 1 for a refused import.
"""

import datetime
import hashlib
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import connection

from assure.accounts.models import Organisation, OrganisationKind
from assure.core.audit import SystemActor
from assure.core.management.base import AssureCommand
from assure.inspections.extraction import (
    Extraction,
    content_fingerprint,
    extract,
    extraction_to_contract,
    render_text,
)
from assure.inspections.readers import STDIN_NAME, Budget, ReportUnreadable, read_report
from assure.inspections.selectors import already_imported_message, earlier_import
from assure.inspections.services import inspection_import

ACTOR_LABEL = "import-report command"


class Command(AssureCommand):
    prog = "assure import-report"
    help = (
        "Read an inspection report (.txt, .md, .pdf, .docx, or - for pasted text on standard "
        "input), find its key findings and recommendations with their deadlines, and create the "
        "inspection for a force. With --dry-run nothing is written."
    )
    # The output must stay clean enough to pipe; `assure manage check` runs the checks.
    requires_system_checks = []
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument(
            "path", metavar="PATH", help="the report file, or - to read pasted text from stdin"
        )
        parser.add_argument(
            "--force",
            metavar="SLUG",
            help="the force the inspection is of (may be left out when there is only one force)",
        )
        parser.add_argument(
            "--published",
            metavar="YYYY-MM-DD",
            help="the report's publication date: due dates count from it",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="show what was found; write nothing"
        )
        parser.add_argument(
            "--format",
            choices=("json", "text"),
            default="text",
            help="text (default) to read, json (the data contract's shape) to pipe",
        )
        parser.add_argument(
            "--again",
            action="store_true",
            help="import even if this same file was imported for the force before",
        )

    def handle(self, *args, **options):
        published = _parse_published(options["published"])
        source = options["path"]
        # One reading budget for reading and extracting, as on the web page.
        budget = Budget(STDIN_NAME if source == "-" else source)
        text, source_name, sha256 = _read(source, options.get("stdin"), budget)
        try:
            extraction = extract(text, budget.check)
        except ReportUnreadable as error:
            raise CommandError(str(error), returncode=2) from error
        fingerprint = content_fingerprint(extraction)
        as_json = options["format"] == "json"

        if options["dry_run"]:
            notes = []
            if options["force"]:
                earlier = earlier_import(_find_force(options["force"]).pk, sha256, fingerprint)
                if earlier is not None:
                    notes.append(f"Note: {already_imported_message(earlier)}.")
            self._show(extraction, published, as_json)
            self._say(
                *notes, *([] if as_json else ["Dry run: nothing was written."]), as_json=as_json
            )
            return

        if not extraction.recommendations:
            raise CommandError(
                f"{source_name}: no recommendation found in this report; nothing was written "
                "(use --dry-run to see what was read)",
                returncode=1,
            )
        force = _find_force(options["force"])
        earlier = earlier_import(force.pk, sha256, fingerprint)
        if earlier is not None and not options["again"]:
            raise CommandError(
                f"{already_imported_message(earlier)}; nothing was written "
                "(use --again to import it anyway).",
                returncode=1,
            )
        try:
            inspection = inspection_import(
                actor=SystemActor(ACTOR_LABEL),
                force=force,
                extraction=extraction,
                published_on=published,
                source_name=source_name,
                source_sha256=sha256,
                content_sha256=fingerprint,
                again=options["again"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages), returncode=1) from error
        self._show(extraction, published, as_json)
        findings = _count(len(extraction.findings), "finding")
        recommendations = _count(len(extraction.recommendations), "recommendation")
        self._say(
            f"Created inspection {inspection.pk} \u201c{inspection.title}\u201d for {force.name}: "
            f"{findings}, {recommendations}.",
            as_json=as_json,
        )

    def _show(self, extraction: Extraction, published: datetime.date | None, as_json: bool):
        if as_json:
            contract = extraction_to_contract(extraction, published)
            self.stdout.write(json.dumps(contract, indent=2, ensure_ascii=False))
            return
        self.stdout.write(render_text(extraction, published), ending="")
        if not extraction.recommendations:
            self.stdout.write("\nNo recommendation found in this text.")

    def _say(self, *messages: str, as_json: bool):
        """Messages for the person: on stderr when stdout is JSON, else after the summary."""
        if not messages:
            return
        if as_json:
            for message in messages:
                self.stderr.write(message)
        else:
            self.stdout.write("\n" + "\n".join(messages))


def _parse_published(value: str | None) -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value) if len(value) == 10 else _bad_date(value)
    except ValueError:
        return _bad_date(value)


def _bad_date(value: str):
    raise CommandError(
        f"--published must be a real date written YYYY-MM-DD, for example 2015-01-13 "
        f"(not {value!r})",
        returncode=2,
    )


def _read(source: str, stdin=None, budget: Budget | None = None) -> tuple[str, str, str]:
    """The report's text, the name to record and the SHA-256 of what was read."""
    try:
        text = read_report(source, stdin=stdin, budget=budget)
        if source == "-":
            return text, STDIN_NAME, hashlib.sha256(text.encode("utf-8")).hexdigest()
        data = Path(source).read_bytes()
    except ReportUnreadable as error:
        raise CommandError(str(error), returncode=2) from error
    except OSError as error:
        raise CommandError(f"{source}: cannot be read ({error.strerror or error})", 2) from error
    return text, Path(source).name, hashlib.sha256(data).hexdigest()


def _find_force(slug: str | None) -> Organisation:
    if Organisation._meta.db_table not in connection.introspection.table_names():
        raise CommandError(
            "the database is not set up yet: run `assure demo --no-serve` or "
            "`assure manage migrate` first",
            returncode=1,
        )
    forces = list(Organisation.objects.filter(kind=OrganisationKind.FORCE).order_by("slug"))
    slugs = ", ".join(f.slug for f in forces) or "none yet"
    if slug is None:
        if len(forces) == 1:
            return forces[0]
        if not forces:
            raise CommandError(
                "there is no force to import into yet (run `assure demo --no-serve` or add one)",
                returncode=1,
            )
        raise CommandError(f"name the force with --force SLUG (forces: {slugs})", returncode=1)
    for force in forces:
        if force.slug == slug:
            return force
    other = Organisation.objects.filter(slug=slug).first()
    if other is not None:
        raise CommandError(
            f"{slug!r} is a {other.get_kind_display().lower()}, not a police force "
            f"(forces: {slugs})",
            returncode=1,
        )
    raise CommandError(f"no force has the slug {slug!r} (forces: {slugs})", returncode=1)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
