"""The one module that talks to DuckDB: it runs the importer's SQL and computes the fifteen
indicators from the case-data store (docs/case-data.md).

Each KIND is read in one scan grouped by ``GROUPING SETS ((unit), ())``, so the force-wide
figure (``ALL``) is computed from the records, never averaged from the units. Values are
rounded half away from zero on exact fractions, so that 1 of 16 is 6.3 %, not 6.2 %.
"""

import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import duckdb

from assure.inspections.deadlines import add_months

from . import store
from .definitions import INDICATORS
from .import_sql import MACROS
from .kinds import GRADES
from .values import ALL, IndicatorValue, MonthValues

MEMORY_LIMIT = "1GB"


class EngineError(Exception):
    """DuckDB could not read or write a file; the message is DuckDB's first line."""


class Session:
    """A DuckDB connection set up the same way everywhere: UTC, bounded memory, the London
    clock macros. DuckDB spills to ``temp_dir`` rather than exceed its memory limit."""

    def __init__(self, *, temp_dir: Path | None = None, threads: int | None = None):
        config = {"memory_limit": MEMORY_LIMIT, "preserve_insertion_order": True}
        if threads:
            config["threads"] = threads
        self.connection = duckdb.connect(":memory:", config=config)
        self.connection.execute("SET TimeZone = 'UTC'")
        # DuckDB's own progress bar would print on standard output: the importer draws its own.
        self.connection.execute("SET enable_progress_bar = false")
        if temp_dir is not None:
            self.connection.execute(f"SET temp_directory = {_literal(str(temp_dir))}")
        self.connection.execute(MACROS)

    def rows(self, sql: str, params: Iterable = ()) -> list[tuple]:
        try:
            return self.connection.execute(sql, list(params)).fetchall()
        except duckdb.Error as error:
            raise EngineError(_first_line(error)) from error

    def one(self, sql: str, params: Iterable = ()) -> tuple:
        return self.rows(sql, params)[0]

    def run(self, sql: str, *, progress: Callable[[float], None] | None = None) -> None:
        """Run a statement; with ``progress``, report DuckDB's percentage done as it runs."""
        if progress is None:
            self.rows(sql)
            return
        self.connection.execute("SET enable_progress_bar = true")
        self.connection.execute("SET enable_progress_bar_print = false")
        done = threading.Event()

        def poll():
            while not done.wait(0.2):
                try:
                    progress(max(0.0, self.connection.query_progress()))
                except duckdb.Error:  # the query finished between two polls
                    return

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        try:
            self.rows(sql)
        finally:
            done.set()
            poller.join()
            self.connection.execute("SET enable_progress_bar = false")
        progress(100.0)

    def columns(self, relation: str) -> list[tuple[str, str]]:
        described = self.rows(f"DESCRIBE SELECT * FROM {relation}")
        return [(name, type_) for name, type_, *_ in described]

    def close(self) -> None:
        self.connection.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def csv_relation(path: Path) -> str:
    # Every cell as text, so that the importer (not DuckDB's sniffer) decides what is valid.
    return (
        f"read_csv({_literal(str(path))}, header = true, all_varchar = true, delim = ',', "
        "quote = '\"', escape = '\"', strict_mode = true, encoding = 'utf-8', "
        "max_line_size = 1048576, null_padding = false)"
    )


def parquet_relation(path: Path, *, row_numbers: bool = False) -> str:
    extra = ", file_row_number = true" if row_numbers else ""
    return f"read_parquet({_literal(str(path))}{extra})"


def copy_to_parquet(session: Session, select: str, path: Path, *, progress=None) -> None:
    session.run(
        f"COPY ({select}) TO {_literal(str(path))} (FORMAT parquet, ROW_GROUP_SIZE 122880)",
        progress=progress,
    )


# Indicators -----------------------------------------------------------------------------------

_GROUPED = "GROUP BY GROUPING SETS ((unit), ())"
_UNIT = "CASE WHEN grouping(unit) = 1 THEN NULL ELSE unit END AS unit"
_LOWER_RISK = "risk IN ('low', 'no_apparent_risk')"
_HOUR_US = 3_600_000_000

