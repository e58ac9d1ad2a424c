"""Plan journeys in the browser: build a plan, deliver it unit by unit, decide closures."""

import datetime

import pytest
from playwright.sync_api import expect

from assure.accounts.demo import EMAIL_DOMAIN

pytestmark = pytest.mark.browser


MISPERS_TEXT = "Within three months the force should improve its response to missing children."


def email(key: str) -> str:
    return f"{key}@{EMAIL_DOMAIN}"


@pytest.fixture
def fresh_inspection(demo_live):
    """An inspection of West Yorkshire with two recommendations and no plan yet."""
    from assure.accounts.models import Organisation
    from assure.core.audit import SystemActor
    from assure.inspections import services
    from assure.inspections.deadlines import DeadlineRule

    actor = SystemActor("test")
    force = Organisation.objects.get(slug="west-yorkshire")
    inspection = services.inspection_create(
        actor=actor,
        force=force,
        title="Follow-up inspection of child protection",
        published_on=datetime.date.today(),
    )
    services.recommendation_add(
        actor=actor,
        inspection=inspection,
        ref="1",
        area="MISPERs",
        text=MISPERS_TEXT,
        deadline=DeadlineRule("within", 3, "months"),
    )
    return inspection


def test_coordinator_builds_a_plan_and_assigns_an_action_to_every_district(
    visitor, fresh_inspection
):
    page = visitor.page
    visitor.sign_in(email("coordinator"), "assure-demo-2015")
    visitor.go(f"/inspections/{fresh_inspection.pk}/")
    page.get_by_role("button", name="Start the action plan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Action plan")
    visitor.check("plan-empty")
    page.get_by_role("link", name="Add an action").click()
    expect(page).to_have_title("Add an action – Assure")
    page.get_by_role("button", name="Add the action").click()
    expect(page).to_have_title("Error: Add an action – Assure")
    visitor.check("action-form-errors")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the recommendation")
    page.get_by_label("Recommendation").select_option(label=f"1 MISPERs: {MISPERS_TEXT}")
    page.get_by_label("Action", exact=True).fill(
        "Review every missing child report for risk grading"
    )
    page.get_by_label("Success measure").fill("95% of high-risk reports attended within 1 hour")
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Review every missing child report for risk grading"
    )
    visitor.check("action")
    page.get_by_role("button", name="Assign to every district").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Assigned to 5 districts")
    page.get_by_role("link", name="Back to the action plan").click()
    matrix = page.locator("table.app-matrix")
    for district in ("Bradford", "Calderdale", "Kirklees", "Leeds", "Wakefield"):
        expect(matrix.get_by_role("columnheader", name=district)).to_be_visible()
    expect(matrix.locator(".govuk-tag")).to_have_count(5)
    visitor.check("plan-matrix-new")


def test_district_lead_updates_their_own_assignment_with_evidence(
    visitor, fresh_inspection, tmp_path
):
    from assure.core.audit import SystemActor
    from assure.plans import services
    from assure.plans.models import Assignment

    actor = SystemActor("test")
    plan = services.action_plan_create(actor=actor, inspection=fresh_inspection)
    action = services.action_create(
        actor=actor,
        plan=plan,
        recommendation=fresh_inspection.recommendations.get(),
        title="Train call handlers in risk grading",
    )
    services.assignments_create_for_districts(actor=actor, action=action)
    leeds = Assignment.objects.get(action=action, unit__name="Leeds")
    bradford = Assignment.objects.get(action=action, unit__name="Bradford")

    page = visitor.page
    visitor.sign_in(email("lead.leeds"), "assure-demo-2015")
    visitor.go(f"/assignments/{bradford.pk}/")
    expect(page.get_by_role("heading", name="Add an update")).to_have_count(0)
    visitor.go(f"/assignments/{leeds.pk}/")
    page.get_by_role("button", name="Add the update").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what has happened")
    visitor.check("assignment-update-errors")
    page.get_by_label("What has happened since the last update?").fill(
        "Training delivered to 42 call handlers; audit of 30 reports booked for June."
    )
    page.get_by_label("Amber – at risk").check()
    page.get_by_label("Percentage complete").fill("40")
    page.get_by_role("button", name="Add the update").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Update added")
    expect(page.locator(".app-timeline")).to_contain_text("Training delivered to 42 call handlers")
    evidence = tmp_path / "attendance.csv"
    evidence.write_text("officer,date\nA1,2015-05-01\n")
    page.get_by_label("File", exact=True).check()
    page.get_by_label("Title").fill("Training attendance")
    page.get_by_label("Upload the file").set_input_files(str(evidence))
    page.get_by_role("button", name="Add the evidence").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Evidence added")
    expect(page.get_by_role("link", name="Download attendance.csv").first).to_be_visible()
    visitor.check("assignment-with-update")
    evidence.write_text("officer,date\nA1,2015-05-01\nA2,2015-05-02\n")
    page.get_by_text("Add a new version").click()
    page.get_by_label("New version of the file").set_input_files(str(evidence))
    page.get_by_role("button", name="Add the version").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("New version")
    expect(page.locator(".govuk-summary-card")).to_contain_text("Version 2")
    visitor.check("assignment-evidence-versions")
    page.get_by_label("Why can this assignment close?").fill("All call handlers trained.")
    page.get_by_label("Training attendance").check()
    page.get_by_role("button", name="Propose closure").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Closure proposed")
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Closure proposed")
    visitor.check("assignment-closure-proposed")


