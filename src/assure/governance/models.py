"""Governance around the plan: the inspectorate's quality assurance and follow-up, the PCC's
commitments and response, boards and their meetings, and the papers they read.

Snapshots and papers are append-only (like audit events): once frozen, their content and SHA-256
never change, so what the national team or a board was given can always be shown again.
"""

from django.conf import settings
from django.db import models

from assure.accounts.models import Organisation
from assure.core.models import AppendOnlyError, TimeStampedModel
from assure.inspections.models import Inspection, Recommendation
from assure.plans.models import Action, ActionPlan

#: Papers larger than this are refused rather than stored (a 50-recommendation progress paper
#: is well under 1 MB).
MAX_PAPER_BYTES = 20 * 1024 * 1024


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Frozen records cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Frozen records cannot be deleted.")


class AppendOnly(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Frozen records cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Frozen records cannot be deleted.")


# The inspectorate's side --------------------------------------------------------------------


class SnapshotPurpose(models.TextChoices):
    QA = "qa", "Submitted for quality assurance"
    NATIONAL = "national", "Submitted to the national team"


class PlanSnapshot(AppendOnly):
    """The plan as it stood when it was submitted: canonical JSON and its SHA-256."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="snapshots")
    sequence = models.PositiveIntegerField()
    purpose = models.CharField(max_length=20, choices=SnapshotPurpose.choices)
    content = models.TextField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    created_by_label = models.CharField(max_length=300)

    class Meta:
        ordering = ["plan", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "sequence"], name="snapshot_sequence_unique")
        ]

    def __str__(self):
        return f"Snapshot {self.sequence} of {self.plan}"


class QAComment(AppendOnly):
    """What the inspector said about one recommendation's actions when returning the plan."""

    snapshot = models.ForeignKey(PlanSnapshot, on_delete=models.PROTECT, related_name="comments")
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="qa_comments"
    )
    text = models.TextField(max_length=4000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["snapshot", "recommendation__position", "id"]

    def __str__(self):
        return f"QA comment on {self.recommendation}"


class Judgement(models.TextChoices):
    SUFFICIENT = "sufficient", "Sufficient progress"
    INSUFFICIENT = "insufficient", "Insufficient progress"
    DISCHARGED = "discharged", "Discharged"


class FollowUpJudgement(AppendOnly):
    """The inspectorate's judgement on a recommendation at a post-inspection review or
    re-inspection. The newest is what the plan shows; earlier ones are its history."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="follow_ups"
    )
    judgement = models.CharField(max_length=20, choices=Judgement.choices)
    note = models.TextField(max_length=4000, blank=True)
    judged_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["recommendation", "-judged_on", "-id"]

    def __str__(self):
        return f"{self.get_judgement_display()}: {self.recommendation}"


# PCC oversight ------------------------------------------------------------------------------


class Commitment(TimeStampedModel):
    """Money the PCC put towards the plan, what it buys, and what has been spent."""

    force = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="commitments")
    amount = models.DecimalField(max_digits=12, decimal_places=2, help_text="Pounds")
    committed_on = models.DateField()
    purpose = models.CharField(max_length=500)
    outputs = models.CharField(
        max_length=500, blank=True, help_text="e.g. 25 specialist investigators"
    )
    spend_to_date = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    part_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="parts"
    )
    recommendations = models.ManyToManyField(Recommendation, blank=True, related_name="commitments")
    actions = models.ManyToManyField(Action, blank=True, related_name="commitments")

    class Meta:
        ordering = ["committed_on", "id"]

    def __str__(self):
        return f"£{self.amount:,.0f}: {self.purpose}"


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class PccResponse(TimeStampedModel):
    """The PCC's response to an inspection report, which must be published within 56 days
    (Police Act 1996, s55)."""

    inspection = models.OneToOneField(
        Inspection, on_delete=models.PROTECT, related_name="pcc_response"
    )
    summary = models.TextField(max_length=10000, blank=True)
    status = models.CharField(
        max_length=20, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT
    )
    published_on = models.DateField(null=True, blank=True)
    # Who published it and when, to tell a second person who comes to publish it.
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"PCC response: {self.inspection}"


class PccStatement(TimeStampedModel):
    """One statement of the response: on a recommendation, or (none) on the report as a whole."""

    response = models.ForeignKey(PccResponse, on_delete=models.CASCADE, related_name="statements")
    recommendation = models.ForeignKey(
        Recommendation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(max_length=4000)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.text[:80]


# Boards and meetings ------------------------------------------------------------------------


class Board(TimeStampedModel):
    force = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="boards")
    name = models.CharField(max_length=200)
    chair = models.CharField(max_length=200, help_text="e.g. ACC Foster")
    purpose = models.CharField(max_length=500, blank=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="boards")
    plan_is_standing_item = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class MinutesStatus(models.TextChoices):
    NONE = "none", "Not written"
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"


class Meeting(TimeStampedModel):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField()
    location = models.CharField(max_length=200, blank=True)
    minutes = models.TextField(max_length=20000, blank=True)
    minutes_status = models.CharField(
        max_length=20, choices=MinutesStatus.choices, default=MinutesStatus.NONE
    )
    minutes_approved_at = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="approved_minutes"
    )
    # The board member who approved the minutes and when, to tell a second one who comes to.
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    minutes_approval_time = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.board}, {self.held_on.day} {self.held_on:%B %Y}"


class AgendaItem(TimeStampedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=300)
    restricted = models.BooleanField(default=False, help_text="Members only")
    plan = models.ForeignKey(
        ActionPlan, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


class Presence(models.TextChoices):
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"
    ABSENT = "absent", "Absent"


class Attendance(TimeStampedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    presence = models.CharField(max_length=20, choices=Presence.choices)

    class Meta:
        ordering = ["user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="attendance_once_per_person")
        ]


class Decision(TimeStampedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    text = models.TextField(max_length=4000)
    recommendation = models.ForeignKey(
        Recommendation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text[:80]


# Papers -------------------------------------------------------------------------------------


class PaperKind(models.TextChoices):
    RESULTS = "results", "Results of the inspection"
    PROGRESS = "progress", "Progress of the action plan"
    PCC_RESPONSE = "pcc-response", "PCC response"
    PACK = "pack", "Meeting pack"


class PaperFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word"


class Paper(AppendOnly):
    """A generated paper, frozen: its bytes, their SHA-256, the blocks it was rendered from (so a
    meeting pack can set it again with running page numbers), and the fingerprint of the plan it
    was generated from (so a page can say the plan has moved on since)."""

    force = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="papers")
    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="papers")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="papers"
    )
    kind = models.CharField(max_length=20, choices=PaperKind.choices)
    format = models.CharField(max_length=10, choices=PaperFormat.choices)
    title = models.CharField(max_length=300)
    blocks = models.JSONField()
    content = models.BinaryField()
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    plan_fingerprint = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField()
    created_by_label = models.CharField(max_length=300)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title


class JobState(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class PaperJob(TimeStampedModel):
    """A paper being rendered in the background, with how far it has got."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="paper_jobs")
    kind = models.CharField(max_length=20, choices=PaperKind.choices)
    format = models.CharField(max_length=10, choices=PaperFormat.choices)
    state = models.CharField(max_length=20, choices=JobState.choices, default=JobState.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=200, blank=True)
    error = models.CharField(max_length=500, blank=True)
    paper = models.ForeignKey(
        Paper, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_state_display()})"
