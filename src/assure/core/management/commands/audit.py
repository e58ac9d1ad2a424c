"""``assure audit verify [--organisation SLUG]``: walk the audit trail's hash chains and report
"ok: N events in M chains" or the first break, with exit status 1 (core/audit_chain.py)."""

from django.core.management.base import CommandError
from django.db import connection

from assure.core import audit_chain
from assure.core.management.base import AssureCommand
from assure.core.models import AuditEvent


class Command(AssureCommand):
    prog = "assure audit"
    help = (
        "Check the audit trail for tampering: every event's hash and its link to the previous one."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        verify = actions.add_parser(
            "verify",
            help="walk each organisation's chain and report the first break",
            description=(
                "Recompute every audit event's hash in order, per organisation (events with no "
                "organisation form their own chain). Prints 'ok: N events in M chains' and each "
                "chain's head (keep a copy: it is what shows a rebuilt chain), or names the first "
                "event that does not fit and exits with status 1."
            ),
        )
        verify.add_argument("--organisation", metavar="SLUG", help="only this organisation's chain")

    def handle(self, *args, **options):
        if AuditEvent._meta.db_table not in connection.introspection.table_names():
            raise CommandError("the database is not set up yet: run `assure manage migrate` first")
        organisations = AuditEvent._meta.get_field("organisation").related_model
        names = {}
        wanted = None
        if slug := options["organisation"]:
            organisation = organisations.objects.filter(slug=slug).first()
            if organisation is None:
                raise CommandError(f"no organisation has the slug {slug!r}")
            wanted = [organisation.pk]
            names[audit_chain.chain_key(organisation.pk)] = organisation.name
        result = audit_chain.verify(organisation_ids=wanted)
        if not result.ok:
            chain = result.broken.chain
            if chain not in names and chain != audit_chain.SYSTEM_CHAIN:
                found = organisations.objects.filter(pk=chain.split(":", 1)[1]).first()
                names[chain] = found.name if found else chain
            label = names.get(chain, "events with no organisation")
            where = (
                f"event {result.broken.event_id}"
                if result.broken.event_id is not None
                else "the end of the chain"
            )
            raise CommandError(
                f"the audit trail of {label} is broken at {where}: {result.broken.reason}",
                returncode=1,
            )
        chains = "chain" if result.chains == 1 else "chains"
        self.stdout.write(f"ok: {result.events} events in {result.chains} {chains}")
        for chain, (length, last_hash) in result.heads.items():
            self.stdout.write(f"  {chain}: {length} events, head {last_hash}")
