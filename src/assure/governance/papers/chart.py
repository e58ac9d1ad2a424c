"""Progress over time by unit: the mean percent complete of each unit's assignments at the end
of each month, as an SVG line chart with the same figures as a data table (so the chart is not
the only way to read them). One query for every update of the plan."""

import datetime
from html import escape

from assure.inspections.deadlines import add_months
from assure.plans.models import ActionPlan, Assignment, Update

WIDTH, HEIGHT, PAD = 640, 260, 40
# Distinguishable in greyscale too, with a dash pattern each.
STYLES = [
    ("#1d70b8", ""),
    ("#d4351c", "6 3"),
    ("#00703c", "2 2"),
    ("#4c2c92", "8 2 2 2"),
    ("#f47738", "4 4"),
    ("#505a5f", "1 3"),
    ("#912b88", "10 4"),
]


def month_ends(start: datetime.date, end: datetime.date, limit: int = 24) -> list[datetime.date]:
    first = start.replace(day=1)
    days = []
    n = 1
    while len(days) < limit:
        day = add_months(first, n) - datetime.timedelta(days=1)
        if day >= end:
            days.append(end)
            break
        days.append(day)
        n += 1
    return days[-limit:]


def progress_chart(plan: ActionPlan, units, today: datetime.date) -> dict:
    start = plan.inspection.published_on or plan.created_at.date()
    days = month_ends(min(start, today), today)
    unit_of = dict(Assignment.objects.filter(action__plan=plan).values_list("pk", "unit_id"))
    updates = (
        Update.objects.filter(assignment__action__plan=plan)
        .order_by("created_at", "sequence")
        .values_list("assignment_id", "created_at", "percent_complete")
    )
    series: dict[int, list[float]] = {u.pk: [] for u in units}
    latest: dict[int, int] = {}
    updates = list(updates)
    i = 0
    for day in days:
        while i < len(updates) and updates[i][1].date() <= day:
            latest[updates[i][0]] = updates[i][2]
            i += 1
        for unit in units:
            values = [latest.get(a, 0) for a, u in unit_of.items() if u == unit.pk]
            series[unit.pk].append(round(sum(values) / len(values), 1) if values else 0.0)
    header = ["Unit", *[f"{d:%b %Y}" for d in days]]
    rows = [[u.name, *[f"{v:.0f}%" for v in series[u.pk]]] for u in units]
    return {
        "caption": "Mean percent complete of each unit’s assignments, at the end of each month",
        "svg": _svg(days, units, series),
        "header": header,
        "rows": rows,
    }


def _svg(days, units, series) -> str:
    n = max(len(days) - 1, 1)

    def x(i):
        return PAD + i * (WIDTH - 2 * PAD) / n

    def y(v):
        return HEIGHT - PAD - v * (HEIGHT - 2 * PAD) / 100

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT + 20 * len(units)}" '
        'role="img" aria-label="Progress over time by unit (figures in the table below)">',
        f'<line x1="{PAD}" y1="{y(0)}" x2="{WIDTH - PAD}" y2="{y(0)}" stroke="#0b0c0c"/>',
        f'<line x1="{PAD}" y1="{y(0)}" x2="{PAD}" y2="{y(100)}" stroke="#0b0c0c"/>',
    ]
    for v in (0, 50, 100):
        parts.append(
            f'<text x="{PAD - 6}" y="{y(v) + 4}" font-size="10" text-anchor="end">{v}%</text>'
        )
    for i, day in enumerate(days):
        if len(days) <= 12 or i % 2 == 0:
            parts.append(
                f'<text x="{x(i)}" y="{HEIGHT - PAD + 14}" font-size="9" '
                f'text-anchor="middle">{day:%b %y}</text>'
            )
    for k, unit in enumerate(units):
        colour, dash = STYLES[k % len(STYLES)]
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(series[unit.pk]))
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2" '
            f'stroke-dasharray="{dash}" points="{points}"/>'
        )
        ly = HEIGHT + 20 * k
        parts.append(
            f'<line x1="{PAD}" y1="{ly}" x2="{PAD + 30}" y2="{ly}" stroke="{colour}" '
            f'stroke-width="2" stroke-dasharray="{dash}"/>'
            f'<text x="{PAD + 36}" y="{ly + 4}" font-size="11">{escape(unit.name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
