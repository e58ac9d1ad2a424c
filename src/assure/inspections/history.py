"""The dated status history of recommendations. Called only from inside audited services."""

from assure.core import clock

from .models import Recommendation, RecommendationStatusChange


def record_status(recommendation: Recommendation, status, *, actor, note: str) -> None:
    """Change the stored status and add the dated history entry; callers write the audit event."""
    recommendation.status = status
    recommendation.save(update_fields=["status", "updated_at"])
    RecommendationStatusChange.objects.create(
        recommendation=recommendation,
        status=status,
        changed_at=clock.now(),
        changed_by=actor if getattr(actor, "is_authenticated", False) else None,
        note=note,
    )
