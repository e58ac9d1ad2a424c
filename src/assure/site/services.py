"""Writes owned by the top floor. Exporting the audit trail is itself recorded: it discloses
who did what."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max

from assure.accounts import permissions
from assure.core import audit
from assure.core.service import service
from assure.core.spreadsheets import csv_stream

from . import events as event_names

EXPORT_CHUNK = 2000  # events read from the database at a time
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
    recorded first, with the number of rows counted in SQL."""
    if not permissions.can_view_audit(actor):
        raise PermissionDenied
    # What is counted is what is written: the events up to the newest in scope now, not the
    # event recorded below nor any recorded while the file streams.
    scope = events.aggregate(rows=Count("pk"), newest=Max("pk"))
    rows = scope["rows"]
    events = events.filter(pk__lte=scope["newest"] or 0)
    for organisation_id in sorted(permissions.audit_scope(actor)):
        audit.record(
            actor=actor,
            event=event_names.AUDIT_TRAIL_EXPORTED,
            organisation_id=organisation_id,
            changes={"filters": filters, "rows": rows},
        )
    return csv_stream(
        AUDIT_CSV_COLUMNS,
        (
            [
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
            for e in events.iterator(chunk_size=EXPORT_CHUNK)
        ),
    )
