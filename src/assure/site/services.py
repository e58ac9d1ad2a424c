"""Writes owned by the top floor. Exporting the audit trail is itself recorded: it discloses who
did what."""

import csv
import io

from django.core.exceptions import PermissionDenied

from assure.accounts import permissions
from assure.core import audit
from assure.core.service import service
from assure.core.spreadsheets import as_text_cell

from . import events as event_names

AUDIT_CSV_COLUMNS = [
    "occurred_at",
    "actor",
    "event",
    "target_type",
    "target_id",
    "target",
    "changes",
    "request_id",
    "ip_address",
]


@service
def audit_trail_export(*, actor, events, filters: dict) -> str:
    """CSV of the given (already scoped) events; records who exported what."""
    if not permissions.can_view_audit(actor):
        raise PermissionDenied
    rows = list(events)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(AUDIT_CSV_COLUMNS)
    for e in rows:
        writer.writerow(
            as_text_cell(str(cell))
            for cell in [
                e.occurred_at.isoformat(),
                e.actor_label,
                e.event,
                e.target_type,
                e.target_id,
                e.target_label,
                audit.json_dumps(e.changes),
                e.request_id,
                e.ip_address or "",
            ]
        )
    for organisation_id in sorted(permissions.audit_scope(actor)):
        audit.record(
            actor=actor,
            event=event_names.AUDIT_TRAIL_EXPORTED,
            organisation_id=organisation_id,
            changes={"filters": filters, "rows": len(rows)},
        )
    return buffer.getvalue()
