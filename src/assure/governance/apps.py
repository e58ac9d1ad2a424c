from assure.core import registry
from assure.core.registry import NavEntry


class GovernanceConfig(registry.AssureAppConfig):
    name = "assure.governance"
    label = "governance"
    verbose_name = "Governance"
    nav_entries = (
        NavEntry("Boards", "governance:boards", "assure.governance.permissions.sees_boards", 50),
    )
    demo_loader = "assure.governance.demo.load_for_demo"
    cli_commands = ("paper",)
    url_matrix = "assure.governance.tests.url_matrix"
    hooks = {
        "home_panels": "assure.governance.panels.home_panels",
        "inspection_panels": "assure.governance.panels.inspection_panel",
        "plan_panels": "assure.governance.panels.plan_panel",
        "plan_transitioned": "assure.governance.snapshots.on_plan_transition",
        "export_recommendation_fields": "assure.governance.panels.export_fields",
        "export_csv_columns": "assure.governance.panels.export_columns",
    }
