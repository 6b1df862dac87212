"""Keyboard and screen-reader behaviour of the shared browser code (issue 16 #7).

- A practice test's options are a radio group: the arrow keys move within it and
  choose, as native radio buttons do, while N and P change question.
- The writing page's word count is not a live region: a separate status announces
  the count only when a threshold is crossed, or at a pause after 50 more words,
  never on every keystroke.
- The pages' scripts take their URLs from the page, never a hard-coded /api path.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.journeys import register
from tests.browser.test_practice_journey import PASSWORD, USERNAME
from tests.browser.test_practice_journey import seed as seed_mcqs
from tests.browser.test_writing_journey import seed as seed_prompt
from tests.browser.test_writing_journey import start_timed

STATIC_JS = Path(__file__).resolve().parents[2] / "static" / "js"


def checked(page: Page) -> list[str]:
    return [b.get_attribute("aria-checked") for b in page.locator(".test-options .option").all()]


def test_arrow_keys_move_within_the_options_and_n_p_change_question(app, page: Page) -> None:
    seed_mcqs(app)
    register(page, USERNAME, PASSWORD)
    page.goto("/practice/")
    page.get_by_label("10", exact=True).check()
    page.get_by_role("button", name="Start the test").click()
    expect(page.get_by_test_id("question-number")).to_have_text("1")
    options = page.locator(".test-options .option")
    expect(options).to_have_count(4)
    # One Tab stop for the group.
    assert [b.get_attribute("tabindex") for b in options.all()] == ["0", "-1", "-1", "-1"]

    options.first.focus()
    page.keyboard.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-checked", "true")
    expect(options.nth(1)).to_be_focused()
    expect(page.get_by_test_id("question-number")).to_have_text("1")  # the arrow chose, it did not move on
    page.keyboard.press("ArrowRight")
    expect(options.nth(2)).to_have_attribute("aria-checked", "true")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")  # wraps from the first to the last
    expect(options.nth(3)).to_have_attribute("aria-checked", "true")
    expect(options.nth(3)).to_be_focused()
    assert checked(page) == ["false", "false", "false", "true"]
    assert [b.get_attribute("tabindex") for b in options.all()] == ["-1", "-1", "-1", "0"]
    expect(page.get_by_test_id("question-number")).to_have_text("1")

    page.keyboard.press("n")
    expect(page.get_by_test_id("question-number")).to_have_text("2")
    page.locator("h1").click()  # focus outside the group: arrows are the page's again (scrolling), not questions
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowLeft")
    expect(page.get_by_test_id("question-number")).to_have_text("2")
    page.keyboard.press("p")
    expect(page.get_by_test_id("question-number")).to_have_text("1")
    expect(page.locator(".option.chosen")).to_have_text(re.compile(r"^D\. "))
    expect(page.get_by_test_id("save-status")).to_have_text("All responses saved.")


def test_the_word_count_is_announced_at_thresholds_not_on_every_keystroke(app, page: Page) -> None:
    item_id = seed_prompt(app)
    register(page, "meera", "narmada-valley-2040")
    start_timed(page, item_id)
    count = page.get_by_test_id("wordcount")
    status = page.get_by_test_id("words-status")
    expect(count).to_have_text("0 / 150 words")
    assert count.get_attribute("aria-live") is None
    assert count.evaluate("e => e.closest('[aria-live]:not([aria-live=off])')") is None
    expect(status).to_have_attribute("aria-live", "polite")
    status.evaluate("e => { window.__changes = 0; new MutationObserver(() => window.__changes++)"
                    ".observe(e, {childList: true, characterData: true, subtree: true}); }")

    box = page.get_by_test_id("answer")
    box.press_sequentially("The monsoon decides the kharif crop.")  # 36 keystrokes, six words
    expect(count).to_have_text("6 / 150 words")
    assert page.evaluate("window.__changes") == 0
    expect(status).to_have_text("")

    box.fill(" ".join(["word"] * 134))
    expect(count).to_have_text("134 / 150 words")
    expect(status).to_have_text("134 of 150 words.")  # 128 more words, then a pause: worth saying
    box.press("End")
    box.press_sequentially(" near")  # 135 = 90 % of the limit
    expect(status).to_have_text("135 of 150 words, close to the limit.")
    box.press_sequentially(" a b c")  # still near: nothing new to say
    expect(count).to_have_text("138 / 150 words")
    expect(status).to_have_text("135 of 150 words, close to the limit.")
    box.press_sequentially(" d e f g h i j k l m n")  # 149, then 150 (still near), 151 over
    box.press_sequentially(" over")
    expect(count).to_have_text("150 / 150 words")
    box.press_sequentially(" too")
    expect(status).to_have_text("151 of 150 words, 1 over the limit.")
    assert page.evaluate("window.__changes") == 3


def test_page_scripts_take_their_urls_from_the_page() -> None:
    for name in ("study.js", "practice.js", "writing.js"):
        text = (STATIC_JS / name).read_text()
        assert not re.search(r"""["'`]/(api|writing|practice|study)/""", text), f"{name} hard-codes a URL"
        assert 'from "./net.js"' in text and "fetch(" not in text, f"{name} should fetch through net.js"


def test_the_test_warns_at_five_minutes_and_at_one(app, page: Page) -> None:
    seed_mcqs(app)
    page.clock.install()  # the page's clock is moved on below, not waited for
    register(page, USERNAME, PASSWORD)
    page.goto("/practice/")
    page.get_by_label("10", exact=True).check()
    page.get_by_role("button", name="Start the test").click()
    expect(page.get_by_test_id("question-number")).to_have_text("1")
    warning = page.get_by_test_id("time-warning")
    expect(warning).to_be_hidden()
    assert warning.get_attribute("role") == "alert"  # announced at once
    m, sec = page.get_by_test_id("time-left").inner_text().split(":")
    left = int(m) * 60 + int(sec)  # about 12 minutes
    page.clock.run_for((left - 5 * 60 - 30) * 1000)
    expect(warning).to_be_hidden()
    page.clock.run_for(40_000)
    expect(warning).to_have_text("5 minutes left.")
    page.clock.run_for(3 * 60_000)
    expect(warning).to_have_text("5 minutes left.")
    page.clock.run_for(60_000)
    expect(warning).to_have_text("1 minute left.")
    expect(page.get_by_test_id("time-left")).to_have_text(re.compile(r"^0:[0-5]\d$"))


def test_text_typed_before_the_script_runs_is_saved(app, page: Page) -> None:
    item_id = seed_prompt(app)
    register(page, "meera", "narmada-valley-2040")
    page.goto(f"/writing/prompts/{item_id}")
    held = []
    page.route("**/static/js/net.js", lambda route: held.append(route))  # the page's script waits for its module
    with page.expect_request("**/static/js/net.js"):
        page.get_by_role("button", name="Start writing").click()
    page.get_by_test_id("answer").fill("Typed before the script ran.")
    assert held, "net.js was not held back"
    held[0].continue_()
    expect(page.get_by_test_id("wordcount")).to_have_text("5 / 150 words")  # the script has run
    page.get_by_test_id("prompt-stem").click()  # blur: save now
    expect(page.get_by_test_id("save-status")).to_have_text(re.compile(r"^Saved \d+ s ago$"))
