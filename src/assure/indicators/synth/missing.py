"""``missing_episodes``: reports of missing people, most of them children aged 12–17, a third
of episodes repeats by the same person, with the districts' different responses to lower-risk
children before the plan."""

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .core import DAY, HOUR, Context, count, lognormal_seconds, pattern_weight, sample_instants
from .hashing import hash_uniform
from .timebase import MINUTE, local_midnight

KIND = "missing_episodes"
COLUMNS = [
    ("episode_ref", "str"),
    ("person_ref", "str"),
    ("unit", "str"),
    ("reported_at", "ts"),
    ("age", "int"),
    ("risk", "str"),
    ("in_care", "bool"),
    ("cse_risk", "bool"),
    ("first_attended_at", "ts"),
    ("first_reviewed_at", "ts"),
    ("found_at", "ts"),
]
RISKS = ["high", "medium", "low", "no_apparent_risk"]
YEAR = 365.25 * DAY
# Person i of a pool of M is drawn as floor(M * u**SKEW): a few people go missing many times.
# With SKEW 1.5 a pool 1.3 times the episodes leaves about a third of episodes repeats.
SKEW = 1.5
POOL_PER_EPISODE = 1.3
FREQUENT = 0.1  # the tenth of the pool drawn most often (a fifth of all episodes)
FREQUENT_EPISODE_SHARE = FREQUENT ** (1 / SKEW)


def _inverse_cdf(u: np.ndarray, table: dict) -> np.ndarray:
    keys = np.array([int(k) for k in table], dtype=np.int64)
    p = np.array(list(table.values()), dtype=np.float64)
    return keys[np.minimum(np.searchsorted(np.cumsum(p / p.sum()), u, side="right"), len(p) - 1)]


def rows(ctx: Context):
    cfg = ctx.force["missing"]
    annual = ctx.force["volumes"][KIND]
    total_pop = sum(u["population_k"] for u in ctx.units) or 1.0
    years = ((ctx.date_to - ctx.date_from).days + 1) / 365.25
    # Ages are drawn for the middle of the period, so the mix holds over a long one.
    reference = local_midnight(ctx.date_from + (ctx.date_to - ctx.date_from) / 2)
    # Children are more likely among the frequent: solve for the others' share.
    frequent_child = 0.9
    other_child = (cfg["child_share"] - FREQUENT_EPISODE_SHARE * frequent_child) / (
        1 - FREQUENT_EPISODE_SHARE
    )
    for chunk, expected in ctx.chunks(KIND, annual, lambda u: u["population_k"] / total_pop):
        unit = chunk.unit
        rng = ctx.rng(KIND, unit.index, chunk.first)
        growth = 1 + cfg["growth_per_year"] * (chunk.first - ctx.date_from).days / 365.25
        n = count(rng, expected * growth * pattern_weight(chunk, cfg["month"], cfg["weekday"]))
        if n == 0:
            continue
        reported = sample_instants(rng, chunk, n, weekday=cfg["weekday"], hour=cfg["hour"])
        pool = max(
            1, int(POOL_PER_EPISODE * annual * ctx.scale * years * unit["population_k"] / total_pop)
        )
        person = np.floor(pool * rng.random(n) ** SKEW).astype(np.int64)
        key = (ctx.seed, unit.index)
        frequent = person < FREQUENT * pool
        child = hash_uniform(person, *key, 1) < np.where(frequent, frequent_child, other_child)
        u_age, u_frac = hash_uniform(person, *key, 2), hash_uniform(person, *key, 3)
        band = np.where(
            child, _inverse_cdf(u_age, cfg["child_ages"]), _inverse_cdf(u_age, cfg["adult_ages"])
        )
        adult_span = np.select([band >= 60, band >= 40, band >= 25], [30, 20, 15], 7)
        years_old = np.where(child, band + u_frac, band + u_frac * adult_span)
        born = reference - (years_old * YEAR).astype(np.int64)
        age = ((reported - born) // YEAR).astype(np.int64)
        in_care = child & (
            hash_uniform(person, *key, 4)
            < np.where(frequent, cfg["frequent_in_care"], cfg["others_in_care"])
        )
        cse = child & (
            hash_uniform(person, *key, 5) < np.where(in_care, cfg["cse_in_care"], cfg["cse_others"])
        )
        risk = rng.choice(4, size=n, p=_normalised(cfg["risk"], RISKS))
        risk = np.where(cse & (risk > 0) & (rng.random(n) < cfg["cse_high_risk"]), 0, risk)
        effect = ctx.plan.effect(reported)
        high, lower = risk == 0, risk >= 2

        # Attendance: high risk within the hour if the district's response is good; lower risk
        # sometimes never attended at all (the seed's "an officer would not even be sent").
        prompt = rng.random(n) < unit.at("missing.high_attended_1h", effect)
        attend_delay = np.where(
            high,
            np.where(
                prompt,
                rng.integers(5 * MINUTE, 60 * MINUTE + 1, n),
                60 * MINUTE + 1 + rng.exponential(90 * MINUTE, n).astype(np.int64),
            ),
            lognormal_seconds(rng, np.where(lower, 6 * HOUR, 2 * HOUR), 0.8, n),
        )
        attended = np.where(
            lower, rng.random(n) < unit.at("missing.lower_attended", effect), rng.random(n) < 0.97
        )
        attended |= high
        # Review: lower risk within 72 hours only where the district manages it; otherwise
        # after 72 hours (the seed) or not at all.
        on_time = rng.random(n) < unit.at("missing.lower_reviewed_72h", effect)
        review_delay = np.where(
            lower,
            np.where(
                on_time,
                rng.integers(2 * HOUR, 72 * HOUR + 1, n),
                72 * HOUR + 1 + rng.exponential(36 * HOUR, n).astype(np.int64),
            ),
            rng.integers(HOUR // 2, 12 * HOUR, n),
        )
        reviewed = ~lower | on_time | (rng.random(n) < 0.85)
        found = reported + np.maximum(lognormal_seconds(rng, 14 * HOUR, 1.1, n), 10 * MINUTE)
        never_found = rng.random(n) < 0.003

        yield {
            "episode_ref": ctx.refs(f"MP-{chunk.label}-", n),
            "person_ref": pc.binary_join_element_wise(
                pa.scalar(f"P-{unit.spec.code}-"),
                pc.utf8_lpad(pc.cast(pa.array(person), pa.string()), 7, "0"),
                "",
            ),
            "unit": ctx.unit_column(chunk, n),
            "reported_at": ctx.ts(reported),
            "age": pa.array(age),
            "risk": pa.DictionaryArray.from_arrays(risk.astype(np.int32), pa.array(RISKS)).cast(
                pa.string()
            ),
            "in_care": pa.array(in_care, mask=~child),
            "cse_risk": pa.array(cse, mask=~child),
            "first_attended_at": ctx.ts(reported + attend_delay, ~attended),
            "first_reviewed_at": ctx.ts(reported + review_delay, ~reviewed),
            "found_at": ctx.ts(found, never_found),
        }


def _normalised(mix: dict, labels: list[str]) -> np.ndarray:
    p = np.array([mix[label] for label in labels], dtype=np.float64)
    return p / p.sum()