QUERIES = {
    "missing_episodes": f"""
        SELECT {_UNIT},
          count(*) FILTER (WHERE risk = 'high') AS high,
          count(*) FILTER (WHERE risk = 'high' AND first_attended_at IS NOT NULL
            AND epoch_us(first_attended_at) - epoch_us(reported_at) <= {_HOUR_US}) AS high_1h,
          count(*) FILTER (WHERE {_LOWER_RISK}) AS lower,
          count(*) FILTER (WHERE {_LOWER_RISK} AND first_attended_at IS NULL) AS lower_unattended,
          count(*) FILTER (WHERE {_LOWER_RISK} AND (first_reviewed_at IS NULL
            OR epoch_us(first_reviewed_at) - epoch_us(reported_at) > {72 * _HOUR_US}))
            AS lower_review_late
        FROM {{source}}
        WHERE age < 18 AND reported_at_date BETWEEN $date_from AND $date_to
        {_GROUPED}""",
    "investigations": f"""
        SELECT {_UNIT},
          count(*) AS open,
          count(*) FILTER (WHERE opened_at_date < $three_months_before) AS over_3_months,
          count(*) FILTER (WHERE last_supervised_at IS NULL
            OR $as_of - last_supervised_at_date > 28) AS unsupervised
        FROM {{source}}
        WHERE category IN ('child_abuse', 'cse', 'online_cse')
          AND opened_at_date <= $as_of AND (closed_at IS NULL OR closed_at_date > $as_of)
        {_GROUPED}""",
    "custody_detentions": f"""
        SELECT {_UNIT},
          count(*) FILTER (WHERE charged_at IS NOT NULL AND bail_refused) AS refused,
          count(*) FILTER (WHERE charged_at IS NOT NULL AND bail_refused
            AND transferred_at IS NULL) AS held,
          count(*) FILTER (WHERE charged_at IS NOT NULL AND bail_refused
            AND transferred_at IS NOT NULL) AS transferred,
          count(*) FILTER (WHERE coalesce(released_at_date, $as_of) > arrived_at_date)
            AS overnight
        FROM {{source}}
        WHERE age < 18 AND arrived_at_date BETWEEN $date_from AND $date_to
        {_GROUPED}""",
    "offenders": f"""
        SELECT {_UNIT},
          count(*) AS registered,
          count(DISTINCT officer_ref) AS officers,
          count(*) FILTER (WHERE next_visit_due < $as_of) AS overdue
        FROM {{source}}
        WHERE registered_from <= $as_of AND (registered_until IS NULL OR registered_until > $as_of)
        {_GROUPED}""",
    "forensic_exhibits": f"""
        SELECT {_UNIT},
          count(*) AS awaiting,
          quantile_cont($as_of - submitted_at_date, 0.5) AS median_wait
        FROM {{source}}
        WHERE submitted_at_date <= $as_of AND (started_at IS NULL OR started_at_date > $as_of)
        {_GROUPED}""",
    "case_audits": f"""
        SELECT {_UNIT},
          count(*) AS audits,
          count(*) FILTER (WHERE grade = 'inadequate') AS inadequate
        FROM {{source}}
        WHERE auditor = 'inspectorate' AND audited_on BETWEEN $date_from AND $date_to
        {_GROUPED}""",
    "conferences": f"""
        SELECT {_UNIT},
          count(*) AS invited,
          count(*) FILTER (WHERE police_attended) AS attended
        FROM {{source}}
        WHERE police_invited AND held_on BETWEEN $date_from AND $date_to
        {_GROUPED}""",
}

# Cohen's kappa pairs a case's latest force audit in the period with its latest inspectorate
# audit in the period (latest by audited_on, then audit_ref); the pair counts in the unit of
# the inspectorate's audit.
_LATEST = "arg_max({col}, CAST(audited_on AS VARCHAR) || ' ' || audit_ref)"
KAPPA_QUERY = f"""
    WITH latest AS (
        SELECT case_ref, auditor, {_LATEST.format(col="grade")} AS grade,
               {_LATEST.format(col="unit")} AS unit
        FROM {{source}}
        WHERE audited_on BETWEEN $date_from AND $date_to
        GROUP BY case_ref, auditor
    ),
    pairs AS (
        SELECT i.unit, f.grade AS force_grade, i.grade AS inspectorate_grade
        FROM latest f JOIN latest i ON f.case_ref = i.case_ref
        WHERE f.auditor = 'force' AND i.auditor = 'inspectorate'
    )
    SELECT {_UNIT}, count(*) AS pairs,
      count(*) FILTER (WHERE force_grade = inspectorate_grade) AS agree,
      {", ".join(f"count(*) FILTER (WHERE force_grade = '{g}') AS f_{g}" for g in GRADES)},
      {", ".join(f"count(*) FILTER (WHERE inspectorate_grade = '{g}') AS i_{g}" for g in GRADES)}
    FROM pairs
    {_GROUPED}"""


