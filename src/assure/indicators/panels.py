"""What indicators shows on the plan pages, through plans' extension points (plans/extensions.py):
each recommendation's linked indicators with the force's latest values, and on an assignment its
unit's figures, a form to attach a frozen snapshot as evidence, and the snapshots attached; on
the page where an approver decides a closure, those snapshots beside the unit's figures now. The
figures come from the cache; the web database costs a fixed number of queries."""

import datetime
import functools

from assure.core import page_cache
from assure.inspections.presenters import long_date
from assure.plans.extensions import OutcomeFigures, OutcomeRow, PlanPanel, RecommendationNote

from . import permissions, presenters, selectors
from .definitions import BY_ID, INDICATORS
from .forms import SnapshotForm
from .models import IndicatorSnapshot
from .values import ALL, IndicatorValue


@functools.lru_cache(maxsize=256)  # the definitions are constants; a plan repeats its areas
def _linked(area: str) -> tuple:
    return tuple(i for i in INDICATORS if area.casefold() in {a.casefold() for a in i.areas})


def plan_panel(plan, *, user, today: datetime.date) -> PlanPanel:
    force = plan.inspection.force
    if not permissions.reads_indicators(user, force):
        return PlanPanel(template="indicators/_empty.html", context={})
    period = selectors.Period.default(today)

    def linked_notes() -> dict:
        values, _snapshot = selectors.figures(force, selectors.units_of(force), period)
        by_id = selectors.by_indicator(values)
        notes = {}
        texts: dict[str, str] = {}  # by area: a plan of 200 recommendations has a few
        for pk, area in plan.inspection.recommendations.values_list("pk", "area"):
            if area not in texts:
                texts[area] = "; ".join(
                    f"{i.title} {presenters.value_text(i, by_id[i.id][ALL].value)}"
                    for i in _linked(area)[:3]
                )
            if texts[area]:
                notes[pk] = RecommendationNote(key="Indicators (force)", text=texts[area])
        return notes

    # The figures move with the case data, the recommendations with the web database.
    notes = page_cache.cached(
        "indicators.plan_notes",
        (plan.pk, period, selectors.snapshot(force).generation),
        linked_notes,
    )
    return PlanPanel(
        template="indicators/_plan_panel.html",
        context={"force": force, "period": period},
        per_recommendation=notes,
    )


def outcome_figures(plan, *, as_of: datetime.date) -> OutcomeFigures | None:
    """For papers about the plan (plans' ``plan_outcome_figures``): each recommendation's linked
    indicators, their values in each of the force's units and for the force, over the twelve
    months to ``as_of``. None when the force has no case data. A paper goes to the board the
    coordinator prepares it for, so this is the force's aggregate figures, never case rows."""
    force = plan.inspection.force
    if not selectors.snapshot(force).kinds:
        return None
    period = selectors.Period.default(as_of)
    units = selectors.units_of(force)
    values, _snapshot = selectors.figures(force, units, period)
    by_id = selectors.by_indicator(values)
    rows = []
    for r in plan.inspection.recommendations.order_by("position", "id"):
        for i in _linked(r.area):
            found = by_id.get(i.id, {})
            rows.append(
                OutcomeRow(
                    recommendation_id=r.pk,
                    recommendation=f"{r.ref} {r.area}",
                    indicator=i.title,
                    by_unit=tuple(
                        presenters.value_text(i, v.value if (v := found.get(u.name)) else None)
                        for u in units
                    ),
                    force=presenters.value_text(i, found[ALL].value if ALL in found else None),
                )
            )
    return OutcomeFigures(
        heading="Outcome indicators",
        note=(
            f"From the force’s case data, {long_date(period.date_from)} to "
            f"{long_date(period.date_to)}: the latest value of "
            "each indicator in each unit, beside the recommendations it evidences."
        ),
        caption="Outcome indicators by unit, beside the recommendations they evidence",
        units=tuple(u.name for u in units),
        rows=tuple(rows),
    )


