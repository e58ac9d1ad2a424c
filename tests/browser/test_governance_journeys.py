"""Governance journeys of issue 11 in the browser, each page checked with axe: the
inspectorate's QA round trip, a PCC commitment recorded and its spend changed, the PCC response
drafted, published and read signed out, attendance and the meeting pack, and setting up a board
with a series of meetings."""

import datetime

import pytest
from playwright.sync_api import expect

from assure.accounts.demo import EMAIL_DOMAIN

pytestmark = pytest.mark.browser
PASSWORD = "assure-demo-2015"
RENDER = 120_000  # ms: a paper rendered while the page waits


def email(key: str) -> str:
    return f"{key}@{EMAIL_DOMAIN}"


def sign_in_as(visitor, key: str) -> None:
    """Another person at the same browser: the previous one's session is forgotten."""
    visitor.page.context.clear_cookies()
    visitor.sign_in(email(key), PASSWORD)


def banner(page):
    return page.locator(".govuk-notification-banner")


@pytest.fixture
def draft_plan(demo_live):
    """A new inspection of West Yorkshire with one recommendation and a draft plan of one action."""
    from assure.accounts.models import Organisation
    from assure.core.audit import SystemActor
    from assure.inspections import services as inspections
    from assure.inspections.deadlines import DeadlineRule
    from assure.plans import services as plans

    actor = SystemActor("test")
    force = Organisation.objects.get(slug="west-yorkshire")
    inspection = inspections.inspection_create(
        actor=actor,
        force=force,
        title="Re-inspection of child protection",
        published_on=datetime.date.today(),
    )
    rec = inspections.recommendation_add(
        actor=actor,
        inspection=inspection,
        ref="1",
        area="MISPERs",
        text="Within three months the force should improve its response to missing children.",
        deadline=DeadlineRule("within", 3, "months"),
    )
    plan = plans.action_plan_create(actor=actor, inspection=inspection)
    plans.action_create(actor=actor, plan=plan, recommendation=rec, title="Daily MISPER review")
    return plan


def test_qa_round_trip_return_with_comments_resubmit_approve_and_submit(visitor, draft_plan):
    from assure.governance.models import PlanSnapshot, QAComment

    page = visitor.page
    qa = f"/plans/{draft_plan.pk}/qa/"
    status = page.locator("#plan-status")

    visitor.sign_in(email("coordinator"), PASSWORD)
    visitor.go(qa)
    expect(status).to_have_text("Draft")
    visitor.check("qa-draft")
    page.get_by_role("button", name="Submit for quality assurance").click()
    expect(status).to_have_text("In quality assurance")

    sign_in_as(visitor, "inspector")
    visitor.go(qa)
    visitor.check("qa-inspector")
    page.get_by_role("button", name="Return the plan").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Comment on at least one")
    expect(page).to_have_title(
        "Error: Quality assurance: Re-inspection of child protection – Assure"
    )
    visitor.check("qa-return-errors")
    page.get_by_label("1 MISPERs").fill("Name who reviews each missing child, and by when.")
    page.get_by_role("button", name="Return the plan").click()
    expect(status).to_have_text("Returned by QA")
    expect(page.get_by_role("table").first).to_contain_text("Name who reviews each missing child")

    sign_in_as(visitor, "coordinator")
    visitor.go(qa)
    expect(page.get_by_text("Name who reviews each missing child")).to_be_visible()
    visitor.check("qa-returned-coordinator")
    page.get_by_role("button", name="Submit for quality assurance").click()
    expect(status).to_have_text("In quality assurance")

    sign_in_as(visitor, "inspector")
    visitor.go(qa)
    page.get_by_role("button", name="Approve the plan").click()
    expect(status).to_have_text("Approved by QA")

    sign_in_as(visitor, "coordinator")
    visitor.go(qa)
    page.get_by_role("button", name="Submit to the national team").click()
    expect(status).to_have_text("Submitted")
    expect(page.get_by_role("heading", name="Submission 3: Submitted to the national team"))
    visitor.check("qa-submitted")
    assert list(PlanSnapshot.objects.filter(plan=draft_plan).values_list("purpose", flat=True)) == [
        "qa",
        "qa",
        "national",
    ]
    assert QAComment.objects.filter(snapshot__plan=draft_plan).count() == 1


def test_the_pcc_office_records_a_commitment_and_then_its_spend(visitor, demo_live):
    page = visitor.page
    visitor.sign_in(email("oversight"), PASSWORD)
    visitor.go("/forces/west-yorkshire/commitments/")
    visitor.check("commitments")
    page.get_by_role("button", name="Record the commitment").click()
    expect(page).to_have_title("Error: PCC commitments: West Yorkshire Police – Assure")
    visitor.check("commitments-errors")
    page.get_by_label("Amount in pounds").fill("120000")
    page.get_by_label("Date committed").fill("2015-06-01")
    page.get_by_label("Purpose").fill("Independent review of return interviews")
    page.get_by_label("Outputs").fill("One review and a report to the board")
    page.get_by_role("button", name="Record the commitment").click()
    expect(banner(page)).to_contain_text("Commitment recorded")
    row = page.get_by_role("row").filter(has_text="Independent review of return interviews")
    expect(row).to_contain_text("£120,000")
    expect(row).to_contain_text("£0")

    row.get_by_role("link", name="Change").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change a commitment")
    visitor.check("commitment-edit")
    page.get_by_label("Spent to date, in pounds").fill("200000")
    page.get_by_role("button", name="Save the commitment").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("between £0 and the amount")
    visitor.check("commitment-edit-errors")
    page.get_by_label("Spent to date, in pounds").fill("45000")
    page.get_by_role("button", name="Save the commitment").click()
    expect(banner(page)).to_contain_text("Commitment updated")
    expect(row).to_contain_text("£45,000")


