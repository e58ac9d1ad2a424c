from assure.core.tests.matrix import expect

MATRIX = {"plugin_app:boards": expect(others=200)}