def test_approver_returns_and_approves_closures(visitor, demo_live):
    from assure.plans.models import Closure

    pending = Closure.objects.filter(decision="pending").count()
    assert pending >= 1
    page = visitor.page
    visitor.sign_in(email("approver"), "assure-demo-2015")
    page.get_by_role("link", name="Closures to decide", exact=True).click()
    expect(page).to_have_title("Closures to decide – Assure")
    visitor.check("approvals")
    page.locator("table a").first.click()
    expect(page).to_have_title("Decide on a closure – Assure")
    page.get_by_label("Return it to the unit").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say what is missing")
    visitor.check("closure-decide-errors")
    page.get_by_label("Comment").fill("Attach the dip-sample results, not just the plan.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("returned")
    assert Closure.objects.filter(decision="pending").count() == pending - 1


def test_demo_plan_matrix_filters_and_my_work(visitor, demo_live):
    from assure.plans.models import ActionPlan

    plan = ActionPlan.objects.get(inspection__force__slug="west-yorkshire")
    page = visitor.page
    visitor.sign_in(email("coordinator"), "assure-demo-2015")
    visitor.go(f"/plans/{plan.pk}/")
    matrix = page.locator("table.app-matrix")
    expect(matrix).to_be_visible()
    visitor.check("plan-matrix-demo")
    visitor.go(f"/plans/{plan.pk}/?as_of=2015-06-30")
    expect(
        page.get_by_role("heading", name="Where each unit stands on 30 June 2015")
    ).to_be_visible()
    visitor.check("plan-matrix-as-at")
    visitor.go(f"/plans/{plan.pk}/?standing=red&overdue=on")
    visitor.check("plan-matrix-filtered")
    page.get_by_role("link", name="My work").click()
    expect(page).to_have_title("My work – Assure")
    visitor.check("my-work")


def test_approver_approves_a_closure_with_a_demonstration_period(visitor, fresh_inspection):
    from assure.core.audit import SystemActor
    from assure.plans import services
    from assure.plans.models import Assignment

    actor = SystemActor("test")
    plan = services.action_plan_create(actor=actor, inspection=fresh_inspection)
    action = services.action_create(
        actor=actor,
        plan=plan,
        recommendation=fresh_inspection.recommendations.get(),
        title="Daily review of missing children by a supervisor",
    )
    services.assignments_create_for_districts(actor=actor, action=action)
    kirklees = Assignment.objects.get(action=action, unit__name="Kirklees")
    note = services.evidence_add(
        actor=actor, assignment=kirklees, kind="note", title="Review log", note="All reviewed."
    )
    services.closure_propose(
        actor=actor, assignment=kirklees, summary="Reviews happen daily.", evidence=[note]
    )
    page = visitor.page
    visitor.sign_in(email("approver"), "assure-demo-2015")
    visitor.go("/approvals/")
    page.get_by_role("link", name="Daily review of missing children").click()
    page.get_by_label("Approve the closure").check()
    page.get_by_label("Demonstration period in months (optional)").fill("3")
    page.get_by_role("button", name="Record the decision").click()
    # An approval cannot be undone: the service asks again and says what it will do.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Are you sure you want to approve this closure?"
    )
    expect(page.locator("main")).to_contain_text("demonstration period of 3 months")
    visitor.check("closure-approve-confirm")
    page.get_by_role("button", name="Approve the closure").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Closure approved")
    visitor.go(f"/assignments/{kirklees.pk}/")
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Demonstrating")
    visitor.check("assignment-demonstrating")


