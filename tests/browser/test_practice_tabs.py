"""Two tabs and a dropped connection: the server's copy wins, and nothing chosen offline is lost."""

from __future__ import annotations

import re

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from quizapp.extensions import db
from quizapp.models.practice import PracticeResponse
from tests.browser.journeys import register
from tests.browser.test_practice_journey import PASSWORD, USERNAME, answer, palette, saved, seconds_left, seed


def test_second_tab_and_offline_saves(app, page: Page) -> None:
    seed(app)
    register(page, USERNAME, PASSWORD)
    page.goto("/practice/")
    page.get_by_role("button", name="Start the test").click()
    start = page.get_by_test_id("time-left").inner_text()
    expect(page.get_by_test_id("time-left")).not_to_have_text(start)  # the countdown runs
    first = answer(page, 1, "right", "letter")
    saved(page)
    url = page.url

    # A second tab shows what the first saved, with the same clock.
    other = page.context.new_page()
    other.goto(url)
    expect(other.get_by_test_id("question-number")).to_have_text("2")
    expect(palette(other, 1)).to_have_attribute("data-state", "answered")
    assert abs(seconds_left(other) - seconds_left(page)) <= 2
    answer(other, 2, "wrong", "digit")
    other.keyboard.press("m")
    saved(other)
    other.close()

    # Back in the first tab: a reload takes the server's copy, including the other tab's answer and mark.
    page.reload()
    expect(palette(page, 2)).to_have_attribute("data-state", "answered-marked")

    # Offline: the choice stays on screen, the page says it is not saved, and saves it once back online.
    palette(page, 3).click()
    page.context.set_offline(True)
    answer(page, 3, "right", "click")
    expect(page.get_by_test_id("save-status")).to_have_text(re.compile(r"^Offline: \d+ change\(s\) not saved yet\. Retrying…$"))
    page.context.set_offline(False)
    saved(page)
    with app.app_context():
        rows = db.session.execute(sa.select(PracticeResponse.position, PracticeResponse.choice, PracticeResponse.marked)
                                  .order_by(PracticeResponse.position)).all()
    assert [(p, c is not None, m) for p, c, m in rows[:4]] == [(1, True, False), (2, True, True), (3, True, False),
                                                               (4, False, False)]
    page.reload()
    expect(palette(page, 3)).to_have_attribute("data-state", "answered")
    assert first
