from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """A person's personal token for the read-only JSON API.

    Only the SHA-256 of the secret is stored: the secret is 256 random bits, so a fast hash is
    enough (nothing to brute-force, unlike a password), and it lets a request find its token
    with one indexed lookup. ``prefix`` is the secret's first characters, so the person can tell
    their tokens apart without the secret ever being shown again.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the person uses it for")
    prefix = models.CharField(max_length=16)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def is_usable_at(self, moment) -> bool:
        return self.revoked_at is None and moment < self.expires_at
