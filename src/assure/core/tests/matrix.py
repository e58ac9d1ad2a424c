"""Building blocks for the role × URL matrix (tests/test_url_matrix.py).

An app lists its own pages in ``assure/<app>/tests/url_matrix.py``::

    from assure.core.tests.matrix import expect
    MATRIX = {"plans:plan": expect(anonymous=302, partner_leeds=404, others=200)}
    URL_KWARGS = {"plans:plan": lambda users: {"pk": demo_plan().pk}}
"""

# The demo people the matrix signs in as (keys are the part of the e-mail before the @).
ROLES = [
    "anonymous",
    "coordinator",
    "approver",
    "board",
    "lead.leeds",
    "lead.htcu",
    "partner.leeds",
    "oversight",
    "inspector",
]


def expect(*, others: int, **by_role: int) -> dict[str, int]:
    """Status per role; keyword names use _ for . (lead_leeds means lead.leeds)."""
    table = dict.fromkeys(ROLES, others)
    for key, status in by_role.items():
        role = key.replace("_", ".")
        assert role in ROLES, role
        table[role] = status
    return table
