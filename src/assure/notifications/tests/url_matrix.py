"""Who gets what from the notifications pages (merged into tests/test_url_matrix.py): every
signed-in person has their own."""

from assure.core.tests.matrix import expect

MATRIX = {
    "notifications:list": expect(anonymous=302, others=200),
    "notifications:preferences": expect(anonymous=302, others=200),
}
