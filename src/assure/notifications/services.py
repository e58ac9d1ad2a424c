"""Writes for notifications: a person's choice of how often, and one digest sent to one person."""

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from assure.accounts.models import User
from assure.accounts.permissions import is_system
from assure.core import audit, clock
from assure.core.service import service

from . import events, permissions, selectors
from .models import Digest, Frequency, Preference, Reminder


@service
def notification_preference_set(*, actor, person: User, frequency: str) -> Preference:
    """A person chooses how often they get the reminder digest (only their own)."""
    if not permissions.can_set_own_preference(actor, person):
        raise PermissionDenied
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": "Choose how often you want reminders"})
    preference, _ = Preference.objects.select_for_update(of=("self",)).get_or_create(user=person)
    old = preference.frequency
    preference.frequency = frequency
    preference.save()
    audit.record(
        actor=actor,
        event=events.PREFERENCE_SET,
        target=person,
        changes={"frequency": [old, frequency]} if old != frequency else {},
    )
    return preference


class NothingNew(Exception):
    """Nothing needs the person today that they have not been reminded of: no e-mail, no row."""


@service
def reminder_digest_send(*, actor, person: User, today: datetime.date) -> Digest:
    """Send ``person`` one e-mail listing what needs them on ``today`` that they have not been
    reminded of today already; record each item, so a second run the same day sends nothing new.
    The e-mail is sent inside the transaction: if sending fails, nothing is recorded and the next
    run tries again. Raises ``NothingNew`` (writing nothing) when there is nothing new."""
    if not is_system(actor):
        raise PermissionDenied
    # One run at a time per person: the row lock orders two runs of the same day.
    User.objects.select_for_update(of=("self",)).filter(pk=person.pk).first()
    window = selectors.frequency_of(person)
    if window == Frequency.NONE:
        raise NothingNew
    found = selectors.sections(person, today, window=window, all_keys=True)
    sent = set(Reminder.objects.filter(user=person, on=today).values_list("key", flat=True))
    new_keys = [k for s in found for k in s.keys if k not in sent]
    if not new_keys:
        raise NothingNew
    fresh = set(new_keys)
    shown: list[dict[str, Any]] = []
    for section in found:
        items = [i for i in section.items if i.key in fresh]
        count = sum(1 for k in section.keys if k in fresh)
        if count:
            shown.append({"section": section, "items": items, "count": count})
    total = len(new_keys)
    things = f"{total} thing{'s' if total != 1 else ''} need{'s' if total == 1 else ''} you"
    subject = f"Assure: {things} ({today.day} {today:%B %Y})"
    digest = Digest.objects.create(
        user=person, on=today, sent_at=clock.now(), subject=subject[:200], items=total
    )
    Reminder.objects.bulk_create(
        Reminder(user=person, on=today, key=key, digest=digest) for key in new_keys
    )
    body = render_to_string(
        "notifications/digest.txt",
        {
            "person": person,
            "today": today,
            "sections": shown,
            "base_url": settings.ASSURE_BASE_URL,
            "frequency": Frequency(window).label,
        },
    )
    EmailMessage(subject=subject, body=body, to=[person.email]).send()
    audit.record(
        actor=actor,
        event=events.DIGEST_SENT,
        target=person,
        changes={
            "on": [None, today],
            "items": [None, total],
            "sections": [None, {s["section"].key: s["count"] for s in shown}],
        },
    )
    return digest
