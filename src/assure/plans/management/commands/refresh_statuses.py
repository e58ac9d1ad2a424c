from assure.core.audit import SystemActor
from assure.core.management.base import AssureCommand
from assure.plans.services import recommendation_statuses_refresh


class Command(AssureCommand):
    prog = "assure refresh-statuses"
    help = (
        "Roll every recommendation's status up from its assignments again, so that a closure's "
        "demonstration period that has ended counts as complete. Run it daily (cron or a "
        "systemd timer)."
    )

    def handle(self, *args, **options):
        changed = recommendation_statuses_refresh(actor=SystemActor("refresh-statuses command"))
        self.stdout.write(f"{changed} recommendation status{'es' if changed != 1 else ''} changed.")
