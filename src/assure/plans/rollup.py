"""Rolling a recommendation's status up from its assignments, and keeping its national tally.
Called only from inside audited services, in their transaction."""

from assure.core import audit, clock
from assure.inspections.history import record_status
from assure.inspections.models import Recommendation, RecommendationStatus

from . import events, national_sql, status
from .models import Assignment


def roll_up(recommendation: Recommendation, *, actor, tally: bool = True) -> None:
    """Set the recommendation's status from its assignments' standing today. Runs inside the
    calling service's transaction and audits only a real change; a status a person set by hand
    (no further action) is left alone. Its national tally is worked out afresh too: every write
    that changes an assignment's standing rolls its recommendation up (``tally=False``: the
    daily refresh, for changes that come with time, which a tally of dates already covers)."""
    if tally:
        national_sql.refresh_tallies([recommendation.pk])
    if recommendation.status == RecommendationStatus.NO_FURTHER_ACTION:
        return
    from .selectors import assignment_rows

    rows = assignment_rows(Assignment.objects.filter(action__recommendation=recommendation))
    today = clock.today()
    new = status.rolled_up_status([status.standing(r.facts, today) for r in rows])
    if new == recommendation.status:
        return
    old = recommendation.status
    record_status(recommendation, new, actor=actor, note="Rolled up from its actions")
    audit.record(
        actor=actor,
        event=events.RECOMMENDATION_STATUS_ROLLED_UP,
        target=recommendation,
        organisation=recommendation.inspection.force,
        changes={"status": [old, new.value]},
    )
