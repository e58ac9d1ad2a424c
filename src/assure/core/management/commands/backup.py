"""``assure backup -o FILE``: a consistent online copy of the whole installation in one archive
(docs/backup.md). A thin wrapper over :mod:`assure.core.backup`; the backup is audited."""

import hashlib
from pathlib import Path

from django.core.management.base import CommandError
from django.utils import timezone

from assure.core import backup
from assure.core.audit import SystemActor
from assure.core.management.base import AssureCommand
from assure.core.services import backup_record

ACTOR_LABEL = "backup command"


class Command(AssureCommand):
    prog = "assure backup"
    help = (
        "Copy the database, uploaded files, case data and secret key into one .tar.gz with a "
        "manifest of checksums, while Assure keeps running. The file is secret: it is written "
        "readable by its owner only."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "-o", "--output", metavar="FILE", required=True, help="the archive to write (.tar.gz)"
        )

    def handle(self, *args, **options):
        output = Path(options["output"])
        installation = backup.Installation.from_settings()
        try:
            manifest = backup.create(output, installation, now=timezone.now())
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        sha256 = _sha256(output)
        backup_record(
            actor=SystemActor(ACTOR_LABEL), archive=str(output), sha256=sha256, manifest=manifest
        )
        size = output.stat().st_size
        self.stderr.write(
            f"Backed up {installation.vendor} database and {len(manifest['files']) - 1} files "
            f"to {output} ({size:,} bytes, sha256 {sha256})."
        )
        if manifest["secret_key_included"]:
            self.stderr.write(
                "It holds the secret key and everyone's data: keep it as secret as the server."
            )
        else:
            self.stderr.write(
                "The secret key comes from the environment and is not in it: keep it with the "
                "installation's other secrets."
            )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()
