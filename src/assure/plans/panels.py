"""What plans shows on the inspection pages, through their extension points
(inspections/extensions.py, registered in apps.py). One query each, whatever the data size."""

import datetime

from django.urls import reverse

from assure.inspections.extensions import InspectionPanel, ListColumn, RecommendationLine

from . import permissions, presenters
from .clock import plan_clock_text, plan_submitted
from .models import ActionPlan


def inspection_list_column(inspections) -> ListColumn:
    plans = ActionPlan.objects.filter(inspection__in=[i.pk for i in inspections])
    by_inspection = {p.inspection_id: p for p in plans}
    return ListColumn(
        heading="Action plan",
        cells={i.pk: presenters.plan_tag(by_inspection.get(i.pk)) for i in inspections},
    )


def inspection_panel(inspection, *, recommendations, user, today: datetime.date) -> InspectionPanel:
    plan = ActionPlan.objects.filter(inspection=inspection).first()
    tag = presenters.plan_tag(plan)
    url = reverse("plans:plan", kwargs={"pk": plan.pk}) if plan else ""
    lines = {
        r.pk: RecommendationLine(
            key="Action plan",
            tag=tag,
            link_text=f"Actions for {r.ref}" if plan else "",
            url=f"{url}?open={r.pk}#open-recommendation" if plan else "",
        )
        for r in recommendations
    }
    return InspectionPanel(
        template="plans/_inspection_panel.html",
        context={
            "inspection": inspection,
            "plan": plan,
            "tag": tag,
            "clock": plan_clock_text(
                inspection.published_on, today, submitted=plan_submitted(plan)
            ),
            "can_start": plan is None and permissions.can_start_plan(user, inspection),
        },
        per_recommendation=lines,
    )