def test_the_pcc_drafts_publishes_and_anyone_reads_the_response_signed_out(visitor, draft_plan):
    from assure.governance.models import PccResponse

    page = visitor.page
    inspection = draft_plan.inspection
    visitor.sign_in(email("oversight"), PASSWORD)
    visitor.go(f"/inspections/{inspection.pk}/pcc-response/")
    expect(page.locator("#response-status")).to_have_text("Not started")
    visitor.check("pcc-response-new")
    page.get_by_label("Summary").fill("I welcome the re-inspection and its recommendation.")
    page.get_by_label("1 MISPERs").fill("I will ask the Chief Constable for monthly figures.")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.locator("#response-status")).to_have_text("Draft")
    visitor.check("pcc-response-draft")

    response = PccResponse.objects.get(inspection=inspection)
    public = f"/public/west-yorkshire/responses/{response.pk}/"
    page.context.clear_cookies()
    assert visitor.go(public).status == 404

    visitor.sign_in(email("oversight"), PASSWORD)
    visitor.go(f"/inspections/{inspection.pk}/pcc-response/")
    page.get_by_role("button", name="Publish the response").click()
    expect(banner(page)).to_contain_text("published on the public page")
    expect(page.locator("#response-status")).to_have_text("Published")
    visitor.check("pcc-response-published")

    page.context.clear_cookies()
    visitor.go(public)
    expect(page.get_by_text("I will ask the Chief Constable for monthly figures.")).to_be_visible()
    expect(page.get_by_text("Daily MISPER review")).to_have_count(0)  # nothing of the plan
    visitor.check("pcc-response-public-new")


def test_the_coordinator_records_attendance_and_generates_the_meeting_pack(visitor, demo_live):
    from assure.accounts.models import User
    from assure.governance.models import Attendance, Meeting

    page = visitor.page
    meeting = Meeting.objects.filter(board__name="Strategic Safeguarding Board").first()
    approver = User.objects.get(email=email("approver"))
    visitor.sign_in(email("coordinator"), PASSWORD)
    visitor.go(f"/meetings/{meeting.pk}/")
    visitor.check("meeting-coordinator")

    page.locator("summary", has_text="Record attendance").click()
    page.get_by_role("group", name=approver.display_name).get_by_label("Apologies").check()
    page.get_by_role("button", name="Record attendance").click()
    expect(banner(page)).to_contain_text("Attendance recorded")
    expect(page.get_by_text(f"{approver.display_name}: Apologies")).to_be_visible()
    assert Attendance.objects.get(meeting=meeting, user=approver).presence == "apologies"

    form = page.locator("form", has=page.get_by_role("button", name="Generate the paper"))
    form.get_by_label("Progress of the action plan").check()
    form.get_by_label("PDF").check()
    # The test settings render the paper within the request (the immediate task backend), and
    # WeasyPrint takes a while on a busy machine.
    page.get_by_role("button", name="Generate the paper").click(timeout=RENDER)
    expect(banner(page)).to_contain_text("The paper is being generated")
    expect(page.get_by_role("link", name="Progress of the action plan")).to_be_visible()

    form.get_by_label("Meeting pack").check()
    page.get_by_role("button", name="Generate the paper").click(timeout=RENDER)
    pack = page.get_by_role("link", name=f"Meeting pack: {meeting} (PDF)")
    expect(pack).to_be_visible()
    visitor.check("meeting-pack-generated")
    with page.expect_download() as download:
        pack.click()
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    job = meeting.paper_jobs.order_by("-pk").first()
    visitor.go(f"/paper-jobs/{job.pk}/")
    expect(page.get_by_role("status")).to_contain_text("Done: 100%")
    visitor.check("paper-job-done")


def test_the_coordinator_sets_up_a_board_and_arranges_a_series_of_meetings(visitor, demo_live):
    from assure.governance.models import Board

    page = visitor.page
    visitor.sign_in(email("coordinator"), PASSWORD)
    visitor.go("/boards/")
    visitor.check("boards-coordinator")
    page.get_by_role("link", name="Set up a board").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up a board")
    visitor.check("board-new")
    page.get_by_role("button", name="Set up the board").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a name")
    visitor.check("board-new-errors")
    page.get_by_label("Name of the board").fill("Child exploitation delivery group")
    page.get_by_label("Chair", exact=True).fill("DCI Shah")
    page.get_by_role("group", name="Members").get_by_role("checkbox").first.check()
    page.get_by_role("button", name="Set up the board").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Child exploitation delivery group")
    expect(banner(page)).to_contain_text("Board set up")

    visitor.follow(page.get_by_role("link", name="Arrange a series of meetings"))
    visitor.check("meeting-series")
    first = datetime.date.today() + datetime.timedelta(days=7)
    page.get_by_label("Date of the first meeting").fill(first.isoformat())
    page.get_by_label("How many meetings").select_option("3")
    page.get_by_label("How often").select_option("2")
    page.get_by_label("Where").fill("Carr Gate")
    page.get_by_role("button", name="Arrange the meetings").click()
    expect(banner(page)).to_contain_text("3 meetings arranged")
    visitor.check("board-with-series")
    board = Board.objects.get(name="Child exploitation delivery group")
    assert board.meetings.count() == 3
    assert board.members.count() == 1
