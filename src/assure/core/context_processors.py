from django.urls import reverse

from assure.accounts import permissions
from assure.accounts.models import Role


def navigation(request):
    """The header's organisation name and navigation, from the signed-in user's memberships."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"header_organisation": None, "nav_items": []}
    memberships = permissions.memberships(user)
    organisations = list(dict.fromkeys(m.organisation.name for m in memberships))
    items = [("Home", reverse("core:home"))]
    if permissions.readable_force_ids(user):
        items.append(("Inspections", reverse("inspections:list")))
    if memberships:
        items.append(("My work", reverse("plans:my_work")))
    if permissions.forces_with_role(user, Role.APPROVER):
        items.append(("Closures to decide", reverse("plans:approvals")))
    if permissions.can_view_audit(user):
        items.append(("Audit trail", reverse("core:audit")))
    path = request.path
    return {
        "header_organisation": ", ".join(organisations) or None,
        "nav_items": [
            {
                "text": text,
                "href": href,
                "active": path == href or (href != "/" and path.startswith(href)),
            }
            for text, href in items
        ],
    }
