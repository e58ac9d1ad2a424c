from assure.core import registry
from assure.core.registry import NavEntry


class SiteConfig(registry.AssureAppConfig):
    """The top floor: home, navigation, the audit trail pages, the demo and the CLI. It collects
    what every app below declares and is the only app that may import them all."""

    name = "assure.site"
    label = "site"
    verbose_name = "Site"
    nav_entries = (
        NavEntry("Home", "site:home", "assure.site.permissions.signed_in", 10),
        NavEntry("Audit trail", "site:audit", "assure.accounts.permissions.can_view_audit", 90),
    )
    url_matrix = "assure.site.tests.url_matrix"
