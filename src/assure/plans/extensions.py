"""Extension points of the plan pages and the plan's lifecycle, for apps above plans to fill.

Plans knows nothing of governance; an app above it registers callables under these hook names in
its AppConfig (core/registry.py):

- ``plan_panels``: ``(plan, *, user, today) -> PlanPanel``, a section of the plan page, plus a
  line under each recommendation in the matrix;
- ``plan_transitioned``: ``(plan, *, old, new, actor) -> None``, called inside the transaction of
  ``action_plan_transition`` after the plan moved, so that what it writes commits or rolls back
  with the move (governance freezes a snapshot when the plan goes to QA or the national team);
- ``assignment_panels``: ``(assignment, *, user, today) -> PlanPanel | None``, a section of the
  assignment page (indicators shows the unit's figures and the snapshots attached as evidence);
- ``closure_panels``: ``(closure, *, user, today) -> PlanPanel | None``, a section of the page on
  which an approver decides a proposed closure (indicators shows the outcome evidence for the
  assignment's unit: the snapshots attached, frozen, beside the unit's figures now);
- ``export_recommendation_fields``: ``(recommendation_ids) -> {id: {field: value}}``, fields added
  to each recommendation of an export (JSON, and CSV columns named by ``export_csv_columns``);
- ``plan_outcome_figures``: ``(plan, *, as_of) -> OutcomeFigures | None``, outcome figures by
  unit beside the recommendations they evidence, for papers about the plan (indicators fills
  it; governance's progress paper shows it, though the two apps never import each other).

Each callable costs a fixed number of queries, whatever the data size.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from assure.core import registry


@dataclass(frozen=True)
class RecommendationNote:
    key: str
    text: str
    tag: dict[str, Any] | None = None


@dataclass(frozen=True)
class PlanPanel:
    template: str
    context: dict[str, Any]
    per_recommendation: dict[int, RecommendationNote] = field(default_factory=dict)


@dataclass(frozen=True)
class OutcomeRow:
    """One indicator beside one recommendation it evidences: its latest value in each unit (in
    the order of ``OutcomeFigures.units``) and for the force as a whole, as text."""

    recommendation_id: int
    recommendation: str
    indicator: str
    by_unit: tuple[str, ...]
    force: str


@dataclass(frozen=True)
class OutcomeFigures:
    heading: str
    note: str  # where the figures come from and for what period
    caption: str
    units: tuple[str, ...]
    rows: tuple[OutcomeRow, ...] = ()


def outcome_figures(plan: Any, *, as_of: datetime.date) -> list[OutcomeFigures]:
    found = (figures(plan, as_of=as_of) for figures in registry.hook("plan_outcome_figures"))
    return [f for f in found if f is not None]


def panels(plan: Any, *, user: Any, today: datetime.date) -> list[PlanPanel]:
    return [panel(plan, user=user, today=today) for panel in registry.hook("plan_panels")]


def assignment_panels(assignment: Any, *, user: Any, today: datetime.date) -> list[PlanPanel]:
    found = (
        panel(assignment, user=user, today=today) for panel in registry.hook("assignment_panels")
    )
    return [p for p in found if p is not None]


def closure_panels(closure: Any, *, user: Any, today: datetime.date) -> list[PlanPanel]:
    found = (panel(closure, user=user, today=today) for panel in registry.hook("closure_panels"))
    return [p for p in found if p is not None]


def transitioned(plan: Any, *, old: str, new: str, actor: Any) -> None:
    for follower in registry.hook("plan_transitioned"):
        follower(plan, old=old, new=new, actor=actor)


def export_fields(recommendation_ids: Sequence[int] | Any) -> dict[int, dict[str, Any]]:
    """Each app's extra export fields by recommendation id; ``recommendation_ids`` is a list of
    ids or a queryset of them (the export passes a subquery)."""
    merged: dict[int, dict[str, Any]] = {}
    for fields in registry.hook("export_recommendation_fields"):
        for rec_id, values in fields(recommendation_ids).items():
            merged.setdefault(rec_id, {}).update(values)
    return merged


def export_csv_columns() -> list[str]:
    """Extra CSV columns: every hook's declared names, in app order."""
    columns: list[str] = []
    for names in registry.hook("export_csv_columns"):
        columns += [c for c in names() if c not in columns]
    return columns
