"""Once a day, queue every app's daily jobs (the ``daily_jobs`` hook: plans' update cycles, the
reminder digests) for the task worker. `assure serve` runs this beside ``db_worker`` in the
embedded default, so a laptop installation reminds people without cron; deployments with cron or
systemd timers run the commands themselves (docs/notifications.md) and set ASSURE_TASK_WORKER=0.

The day last queued is kept in ASSURE_DATA_DIR/daily-schedule, so a restart does not queue the
same day twice (the jobs are idempotent for a day anyway)."""

import time

from django.conf import settings

from assure.core import clock, registry
from assure.core.management.base import AssureCommand


def queue_due(marker) -> bool:
    """Queue the daily jobs if today's have not been; whether it did."""
    today = clock.today().isoformat()
    if marker.exists() and marker.read_text().strip() == today:
        return False
    for job in registry.hook("daily_jobs"):
        job(clock.today())
    marker.write_text(today)
    return True


class Command(AssureCommand):
    prog = "assure manage daily_schedule"
    help = "Queue each app's daily jobs once a day, checking every few minutes."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="check once and exit")
        parser.add_argument("--interval", type=int, default=300, help="seconds between checks")

    def handle(self, *args, **options):
        marker = settings.DATA_DIR / "daily-schedule"
        marker.parent.mkdir(parents=True, exist_ok=True)
        while True:
            if queue_due(marker):
                self.stdout.write(f"Queued the daily jobs for {clock.today().isoformat()}.")
            if options["once"]:
                return
            time.sleep(options["interval"])
