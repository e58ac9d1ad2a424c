"""How figures read on the page: values with their numerator and denominator in plain text, the
target status as a tag, and the consistency view's gap and z-score."""

from dataclasses import dataclass

from . import consistency
from .definitions import Direction, Indicator, Measure
from .selectors import target_for
from .values import ALL, IndicatorValue


def value_text(indicator: Indicator, value) -> str:
    if value is None:
        return "No data"
    match indicator.measure:
        case Measure.PERCENT:
            return f"{value:.1f}%"
        case Measure.COUNT:
            return f"{int(value):,}"
        case Measure.RATIO:
            return f"{value:.1f}"
        case Measure.DAYS:
            return f"{value:.1f} days"
        case Measure.KAPPA:
            return f"{value:.2f}"
    return str(value)


def fraction_text(indicator: Indicator, v: IndicatorValue) -> str:
    n, d = v.numerator, v.denominator
    match indicator.measure:
        case Measure.PERCENT:
            return f"{n:,} of {d:,}"
        case Measure.COUNT:
            return "count"
        case Measure.RATIO:
            return f"{n:,} offenders, {d:,} officers"
        case Measure.DAYS:
            return f"of {d:,} awaiting"
        case Measure.KAPPA:
            return f"agree on {n:,} of {d:,}"
    return ""


def target_text(indicator: Indicator, target: float) -> str:
    word = "at least" if indicator.direction is Direction.HIGHER else "at most"
    return f"{word} {value_text(indicator, target)}"


def meets(indicator: Indicator, value, target: float) -> bool:
    return value >= target if indicator.direction is Direction.HIGHER else value <= target


def status_tag(indicator: Indicator, value, target: float) -> dict:
    if value is None:
        return {"text": "No data", "colour": "grey"}
    if meets(indicator, value, target):
        return {"text": "Target met", "colour": "green"}
    return {"text": "Target not met", "colour": "red"}


def gap_text(indicator: Indicator, gap: float | None) -> str:
    if gap is None:
        return ""
    unit = " points" if indicator.measure is Measure.PERCENT else ""
    places = 2 if indicator.measure is Measure.KAPPA else 1
    return f"{gap:+.{places}f}{unit} against the force"


@dataclass(frozen=True)
class Cell:
    unit: str
    value: str
    fraction: str
    tag: dict
    target: str
    gap: str
    z: float | None
    highlighted: bool
    worse: bool


@dataclass(frozen=True)
class Row:
    indicator: Indicator
    cells: list[Cell]
    force: Cell
    highlighted_units: list[str]


def rows(
    indicators, units: list[str], by_indicator: dict[str, dict[str, IndicatorValue]], targets: dict
) -> list[Row]:
    found = []
    for indicator in indicators:
        values = by_indicator.get(indicator.id, {})
        force_value = values.get(ALL)
        diffs = consistency.differences(
            indicator,
            {u: values[u].value if u in values else None for u in units},
            force_value.value if force_value else None,
        )

        def cell(unit, v, diff=None, indicator=indicator):
            target = target_for(targets, indicator, unit)
            return Cell(
                unit=unit,
                value=value_text(indicator, v.value if v else None),
                fraction=fraction_text(indicator, v) if v and v.value is not None else "",
                tag=status_tag(indicator, v.value if v else None, target),
                target=target_text(indicator, target),
                gap=gap_text(indicator, diff.gap) if diff else "",
                z=diff.z if diff else None,
                highlighted=bool(diff and diff.highlighted),
                worse=bool(diff and diff.worse),
            )

        cells = [cell(u, values.get(u), diffs[u]) for u in units]
        found.append(
            Row(
                indicator,
                cells,
                cell(ALL, force_value),
                [c.unit for c in cells if c.highlighted],
            )
        )
    return found
