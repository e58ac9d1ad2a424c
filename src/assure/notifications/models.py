from django.conf import settings
from django.db import models


class Frequency(models.TextChoices):
    DAILY = "daily", "Every day"
    WEEKLY = "weekly", "Once a week, on Mondays"
    NONE = "none", "Never: I will look at Assure myself"


class Preference(models.Model):
    """How often a person wants the reminder digest. No row: every day."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.DAILY)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.user}: {self.get_frequency_display()}"


class Digest(models.Model):
    """One reminder e-mail as sent: to whom, for which day, how many items."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    on = models.DateField()
    sent_at = models.DateTimeField()
    subject = models.CharField(max_length=200)
    items = models.PositiveIntegerField()

    class Meta:
        ordering = ["-on", "-sent_at"]
        indexes = [models.Index(fields=["user", "-on"], name="digest_user_on")]

    def __str__(self):
        return f"{self.subject} ({self.on})"


class Reminder(models.Model):
    """One item a digest carried (``key`` names it, e.g. ``overdue:assignment:12``): a person is
    never reminded of the same item twice on the same day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    on = models.DateField()
    key = models.CharField(max_length=80)
    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="reminders")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "on", "key"], name="reminder_once_a_day")
        ]

    def __str__(self):
        return f"{self.key} to {self.user_id} on {self.on}"
