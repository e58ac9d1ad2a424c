from assure.core import registry
from assure.core.registry import NavEntry


class InspectionsConfig(registry.AssureAppConfig):
    name = "assure.inspections"
    label = "inspections"
    verbose_name = "Inspections"
    nav_entries = (
        NavEntry("Inspections", "inspections:list", "assure.inspections.permissions.can_list", 20),
    )
    demo_loader = "assure.inspections.demo.load_for_demo"
    cli_commands = ("import-report",)
    url_matrix = "assure.inspections.tests.url_matrix"
