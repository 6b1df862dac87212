"""Library -> document -> a highlighted fact -> its items -> the item's source."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.conftest import load_shipped_banks
from tests.web.test_library import MLAT_DOC


def test_library_document_fact_item_journey(app, page):
    load_shipped_banks(app)
    page.goto("/auth/register")
    page.get_by_label("Username").fill("kiran")
    page.get_by_label("Password", exact=True).fill("western-ghats-2024")
    page.get_by_label("Repeat password").fill("western-ghats-2024")
    page.get_by_role("button", name="Create account").click()

    page.get_by_role("link", name="Library").click()
    expect(page.get_by_role("heading", name="Library")).to_be_visible()
    page.get_by_role("link", name="International Cooperation").click()
    expect(page).to_have_url(re.compile(f"/library/documents/{MLAT_DOC}$"))
    expect(page.get_by_text("Hit Count")).to_have_count(0)

    fact = page.locator("a.fact-list").filter(has_text="Australia").first
    fact.click()
    expect(page.get_by_test_id("fact-quote")).to_contain_text("Australia")
    items = page.get_by_test_id("fact-items").locator("a")
    expect(items.first).to_be_visible()
    # every served item of the fact, and no more than the gate's cap per fact
    assert 1 <= items.count() <= 6
    items.first.click()
    expect(page.get_by_test_id("item-quote")).to_contain_text("Australia")
    page.get_by_test_id("source-link").click()
    expect(page.locator(".block.quoted").first).to_be_visible()
