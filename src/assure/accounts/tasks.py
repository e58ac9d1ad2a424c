"""E-mails with a link to set a password, sent in the background (Django's tasks framework), so
that a request's answer never waits for the mail server: a reset request takes as long whether
or not the address is anyone's. The link is made here, when the mail is written, so no secret
waits in the task queue."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse

from . import tokens
from .models import User

SUBJECTS = {
    "invitation": "You have been invited to Assure",
    "reset": "Reset your Assure password",
}
URL_NAMES = {"invitation": "accounts:invitation", "reset": "accounts:password_reset_link"}


def link_for(user: User, purpose: str) -> str:
    token = tokens.GENERATORS[purpose].make_token(user)
    path = reverse(URL_NAMES[purpose], kwargs={"uidb64": tokens.uid_for(user), "token": token})
    return settings.ASSURE_BASE_URL + path


@task
def send_password_link(user_id: int, purpose: str, invited_by: str = "") -> bool:
    """Write the invitation or reset e-mail for this person; False if they can no longer use it."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    context = {
        "person": user,
        "link": link_for(user, purpose),
        "invited_by": invited_by,
        "organisations": sorted({m.organisation.name for m in user.memberships.all()}),
        "reset_minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
        "invitation_days": settings.ASSURE_INVITATION_DAYS,
        "base_url": settings.ASSURE_BASE_URL,
    }
    body = render_to_string(f"accounts/email/{purpose}.txt", context)
    send_mail(SUBJECTS[purpose], body, None, [user.email])
    return True
