"""The action plan's own clock: due six weeks after the report is published, stopped once the plan
reaches the inspectorate's national team. Pure functions of their arguments (no queries, no
clock): pages pass ``today`` in."""

import datetime

from assure.inspections.presenters import long_date

#: An action plan is due six weeks after the report is published.
PLAN_DUE_AFTER = datetime.timedelta(weeks=6)

#: Plan statuses from which the plan has reached the inspectorate's national team.
SUBMITTED_STATUSES = {"submitted", "in_delivery", "closed"}


def plan_due_on(published_on: datetime.date | None) -> datetime.date | None:
    return published_on + PLAN_DUE_AFTER if published_on else None


def plan_submitted(plan) -> bool:
    return plan is not None and plan.status in SUBMITTED_STATUSES


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def plan_clock_text(
    published_on: datetime.date | None, today: datetime.date, *, submitted: bool = False
) -> str:
    """The six-week clock in words, as of ``today``."""
    due = plan_due_on(published_on)
    if submitted:
        return f"Submitted (it was due {long_date(due)})" if due else "Submitted"
    if due is None:
        return "Due date not known until the report is published"
    left = (due - today).days
    if left > 0:
        return f"Due {long_date(due)} — {_days(left)} left"
    if left == 0:
        return f"Due today, {long_date(due)}"
    return f"Overdue by {_days(-left)} (it was due {long_date(due)})"