def rounded(value: Fraction, places: int) -> float:
    """Half away from zero, on the exact fraction."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def percent(numerator: int, denominator: int) -> float | None:
    return rounded(Fraction(100 * numerator, denominator), 1) if denominator else None


def kappa(pairs: int, agree: int, force: list[int], inspectorate: list[int]) -> float | None:
    """Unweighted Cohen's kappa over four grades. Null with no pairs, and null when the
    expected agreement is 1 (both sides gave every case the same single grade): kappa is then
    0/0, undefined, and reporting 1 or 0 would claim something the data cannot show."""
    if pairs == 0:
        return None
    observed = Fraction(agree, pairs)
    expected = Fraction(sum(f * i for f, i in zip(force, inspectorate, strict=True)), pairs**2)
    if expected == 1:
        return None
    return rounded((observed - expected) / (1 - expected), 2)


def _values_for(kind: str, row: dict) -> dict[str, IndicatorValue]:
    """The indicator values one grouped row of ``kind`` gives (``unit`` filled in later)."""

    def v(id_, value, numerator, denominator):
        return IndicatorValue(id_, "", value, numerator, denominator)

    def pct(id_, numerator, denominator):
        return v(id_, percent(numerator, denominator), numerator, denominator)

    def count(id_, n):
        return v(id_, n, n, None)

    match kind:
        case "missing_episodes":
            return {
                "missing.high_risk_attended_1h_pct": pct(
                    "missing.high_risk_attended_1h_pct", row["high_1h"], row["high"]
                ),
                "missing.lower_risk_not_attended_pct": pct(
                    "missing.lower_risk_not_attended_pct", row["lower_unattended"], row["lower"]
                ),
                "missing.lower_risk_review_over_72h_pct": pct(
                    "missing.lower_risk_review_over_72h_pct", row["lower_review_late"], row["lower"]
                ),
            }
        case "investigations":
            return {
                "investigations.open_over_3_months": count(
                    "investigations.open_over_3_months", row["over_3_months"]
                ),
                "investigations.unsupervised_28d_pct": pct(
                    "investigations.unsupervised_28d_pct", row["unsupervised"], row["open"]
                ),
            }
        case "custody_detentions":
            return {
                "custody.children_held_after_charge": count(
                    "custody.children_held_after_charge", row["held"]
                ),
                "custody.transfer_pct": pct(
                    "custody.transfer_pct", row["transferred"], row["refused"]
                ),
                "custody.children_overnight": count("custody.children_overnight", row["overnight"]),
            }
        case "offenders":
            n, officers = row["registered"], row["officers"]
            ratio = rounded(Fraction(n, officers), 1) if officers else None
            return {
                "offenders.per_officer": v("offenders.per_officer", ratio, n, officers),
                "offenders.visits_overdue": count("offenders.visits_overdue", row["overdue"]),
            }
        case "forensic_exhibits":
            n, median = row["awaiting"], row["median_wait"]
            return {
                "forensics.awaiting": count("forensics.awaiting", n),
                "forensics.median_wait_days": v(
                    "forensics.median_wait_days",
                    None if median is None or n == 0 else round(float(median), 1),
                    None,
                    n,
                ),
            }
        case "case_audits":
            return {
                "audits.inadequate_pct": pct(
                    "audits.inadequate_pct", row["inadequate"], row["audits"]
                ),
            }
        case "case_audits_kappa":
            force = [row[f"f_{g}"] for g in GRADES]
            inspectorate = [row[f"i_{g}"] for g in GRADES]
            return {
                "audits.force_inspectorate_kappa": v(
                    "audits.force_inspectorate_kappa",
                    kappa(row["pairs"], row["agree"], force, inspectorate),
                    row["agree"],
                    row["pairs"],
                )
            }
        case "conferences":
            return {
                "conferences.police_attendance_pct": pct(
                    "conferences.police_attendance_pct", row["attended"], row["invited"]
                ),
            }
    raise AssertionError(kind)


_EMPTY = {
    "missing_episodes": {"high": 0, "high_1h": 0, "lower": 0, "lower_unattended": 0,
                         "lower_review_late": 0},
    "investigations": {"open": 0, "over_3_months": 0, "unsupervised": 0},
    "custody_detentions": {"refused": 0, "held": 0, "transferred": 0, "overnight": 0},
    "offenders": {"registered": 0, "officers": 0, "overdue": 0},
    "forensic_exhibits": {"awaiting": 0, "median_wait": None},
    "case_audits": {"audits": 0, "inadequate": 0},
    "case_audits_kappa": {"pairs": 0, "agree": 0, **{f"f_{g}": 0 for g in GRADES},
                          **{f"i_{g}": 0 for g in GRADES}},
    "conferences": {"invited": 0, "attended": 0},
}  # fmt: skip


def _queries(paths: dict[str, Path | None]):
    for kind, sql in QUERIES.items():
        yield kind, (sql, paths.get(kind))
    yield "case_audits_kappa", (KAPPA_QUERY, paths.get("case_audits"))


def compute_paths(
    paths: dict[str, Path | None],
    *,
    as_of: date,
    date_from: date,
    date_to: date,
    units: Iterable[str] = (),
    session: Session | None = None,
) -> list[IndicatorValue]:
    """Every indicator for every unit (those named, and any with data) and ``ALL``, from
    explicit Parquet files per KIND (a KIND without a file has no records)."""
    params = {
        "as_of": as_of,
        "date_from": date_from,
        "date_to": date_to,
        "three_months_before": add_months(as_of, -3),
    }
    own = session is None
    session = session or Session()
    found: dict[str, dict[str, IndicatorValue]] = {}  # unit -> id -> value
    try:
        for kind, (sql, path) in _queries(paths):
            if path is None:
                continue
            query = sql.replace("{source}", parquet_relation(path))
            used = {k: v for k, v in params.items() if f"${k}" in query}
            result = session.connection.execute(query, used)
            names = [d[0] for d in result.description]
            for record in result.fetchall():
                row = dict(zip(names, record, strict=True))
                unit = row["unit"] if row["unit"] is not None else ALL
                found.setdefault(unit, {}).update(_values_for(kind, row))
    except duckdb.Error as error:
        raise EngineError(_first_line(error)) from error
    finally:
        if own:
            session.close()
    empty = {}
    for kind, row in _EMPTY.items():
        empty.update(_values_for(kind, row))
    all_units = [*sorted(set(units) | (set(found) - {ALL}), key=str.casefold), ALL]
    values = []
    for indicator in INDICATORS:
        for unit in all_units:
            value = found.get(unit, {}).get(indicator.id) or empty[indicator.id]
            values.append(
                IndicatorValue(indicator.id, unit, value.value, value.numerator, value.denominator)
            )
    return values


def compute_snapshot(snapshot: store.Snapshot, **kwargs) -> list[IndicatorValue]:
    paths = {kind: snapshot.path(kind) for kind in snapshot.kinds}
    return compute_paths(paths, **kwargs)


def compute(
    *,
    force: str,
    as_of: date,
    date_from: date,
    date_to: date,
    data_dir: Path | None = None,
    units: Iterable[str] = (),
) -> list[IndicatorValue]:
    """Every indicator of ``force``'s current data (one consistent version of every KIND)."""
    return compute_snapshot(
        store.snapshot(force, data_dir),
        as_of=as_of,
        date_from=date_from,
        date_to=date_to,
        units=units,
    )


