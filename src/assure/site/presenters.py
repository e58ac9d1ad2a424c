"""Domain objects → what templates show."""

from django.conf import settings


def membership_rows(memberships) -> list[dict]:
    """Each role the person holds, and where: the start page's "Your roles". (What each role
    can do is what its panels and the navigation offer, so no list of capabilities is kept
    that could promise a screen that does not exist.)"""
    return [
        {
            "organisation": m.organisation.name,
            "organisation_kind": m.organisation.get_kind_display(),
            "unit": m.unit.name if m.unit_id else None,
            "role": m.get_role_display(),
            "forces": [f.name for f in m.organisation.forces.all()],
        }
        for m in memberships
    ]


def footer_page_context() -> dict:
    """What the help, accessibility and privacy pages quote from the settings, so they say what
    this installation does (sign-in lock, session length, case-data versions kept)."""
    return {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "lock_minutes": round(settings.AXES_COOLOFF_TIME * 60),
        "session_hours": round(settings.SESSION_COOKIE_AGE / 3600),
    }
