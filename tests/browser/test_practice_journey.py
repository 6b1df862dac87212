"""A 10-question practice test in Chromium: keyboard and clicks, a reload mid-test, submit, and the score.

Content is seeded into the database (12 MCQs with known keys, so the form's
10 are a real choice), the user registers through the UI and builds the test
with the form. On each question the test reads the stem and the options as
shown (the shuffle is the server's), looks the key up in its own seed, and
answers right or wrong on purpose, by key press or click. Halfway it reloads
the page and checks that every response, the palette and the clock survived.
After submitting, the score on the results page must equal UPSC marking
computed here from the seed's keys, with Decimal rounding (not the app's).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from quizapp.extensions import db
from quizapp.models import Document, Item, ReviewLog, Topic
from quizapp.models.practice import PracticeAttempt, PracticeResponse
from tests.browser.conftest import ARTIFACTS
from tests.browser.journeys import register

USERNAME, PASSWORD = "tara", "godavari-delta-2031"
DOC = "practice-journey-doc"
QUESTIONS = {  # stem: (options, key)
    f"Which is item {n} of the practice journey?": ([f"Choice {n}-{j}" for j in range(4)], (n * 3) % 4)
    for n in range(1, 13)
}


def seed(app) -> None:
    text = "\n".join(QUESTIONS)
    with app.app_context():
        db.session.add(Document(id=DOC, file="practice.txt", title="Practice journey notes", text=text, blocks=[],
                                sha256=hashlib.sha256(text.encode()).hexdigest()))
        topic = Topic(name="Journey topic")
        db.session.add(topic)
        offset = 0
        for n, (stem, (options, key)) in enumerate(QUESTIONS.items(), start=1):
            db.session.add(Item(id=f"pj-{n:02d}", document_id=DOC, type="mcq", style="single", stem=stem, options=options,
                                answer=key, explanation=f"Because {n}.", tags=[], status="generated", topic=topic,
                                start=offset, end=offset + len(stem), quote=stem))
            offset += len(stem) + 1
        db.session.commit()


def seconds_left(page: Page) -> int:
    m, s = page.get_by_test_id("time-left").inner_text().split(":")
    return int(m) * 60 + int(s)


def shown_letters(page: Page) -> dict[str, str]:
    """Option text -> the letter it is shown under on the current question."""
    out = {}
    for button in page.locator(".test-options .option").all():
        letter, text = button.inner_text().split(". ", 1)
        out[text] = letter
    return out


def current(page: Page, position: int) -> tuple[str, str, str]:
    """Wait for question ``position``; return its stem, the key's letter and a wrong letter as shown."""
    expect(page.get_by_test_id("question-number")).to_have_text(str(position))
    stem = page.get_by_test_id("question-stem").inner_text()
    options, key = QUESTIONS[stem]
    letters = shown_letters(page)
    right = letters[options[key]]
    wrong = letters[options[(key + 1) % 4]]
    return stem, right, wrong


def answer(page: Page, position: int, outcome: str, by: str) -> str:
    """On question ``position``, choose the right or a wrong option by letter key, digit key or click; returns the stem."""
    stem, right, wrong = current(page, position)
    letter = right if outcome == "right" else wrong
    if by == "letter":
        page.keyboard.press(letter.lower())
    elif by == "digit":
        page.keyboard.press(str("ABCD".index(letter) + 1))
    else:
        page.locator(".option", has_text=re.compile(f"^{letter}\\. ")).click()
    expect(page.locator(".option.chosen")).to_have_text(re.compile(f"^{letter}\\. "))
    return stem


def palette(page: Page, position: int):
    return page.locator(f'[data-testid="palette"] button[data-position="{position}"]')


def saved(page: Page) -> None:
    expect(page.get_by_test_id("save-status")).to_have_text("All responses saved.")


