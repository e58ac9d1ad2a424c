from assure.core import registry
from assure.core.registry import NavEntry


class ApiConfig(registry.AssureAppConfig):
    name = "assure.api"
    label = "api"
    verbose_name = "JSON API"
    nav_entries = (
        NavEntry("API tokens", "api:tokens", "assure.api.permissions.may_hold_tokens", 90),
    )
    cli_commands = ("api-openapi",)
    hooks = {"account_links": "assure.api.presenters.account_links"}
    url_matrix = "assure.api.tests.url_matrix"
