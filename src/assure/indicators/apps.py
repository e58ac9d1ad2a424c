from assure.core import registry
from assure.core.registry import NavEntry


class IndicatorsConfig(registry.AssureAppConfig):
    name = "assure.indicators"
    label = "indicators"
    verbose_name = "Case data and indicators"
    cli_commands = ("import-cases", "indicators", "synth")
    demo_loader = "assure.indicators.demo.load_for_demo"
    nav_entries = (
        NavEntry(
            "Indicators", "indicators:home", "assure.indicators.permissions.sees_indicators", 40
        ),
    )
    url_matrix = "assure.indicators.tests.url_matrix"
    hooks = {
        "plan_panels": "assure.indicators.panels.plan_panel",
        "assignment_panels": "assure.indicators.panels.assignment_panel",
        "plan_outcome_figures": "assure.indicators.panels.outcome_figures",
        "closure_panels": "assure.indicators.panels.closure_panel",
    }
