from django.urls import reverse

from assure.accounts import permissions
from assure.core import registry


def navigation(request):
    """The header's organisation name and navigation: every app's declared entries that the
    signed-in user may see (core/registry.py)."""
    user = getattr(request, "user", None)
    footer = footer_links()
    if user is None or not user.is_authenticated:
        return {
            "header_organisation": None,
            "nav_items": [],
            "header_items": [],
            "footer_links": footer,
        }
    organisations = list(dict.fromkeys(m.organisation.name for m in permissions.memberships(user)))
    entries = sorted(
        (entry for _app, declared in registry.collect("nav_entries") for entry in declared),
        key=lambda entry: entry.order,
    )
    path = request.path
    items = []
    for entry in entries:
        if not registry.resolve(entry.visible)(user):
            continue
        href = reverse(entry.url_name)
        active = path == href or (href != "/" and path.startswith(href))
        items.append({"text": entry.text, "href": href, "active": active})
    # Apps' items beside the account details (the notifications count): ``(request) -> dict``
    # with "text" and "href", or None.
    header_items = [item for made in registry.hook("header_items") if (item := made(request))]
    return {
        "header_organisation": ", ".join(organisations) or None,
        "nav_items": items,
        "header_items": header_items,
        "footer_links": footer,
    }


def footer_links() -> list[dict[str, str]]:
    """Every page's footer: help, the accessibility statement and the privacy notice."""
    return [
        {"text": "Help", "href": reverse("site:help")},
        {"text": "Accessibility statement", "href": reverse("site:accessibility")},
        {"text": "Privacy notice", "href": reverse("site:privacy")},
    ]
