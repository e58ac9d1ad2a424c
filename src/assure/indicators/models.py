from django.conf import settings
from django.db import models

from assure.accounts.models import Organisation

from .kinds import KINDS


class CaseKind(models.TextChoices):
    MISSING_EPISODES = "missing_episodes", "Missing episodes"
    INVESTIGATIONS = "investigations", "Investigations"
    CUSTODY_DETENTIONS = "custody_detentions", "Custody detentions"
    OFFENDERS = "offenders", "Registered offenders"
    FORENSIC_EXHIBITS = "forensic_exhibits", "Forensic exhibits"
    CASE_AUDITS = "case_audits", "Case audits"
    CONFERENCES = "conferences", "Child protection conferences"


assert set(CaseKind.values) == set(KINDS)


class CaseImport(models.Model):
    """One import of a case file: who, when, what it changed, and the data version it made
    current. The records themselves live in the case-data store, not here."""

    force = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="case_imports")
    kind = models.CharField(max_length=30, choices=CaseKind.choices)
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    actor_label = models.CharField(max_length=300)
    file_name = models.CharField(max_length=255)
    replaced = models.BooleanField(default=False)
    rows = models.PositiveBigIntegerField(help_text="Records of this kind after the import.")
    rows_added = models.PositiveBigIntegerField()
    rows_updated = models.PositiveBigIntegerField()
    rows_removed = models.PositiveBigIntegerField()
    data_version = models.PositiveIntegerField(
        help_text="The version of this kind current after the import (unchanged if none changed)."
    )

    class Meta:
        ordering = ["-imported_at", "-id"]
        indexes = [models.Index(fields=["force", "kind", "-imported_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} import, {self.file_name} (v{self.data_version})"


class Target(models.Model):
    """A force's target for an indicator, force-wide (``unit`` empty) or for one unit. Without
    one, the definition's default applies (definitions.py)."""

    force = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="targets")
    indicator = models.CharField(max_length=60)
    unit = models.ForeignKey(
        "accounts.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField(max_digits=9, decimal_places=2)
    set_at = models.DateTimeField()
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["force", "indicator", "unit"],
                condition=models.Q(unit__isnull=False),
                name="target_unique_per_unit",
            ),
            models.UniqueConstraint(
                fields=["force", "indicator"],
                condition=models.Q(unit__isnull=True),
                name="target_unique_force_wide",
            ),
        ]

    def __str__(self):
        return f"Target {self.value} for {self.indicator}" + (
            f" ({self.unit})" if self.unit else ""
        )


class Purpose(models.TextChoices):
    """Why someone looks at case rows; one justification per session and purpose."""

    INVESTIGATION_REVIEW = "investigation_review", "Reviewing investigations open > 3 months"
    MISSING_REVIEW = "missing_review", "Checking lower-risk missing episodes not reviewed in 72h"
    CUSTODY_TRANSFER = "custody_transfer", "Checking children held after charge"
    CASE_AUDIT = "case_audit", "Auditing cases (dip sampling)"


class CaseAccessJustification(models.Model):
    """What a person said before seeing case rows (DPA 2018 s62): who, when, why, for which
    purpose, in which sign-in session."""

    force = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(max_length=40, choices=Purpose.choices)
    reason = models.CharField(max_length=1000)
    session_key = models.CharField(max_length=64)
    stated_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["user", "session_key", "purpose"])]

    def __str__(self):
        return f"{self.get_purpose_display()}: {self.reason[:80]}"


class CaseAccess(models.Model):
    """One look at case rows: which view and rows, when, under which justification."""

    justification = models.ForeignKey(
        CaseAccessJustification, on_delete=models.PROTECT, related_name="accesses"
    )
    force = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    view = models.CharField(max_length=80)
    what = models.CharField(max_length=500, help_text="Which list or rows, as the URL named them.")
    rows = models.PositiveIntegerField(default=0)
    accessed_at = models.DateTimeField()

    class Meta:
        ordering = ["-accessed_at", "-id"]
        indexes = [models.Index(fields=["force", "-accessed_at"])]

    def __str__(self):
        return f"{self.view}: {self.what}"


class ReviewStatus(models.TextChoices):
    REVIEWED = "reviewed", "Reviewed"
    ACTION_NEEDED = "action_needed", "Action needed"
    CLOSED = "closed", "Closed"


class Worklist(models.TextChoices):
    """The review worklists (engine.WORKLISTS), each named as in its URL."""

    OVER_3_MONTHS = "over-3-months", "Child abuse investigations open more than three months"
    MISSING_72H = "missing-72h", "Lower-risk missing episodes not reviewed within 72 hours"
    HELD_AFTER_CHARGE = "held-after-charge", "Children held after charge without a transfer"


class CaseReview(models.Model):
    """The latest review of a case on one of the worklists, kept by the case's reference so that
    it survives re-imports (the history is in the audit trail). "Reviewed" and "closed" take the
    case off its list; "action needed" keeps it on."""

    force = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    worklist = models.CharField(
        max_length=30, choices=Worklist.choices, default=Worklist.OVER_3_MONTHS
    )
    case_ref = models.CharField(max_length=64)
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=ReviewStatus.choices)
    note = models.CharField(max_length=2000, blank=True)
    reviewed_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["force", "worklist", "case_ref"], name="one_review_per_list_and_ref"
            )
        ]
        indexes = [
            models.Index(fields=["force", "worklist", "unit", "status"], name="case_review_done")
        ]

    def __str__(self):
        return f"Review of {self.case_ref}: {self.get_status_display()}"


class AuditSample(models.Model):
    """A reproducible random sample of a unit's investigations for dip-sampling: the same seed
    and size over the same data version draw the same cases."""

    force = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+")
    seed = models.PositiveIntegerField()
    size = models.PositiveSmallIntegerField()
    data_version = models.PositiveIntegerField()
    drawn_at = models.DateTimeField()
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT)

    class Meta:
        ordering = ["-drawn_at", "-id"]

    def __str__(self):
        return f"Audit sample of {self.size} in {self.unit.name} (seed {self.seed})"


class Grade(models.TextChoices):
    GOOD = "good", "Good"
    ADEQUATE = "adequate", "Adequate"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


class SampledCase(models.Model):
    sample = models.ForeignKey(AuditSample, on_delete=models.CASCADE, related_name="cases")
    position = models.PositiveSmallIntegerField()
    case_ref = models.CharField(max_length=64)
    force_grade = models.CharField(max_length=30, choices=Grade.choices, blank=True)
    inspectorate_grade = models.CharField(max_length=30, choices=Grade.choices, blank=True)

    class Meta:
        ordering = ["sample", "position"]
        constraints = [models.UniqueConstraint(fields=["sample", "case_ref"], name="sampled_once")]

    def __str__(self):
        return f"{self.case_ref} in {self.sample}"


class IndicatorSnapshot(models.Model):
    """Indicator values frozen as evidence on an assignment: the values, period and data version
    as they were when attached. Never updated."""

    assignment = models.ForeignKey(
        "plans.Assignment", on_delete=models.PROTECT, related_name="indicator_snapshots"
    )
    indicator = models.CharField(max_length=60)
    unit_name = models.CharField(max_length=200)
    as_of = models.DateField()
    date_from = models.DateField()
    date_to = models.DateField()
    data_versions = models.JSONField()
    values = models.JSONField(
        help_text="[{unit, value, numerator, denominator}] for the unit and ALL"
    )
    taken_at = models.DateTimeField()
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT)

    class Meta:
        ordering = ["-taken_at", "-id"]

    def __str__(self):
        return f"{self.indicator} for {self.unit_name}, {self.date_from} to {self.date_to}"
