"""``assure paper``: generate a paper from the data (the results paper in the seed's structure,
the board's progress paper, the PCC response) as PDF or Word, and keep it as a frozen snapshot
(attached to a meeting with ``--meeting``). Acts as a system job; errors are one line."""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from assure.core.audit import SystemActor
from assure.core.management.base import AssureCommand
from assure.governance.models import Meeting, PaperFormat, PaperKind
from assure.governance.services import paper_generate
from assure.plans.management.commands.export import _discard, _find_force, _finish, _open

ACTOR_LABEL = "paper command"


class Command(AssureCommand):
    prog = "assure paper"
    help = "Generate a paper (results, progress or pcc-response) as PDF or Word."

    def add_arguments(self, parser):
        parser.add_argument("--force", metavar="SLUG", help="the force (required)")
        parser.add_argument(
            "--kind",
            choices=[PaperKind.RESULTS, PaperKind.PROGRESS, PaperKind.PCC_RESPONSE],
            required=True,
        )
        parser.add_argument("--meeting", metavar="ID", type=int, help="attach it to this meeting")
        parser.add_argument("--format", choices=PaperFormat.values, default="pdf")
        parser.add_argument("-o", "--output", metavar="FILE", required=True)

    def handle(self, *args, **options):
        force = _find_force(options["force"])
        meeting = None
        if options["meeting"] is not None:
            meeting = Meeting.objects.filter(pk=options["meeting"], board__force=force).first()
            if meeting is None:
                raise CommandError(f"{force.name} has no meeting {options['meeting']}")
        inspection = force.inspections.order_by("-published_on", "-pk").first()
        if inspection is None:
            raise CommandError(f"{force.name} has no inspection to write about")
        handle = _open(options["output"])
        try:
            paper = paper_generate(
                actor=SystemActor(ACTOR_LABEL),
                inspection=inspection,
                kind=options["kind"],
                format=options["format"],
                meeting=meeting,
            )
        except ValidationError as error:
            _discard(handle)
            raise CommandError(" ".join(error.messages)) from error
        except BaseException:
            _discard(handle)
            raise
        _finish(handle, [bytes(paper.content)], options["output"])  # one chunk
        self.stderr.write(
            f"Wrote {paper.title} ({paper.format}, {paper.size} bytes, sha256 {paper.sha256}) "
            f"to {options['output']}."
        )
