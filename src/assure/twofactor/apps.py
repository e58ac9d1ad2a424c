from assure.core import registry


class TwoFactorConfig(registry.AssureAppConfig):
    name = "assure.twofactor"
    label = "twofactor"
    verbose_name = "Two-factor sign-in"
    # Reached from the person's account page, not the header: one link less for everyone.
    hooks = {
        "account_links": "assure.twofactor.selectors.account_links",
        "locked_accounts_links": "assure.twofactor.selectors.locked_accounts_links",
    }
    url_matrix = "assure.twofactor.tests.url_matrix"
