from assure.core import registry
from assure.core.registry import NavEntry


class AccountsConfig(registry.AssureAppConfig):
    """Accounts. Its extension points, filled by apps above as ``(user) -> [{"text", "href"}]``:

    - ``account_links``: links on the person's account page (the API app adds its tokens page);
    - ``locked_accounts_links``: other ways a coordinator can help someone who cannot sign in,
      on the locked-accounts page (two-factor sign-in adds its reset page).
    """

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
