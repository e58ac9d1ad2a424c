"""Extension points of the inspection pages, for apps above inspections to fill.

Inspections knows nothing of action plans; the plans app (or any later one) registers callables
under these hook names in its AppConfig (core/registry.py), and the inspection pages show what
they return:

- ``inspection_list_columns``: ``(inspections) -> ListColumn``, a column on the inspections list;
- ``inspection_panels``: ``(inspection, *, recommendations, user, today) -> InspectionPanel``,
  a section of the inspection page, plus a line under each recommendation;
- ``due_date_followers``: ``(recommendations) -> {"actions": n, "assignments": n}``, what takes
  its due date from these recommendations (recorded when a publication date moves them).

Each callable costs a fixed number of queries for the page, whatever the data size.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from assure.core import registry


@dataclass(frozen=True)
class ListColumn:
    heading: str
    cells: dict[int, dict[str, Any]]  # inspection pk -> a tag: {"text": ..., "colour": ...}


@dataclass(frozen=True)
class RecommendationLine:
    key: str
    tag: dict[str, Any]
    link_text: str = ""
    url: str = ""


@dataclass(frozen=True)
class InspectionPanel:
    template: str
    context: dict[str, Any]
    per_recommendation: dict[int, RecommendationLine] = field(default_factory=dict)


def due_date_followers(recommendations: Sequence[Any]) -> dict[str, int]:
    """Summed over every app that has something following recommendations' due dates."""
    totals = {"actions": 0, "assignments": 0}
    for count in registry.hook("due_date_followers"):
        for key, n in count(recommendations).items():
            totals[key] = totals.get(key, 0) + n
    return totals


def list_columns(inspections: Sequence[Any]) -> list[ListColumn]:
    return [column(inspections) for column in registry.hook("inspection_list_columns")]


def panels(
    inspection: Any, *, recommendations: Sequence[Any], user: Any, today: datetime.date
) -> list[InspectionPanel]:
    return [
        panel(inspection, recommendations=recommendations, user=user, today=today)
        for panel in registry.hook("inspection_panels")
    ]
