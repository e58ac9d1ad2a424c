from assure.core import registry


class IndicatorsConfig(registry.AssureAppConfig):
    name = "assure.indicators"
    label = "indicators"
    verbose_name = "Case data and indicators"
    cli_commands = ("import-cases", "indicators")
