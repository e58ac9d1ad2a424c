"""Agreement between the force's and the inspectorate's grades of the same cases: the 4×4 table
and unweighted Cohen's kappa, from grades recorded against an audit sample. Pure Python, the
same rule as the engine's ``audits.force_inspectorate_kappa`` (null when undefined)."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from .kinds import GRADES


@dataclass(frozen=True)
class Agreement:
    table: list[list[int]]  # rows: force grade, columns: inspectorate grade, in GRADES order
    pairs: int
    agree: int
    kappa: float | None


def agreement(pairs: list[tuple[str, str]]) -> Agreement:
    index = {g: i for i, g in enumerate(GRADES)}
    table = [[0] * len(GRADES) for _ in GRADES]
    for force, inspectorate in pairs:
        table[index[force]][index[inspectorate]] += 1
    n = len(pairs)
    agree = sum(table[i][i] for i in range(len(GRADES)))
    return Agreement(table, n, agree, kappa(table))


def kappa(table: list[list[int]]) -> float | None:
    """Null with no pairs, and when the expected agreement is 1 (kappa would be 0/0)."""
    n = sum(map(sum, table))
    if n == 0:
        return None
    rows = [sum(r) for r in table]
    cols = [sum(c) for c in zip(*table, strict=True)]
    observed = Fraction(sum(table[i][i] for i in range(len(table))), n)
    expected = Fraction(sum(r * c for r, c in zip(rows, cols, strict=True)), n * n)
    if expected == 1:
        return None
    value = (observed - expected) / (1 - expected)
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
