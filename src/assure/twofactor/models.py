"""Backup codes: django-otp's static device keeps its tokens in plain text, so ours keeps only
each code's keyed hash (HMAC-SHA256 under the installation's secret key). A code is ten random
base-32 characters (50 bits), so a hash is not worth brute-forcing without the key as well."""

import hashlib
import hmac

from django.conf import settings
from django.db import models
from django_otp.models import Device, ThrottlingMixin


def backup_code_digest(code: str) -> str:
    normalised = "".join(code.split()).replace("-", "").lower()
    return hmac.new(
        settings.SECRET_KEY.encode(), f"assure-backup-code:{normalised}".encode(), hashlib.sha256
    ).hexdigest()


class BackupCodeDevice(ThrottlingMixin, Device):
    """One per person who has enrolled: the ten one-time codes they were shown."""

    def get_throttle_factor(self):
        return getattr(settings, "OTP_TOTP_THROTTLE_FACTOR", 1)

    def verify_token(self, token):
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        match = self.codes.filter(digest=backup_code_digest(str(token))).first()
        if match is None:
            self.throttle_increment()
            return False
        match.delete()  # one use only
        self.throttle_reset(commit=False)
        self.save()
        return True


class BackupCode(models.Model):
    device = models.ForeignKey(BackupCodeDevice, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64, db_index=True)

    def __str__(self):
        return f"a backup code of {self.device.user}"
