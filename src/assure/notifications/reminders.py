"""The daily reminder run: one digest per person who wants one today (``reminder_digest_send``,
each in its own transaction, so one person's failed e-mail does not stop the others')."""

import datetime
import logging
from dataclasses import dataclass, field

from assure.core.audit import SystemActor

from . import selectors
from .services import NothingNew, reminder_digest_send

log = logging.getLogger(__name__)


@dataclass
class Run:
    sent: int = 0
    items: int = 0
    failed: list[str] = field(default_factory=list)


def send_reminders(*, today: datetime.date, label: str = "send-reminders") -> Run:
    actor = SystemActor(label)
    run = Run()
    for person in selectors.people_to_remind(today).iterator():
        try:
            digest = reminder_digest_send(actor=actor, person=person, today=today)
        except NothingNew:
            continue
        except Exception:  # one person's mail server error must not stop everyone else's
            log.exception("reminder digest to %s failed", person.email)
            run.failed.append(person.email)
            continue
        run.sent += 1
        run.items += digest.items
    return run
