"""Who gets what from the top floor's pages (merged into tests/test_url_matrix.py)."""

from assure.core.tests.matrix import expect

MATRIX = {
    "site:home": expect(anonymous=302, others=200),
    "site:health": expect(others=200),
    # The footer's pages: for everyone, signed in or not.
    "site:help": expect(others=200),
    "site:accessibility": expect(others=200),
    "site:privacy": expect(others=200),
    "site:audit": expect(anonymous=302, coordinator=200, others=404),
    "site:audit_export": expect(anonymous=302, coordinator=200, others=404),
}
