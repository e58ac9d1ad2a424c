"""What day it is for the service's rules: due, overdue, due soon, rolled-up status, and the dates
of what people record (updates, evidence, closures, status changes).

Normally that is the real day. A demo installation pins it (``settings.ASSURE_TODAY``, recorded in
its data folder by ``assure demo``), because the demo's story is a plan delivered through 2015:
read against the real date, every assignment would be years overdue and nothing due soon.

Audit timestamps (``core.audit``) and the bookkeeping ``created_at``/``updated_at`` columns stay on
real time even when the clock is pinned: they say when the server wrote a row, which is what an
auditor reading the trail or a restore needs, and the order of events must never depend on a
setting. Production refuses the setting (``config/settings/production.py``).
"""

import datetime

from django.conf import settings
from django.utils import timezone

_pinned_here: datetime.date | None = None  # set by `assure demo` for the process that creates it


def pinned() -> datetime.date | None:
    """The pinned day, or None on the real clock."""
    return _pinned_here or getattr(settings, "ASSURE_TODAY", None)


def pin(day: datetime.date | None) -> None:
    """Pin this process's clock (the demo loader's, before the setting can be read back)."""
    global _pinned_here
    _pinned_here = day


def today() -> datetime.date:
    return pinned() or timezone.localdate()


def now() -> datetime.datetime:
    """The current moment; when pinned, the pinned day at the real time of day, so that what a
    person records in the demo lands on its day and in order."""
    day = pinned()
    real = timezone.localtime()
    if day is None:
        return timezone.now()
    return real.replace(year=day.year, month=day.month, day=day.day)