def test_practice_test_journey(app, page: Page) -> None:
    seed(app)
    register(page, USERNAME, PASSWORD)
    page.goto("/practice/")
    page.get_by_label("10", exact=True).check()
    page.get_by_role("button", name="Start the test").click()
    expect(page.get_by_test_id("question-number")).to_have_text("1")
    start_left = seconds_left(page)
    assert 700 <= start_left <= 720  # 10 × 72 s

    answers: dict[str, str | None] = {}  # stem -> "right" / "wrong" / None
    marked: set[str] = set()

    # Q1 right with a letter key, Q2 wrong by clicking (then the Next button), Q3 right with a digit, Q4 wrong with a letter.
    answers[answer(page, 1, "right", "letter")] = "right"
    page.keyboard.press("n")
    answers[answer(page, 2, "wrong", "click")] = "wrong"
    page.get_by_role("button", name="Next").click()
    answers[answer(page, 3, "right", "digit")] = "right"
    page.keyboard.press("n")
    answers[answer(page, 4, "wrong", "letter")] = "wrong"
    # Q5: answered wrong first, then changed to right, and marked for review with M.
    page.keyboard.press("n")
    stem, right, wrong = current(page, 5)
    page.keyboard.press(wrong.lower())
    page.keyboard.press(right.lower())
    page.keyboard.press("m")
    answers[stem] = "right"
    marked.add(stem)
    expect(palette(page, 5)).to_have_attribute("data-state", "answered-marked")
    # Q6: seen and left blank.
    page.keyboard.press("n")
    blank_stem, _, _ = current(page, 6)
    answers[blank_stem] = None
    expect(palette(page, 5)).to_have_attribute("data-state", "answered-marked")
    expect(palette(page, 6)).to_have_attribute("data-state", "not-answered")
    expect(palette(page, 7)).to_have_attribute("data-state", "not-visited")
    saved(page)

    # Reload: every response, the palette and the clock come back from the server.
    before = seconds_left(page)
    with app.app_context():
        deadline = db.session.scalar(sa.select(PracticeAttempt.deadline))
    page.reload()
    # Issue 20.9: resumes at the question being viewed (Q6), not the first unseen one (Q7).
    expect(page.get_by_test_id("question-number")).to_have_text("6")
    after = seconds_left(page)
    assert before - 15 <= after <= before, (before, after)
    states = {n: palette(page, n).get_attribute("data-state") for n in range(1, 11)}
    assert states == {1: "answered", 2: "answered", 3: "answered", 4: "answered", 5: "answered-marked",
                      6: "not-answered", 7: "not-visited", 8: "not-visited", 9: "not-visited", 10: "not-visited"}
    palette(page, 2).click()
    stem2, right2, wrong2 = current(page, 2)
    expect(page.locator(".option.chosen")).to_have_text(re.compile(f"^{wrong2}\\. "))
    expect(page.locator(".option.chosen")).to_have_attribute("aria-checked", "true")
    palette(page, 7).click()

    # Q7 right by click, Q8 wrong with a digit, Q9 and Q10 right with keys; then clear Q10 (X): blank.
    answers[answer(page, 7, "right", "click")] = "right"
    page.keyboard.press("n")
    answers[answer(page, 8, "wrong", "digit")] = "wrong"
    page.keyboard.press("n")
    answers[answer(page, 9, "right", "letter")] = "right"
    page.keyboard.press("n")
    stem = answer(page, 10, "right", "letter")
    expect(palette(page, 10)).to_have_attribute("data-state", "answered")
    page.keyboard.press("x")
    expect(palette(page, 10)).to_have_attribute("data-state", "not-answered")
    answers[stem] = None
    page.keyboard.press("p")
    expect(page.get_by_test_id("question-number")).to_have_text("9")
    saved(page)

    page.get_by_role("button", name="Submit the test…").click()
    expect(page.get_by_test_id("confirm-text")).to_have_text("Submit now? 8 answered, 2 not answered, 1 marked for review.")
    page.get_by_role("button", name="Yes, submit").click()
    expect(page).to_have_url(re.compile(r"/practice/\d+/results$"))

    # The independent computation: UPSC marking, +2 right, −2/3 wrong, 0 blank, from the seed's keys.
    right_n = sum(v == "right" for v in answers.values())
    wrong_n = sum(v == "wrong" for v in answers.values())
    assert (right_n, wrong_n) == (5, 3)
    expected = Fraction(2) * right_n - Fraction(2, 3) * wrong_n
    expected_text = str((Decimal(expected.numerator) / Decimal(expected.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP))
    expect(page.get_by_test_id("score")).to_have_text(re.compile(rf"^{re.escape(expected_text)} of 20 \(.* %\)$"))
    expect(page.get_by_test_id("correct")).to_have_text("5")
    expect(page.get_by_test_id("wrong")).to_have_text("3")
    expect(page.get_by_test_id("blank")).to_have_text("2")
    expect(page.get_by_test_id("accuracy")).to_have_text("62.5%")
    expect(page.get_by_test_id("attempt-rate")).to_have_text("80.0%")
    expect(page.get_by_test_id("negative-lost")).to_have_text("2.00")

    # Issue 20.11 and 20.12: the list of tests shows the score and correct/wrong/blank; banks and topics are checkboxes.
    page.goto("/practice/")
    expect(page.get_by_test_id("list-score")).to_have_text(f"{expected_text} of 20 (40.0 %)")
    expect(page.get_by_test_id("list-tally")).to_have_text("5 correct · 3 wrong · 2 blank")
    page.locator("summary", has_text="Banks, topics and tags").click()
    expect(page.get_by_test_id("banks-choices").get_by_role("checkbox").first).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(ARTIFACTS / f"practice-list-and-checkboxes-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    # The database agrees with what was pressed, kept the deadline, recorded time, and fed the mistakes to study.
    with app.app_context():
        attempt = db.session.scalar(sa.select(PracticeAttempt))
        assert attempt.deadline == deadline and attempt.status == "submitted" and attempt.submitted_by == "user"
        rows = db.session.execute(sa.select(Item.stem, Item.answer, PracticeResponse.choice, PracticeResponse.marked,
                                            PracticeResponse.time_spent_ms)
                                  .join(Item, Item.id == PracticeResponse.item_id)).all()
        got = {stem: (None if choice is None else "right" if choice == key else "wrong") for stem, key, choice, _, _ in rows}
        assert got == answers
        assert {stem for stem, _, _, m, _ in rows if m} == marked
        assert all(ms > 0 for *_, ms in rows)  # every question was on screen for some time
        wrong_items = db.session.scalars(sa.select(ReviewLog.item_id).where(ReviewLog.origin == "test", ReviewLog.rating == 1)).all()
        assert len(wrong_items) == 3
    assert dt.timedelta(0) <= attempt.submitted_at - attempt.started_at < dt.timedelta(minutes=12)
