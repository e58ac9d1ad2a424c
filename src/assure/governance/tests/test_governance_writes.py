"""Governance writes added after the first review: changing a PCC commitment (its spend to
date), setting up a board, arranging a series of meetings, and what a second person deciding the
same thing is told (who decided it, and when)."""

import datetime
import decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assure.accounts.models import Organisation, Role
from assure.accounts.tests.factories import person_with_role
from assure.core import clock
from assure.core.models import AuditEvent
from assure.governance import services
from assure.governance.models import Board, Commitment, Meeting, PccResponse, QAComment
from assure.inspections.tests.factories import RecommendationFactory
from assure.plans.already import AlreadyDone
from assure.plans.models import ActionPlan, PlanStatus
from assure.plans.services import action_plan_transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def force(demo):
    return Organisation.objects.get(slug="west-yorkshire")


def seed_commitment() -> Commitment:
    return Commitment.objects.filter(force__slug="west-yorkshire", part_of=None).order_by("pk")[0]


# A PCC commitment's spend ---------------------------------------------------------------------


def test_the_pcc_office_records_spend_to_date_and_the_audit_says_what_moved(demo_users):
    commitment = seed_commitment()
    before = commitment.spend_to_date
    services.commitment_update(
        actor=demo_users["oversight"],
        commitment=commitment,
        amount=commitment.amount,
        committed_on=commitment.committed_on,
        purpose=commitment.purpose,
        outputs=commitment.outputs,
        spend_to_date=before + 250_000,
        recommendations=commitment.recommendations.all(),
    )
    commitment.refresh_from_db()
    assert commitment.spend_to_date == before + 250_000
    event = AuditEvent.objects.filter(event="governance.commitment.updated").get()
    assert event.changes == {"spend_to_date": [str(before), str(before + 250_000)]}


@pytest.mark.parametrize("role", ["coordinator", "board", "inspector", "approver"])
def test_only_the_pcc_office_changes_a_commitment(demo_users, role):
    commitment = seed_commitment()
    with pytest.raises(PermissionDenied):
        services.commitment_update(
            actor=demo_users[role],
            commitment=commitment,
            amount=commitment.amount,
            committed_on=commitment.committed_on,
            purpose=commitment.purpose,
            spend_to_date=decimal.Decimal(1),
        )


def test_spend_beyond_the_amount_is_refused_on_the_page_with_what_was_typed(client, demo_users):
    commitment = seed_commitment()
    client.force_login(demo_users["oversight"])
    url = f"/commitments/{commitment.pk}/edit/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "amount": "1000",
            "committed_on": "2014-02-01",
            "purpose": commitment.purpose,
            "outputs": "",
            "spend_to_date": "5000",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Spend must be between £0 and the amount" in page
    assert 'value="5000"' in page
    commitment.refresh_from_db()
    assert commitment.amount != decimal.Decimal(1000)


def test_the_commitments_page_links_to_the_change_page_only_for_the_pcc_office(client, demo_users):
    commitment = seed_commitment()
    link = f"/commitments/{commitment.pk}/edit/"
    client.force_login(demo_users["coordinator"])
    assert link not in client.get("/forces/west-yorkshire/commitments/").content.decode()
    assert client.get(link).status_code == 404
    client.force_login(demo_users["oversight"])
    assert link in client.get("/forces/west-yorkshire/commitments/").content.decode()
    response = client.post(
        link,
        {
            "amount": str(commitment.amount),
            "committed_on": commitment.committed_on.isoformat(),
            "purpose": commitment.purpose,
            "outputs": commitment.outputs,
            "spend_to_date": "1200000",
        },
    )
    assert response.status_code == 302
    assert "£1.2 million" in client.get("/forces/west-yorkshire/commitments/").content.decode()


# Boards and series of meetings ----------------------------------------------------------------


def test_a_coordinator_sets_up_a_board_with_members_of_the_force(client, demo_users):
    client.force_login(demo_users["coordinator"])
    assert "/forces/west-yorkshire/boards/new/" in client.get("/boards/").content.decode()
    response = client.post(
        "/forces/west-yorkshire/boards/new/",
        {
            "name": "Child exploitation delivery group",
            "chair": "DCI Shah",
            "purpose": "Delivers the CSE strand of the plan.",
            "members": [demo_users["lead.leeds"].pk, demo_users["oversight"].pk],
        },
    )
    board = Board.objects.get(name="Child exploitation delivery group")
    assert response.status_code == 302
    assert response["Location"] == f"/boards/{board.pk}/"
    assert set(board.members.all()) == {demo_users["lead.leeds"], demo_users["oversight"]}
    assert AuditEvent.objects.filter(event="governance.board.created", target_id=str(board.pk))


def test_a_board_cannot_take_members_from_another_force_or_a_name_twice(force, demo_users):
    stranger = person_with_role(Role.COORDINATOR)  # of a force of their own
    with pytest.raises(ValidationError, match="people of this force"):
        services.board_create(
            actor=demo_users["coordinator"], force=force, name="X", chair="Y", members=[stranger]
        )
    with pytest.raises(ValidationError, match="already has a board of that name"):
        services.board_create(
            actor=demo_users["coordinator"],
            force=force,
            name="strategic safeguarding board",
            chair="Y",
        )
    with pytest.raises(PermissionDenied):
        services.board_create(actor=demo_users["board"], force=force, name="Z", chair="Y")


