"""Inspections, findings and recommendations → what templates show (tags, dates, wording).

Pure functions of their arguments (no queries, no clock): pages pass ``today`` in.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from .deadlines import DeadlineRule
from .models import FindingKind, RecommendationStatus

STATUS_COLOURS = {
    RecommendationStatus.AWAITING_REVIEW: "grey",
    RecommendationStatus.BEING_PROGRESSED: "blue",
    RecommendationStatus.COMPLETE: "green",
    RecommendationStatus.NO_FURTHER_ACTION: "purple",
}
FINDING_COLOURS = {
    FindingKind.STRENGTH: "green",
    FindingKind.CONCERN: "orange",
    FindingKind.CAUSE_OF_CONCERN: "red",
}


def long_date(day: datetime.date | None) -> str:
    """13 January 2015 (no leading zero), or "" for None."""
    return f"{day.day} {day:%B %Y}" if day else ""


def tag(text: str, colour: str | None) -> dict:
    return {"text": text, "colour": colour if colour and colour != "blue" else None}


def status_tag(status: str) -> dict:
    """The inspectorate register status as a GOV.UK tag."""
    status = RecommendationStatus(status)
    return tag(status.label, STATUS_COLOURS[status])


def finding_tag(kind: str) -> dict:
    kind = FindingKind(kind)
    return tag(kind.label, FINDING_COLOURS[kind])


def deadline_text(rule: DeadlineRule) -> str:
    """ "Within 3 months" — the rule as written, without the "(inherited)" suffix (pages show a
    tag for that instead)."""
    plain = DeadlineRule(rule.rule, rule.amount, rule.unit, rule.date).describe()
    return plain[:1].upper() + plain[1:]


def due_text(rule: DeadlineRule, due_on: datetime.date | None) -> str:
    if due_on is not None:
        return long_date(due_on)
    if rule.rule == "none":
        return "No due date"
    return "Due date not yet known — add the publication date"


@dataclass
class RecommendationRow:
    recommendation: object
    deadline: str
    inherited: bool
    due: str
    due_known: bool
    status: dict
    history: list[dict] = field(default_factory=list)
    lines: list = field(default_factory=list)  # from apps above (inspections/extensions.py)


@dataclass
class AreaGroup:
    area: str
    rows: list[RecommendationRow]


def recommendation_row(recommendation, history=None, lines=()) -> RecommendationRow:
    rule = recommendation.deadline
    return RecommendationRow(
        recommendation=recommendation,
        deadline=deadline_text(rule),
        inherited=rule.inherited,
        due=due_text(rule, recommendation.due_on),
        due_known=recommendation.due_on is not None,
        status=status_tag(recommendation.status),
        history=[history_entry(change) for change in (history or [])],
        lines=list(lines),
    )


def history_entry(change) -> dict:
    who = change.changed_by.display_name if change.changed_by_id else "Assure"
    return {
        "when": change.changed_at,
        "status": status_tag(change.status),
        "who": who,
        "note": change.note,
    }


def group_by_area(rows: list[RecommendationRow]) -> list[AreaGroup]:
    """Rows grouped by area, areas in the order they first appear."""
    groups: dict[str, AreaGroup] = {}
    for row in rows:
        area = row.recommendation.area
        groups.setdefault(area, AreaGroup(area, [])).rows.append(row)
    return list(groups.values())


def fieldwork_text(start: datetime.date | None, end: datetime.date | None) -> str:
    if start and end:
        return f"{long_date(start)} to {long_date(end)}"
    if start:
        return f"From {long_date(start)}"
    if end:
        return f"Until {long_date(end)}"
    return "Not recorded"
