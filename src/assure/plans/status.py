"""Where an assignment stands on a given day, and how a recommendation's status rolls up.

Pure functions over plain values, so the matrix, the assignment page, exports and papers all
say the same thing, and so "as at" views of past dates use the same rules as today.
"""

import datetime
import functools
from typing import NamedTuple

from assure.inspections.models import RecommendationStatus

from .models import Rag

# Worst first: the order a matrix cell uses to pick which of several assignments to show.
SEVERITY = ["red", "amber", "none", "grey", "green"]


class Standing(NamedTuple):
    """Immutable like the facts; a named tuple because a national export makes 150,000 of them
    and a frozen dataclass takes four times as long to construct."""

    rag: str  # red, amber, green, grey, or "none" (no update yet)
    label: str  # the tag's text
    reason: str  # why, in a sentence
    complete: bool


class AssignmentFacts(NamedTuple):
    """What the rules read about one assignment on a day (a named tuple, like Standing: a
    national export makes one per assignment)."""

    due_on: datetime.date | None
    completed_on: datetime.date | None
    closure_approved_on: datetime.date | None
    demonstration_until: datetime.date | None
    closure_proposed: bool
    last_rag: str | None
    last_percent: int | None
    last_update_on: datetime.date | None
    not_adopted_reason: str = ""


@functools.lru_cache(maxsize=4096)  # pure, and a national export asks for the same days often
def _d(day: datetime.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def standing(facts: AssignmentFacts, today: datetime.date) -> Standing:
    if facts.completed_on and facts.completed_on <= today:
        return Standing(
            "green", "Complete", f"Closure approved; complete since {_d(facts.completed_on)}.", True
        )
    if (
        facts.closure_approved_on
        and facts.closure_approved_on <= today
        and facts.demonstration_until
    ):
        return Standing(
            "amber" if _overdue(facts, today) else "green",
            "Demonstrating",
            f"Closure approved on {_d(facts.closure_approved_on)}; counts as complete once "
            f"performance is sustained until {_d(facts.demonstration_until)}.",
            False,
        )
    if facts.last_rag == Rag.GREY:
        return Standing("grey", "Not adopted", facts.not_adopted_reason or "Not adopted.", False)
    if _overdue(facts, today):
        last = (
            f" The last update ({_d(facts.last_update_on)}) said {facts.last_rag}."
            if facts.last_rag
            else " No update has been given."
        )
        return Standing(
            "red",
            "Overdue",
            f"Past its due date of {_d(facts.due_on)} and not complete.{last}",
            False,
        )
    if facts.closure_proposed:
        return Standing(
            facts.last_rag or "green",
            "Closure proposed",
            "Waiting for the approver's decision.",
            False,
        )
    if facts.last_rag is None:
        return Standing("none", "No update", "No update has been given yet.", False)
    return Standing(
        facts.last_rag,
        Rag(facts.last_rag).label,
        f"Reported {facts.last_percent}% complete on {_d(facts.last_update_on)}.",
        False,
    )


def _overdue(facts: AssignmentFacts, today: datetime.date) -> bool:
    return facts.due_on is not None and facts.due_on < today


def worst(standings: list[Standing]) -> Standing | None:
    if not standings:
        return None
    return min(standings, key=lambda s: SEVERITY.index(s.rag))


def rolled_up_status(standings: list[Standing]) -> RecommendationStatus:
    """No actions yet → awaiting review; all complete → complete; otherwise being progressed."""
    if not standings:
        return RecommendationStatus.AWAITING_REVIEW
    if all(s.complete or s.rag == "grey" for s in standings) and any(s.complete for s in standings):
        return RecommendationStatus.COMPLETE
    return RecommendationStatus.BEING_PROGRESSED
