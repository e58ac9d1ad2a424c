"""Background reminder runs (Django's tasks framework; the database backend and its worker in the
embedded default, docs/adr/0008). ``queue_daily`` is this app's ``daily_jobs`` hook: the worker's
daily schedule (``assure serve``) calls it once a day."""

import datetime

from django.tasks import task


@task
def send_reminders_task(today: str) -> int:
    from .reminders import send_reminders

    return send_reminders(today=datetime.date.fromisoformat(today), label="reminders task").sent


def queue_daily(today: datetime.date) -> None:
    send_reminders_task.enqueue(today.isoformat())
