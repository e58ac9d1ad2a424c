from assure.core import registry
from assure.core.registry import NavEntry


class PlansConfig(registry.AssureAppConfig):
    name = "assure.plans"
    label = "plans"
    verbose_name = "Action plans"
    nav_entries = (
        NavEntry("My work", "plans:my_work", "assure.plans.permissions.has_work", 30),
        NavEntry(
            "Closures to decide",
            "plans:approvals",
            "assure.plans.permissions.decides_closures",
            40,
        ),
        NavEntry(
            "National view",
            "plans:national",
            "assure.plans.permissions.sees_national_view",
            25,
        ),
    )
    demo_loader = "assure.plans.demo.load_for_demo"
    cli_commands = ("export", "refresh-statuses", "synth-plans", "update-cycles")
    url_matrix = "assure.plans.tests.url_matrix"
    hooks = {
        "home_panels": "assure.plans.panels.home_panels",
        "inspection_list_columns": "assure.plans.panels.inspection_list_column",
        "inspection_panels": "assure.plans.panels.inspection_panel",
        "due_date_followers": "assure.plans.due_dates.following_counts",
        "daily_jobs": "assure.plans.tasks.queue_daily",
    }
