"""Governance writes: the QA round trip with snapshots, follow-up, the PCC's response and its
public page, meetings, and who may do each."""

import datetime
import decimal
import json

import pytest
from django.core.exceptions import PermissionDenied

from assure.core.audit import SystemActor
from assure.core.models import AppendOnlyError, AuditEvent
from assure.governance import services
from assure.governance.models import (
    Meeting,
    PaperJob,
    PccResponse,
    PlanSnapshot,
)
from assure.inspections import services as inspections
from assure.inspections.deadlines import DeadlineRule
from assure.plans.models import Action, PlanStatus
from assure.plans.services import action_create, action_plan_create, action_plan_transition

SYSTEM = SystemActor("test")


@pytest.fixture
def fresh(demo, demo_users):
    from assure.accounts.models import Organisation

    force = Organisation.objects.get(slug="west-yorkshire")
    inspection = inspections.inspection_create(
        actor=SYSTEM, force=force, title="Re-inspection", published_on=datetime.date(2015, 11, 1)
    )
    rec = inspections.recommendation_add(
        actor=SYSTEM,
        inspection=inspection,
        ref="1",
        area="MISPERs",
        text="Improve MISPERs.",
        deadline=DeadlineRule("immediately"),
    )
    plan = action_plan_create(actor=demo_users["coordinator"], inspection=inspection)
    action_create(
        actor=demo_users["coordinator"], plan=plan, recommendation=rec, title="First version"
    )
    return plan, rec


def test_qa_round_trip_freezes_each_submission_and_says_what_changed(fresh, demo_users):
    plan, rec = fresh
    coordinator, inspector = demo_users["coordinator"], demo_users["inspector"]
    action_plan_transition(actor=coordinator, plan=plan, to=PlanStatus.IN_QA)
    with pytest.raises(PermissionDenied):
        services.plan_qa_return(actor=coordinator, plan=plan, comments={rec.pk: "no"})
    services.plan_qa_return(actor=inspector, plan=plan, comments={rec.pk: "Name an owner"})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.RETURNED
    action_create(actor=coordinator, plan=plan, recommendation=rec, title="Second action")
    action_plan_transition(actor=coordinator, plan=plan, to=PlanStatus.IN_QA)
    action_plan_transition(actor=inspector, plan=plan, to=PlanStatus.APPROVED)
    action_plan_transition(actor=coordinator, plan=plan, to=PlanStatus.SUBMITTED)

    first, second, national = PlanSnapshot.objects.filter(plan=plan).order_by("sequence")
    assert [s.purpose for s in (first, second, national)] == ["qa", "qa", "national"]
    assert first.comments.get().text == "Name an owner"
    assert first.sha256 != second.sha256 == national.sha256
    from assure.governance.snapshots import diff, sha256

    assert sha256(first.content) == first.sha256
    changes = diff(json.loads(first.content), json.loads(second.content))
    assert changes == ["Added action for 1: Second action"]
    with pytest.raises(AppendOnlyError):
        first.save()
    assert AuditEvent.objects.filter(event="governance.snapshot.frozen").count() >= 3


def test_follow_up_is_the_inspectors_and_shows_in_the_export(fresh, demo_users):
    plan, rec = fresh
    with pytest.raises(PermissionDenied):
        services.follow_up_record(
            actor=demo_users["coordinator"], recommendation=rec, judgement="sufficient"
        )
    services.follow_up_record(
        actor=demo_users["inspector"], recommendation=rec, judgement="discharged", note="Done"
    )
    from assure.plans.export import build, csv_rows

    document = build(plan.inspection.force, inspection=plan.inspection)
    exported = document["inspections"][0]["recommendations"][0]
    assert exported["follow_up_judgement"] == "discharged"
    assert csv_rows(document)[0]["follow_up_judgement"] == "discharged"


def test_the_pcc_office_records_commitments_and_no_one_else(demo, demo_users):
    from assure.accounts.models import Organisation

    force = Organisation.objects.get(slug="west-yorkshire")
    for role in ("coordinator", "inspector", "board"):
        with pytest.raises(PermissionDenied):
            services.commitment_create(
                actor=demo_users[role],
                force=force,
                amount=decimal.Decimal(10),
                committed_on=datetime.date(2015, 1, 1),
                purpose="x",
            )
    made = services.commitment_create(
        actor=demo_users["oversight"],
        force=force,
        amount=decimal.Decimal(10),
        committed_on=datetime.date(2015, 1, 1),
        purpose="Training",
    )
    assert AuditEvent.objects.filter(event="governance.commitment.created", target_id=str(made.pk))


