"""Synthetic case data for the seven KINDs of the data contract (docs/synthetic-data.md)."""

from .generate import FORMATS, KINDS, generate
from .profiles import WEST_YORKSHIRE_UNITS, UnitSpec

__all__ = ["FORMATS", "KINDS", "WEST_YORKSHIRE_UNITS", "UnitSpec", "generate"]
