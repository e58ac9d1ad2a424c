"""Outcome-page journeys in the browser over synthetic case data, each page checked with axe."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from assure.accounts.demo import EMAIL_DOMAIN

pytestmark = pytest.mark.browser
PASSWORD = "assure-demo-2015"


@pytest.fixture
def case_data(demo_live, settings, tmp_path):
    from assure.accounts.models import Organisation
    from assure.core.audit import SystemActor
    from assure.indicators import importer
    from assure.indicators.synth import generate

    settings.DATA_DIR = tmp_path / "data"
    force = Organisation.objects.get(slug="west-yorkshire")
    paths = generate(date_from=dt.date(2014, 1, 1), date_to=dt.date(2015, 12, 31), scale=0.1,
                     seed=2, out_dir=tmp_path / "synth")  # fmt: skip
    for kind, path in paths.items():
        importer.import_cases(actor=SystemActor("tests"), force=force, kind=kind, path=path)
    return force


def test_coordinator_sees_kirklees_stand_out_and_opens_the_trend(visitor, case_data):
    page = visitor.page
    visitor.sign_in(f"coordinator@{EMAIL_DOMAIN}", PASSWORD)
    # The inspection-era figures: by December 2015 the synthetic Kirklees has hired officers.
    visitor.go("/forces/west-yorkshire/indicators/?as_of=2014-12-31")
    row = page.locator("#row-offendersper_officer")
    expect(row.locator("[data-highlighted=true]")).to_have_count(1)
    expect(row.locator("[data-highlighted=true]")).to_contain_text("Differs most")
    visitor.check("indicators-by-unit")
    row.get_by_role("link", name="Registered sex offenders per offender manager").click()
    expect(page.locator("svg.app-chart")).to_be_visible()
    expect(page.locator("#trend-table tbody tr")).to_have_count(12)
    visitor.check("indicator-trend")


def test_district_lead_justifies_reviews_and_attaches_a_snapshot(visitor, case_data):
    from assure.plans.models import Assignment

    page = visitor.page
    visitor.sign_in(f"lead.kirklees@{EMAIL_DOMAIN}", PASSWORD)
    visitor.go("/forces/west-yorkshire/worklists/over-3-months/KIR/")
    visitor.check("case-access-justification")
    page.get_by_label("Why do you need to see these cases?").fill(
        "Monthly review of long-running investigations"
    )
    page.get_by_role("button", name="Continue to the cases").click()
    expect(page.locator("#worklist-count")).to_contain_text("left")
    visitor.check("worklist-over-3-months")
    first = page.locator("tbody tr").first
    first.get_by_label("Reviewed").check()
    first.get_by_role("button", name="Record the review").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("recorded")
    assert visitor.go("/forces/west-yorkshire/worklists/over-3-months/LEE/").status == 404
    assignment = Assignment.objects.filter(unit__code="KIR").order_by("pk").first()
    visitor.go(f"/assignments/{assignment.pk}/")
    page.get_by_role("button", name="Attach an indicator snapshot as evidence").click()
    expect(page.locator("#indicator-snapshots")).to_be_visible()
    visitor.check("assignment-indicator-snapshot")


def test_inspector_draws_a_sample_grades_and_sees_kappa(visitor, case_data):
    page = visitor.page
    visitor.sign_in(f"inspector@{EMAIL_DOMAIN}", PASSWORD)
    visitor.go("/forces/west-yorkshire/audits/")
    visitor.check("case-audits")
    page.get_by_label("Unit").select_option(label="Kirklees")
    page.get_by_label("Number of cases").fill("2")
    page.get_by_label("Seed (optional)").fill("42")
    page.get_by_label("Investigations opened in the year to").fill("2015-06-30")
    page.get_by_role("button", name="Draw the sample").click()
    page.get_by_label("Why do you need to see these cases?").fill("Inspection dip sample, Kirklees")
    visitor.follow(page.get_by_role("button", name="Continue to the cases"))
    visitor.check("audit-sample")
    visitor.follow(page.get_by_role("button", name="Record the inspectorate grade").first)
    visitor.go("/forces/west-yorkshire/audits/")
    expect(page.locator("#kappa")).to_contain_text("Cohen’s kappa")


def test_approver_sees_the_units_snapshot_when_deciding_a_closure(visitor, case_data):
    """Issue 12 item 2: the outcome evidence for the assignment's unit is on the decision page."""
    from assure.accounts.models import Membership, Role
    from assure.core import clock
    from assure.indicators import selectors
    from assure.indicators.services import indicator_snapshot_attach
    from assure.plans.models import Closure

    closure = (
        Closure.objects.filter(decision="pending")
        .exclude(assignment__unit__kind="partner")
        .select_related("assignment__unit")
        .order_by("pk")
        .first()
    )
    unit = closure.assignment.unit
    lead = Membership.objects.filter(unit=unit, role=Role.UNIT_LEAD).first().user
    period = selectors.Period.default(clock.today())
    indicator_snapshot_attach(
        actor=lead, assignment=closure.assignment, indicator="offenders.per_officer",
        as_of=period.as_of, date_from=period.date_from, date_to=period.date_to,
    )  # fmt: skip
    page = visitor.page
    visitor.sign_in(f"approver@{EMAIL_DOMAIN}", PASSWORD)
    visitor.go(f"/closures/{closure.pk}/")
    expect(page.get_by_role("heading", name=f"Outcome evidence for {unit.name}")).to_be_visible()
    table = page.locator("#closure-snapshots")
    expect(table).to_contain_text("Registered sex offenders per offender manager")
    expect(table).to_contain_text(f"{unit.name}:")
    expect(table).to_contain_text("Force:")
    visitor.check("closure-decide-outcome-evidence")


