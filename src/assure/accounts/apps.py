from assure.core import registry


class AccountsConfig(registry.AssureAppConfig):
    name = "assure.accounts"
    label = "accounts"
    verbose_name = "Accounts"
    demo_loader = "assure.accounts.demo.load_for_demo"
    url_matrix = "assure.accounts.tests.url_matrix"
