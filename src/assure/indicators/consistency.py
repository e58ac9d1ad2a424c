"""The consistency view: which units differ most from the force figure on an indicator.

Two measures, both shown on the page:

- the **gap** to the force figure (``ALL``): the unit's value minus the force's, in the
  indicator's own unit — percentage points for a percentage;
- a **z-score** against the spread of the *other* units: (value - their mean) / their standard
  deviation (population). Leaving the unit out means one outlying district cannot hide itself
  by widening the spread it is measured against.

A unit is highlighted when |z| ≥ ``THRESHOLD`` and at least ``MIN_OTHERS`` other units have a
value (with fewer, a spread means little). Units with no value (no denominator) are not scored.
"""

import math
from dataclasses import dataclass

from .definitions import Direction, Indicator

THRESHOLD = 2.0
MIN_OTHERS = 3
METHOD = (
    f"A unit is highlighted when it is {THRESHOLD:g} or more standard deviations away from the "
    "mean of the other units (its z-score, with the unit itself left out). The gap is the unit's "
    "value minus the force figure, in percentage points for percentages."
)


@dataclass(frozen=True)
class Difference:
    gap: float | None
    z: float | None
    highlighted: bool
    worse: bool  # the gap is in the direction the indicator should not go


def differences(
    indicator: Indicator, by_unit: dict[str, float | None], force_value: float | None
) -> dict[str, Difference]:
    found = {}
    scored = {u: v for u, v in by_unit.items() if v is not None}
    for unit, value in by_unit.items():
        if value is None:
            found[unit] = Difference(None, None, False, False)
            continue
        gap = round(value - force_value, 2) if force_value is not None else None
        others = [v for u, v in scored.items() if u != unit]
        z = None
        if len(others) >= MIN_OTHERS:
            mean = sum(others) / len(others)
            sd = math.sqrt(sum((v - mean) ** 2 for v in others) / len(others))
            if sd > 0:
                z = round((value - mean) / sd, 1)
        worse = gap is not None and (gap > 0 if indicator.direction is Direction.LOWER else gap < 0)
        found[unit] = Difference(gap, z, z is not None and abs(z) >= THRESHOLD, worse)
    return found
