"""Who must use two-factor sign-in, and who may reset someone else's.

The rule: a person holding any privileged role — coordinator, approver, inspector, or oversight in
a PCC's office — must sign in with a second factor; so must a superuser. Everyone else may choose
to. ``ASSURE_TWO_FACTOR_OPTIONAL`` (the demo's setting, refused in production) makes it a choice
for everyone; a person who has enrolled is still asked for a code.
"""

import rules
from django.conf import settings

from assure.accounts import permissions as accounts
from assure.accounts.models import OrganisationKind, Role

#: Roles whose holders approve closures, administer a force or quality-assure its plans.
PRIVILEGED_ROLES = {Role.COORDINATOR, Role.APPROVER, Role.INSPECTOR}


def holds_privileged_role(user) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return any(
        membership.role in PRIVILEGED_ROLES
        or (
            membership.role == Role.OVERSIGHT
            and membership.organisation.kind == OrganisationKind.PCC_OFFICE
        )
        for membership in accounts.memberships(user)
    )


def must_use_two_factor(user) -> bool:
    """Whether this person may not use the service until they have a second factor."""
    if not getattr(user, "is_authenticated", False):
        return False
    if settings.ASSURE_TWO_FACTOR_OPTIONAL:
        return False
    return holds_privileged_role(user)


def may_remove_own(user) -> bool:
    """A person may switch two-factor sign-in off only where it is a choice for them."""
    return not must_use_two_factor(user)


@rules.predicate
def signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


# The coordinator who may lift a person's sign-in lock may also reset their second factor (a lost
# phone), so that they enrol again at their next sign-in.
can_reset_for = accounts.can_unlock_account
may_see_people = accounts.is_any_coordinator
