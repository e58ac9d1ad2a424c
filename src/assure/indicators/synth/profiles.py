"""The generator's parameters: a table per unit (``unit_profiles.csv``) and the force-wide
volumes, mixes and patterns (``force.toml``). They are data, not code, so that a reader can see
the districts differ and change them without touching the generator."""

import csv
import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .timebase import DAY, local_midnight

HERE = Path(__file__).parent
UNIT_PROFILES = HERE / "unit_profiles.csv"
FORCE_PROFILE = HERE / "force.toml"


@dataclass(frozen=True)
class UnitSpec:
    """A unit of the force as the generator needs it: its code, its name (written in the
    ``unit`` column) and its kind (district, central, specialist or partner)."""

    code: str
    name: str
    kind: str = "district"


WEST_YORKSHIRE_UNITS = (
    UnitSpec("BRA", "Bradford"),
    UnitSpec("CAL", "Calderdale"),
    UnitSpec("KIR", "Kirklees"),
    UnitSpec("LEE", "Leeds"),
    UnitSpec("WAK", "Wakefield"),
    UnitSpec("SCGU", "Safeguarding Central Governance Unit", "central"),
    UnitSpec("HTCU", "High Tech Crime Unit", "specialist"),
)


@dataclass(frozen=True)
class UnitProfile:
    spec: UnitSpec
    index: int
    values: dict[str, float] = field(repr=False)

    def __getitem__(self, name: str) -> float:
        return self.values[name]

    def at(self, name: str, effect: np.ndarray | float) -> np.ndarray | float:
        """A before/after parameter at the plan's progress ``effect`` (0 before, 1 after)."""
        before, after = self.values[f"{name}.before"], self.values[f"{name}.after"]
        return before + (after - before) * effect


def read_unit_table(path: Path = UNIT_PROFILES) -> dict[str, dict[str, float]]:
    """Columns of the table by unit code or fallback kind: {column: {parameter: value}}."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    columns = [c for c in rows[0] if c not in ("parameter", "meaning")]
    return {c.upper(): {r["parameter"]: float(r[c]) for r in rows} for c in columns}


def unit_profiles(units: list[UnitSpec]) -> list[UnitProfile]:
    """Each unit's column, by its code, else the column for its kind (``district`` …)."""
    table = read_unit_table()
    profiles = []
    for index, spec in enumerate(units):
        column = table.get(spec.code.upper()) or table.get(spec.kind.upper()) or table["CENTRAL"]
        profiles.append(UnitProfile(spec, index, dict(column)))
    specialists = [p for p in profiles if p["forensics_share"] > 0]
    total = sum(p["forensics_share"] for p in specialists)
    for p in specialists:  # several specialist units split the exhibits between them
        p.values["forensics_share"] = p["forensics_share"] / total
    return profiles


def read_force_profile(path: Path = FORCE_PROFILE) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


@dataclass(frozen=True)
class Plan:
    """The action plan's progress over time: 0 until publication, rising linearly to 1 when it
    is delivered."""

    published: dt.date
    delivered: dt.date

    def effect(self, instants: np.ndarray) -> np.ndarray:
        start = local_midnight(self.published)
        span = max(local_midnight(self.delivered) - start, DAY)
        return np.clip((np.asarray(instants, dtype=np.float64) - start) / span, 0.0, 1.0)
