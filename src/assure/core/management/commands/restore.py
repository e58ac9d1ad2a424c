"""``assure restore FILE``: restore a backup into an empty data folder (and, for PostgreSQL, an
empty database), after checking every checksum; then bring the database up to this version's
migrations and record the restore in the restored trail (docs/backup.md)."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.db.migrations.loader import MigrationLoader

from assure.core import audit_chain, backup
from assure.core.audit import SystemActor
from assure.core.management.base import AssureCommand
from assure.core.management.commands.backup import _sha256
from assure.core.services import restore_record

ACTOR_LABEL = "restore command"


class Command(AssureCommand):
    prog = "assure restore"
    help = (
        "Restore a backup made by `assure backup` into an empty data folder (ASSURE_DATA_DIR) "
        "and, for PostgreSQL, an empty database (DATABASE_URL). Every checksum is checked "
        "before anything is written; a damaged or mismatched backup is refused."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("archive", metavar="FILE", help="the backup (.tar.gz)")
        parser.add_argument(
            "--max-size",
            metavar="BYTES",
            type=int,
            default=backup.DEFAULT_MAX_BYTES,
            help=f"refuse a backup that expands to more (default {backup.DEFAULT_MAX_BYTES:,})",
        )

    def handle(self, *args, **options):
        path = Path(options["archive"])
        installation = backup.Installation.from_settings()
        known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
        try:
            manifest = backup.restore(
                path, installation, known_migrations=known, max_bytes=options["max_size"]
            )
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        connections.close_all()  # the next query opens the restored database
        call_command("migrate", interactive=False, verbosity=0)
        result = audit_chain.verify()
        recorded = {chain: list(head) for chain, head in result.heads.items()}
        restore_record(
            actor=SystemActor(ACTOR_LABEL),
            archive=str(path),
            sha256=_sha256(path),
            manifest=manifest,
        )
        self.stderr.write(
            f"Restored the backup of {manifest['created_at']} (Assure "
            f"{manifest['assure_version']}, {len(manifest['files']) - 1} files) into "
            f"{installation.data_dir}."
        )
        if not result.ok:
            self.stderr.write(f"Warning: the restored audit trail is broken: {result.broken}")
        elif manifest.get("audit_chains") and recorded != manifest["audit_chains"]:
            self.stderr.write("Warning: the restored audit chains differ from the backup's heads")
        else:
            self.stderr.write(f"Audit trail: ok, {result.events} events in {result.chains} chains.")
