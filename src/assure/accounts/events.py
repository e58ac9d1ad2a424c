"""Audit event names this app records: every ``audit.record`` names one of these (a name stays
as first recorded: it is data in the trail)."""

MEMBERSHIP_GRANTED = "accounts.membership.granted"
MEMBERSHIP_REVOKED = "accounts.membership.revoked"
ORGANISATION_CREATED = "accounts.organisation.created"
SESSION_SIGNED_IN = "accounts.session.signed_in"
SESSION_SIGNED_OUT = "accounts.session.signed_out"
UNIT_CREATED = "accounts.unit.created"
USER_CREATED = "accounts.user.created"
SIGN_IN_FAILED = "accounts.sign_in.failed"
SIGN_IN_LOCKED_OUT = "accounts.sign_in.locked_out"
SIGN_IN_REFUSED_LOCKED = "accounts.sign_in.refused_locked"
ACCOUNT_UNLOCKED = "accounts.account.unlocked"
USER_INVITED = "accounts.user.invited"
INVITATION_RESENT = "accounts.user.invitation_resent"
INVITATION_ACCEPTED = "accounts.user.invitation_accepted"
USER_DEACTIVATED = "accounts.user.deactivated"
USER_REACTIVATED = "accounts.user.reactivated"
MEMBERSHIP_CHANGED = "accounts.membership.changed"
PASSWORD_CHANGED = "accounts.password.changed"  # noqa: S105 - event names
PASSWORD_RESET_REQUESTED = "accounts.password.reset_requested"  # noqa: S105
PASSWORD_RESET = "accounts.password.reset"  # noqa: S105
SESSION_ENDED_ELSEWHERE = "accounts.session.ended_elsewhere"
SESSION_TIMED_OUT = "accounts.session.timed_out"
