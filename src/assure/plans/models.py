from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce

from assure.accounts.models import Organisation, Unit
from assure.core.models import StatusChange, TimeStampedModel
from assure.inspections.models import Inspection, Recommendation


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_QA = "in_qa", "In quality assurance"
    RETURNED = "returned", "Returned by QA"
    APPROVED = "approved", "Approved by QA"
    SUBMITTED = "submitted", "Submitted"
    IN_DELIVERY = "in_delivery", "In delivery"
    CLOSED = "closed", "Closed"


class ActionPlan(TimeStampedModel):
    """The force's response to one inspection, written with its partners."""

    inspection = models.OneToOneField(
        Inspection, on_delete=models.CASCADE, related_name="action_plan"
    )
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)

    def __str__(self):
        return f"Action plan: {self.inspection}"


class PlanStatusChange(StatusChange):
    """Dated history of the plan's lifecycle. Append-only."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=20, choices=PlanStatus.choices)


class _EffectiveDueOn:
    """``due_on``: the date a row is due, computed, never stored (docs/adr/0006).

    Only a hand-set ``due_on_override`` is stored; otherwise an action is due when its
    recommendation is and an assignment when its action is, so moving a publication date moves
    everything that hangs off it without writing a row. Querysets annotate the value in SQL
    (the default managers below), which is what pages, filters and exports read; a row made in
    this process and not read back works it out from its relations.
    """

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        if instance.due_on_override is not None:
            return instance.due_on_override
        # The annotation read with the row, while what it was computed from is unchanged.
        read = instance.__dict__.get("_due_on")
        if read is not None and read[0] == self._key(instance):
            return read[1]
        return instance.inherited_due_on()

    def __set__(self, instance, value):
        # Called by the queryset's annotation when the row is read.
        instance.__dict__["_due_on"] = (self._key(instance), value)

    @staticmethod
    def _key(instance):
        # Read from the instance's own fields, never through a deferred field: a row read with
        # .only() (the deletion collector does) would load the field, whose read sets the
        # annotation on a new row, which reads its deferred field, and so on without end.
        fields = instance.__dict__
        return (fields.get("due_on_override"), fields.get(instance.due_on_parent_attname))


class ActionQuerySet(models.QuerySet):
    def with_due_on(self):
        return self.annotate(due_on=Coalesce("due_on_override", "recommendation__due_on"))


class ActionManager(models.Manager.from_queryset(ActionQuerySet)):
    def get_queryset(self):
        return super().get_queryset().with_due_on()


class AssignmentQuerySet(models.QuerySet):
    def with_due_on(self):
        return self.annotate(
            due_on=Coalesce(
                "due_on_override",
                "action__due_on_override",
                "action__recommendation__due_on",
            )
        )


class AssignmentManager(models.Manager.from_queryset(AssignmentQuerySet)):
    def get_queryset(self):
        return super().get_queryset().with_due_on()


class Action(TimeStampedModel):
    """What will be done about one recommendation."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="actions"
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    success_measure = models.TextField(blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_actions",
    )
    partners = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="partnered_actions",
        help_text="Partner agencies named by a multi-agency action; they may read and update it.",
    )
    due_on_override = models.DateField(
        null=True,
        blank=True,
        help_text="Set by hand; empty: the action is due when its recommendation is.",
    )
    position = models.PositiveIntegerField(default=0)

    objects = ActionManager()
    due_on = _EffectiveDueOn()

    class Meta:
        ordering = ["recommendation__position", "position", "id"]
        base_manager_name = "objects"
        # The matrix opens one recommendation's actions in plan order.
        indexes = [
            models.Index(fields=["recommendation", "position", "id"], name="action_rec_position")
        ]

    def __str__(self):
        return self.title

    def inherited_due_on(self):
        return self.recommendation.due_on

    due_on_parent_attname = "recommendation_id"

    def refresh_from_db(self, *args, **kwargs):
        self.__dict__.pop("_due_on", None)
        super().refresh_from_db(*args, **kwargs)


class ClosureState(models.TextChoices):
    OPEN = "open", "Open"
    PROPOSED = "proposed", "Closure proposed"
    DEMONSTRATING = "demonstrating", "Demonstration period"
    COMPLETE = "complete", "Complete"


