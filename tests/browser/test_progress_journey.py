"""Study four items in Chromium, then the dashboard must show the numbers of that session, charts drawn.

Content and the user's time zone come from the study journey's helpers; the
answers are key presses on the real study page; the dashboard is reached by
its navigation link and read with Playwright's auto-waiting ``expect``. A
full-page screenshot of the dashboard is kept as a test artifact.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_study_journey import choose, expect_shown, flip, seed_content, start_session


def test_dashboard_matches_a_study_session(app, page: Page) -> None:
    seed_content(app)
    start_session(app, page)
    expect_shown(page, "fact-1", 12, 0, 0)
    flip(page, "Space", "fact-1")
    page.keyboard.press("Space")                 # Good: learning
    expect_shown(page, "cloze-1", 11, 1, 0)
    flip(page, "Space", "cloze-1")
    page.keyboard.press("4")                     # Easy: review in days
    expect_shown(page, "mcq-1", 10, 1, 0)
    choose(page, "a", right=False, derived=1)
    page.keyboard.press("Enter")                 # Again: learning
    expect_shown(page, "fact-2", 9, 2, 0)
    flip(page, "Space", "fact-2")
    page.keyboard.press("2")                     # Hard: learning
    expect_shown(page, "fact-3", 8, 3, 0)

    page.get_by_role("link", name="Progress", exact=True).click()
    expect(page.get_by_role("heading", name="Progress", exact=True)).to_be_visible()
    # Due today as the study page's counters showed them last.
    expect(page.get_by_test_id("due-new")).to_have_text("8")
    expect(page.get_by_test_id("due-learning")).to_have_text("3")
    expect(page.get_by_test_id("due-review")).to_have_text("0")
    # Four answers today, a one-day streak; no review-state card answered yet, so no true retention.
    expect(page.get_by_test_id("reviews-today")).to_have_text("4")
    expect(page.get_by_test_id("reviews-total")).to_have_text("4")
    expect(page.get_by_test_id("streak-days")).to_have_text("1")
    expect(page.get_by_test_id("retention-7")).to_have_text("–")
    expect(page.get_by_test_id("retention-desired")).to_have_text("90.0%")
    today = page.get_by_test_id("table-heatmap").locator("tbody tr")
    expect(today).to_have_count(1)
    expect(today.locator("td").nth(1)).to_have_text("4")
    # The three learning cards are due today; the Easy one later.
    expect(page.get_by_test_id("table-forecast").locator("tbody tr").first.locator("td").nth(1)).to_have_text("3")
    expect(page.get_by_test_id("summary-forecast")).to_contain_text("4 reviews fall due in the next 30 days")
    # Mastery of the one bank: 4 seen, none mature, 3 of 4 answers right.
    bank = page.get_by_test_id("table-banks").locator("tbody tr")
    expect(bank).to_have_count(1)
    expect(bank.locator("td")).to_have_text(["Study journey notes", "4", "0", "100.0", "75.0", "4"])
    expect(page.get_by_test_id("summary-tests")).to_have_text("No mock tests yet.")
    for name in ("heatmap", "forecast", "retention", "topics", "banks", "time"):
        svg = page.get_by_test_id(f"chart-{name}").locator("svg")
        expect(svg).to_be_visible()
        box = svg.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 100, name
    expect(page.get_by_test_id("chart-forecast").locator("desc.value").first).to_have_text("3", use_inner_text=False)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "progress-dashboard.png"), full_page=True)
