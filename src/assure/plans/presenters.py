"""Plan objects → what templates show: tag colours, phrases, grouped rows."""

import datetime

from django.utils import timezone

from assure.inspections import presenters as inspection_presenters
from assure.inspections.deadlines import add_months
from assure.inspections.presenters import long_date

from .clock import plan_clock_text, plan_due_on, plan_submitted
from .models import PlanStatus, Rag
from .status import Standing

TAG_CLASSES = {
    "red": "govuk-tag--red",
    "amber": "govuk-tag--yellow",
    "green": "govuk-tag--green",
    "grey": "govuk-tag--grey",
    "none": "",
}
RAG_WORDS = {"red": "Red", "amber": "Amber", "green": "Green", "grey": "Grey", "none": "None"}

# The national view's states, in the order its filters and columns show them.
NATIONAL_STATES = [
    ("overdue", "Overdue"),
    ("on_track", "On track"),
    ("not_started", "No actions yet"),
    ("complete", "Complete"),
]

LEGEND = [
    ("red", "Overdue", "Past its due date and not complete, whatever was last reported"),
    ("red", "Red", "Off track"),
    ("amber", "Amber", "At risk"),
    ("green", "Green", "On track"),
    ("green", "Complete", "Closure approved"),
    ("green", "Demonstrating", "Closure approved; performance must be sustained for a period"),
    ("green", "Closure proposed", "Waiting for the approver’s decision"),
    ("grey", "Not adopted", "Not being adopted, with a reason"),
    ("none", "No update", "No update yet"),
]


def tag(standing: Standing | None) -> dict | None:
    if standing is None:
        return None
    text = standing.label
    rag_word = RAG_WORDS[standing.rag]
    if standing.label not in (rag_word, "No update", "Not adopted"):
        text = (
            f"{standing.label} ({rag_word})" if standing.rag in ("red", "amber") else standing.label
        )
    return {"text": text, "classes": TAG_CLASSES[standing.rag], "reason": standing.reason}


def legend() -> list[dict]:
    return [
        {"text": text, "classes": TAG_CLASSES[rag], "meaning": meaning}
        for rag, text, meaning in LEGEND
    ]


def due_phrase(due_on: datetime.date | None, today: datetime.date) -> str:
    if due_on is None:
        return "No due date"
    days = (due_on - today).days
    if days < 0:
        return f"{-days} day{'s' if days != -1 else ''} overdue"
    if days == 0:
        return "Due today"
    return f"{days} day{'s' if days != 1 else ''} left"


PLAN_COLOURS = {
    "draft": "grey",
    "in_qa": "blue",
    "returned": "orange",
    "approved": "turquoise",
    "submitted": "purple",
    "in_delivery": "blue",
    "closed": "green",
}


def plan_tag(plan) -> dict:
    if plan is None:
        return inspection_presenters.tag("Not started", "grey")
    return inspection_presenters.tag(plan.get_status_display(), PLAN_COLOURS.get(plan.status))


TRANSITION_LABELS = {
    PlanStatus.IN_QA: "Send for quality assurance",
    PlanStatus.RETURNED: "Return the plan to the force",
    PlanStatus.APPROVED: "Approve the plan",
    PlanStatus.SUBMITTED: "Record as submitted to the national team",
    PlanStatus.IN_DELIVERY: "Start delivery",
    PlanStatus.CLOSED: "Close the plan",
}


def plan_clock(plan, today: datetime.date) -> dict:
    """The plan's own deadline (six weeks after publication), as the inspection page says it."""
    published = plan.inspection.published_on
    due = plan_due_on(published)
    submitted = plan_submitted(plan)
    return {
        "text": plan_clock_text(published, today, submitted=submitted),
        "overdue": bool(due and due < today and not submitted),
        "due": due,
    }


def later_than_recommendation(action) -> str:
    rec_due = action.recommendation.due_on
    if action.due_on and rec_due and action.due_on > rec_due:
        return (
            f"This action is due {long_date(action.due_on)}, later than its recommendation "
            f"({long_date(rec_due)})."
        )
    return ""


