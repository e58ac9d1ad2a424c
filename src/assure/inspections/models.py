from django.db import models

from assure.accounts.models import Organisation
from assure.core.models import StatusChange, TimeStampedModel

from .deadlines import DeadlineRule


class Inspection(TimeStampedModel):
    """One inspection of one force: the report it produced and the clock it starts."""

    force = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="inspections")
    body = models.CharField(max_length=100, default="HMIC", help_text="For example HMIC or HMICFRS")
    programme = models.CharField(
        max_length=200, blank=True, help_text="For example National child protection inspection"
    )
    title = models.CharField(max_length=300)
    fieldwork_start = models.DateField(null=True, blank=True)
    fieldwork_end = models.DateField(null=True, blank=True)
    published_on = models.DateField(
        null=True, blank=True, help_text="Due dates count from this day; empty until it is known."
    )
    report_url = models.URLField(max_length=500, blank=True)
    source_name = models.CharField(max_length=300, blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    content_sha256 = models.CharField(
        max_length=64,
        blank=True,
        db_index=True,
        help_text="Fingerprint of what was read from the report, whatever its file format.",
    )

    class Meta:
        ordering = ["-published_on", "-created_at"]

    def __str__(self):
        return self.title


class FindingKind(models.TextChoices):
    STRENGTH = "strength", "Strength"
    CONCERN = "concern", "Concern"
    CAUSE_OF_CONCERN = "cause_of_concern", "Cause of concern"


class Finding(TimeStampedModel):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=20, choices=FindingKind.choices, default=FindingKind.CONCERN)
    text = models.TextField()
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.text[:80]


class RecommendationKind(models.TextChoices):
    RECOMMENDATION = "recommendation", "Recommendation"
    CAUSE_OF_CONCERN = "cause_of_concern", "Cause of concern"
    AREA_FOR_IMPROVEMENT = "area_for_improvement", "Area for improvement"


class DeadlineRuleChoice(models.TextChoices):
    IMMEDIATELY = "immediately", "Immediately"
    WITHIN = "within", "Within a period"
    BY_DATE = "by_date", "By a date"
    NONE = "none", "No deadline"


class DeadlineUnit(models.TextChoices):
    WEEKS = "weeks", "weeks"
    MONTHS = "months", "months"


class RecommendationStatus(models.TextChoices):
    """The inspectorate's register vocabulary."""

    AWAITING_REVIEW = "awaiting_review", "Awaiting review"
    BEING_PROGRESSED = "being_progressed", "Being progressed"
    COMPLETE = "complete", "Complete"
    NO_FURTHER_ACTION = "no_further_action", "No further action needed"


class Recommendation(TimeStampedModel):
    """A recommendation (or cause of concern, or area for improvement) with its deadline rule as
    written and the due date that rule resolves to from the publication date."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="recommendations"
    )
    kind = models.CharField(
        max_length=30, choices=RecommendationKind.choices, default=RecommendationKind.RECOMMENDATION
    )
    ref = models.CharField(max_length=30)
    area = models.CharField(max_length=200)
    text = models.TextField()
    sub_points = models.JSONField(default=list, blank=True)
    deadline_rule = models.CharField(
        max_length=20, choices=DeadlineRuleChoice.choices, default=DeadlineRuleChoice.NONE
    )
    deadline_amount = models.PositiveIntegerField(null=True, blank=True)
    # Null, not "", when there is no unit: it mirrors DeadlineRule.unit.
    deadline_unit = models.CharField(  # noqa: DJ001
        max_length=10, choices=DeadlineUnit.choices, null=True, blank=True
    )
    deadline_date = models.DateField(null=True, blank=True)
    deadline_inherited = models.BooleanField(
        default=False,
        help_text="The text states no deadline; it continues the one before it. Confirm it.",
    )
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.AWAITING_REVIEW,
    )
    discharged_on = models.DateField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["inspection", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "ref"], name="recommendation_ref_unique_per_inspection"
            )
        ]

    def __str__(self):
        return f"{self.ref} {self.area}"

    @property
    def deadline(self) -> DeadlineRule:
        return DeadlineRule(
            rule=self.deadline_rule,
            amount=self.deadline_amount,
            unit=self.deadline_unit,
            date=self.deadline_date,
            inherited=self.deadline_inherited,
        )


class RecommendationStatusChange(StatusChange):
    """The dated history of a recommendation's status. Append-only."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField(max_length=20, choices=RecommendationStatus.choices)
