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
