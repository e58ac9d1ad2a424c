"""Audit event names core records (the name stays as first recorded: it is data)."""

BACKUP_CREATED = "core.backup.created"
BACKUP_RESTORED = "core.backup.restored"
