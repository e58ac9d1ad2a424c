"""The SQL that reads, checks and normalises one case file in a single streaming pass
(docs/case-data.md). Pure text generation: the engine runs it.

Each contract column becomes one or two stored columns (a timestamp also gets its Europe/London
local date) and two bits of the row's ``_problems`` mask: bit 2i says that required column i is
empty, bit 2i+1 that its value is invalid. The importer decodes the few rows with problems into
``line N, column C: reason`` messages, so the pass itself builds no strings per row.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from .kinds import BOOLEAN_FALSE, BOOLEAN_TRUE, MAX_AGE, REF_PATTERN, Column, Kind, Type

# ISO 8601 date and time, minutes required, seconds and up to six decimals optional, then an
# optional offset (Z, +01, +0100 or +01:00).
TIMESTAMP_PATTERN = (
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?([Zz]|[+-]\d{2}(:?\d{2})?)?$"
)
OFFSET_PATTERN = r"([Zz]|[+-]\d{2}(:?\d{2})?)$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
AGE_PATTERN = r"^\d{1,3}$"

# Europe/London (the UK's rule since 1996): British Summer Time from 01:00 UTC on the last Sunday
# of March to 01:00 UTC on the last Sunday of October. A local time in the hour that does not
# exist (01:00-01:59 on the March Sunday) is read with the winter offset, so it lands one hour
# later on the clock (01:30 -> 02:30 BST); a local time in the hour that happens twice
# (01:00-01:59 on the October Sunday) is the earlier, summer-time instant. This is Python's
# zoneinfo with fold=0; a test checks the macros against zoneinfo.
#
# Every row of a case file has up to four timestamps, so the rule is a table look-up: the
# year's summer-time window, in microseconds since 1970, picked by dividing by the mean
# Gregorian year. That index can be a year out only within a day or two of New Year, where
# neither year is in summer time, so the answer is the same. Outside 1970-2099 the formula
# (year, last Sunday) is computed per row. The look-up costs about a third of the formula.
FIRST_YEAR, LAST_YEAR = 1970, 2099
MEAN_YEAR_US = 31_556_952_000_000  # 365.2425 days


def _last_sunday(year: int, month: int) -> date:
    last = date(year, month, 31)
    return last - timedelta(days=(last.weekday() + 1) % 7)


def _window_us(hour: int, month: int) -> str:
    """The list, per year from FIRST_YEAR, of the last Sunday of ``month`` at ``hour``:00."""
    epoch = datetime(1970, 1, 1)
    values = [
        (datetime.combine(_last_sunday(y, month), time(hour)) - epoch) // timedelta(microseconds=1)
        for y in range(FIRST_YEAR, LAST_YEAR + 1)
    ]
    return "[" + ", ".join(map(str, values)) + "]"


def _in_summer(name: str, hour: int) -> str:
    """SQL: the TIMESTAMP ``name`` lies in its year's window that starts and ends at ``hour``."""
    index = f"1 + epoch_us({name}) // {MEAN_YEAR_US}"
    table = f"""CASE WHEN {name} >= TIMESTAMP '{FIRST_YEAR}-01-01'
                  AND {name} < TIMESTAMP '{LAST_YEAR + 1}-01-01'
         THEN epoch_us({name}) >= ({_window_us(hour, 3)})[{index}]
          AND epoch_us({name}) < ({_window_us(hour, 10)})[{index}]
         ELSE {name} >= uk_last_sunday(year({name}), 3) + INTERVAL {hour} HOUR
          AND {name} < uk_last_sunday(year({name}), 10) + INTERVAL {hour} HOUR END"""
    return table


MACROS = f"""
CREATE OR REPLACE MACRO uk_last_sunday(y, m) AS
    make_date(y, m, 31) - CAST(dayofweek(make_date(y, m, 31)) AS INTEGER);
CREATE OR REPLACE MACRO london_wall_to_utc(t) AS
    CASE WHEN {_in_summer("t", 2)} THEN t - INTERVAL 1 HOUR ELSE t END;
CREATE OR REPLACE MACRO utc_to_london_wall(u) AS
    CASE WHEN {_in_summer("u", 1)} THEN u + INTERVAL 1 HOUR ELSE u END;
CREATE OR REPLACE MACRO utc_instant(t) AS make_timestamptz(epoch_us(t));
"""

