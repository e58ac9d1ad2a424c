from assure.core import registry


class IndicatorsConfig(registry.AssureAppConfig):
    name = "assure.indicators"
    label = "indicators"
    verbose_name = "Case data and indicators"
    demo_loader = "assure.indicators.demo.load_for_demo"
    cli_commands = ("import-cases", "indicators", "synth")
