"""Reads for the top floor's pages: the start page's panels, composed from every app's
``home_panels`` hook, and the audit trail, scoped to the forces the user coordinates."""

import datetime
from typing import Any

from django.db.models import Q, QuerySet

from assure.accounts import permissions
from assure.core import clock, registry
from assure.core.models import AuditEvent
from assure.core.registry import HomePanel


def home_panels(user: Any, *, today: datetime.date | None = None) -> list[HomePanel]:
    """What needs the user now: every installed app's panels (core/registry.py's
    ``home_panels`` hook), in their declared order. Each app's hook costs a fixed number of
    queries, so the start page does too."""
    day = today or clock.today()
    panels = [panel for found in registry.hook("home_panels") for panel in found(user, today=day)]
    return sorted(panels, key=lambda panel: panel.order)


def audit_events_visible_to(user) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(organisation_id__in=permissions.audit_scope(user))


def audit_events_for(
    user,
    *,
    person: str = "",
    target: str = "",
    event: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    events = audit_events_visible_to(user)
    if person:
        events = events.filter(actor_label__icontains=person)
    if target:
        events = events.filter(
            Q(target_label__icontains=target)
            | Q(target_type__icontains=target)
            | Q(target_id=target)
        )
    if event:
        events = events.filter(event__icontains=event)
    if date_from:
        events = events.filter(occurred_at__date__gte=date_from)
    if date_to:
        events = events.filter(occurred_at__date__lte=date_to)
    return events.order_by("-occurred_at", "-id")
