"""Audit event names this app records (the name stays as first recorded: it is data)."""

AUDIT_TRAIL_EXPORTED = "core.audit_trail.exported"
