from assure.core import registry
from assure.core.registry import NavEntry


class TwoFactorConfig(registry.AssureAppConfig):
    name = "assure.twofactor"
    label = "twofactor"
    verbose_name = "Two-factor sign-in"
    nav_entries = (
        NavEntry(
            "Two-factor sign-in", "twofactor:manage", "assure.twofactor.permissions.signed_in", 95
        ),
    )
    url_matrix = "assure.twofactor.tests.url_matrix"
