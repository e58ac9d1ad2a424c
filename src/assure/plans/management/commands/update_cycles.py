import datetime

from django.core.management.base import CommandError

from assure.core import clock
from assure.core.audit import SystemActor
from assure.core.management.base import AssureCommand
from assure.plans.services import update_cycles_run


class Command(AssureCommand):
    prog = "assure update-cycles"
    help = (
        "Run every plan's update cycle whose day of the month has come and that has not run this "
        "month: each asks its open assignments for an update. Run it daily, before "
        "send-reminders (docs/notifications.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="the day to run for, YYYY-MM-DD (today)")

    def handle(self, *args, **options):
        try:
            today = (
                datetime.date.fromisoformat(options["today"]) if options["today"] else clock.today()
            )
        except ValueError:
            raise CommandError(f"--today: {options['today']!r} is not a date") from None
        made = update_cycles_run(actor=SystemActor("update-cycles command"), today=today)
        self.stdout.write(f"{made} update request{'s' if made != 1 else ''} made.")
