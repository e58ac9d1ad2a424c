"""Turn governance records into what templates show."""

import json

from assure.inspections.models import Recommendation
from assure.inspections.presenters import long_date
from assure.plans.models import ActionPlan, PlanStatus

from . import permissions
from .models import PlanSnapshot, QAComment
from .panels import judgement_tag, latest_judgements
from .papers.documents import changes_since, money
from .selectors import previous_meeting
from .snapshots import diff, fingerprint

MOVE_LABELS = {
    PlanStatus.IN_QA: "Submit for quality assurance",
    PlanStatus.APPROVED: "Approve the plan",
    PlanStatus.SUBMITTED: "Submit to the national team",
}


def snapshot_rows(plan: ActionPlan) -> list[dict]:
    snapshots = list(PlanSnapshot.objects.filter(plan=plan).order_by("sequence"))
    rows = []
    previous = None
    for s in snapshots:
        content = json.loads(s.content)
        rows.append(
            {
                "snapshot": s,
                "changes": diff(previous, content),
                "actions": len(content.get("actions", [])),
            }
        )
        previous = content
    return list(reversed(rows))


def qa_comments(plan: ActionPlan) -> list[dict]:
    comments = (
        QAComment.objects.filter(snapshot__plan=plan)
        .select_related("recommendation", "snapshot", "author")
        .order_by("-snapshot__sequence", "recommendation__position")
    )
    return [
        {
            "round": c.snapshot.sequence,
            "ref": c.recommendation.ref,
            "area": c.recommendation.area,
            "text": c.text,
            "author": c.author,
            "on": long_date(c.created_at.date()),
        }
        for c in comments
    ]


def follow_up_rows(recommendations) -> list[dict]:
    latest = latest_judgements(r.pk for r in recommendations)
    return [
        {
            "recommendation": r,
            "judgement": latest.get(r.pk),
            "tag": judgement_tag(latest[r.pk]) if r.pk in latest else None,
        }
        for r in recommendations
    ]


def commitment_rows(commitments) -> list[dict]:
    return [
        {
            "pk": c.pk,
            "amount": money(c.amount),
            "committed_on": long_date(c.committed_on),
            "purpose": c.purpose,
            "outputs": c.outputs,
            "spent": money(c.spend_to_date),
            "recommendations": ", ".join(r.ref for r in c.recommendations.all()) or "—",
        }
        for c in commitments
    ]


def response_initial(response) -> dict:
    if response is None:
        return {}
    statements = list(response.statements.all())
    initial = {
        "summary": response.summary,
        "general": "\n".join(s.text for s in statements if s.recommendation_id is None),
    }
    for s in statements:
        if s.recommendation_id:
            initial[f"statement_{s.recommendation_id}"] = s.text
    return initial


def statements(response) -> dict:
    if response is None:
        return {"general": [], "specific": []}
    found = list(response.statements.select_related("recommendation"))
    return {
        "general": [s for s in found if s.recommendation is None],
        "specific": [s for s in found if s.recommendation is not None],
    }


def force_recommendations(force):
    return Recommendation.objects.filter(inspection__force=force).order_by(
        "inspection__published_on", "position", "id"
    )


def meeting_page(meeting, user) -> dict:
    sees_restricted = permissions.sees_restricted(user, meeting)
    agenda = [
        {
            "position": i,
            "title": item.title if (sees_restricted or not item.restricted) else "Restricted item",
            "restricted": item.restricted,
            "hidden": item.restricted and not sees_restricted,
            "plan": item.plan,
        }
        for i, item in enumerate(meeting.agenda.select_related("plan"), start=1)
    ]
    plans = {a["plan"].pk: a["plan"] for a in agenda if a["plan"]}
    fingerprints = {pk: fingerprint(p) for pk, p in plans.items()}
    current = set(fingerprints.values())
    papers = [
        {
            "paper": p,
            "moved_on": bool(p.plan_fingerprint) and p.plan_fingerprint not in current,
        }
        for p in meeting.papers.order_by("-created_at", "-id").defer("content")
    ]
    previous = previous_meeting(meeting)
    changes = []
    if previous is not None:
        for plan in plans.values():
            changes += changes_since(plan, previous.held_on, meeting.held_on)
    return {
        "agenda": agenda,
        "attendance": list(meeting.attendance.select_related("user")),
        "decisions": list(
            meeting.decisions.select_related("recommendation", "action", "recorded_by")
        ),
        "papers": papers,
        "jobs": list(meeting.paper_jobs.order_by("-created_at")[:5]),
        "previous": previous,
        "changes": changes,
        "held": long_date(meeting.held_on),
    }