def test_coordinator_reviews_a_missing_episode_and_one_fewer_is_left(visitor, case_data, settings):
    settings.ASSURE_TODAY = dt.date(2015, 12, 21)  # the demo's day: the list is the year to it

    page = visitor.page
    visitor.sign_in(f"coordinator@{EMAIL_DOMAIN}", PASSWORD)
    # From the worklists page: every unit's lists with what is left on each, figures only.
    visitor.go("/forces/west-yorkshire/worklists/")
    visitor.check("worklists-by-unit")
    name = "Lower-risk missing episodes not reviewed within 72 hours, Leeds"
    cell = page.locator("#worklist-counts").get_by_role("link", name=name)
    listed_left = int(cell.inner_text().split(" left")[0])
    cell.click()
    page.get_by_label("Why do you need to see these cases?").fill(
        "Checking late reviews of missing children for the board"
    )
    page.get_by_role("button", name="Continue to the cases").click()
    count = page.locator("#worklist-count")
    text = count.inner_text()
    left, total = int(text.split(" left")[0]), int(text.split(" of ")[1].split(" ")[0])
    assert left == total > 0
    visitor.check("worklist-missing-72h")
    first = page.locator("tbody tr").first
    first.get_by_label("Closed").check()
    first.get_by_role("button", name="Record the review").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("recorded")
    expect(count).to_contain_text(f"{left - 1} left of {total}")
    assert listed_left == left
    visitor.go("/forces/west-yorkshire/worklists/")
    expect(cell).to_contain_text(f"{left - 1} left of {total}")
    visitor.go("/forces/west-yorkshire/case-rows/access-log/")
    expect(page.locator("tbody")).to_contain_text("recorded (Closed)")
    visitor.check("case-access-log")
    # Narrowed to the one person in the log so far: the same entries, and a way back.
    page.get_by_label("Who").select_option(index=1)
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("tbody")).to_contain_text("recorded (Closed)")
    expect(page.get_by_role("link", name="Clear filters")).to_be_visible()
    visitor.check("case-access-log-filtered")
