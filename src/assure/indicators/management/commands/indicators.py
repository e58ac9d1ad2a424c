"""``assure indicators [--force SLUG] --as-of DATE [--from DATE --to DATE] [--format json|table]
[--monthly] [--no-cache]``: every indicator for every unit of the force and for the force as a
whole (docs/case-data.md). Without --from/--to the period is the twelve months up to --as-of."""

import datetime
import json

from django.core.management.base import CommandError

from assure.core.management.base import AssureCommand
from assure.indicators import cache
from assure.indicators.definitions import BY_ID, INDICATORS, Measure
from assure.indicators.management.forces import find_force
from assure.inspections.deadlines import add_months


def iso_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"{text!r} is not a date in the form YYYY-MM-DD") from error


def default_period(as_of, date_from, date_to):
    """--to defaults to --as-of; --from to the day after --to minus twelve months."""
    date_to = date_to or as_of
    date_from = date_from or add_months(date_to, -12) + datetime.timedelta(days=1)
    if date_from > date_to:
        raise CommandError(f"--from {date_from} is after --to {date_to}")
    return date_from, date_to


class Command(AssureCommand):
    prog = "assure indicators"
    help = (
        "Print every indicator for every unit of the force and for the force as a whole (ALL), "
        "computed from the imported case data. Results are cached per data version."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--force", metavar="SLUG", help="the force (default: the only one)")
        parser.add_argument("--as-of", metavar="DATE", required=True, help="YYYY-MM-DD")
        parser.add_argument("--from", dest="date_from", metavar="DATE", help="period start")
        parser.add_argument("--to", dest="date_to", metavar="DATE", help="period end")
        parser.add_argument("--format", choices=["json", "table"], default="json")
        parser.add_argument(
            "--monthly",
            action="store_true",
            help="a series: each calendar month of the period, AS_OF its last day",
        )
        parser.add_argument("--no-cache", action="store_true", help="recompute")

    def handle(self, *args, **options):
        force = find_force(options["force"])
        as_of = iso_date(options["as_of"])
        date_from, date_to = default_period(
            as_of,
            iso_date(options["date_from"]) if options["date_from"] else None,
            iso_date(options["date_to"]) if options["date_to"] else None,
        )
        units = list(force.units.values_list("name", flat=True))
        use_cache = not options["no_cache"]
        fmt = options["format"]
        if options["monthly"]:
            series, _ = cache.monthly(
                force=force.slug, date_from=date_from, date_to=date_to, units=units,
                use_cache=use_cache,
            )  # fmt: skip
            if fmt == "json":
                self._json(
                    {
                        "force": force.slug,
                        "as_of": as_of.isoformat(),
                        "from": date_from.isoformat(),
                        "to": date_to.isoformat(),
                        "months": [
                            {
                                "month": m.month,
                                "as_of": m.as_of.isoformat(),
                                "from": m.date_from.isoformat(),
                                "to": m.date_to.isoformat(),
                                "indicators": [v.as_json() for v in m.values],
                            }
                            for m in series
                        ],
                    }
                )
            else:
                for month in series:
                    self._table(force, month.as_of, month.date_from, month.date_to, month.values)
            return
        values, _ = cache.indicators(
            force=force.slug, as_of=as_of, date_from=date_from, date_to=date_to, units=units,
            use_cache=use_cache,
        )  # fmt: skip
        if fmt == "json":
            self._json(
                {
                    "force": force.slug,
                    "as_of": as_of.isoformat(),
                    "from": date_from.isoformat(),
                    "to": date_to.isoformat(),
                    "indicators": [v.as_json() for v in values],
                }
            )
        else:
            self._table(force, as_of, date_from, date_to, values)

    def _json(self, data) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1))

    def _table(self, force, as_of, date_from, date_to, values) -> None:
        self.stdout.write(
            f"{force.name}: indicators at the end of {as_of}, period {date_from} to {date_to}"
        )
        by_id = {}
        for value in values:
            by_id.setdefault(value.id, []).append(value)
        width = max((len(v.unit) for v in values), default=3)
        for indicator in INDICATORS:
            self.stdout.write("")
            self.stdout.write(
                f"{indicator.title} [{indicator.id}] — {indicator.unit_of_measure}, "
                f"{indicator.direction} is better, target {indicator.target:g}"
            )
            for value in by_id.get(indicator.id, []):
                self.stdout.write(f"  {value.unit.ljust(width)}  {format_value(value)}")


def format_value(value) -> str:
    measure = BY_ID[value.id].measure
    if value.value is None:
        shown = "no data"
    elif measure is Measure.PERCENT:
        shown = f"{value.value:.1f} %"
    elif measure is Measure.KAPPA:
        shown = f"{value.value:.2f}"
    elif measure in (Measure.RATIO, Measure.DAYS):
        shown = f"{value.value:.1f}"
    else:
        shown = str(value.value)
    shown = shown.rjust(8)
    if measure is Measure.PERCENT:
        return f"{shown}   ({value.numerator} of {value.denominator})"
    if measure is Measure.RATIO:
        return f"{shown}   ({value.numerator} offenders, {value.denominator} officers)"
    if measure is Measure.DAYS:
        return f"{shown}   ({value.denominator} exhibits waiting)"
    if measure is Measure.KAPPA:
        return f"{shown}   ({value.numerator} of {value.denominator} cases agree)"
    return shown
