"""``assure synth-plans``: add synthetic action plans at scale (assure.plans.synth)."""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from assure.accounts.models import Organisation, OrganisationKind
from assure.core.audit import SystemActor
from assure.core.management.base import AssureCommand
from assure.plans import synth

MAX_FORCES = 100
MAX_ACTIONS = 100_000


class Command(AssureCommand):
    prog = "assure synth-plans"
    help = (
        "Add synthetic action plans through bulk inserts. --forces 43: the national tracker "
        "(43 forces with units and people, ~10,000 recommendations, ~150,000 assignments, "
        "~1,000,000 updates). --force SLUG --actions N: one inspection of that force whose "
        "plan has N actions. Same --seed, same data. People's password: "
        f"{synth.PASSWORD}."
    )

    def add_arguments(self, parser):
        parser.add_argument("--forces", type=int, help="how many synthetic forces (e.g. 43)")
        parser.add_argument("--force", metavar="SLUG", help="add one big plan to this force")
        parser.add_argument("--actions", type=int, default=10_000, help="actions (10000)")
        parser.add_argument("--seed", type=int, default=0, help="random seed (0)")

    def handle(self, *args, **options):
        actor = SystemActor("synth-plans command")
        try:
            if options["forces"] is not None:
                if not 1 <= options["forces"] <= MAX_FORCES:
                    raise CommandError(f"--forces: between 1 and {MAX_FORCES}")
                loaded = synth.synthetic_national_load(
                    actor=actor, forces=options["forces"], seed=options["seed"]
                )
            elif options["force"]:
                if not 1 <= options["actions"] <= MAX_ACTIONS:
                    raise CommandError(f"--actions: between 1 and {MAX_ACTIONS}")
                force = Organisation.objects.filter(
                    slug=options["force"], kind=OrganisationKind.FORCE
                ).first()
                if force is None:
                    raise CommandError(f"no force has the slug {options['force']!r}")
                loaded = synth.synthetic_big_plan_load(
                    actor=actor, force=force, actions=options["actions"], seed=options["seed"]
                )
            else:
                raise CommandError("say --forces N or --force SLUG [--actions N]")
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        synth.refresh_statistics()
        self.stdout.write(f"Added {loaded.describe()}.")
