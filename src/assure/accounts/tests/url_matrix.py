"""Who gets what from the accounts pages (merged into tests/test_url_matrix.py)."""

from assure.core.tests.matrix import expect

# Pages for the people of a force: its coordinator only; anyone else, 404.
COORDINATOR_ONLY = expect(anonymous=302, coordinator=200, others=404)

MATRIX = {
    "accounts:sign_in": expect(anonymous=200, others=302),
    "accounts:sign_out": expect(others=405),
    "accounts:people": COORDINATOR_ONLY,
    "accounts:person_invite": COORDINATOR_ONLY,
    "accounts:locked_accounts": COORDINATOR_ONLY,
    "accounts:person": COORDINATOR_ONLY,
    "accounts:account_unlock": expect(anonymous=302, others=405),
    "accounts:person_switch_off": COORDINATOR_ONLY,  # GET asks first
    "accounts:person_switch_on": expect(anonymous=302, others=405),
    "accounts:invitation_resend": expect(anonymous=302, others=405),
    "accounts:membership_add": COORDINATOR_ONLY,
    "accounts:membership_change": COORDINATOR_ONLY,
    "accounts:membership_remove": COORDINATOR_ONLY,  # GET asks first
    # Everyone's own account.
    "accounts:account": expect(anonymous=302, others=200),
    "accounts:password_change": expect(anonymous=302, others=200),
    "accounts:sign_out_everywhere": expect(anonymous=302, others=405),
    # Open to anyone; a link that does not check out answers 404 with a page saying so.
    "accounts:password_reset": expect(others=200),
    "accounts:password_reset_link": expect(others=404),
    "accounts:invitation": expect(others=404),
}


def _lead_membership(users):
    return {"pk": users["lead.leeds"].memberships.get().pk}


URL_KWARGS = {
    "accounts:person": lambda users: {"pk": users["lead.leeds"].pk},
    "accounts:account_unlock": lambda users: {"pk": users["lead.leeds"].pk},
    "accounts:person_switch_off": lambda users: {"pk": users["lead.leeds"].pk},
    "accounts:person_switch_on": lambda users: {"pk": users["lead.leeds"].pk},
    "accounts:invitation_resend": lambda users: {"pk": users["lead.leeds"].pk},
    "accounts:membership_add": lambda users: {"pk": users["lead.leeds"].pk},
    "accounts:membership_change": _lead_membership,
    "accounts:membership_remove": _lead_membership,
    "accounts:password_reset_link": lambda users: {"uidb64": "MQ", "token": "abc-123"},
    "accounts:invitation": lambda users: {"uidb64": "MQ", "token": "abc-123"},
}
