"""A stand-in for the next app (governance, indicators): it plugs in the way they will, touching
nothing in core or site (tests/test_app_registry.py)."""

from assure.core import registry
from assure.core.registry import NavEntry


class PluginAppConfig(registry.AssureAppConfig):
    name = "tests.plugin_app"
    label = "plugin_app"
    verbose_name = "A plugged-in app"
    nav_entries = (
        NavEntry("Plugged-in boards", "plugin_app:boards", "tests.plugin_app.views.may_see", 50),
    )
    demo_loader = "tests.plugin_app.views.load_demo"
    url_matrix = "tests.plugin_app.url_matrix"
