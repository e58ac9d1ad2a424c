"""Audit event names this app records: every ``audit.record`` names one of these (a name stays
as first recorded: it is data in the trail)."""

# "token" in the names makes ruff's S105 think they are passwords; they are event names.
API_TOKEN_CREATED = "api.token.created"  # noqa: S105
API_TOKEN_REVOKED = "api.token.revoked"  # noqa: S105
