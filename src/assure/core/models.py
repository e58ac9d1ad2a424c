from django.conf import settings
from django.db import models


class TimeStampedModel(models.Model):
    """Base for domain records: when each row was created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class StatusChange(models.Model):
    """One dated entry in a status history (a plan's lifecycle, a recommendation's register
    status). Subclasses add what changed and a ``status`` field with its choices."""

    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["changed_at", "id"]

    def __str__(self):
        return f"{self.get_status_display()} from {self.changed_at:%Y-%m-%d}"


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove an audit event."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    """One thing that happened: who did what to which record, what changed, from where.

    Append-only. Written by services in the same transaction as the change it describes, so the
    trail can never disagree with the data (docs/adr/0002-audit-events.md).
    """

    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty when a system job acted; actor_label says which.",
    )
    actor_label = models.CharField(max_length=300)
    event = models.CharField(
        max_length=100, db_index=True, help_text="Dotted name, e.g. plans.update.added"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Whose trail this belongs to: decides who may read it.",
    )
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    # Tamper evidence (core/audit_chain.py, docs/adr/0004-audit-hash-chain.md): each event is the
    # next link of its organisation's chain, hashing its own fields and the previous link's hash.
    sequence = models.PositiveBigIntegerField(help_text="Position in its organisation's chain")
    previous_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "-occurred_at"]),
            models.Index(fields=["target_type", "target_id"]),
        ]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.event}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted.")


class AuditChainHead(models.Model):
    """The newest link of one audit chain (one per organisation, one for events with none).

    Appending locks this row, so two transactions writing to the same trail at once take turns
    instead of both linking to the same predecessor; it also records how long the chain is, so that
    removing its newest events is noticed.
    """

    chain = models.CharField(max_length=40, unique=True, help_text="organisation:<id> or system")
    length = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, blank=True)

    def __str__(self):
        return f"{self.chain} ({self.length} events)"
