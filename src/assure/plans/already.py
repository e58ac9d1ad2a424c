"""What to tell the second person: the step they asked for was taken by someone else between
their reading the page and sending it (or the plan was closed meanwhile). The services raise these
with who and when; the pages show the message instead of the form or a 500."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import dateformat, timezone

from .models import ActionPlan, Assignment, Closure, ClosureState


def when(moment: datetime.datetime | None) -> str:
    if moment is None:
        return "an unknown time"
    local = timezone.localtime(moment)
    return f"{dateformat.format(local, 'j F Y')} at {dateformat.format(local, 'g:iA').lower()}"


def who(user) -> str:
    return str(user) if user is not None else "the system"


class AlreadyDone(ValidationError):
    """Someone else got there first: the decision or step was taken between the person reading
    the page and sending it. Says who and when, so the second person knows what happened."""


class PlanClosed(ValidationError):
    """The plan is closed, so it is frozen: no writes until a coordinator reopens it."""


def plan_moved(plan: ActionPlan) -> str:
    change = plan.status_changes.select_related("changed_by").order_by("-changed_at", "-pk").first()
    by = f" by {who(change.changed_by)} on {when(change.changed_at)}" if change else ""
    label = plan.get_status_display()
    # Lower-case the first letter only: "approved by QA", not "approved by qa".
    return f"The plan was already moved to {label[:1].lower()}{label[1:]}{by}."


def closure_state(assignment: Assignment) -> str:
    state = assignment.get_closure_state_display().lower()
    last = assignment.closures.select_related("proposed_by", "decided_by").first()
    if assignment.closure_state == ClosureState.PROPOSED and last is not None:
        return (
            f"A closure was already proposed by {who(last.proposed_by)} "
            f"on {when(last.proposed_at)}; it is waiting for a decision."
        )
    if last is not None and last.decided_at is not None:
        return (
            f"This assignment is {state} already: the closure was "
            f"{last.get_decision_display().lower()} by {who(last.decided_by)} "
            f"on {when(last.decided_at)}."
        )
    return f"This assignment is {state} already."


def closure_decided(closure: Closure) -> str:
    """What to tell someone who comes to decide a closure that has been decided."""
    return (
        f"This closure was already {closure.get_decision_display().lower()} by "
        f"{who(closure.decided_by)} on {when(closure.decided_at)}."
    )
