"""What governance shows on the inspection and plan pages, through their extension points
(inspections/extensions.py, plans/extensions.py), and adds to the export. A fixed number of
queries each, whatever the data size."""

import datetime
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from assure.core import page_cache
from assure.core.registry import HomePanel
from assure.inspections.extensions import InspectionPanel, RecommendationLine
from assure.inspections.models import DeadlineRuleChoice
from assure.inspections.presenters import long_date
from assure.plans.clock import plan_due_on, plan_submitted
from assure.plans.extensions import PlanPanel, RecommendationNote
from assure.plans.models import ActionPlan, PlanStatus

from . import permissions
from .models import (
    FollowUpJudgement,
    Judgement,
    Meeting,
    MinutesStatus,
    PccResponse,
    ResponseStatus,
)

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
    """By recommendation id; ``recommendation_ids`` is any iterable of ids, or a queryset of
    them (read by the database as a subquery)."""
    if not isinstance(recommendation_ids, QuerySet):
        recommendation_ids = list(recommendation_ids)
    latest: dict[int, FollowUpJudgement] = {}
    for j in FollowUpJudgement.objects.filter(recommendation_id__in=recommendation_ids).order_by(
        "recommendation_id", "-judged_on", "-id"
    ):
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
    def facts() -> tuple[dict[int, RecommendationNote], int, int]:
        latest = latest_judgements(plan.inspection.recommendations.values_list("pk", flat=True))
        notes = {
            rid: RecommendationNote(
                key="Follow-up",
                tag=judgement_tag(j),
                text=f"{long_date(j.judged_on)}. {j.note}".strip(),
            )
            for rid, j in latest.items()
        }
        return notes, len(latest), plan.snapshots.count()

    # Judgements and snapshots are written by audited services, so they move the data version:
    # the plan page's every request need not read them again (two queries).
    notes, judgements, snapshots = page_cache.cached("governance.plan_panel", (plan.pk,), facts)
    return PlanPanel(
        template="governance/_plan_panel.html",
        context={
            "plan": plan,
            "snapshots": snapshots,
            "qa_url": reverse("governance:plan_qa", kwargs={"pk": plan.pk}),
            "judgements": judgements,
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


def _one_or_list(pks: list[int], one: str, many: str) -> str:
    """The page of the one thing, or the list when there are several (or none)."""
    return reverse(one, kwargs={"pk": pks[0]}) if len(pks) == 1 else reverse(many)


def home_panels(user: Any, *, today: datetime.date) -> list[HomePanel]:
    """The start page's panels from governance (the site's ``home_panels`` hook): plans waiting
    for an inspector's quality assurance, the meetings coming up, and minutes waiting for the
    board's approval. Two queries each at most, whatever the data size."""
    panels: list[HomePanel] = []
    inspected = permissions.inspected_force_ids(user)
    if inspected:
        in_qa = ActionPlan.objects.filter(
            status=PlanStatus.IN_QA, inspection__force_id__in=inspected
        )
        pks = list(in_qa.order_by("id").values_list("pk", flat=True)[:2])
        panels.append(
            HomePanel(
                title="Plans to quality-assure",
                count=in_qa.count() if len(pks) > 1 else len(pks),
                href=_one_or_list(pks, "governance:plan_qa", "inspections:list"),
                link_text="Quality-assure the plan" if len(pks) == 1 else "See the inspections",
                description="Action plans a force has sent to your team for quality assurance.",
                empty="No plan is waiting for quality assurance.",
                order=15,
            )
        )
    if permissions.sees_boards(user):
        coming = permissions.meetings_visible_to(user).filter(held_on__gte=today)
        pks = list(coming.order_by("held_on", "id").values_list("pk", flat=True)[:2])
        panels.append(
            HomePanel(
                title="Meetings coming up",
                count=coming.count() if len(pks) > 1 else len(pks),
                href=_one_or_list(pks, "governance:meeting", "governance:boards"),
                link_text="See the meeting and its papers" if len(pks) == 1 else "See the boards",
                description="Board and action-plan meetings from today on, with their papers.",
                empty="No meeting is planned.",
                order=60,
            )
        )
    member_of = permissions.board_force_ids(user)
    if member_of:
        drafts = Meeting.objects.filter(
            board__force_id__in=member_of, minutes_status=MinutesStatus.DRAFT
        )
        pks = list(drafts.order_by("held_on", "id").values_list("pk", flat=True)[:2])
        panels.append(
            HomePanel(
                title="Minutes to approve",
                count=drafts.count() if len(pks) > 1 else len(pks),
                href=_one_or_list(pks, "governance:meeting", "governance:boards"),
                link_text="Read the draft minutes" if len(pks) == 1 else "See the boards",
                description="Draft minutes of your boards’ meetings, for the board to approve.",
                empty="No minutes are waiting for approval.",
                order=65,
            )
        )
    return panels