def months(date_from: date, date_to: date) -> list[tuple[str, date, date]]:
    """(YYYY-MM, first day, last day) of each calendar month from ``date_from`` to ``date_to``,
    the first and last clipped to them."""
    import calendar

    found = []
    year, month = date_from.year, date_from.month
    while (year, month) <= (date_to.year, date_to.month):
        first = max(date(year, month, 1), date_from)
        last = min(date(year, month, calendar.monthrange(year, month)[1]), date_to)
        found.append((f"{year:04d}-{month:02d}", first, last))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def compute_monthly_snapshot(
    snapshot: store.Snapshot, *, date_from: date, date_to: date, units: Iterable[str] = ()
) -> list[MonthValues]:
    paths = {kind: snapshot.path(kind) for kind in snapshot.kinds}
    units = list(units)
    series = []
    with Session() as session:
        for label, first, last in months(date_from, date_to):
            values = compute_paths(
                paths, as_of=last, date_from=first, date_to=last, units=units, session=session
            )
            series.append(MonthValues(label, last, first, last, tuple(values)))
    return series


def compute_monthly(
    *,
    force: str,
    date_from: date,
    date_to: date,
    data_dir: Path | None = None,
    units: Iterable[str] = (),
) -> list[MonthValues]:
    """A monthly series: each calendar month is the period, and AS_OF its last day."""
    return compute_monthly_snapshot(
        store.snapshot(force, data_dir), date_from=date_from, date_to=date_to, units=units
    )