def _unit_figures(force, unit: str, indicators, period) -> list[dict]:
    """The unit's value and the force's, now, for each of ``indicators`` (from the cache)."""
    units = selectors.units_of(force)
    if unit not in {u.name for u in units} or not indicators:
        return []
    values, _snapshot = selectors.figures(force, units, period)
    by_id = selectors.by_indicator(values)
    figures = []
    for i in indicators:
        v = by_id[i.id].get(unit)
        figures.append(
            {
                "indicator": i,
                "value": presenters.value_text(i, v.value if v else None),
                "fraction": presenters.fraction_text(i, v) if v and v.value is not None else "",
                "force": presenters.value_text(i, by_id[i.id][ALL].value),
            }
        )
    return figures


def _snapshots(assignment) -> list[dict]:
    """The snapshots attached to the assignment, newest first, in one query."""
    return [
        {"snapshot": s, "indicator": BY_ID.get(s.indicator)}
        for s in IndicatorSnapshot.objects.filter(assignment=assignment).select_related("taken_by")
    ]


def assignment_panel(assignment, *, user, today: datetime.date) -> PlanPanel | None:
    force = assignment.action.plan.inspection.force
    if not permissions.reads_indicators(user, force):
        return None
    from assure.plans.permissions import can_update_assignment

    period = selectors.Period.default(today)
    unit = assignment.unit.name
    linked = _linked(assignment.action.recommendation.area)
    form = None
    if can_update_assignment(user, assignment):
        form = SnapshotForm()
        form.fields["indicator"].choices = [(i.id, i.title) for i in (linked or INDICATORS)]
    return PlanPanel(
        template="indicators/_assignment_panel.html",
        context={
            "force": force,
            "assignment": assignment,
            "unit": unit,
            "period": period,
            "figures": _unit_figures(force, unit, linked, period),
            "form": form,
            "snapshots": _snapshots(assignment),
        },
    )


def closure_panel(closure, *, user, today: datetime.date) -> PlanPanel | None:
    """The outcome evidence an approver weighs when deciding a closure (issue 12): every
    indicator snapshot the unit attached to the assignment, frozen as it was, beside that
    indicator's figure for the unit now, and the unit's figures on the indicators linked to the
    recommendation. Aggregates only, so no justification is asked for."""
    assignment = closure.assignment
    force = assignment.action.plan.inspection.force
    if not permissions.reads_indicators(user, force):
        return None
    period = selectors.Period.default(today)
    unit = assignment.unit.name
    snapshots = _snapshots(assignment)
    linked = _linked(assignment.action.recommendation.area)
    shown = [*linked]
    for item in snapshots:
        if item["indicator"] is not None and item["indicator"] not in shown:
            shown.append(item["indicator"])
    figures = _unit_figures(force, unit, shown, period)
    now = {f["indicator"].id: f for f in figures}
    for item in snapshots:
        item["now"] = now.get(item["snapshot"].indicator)
        item["frozen"] = _frozen(item["indicator"], item["snapshot"].values)
    return PlanPanel(
        template="indicators/_closure_panel.html",
        context={
            "force": force,
            "unit": unit,
            "period": period,
            "snapshots": snapshots,
            "figures": [f for f in figures if f["indicator"] in linked],
        },
    )


def _frozen(indicator, values: list[dict]) -> list[dict]:
    """A snapshot's frozen values as they read on the page (unit first, then the force)."""
    found = []
    for data in values:
        v = IndicatorValue.from_json(data)
        if indicator is None:
            found.append({"unit": v.unit, "value": str(v.value), "fraction": ""})
            continue
        found.append(
            {
                "unit": "Force" if v.unit == ALL else v.unit,
                "value": presenters.value_text(indicator, v.value),
                "fraction": presenters.fraction_text(indicator, v) if v.value is not None else "",
            }
        )
    return found
