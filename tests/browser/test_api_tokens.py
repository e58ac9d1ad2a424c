"""The API tokens page in the browser: create a token (shown once), use it, revoke it."""

import pytest
from playwright.sync_api import expect

from assure.accounts.demo import EMAIL_DOMAIN

pytestmark = pytest.mark.browser


def test_a_person_creates_uses_and_revokes_an_api_token(visitor, demo_live):
    page = visitor.page
    visitor.sign_in(f"board@{EMAIL_DOMAIN}", "assure-demo-2015")
    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API tokens")
    visitor.check("api-tokens-empty")

    page.get_by_role("button", name="Create the token").click()
    expect(page).to_have_title("Error: API tokens – Assure")
    visitor.check("api-tokens-error")

    page.get_by_label("What is the token for?").fill("Power BI board dashboard")
    page.get_by_label("1 year").check()
    page.get_by_role("button", name="Create the token").click()
    expect(page.get_by_role("heading", name="Token created")).to_be_visible()
    secret = page.locator("#new-token").input_value()
    assert secret.startswith("assure_")
    visitor.check("api-tokens-created")

    # The token reads the board member's plan through the API.
    answer = page.request.get(
        visitor.base_url + "/api/v1/plans", headers={"Authorization": f"Bearer {secret}"}
    )
    assert answer.status == 200
    assert len(answer.json()["items"]) == 1

    visitor.go("/account/api-tokens/")  # the page again: the secret is not shown again
    expect(page.locator("#new-token")).to_have_count(0)
    page.get_by_role("button", name="Revoke Power BI board dashboard").click()
    expect(page.get_by_text("revoked. It no longer works.")).to_be_visible()
    expect(page.get_by_role("cell", name="Revoked")).to_be_visible()
    visitor.check("api-tokens-revoked")
    answer = page.request.get(
        visitor.base_url + "/api/v1/plans", headers={"Authorization": f"Bearer {secret}"}
    )
    assert answer.status == 401
