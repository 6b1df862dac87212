"""A draft survives what it must: a reload, a server killed with -9, and a second tab.

The prompt is seeded straight into the database; the user registers through
the UI, starts a timed attempt and types. Every wait is on something the page
shows (the save status, the conflict panel) through Playwright's ``expect``;
what the server acknowledged is then read back from the database.

No test waits for the page's timers in real time: the browser's clock is
Playwright's (installed before the page loads), and a test moves it on past
the autosave interval, a retry's backoff or the deadline, then waits for what
the page must show.
"""

from __future__ import annotations

import datetime as dt
import re
import signal

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from quizapp.extensions import db
from quizapp.models.writing import DraftVersion, WritingAttempt
from tests.browser.journeys import register
from tests.builders import make_document, make_item

pytestmark = pytest.mark.browser
USERNAME, PASSWORD = "meera", "narmada-valley-2040"
SAVED = re.compile(r"^Saved \d+ s ago$")
AUTOSAVE_MS = 3000     # writing.js's SAVE_EVERY_MS
LONGEST_RETRY_MS = 15_000


def begin(page: Page) -> None:
    """Take over the browser's clock (time still flows until a test moves it on) and register."""
    page.clock.install()
    register(page, USERNAME, PASSWORD)


def seed(app) -> str:
    with app.app_context():
        doc = make_document()
        item = make_item(doc, "essay", stem="Examine the role of the monsoon in Indian agriculture.", directive="Examine",
                         marks=10, word_limit=None, time_limit_minutes=None)
        db.session.commit()
        return item.id


def start_timed(page: Page, item_id: str) -> int:
    page.goto(f"/writing/prompts/{item_id}")
    page.get_by_label("Timed (exam conditions)").check()
    page.get_by_role("button", name="Start writing").click()
    expect(page.get_by_test_id("directive")).to_have_text("Examine")
    return int(page.url.rstrip("/").rsplit("/", 1)[1])


def type_and_wait_saved(page: Page, text: str) -> None:
    """Type, move the clock past the autosave interval, and wait for the save to be acknowledged."""
    page.get_by_test_id("answer").press_sequentially(text)
    page.clock.run_for(AUTOSAVE_MS)
    expect(page.get_by_test_id("save-status")).to_have_text(SAVED)


def versions(app, attempt_id: int) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(sa.select(DraftVersion.text).where(DraftVersion.attempt_id == attempt_id)
                                       .order_by(DraftVersion.version)))


def seconds_left(page: Page) -> int:
    m, s = re.match(r"(\d+):(\d\d) left", page.get_by_test_id("timer").inner_text()).groups()
    return int(m) * 60 + int(s)


def test_reload_and_kill9_keep_the_text_and_the_clock(app, page: Page, live_server):
    item_id = seed(app)
    begin(page)
    attempt_id = start_timed(page, item_id)
    expect(page.get_by_test_id("timer")).to_have_text(re.compile(r"^(7:00|6:5\d) left$"))
    type_and_wait_saved(page, "The monsoon decides the kharif crop.")
    expect(page.get_by_test_id("wordcount")).to_have_text("6 / 150 words")

    # Three minutes pass on the server (moved in the database, not waited for): a reload must show them.
    with app.app_context():
        attempt = db.session.get(WritingAttempt, attempt_id)
        attempt.started_at -= dt.timedelta(minutes=3)
        attempt.deadline -= dt.timedelta(minutes=3)
        db.session.commit()
    page.reload()
    expect(page.get_by_test_id("answer")).to_have_value("The monsoon decides the kharif crop.")
    assert 3 * 60 + 40 <= seconds_left(page) <= 4 * 60

    # Crash the server mid-answer: the page says so, keeps the text, and saves once the server is back.
    page.get_by_test_id("answer").press("End")
    type_and_wait_saved(page, " Irrigation covers half the net sown area.")
    acknowledged = versions(app, attempt_id)[-1]
    live_server.stop(signal.SIGKILL)
    assert versions(app, attempt_id)[-1] == acknowledged
    page.get_by_test_id("answer").press_sequentially(" Rain-fed farms suffer most.")
    page.clock.run_for(AUTOSAVE_MS)
    expect(page.get_by_test_id("save-status")).to_have_text("Offline, retrying…")
    live_server.start()
    page.clock.run_for(LONGEST_RETRY_MS)  # the retry is due within the longest backoff
    expect(page.get_by_test_id("save-status")).to_have_text(SAVED)
    final = "The monsoon decides the kharif crop. Irrigation covers half the net sown area. Rain-fed farms suffer most."
    assert versions(app, attempt_id)[-1] == final
    assert acknowledged in versions(app, attempt_id)

    live_server.restart()  # kill -9 and start again with nothing typed since: every acknowledged save is still there
    page.reload()
    expect(page.get_by_test_id("answer")).to_have_value(final)
    assert versions(app, attempt_id)[-1] == final