def test_inspector_compares_a_theme_across_forces_in_the_national_view(visitor, demo_live):
    page = visitor.page
    visitor.sign_in(email("inspector"), "assure-demo-2015")
    page.get_by_role("link", name="National view").click()
    expect(page).to_have_title("National view – Assure")
    by_theme = page.get_by_role("heading", name="By theme: how many forces stand where")
    expect(by_theme).to_be_visible()
    visitor.check("national-view")
    page.locator("#areas + table tbody a").first.click()
    expect(page.get_by_role("heading", name="the forces side by side")).to_be_visible()
    expect(page.locator("#compare + table")).to_contain_text("West Yorkshire Police")
    visitor.check("national-view-theme")
    # The theme chosen is a filter, so the filters are open.
    page.get_by_label("Overdue").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("Clear filters")).to_be_visible()
    visitor.check("national-view-filtered")


def test_revealed_questions_character_counts_and_correcting_an_update(visitor, fresh_inspection):
    """Issue 8 items 4 and 20 with JavaScript: evidence asks file, link or note first and reveals
    only the chosen input; the Grey reason appears only for Grey; long text is counted as it is
    typed; a correction is a new entry and the corrected one is marked in the history."""
    from assure.core.audit import SystemActor
    from assure.plans import services
    from assure.plans.models import Assignment

    actor = SystemActor("test")
    plan = services.action_plan_create(actor=actor, inspection=fresh_inspection)
    action = services.action_create(
        actor=actor,
        plan=plan,
        recommendation=fresh_inspection.recommendations.get(),
        title="Audit missing-person risk grading",
    )
    services.assignments_create_for_districts(actor=actor, action=action)
    leeds = Assignment.objects.get(action=action, unit__name="Leeds")

    page = visitor.page
    visitor.sign_in(email("lead.leeds"), "assure-demo-2015")
    visitor.go(f"/assignments/{leeds.pk}/")
    reason = page.get_by_label("Why is it not being adopted?")
    web_address = page.get_by_label("Web address")
    upload = page.get_by_label("Upload the file")
    expect(reason).to_be_hidden()
    expect(web_address).to_be_hidden()
    expect(upload).to_be_hidden()
    page.get_by_label("Grey – not adopted (give the reason)").check()
    expect(reason).to_be_visible()
    page.get_by_label("Amber – at risk").check()
    expect(reason).to_be_hidden()
    page.get_by_label("Link", exact=True).check()
    expect(web_address).to_be_visible()
    expect(upload).to_be_hidden()
    narrative = page.get_by_label("What has happened since the last update?")
    narrative.fill("Dip sample of 30 reports booked.")
    count = page.locator(".govuk-form-group", has=narrative).locator(
        ".govuk-character-count__status"
    )
    expect(count).to_contain_text("9,968 characters remaining")
    visitor.check("assignment-revealed-questions")
    page.get_by_label("Percentage complete").fill("400")
    page.get_by_role("button", name="Add the update").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary.locator("li")).to_have_count(1)
    summary.get_by_role("link", name="Percentage complete must be between 0 and 100").click()
    expect(page.get_by_label("Percentage complete")).to_be_focused()
    page.get_by_label("Percentage complete").fill("40")
    page.get_by_role("button", name="Add the update").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Update added")

    page.get_by_role("link", name="Correct this update").click()
    expect(page).to_have_title("Correct update 1 – Assure")
    visitor.check("update-correct")
    page.get_by_role("button", name="Add the correction").click()
    expect(page).to_have_title("Error: Correct update 1 – Assure")
    visitor.check("update-correct-errors")
    page.get_by_label("What was wrong with the update?").fill("The sample is of 40 reports")
    page.get_by_label("What has happened since the last update?").fill(
        "Dip sample of 40 reports booked."
    )
    page.get_by_role("button", name="Add the correction").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Update 1 corrected")
    timeline = page.locator(".app-timeline")
    expect(timeline.locator("del")).to_have_text("Dip sample of 30 reports booked.")
    expect(timeline).to_contain_text("Corrected on")
    expect(timeline).to_contain_text("The sample is of 40 reports")
    visitor.check("assignment-with-correction")