REASONS = {
    Type.REF: "not a pseudonym: use 1-64 letters, digits, -, _ or /",
    Type.TIMESTAMP: "not an ISO 8601 date and time (e.g. 2014-08-31T14:05 or 2014-08-31T14:05Z)",
    Type.DATE: "not a date in the form YYYY-MM-DD",
    Type.AGE: f"not an age in whole years from 0 to {MAX_AGE}",
    Type.BOOLEAN: "not a boolean: use true/false, 1/0 or yes/no",
}
MISSING = "is empty but required"


def reason(column: Column, units: dict[str, str]) -> str:
    if column.type is Type.CHOICE:
        return "not one of " + ", ".join(column.choices)
    if column.type is Type.UNIT:
        names = sorted(set(units.values()))
        return "not a unit of the force (by code or name): " + ", ".join(names)
    return REASONS[column.type]


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True)
class ColumnSQL:
    """How one present column is read: ``text`` is the cell (trimmed text, or the typed Parquet
    value), NULL when empty; ``parsed`` its normalised value, NULL when empty or invalid. Both
    are computed once per row in an inner SELECT, so the outer one tests them without parsing
    again: a cell is invalid exactly when it has text but no parsed value."""

    text: str
    parsed: str
    can_fail: bool = True  # False: a typed value is valid whenever present
    wall_clock: bool = False  # True: ``text`` is already a Europe/London TIMESTAMP


def _in(expression: str, values) -> str:
    return f"{expression} IN ({', '.join(literal(v) for v in values)})"


def _absent(column: Column) -> str:
    """The stored value of an optional column the file does not have."""
    value = "NULL" if column.default is None else str(column.default).upper()
    return {
        Type.TIMESTAMP: "CAST(NULL AS TIMESTAMPTZ)",
        Type.DATE: "CAST(NULL AS DATE)",
        Type.BOOLEAN: f"CAST({value} AS BOOLEAN)",
        Type.AGE: "CAST(NULL AS INTEGER)",
    }.get(column.type, "CAST(NULL AS VARCHAR)")


def column_sql(column: Column, source: str, source_type: str | None, units) -> ColumnSQL:
    """SQL for one contract column read from the file's column ``source``; typed Parquet
    columns skip the text parsing."""
    raw = identifier(source)
    typed = _typed(column, raw, (source_type or "VARCHAR").upper())
    if typed is not None:
        return typed
    t = f"NULLIF(trim(CAST({raw} AS VARCHAR)), '')"
    return ColumnSQL(t, _from_text(column, t, units))


INTEGER_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER",
                 "UBIGINT")  # fmt: skip


def _typed(column: Column, raw: str, source_type: str) -> ColumnSQL | None:
    """Parquet columns that already have the right type need no parsing."""
    if column.type is Type.TIMESTAMP and source_type == "TIMESTAMP WITH TIME ZONE":
        return ColumnSQL(raw, f"CAST({raw} AS TIMESTAMPTZ)", can_fail=False)
    if column.type is Type.TIMESTAMP and source_type.startswith("TIMESTAMP"):
        wall = f"CAST({raw} AS TIMESTAMP)"
        instant = f"utc_instant(london_wall_to_utc({wall}))"
        return ColumnSQL(wall, instant, can_fail=False, wall_clock=True)
    if column.type is Type.DATE and source_type == "DATE":
        return ColumnSQL(raw, raw, can_fail=False)
    if column.type is Type.BOOLEAN and source_type == "BOOLEAN":
        return ColumnSQL(raw, raw, can_fail=False)
    if column.type is Type.AGE and source_type in INTEGER_TYPES:
        return ColumnSQL(
            raw, f"CASE WHEN {raw} BETWEEN 0 AND {MAX_AGE} THEN CAST({raw} AS INTEGER) END"
        )
    return None


