"""What indicators shows on the plan pages, through plans' extension points (plans/extensions.py):
each recommendation's linked indicators with the force's latest values, and on an assignment its
unit's figures, a form to attach a frozen snapshot as evidence, and the snapshots attached. The
figures come from the cache; the web database costs a fixed number of queries."""

import datetime

from assure.inspections.presenters import long_date
from assure.plans.extensions import OutcomeFigures, OutcomeRow, PlanPanel, RecommendationNote

from . import permissions, presenters, selectors
from .definitions import INDICATORS
from .forms import SnapshotForm
from .models import IndicatorSnapshot
from .values import ALL


def _linked(area: str):
    return [i for i in INDICATORS if area.casefold() in {a.casefold() for a in i.areas}]


def plan_panel(plan, *, user, today: datetime.date) -> PlanPanel:
    force = plan.inspection.force
    if not permissions.reads_indicators(user, force):
        return PlanPanel(template="indicators/_empty.html", context={})
    period = selectors.Period.default(today)
    units = selectors.units_of(force)
    values, _snapshot = selectors.figures(force, units, period)
    by_id = selectors.by_indicator(values)
    notes = {}
    for r in plan.inspection.recommendations.all():
        linked = _linked(r.area)
        if linked:
            text = "; ".join(
                f"{i.title} {presenters.value_text(i, by_id[i.id][ALL].value)}" for i in linked[:3]
            )
            notes[r.pk] = RecommendationNote(key="Indicators (force)", text=text)
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


def assignment_panel(assignment, *, user, today: datetime.date) -> PlanPanel | None:
    force = assignment.action.plan.inspection.force
    if not permissions.reads_indicators(user, force):
        return None
    from assure.plans.permissions import can_update_assignment

    period = selectors.Period.default(today)
    unit = assignment.unit.name
    linked = _linked(assignment.action.recommendation.area)
    figures = []
    if unit in {u.name for u in selectors.units_of(force)}:
        values, _snapshot = selectors.figures(force, selectors.units_of(force), period)
        by_id = selectors.by_indicator(values)
        for i in linked:
            v = by_id[i.id].get(unit)
            figures.append(
                {
                    "indicator": i,
                    "value": presenters.value_text(i, v.value if v else None),
                    "fraction": presenters.fraction_text(i, v) if v and v.value is not None else "",
                    "force": presenters.value_text(i, by_id[i.id][ALL].value),
                }
            )
    form = None
    if can_update_assignment(user, assignment):
        form = SnapshotForm()
        form.fields["indicator"].choices = [(i.id, i.title) for i in (linked or INDICATORS)]
    snapshots = [
        {"snapshot": s, "indicator": next((i for i in INDICATORS if i.id == s.indicator), None)}
        for s in IndicatorSnapshot.objects.filter(assignment=assignment).select_related("taken_by")
    ]
    return PlanPanel(
        template="indicators/_assignment_panel.html",
        context={
            "force": force,
            "assignment": assignment,
            "unit": unit,
            "period": period,
            "figures": figures,
            "form": form,
            "snapshots": snapshots,
        },
    )
