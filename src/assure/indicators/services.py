"""Writes for case data: recording an import, which makes the staged file current."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from assure.core import audit
from assure.core.service import service

from . import events
from .models import CaseImport
from .permissions import can_import_cases


@service
def case_import_record(*, actor, prepared) -> CaseImport:
    """Record a checked, staged import (:func:`assure.indicators.importer.prepare`) and make it
    the current version. The swap is the last step, so a failure before it rolls the record
    back and leaves the old version current. Callers normally use
    :func:`assure.indicators.importer.import_cases`."""
    if not can_import_cases(actor, prepared.force):
        raise PermissionDenied
    record = CaseImport.objects.create(
        force=prepared.force,
        kind=prepared.kind,
        imported_at=timezone.now(),
        imported_by=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=audit.actor_label(actor)[:300],
        file_name=prepared.file_name,
        replaced=prepared.replaced,
        rows=prepared.rows,
        rows_added=prepared.added,
        rows_updated=prepared.updated,
        rows_removed=prepared.removed,
        data_version=prepared.version,
    )
    audit.record(
        actor=actor,
        event=events.CASES_IMPORTED,
        target=record,
        organisation=prepared.force,
        changes={
            "kind": [None, prepared.kind],
            "file_name": [None, prepared.file_name],
            "replaced": [None, prepared.replaced],
            "rows_added": [None, prepared.added],
            "rows_updated": [None, prepared.updated],
            "rows_removed": [None, prepared.removed],
            "data_version": [None, prepared.version],
        },
    )
    if prepared.publish() != prepared.version:  # the import lock makes the next version predictable
        raise RuntimeError("the case-data store changed during the import")
    return record
