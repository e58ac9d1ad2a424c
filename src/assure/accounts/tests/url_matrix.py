"""Who gets what from the accounts pages (merged into tests/test_url_matrix.py)."""

from assure.core.tests.matrix import expect

MATRIX = {
    "accounts:sign_in": expect(anonymous=200, others=302),
    "accounts:sign_out": expect(others=405),
    "accounts:locked_accounts": expect(anonymous=302, coordinator=200, others=404),
    "accounts:account_unlock": expect(anonymous=302, others=405),
}

URL_KWARGS = {
    "accounts:account_unlock": lambda users: {"pk": users["lead.leeds"].pk},
}
