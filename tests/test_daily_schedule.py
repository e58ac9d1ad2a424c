"""`assure serve` runs `daily_schedule` beside the task worker: once a day it queues every app's
daily jobs (plans' update cycles, then the reminder digests), and never the same day twice."""

import datetime

import pytest
from django.core import mail

from assure.core import registry
from assure.site.management.commands.daily_schedule import queue_due

pytestmark = pytest.mark.django_db


def test_the_daily_jobs_are_plans_update_cycles_then_reminders():
    names = [f"{job.__module__}.{job.__name__}" for job in registry.hook("daily_jobs")]
    assert names == ["assure.plans.tasks.queue_daily", "assure.notifications.tasks.queue_daily"]


def test_the_schedule_runs_the_cycles_and_reminders_once_a_day(demo, settings, tmp_path):
    from assure.core.audit import SystemActor
    from assure.plans import services
    from assure.plans.models import ActionPlan, UpdateRequest

    settings.ASSURE_TODAY = datetime.date(2015, 3, 2)
    plan = ActionPlan.objects.get(inspection__force__slug="west-yorkshire")
    services.update_cycle_set(
        actor=SystemActor("test"), plan=plan, day_of_month=2, horizon_days=60, response_days=7
    )
    marker = tmp_path / "daily-schedule"
    # Tests run tasks at once (settings/test.py): the queued jobs have run when this returns.
    assert queue_due(marker) is True
    assert UpdateRequest.objects.filter(requested_on=datetime.date(2015, 3, 2)).exists()
    sent = len(mail.outbox)
    assert sent > 0
    assert "Updates requested" in "".join(m.body for m in mail.outbox)
    assert queue_due(marker) is False
    assert len(mail.outbox) == sent
