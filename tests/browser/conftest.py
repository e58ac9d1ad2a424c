"""Browser tests: Playwright driving Debian's chromium against the live test server.

Each page is checked with axe-core (vendored, pinned: vendor/README.md) for WCAG 2.2 AA, for
Content-Security-Policy violations in the console, and saved as a screenshot under
test-artifacts/screenshots/ for a person to look at.
"""

import json
import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("ASSURE_CHROMIUM", "/usr/bin/chromium")
VENDOR = Path(__file__).parent / "vendor"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


# Playwright's sync API keeps an event loop running in the test thread for the whole session; the
# ORM calls that tests make there are ordinary synchronous code. (test_deploy_check removes this
# variable where it checks production settings.)
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if shutil.which(CHROMIUM) or Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"{CHROMIUM} is missing: CI must run the browser tests")
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is not installed (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


class Visitor:
    """One person's browser tab, with the checks every page gets."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.console_errors: list[str] = []
        page.on(
            "console",
            lambda message: message.type == "error" and self.console_errors.append(message.text),
        )

    def go(self, path: str):
        response = self.page.goto(self.base_url + path)
        return response

    def sign_in(self, email: str, password: str):
        self.go("/sign-in/")
        self.page.get_by_label("Email address").fill(email)
        self.page.get_by_label("Password").fill(password)
        self.follow(self.page.get_by_role("button", name="Sign in"))

    def follow(self, locator) -> None:
        """Click a link or submit button and wait for the page it leads to.

        Playwright's click returns once the click is dispatched, not once the next page has
        loaded, so a check straight after it can read the old page or lose its context midway.
        """
        with self.page.expect_navigation():
            locator.click()

    def check(self, name: str) -> None:
        """axe WCAG 2.2 AA with zero violations, no CSP errors, a screenshot saved."""
        self.page.wait_for_load_state()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=SCREENSHOTS / f"{slug(name)}.png", full_page=True)
        # Evaluated through the DevTools protocol, so our own CSP does not need loosening for it.
        self.page.evaluate((VENDOR / "axe.min.js").read_text())
        result = self.page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        violations = [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"]][:5],
            }
            for v in result["violations"]
        ]
        assert violations == [], f"{name}: {json.dumps(violations, indent=1)}"
        csp = [e for e in self.console_errors if "Content Security Policy" in e]
        assert csp == [], f"{name}: {csp}"
        # Wide tables scroll inside their own region; the page itself never scrolls sideways.
        page_width = self.page.evaluate("document.documentElement.scrollWidth")
        assert page_width <= self.page.viewport_size["width"], (
            f"{name}: page is {page_width}px wide"
        )


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@pytest.fixture
def visitor(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield Visitor(page, live_server.url)
    context.close()


@pytest.fixture
def demo_live(transactional_db, restore_demo, visitor):
    """The demo, committed so that the live server's threads see it; emptied after the test."""
    return restore_demo()
