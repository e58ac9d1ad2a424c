"""Import a report in a browser: paste the seed paper, check and correct the preview, confirm, land
on the new inspection; a second import of the same text warns before it creates a duplicate."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from assure.accounts.demo import demo_people

pytestmark = pytest.mark.browser

SEED = (
    Path(__file__).resolve().parents[2]
    / "src/assure/inspections/seed/hmic-wyp-2014-child-protection.txt"
)
PEOPLE = {p.email.split("@")[0]: p for p in demo_people()}


@pytest.fixture
def coordinator(transactional_db):
    """A coordinator of a force with no inspections yet, so the first import is the first."""
    from assure.accounts.models import OrganisationKind, Role
    from assure.accounts.tests.factories import OrganisationFactory, person_with_role

    force = OrganisationFactory(name="Test Force Police", kind=OrganisationKind.FORCE)
    return person_with_role(Role.COORDINATOR, organisation=force, email="sgcu@test.example")


def paste_seed(visitor, published="2015-01-13"):
    page = visitor.page
    visitor.go("/inspections/")
    page.get_by_role("button", name="Import a report").click()
    expect(page).to_have_title("Import a report – Assure")
    page.get_by_label("Paste the report’s text").fill(SEED.read_text(encoding="utf-8"))
    page.get_by_label("Publication date (optional)").fill(published)
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title("Check the imported report – Assure")


def recommendation(page, number):
    return page.locator(f"#rec-{number - 1}")


def test_paste_check_correct_and_confirm_the_seed_report(visitor, coordinator):
    from assure.accounts.tests.factories import TEST_PASSWORD

    visitor.sign_in(coordinator.email, TEST_PASSWORD)
    page = visitor.page
    visitor.go("/inspections/import/")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title("Error: Import a report – Assure")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Paste the report’s text or choose a file to upload"
    )
    visitor.check("report-import-errors")

    paste_seed(visitor)
    expect(page.locator("main")).to_contain_text(
        "Assure found 5 findings and 8 recommendations in 5 areas"
    )
    assert page.locator("textarea[name^='finding-'][name$='-text']").count() == 5
    refs = page.locator("input[name^='rec-'][name$='-ref']")
    expect(refs).to_have_count(8)
    areas = [page.locator(f"#id_rec-{i}-area").input_value() for i in range(8)]
    assert areas == [
        "Initial contact",
        "Initial contact",
        "MISPERs",
        "Investigations",
        "Investigations",
        "Investigations",
        "Decision making",
        "Children in detention",
    ]
    inherited = [page.locator(f"#id_rec-{i}-deadline_inherited").is_checked() for i in range(8)]
    assert inherited == [False, True, False, False, True, True, False, False]
    dues = page.locator("[data-due]").all_inner_texts()
    assert dues == ["13 January 2015"] * 2 + ["13 April 2015"] * 6
    expect(page.get_by_text("This report was imported already")).to_have_count(0)
    visitor.check("report-import-preview")

    # Split recommendation 3.2 in two, then correct the copy's text.
    recommendation(page, 3).get_by_role("button", name=re.compile("^Split")).click()
    expect(page.locator("input[name^='rec-'][name$='-ref']")).to_have_count(9)
    expect(page.locator("#id_rec-3-ref")).to_have_value("3.2 (2)")
    page.locator("#id_rec-3-text").fill("Review how low-risk missing children are attended.")
    # …and think better of it: merge it back into 3.2.
    recommendation(page, 4).get_by_role("button", name=re.compile("^Merge")).click()
    expect(page.locator("input[name^='rec-'][name$='-ref']")).to_have_count(8)
    expect(page.locator("#id_rec-2-text")).to_have_value(
        re.compile("identifying appropriate responses. Review how low-risk missing children")
    )

    # Correct one deadline: 3.5 becomes "within 6 weeks".
    item = recommendation(page, 8)
    item.get_by_label("Within a period").check()
    item.get_by_label("Number of weeks or months").fill("6")
    item.get_by_label("weeks", exact=True).check()
    page.get_by_role("button", name="Update the preview").click()
    expect(recommendation(page, 8).locator("[data-due]")).to_have_text("24 February 2015")

    page.get_by_role("button", name="Confirm and create the inspection").click()
    expect(page).to_have_title("RESULTS OF HMIC CHILD PROTECTION INSPECTION – Assure")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Inspection imported with 5 findings and 8 recommendations"
    )
    expect(page.locator(".govuk-summary-card")).to_have_count(8)
    expect(page.locator(".govuk-summary-card", has_text="3.5")).to_contain_text("24 February 2015")
    expect(page.get_by_text("Inherited — confirm")).to_have_count(3)
    visitor.check("inspection-detail-imported")
    first_url = page.url

    # The same text again: the preview says so, and confirming needs a tick.
    paste_seed(visitor)
    banner = page.locator(".govuk-notification-banner")
    expect(banner).to_contain_text("This report was imported already, on")
    expect(banner.get_by_role("link")).to_have_attribute(
        "href", re.compile(re.escape(first_url.split(visitor.base_url)[1]) + "$")
    )
    visitor.check("report-import-preview-duplicate")
    page.get_by_role("button", name="Confirm and create the inspection").click()
    expect(page).to_have_title("Error: Check the imported report – Assure")
    expect(page.locator(".govuk-error-summary")).to_contain_text("tick “Import it again anyway”")
    visitor.check("report-import-preview-duplicate-error")
    page.get_by_label("Import it again anyway").check()
    page.get_by_role("button", name="Confirm and create the inspection").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Inspection imported"
    )
    assert page.url != first_url


def test_the_demo_seed_inspection_is_recognised(visitor, demo_live):
    from assure.inspections.models import Inspection

    if not Inspection.objects.exclude(source_sha256="").exists():
        pytest.skip("the demo holds no imported inspection yet")
    visitor.sign_in(PEOPLE["coordinator"].email, demo_live.password)
    paste_seed(visitor)
    expect(visitor.page.locator(".govuk-notification-banner")).to_contain_text(
        "This report was imported already"
    )
