"""What plans shows on the inspection pages, through their extension points
(inspections/extensions.py, registered in apps.py). One query each, whatever the data size."""

import datetime

from django.urls import reverse

from assure.core.registry import HomePanel
from assure.inspections.extensions import InspectionPanel, ListColumn, RecommendationLine
from assure.inspections.presenters import long_date

from . import permissions, presenters, selectors
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


def home_panels(user, *, today: datetime.date) -> list[HomePanel]:
    """The start page's panels from plans (the site's ``home_panels`` hook): what a person
    delivers that is overdue, due soon or waiting for an update; the closures an approver
    decides; and, for people who only read plans, what is overdue across them. A fixed number
    of queries whatever the data size (counts in SQL)."""
    panels: list[HomePanel] = []
    if permissions.delivers(user):
        counts = selectors.work_counts(user, today=today)
        my_work = reverse("plans:my_work")
        horizon = today + datetime.timedelta(days=selectors.DUE_SOON_DAYS)
        panels += [
            HomePanel(
                title="Overdue",
                count=counts["overdue"],
                href=f"{my_work}#overdue",
                link_text="See your overdue work",
                description="Assignments you or your units deliver that are past their due date.",
                empty="Nothing you deliver is overdue.",
                order=10,
            ),
            HomePanel(
                title=f"Due in the next {selectors.DUE_SOON_DAYS} days",
                count=counts["due_soon"],
                href=f"{my_work}#due-soon",
                link_text="See your work due soon",
                description=f"Due by {long_date(horizon)}.",
                empty="Nothing you deliver is due in the next 45 days.",
                order=20,
            ),
            HomePanel(
                title="Updates to give",
                count=counts["updates_due"],
                href=f"{my_work}#updates-due",
                link_text="See the assignments waiting for an update",
                description=(
                    f"Open assignments with no update in the last "
                    f"{selectors.UPDATE_INTERVAL_DAYS} days."
                ),
                empty="Every open assignment has had an update recently.",
                order=30,
            ),
        ]
    if permissions.decides_closures(user):
        panels.append(
            HomePanel(
                title="Closures to decide",
                count=permissions.closures_decidable_by(user).count(),
                href=reverse("plans:approvals"),
                link_text="Decide closures",
                description="Proposed closures waiting for you to approve or return them.",
                empty="No closure is waiting for your decision.",
                order=5,
            )
        )
    if permissions.reads_without_delivering(user):
        found = selectors.plans_overdue_for_readers(user, today=today)
        if found["plans"]:
            href = (
                reverse("plans:plan", kwargs={"pk": found["plan_id"]}) + "?overdue=on"
                if found["plan_id"]
                else reverse("inspections:list")
            )
            panels.append(
                HomePanel(
                    title="Overdue in the plans you read",
                    count=found["overdue"],
                    href=href,
                    link_text="See what is overdue" if found["plan_id"] else "See the plans",
                    description="Assignments past their due date and not complete, every unit.",
                    empty="Nothing is overdue.",
                    order=40,
                )
            )
    return panels
