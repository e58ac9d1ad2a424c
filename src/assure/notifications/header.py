"""The header's count of what needs the signed-in person (the ``header_items`` hook, read by the
site's navigation context processor on every page): two to four COUNT queries, cached by data
version per person (core/page_cache.py), so a page costs them once after each change."""

from django.urls import reverse

from assure.core import clock, page_cache

from . import permissions, selectors


def header_item(request) -> dict | None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not permissions.has_notifications(user):
        return None
    total = page_cache.cached(
        "notifications.header",
        (user.pk,),
        lambda: sum(selectors.counts(user, clock.today()).values()),
    )
    return {
        "text": f"{total} thing{'s' if total != 1 else ''} need{'s' if total == 1 else ''} you",
        "href": reverse("notifications:list"),
        "count": total,
    }
