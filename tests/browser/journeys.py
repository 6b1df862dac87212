"""Steps that several browser journeys share."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def register(page: Page, username: str, password: str) -> None:
    """Create an account through the real form and land on the home page, logged in."""
    page.goto("/auth/register")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Repeat password").fill(password)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_test_id("greeting-name")).to_have_text(username)
