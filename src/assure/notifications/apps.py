from assure.core import registry


class NotificationsConfig(registry.AssureAppConfig):
    """Reminders and notifications: the daily digest e-mail, the header's count of what needs
    the signed-in person, the notifications page and each person's choice of how often."""

    name = "assure.notifications"
    label = "notifications"
    verbose_name = "Notifications"
    cli_commands = ("send-reminders",)
    url_matrix = "assure.notifications.tests.url_matrix"
    hooks = {
        "header_items": "assure.notifications.header.header_item",
        "daily_jobs": "assure.notifications.tasks.queue_daily",
    }