def test_a_series_of_meetings_each_with_the_standing_plan_and_the_previous_minutes(demo_users):
    board = Board.objects.get(name="PCC accountability meeting")
    first = datetime.date(clock.today().year + 1, 1, 31)
    made = services.meeting_series_create(
        actor=demo_users["coordinator"], board=board, first_on=first, count=3, every_months=1
    )
    assert [m.held_on for m in made] == [
        first,
        datetime.date(first.year, 2, 28),
        datetime.date(first.year, 3, 31),
    ]
    agendas = [[i.title for i in m.agenda.all()] for m in made]
    assert "Minutes of the previous meeting" not in agendas[0]  # the board's first meeting
    assert all(a[0] == "Minutes of the previous meeting" for a in agendas[1:])
    assert all(any(t.startswith("Action plan:") for t in a) for a in agendas)
    assert AuditEvent.objects.filter(event="governance.meeting_series.created").count() == 1
    assert AuditEvent.objects.filter(event="governance.meeting.created").count() >= 3
    with pytest.raises(ValidationError, match="already meets on 28 February"):
        services.meeting_series_create(
            actor=demo_users["coordinator"],
            board=board,
            first_on=datetime.date(first.year, 2, 28),
            count=1,
        )


def test_a_series_is_bounded_and_starts_today_or_later(client, demo_users):
    board = Board.objects.get(name="PCC accountability meeting")
    client.force_login(demo_users["coordinator"])
    url = f"/boards/{board.pk}/series/"
    response = client.post(url, {"first_on": "2001-01-01", "count": "3", "every_months": "1"})
    assert response.status_code == 400
    assert "The first meeting must be today or later" in response.content.decode()
    response = client.post(
        url, {"first_on": (clock.today()).isoformat(), "count": "500", "every_months": "1"}
    )
    assert response.status_code == 400
    assert Meeting.objects.filter(board=board, held_on__gte=clock.today()).count() == 0
    client.force_login(demo_users["board"])
    assert client.get(url).status_code == 404


def test_the_new_pages_cost_the_same_queries_with_ten_times_the_people_and_recommendations(
    client, demo_users, force
):
    commitment = seed_commitment()
    client.force_login(demo_users["coordinator"])
    pages = {"/forces/west-yorkshire/boards/new/": "coordinator"}
    pages[f"/commitments/{commitment.pk}/edit/"] = "oversight"
    pages[f"/boards/{Board.objects.order_by('pk')[0].pk}/series/"] = "coordinator"

    def costs() -> dict[str, int]:
        found = {}
        for url, role in pages.items():
            client.force_login(demo_users[role])
            client.get(url)  # the first request after signing in settles the session
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found[url] = len(queries)
        return found

    before = costs()
    inspection = commitment.recommendations.first().inspection
    for n in range(80):
        RecommendationFactory(inspection=inspection, ref=f"X{n}", position=100 + n)
        person_with_role(Role.UNIT_LEAD, organisation=force)
    assert costs() == before


# A second decider is told who decided, and when ------------------------------------------------


def test_a_second_publisher_is_told_who_published_the_response_and_when(client, demo_users):
    response = PccResponse.objects.get()
    PccResponse.objects.filter(pk=response.pk).update(status="draft", published_on=None)
    stale = PccResponse.objects.get(pk=response.pk)
    services.response_publish(actor=demo_users["oversight"], response=response)
    with pytest.raises(AlreadyDone, match=f"already published by {demo_users['oversight']} on "):
        services.response_publish(actor=demo_users["oversight"], response=stale)

    client.force_login(demo_users["oversight"])
    page = client.post(f"/inspections/{response.inspection_id}/pcc-response/publish/")
    assert page.status_code == 409
    assert f"already published by {demo_users['oversight']} on" in page.content.decode()


def test_minutes_approved_once_and_the_second_approver_is_told_by_whom(client, demo_users):
    meeting = Meeting.objects.filter(board__name="Strategic Safeguarding Board").first()
    first = demo_users["board"]
    services.minutes_approve(actor=first, meeting=meeting)
    with pytest.raises(AlreadyDone, match=f"already approved by {first} on "):
        services.minutes_approve(actor=first, meeting=meeting)
    client.force_login(first)
    page = client.post(f"/meetings/{meeting.pk}/approve-minutes/")
    assert page.status_code == 409
    assert f"already approved by {first} on" in page.content.decode()
    assert "There is a problem" in page.content.decode()


def test_an_inspector_returning_a_plan_another_approved_is_told_and_writes_nothing(
    client, demo_users
):
    plan = ActionPlan.objects.get(inspection__force__slug="west-yorkshire")
    ActionPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.IN_QA)
    plan.refresh_from_db()
    stale = ActionPlan.objects.get(pk=plan.pk)
    rec = plan.inspection.recommendations.first()
    action_plan_transition(actor=demo_users["inspector"], plan=plan, to=PlanStatus.APPROVED)
    comments = QAComment.objects.count()
    with pytest.raises(
        AlreadyDone, match=f"already moved to approved by QA by {demo_users['inspector']} on "
    ):
        services.plan_qa_return(actor=demo_users["inspector"], plan=stale, comments={rec.pk: "x"})
    assert QAComment.objects.count() == comments

    client.force_login(demo_users["inspector"])
    page = client.post(f"/plans/{plan.pk}/qa/return/", {f"comment_{rec.pk}": "Too late"})
    assert page.status_code == 409
    assert "already moved to approved by" in page.content.decode()
