"""Audit event names this app records (a name stays as first recorded: it is data in the
trail)."""

DIGEST_SENT = "notifications.digest.sent"
PREFERENCE_SET = "notifications.preference.set"
