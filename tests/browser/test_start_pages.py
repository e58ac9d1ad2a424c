"""The start page per role, the footer's pages, and the wide tables at 1280px (issue 8, items
17, 18 and 20), in the browser with axe."""

import datetime

import pytest
from playwright.sync_api import expect

from assure.accounts.demo import EMAIL_DOMAIN

pytestmark = pytest.mark.browser

PASSWORD = "assure-demo-2015"
YELLOW = "rgb(255, 221, 0)"  # GOV.UK's focus colour
BLACK = "rgb(11, 12, 12)"  # and its focus text


@pytest.fixture
def demo_day(demo_live, settings):
    """The demo read on its pinned day, as `assure demo` serves it."""
    settings.ASSURE_TODAY = datetime.date(2015, 12, 21)
    return demo_live


def email(key: str) -> str:
    return f"{key}@{EMAIL_DOMAIN}"


def panel_counts(page) -> dict[str, int]:
    found = {}
    for item in page.locator(".app-home-panel").all():
        title = item.locator("h3").inner_text().strip()
        found[title] = int(item.locator(".app-home-panel__count").inner_text())
    return found


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("lead.leeds", {"Overdue", "Due in the next 45 days", "Updates to give"}),
        ("coordinator", {"Overdue", "Updates to give", "Meetings coming up", "Locked accounts"}),
        ("approver", {"Closures to decide", "Overdue in the plans you read"}),
        ("board", {"Meetings coming up", "Minutes to approve"}),
        ("partner.leeds", {"Overdue", "Updates to give"}),
        ("oversight", {"Overdue in the plans you read", "Meetings coming up"}),
        ("inspector", {"Plans to quality-assure", "Overdue in the plans you read"}),
    ],
)
def test_each_role_starts_on_what_needs_them(visitor, demo_day, key, expected):
    visitor.sign_in(email(key), PASSWORD)
    page = visitor.page
    expect(page.get_by_role("heading", name="What needs you now")).to_be_visible()
    counts = panel_counts(page)
    assert expected <= set(counts), counts
    assert any(counts.values()), counts
    assert "You can" not in page.locator("main").inner_text()
    visitor.check(f"start-page-{key}")
    # The first panel with something in it leads to the list it counts.
    first = page.locator(".app-home-panel--active a").first
    first.click()
    page.wait_for_load_state()
    assert page.title() != "Page not found – Assure"
    visitor.check(f"start-page-{key}-followed")


def test_the_demo_leads_due_soon_links_to_my_work(visitor, demo_day):
    visitor.sign_in(email("lead.leeds"), PASSWORD)
    page = visitor.page
    assert panel_counts(page)["Due in the next 45 days"] >= 1
    page.get_by_role("link", name="See your work due soon").click()
    expect(page).to_have_title("My work – Assure")
    due_soon = page.get_by_role("region", name="Due in the next 45 days")
    expect(due_soon).to_contain_text("Audit 20 CSE investigations")
    expect(page.get_by_role("region", name="Updates to give")).to_be_visible()
    visitor.check("my-work-with-updates-to-give")


@pytest.mark.parametrize(
    ("path", "title", "heading"),
    [
        ("/help/", "Help", "Help: using Assure"),
        ("/accessibility/", "Accessibility statement", "Accessibility statement for Assure"),
        ("/privacy/", "Privacy notice", "Privacy notice"),
    ],
)
def test_the_footer_pages_read_without_signing_in(visitor, demo_live, path, title, heading):
    visitor.go("/sign-in/")
    page = visitor.page
    page.locator("footer").get_by_role("link", name=title).click()
    expect(page).to_have_title(f"{title} – Assure")
    assert page.url.endswith(path)
    expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
    visitor.check(f"footer-{title}")


def test_the_footer_pages_say_what_a_user_needs(visitor, demo_live):
    page = visitor.page
    visitor.go("/accessibility/")
    main = page.locator("main")
    expect(main).to_contain_text("partially compliant with the Web Content Accessibility")
    expect(main).to_contain_text("2.2 AA standard")
    expect(page.get_by_role("heading", name="Non-accessible content")).to_be_visible()
    visitor.go("/privacy/")
    expect(main).to_contain_text("pseudonymised")
    expect(page.get_by_role("heading", name="The audit trail")).to_be_visible()
    expect(page.get_by_role("heading", name="How long we keep it")).to_be_visible()
    visitor.go("/help/")
    for role in ("If you lead a unit", "If you approve closures", "If you are an inspector"):
        expect(page.get_by_role("heading", name=role)).to_be_visible()


def columns_cut(page, table_selector: str) -> list[str]:
    """Headers of the table whose text is clipped, or which cannot be brought into view by
    scrolling their region (a column cut off)."""
    return page.evaluate(
        """selector => {
          const table = document.querySelector(selector);
          const region = table.closest('.app-table-wrapper');
          const cut = [];
          region.scrollLeft = region.scrollWidth;
          const right = region.getBoundingClientRect().right;
          for (const th of table.querySelectorAll('thead th')) {
            if (th.scrollWidth > th.clientWidth + 1) cut.push('clipped: ' + th.innerText);
          }
          const last = table.querySelector('thead th:last-child').getBoundingClientRect();
          if (last.right > right + 1) cut.push('out of reach: ' + last.right + ' > ' + right);
          region.scrollLeft = 0;
          return cut;
        }""",
        table_selector,
    )


def region_fits(page, table_selector: str) -> dict:
    return page.evaluate(
        """selector => {
          const region = document.querySelector(selector).closest('.app-table-wrapper');
          return {scroll: region.scrollWidth, client: region.clientWidth,
                  role: region.getAttribute('role'), label: region.getAttribute('aria-label'),
                  tabindex: region.getAttribute('tabindex')};
        }""",
        table_selector,
    )


def test_the_matrix_at_1280px_shows_every_unit_and_draws_focus(visitor, demo_day):
    from assure.plans.models import ActionPlan

    plan = ActionPlan.objects.get(inspection__force__slug="west-yorkshire")
    page = visitor.page
    assert page.viewport_size["width"] == 1280
    visitor.sign_in(email("coordinator"), PASSWORD)
    visitor.go(f"/plans/{plan.pk}/")
    assert columns_cut(page, "table.app-matrix") == []
    region = region_fits(page, "table.app-matrix")
    assert (region["role"], region["label"], region["tabindex"]) == (
        "region",
        "Action plan matrix",
        "0",
    )
    # The demo's eight delivering units, side by side on screen: nothing to scroll to.
    assert region["scroll"] <= region["client"], region
    # A status link, reached from the keyboard, shows GOV.UK's focus: yellow, black underline.
    link = page.locator(".app-matrix td a.govuk-link").first
    link.focus()
    style = link.evaluate(
        """a => {
          const s = getComputedStyle(a), t = getComputedStyle(a.querySelector('.govuk-tag'));
          return {bg: s.backgroundColor, shadow: s.boxShadow, tag: t.backgroundColor,
                  text: t.color};
        }"""
    )
    assert style["bg"] == YELLOW, style
    assert BLACK in style["shadow"], style
    assert (style["tag"], style["text"]) == (YELLOW, BLACK), style
    visitor.check("plan-matrix-focused-status-link")


def test_the_audit_trail_at_1280px_cuts_no_column(visitor, demo_live):
    page = visitor.page
    visitor.sign_in(email("coordinator"), PASSWORD)
    visitor.go("/audit/")
    assert columns_cut(page, "table.app-audit-table") == []
    region = region_fits(page, "table.app-audit-table")
    assert region["scroll"] <= region["client"], region  # every column on screen at once
    visitor.check("audit-trail-1280")
