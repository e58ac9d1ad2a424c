"""The demo's governance, as the seed paper describes it: the Strategic Safeguarding Board chaired
by ACC Foster with the plan as a standing item, the HMIC action-plan meeting beneath it chaired by
a Detective Superintendent, the PCC's accountability meeting; the PCC's three commitments and his
published response. Idempotent: a second run finds the boards and writes nothing."""

import datetime
import decimal

from assure.accounts.demo import EMAIL_DOMAIN, FORCE_SLUG
from assure.accounts.models import Organisation, User
from assure.core.audit import SystemActor
from assure.core.demo import DemoContext
from assure.inspections.models import Inspection

from .models import Board
from .services import (
    attendance_record,
    board_create,
    commitment_create,
    decision_record,
    meeting_create,
    minutes_save,
    response_publish,
    response_save,
)

ACTOR = SystemActor("demo governance")

BOARDS = [
    (
        "Strategic Safeguarding Board",
        "ACC Foster, Assistant Chief Constable",
        "Manages delivery of the HMIC child protection action plan as a standing agenda item.",
        ["board", "coordinator", "approver"],
    ),
    (
        "HMIC action plan meeting",
        "a Detective Superintendent",
        "Sits below the Strategic Safeguarding Board and manages the plan day to day.",
        ["approver", "coordinator", "lead.scgu", "lead.leeds", "lead.bradford"],
    ),
    (
        "PCC accountability meeting",
        "the Police and Crime Commissioner",
        "Where the Commissioner holds the Chief Constable to account for the plan.",
        ["oversight", "board"],
    ),
]

PCC_STATEMENTS = [
    "Protecting our children is of vital importance as I have made absolutely clear in the Police "
    "and Crime Plan and have discussed regularly with the Chief Constable.",
    "All agencies have a responsibility to work together to safeguard children and an action plan "
    "has been developed following a series of meetings I initiated with Police and partners to "
    "identify what more needs to be done collectively.",
    "Last February I made an extra £3.5million available to the police for increased capacity to "
    "deal with CSE, Human Trafficking and Cyber Crime.",
    "Recently, £1.5million of that money paid 25 specialist investigators to progress enquiries "
    "in the growing number of reported offences. This is all around strengthening our "
    "safeguarding response in West Yorkshire.",
    "On the back of the Rotherham report published in September, I called an urgent meeting with "
    "all the safeguarding experts from across West Yorkshire to ensure we are sharing best "
    "practice and see what can be done better in West Yorkshire.",
    "I have made an additional £467,000 commitment to initiate further work to address CSE which "
    "aims to increase awareness in schools and to offer more support to victims including the "
    "creation of the Help for Victims website. The money will also fund the creation of a "
    "Safeguarding Advisor post to co-ordinate the work that all safeguarding experts are doing to "
    "ensure we are all working collectively and consistently to protect children across the "
    "county.",
]


def load(*, inspection: Inspection) -> list[str]:
    force = Organisation.objects.get(slug=FORCE_SLUG)
    if Board.objects.filter(force=force).exists():
        return []
    made: list[str] = []
    people = {
        u.email.split("@")[0]: u for u in User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")
    }
    boards = []
    for name, chair, purpose, members in BOARDS:
        boards.append(
            board_create(
                actor=ACTOR,
                force=force,
                name=name,
                chair=chair,
                purpose=purpose,
                members=[people[m] for m in members if m in people],
            )
        )
        made.append(f"board {name}")
    recommendations = {r.ref: r for r in inspection.recommendations.all()}
    investigations = [r for r in recommendations.values() if r.area.lower().startswith("invest")]
    whole = commitment_create(
        actor=ACTOR,
        force=force,
        amount=decimal.Decimal("3500000"),
        committed_on=datetime.date(2014, 2, 1),
        purpose="Increased police capacity to deal with CSE, human trafficking and cyber crime",
        spend_to_date=decimal.Decimal("1500000"),
        recommendations=investigations,
    )
    commitment_create(
        actor=ACTOR,
        force=force,
        amount=decimal.Decimal("1500000"),
        committed_on=datetime.date(2014, 10, 1),
        purpose="Specialist investigators to progress enquiries in reported offences",
        outputs="25 specialist investigators",
        spend_to_date=decimal.Decimal("1500000"),
        part_of=whole,
        recommendations=investigations,
    )
    commitment_create(
        actor=ACTOR,
        force=force,
        amount=decimal.Decimal("467000"),
        committed_on=datetime.date(2014, 11, 1),
        purpose="Further work to address CSE: awareness in schools and support for victims",
        outputs=(
            "CSE awareness in schools; the Help for Victims website; a Safeguarding Advisor post"
        ),
        spend_to_date=decimal.Decimal("120000"),
    )
    made += ["commitment £3.5m", "commitment £1.5m", "commitment £467,000"]
    response = response_save(
        actor=ACTOR,
        inspection=inspection,
        summary=(
            "The Police and Crime Commissioner welcomes HMIC’s report and will hold the Chief "
            "Constable to account for delivering every recommendation."
        ),
        general=PCC_STATEMENTS,
        statements={},
    )
    response_publish(actor=ACTOR, response=response, on=datetime.date(2015, 3, 5))
    made.append("PCC response")
    board = boards[0]
    earlier = meeting_create(
        actor=ACTOR, board=board, held_on=datetime.date(2015, 11, 16), location="Carr Gate"
    )
    attendance_record(
        actor=ACTOR,
        meeting=earlier,
        presence={m.pk: "present" for m in board.members.all()},
    )
    decision_record(
        actor=ACTOR,
        meeting=earlier,
        text="The board asked each district to report its CSE audit results to the next meeting.",
    )
    minutes_save(
        actor=ACTOR,
        meeting=earlier,
        minutes=(
            "The board reviewed the HMIC action plan as a standing item. Districts reported "
            "progress; Leeds’ CSE response remains amber. Actions: districts to report CSE audit "
            "results to the next meeting."
        ),
    )
    meeting_create(
        actor=ACTOR, board=board, held_on=datetime.date(2015, 12, 21), location="Carr Gate"
    )
    made += ["meeting 16 November 2015", "meeting 21 December 2015"]
    return made


def load_for_demo(*, context: DemoContext) -> list[str]:
    """The demo loader this app declares (apps.py)."""
    return load(inspection=context.shared["inspection"])
