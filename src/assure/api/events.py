"""Audit event names this app records: every ``audit.record`` names one of these (a name stays
as first recorded: it is data in the trail)."""

API_TOKEN_CREATED = "api.token.created"
API_TOKEN_REVOKED = "api.token.revoked"
