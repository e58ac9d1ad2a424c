"""What governance shows on the inspection and plan pages, through their extension points
(inspections/extensions.py, plans/extensions.py), and adds to the export. A fixed number of
queries each, whatever the data size."""

import datetime
from typing import Any

from django.urls import reverse

from assure.inspections.extensions import InspectionPanel, RecommendationLine
from assure.inspections.models import DeadlineRuleChoice
from assure.inspections.presenters import long_date
from assure.plans.clock import plan_due_on, plan_submitted
from assure.plans.extensions import PlanPanel, RecommendationNote
from assure.plans.models import ActionPlan

from . import permissions
from .models import FollowUpJudgement, Judgement, PccResponse, ResponseStatus

#: The PCC must publish a response within 56 days of the report (Police Act 1996, s55).
PCC_RESPONSE_DAYS = 56

JUDGEMENT_COLOURS = {
    Judgement.SUFFICIENT: "green",
    Judgement.INSUFFICIENT: "red",
    Judgement.DISCHARGED: "grey",
}


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def clock_line(label: str, due: datetime.date | None, today: datetime.date, done: str = "") -> dict:
    if done:
        return {"label": label, "text": done, "overdue": False, "due": due}
    if due is None:
        return {"label": label, "text": "Not known until the report is published", "overdue": False}
    left = (due - today).days
    if left > 0:
        text = f"Due {long_date(due)} — {_days(left)} left"
    elif left == 0:
        text = f"Due today, {long_date(due)}"
    else:
        text = f"Overdue by {_days(-left)} (it was due {long_date(due)})"
    return {"label": label, "text": text, "overdue": left < 0, "due": due}


def latest_judgements(recommendation_ids) -> dict[int, FollowUpJudgement]:
    latest: dict[int, FollowUpJudgement] = {}
    for j in FollowUpJudgement.objects.filter(
        recommendation_id__in=list(recommendation_ids)
    ).order_by("recommendation_id", "-judged_on", "-id"):
        latest.setdefault(j.recommendation_id, j)
    return latest


def judgement_tag(j: FollowUpJudgement) -> dict[str, Any]:
    return {"text": j.get_judgement_display(), "colour": JUDGEMENT_COLOURS.get(j.judgement)}


def inspection_panel(inspection, *, recommendations, user, today: datetime.date) -> InspectionPanel:
    published = inspection.published_on
    plan = ActionPlan.objects.filter(inspection=inspection).first()
    response = PccResponse.objects.filter(inspection=inspection).first()
    immediate = [r for r in recommendations if r.deadline_rule == DeadlineRuleChoice.IMMEDIATELY]
    clocks = []
    if immediate:
        clocks.append(
            clock_line(
                f"Update on the {len(immediate)} “immediately” recommendation"
                + ("s" if len(immediate) != 1 else ""),
                published,
                today,
                done="Given in the submitted plan" if plan_submitted(plan) else "",
            )
        )
    clocks.append(
        clock_line(
            "Action plan (six weeks after publication)",
            plan_due_on(published),
            today,
            done="Submitted to the national team" if plan_submitted(plan) else "",
        )
    )
    clocks.append(
        clock_line(
            "PCC response (56 days after publication)",
            published + datetime.timedelta(days=PCC_RESPONSE_DAYS) if published else None,
            today,
            done=(
                f"Published {long_date(response.published_on)}"
                if response and response.status == ResponseStatus.PUBLISHED
                else ""
            ),
        )
    )
    latest = latest_judgements(r.pk for r in recommendations)
    lines = {
        rid: RecommendationLine(
            key="Follow-up",
            tag=judgement_tag(j),
            link_text=f"{long_date(j.judged_on)}: {j.note}"[:200]
            if j.note
            else long_date(j.judged_on),
        )
        for rid, j in latest.items()
    }
    return InspectionPanel(
        template="governance/_inspection_panel.html",
        context={
            "inspection": inspection,
            "clocks": clocks,
            "response": response,
            "can_respond": permissions.can_write_response(user, inspection),
            "can_follow_up": permissions.can_record_follow_up(user, inspection),
        },
        per_recommendation=lines,
    )


def plan_panel(plan, *, user, today: datetime.date) -> PlanPanel:
    latest = latest_judgements(plan.inspection.recommendations.values_list("pk", flat=True))
    notes = {
        rid: RecommendationNote(
            key="Follow-up",
            tag=judgement_tag(j),
            text=f"{long_date(j.judged_on)}. {j.note}".strip(),
        )
        for rid, j in latest.items()
    }
    snapshots = plan.snapshots.count()
    return PlanPanel(
        template="governance/_plan_panel.html",
        context={
            "plan": plan,
            "snapshots": snapshots,
            "qa_url": reverse("governance:plan_qa", kwargs={"pk": plan.pk}),
            "judgements": len(latest),
        },
        per_recommendation=notes,
    )


EXPORT_COLUMNS = ["follow_up_judgement", "follow_up_on", "follow_up_note"]


def export_columns() -> list[str]:
    return EXPORT_COLUMNS


def export_fields(recommendation_ids) -> dict[int, dict[str, Any]]:
    return {
        rid: {
            "follow_up_judgement": j.judgement,
            "follow_up_on": j.judged_on,
            "follow_up_note": j.note,
        }
        for rid, j in latest_judgements(recommendation_ids).items()
    }