# Case rows: worklists and audit samples -------------------------------------------------------
#
# Pages see case rows only through these functions, a page at a time (LIMIT/OFFSET in SQL), with
# the count of the whole list and of what is left beside it.

_CHILD_ABUSE = "category IN ('child_abuse', 'cse', 'online_cse')"


@dataclass(frozen=True)
class Worklist:
    kind: str
    ref: str
    columns: tuple[str, ...]
    where: str
    order: str


WORKLISTS: dict[str, Worklist] = {
    # The recommendation: "identify and review all child abuse investigation cases that have
    # taken more than three months" (investigations.open_over_3_months, row by row).
    "over-3-months": Worklist(
        "investigations",
        "investigation_ref",
        ("investigation_ref", "category", "opened_at_date", "last_supervised_at_date"),
        f"{_CHILD_ABUSE} AND opened_at_date <= $as_of"
        " AND (closed_at IS NULL OR closed_at_date > $as_of)"
        " AND opened_at_date < $three_months_before",
        "opened_at, investigation_ref",
    ),
    # missing.lower_risk_review_over_72h_pct's numerator.
    "missing-72h": Worklist(
        "missing_episodes",
        "episode_ref",
        ("episode_ref", "risk", "reported_at", "first_reviewed_at"),
        f"age < 18 AND reported_at_date BETWEEN $date_from AND $date_to AND {_LOWER_RISK}"
        " AND (first_reviewed_at IS NULL"
        f" OR epoch_us(first_reviewed_at) - epoch_us(reported_at) > {72 * _HOUR_US})",
        "reported_at, episode_ref",
    ),
    # custody.children_held_after_charge's numerator.
    "held-after-charge": Worklist(
        "custody_detentions",
        "detention_ref",
        ("detention_ref", "age", "arrived_at", "charged_at", "la_requested_at"),
        "age < 18 AND arrived_at_date BETWEEN $date_from AND $date_to"
        " AND charged_at IS NOT NULL AND bail_refused AND transferred_at IS NULL",
        "arrived_at, detention_ref",
    ),
}


@dataclass(frozen=True)
class WorklistPage:
    total: int
    left: int  # rows whose reference is not among ``done``
    columns: tuple[str, ...]
    rows: list[dict]


def worklist_page(
    snapshot: store.Snapshot,
    name: str,
    *,
    unit: str,
    as_of: date,
    date_from: date,
    date_to: date,
    done: Iterable[str] = (),
    limit: int = 50,
    offset: int = 0,
) -> WorklistPage:
    """One page of a unit's worklist, in two queries whatever the data size: the counts, and
    the page's rows (LIMIT/OFFSET)."""
    spec = WORKLISTS[name]
    path = snapshot.path(spec.kind)
    if path is None:
        return WorklistPage(0, 0, spec.columns, [])
    params = {
        "unit": unit,
        **_list_dates(as_of, date_from, date_to),
        "done": sorted(set(done)),
        "limit": max(1, min(int(limit), 500)),
        "offset": max(0, int(offset)),
    }
    source = parquet_relation(path)
    where = f"unit = $unit AND {spec.where}"
    counts = (
        f"SELECT count(*), count(*) FILTER (WHERE NOT list_contains($done::VARCHAR[], {spec.ref}))"
        f" FROM {source} WHERE {where}"
    )
    page = (
        f"SELECT {', '.join(spec.columns)} FROM {source} WHERE {where}"
        f" ORDER BY {spec.order} LIMIT $limit OFFSET $offset"
    )
    with Session() as session:
        try:
            total, left = session.connection.execute(counts, _used(counts, params)).fetchone()
            result = session.connection.execute(page, _used(page, params))
            rows = [dict(zip(spec.columns, r, strict=True)) for r in result.fetchall()]
        except duckdb.Error as error:
            raise EngineError(_first_line(error)) from error
    return WorklistPage(total, left, spec.columns, rows)


