"""Who gets what from each governance page (merged into tests/test_url_matrix.py). Objects come
from the demo: the West Yorkshire plan (in delivery), the Strategic Safeguarding Board and its
December meeting, the published PCC response, and a paper generated for the matrix."""

from assure.core.tests.matrix import expect

POST_ONLY = expect(anonymous=302, others=405)
READERS = expect(anonymous=302, partner_leeds=404, others=200)


def _plan():
    from assure.plans.models import ActionPlan

    return ActionPlan.objects.get(inspection__force__slug="west-yorkshire")


def _meeting():
    from assure.governance.models import Meeting

    return Meeting.objects.filter(board__name="Strategic Safeguarding Board").order_by("-held_on")[
        0
    ]


def _paper():
    from assure.core.audit import SystemActor
    from assure.governance.models import Paper
    from assure.governance.services import paper_generate

    found = Paper.objects.filter(kind="pcc-response").first()
    if found is None:
        found = paper_generate(
            actor=SystemActor("matrix"),
            inspection=_plan().inspection,
            kind="pcc-response",
            format="docx",
            meeting=_meeting(),
        )
    return found


def _job():
    from assure.governance.models import PaperJob

    found = PaperJob.objects.first()
    if found is None:
        found = PaperJob.objects.create(meeting=_meeting(), kind="progress", format="pdf")
    return found


def _commitment():
    from assure.governance.models import Commitment

    return Commitment.objects.filter(force__slug="west-yorkshire").order_by("pk")[0]


def _response():
    from assure.governance.models import PccResponse

    return PccResponse.objects.get(inspection=_plan().inspection)


MATRIX = {
    "governance:plan_qa": READERS,
    "governance:plan_qa_move": POST_ONLY,
    "governance:plan_qa_return": POST_ONLY,
    "governance:follow_up": POST_ONLY,
    "governance:commitments": READERS,
    # The PCC's office changes its commitments; everyone else gets 404.
    "governance:commitment_edit": expect(anonymous=302, oversight=200, others=404),
    "governance:response": READERS,
    "governance:response_publish": POST_ONLY,
    # Public: only what the PCC published, to everyone.
    "governance:public_force": expect(others=200),
    "governance:public_response": expect(others=200),
    "governance:boards": READERS,
    "governance:board_create": expect(anonymous=302, coordinator=200, others=404),
    "governance:board": READERS,
    "governance:meeting_series": expect(anonymous=302, coordinator=200, others=404),
    "governance:meeting": READERS,
    "governance:meeting_attendance": POST_ONLY,
    "governance:meeting_minutes": POST_ONLY,
    "governance:meeting_agenda": POST_ONLY,
    "governance:meeting_decision": POST_ONLY,
    "governance:meeting_approve_minutes": POST_ONLY,
    "governance:meeting_paper": POST_ONLY,
    "governance:paper_job": READERS,
    "governance:paper_download": READERS,
}

URL_KWARGS = {
    "governance:plan_qa": lambda users: {"pk": _plan().pk},
    "governance:plan_qa_move": lambda users: {"pk": _plan().pk},
    "governance:plan_qa_return": lambda users: {"pk": _plan().pk},
    "governance:follow_up": lambda users: {"pk": _plan().inspection.recommendations.first().pk},
    "governance:commitments": lambda users: {"slug": "west-yorkshire"},
    "governance:commitment_edit": lambda users: {"pk": _commitment().pk},
    "governance:response": lambda users: {"pk": _plan().inspection_id},
    "governance:response_publish": lambda users: {"pk": _plan().inspection_id},
    "governance:public_force": lambda users: {"slug": "west-yorkshire"},
    "governance:public_response": lambda users: {"slug": "west-yorkshire", "pk": _response().pk},
    "governance:board_create": lambda users: {"slug": "west-yorkshire"},
    "governance:board": lambda users: {"pk": _meeting().board_id},
    "governance:meeting_series": lambda users: {"pk": _meeting().board_id},
    "governance:meeting": lambda users: {"pk": _meeting().pk},
    "governance:meeting_attendance": lambda users: {"pk": _meeting().pk},
    "governance:meeting_minutes": lambda users: {"pk": _meeting().pk},
    "governance:meeting_agenda": lambda users: {"pk": _meeting().pk},
    "governance:meeting_decision": lambda users: {"pk": _meeting().pk},
    "governance:meeting_approve_minutes": lambda users: {"pk": _meeting().pk},
    "governance:meeting_paper": lambda users: {"pk": _meeting().pk},
    "governance:paper_job": lambda users: {"pk": _job().pk},
    "governance:paper_download": lambda users: {"pk": _paper().pk},
}
