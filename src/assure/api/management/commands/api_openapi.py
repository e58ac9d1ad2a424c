"""`assure api-openapi [-o FILE]`: write API v1's OpenAPI 3.1 document (the one served at
/api/v1/openapi.json). Run `assure api-openapi -o docs/api/openapi.json` after changing the API;
a test fails while the committed copy differs from what is served."""

from pathlib import Path

from django.core.management.base import BaseCommand

from assure.api import openapi


class Command(BaseCommand):
    help = "Write the API's OpenAPI document (default: to standard output)."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", type=Path, help=f"e.g. {openapi.COMMITTED}")

    def handle(self, *args, output=None, **options):
        text = openapi.dumps(openapi.document())
        if output is None:
            self.stdout.write(text, ending="")
        else:
            output.write_text(text, encoding="utf-8")
            self.stdout.write(f"wrote {output}")
