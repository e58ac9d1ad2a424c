"""The base for Assure's own management commands, which people run as ``assure <command>``."""

import sys

from django.core.management.base import BaseCommand, CommandError


class AssureCommand(BaseCommand):
    """Names itself as people type it (``assure export``, not ``manage export``) and reports a
    CommandError as one line, ``assure export: error: …``, with the error's exit status."""

    prog = "assure"

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.prog = self.prog
        return parser

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except CommandError as error:
            if not getattr(self, "_called_from_command_line", False) or options.get("traceback"):
                raise
            self.stderr.write(f"{self.prog}: error: {' '.join(str(error).split())}")
            sys.exit(error.returncode)
