"""Who gets what from the sign-in pages (merged into tests/test_url_matrix.py)."""

from assure.core.tests.matrix import expect

MATRIX = {
    "accounts:sign_in": expect(anonymous=200, others=302),
    "accounts:sign_out": expect(others=405),
}
