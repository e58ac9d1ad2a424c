"""Sign-in rate limits, checked before any password is hashed.

See docs/adr/0010-sign-in-rate-limits.md.

Two limits on sign-in POSTs, counted in the shared cache by django-ratelimit: one per client
address (``SIGN_IN_RATE_PER_ADDRESS``) and one over all addresses (``SIGN_IN_RATE_GLOBAL``). An
attempt refused by the first does not count towards the second, so one noisy address cannot use
up everyone's allowance. django-axes still locks an account after five wrong passwords.
"""

from django.conf import settings
from django_ratelimit.core import get_usage

PER_ADDRESS_GROUP = "accounts.sign_in.address"
GLOBAL_GROUP = "accounts.sign_in.all"


def _everyone(group, request) -> str:
    return "all"


def sign_in_refused(request) -> int | None:
    """Seconds to wait if this sign-in attempt is over a limit (counting it), else None."""
    for group, key, rate in (
        (PER_ADDRESS_GROUP, "ip", settings.SIGN_IN_RATE_PER_ADDRESS),
        (GLOBAL_GROUP, _everyone, settings.SIGN_IN_RATE_GLOBAL),
    ):
        usage = get_usage(request, group=group, key=key, rate=rate, method="POST", increment=True)
        if usage is not None and usage["should_limit"]:
            return max(1, int(usage["time_left"]))
    return None


def lockout_state(request) -> str | None:
    """After a failed attempt: "started" if this attempt locked the account, "refused" if it was
    locked already (django-axes refused it before checking the password), else None."""
    if not getattr(request, "axes_locked_out", False):
        return None
    # axes counts failures only for an attempt it let through to the password check.
    return "started" if getattr(request, "axes_failures_since_start", None) else "refused"


RESET_PER_ADDRESS_GROUP = "accounts.password_reset.address"
RESET_GLOBAL_GROUP = "accounts.password_reset.all"
RESET_PER_ACCOUNT_GROUP = "accounts.password_reset.account"


def password_reset_refused(request) -> int | None:
    """Seconds to wait if this reset request is over the per-address or overall limit (the same
    rates as sign-in, counted apart from it), else None."""
    for group, key, rate in (
        (RESET_PER_ADDRESS_GROUP, "ip", settings.SIGN_IN_RATE_PER_ADDRESS),
        (RESET_GLOBAL_GROUP, _everyone, settings.SIGN_IN_RATE_GLOBAL),
    ):
        usage = get_usage(request, group=group, key=key, rate=rate, method="POST", increment=True)
        if usage is not None and usage["should_limit"]:
            return max(1, int(usage["time_left"]))
    return None


def password_reset_mail_allowed(request, email: str) -> bool:
    """Whether another reset e-mail may go to this address now (counted whether or not the
    address is anyone's, so the answer says nothing about who has an account)."""
    usage = get_usage(
        request,
        group=RESET_PER_ACCOUNT_GROUP,
        key=lambda group, request: email.lower(),
        rate=settings.PASSWORD_RESET_RATE_PER_ACCOUNT,
        method="POST",
        increment=True,
    )
    return usage is None or not usage["should_limit"]