class Assignment(TimeStampedModel):
    """One action delivered by one unit. A force-wide action has one per district: comparing
    them is how inconsistent practice becomes visible."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assignments")
    due_on_override = models.DateField(
        null=True, blank=True, help_text="Set by hand; empty: it is due when its action is."
    )
    closure_state = models.CharField(
        max_length=20, choices=ClosureState.choices, default=ClosureState.OPEN
    )
    closure_approved_on = models.DateField(null=True, blank=True)
    demonstration_until = models.DateField(null=True, blank=True)
    completed_on = models.DateField(
        null=True,
        blank=True,
        help_text="When it counts as complete: the approval date, or the end of the "
        "demonstration period the approver required.",
    )
    # How many updates have been added: bumped under a row lock so two people updating at once
    # both land and are numbered in order.
    update_count = models.PositiveIntegerField(default=0)
    # The RAG and time of the latest update (by created_at, then sequence); NULL before the
    # first, as the subqueries they stand for give (hence null on a CharField). Kept by the writes
    # that add updates (services._append, synth, factories) so that pages counting thousands of
    # standings, or the assignments waiting for an update, read columns instead of a subquery per
    # assignment; an "as at" view still looks the update up, since the latest then is not the
    # latest now.
    latest_rag = models.CharField(max_length=10, null=True, blank=True, editable=False)  # noqa: DJ001
    latest_update_at = models.DateTimeField(null=True, blank=True, editable=False)
    # And which entry it is, by its sequence: (assignment, sequence) is unique, so an export of
    # 150,000 assignments joins each one's latest update by that key instead of looking it up.
    latest_sequence = models.PositiveIntegerField(null=True, blank=True, editable=False)

    objects = AssignmentManager()
    due_on = _EffectiveDueOn()

    class Meta:
        base_manager_name = "objects"
        ordering = ["action", "unit__kind", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["action", "unit"], name="assignment_unique_per_unit")
        ]

    def __str__(self):
        return f"{self.action} — {self.unit}"

    def inherited_due_on(self):
        return self.action.due_on

    due_on_parent_attname = "action_id"

    def refresh_from_db(self, *args, **kwargs):
        self.__dict__.pop("_due_on", None)
        super().refresh_from_db(*args, **kwargs)


class RecommendationTally(models.Model):
    """What the national view needs of a recommendation's assignments, kept by the writes that
    change them (``national_sql.refresh_tallies``), so that the view counts 10,000 of these
    instead of working out 150,000 assignments' standings (docs/architecture.md, "The national
    tally"). Dates rather than states, so that the state on a day is worked out from the row:

    - ``unsettled``: assignments neither complete nor not adopted, whatever the day;
    - ``settled_from``: from when the others are all settled (their completion dates);
    - ``first_done_on``: the first completion;
    - ``live_inheriting`` and ``live_due_from``: the open assignments that can fall overdue, as
      how many take the recommendation's own due date and the earliest date set on an action or
      assignment, so that moving the recommendation's date needs no change here.

    No row: no assignments. Written only by ``refresh_tallies``."""

    recommendation = models.OneToOneField(
        Recommendation, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    assignments = models.PositiveIntegerField()
    unsettled = models.PositiveIntegerField()
    settled_from = models.DateField(null=True)
    first_done_on = models.DateField(null=True)
    live_inheriting = models.PositiveIntegerField()
    live_due_from = models.DateField(null=True)

    def __str__(self):
        return f"Tally of recommendation {self.recommendation_id}"


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    GREY = "grey", "Grey"


class Update(models.Model):
    """A dated progress entry on an assignment. Append-only: a mistake is put right by a new
    entry that supersedes it (``services.update_correct``)."""

    # No index of its own: update_sequence_unique and update_latest both start with it.
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="updates", db_index=False
    )
    sequence = models.PositiveIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    author_label = models.CharField(max_length=300)
    created_at = models.DateTimeField()
    narrative = models.TextField()
    rag = models.CharField(max_length=10, choices=Rag.choices)
    percent_complete = models.PositiveSmallIntegerField()
    not_adopted_reason = models.TextField(blank=True)
    #: A correction is a new entry naming the one it corrects; the corrected entry stays as it
    #: was, shown struck through (issue 8.20: never an edit in place). One correction each.
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    #: What was wrong with the entry this one corrects.
    correction_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "sequence"], name="update_sequence_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(percent_complete__lte=100), name="update_percent_max_100"
            ),
        ]
        indexes = [
            # The latest update of each assignment (pages' standing), read in index order with
            # its RAG: no sort per assignment. (An index of (assignment, -created_at) alone was
            # dropped: PostgreSQL at times preferred it, being smaller, and then sorted each
            # assignment's updates by sequence for the "as at" matrix, 13,000 sorts a page.)
            models.Index(
                fields=["assignment", "-created_at", "-sequence", "rag"], name="update_latest"
            ),
        ]

    def __str__(self):
        return f"Update {self.sequence} on {self.assignment}"


class EvidenceKind(models.TextChoices):
    FILE = "file", "File"
    LINK = "link", "Link"
    NOTE = "note", "Note"


class Evidence(TimeStampedModel):
    """A piece of evidence on an assignment; its content lives in versions."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=10, choices=EvidenceKind.choices)
    title = models.CharField(max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.title


def evidence_upload_to(instance, filename):
    """Where files went before they were content-addressed (kept: migration 0001 names it)."""
    evidence = instance.evidence
    return f"evidence/{evidence.assignment_id}/{evidence.id}/{instance.version}/{filename}"


def evidence_blob_path(instance, filename):
    """Files are stored under their SHA-256, written once: a version rolled back with its
    transaction leaves no file that some other name or row could be confused with, and the same
    file attached twice is stored once. The person's file name is kept in ``filename``."""
    return f"evidence/{instance.sha256[:2]}/{instance.sha256}"


class EvidenceVersion(models.Model):
    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    file = models.FileField(upload_to=evidence_blob_path, blank=True, max_length=500)
    filename = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["evidence", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["evidence", "version"], name="evidence_version_unique")
        ]

    def __str__(self):
        return f"{self.evidence} (version {self.version})"


