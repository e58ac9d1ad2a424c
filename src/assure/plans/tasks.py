"""Background runs of the plans' update cycles (Django's tasks framework, docs/adr/0008).
``queue_daily`` is this app's ``daily_jobs`` hook: the worker's daily schedule calls it."""

import datetime

from django.tasks import task

from assure.core.audit import SystemActor


@task
def run_update_cycles_task(today: str) -> int:
    from .services import update_cycles_run

    return update_cycles_run(
        actor=SystemActor("update cycles task"), today=datetime.date.fromisoformat(today)
    )


def queue_daily(today: datetime.date) -> None:
    run_update_cycles_task.enqueue(today.isoformat())
