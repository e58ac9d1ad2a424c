"""What follows a recommendation's due date. Nothing is copied: an action without a hand-set date
is due when its recommendation is, and an assignment when its action is (models.py,
docs/adr/0006). When a recommendation's date moves, the inspections service asks, through its
``due_date_followers`` extension point, how many plan dates moved with it, for the audit trail.
"""

from collections.abc import Sequence

from django.db.models import Q

from assure.inspections.models import Recommendation

from .models import Action, Assignment


def following_counts(recommendations: Sequence[Recommendation]) -> dict[str, int]:
    """How many actions and assignments take their due date from these recommendations."""
    ids = [r.pk for r in recommendations]
    if not ids:
        return {"actions": 0, "assignments": 0}
    following = Q(recommendation_id__in=ids, due_on_override__isnull=True)
    return {
        "actions": Action.objects.filter(following).count(),
        "assignments": Assignment.objects.filter(
            due_on_override__isnull=True,
            action__recommendation_id__in=ids,
            action__due_on_override__isnull=True,
        ).count(),
    }