def test_a_draft_response_is_not_public_and_a_published_one_is(fresh, demo_users, client):
    plan, rec = fresh
    with pytest.raises(PermissionDenied):
        services.response_save(
            actor=demo_users["coordinator"], inspection=plan.inspection, summary="x", statements={}
        )
    response = services.response_save(
        actor=demo_users["oversight"],
        inspection=plan.inspection,
        summary="We welcome it.",
        statements={rec.pk: "I will hold the force to account on MISPERs."},
    )
    url = f"/public/west-yorkshire/responses/{response.pk}/"
    assert client.get(url).status_code == 404
    services.response_publish(actor=demo_users["oversight"], response=response)
    page = client.get(url).content.decode()
    assert "I will hold the force to account on MISPERs." in page
    assert "First version" not in page  # nothing of the plan
    assert PccResponse.objects.get(pk=response.pk).status == "published"


def test_meetings_decisions_and_minutes_by_role(demo, demo_users):
    meeting = Meeting.objects.filter(board__name="Strategic Safeguarding Board").first()
    rec = meeting.agenda.exclude(plan=None).first().plan.inspection.recommendations.first()
    with pytest.raises(PermissionDenied):
        services.decision_record(actor=demo_users["coordinator"], meeting=meeting, text="x")
    with pytest.raises(PermissionDenied):
        services.meeting_create(
            actor=demo_users["board"], board=meeting.board, held_on=datetime.date(2016, 1, 1)
        )
    decision = services.decision_record(
        actor=demo_users["board"],
        meeting=meeting,
        text="Audit CSE cases",
        recommendation=rec,
        action_title="Audit every CSE case in Leeds",
    )
    assert Action.objects.get(pk=decision.action_id).recommendation == rec
    previous = services.minutes_approve(actor=demo_users["board"], meeting=meeting)
    assert previous.minutes_status == "approved"
    assert [i.title for i in meeting.agenda.all()][:2] == [
        "Minutes of the previous meeting",
        "Action plan: West Yorkshire Police: national child protection inspection",
    ]


def test_a_requested_paper_is_rendered_in_the_background(
    demo, demo_users, django_capture_on_commit_callbacks
):
    meeting = Meeting.objects.filter(board__name="Strategic Safeguarding Board").first()
    with django_capture_on_commit_callbacks(execute=True):
        job = services.paper_request(
            actor=demo_users["coordinator"], meeting=meeting, kind="results", format="docx"
        )
    job = PaperJob.objects.get(pk=job.pk)
    assert job.state == "done"
    assert job.progress == 100
    assert job.paper.meeting == meeting


def test_the_board_page_lists_every_meeting_a_page_at_a_time(client, demo, demo_users):
    from django.urls import reverse

    from assure.governance import selectors
    from assure.governance.models import Board

    coordinator = demo_users["coordinator"]
    board = Board.objects.filter(force__slug="west-yorkshire").order_by("pk").first()
    for month in range(1, selectors.MEETINGS_PAGE_SIZE + 4):
        services.meeting_create(
            actor=coordinator, board=board, held_on=datetime.date(2030, 1, 1) + month * WEEK
        )
    total = board.meetings.count()
    client.force_login(coordinator)
    url = reverse("governance:board", args=[board.pk])
    first = client.get(url)
    assert f"{total} meetings, newest first" in first.content.decode()
    assert "Page 1 of 2" in first.content.decode()
    shown = list(first.context["meetings"].object_list)
    assert len(shown) == selectors.MEETINGS_PAGE_SIZE
    assert shown[0].held_on == datetime.date(2030, 1, 1) + (selectors.MEETINGS_PAGE_SIZE + 3) * WEEK
    rest = list(client.get(url, {"page": 2}).context["meetings"].object_list)
    assert len(shown) + len(rest) == total
    assert {m.pk for m in shown}.isdisjoint(m.pk for m in rest)


WEEK = datetime.timedelta(weeks=1)
