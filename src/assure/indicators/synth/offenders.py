"""``offenders``: registered sex offenders and the officer managing each. Each district starts
with ``offenders.officers.before`` officers (times the scale, at least one) carrying
``offenders.per_officer`` offenders each — Kirklees 100, Calderdale 58, as the seed found. From
the plan's publication, new registrations are shared among ``offenders.officers.after``
officers, so the caseload per officer falls where officers were added."""

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .core import CHUNK_ROWS, Context, count
from .timebase import date_number, local_midnight

KIND = "offenders"
COLUMNS = [
    ("offender_ref", "str"),
    ("unit", "str"),
    ("officer_ref", "str"),
    ("risk", "str"),
    ("registered_from", "date"),
    ("registered_until", "date"),
    ("next_visit_due", "date"),
]
RISKS = ["very_high", "high", "medium", "low"]
STOCK_AGE_DAYS = 3650  # the stock was registered over the ten years before --from


def officers(unit, which: str, scale: float) -> int:
    wanted = unit[f"offenders.officers.{which}"]
    return max(1, round(wanted * scale)) if wanted > 0 else 0


def stock(unit, scale: float) -> int:
    return officers(unit, "before", scale) * int(unit["offenders.per_officer"])


def rows(ctx: Context):
    volumes = ctx.force["volumes"]
    first_day = date_number(ctx.date_from)
    published = date_number(ctx.plan.published)
    for unit in ctx.units:
        size = stock(unit, ctx.scale)
        for part, start in enumerate(range(0, size, CHUNK_ROWS)):
            n = min(CHUNK_ROWS, size - start)
            rng = ctx.rng(KIND, unit.index, ctx.date_from, salt=1 + part)
            registered = first_day - rng.integers(1, STOCK_AGE_DAYS, n)
            yield _offenders(
                ctx, unit, rng, registered, f"RSO-{unit.spec.code}-S{part}-", first_day, published
            )
    for chunk, expected in ctx.chunks(
        KIND,
        volumes["offenders_registered_per_year"],
        lambda u: stock(u, ctx.scale) / ctx.scale,
    ):
        rng = ctx.rng(KIND, chunk.unit.index, chunk.first)
        n = count(rng, expected)
        if n == 0:
            continue
        lo, hi = date_number(chunk.first), date_number(chunk.last)
        registered = np.sort(rng.integers(lo, hi + 1, n))
        yield _offenders(
            ctx, chunk.unit, rng, registered, f"RSO-{chunk.label}-", first_day, published
        )


def _offenders(ctx, unit, rng, registered, prefix, first_day, published):
    cfg = ctx.force["offenders"]
    n = len(registered)
    # Registrations end at a steady rate; an end after the extract is not known yet.
    rate = ctx.force["volumes"]["offenders_leaving_per_year"]
    start = np.maximum(registered, first_day)
    until = start + 1 + (rng.exponential(365.25 / rate, n)).astype(np.int64)
    left = until <= ctx.extract_day
    before, after = officers(unit, "before", ctx.scale), officers(unit, "after", ctx.scale)
    pool = np.where(registered >= published, max(before, after), before)
    officer = (rng.random(n) * pool).astype(np.int64)
    p = np.array([cfg["risk"][r] for r in RISKS])
    risk = rng.choice(4, size=n, p=p / p.sum())
    interval = np.array([cfg["visit_months"][r] for r in RISKS])[risk] * 30
    extract_at = local_midnight(ctx.date_to)
    overdue = rng.random(n) < unit.at("offenders.overdue", ctx.plan.effect(np.array([extract_at])))
    due = np.where(
        overdue,
        ctx.extract_day - rng.integers(1, 91, n),
        ctx.extract_day + (rng.random(n) * interval).astype(np.int64),
    )
    return {
        "offender_ref": ctx.refs(prefix, n),
        "unit": pa.array([unit.spec.name], pa.string()).take(np.zeros(n, np.int32)),
        "officer_ref": pc.binary_join_element_wise(
            pa.scalar(f"MOSOVO-{unit.spec.code}-"),
            pc.utf8_lpad(pc.cast(pa.array(officer + 1), pa.string()), 3, "0"),
            "",
        ),
        "risk": pa.DictionaryArray.from_arrays(risk.astype(np.int32), pa.array(RISKS)).cast(
            pa.string()
        ),
        "registered_from": ctx.date(registered),
        "registered_until": ctx.date(until, ~left),
        "next_visit_due": ctx.date(due, left),
    }
