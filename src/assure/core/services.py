"""Writes owned by core: noting backups and restores in the audit trail (docs/backup.md).

Operator commands run them as system actors; a person signed in to the service never can."""

from django.core.exceptions import PermissionDenied

from . import audit, events
from .service import service


def _operator_only(actor) -> None:
    """Backups and restores are run by an operator on the server, never from a request."""
    if getattr(actor, "is_authenticated", False) or not isinstance(actor, audit.SystemActor):
        raise PermissionDenied


@service
def backup_record(*, actor, archive: str, sha256: str, manifest: dict) -> None:
    """Note in the trail that a backup was made (after it was written, so it is not in it)."""
    _operator_only(actor)
    audit.record(
        actor=actor, event=events.BACKUP_CREATED, changes=_summary(archive, sha256, manifest)
    )


@service
def restore_record(*, actor, archive: str, sha256: str, manifest: dict) -> None:
    """Note in the restored trail which backup it came from."""
    _operator_only(actor)
    audit.record(
        actor=actor, event=events.BACKUP_RESTORED, changes=_summary(archive, sha256, manifest)
    )


def _summary(archive: str, sha256: str, manifest: dict) -> dict:
    return {
        "archive": [None, archive[:300]],
        "sha256": [None, sha256],
        "backup_created_at": [None, manifest["created_at"]],
        "assure_version": [None, manifest["assure_version"]],
        "database": [None, manifest["database"]["vendor"]],
        "files": [None, len(manifest["files"])],
        "bytes": [None, sum(f["size"] for f in manifest["files"])],
    }
