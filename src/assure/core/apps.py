from . import registry


class CoreConfig(registry.AssureAppConfig):
    name = "assure.core"
    label = "core"
    verbose_name = "Core"
    cli_commands = ("audit", "backup", "restore")
