"""Time for the generator: exact instants as int64 seconds since the epoch (UTC), and the
Europe/London calendar the contract's day comparisons use.

Records are generated as real instants (local midnight in UTC plus elapsed seconds), so no
generated time falls in the hour that does not exist in March or is ambiguous in October. They are
written with their offset (``2014-08-04T17:23:05+01:00``), which makes every value unambiguous.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

LONDON = ZoneInfo("Europe/London")
DAY = 86_400
HOUR = 3_600
MINUTE = 60


def local_midnight(day: dt.date) -> int:
    """The instant (epoch seconds) at which ``day`` begins in London."""
    return int(dt.datetime.combine(day, dt.time(), tzinfo=LONDON).timestamp())


def day_length(day: dt.date) -> int:
    """Seconds in that London day: 23 or 25 hours on the clock-change days."""
    return local_midnight(day + dt.timedelta(days=1)) - local_midnight(day)


def _transitions(first_year: int, last_year: int) -> tuple[np.ndarray, np.ndarray]:
    """UTC instants at which the London offset changes, and the offset from each onwards."""
    instants, offsets = [], []
    for year in range(first_year, last_year + 1):
        # EU rule (since 1996): summer time from 01:00 UTC on the last Sunday of March to
        # 01:00 UTC on the last Sunday of October. A test checks it against zoneinfo.
        for month, offset in ((3, HOUR), (10, 0)):
            last = dt.date(year, month, 31)
            last -= dt.timedelta(days=(last.weekday() - 6) % 7)
            start = dt.datetime(last.year, last.month, last.day, 1, tzinfo=dt.UTC)
            instants.append(int(start.timestamp()))
            offsets.append(offset)
    return np.asarray(instants, dtype=np.int64), np.asarray(offsets, dtype=np.int64)


_CACHE: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}


def london_offset(instants: np.ndarray) -> np.ndarray:
    """The London UTC offset in seconds (0 or 3600) at each instant."""
    if instants.size == 0:
        return np.zeros(0, dtype=np.int64)
    lo = dt.datetime.fromtimestamp(int(instants.min()), dt.UTC).year - 1
    hi = dt.datetime.fromtimestamp(int(instants.max()), dt.UTC).year + 1
    if (lo, hi) not in _CACHE:
        _CACHE[(lo, hi)] = _transitions(lo, hi)
    at, offsets = _CACHE[(lo, hi)]
    index = np.searchsorted(at, instants, side="right") - 1
    return np.where(index >= 0, offsets[np.maximum(index, 0)], 0)


def local_day_number(instants: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 of each instant's London calendar date."""
    return (instants + london_offset(instants)) // DAY


def date_number(day: dt.date) -> int:
    return (day - dt.date(1970, 1, 1)).days


def to_date(number: int) -> dt.date:
    return dt.date(1970, 1, 1) + dt.timedelta(days=int(number))


def iso_strings(instants: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """ISO 8601 text with the London offset, e.g. ``2014-08-04T17:23:05+01:00``; null where
    ``mask`` is true."""
    offset = london_offset(instants)
    wall = pa.array(instants + offset, type=pa.timestamp("s"))
    text = pc.strftime(wall, format="%Y-%m-%dT%H:%M:%S")
    suffix = pa.array(np.where(offset == HOUR, "+01:00", "+00:00"), type=pa.string())
    joined = pc.binary_join_element_wise(text, suffix, "")
    if mask is not None and mask.any():
        joined = pc.if_else(pa.array(mask), pa.nulls(len(joined), pa.string()), joined)
    return joined


def utc_timestamps(instants: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """The same instants as a Parquet-friendly ``timestamp[us, tz=UTC]``."""
    return pa.array(
        instants * 1_000_000,
        type=pa.timestamp("us", tz="UTC"),
        mask=mask if mask is not None and mask.any() else None,
    )


def dates(numbers: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """Day numbers as ``date32`` (written ``YYYY-MM-DD`` in CSV)."""
    return pa.array(
        numbers.astype(np.int32),
        type=pa.date32(),
        mask=mask if mask is not None and mask.any() else None,
    )


def local_midnights(day_numbers: np.ndarray) -> np.ndarray:
    """Vectorised :func:`local_midnight` for day numbers. An hour before midnight UTC the offset
    is already the one in force at local midnight (clocks change at 01:00 UTC)."""
    utc_midnight = np.asarray(day_numbers, dtype=np.int64) * DAY
    return utc_midnight - london_offset(utc_midnight - HOUR)
