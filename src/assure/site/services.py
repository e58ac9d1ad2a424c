"""Writes owned by the top floor. Exporting the audit trail is itself recorded: it discloses
who did what."""

from django.core.exceptions import PermissionDenied

from assure.accounts import permissions
from assure.core import audit, downloads
from assure.core.service import service

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
def audit_trail_export(*, actor, events, filters: dict):
    """CSV of the given (already scoped) events as an iterator of UTF-8 chunks, written as the
    events are read from the database (a force's trail grows without end). Who exported what is
    recorded first, with the number of rows counted in SQL when the download began."""
    if not permissions.can_view_audit(actor):
        raise PermissionDenied
    rows, events = downloads.counted(events)
    for organisation_id in sorted(permissions.audit_scope(actor)):
        audit.record(
            actor=actor,
            event=event_names.AUDIT_TRAIL_EXPORTED,
            organisation_id=organisation_id,
            changes={"filters": downloads.plain_filters(filters), "rows": rows},
        )
    return downloads.csv_chunks(events, AUDIT_CSV_COLUMNS, _row)


def _row(e) -> list:
    return [
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
