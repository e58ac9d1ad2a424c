"""What the engine answers, in plain Python, so that pages and commands can use it without
DuckDB."""

from dataclasses import dataclass
from datetime import date

ALL = "ALL"  # the force as a whole, computed from the records (never averaged from units)


@dataclass(frozen=True, slots=True)
class IndicatorValue:
    id: str
    unit: str
    value: int | float | None
    numerator: int | None
    denominator: int | None

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "unit": self.unit,
            "value": self.value,
            "numerator": self.numerator,
            "denominator": self.denominator,
        }

    @classmethod
    def from_json(cls, data: dict) -> "IndicatorValue":
        return cls(data["id"], data["unit"], data["value"], data["numerator"], data["denominator"])


@dataclass(frozen=True, slots=True)
class MonthValues:
    """One month of a monthly series: the period is the month (within --from/--to) and AS_OF its
    last day (or --to, if earlier)."""

    month: str  # YYYY-MM
    as_of: date
    date_from: date
    date_to: date
    values: tuple[IndicatorValue, ...]
