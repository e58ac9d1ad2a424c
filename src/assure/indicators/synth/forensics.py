"""``forensic_exhibits``: devices submitted to the High Tech Crime Unit and examined first come,
first served. Before the plan the unit starts fewer examinations than exhibits arrive
(``forensics.capacity.before`` below 1), so a backlog builds; after it, more (``.after``)."""

import datetime as dt

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .core import DAY, HOUR, Context, count, lognormal_seconds, sample_instants
from .timebase import local_midnight

KIND = "forensic_exhibits"
COLUMNS = [
    ("exhibit_ref", "str"),
    ("unit", "str"),
    ("case_ref", "str"),
    ("child_abuse", "bool"),
    ("submitted_at", "ts"),
    ("started_at", "ts"),
    ("completed_at", "ts"),
]
WEEKDAY = [1.0, 1.0, 1.0, 1.0, 0.9, 0.1, 0.05]
HOURS = [0, 0, 0, 0, 0, 0, 0, 0.5, 3, 5, 5, 5, 4, 5, 5, 4, 3, 1.5, 0.5, 0.2, 0, 0, 0, 0]


def queue(arrivals: np.ndarray, service: np.ndarray, free_at: float) -> np.ndarray:
    """Start times of a first-come, first-served queue (Lindley's recursion, vectorised):
    each item starts when it arrives or when the one before it is finished, whichever is later.
    finish_k = T_k + max(free_at, max over j <= k of (arrival_j - T_(j-1))), T = cumsum(service).
    """
    total = np.cumsum(service)
    before = total - service
    finish = total + np.maximum(free_at, np.maximum.accumulate(arrivals - before))
    return finish - service


def rows(ctx: Context):
    cfg = ctx.force["forensics"]
    annual = ctx.force["volumes"][KIND]
    start = ctx.date_from - dt.timedelta(days=cfg["warm_up_days"])
    period_start = local_midnight(ctx.date_from)
    free_at: dict[int, float] = {}
    for chunk, expected in ctx.chunks(KIND, annual, lambda u: u["forensics_share"], start=start):
        unit = chunk.unit
        rng = ctx.rng(KIND, unit.index, chunk.first)
        n = count(rng, expected)
        if n == 0:
            continue
        submitted = sample_instants(rng, chunk, n, weekday=WEEKDAY, hour=HOURS)
        daily = annual * ctx.scale * unit["forensics_share"] / 365.25
        capacity = unit.at("forensics.capacity", ctx.plan.effect(submitted))
        service = rng.exponential(DAY / (daily * capacity))
        started = queue(submitted.astype(np.float64), service, free_at.get(unit.index, 0.0))
        free_at[unit.index] = float(started[-1] + service[-1])
        triage = lognormal_seconds(rng, cfg["triage_median_days"] * DAY, 0.7, n)
        started = np.maximum(started.astype(np.int64), submitted + triage)
        completed = started + np.maximum(
            lognormal_seconds(rng, cfg["examination_median_days"] * DAY, 0.8, n), HOUR
        )
        new_case = rng.random(n) < 1 / cfg["exhibits_per_case"]
        new_case[0] = True
        case = np.cumsum(new_case)
        child_abuse = (rng.random(case[-1] + 1) < cfg["child_abuse"])[case]
        keep = completed >= period_start  # exhibits finished before --from are history
        if not keep.any():
            continue
        refs = ctx.refs(f"HT-{chunk.label}-", n).filter(pa.array(keep))
        cases = pc.binary_join_element_wise(
            pa.scalar(f"HTC-{chunk.label}-"), pc.cast(pa.array(case[keep]), pa.string()), ""
        )
        k = int(keep.sum())
        yield {
            "exhibit_ref": refs,
            "unit": ctx.unit_column(chunk, k),
            "case_ref": cases,
            "child_abuse": pa.array(child_abuse[keep]),
            "submitted_at": ctx.ts(submitted[keep]),
            "started_at": ctx.ts(started[keep]),
            "completed_at": ctx.ts(completed[keep]),
        }
