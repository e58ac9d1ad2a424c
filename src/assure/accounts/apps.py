from assure.core import registry
from assure.core.registry import NavEntry


class AccountsConfig(registry.AssureAppConfig):
    """Accounts. Its extension point ``account_links``: apps above add links to the person's
    account page, as ``(user) -> [{"text", "href"}]`` (the API app adds its tokens page)."""

    name = "assure.accounts"
    label = "accounts"
    verbose_name = "Accounts"
    nav_entries = (
        NavEntry("People", "accounts:people", "assure.accounts.permissions.manages_people", 85),
    )
    demo_loader = "assure.accounts.demo.load_for_demo"
    url_matrix = "assure.accounts.tests.url_matrix"
    hooks = {
        "home_panels": "assure.accounts.panels.home_panels",
    }
