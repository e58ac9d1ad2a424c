"""``conferences``: initial child protection conferences, held on working days, with police
invited to nearly all and attending far less in some districts before the plan."""

import numpy as np
import pyarrow as pa

from .core import Context, count, pattern_weight
from .timebase import date_number, local_midnight

KIND = "conferences"
COLUMNS = [
    ("conference_ref", "str"),
    ("unit", "str"),
    ("held_on", "date"),
    ("police_invited", "bool"),
    ("police_attended", "bool"),
    ("police_report_submitted", "bool"),
]
WORKDAYS = [1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0]


def rows(ctx: Context):
    cfg = ctx.force["conferences"]
    total_pop = sum(u["population_k"] for u in ctx.units) or 1.0
    annual = ctx.force["volumes"][KIND]
    for chunk, expected in ctx.chunks(KIND, annual, lambda u: u["population_k"] / total_pop):
        unit = chunk.unit
        rng = ctx.rng(KIND, unit.index, chunk.first)
        days = [d for d in chunk.days if d.weekday() < 5]
        n = count(rng, expected * pattern_weight(chunk, cfg["month"], WORKDAYS)) if days else 0
        if n == 0:
            continue
        held = np.sort(rng.choice([date_number(d) for d in days], size=n))
        effect = ctx.plan.effect(np.array([local_midnight(chunk.first)]))[0]
        invited = rng.random(n) < cfg["invited"]
        attended = invited & (rng.random(n) < unit.at("conferences.attended", effect))
        report = invited & (rng.random(n) < unit.at("conferences.report", effect))
        yield {
            "conference_ref": ctx.refs(f"CP-{chunk.label}-", n),
            "unit": ctx.unit_column(chunk, n),
            "held_on": ctx.date(held),
            "police_invited": pa.array(invited),
            "police_attended": pa.array(attended, mask=~invited),
            "police_report_submitted": pa.array(report, mask=~invited),
        }