def worklist_counts(
    snapshot: store.Snapshot,
    *,
    as_of: date,
    date_from: date,
    date_to: date,
    done: Mapping[str, Mapping[str, Iterable[str]]],
) -> dict[tuple[str, str], tuple[int, int]]:
    """(total, left) of every worklist in every unit, as ``worklist_page`` counts them: one
    grouped query per list whatever the data size. ``done`` holds, per list, per unit name, the
    references whose review takes them off that unit's list. Aggregates only: no case row
    leaves this function. Units with nothing on a list are absent."""
    found: dict[tuple[str, str], tuple[int, int]] = {}
    params = _list_dates(as_of, date_from, date_to)
    with Session() as session:
        for name, spec in WORKLISTS.items():
            path = snapshot.path(spec.kind)
            if path is None:
                continue
            # Each unit's done references, keyed "unit\x1fref": one list parameter for the query.
            keys = sorted(
                f"{unit}\x1f{ref}" for unit, refs in done.get(name, {}).items() for ref in refs
            )
            # A hash join with the done keys, not list_contains per row: a force's reviews
            # accumulate over the years.
            sql = (
                "SELECT c.unit, count(*), count(*) FILTER (WHERE d.k IS NULL)"
                f" FROM (SELECT unit, {spec.ref} AS ref FROM {parquet_relation(path)}"
                f" WHERE {spec.where}) c"
                " LEFT JOIN (SELECT DISTINCT unnest($done::VARCHAR[]) AS k) d"
                " ON d.k = c.unit || chr(31) || c.ref GROUP BY c.unit"
            )
            try:
                rows = session.connection.execute(
                    sql, _used(sql, {**params, "done": keys})
                ).fetchall()
            except duckdb.Error as error:
                raise EngineError(_first_line(error)) from error
            for unit, total, left in rows:
                found[(unit, name)] = (total, left)
    return found


def _list_dates(as_of: date, date_from: date, date_to: date) -> dict:
    """The dates a worklist's condition (``Worklist.where``) names."""
    return {
        "as_of": as_of,
        "date_from": date_from,
        "date_to": date_to,
        "three_months_before": add_months(as_of, -3),
    }


def _used(sql: str, params: dict) -> dict:
    return {k: v for k, v in params.items() if f"${k}" in sql}


def sample_cases(
    snapshot: store.Snapshot, *, unit: str, as_of: date, seed: int, size: int
) -> list[str]:
    """A reproducible random sample of the unit's child abuse investigations opened in the year
    to ``as_of``: ordered by the MD5 of the seed and the reference (stable across DuckDB
    versions and machines), so the same seed over the same data draws the same cases."""
    path = snapshot.path("investigations")
    if path is None:
        return []
    sql = (
        f"SELECT investigation_ref FROM {parquet_relation(path)}"
        f" WHERE unit = $unit AND {_CHILD_ABUSE} AND opened_at_date <= $as_of"
        " AND opened_at_date > $year_before"
        " ORDER BY md5(CAST($seed AS VARCHAR) || ':' || investigation_ref) LIMIT $size"
    )
    params = {
        "unit": unit,
        "as_of": as_of,
        "year_before": add_months(as_of, -12),
        "seed": seed,
        "size": size,
    }
    with Session() as session:
        try:
            return [r[0] for r in session.connection.execute(sql, params).fetchall()]
        except duckdb.Error as error:
            raise EngineError(_first_line(error)) from error
