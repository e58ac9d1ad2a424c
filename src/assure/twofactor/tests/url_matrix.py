"""Who gets what from the two-factor pages (merged into tests/test_url_matrix.py). The demo's
people have no authenticator app, so the code page sends each of them home."""

from assure.core.tests.matrix import expect

MATRIX = {
    "twofactor:verify": expect(others=302),
    "twofactor:manage": expect(anonymous=302, others=200),
    "twofactor:enrol": expect(anonymous=302, others=200),
    "twofactor:enrol_start": expect(anonymous=302, others=405),
    "twofactor:backup_codes": expect(anonymous=302, others=405),
    "twofactor:remove": expect(anonymous=302, others=405),
    "twofactor:people": expect(anonymous=302, coordinator=200, others=404),
    "twofactor:reset": expect(anonymous=302, others=405),
}

URL_KWARGS = {
    "twofactor:reset": lambda users: {"pk": users["lead.leeds"].pk},
}
