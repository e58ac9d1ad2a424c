"""What every KIND's generator shares: the run's context, the chunks it is generated in, and
sampling of instants with seasonal, weekday and hour-of-day patterns.

Memory stays flat because a KIND is generated one chunk at a time — a month of one unit, split
into shorter runs of days when a month would exceed ``CHUNK_ROWS`` — and each chunk has its own
random stream derived from (seed, KIND, unit, first day), so the same seed gives the same rows.
"""

import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .profiles import Plan, UnitProfile
from .timebase import DAY, HOUR, date_number, dates, iso_strings, local_midnight, utc_timestamps

CHUNK_ROWS = 200_000
KIND_NUMBERS = {
    "missing_episodes": 1,
    "investigations": 2,
    "custody_detentions": 3,
    "offenders": 4,
    "forensic_exhibits": 5,
    "case_audits": 6,
    "conferences": 7,
}


@dataclass(frozen=True)
class Chunk:
    """A run of consecutive days (``first`` to ``last`` inclusive) for one unit."""

    unit: UnitProfile
    first: dt.date
    last: dt.date
    share: float  # the chunk's share of its month's volume (1.0 unless a month is split)

    @property
    def days(self) -> list[dt.date]:
        return [self.first + dt.timedelta(days=i) for i in range((self.last - self.first).days + 1)]

    @property
    def label(self) -> str:
        """Makes references unique: unit code and first day."""
        return f"{self.unit.spec.code}-{self.first:%Y%m%d}"


class Context:
    """One generation run: its period, scale, seed, units, parameters and output format."""

    def __init__(self, *, units, date_from, date_to, scale, seed, force, fmt):
        self.units: list[UnitProfile] = units
        self.date_from: dt.date = date_from
        self.date_to: dt.date = date_to
        self.scale = float(scale)
        self.seed = int(seed)
        self.force = force
        self.fmt = fmt
        timeline = force["timeline"]
        self.plan = Plan(timeline["plan_published"], timeline["plan_delivered"])
        # The extract is taken at the end of --to: nothing later than this is known.
        self.extract_at = local_midnight(date_to + dt.timedelta(days=1))
        self.extract_day = date_number(date_to)

    def rng(self, kind: str, unit_index: int, day: dt.date, salt: int = 0) -> np.random.Generator:
        key = [self.seed, KIND_NUMBERS[kind], unit_index, date_number(day), salt]
        return np.random.Generator(np.random.PCG64(np.random.SeedSequence(key)))

    def chunks(
        self, kind: str, annual: float, weights, start: dt.date | None = None
    ) -> Iterator[tuple[Chunk, float]]:
        """Chunks of the period (from ``start`` if earlier) in time order, unit by unit within
        a month, each with its expected number of rows. ``weights(unit)`` is the unit's share of
        the force's ``annual`` volume at scale 1."""
        first = start or self.date_from
        month = dt.date(first.year, first.month, 1)
        while month <= self.date_to:
            following = (month + dt.timedelta(days=32)).replace(day=1)
            lo = max(month, first)
            hi = min(following - dt.timedelta(days=1), self.date_to)
            fraction = ((hi - lo).days + 1) / 365.25
            for unit in self.units:
                expected = annual * self.scale * weights(unit) * fraction
                if expected <= 0:
                    continue
                parts = int(np.ceil(expected / CHUNK_ROWS))
                length = (hi - lo).days + 1
                bounds = np.linspace(0, length, min(parts, length) + 1).round().astype(int)
                for a, b in itertools.pairwise(bounds):
                    chunk = Chunk(
                        unit,
                        lo + dt.timedelta(days=int(a)),
                        lo + dt.timedelta(days=int(b) - 1),
                        (b - a) / length,
                    )
                    yield chunk, expected * chunk.share
            month = following

    # Output columns -----------------------------------------------------------------------
    def ts(self, instants: np.ndarray, missing: np.ndarray | None = None) -> pa.Array:
        """A timestamp column: null where ``missing`` or later than the extract."""
        late = instants >= self.extract_at
        missing = late if missing is None else (missing | late)
        if self.fmt == "parquet":
            return utc_timestamps(instants, missing)
        return iso_strings(instants, missing)

    @staticmethod
    def date(numbers: np.ndarray, missing: np.ndarray | None = None) -> pa.Array:
        return dates(numbers, missing)

    @staticmethod
    def refs(prefix: str, count: int, start: int = 1) -> pa.Array:
        numbers = pc.cast(pa.array(np.arange(start, start + count, dtype=np.int64)), pa.string())
        return pc.binary_join_element_wise(pa.scalar(prefix), pc.utf8_lpad(numbers, 6, "0"), "")

    @staticmethod
    def choice(rng, labels: list[str], p, size: int) -> pa.Array:
        """Labels drawn with probabilities ``p`` (dictionary-encoded, written as text)."""
        p = np.asarray(p, dtype=np.float64)
        codes = rng.choice(len(labels), size=size, p=p / p.sum()).astype(np.int32)
        return pa.DictionaryArray.from_arrays(codes, pa.array(labels)).cast(pa.string())

    @staticmethod
    def unit_column(chunk: Chunk, size: int) -> pa.Array:
        return pa.array([chunk.unit.spec.name], pa.string()).take(np.zeros(size, np.int32))


def count(rng: np.random.Generator, expected: float) -> int:
    return int(rng.poisson(expected)) if expected > 0 else 0


def pattern_weight(chunk: Chunk, month: list[float], weekday: list[float]) -> float:
    """The chunk's seasonal and weekday weight relative to an average run of as many days."""
    mean = np.mean(month) * np.mean(weekday)
    total = sum(month[d.month - 1] * weekday[d.weekday()] for d in chunk.days)
    return total / (mean * len(chunk.days))


def sample_instants(
    rng: np.random.Generator,
    chunk: Chunk,
    size: int,
    *,
    weekday: list[float] | None = None,
    hour: list[float] | None = None,
) -> np.ndarray:
    """``size`` instants in the chunk's days, sorted, with the given weekday and hour-of-day
    weights: local midnight plus elapsed seconds, so every instant exists in London."""
    days = chunk.days
    day_w = np.array([(weekday or [1.0] * 7)[d.weekday()] for d in days], dtype=np.float64)
    midnights = np.array([local_midnight(d) for d in days], dtype=np.int64)
    lengths = np.diff(np.append(midnights, local_midnight(days[-1] + dt.timedelta(days=1))))
    day = rng.choice(len(days), size=size, p=day_w / day_w.sum())
    hour_w = np.asarray(hour or [1.0] * 24, dtype=np.float64)
    hours = rng.choice(24, size=size, p=hour_w / hour_w.sum())
    elapsed = hours * HOUR + rng.integers(0, HOUR, size=size)
    instants = midnights[day] + np.minimum(elapsed, lengths[day] - 1)
    instants.sort()
    return instants


def lognormal_seconds(rng, median_seconds, sigma: float, size: int) -> np.ndarray:
    return (np.asarray(median_seconds) * np.exp(sigma * rng.standard_normal(size))).astype(np.int64)


def days_between(first: dt.date, last: dt.date) -> int:
    return (last - first).days + 1


__all__ = ["DAY", "HOUR", "Chunk", "Context", "count", "pattern_weight", "sample_instants"]