def test_second_tab_conflict_shows_both_texts_and_loses_neither(app, page: Page, live_server):
    item_id = seed(app)
    begin(page)
    attempt_id = start_timed(page, item_id)
    type_and_wait_saved(page, "Common opening.")
    other = page.context.new_page()
    other.goto(page.url)
    expect(other.get_by_test_id("answer")).to_have_value("Common opening.")

    page.get_by_test_id("answer").press("End")
    type_and_wait_saved(page, " Tab one adds irrigation.")
    other.get_by_test_id("answer").press("End")
    other.get_by_test_id("answer").press_sequentially(" Tab two adds <b>soil</b> health.")
    other.get_by_test_id("prompt-stem").click()  # blur: save now

    expect(other.get_by_test_id("conflict")).to_be_visible()
    expect(other.get_by_test_id("conflict-mine")).to_have_text("Common opening. Tab two adds <b>soil</b> health.")
    expect(other.get_by_test_id("conflict-theirs")).to_have_text("Common opening. Tab one adds irrigation.")
    assert other.locator("[data-testid=conflict-mine] b").count() == 0  # shown as text, never as markup
    assert versions(app, attempt_id)[-1] == "Common opening. Tab one adds irrigation."

    other.get_by_role("button", name="Continue with the saved text").click()
    expect(other.get_by_test_id("answer")).to_have_value("Common opening. Tab one adds irrigation.")
    expect(other.get_by_test_id("save-status")).to_have_text(SAVED)
    texts = versions(app, attempt_id)
    assert "Common opening. Tab two adds <b>soil</b> health." in texts  # tab two's text went into the history
    assert texts[-1] == "Common opening. Tab one adds irrigation."

    other.goto(f"/writing/attempts/{attempt_id}/history")
    expect(other.get_by_test_id(f"version-{len(texts)}")).to_be_visible()
    assert other.locator("main b").count() == 0


def test_local_copy_is_offered_back_when_the_server_never_got_it(app, page: Page, live_server):
    item_id = seed(app)
    begin(page)
    attempt_id = start_timed(page, item_id)
    type_and_wait_saved(page, "Saved on the server.")
    page.route("**/api/v1/writing/attempts/*/draft", lambda route: route.abort())  # the network drops saves
    page.get_by_test_id("answer").press_sequentially(" Only in this browser.")
    page.clock.run_for(AUTOSAVE_MS)
    expect(page.get_by_test_id("save-status")).to_have_text("Offline, retrying…")
    page.reload()  # the page-hide save is dropped too
    expect(page.get_by_test_id("answer")).to_have_value("Saved on the server.")
    expect(page.get_by_test_id("restore-text")).to_have_text("Saved on the server. Only in this browser.")
    page.unroute("**/api/v1/writing/attempts/*/draft")
    page.get_by_role("button", name="Use this copy").click()
    expect(page.get_by_test_id("save-status")).to_have_text(SAVED)
    assert versions(app, attempt_id)[-1] == "Saved on the server. Only in this browser."


def test_the_page_submits_when_the_time_is_up(app, page: Page, live_server):
    item_id = seed(app)
    begin(page)
    attempt_id = start_timed(page, item_id)
    type_and_wait_saved(page, "The monsoon decides the kharif crop.")
    # The deadline is moved to a minute from now on the server; the reloaded page counts down to it.
    with app.app_context():
        attempt = db.session.get(WritingAttempt, attempt_id)
        attempt.deadline = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=60)
        db.session.commit()
    page.reload()
    expect(page.get_by_test_id("timer")).to_have_text(re.compile(r"^(1:00|0:5\d) left$"))
    page.clock.run_for(50_000)
    expect(page.get_by_test_id("timer")).to_have_text(re.compile(r"^0:(0\d|10) left$"))
    # At zero the page saves, submits and shows the feedback, with no click (and before the server's deadline).
    page.clock.run_for(10_000)
    expect(page.get_by_role("heading", name="Feedback", exact=True)).to_be_visible()
    with app.app_context():
        attempt = db.session.get(WritingAttempt, attempt_id)
        assert attempt.status == "submitted" and attempt.submitted_at <= attempt.deadline
        assert attempt.submitted_version == attempt.current_version == 1
    assert versions(app, attempt_id) == ["The monsoon decides the kharif crop."]
