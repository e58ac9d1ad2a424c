"""``investigations``: child abuse, CSE and other investigations, with durations that leave many
open beyond three months before the plan (longest in Leeds) and supervision that lapses."""

import datetime as dt

import numpy as np
import pyarrow as pa

from .core import DAY, Context, count, lognormal_seconds, pattern_weight, sample_instants
from .timebase import local_midnight

KIND = "investigations"
COLUMNS = [
    ("investigation_ref", "str"),
    ("unit", "str"),
    ("category", "str"),
    ("opened_at", "ts"),
    ("closed_at", "ts"),
    ("last_supervised_at", "ts"),
]
CATEGORIES = ["child_abuse", "cse", "online_cse", "other"]
# Investigations opened this long before --from are generated too; those still open at --from
# are written, so the period starts with a realistic caseload.
WARM_UP_DAYS = 540


def rows(ctx: Context):
    cfg = ctx.force["investigations"]
    total_pop = sum(u["population_k"] for u in ctx.units) or 1.0
    start = ctx.date_from - dt.timedelta(days=WARM_UP_DAYS)
    period_start = local_midnight(ctx.date_from)
    annual = ctx.force["volumes"][KIND]
    for chunk, expected in ctx.chunks(
        KIND, annual, lambda u: u["population_k"] / total_pop, start=start
    ):
        unit = chunk.unit
        rng = ctx.rng(KIND, unit.index, chunk.first)
        n = count(rng, expected * pattern_weight(chunk, cfg["month"], cfg["weekday"]))
        if n == 0:
            continue
        opened = sample_instants(rng, chunk, n, weekday=cfg["weekday"], hour=cfg["hour"])
        p = np.array([cfg["category"][c] for c in CATEGORIES])
        category = rng.choice(4, size=n, p=p / p.sum())
        median = unit.at("investigations.median_days", ctx.plan.effect(opened)) * DAY
        median = median * np.where((category == 1) | (category == 2), cfg["cse_longer"], 1.0)
        closed = opened + np.maximum(lognormal_seconds(rng, median, cfg["sigma"], n), 3_600)
        keep = closed >= period_start
        if not keep.any():
            continue
        opened, closed, category = opened[keep], closed[keep], category[keep]
        n = len(opened)
        # The last supervision before the case closed (or before the extract if still open):
        # recent where the district supervises well, older or never where it does not.
        until = np.minimum(closed, ctx.extract_at - 1)
        recent = rng.random(n) < unit.at("investigations.supervised_28d", ctx.plan.effect(until))
        recent_at = until - (rng.random(n) * np.minimum(28 * DAY, until - opened)).astype(np.int64)
        lapsed_at = until - rng.integers(29 * DAY, 150 * DAY, n)
        supervised = np.where(recent, recent_at, lapsed_at)
        never = (~recent & (rng.random(n) < 0.3)) | (supervised < opened)
        yield {
            "investigation_ref": ctx.refs(f"INV-{chunk.label}-", n),
            "unit": ctx.unit_column(chunk, n),
            "category": pa.DictionaryArray.from_arrays(
                category.astype(np.int32), pa.array(CATEGORIES)
            ).cast(pa.string()),
            "opened_at": ctx.ts(opened),
            "closed_at": ctx.ts(closed),
            "last_supervised_at": ctx.ts(supervised, never),
        }