def _from_text(column: Column, t: str, units: dict[str, str]) -> str:
    """The parsed value of the text ``t``: NULL when it is invalid."""
    match column.type:
        case Type.REF:
            return f"CASE WHEN regexp_full_match({t}, {literal(REF_PATTERN[1:-1])}) THEN {t} END"
        case Type.UNIT:
            whens = " ".join(
                f"WHEN {literal(key)} THEN {literal(name)}" for key, name in sorted(units.items())
            )
            return f"CASE lower({t}) {whens} END" if units else "CAST(NULL AS VARCHAR)"
        case Type.CHOICE:
            return f"CASE WHEN {_in(f'lower({t})', column.choices)} THEN lower({t}) END"
        case Type.BOOLEAN:
            return (
                f"CASE WHEN {_in(f'lower({t})', BOOLEAN_TRUE)} THEN TRUE "
                f"WHEN {_in(f'lower({t})', BOOLEAN_FALSE)} THEN FALSE END"
            )
        case Type.AGE:
            number = f"TRY_CAST({t} AS INTEGER)"
            ok = f"(regexp_full_match({t}, {literal(AGE_PATTERN[1:-1])}) AND {number} <= {MAX_AGE})"
            return f"CASE WHEN {ok} THEN {number} END"
        case Type.DATE:
            day = f"TRY_CAST({t} AS DATE)"
            return f"CASE WHEN regexp_full_match({t}, {literal(DATE_PATTERN[1:-1])}) THEN {day} END"
        case Type.TIMESTAMP:
            has_offset = f"regexp_matches({t}, {literal(OFFSET_PATTERN)})"
            instant = (
                f"CASE WHEN {has_offset} THEN TRY_CAST({t} AS TIMESTAMPTZ) "
                f"ELSE utc_instant(london_wall_to_utc(TRY_CAST({t} AS TIMESTAMP))) END"
            )
            pattern = literal(TIMESTAMP_PATTERN[1:-1])
            return f"CASE WHEN regexp_full_match({t}, {pattern}) THEN {instant} END"
    raise AssertionError(column.type)


def normalise_select(
    kind: Kind, relation: str, sources: dict[str, tuple[str, str]], units: dict[str, str]
) -> str:
    """One SELECT over ``relation`` producing the stored columns and ``_problems``.

    ``sources`` maps a contract column to the file's (column name, type). The inner SELECT
    reads each cell once (``t<i>``, its text, and ``v<i>``, its parsed value); the outer one
    stores the values, each timestamp's Europe/London date, and the problem bits."""
    inner, outputs, problems = [], [], []
    for index, column in enumerate(kind.columns):
        name = identifier(column.name)
        source, source_type = sources.get(column.name, (None, None))
        if source is None:
            outputs.append(f"{_absent(column)} AS {name}")
            if column.type is Type.TIMESTAMP:
                outputs.append(f"CAST(NULL AS DATE) AS {identifier(column.name + '_date')}")
            continue
        sql = column_sql(column, source, source_type, units)
        t, v = f"t{index}", f"v{index}"
        inner += [f"{sql.text} AS {t}", f"{sql.parsed} AS {v}"]
        stored = v if column.default is None else f"coalesce({v}, {column.default})"
        outputs.append(f"{stored} AS {name}")
        if column.type is Type.TIMESTAMP:
            wall = t if sql.wall_clock else f"utc_to_london_wall(CAST({v} AS TIMESTAMP))"
            local = f"CAST({wall} AS DATE)"
            outputs.append(f"{local} AS {identifier(column.name + '_date')}")
        if column.required:
            problems.append(f"CASE WHEN {t} IS NULL THEN {1 << (2 * index)} ELSE 0 END")
        if sql.can_fail:
            problems.append(
                f"CASE WHEN {t} IS NOT NULL AND {v} IS NULL THEN {1 << (2 * index + 1)} ELSE 0 END"
            )
    mask = " + ".join(problems) if problems else "0"
    rows = f"(SELECT {', '.join(inner)} FROM {relation})" if inner else relation
    return f"SELECT {', '.join(outputs)}, CAST({mask} AS BIGINT) AS _problems FROM {rows}"


def decode(kind: Kind, mask: int, units: dict[str, str]) -> list[tuple[str, str]]:
    """The (column, reason) pairs a row's ``_problems`` mask stands for, in column order."""
    found = []
    for index, column in enumerate(kind.columns):
        if mask & (1 << (2 * index)):
            found.append((column.name, MISSING))
        if mask & (1 << (2 * index + 1)):
            found.append((column.name, reason(column, units)))
    return found
