"""``custody_detentions``: arrests of adults and children; children charged and refused bail
are rarely moved to council accommodation before the plan, so most stay in the cells overnight."""

import numpy as np
import pyarrow as pa

from .core import HOUR, Context, count, lognormal_seconds, pattern_weight, sample_instants
from .timebase import MINUTE, local_day_number, local_midnights

KIND = "custody_detentions"
COLUMNS = [
    ("detention_ref", "str"),
    ("unit", "str"),
    ("age", "int"),
    ("arrived_at", "ts"),
    ("released_at", "ts"),
    ("charged_at", "ts"),
    ("bail_refused", "bool"),
    ("la_requested_at", "ts"),
    ("transferred_at", "ts"),
    ("certificate_issued", "bool"),
]
ADULT_BANDS = np.array([18, 25, 40, 60]), np.array([0.40, 0.35, 0.21, 0.04]), [7, 15, 20, 15]


def _next_court_morning(instants: np.ndarray, rng) -> np.ndarray:
    """09:00–11:00 local on the next day the court sits (Monday to Saturday)."""
    day = local_day_number(instants) + 1
    day = day + (((day + 3) % 7) == 6)  # 1970-01-01 was a Thursday: (day + 3) % 7 == 6 is Sunday
    return local_midnights(day) + 9 * HOUR + rng.integers(0, 2 * HOUR, len(day))


def rows(ctx: Context):
    cfg = ctx.force["custody"]
    total_pop = sum(u["population_k"] for u in ctx.units) or 1.0
    annual = ctx.force["volumes"][KIND]
    ages = np.array([int(k) for k in cfg["child_ages"]])
    age_p = np.array(list(cfg["child_ages"].values()))
    for chunk, expected in ctx.chunks(KIND, annual, lambda u: u["population_k"] / total_pop):
        unit = chunk.unit
        rng = ctx.rng(KIND, unit.index, chunk.first)
        n = count(rng, expected * pattern_weight(chunk, cfg["month"], cfg["weekday"]))
        if n == 0:
            continue
        arrived = sample_instants(rng, chunk, n, weekday=cfg["weekday"], hour=cfg["hour"])
        effect = ctx.plan.effect(arrived)
        child = rng.random(n) < cfg["child_share"]
        band = rng.choice(len(ADULT_BANDS[0]), size=n, p=ADULT_BANDS[1])
        adult_age = ADULT_BANDS[0][band] + (rng.random(n) * np.array(ADULT_BANDS[2])[band]).astype(
            np.int64
        )
        age = np.where(child, rng.choice(ages, size=n, p=age_p / age_p.sum()), adult_age)
        median = np.where(
            child, unit.at("custody.child_median_hours", effect), cfg["adult_median_hours"]
        )
        stay = np.maximum(lognormal_seconds(rng, median * HOUR, cfg["sigma"], n), 20 * MINUTE)
        charged = rng.random(n) < np.where(child, cfg["child_charged"], cfg["adult_charged"])
        charged_at = arrived + (stay * rng.uniform(0.4, 0.9, n)).astype(np.int64)
        charged &= charged_at < ctx.extract_at
        refused = charged & (rng.random(n) < cfg["bail_refused"])
        released = arrived + stay
        # Children charged and refused bail: the council is asked for a bed, and the child is
        # moved (PACE s38(6)) or kept for court with a certificate (s38(7)), or without one.
        held_child = child & refused
        la = cfg["la_requested"]
        p_request = la["before"] + (la["after"] - la["before"]) * effect
        requested = held_child & (rng.random(n) < p_request)
        p_transfer = np.minimum(unit.at("custody.transfer", effect) / p_request, 1.0)
        transferred = requested & (rng.random(n) < p_transfer)
        la_at = charged_at + rng.integers(10 * MINUTE, 2 * HOUR, n)
        transferred_at = la_at + lognormal_seconds(rng, 2 * HOUR, 0.5, n)
        to_court = refused & ~transferred
        court = np.zeros(n, dtype=np.int64)
        if to_court.any():
            court[to_court] = _next_court_morning(charged_at[to_court], rng)
        released = np.where(transferred, transferred_at, np.where(to_court, court, released))
        cert = ctx.force["custody"]["certificate"]
        certificate = (
            held_child
            & ~transferred
            & (rng.random(n) < cert["before"] + (cert["after"] - cert["before"]) * effect)
        )
        yield {
            "detention_ref": ctx.refs(f"CD-{chunk.label}-", n),
            "unit": ctx.unit_column(chunk, n),
            "age": pa.array(age),
            "arrived_at": ctx.ts(arrived),
            "released_at": ctx.ts(released),
            "charged_at": ctx.ts(charged_at, ~charged),
            "bail_refused": pa.array(refused),
            "la_requested_at": ctx.ts(la_at, ~requested),
            "transferred_at": ctx.ts(transferred_at, ~transferred),
            "certificate_issued": pa.array(certificate),
        }
