"""One-time links that let a person set a password: an invitation and a password reset.

Both are Django's ``PasswordResetTokenGenerator`` (an HMAC of the person's password hash, last
sign-in and e-mail address, with a timestamp), so a link stops working once it has been used:
setting the password changes the hash. Each kind has its own salt, so a reset link is not an
invitation link, and its own lifetime.
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes, force_str
from django.utils.http import base36_to_int, urlsafe_base64_decode, urlsafe_base64_encode

from .models import User


class _TimedTokenGenerator(PasswordResetTokenGenerator):
    def lifetime_seconds(self) -> int:
        raise NotImplementedError

    def check_token(self, user: User | None, token: str | None) -> bool:
        if not self.check_token_ignoring_age(user, token):
            return False
        assert token is not None
        age = self._num_seconds(self._now()) - base36_to_int(token.split("-")[0])
        return 0 <= age <= self.lifetime_seconds()

    # Django's check_token also applies PASSWORD_RESET_TIMEOUT; these generators apply their own.
    def check_token_ignoring_age(self, user: User | None, token: str | None) -> bool:
        if not (user and token) or len(token) > 64:
            return False
        try:
            ts_b36, _ = token.split("-")
            timestamp = base36_to_int(ts_b36)
        except ValueError:
            return False
        return any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )


class PasswordResetTokens(_TimedTokenGenerator):
    key_salt = "assure.accounts.tokens.PasswordResetTokens"

    def lifetime_seconds(self) -> int:
        return settings.PASSWORD_RESET_TIMEOUT


class InvitationTokens(_TimedTokenGenerator):
    key_salt = "assure.accounts.tokens.InvitationTokens"

    def lifetime_seconds(self) -> int:
        return settings.ASSURE_INVITATION_DAYS * 24 * 60 * 60


reset_tokens = PasswordResetTokens()
invitation_tokens = InvitationTokens()
GENERATORS = {"reset": reset_tokens, "invitation": invitation_tokens}


def uid_for(user: User) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def pk_from_uid(uidb64: str) -> int | None:
    try:
        value = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    return value if 0 < value < 2**63 else None
