"""What accounts shows on a person's start page (the site's ``home_panels`` hook)."""

import datetime
from typing import Any

from django.urls import reverse

from assure.core.registry import HomePanel

from . import permissions, selectors


def home_panels(user: Any, *, today: datetime.date) -> list[HomePanel]:
    """For coordinators: the people of their force locked out of signing in now (at most two
    queries: django-axes' attempts grouped in SQL, then those people)."""
    if not permissions.is_any_coordinator(user):
        return []
    locked = selectors.locked_accounts_for(user)
    return [
        HomePanel(
            title="Locked accounts",
            count=len(locked),
            href=reverse("accounts:locked_accounts"),
            link_text="See locked accounts",
            description="People of your force who cannot sign in after too many wrong passwords.",
            empty="Nobody is locked out.",
            order=90,
        )
    ]