class ClosureDecision(models.TextChoices):
    PENDING = "pending", "Awaiting decision"
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Returned"


class Closure(TimeStampedModel):
    """A unit's proposal that its assignment is done, and the approver's decision on it."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="closures")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    proposed_at = models.DateTimeField()
    summary = models.TextField()
    evidence = models.ManyToManyField(Evidence, blank=True, related_name="closures")
    decision = models.CharField(
        max_length=10, choices=ClosureDecision.choices, default=ClosureDecision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True)
    demonstration_months = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at"]
        # "Closures to decide": the pending ones, oldest first, a page at a time.
        indexes = [
            models.Index(
                fields=["proposed_at", "id"],
                condition=models.Q(decision="pending"),
                name="closure_pending_by_age",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"],
                condition=models.Q(decision="pending"),
                name="one_pending_closure_per_assignment",
            )
        ]


class UpdateCycle(TimeStampedModel):
    """A plan's regular call for updates: on ``day_of_month`` each month, every open assignment
    due within ``horizon_days`` (or overdue) is asked for an update, due back ``response_days``
    later. Set by a coordinator; run by the daily job or started by hand."""

    plan = models.OneToOneField(ActionPlan, on_delete=models.CASCADE, related_name="update_cycle")
    day_of_month = models.PositiveSmallIntegerField(default=1)
    horizon_days = models.PositiveSmallIntegerField(default=45)
    response_days = models.PositiveSmallIntegerField(default=7)
    active = models.BooleanField(default=True)
    last_run_on = models.DateField(null=True, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(day_of_month__gte=1, day_of_month__lte=28),
                name="update_cycle_day_1_28",
            )
        ]

    def __str__(self):
        return f"Update cycle of {self.plan}"


class UpdateRequest(models.Model):
    """A call for an update on one assignment, with the day it is due back. The next update on
    the assignment answers it; unanswered past ``due_back_on`` it is overdue."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="update_requests"
    )
    cycle = models.ForeignKey(
        UpdateCycle, on_delete=models.SET_NULL, null=True, blank=True, related_name="requests"
    )
    requested_on = models.DateField()
    due_back_on = models.DateField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    answered_by = models.OneToOneField(
        Update, on_delete=models.SET_NULL, null=True, blank=True, related_name="answers"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"],
                condition=models.Q(answered_at__isnull=True),
                name="one_open_update_request_per_assignment",
            )
        ]
        indexes = [
            # Open requests by due-back day: overdue counts and reminders.
            models.Index(
                fields=["due_back_on", "assignment"],
                condition=models.Q(answered_at__isnull=True),
                name="update_request_open_due",
            ),
            models.Index(fields=["assignment", "-requested_on"], name="update_request_latest"),
        ]

    def __str__(self):
        return f"Update requested on {self.assignment}, due back {self.due_back_on}"
