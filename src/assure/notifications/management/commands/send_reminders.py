import datetime

from django.core.management.base import CommandError

from assure.core import clock
from assure.core.management.base import AssureCommand
from assure.notifications.reminders import send_reminders
from assure.notifications.tasks import send_reminders_task


def _day(text: str) -> datetime.date:
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--today: {text!r} is not a date like 2015-03-02") from None
    if not datetime.date(1990, 1, 1) <= day <= datetime.date(2100, 12, 31):
        raise CommandError("--today must be between 1990 and 2100")
    return day


class Command(AssureCommand):
    prog = "assure send-reminders"
    help = (
        "E-mail each person one digest of what needs them today: work due in 30, 7 and 1 days, "
        "overdue work, update requests, closures to decide, plans awaiting QA. Never the same "
        "item twice on one day, so running it again is harmless. Run it daily (cron or a "
        "systemd timer: docs/notifications.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="the day to remind for, YYYY-MM-DD (today)")
        parser.add_argument(
            "--queue",
            action="store_true",
            help="queue the run as a background task for the worker instead of sending now",
        )

    def handle(self, *args, **options):
        today = _day(options["today"]) if options["today"] else clock.today()
        if options["queue"]:
            send_reminders_task.enqueue(today.isoformat())
            self.stdout.write(f"Queued the reminders for {today.isoformat()}.")
            return
        run = send_reminders(today=today)
        self.stdout.write(
            f"{run.sent} reminder e-mail{'s' if run.sent != 1 else ''} sent for "
            f"{today.isoformat()} ({run.items} item{'s' if run.items != 1 else ''})."
        )
        if run.failed:
            raise CommandError(f"could not send to {len(run.failed)}: {', '.join(run.failed)}")