def matrix_lines(matrix) -> list[dict]:
    lines = []
    for line in matrix.lines:
        cells = []
        for unit, cell in zip(matrix.units, line.cells, strict=True):
            cells.append(
                {
                    "unit": unit,
                    "tag": tag(cell.standing),
                    "count": cell.count,
                    "assignment_pk": cell.assignment_id,
                    # Item: a cell the filters empty is "not shown", not "not assigned".
                    "empty": "Not shown" if cell.hidden else "Not assigned",
                }
            )
        lines.append(
            {
                "recommendation": line.recommendation,
                "status": line.status,
                "cells": cells,
                "assignments": line.assignments,
                "open": matrix.opened is not None and matrix.opened.pk == line.recommendation.pk,
            }
        )
    return lines


def assignment_table(rows, today: datetime.date) -> list[dict]:
    return [
        {
            "assignment": r.assignment,
            "action": r.assignment.action,
            "recommendation": r.assignment.action.recommendation,
            "unit": r.assignment.unit,
            "tag": tag(r.standing),
            "due": r.assignment.due_on,
            "last_update": r.last_update_at,
            "percent": r.facts.last_percent,
        }
        for r in rows
    ]


def timeline(entries) -> list[dict]:
    items = []
    for when, kind, obj in entries:
        if kind == "update":
            items.append(
                {
                    "when": when,
                    "kind": kind,
                    "update": obj,
                    "tag": {"text": Rag(obj.rag).label, "classes": TAG_CLASSES[obj.rag]},
                }
            )
        elif kind == "evidence":
            evidence, version = obj
            items.append({"when": when, "kind": kind, "evidence": evidence, "version": version})
        else:
            items.append({"when": when, "kind": kind, "closure": obj})
    return items


def approval_rows(closures, today: datetime.date) -> list[dict]:
    return [
        {
            "closure": c,
            "assignment": c.assignment,
            "waiting_days": (today - c.proposed_at.date()).days,
        }
        for c in closures
    ]


def my_work(work: dict) -> dict:
    def rows(items):
        return assignment_table(items, work["today"])

    return {
        **work,
        "requested_rows": [
            {
                "request": r,
                "assignment": r.assignment,
                "text": request_phrase(r, work["today"]),
                "overdue": r.due_back_on < work["today"],
            }
            for r in work["requested"].object_list
        ],
        "overdue": rows(work["overdue"]),
        "due_soon": rows(work["due_soon"]),
        "updates_due": rows(work["updates_due"]),
        "total_overdue": work["overdue_page"].paginator.count,
        "total_due_soon": work["soon_page"].paginator.count,
        "total_updates_due": work["update_page"].paginator.count,
    }


def completes_on(today: datetime.date, demonstration_months: int | None) -> datetime.date:
    """When an approval made today counts the assignment complete."""
    return add_months(today, demonstration_months) if demonstration_months else today


def national_counts(by_state: dict[str, int]) -> list[dict]:
    """Counts by national state in the page's column order, each with its tag colour."""
    from .national_sql import STATES

    return [
        {
            "code": code,
            "label": label,
            "count": by_state.get(code, 0),
            "colour": STATES[code].colour,
        }
        for code, label in NATIONAL_STATES
    ]


def request_phrase(request, today: datetime.date) -> str:
    """What "My work" and the assignment page say of an update request."""
    if request.answered_at is not None:
        return (
            f"Update requested {long_date(request.requested_on)} — answered "
            f"{long_date(timezone.localdate(request.answered_at))}"
        )
    if request.due_back_on < today:
        return f"Update requested — overdue since {long_date(request.due_back_on)}"
    return f"Update requested — due back {long_date(request.due_back_on)}"


def update_requests(requests, today: datetime.date) -> list[dict]:
    return [
        {
            "request": r,
            "text": request_phrase(r, today),
            "overdue": r.answered_at is None and r.due_back_on < today,
            "answered": r.answered_at is not None,
        }
        for r in requests
    ]


def request_counts(counts, units) -> dict:
    """The plan page's line on update requests: open, overdue (by unit) and answered."""
    names = {u.id: u.name for u in units}
    by_unit = [
        f"{names.get(unit_id, 'another unit')} {n}"
        for unit_id, n in sorted(counts.overdue_by_unit.items(), key=lambda i: names.get(i[0], ""))
    ]
    return {
        "any": bool(counts.open or counts.answered),
        "open": counts.open,
        "overdue": counts.overdue,
        "answered": counts.answered,
        "overdue_by_unit": ", ".join(by_unit),
    }
