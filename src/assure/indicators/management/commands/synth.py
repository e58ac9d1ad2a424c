"""``assure synth``: write synthetic case data for a force, one file per KIND of the data
contract (docs/synthetic-data.md). The files are what ``assure import-cases`` reads."""

import datetime as dt
import time
from pathlib import Path

from django.core.management.base import CommandError
from django.db import DatabaseError

from assure.core.management.base import AssureCommand
from assure.indicators.synth import FORMATS, WEST_YORKSHIRE_UNITS, UnitSpec, generate

MAX_SCALE = 10_000  # about 600 million rows a year: far beyond any force, a guard against typos


def force_units(slug: str) -> tuple[list[UnitSpec], str]:
    """The force's units from the database, or the West Yorkshire demo list when the force (or
    the database) is not there yet, with a phrase saying which."""
    from assure.accounts.models import OrganisationKind, Unit

    try:
        units = list(
            Unit.objects.filter(
                organisation__slug=slug, organisation__kind=OrganisationKind.FORCE
            ).order_by("kind", "code")
        )
    except DatabaseError:
        units = []
    if units:
        return [UnitSpec(u.code, u.name, u.kind) for u in units], f"the units of {slug}"
    return list(WEST_YORKSHIRE_UNITS), "the West Yorkshire units (force not in the database)"


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date (YYYY-MM-DD)", returncode=2) from None


class Command(AssureCommand):
    prog = "assure synth"
    help = (
        "Write synthetic, pseudonymised case data for a force and a period: one file per KIND "
        "(missing_episodes, investigations, custody_detentions, offenders, forensic_exhibits, "
        "case_audits, conferences). --scale 1 is about one force-year (~65,000 rows a year); "
        "the same --seed gives byte-identical files."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--force", metavar="SLUG", required=True, help="the force's slug")
        parser.add_argument("--from", dest="date_from", metavar="DATE", required=True)
        parser.add_argument("--to", dest="date_to", metavar="DATE", required=True)
        parser.add_argument("--scale", type=float, default=1.0, help="volume multiplier (1)")
        parser.add_argument("--seed", type=int, default=0, help="random seed (0)")
        parser.add_argument("--out", metavar="DIR", required=True, help="folder to write into")
        parser.add_argument("--format", choices=FORMATS, default="csv", help="csv (default)")

    def handle(self, *args, **options):
        date_from, date_to = _date(options["date_from"]), _date(options["date_to"])
        if date_to < date_from:
            raise CommandError("--to is before --from", returncode=2)
        scale = options["scale"]
        if not 0 < scale <= MAX_SCALE:
            raise CommandError(f"--scale must be more than 0 and at most {MAX_SCALE}", returncode=2)
        units, source = force_units(options["force"])
        self.stdout.write(f"Units: {source}: {', '.join(u.code for u in units)}")
        started, total = time.perf_counter(), 0

        def report(kind: str, rows: int, path: Path) -> None:
            nonlocal total
            total += rows
            self.stdout.write(f"{kind:<20} {rows:>12,} rows  {path}")

        try:
            generate(
                units=units,
                date_from=date_from,
                date_to=date_to,
                scale=scale,
                seed=options["seed"],
                out_dir=Path(options["out"]),
                fmt=options["format"],
                report=report,
            )
        except OSError as error:
            raise CommandError(f"cannot write to {options['out']}: {error.strerror}") from None
        seconds = time.perf_counter() - started
        self.stdout.write(f"{'total':<20} {total:>12,} rows  in {seconds:.1f} s")
