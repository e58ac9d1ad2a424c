"""``case_audits``: the force's routine dip samples, and the joint reviews in ``force.toml``
where the force and the inspectorate graded the same cases — the force's grades far kinder in
the 2014 inspection, close to the inspectorate's in the 2015 review."""

import datetime as dt

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .core import Context, count, pattern_weight
from .timebase import date_number, local_midnight

KIND = "case_audits"
COLUMNS = [
    ("audit_ref", "str"),
    ("case_ref", "str"),
    ("unit", "str"),
    ("audited_on", "date"),
    ("auditor", "str"),
    ("grade", "str"),
]
WORKDAYS = [1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0]


def _text(values: list[str]) -> pa.Array:
    return pa.array(values, pa.string())


def rows(ctx: Context):
    cfg = ctx.force["audits"]
    grades = cfg["grades"]
    total_pop = sum(u["population_k"] for u in ctx.units) or 1.0
    flat = [1.0] * 12
    annual = ctx.force["volumes"]["force_audits"]
    for chunk, expected in ctx.chunks(KIND, annual, lambda u: u["population_k"] / total_pop):
        rng = ctx.rng(KIND, chunk.unit.index, chunk.first)
        days = [d for d in chunk.days if d.weekday() < 5]
        n = count(rng, expected * pattern_weight(chunk, flat, WORKDAYS)) if days else 0
        if n == 0:
            continue
        on = np.sort(rng.choice([date_number(d) for d in days], size=n))
        effect = ctx.plan.effect(np.array([local_midnight(chunk.first)]))[0]
        mix = cfg["force_mix"]
        p = np.array(mix["before"]) + (np.array(mix["after"]) - np.array(mix["before"])) * effect
        grade = rng.choice(4, size=n, p=p / p.sum())
        yield {
            "audit_ref": ctx.refs(f"AU-{chunk.label}-", n),
            "case_ref": ctx.refs(f"AC-{chunk.label}-", n),
            "unit": ctx.unit_column(chunk, n),
            "audited_on": ctx.date(on),
            "auditor": _text(["force"]).take(np.zeros(n, np.int32)),
            "grade": pa.DictionaryArray.from_arrays(grade.astype(np.int32), _text(grades)).cast(
                pa.string()
            ),
        }
    yield from _reviews(ctx, grades)


def _reviews(ctx: Context, grades: list[str]):
    districts = [u for u in ctx.units if u["population_k"] > 0] or ctx.units
    weights = np.array([u["population_k"] for u in districts], dtype=np.float64) + 1e-9
    for number, review in enumerate(ctx.force["audits"]["reviews"]):
        lo, hi = max(review["from"], ctx.date_from), min(review["to"], ctx.date_to)
        workdays = [
            date_number(lo + dt.timedelta(days=i))
            for i in range((hi - lo).days + 1)
            if (lo + dt.timedelta(days=i)).weekday() < 5
        ]
        if not workdays:
            continue
        rng = ctx.rng(KIND, len(ctx.units), review["from"], salt=number)
        table = np.array(review["table"])
        force_grade = np.repeat(np.repeat(np.arange(4), 4), table.ravel())
        inspectorate_grade = np.repeat(np.tile(np.arange(4), 4), table.ravel())
        blocks = max(1, round(ctx.scale))
        force_grade, inspectorate_grade = (
            np.tile(force_grade, blocks),
            np.tile(inspectorate_grade, blocks),
        )
        n = len(force_grade)
        unit = rng.choice(len(districts), size=n, p=weights / weights.sum())
        case = ctx.refs(f"REV-{review['from']:%Y%m%d}-", n)
        unit_names = _text([u.spec.name for u in districts]).take(pa.array(unit))
        for who, grade in (("force", force_grade), ("inspectorate", inspectorate_grade)):
            yield {
                "audit_ref": pc.binary_join_element_wise(case, pa.scalar(f"-{who[0].upper()}"), ""),
                "case_ref": case,
                "unit": unit_names,
                "audited_on": ctx.date(rng.choice(workdays, size=n)),
                "auditor": _text([who]).take(np.zeros(n, np.int32)),
                "grade": pa.DictionaryArray.from_arrays(grade.astype(np.int32), _text(grades)).cast(
                    pa.string()
                ),
            }
