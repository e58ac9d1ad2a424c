"""A monthly trend drawn on the server as SVG: one line per unit and a thicker one for the force,
no JavaScript. The same numbers are in a table beside it, so the chart is never the only way to
read them; the SVG has a title and description for screen readers."""

from dataclasses import dataclass
from html import escape

from .definitions import Indicator, Measure

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40
# GOV.UK palette colours with enough contrast on white, with dash patterns so that lines differ
# without colour.
COLOURS = ["#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#b58840", "#d53880", "#505a5f", "#28a197"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 4", "3 6"]


@dataclass(frozen=True)
class Series:
    name: str
    points: list[float | None]


def _scale(indicator: Indicator, series: list[Series]) -> tuple[float, float]:
    found = [p for s in series for p in s.points if p is not None]
    if indicator.measure is Measure.KAPPA:
        return -1.0, 1.0
    if indicator.measure is Measure.PERCENT:
        return 0.0, 100.0
    top = max(found, default=1) or 1
    return 0.0, float(top) * 1.1


def trend_svg(indicator: Indicator, months: list[str], series: list[Series], force: Series) -> str:
    low, high = _scale(indicator, [*series, force])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(months) - 1, 1)

    def x(i):
        return LEFT + i * step

    def y(v):
        return TOP + plot_h - (v - low) / (high - low) * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="trend-title trend-desc" class="app-chart" focusable="false">',
        f'<title id="trend-title">{escape(indicator.title)}, by month and unit</title>',
        '<desc id="trend-desc">A line for each unit and a thicker black line for the force. '
        "The table beside the chart gives the same figures.</desc>",
    ]
    for k in range(5):
        v = low + (high - low) * k / 4
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
            'stroke="#b1b4b6" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y(v) + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="#0b0c0c">{v:.{2 if indicator.measure is Measure.KAPPA else 0}f}</text>'
        )
    for i, month in enumerate(months):
        if len(months) <= 12 or i % 2 == 0:
            parts.append(
                f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" '
                f'font-size="11" fill="#0b0c0c">{escape(month)}</text>'
            )

    def line(s: Series, colour: str, dash: str, width: int):
        segments, current = [], []
        for i, v in enumerate(s.points):
            if v is None:
                if current:
                    segments.append(current)
                current = []
            else:
                current.append(f"{x(i):.1f},{y(v):.1f}")
        if current:
            segments.append(current)
        for seg in segments:
            if len(seg) == 1:
                cx, cy = seg[0].split(",")
                parts.append(f'<circle cx="{cx}" cy="{cy}" r="3" fill="{colour}"/>')
            else:
                parts.append(
                    f'<polyline points="{" ".join(seg)}" fill="none" stroke="{colour}" '
                    f'stroke-width="{width}"'
                    + (f' stroke-dasharray="{dash}"' if dash else "")
                    + "/>"
                )

    for n, s in enumerate(series):
        line(s, COLOURS[n % len(COLOURS)], DASHES[n % len(DASHES)], 2)
    line(force, "#0b0c0c", "", 4)
    parts.append("</svg>")
    return "".join(parts)


def legend(series: list[Series]) -> list[dict]:
    return [
        {"name": s.name, "colour": COLOURS[n % len(COLOURS)], "dash": DASHES[n % len(DASHES)]}
        for n, s in enumerate(series)
    ]
