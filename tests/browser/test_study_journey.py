"""Study ten items with the keyboard only; the page's counters and the review log must agree.

Content is seeded straight into the database (one document, facts, 12 items in
a known reading order), the user registers through the UI, and every step of
the session is a key press: Space/Enter to reveal and accept, 1-4 to rate,
A-D or 1-4 to pick an MCQ option, U to undo. After each answer the test waits
(Playwright's auto-waiting ``expect``) for the item the queue must show next
and for the counters that go with it; at the end the review_log rows are read
back with SQLAlchemy and compared with what was pressed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from quizapp.extensions import db
from quizapp.models import Card, Document, Fact, Item, ReviewLog, StudySettings, User, item_fact
from tests.browser.conftest import ARTIFACTS
from tests.browser.journeys import register

DOC = "study-journey-doc"
USERNAME, PASSWORD = "tara", "godavari-delta-2031"


@dataclass(frozen=True)
class Seed:
    id: str
    type: str
    stem: str
    answer: object
    facts: tuple[str, ...]
    options: tuple[str, ...] = ()


# Reading order (Item.start) is the order new cards are shown in. Every item
# has its own fact, except fact-3 and cloze-2, which share F-sib: answering
# fact-3 must bury cloze-2 for the rest of the day.
ITEMS = [
    Seed("fact-1", "fact", "Which article of the Constitution abolishes untouchability?", "Article 17", ("F1",)),
    Seed("cloze-1", "cloze", "The Rajya Sabha is a ____ body and is not subject to dissolution.", "permanent", ("F2",)),
    Seed("mcq-1", "mcq", "Which river is known as the Dakshin Ganga?", 2, ("F3",),
         ("Krishna", "Kaveri", "Godavari", "Mahanadi")),
    Seed("fact-2", "fact", "Who appoints the Comptroller and Auditor General of India?", "The President", ("F4",)),
    Seed("fact-3", "fact", "In which year was the Planning Commission replaced by NITI Aayog?", "2015", ("F-sib",)),
    Seed("cloze-2", "cloze", "NITI Aayog was set up in ____ to replace the Planning Commission.", "2015", ("F-sib",)),
    Seed("mcq-2", "mcq", "The Tropic of Cancer does NOT pass through which state?", 1, ("F5",),
         ("Gujarat", "Odisha", "Tripura", "Mizoram")),
    Seed("fact-4", "fact", "Which schedule of the Constitution lists the official languages?", "Eighth Schedule", ("F6",)),
    Seed("cloze-3", "cloze", "The Chipko movement began in ____ district of Uttarakhand.", "Chamoli", ("F7",)),
    Seed("fact-5", "fact", "Which body conducts elections to the office of the President?", "Election Commission", ("F8",)),
    Seed("mcq-3", "mcq", "Which of these is a Ramsar site in Odisha?", 3, ("F9",),
         ("Wular Lake", "Loktak Lake", "Sambhar Lake", "Chilika Lake")),
    Seed("fact-6", "fact", "Which writ is issued to release a person from unlawful detention?", "Habeas corpus", ("F10",)),
]
BY_ID = {s.id: s for s in ITEMS}


def seed_content(app, items: list[Seed] = ITEMS) -> None:
    text = "\n".join(s.stem for s in items)
    with app.app_context():
        db.session.add(Document(id=DOC, file="study-journey.txt", title="Study journey notes", sha256=hashlib.sha256(
            text.encode()).hexdigest(), text=text, blocks=[]))
        fact_ids = sorted({f for s in items for f in s.facts})
        for n, fid in enumerate(fact_ids):
            db.session.add(Fact(id=fid, document_id=DOC, kind="definition", label=fid, start=n, end=n + 1, quote=fid))
        offset = 0
        for s in items:
            db.session.add(Item(
                id=s.id, document_id=DOC, type=s.type, stem=s.stem, options=list(s.options), answer=s.answer,
                explanation="", tags=[], status="generated", start=offset, end=offset + len(s.stem),
                quote=s.stem, word_limit=None, marks=None, time_limit_minutes=None,
            ))
            offset += len(s.stem) + 1
        db.session.flush()
        db.session.execute(sa.insert(item_fact), [{"item_id": s.id, "fact_id": f} for s in items for f in s.facts])
        db.session.commit()


def noon_zone(now: dt.datetime) -> str:
    """A fixed-offset zone where it is about noon now, so no learning step crosses the day's end mid-test."""
    offset = 12 - now.hour
    if offset > 14:
        offset -= 24
    if offset < -12:
        offset += 24
    return "Etc/GMT" if offset == 0 else f"Etc/GMT{'-' if offset > 0 else '+'}{abs(offset)}"


def start_session(app, page: Page) -> int:
    """Register through the UI, pin the user's day around noon, open the study page; returns the user id."""
    register(page, USERNAME, PASSWORD)
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.username == USERNAME))
        # This journey follows reading order, which is kept as a setting (the default mixes banks and types).
        db.session.merge(StudySettings(user_id=user_id, srs={}, timezone=noon_zone(dt.datetime.now(dt.UTC)),
                                       new_order="document"))
        db.session.commit()
    page.goto("/study/")
    return user_id


def expect_shown(page: Page, item_id: str, new: int, learning: int, review: int) -> None:
    """Wait for the queue to show ``item_id`` with these counters."""
    expect(page.get_by_test_id("study-stem")).to_have_text(BY_ID[item_id].stem)
    expect(page.get_by_test_id("count-new")).to_have_text(str(new))
    expect(page.get_by_test_id("count-learning")).to_have_text(str(learning))
    expect(page.get_by_test_id("count-review")).to_have_text(str(review))


def flip(page: Page, key: str, item_id: str) -> None:
    """Reveal a fact or cloze item by keyboard and check the answer is what is shown."""
    page.keyboard.press(key)
    expect(page.get_by_test_id("answer-text")).to_have_text(f"Answer: {BY_ID[item_id].answer}")
    expect(page.locator(".rate-3")).to_be_focused()


def choose(page: Page, key: str, right: bool, derived: int) -> None:
    """Pick an MCQ option by keyboard; the verdict and the suggested rating must follow."""
    page.keyboard.press(key)
    expect(page.get_by_test_id("verdict")).to_have_text("Right." if right else "Wrong.")
    expect(page.locator(f".rate-{derived}")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(f".rate-{derived}")).to_be_focused()


def test_keyboard_study_session_matches_review_log(app, page: Page) -> None:
    seed_content(app)
    user_id = start_session(app, page)
    # All 12 items are introduced as new cards (daily limit 20); nothing learning or due.
    expect_shown(page, "fact-1", 12, 0, 0)

    # 1. Flip with Space, accept Good with Space -> learning.
    flip(page, "Space", "fact-1")
    page.keyboard.press("Space")
    expect_shown(page, "cloze-1", 11, 1, 0)

    # 2. Flip, Easy with 4 -> review in days (not due today: no review count).
    flip(page, "Space", "cloze-1")
    page.keyboard.press("4")
    expect_shown(page, "mcq-1", 10, 1, 0)

    # 3. MCQ: C is right (answer index 2); answered fast, so Easy is suggested and Space accepts it.
    choose(page, "c", right=True, derived=4)
    page.keyboard.press("Space")
    expect_shown(page, "fact-2", 9, 1, 0)

    # 4. Hard with 2 -> learning.
    flip(page, "Space", "fact-2")
    page.keyboard.press("2")
    expect_shown(page, "fact-3", 8, 2, 0)

    # 5. Reveal with Enter, Good with 3. cloze-2 shares fact-3's fact: it is buried, so new drops by two.
    flip(page, "Enter", "fact-3")
    page.keyboard.press("3")
    expect_shown(page, "mcq-2", 6, 3, 0)

    # 6. MCQ chosen with the digit key (2 = option B, index 1, right), then Good overrides the suggested Easy.
    choose(page, "2", right=True, derived=4)
    page.keyboard.press("3")
    expect_shown(page, "fact-4", 5, 4, 0)

    # 7. Easy, then U: fact-4 is new again and comes straight back; answer it Good this time.
    flip(page, "Space", "fact-4")
    page.keyboard.press("4")
    expect_shown(page, "cloze-3", 4, 4, 0)
    page.keyboard.press("u")
    expect(page.get_by_role("status")).to_have_text("Undone.")
    expect_shown(page, "fact-4", 5, 4, 0)
    flip(page, "Space", "fact-4")
    page.keyboard.press("3")
    expect_shown(page, "cloze-3", 4, 5, 0)

    # 8. Flip with Space, accept Good with Enter.
    flip(page, "Space", "cloze-3")
    page.keyboard.press("Enter")
    expect_shown(page, "fact-5", 3, 6, 0)

    # 9. Hard.
    flip(page, "Space", "fact-5")
    page.keyboard.press("2")
    expect_shown(page, "mcq-3", 2, 7, 0)

    # 10. MCQ answered wrongly with A (answer is D); Enter accepts the suggested Again.
    choose(page, "a", right=False, derived=1)
    expect(page.locator("#card .option.correct")).to_have_text("D. Chilika Lake")
    page.keyboard.press("Enter")
    # Only fact-6 is left as new (cloze-2 is buried); Again on a new card is learning, due in a minute.
    expect_shown(page, "fact-6", 1, 8, 0)

    # 11 answers pressed, 1 undone: 10 logs, each as pressed.
    expected = {  # item: (rating, correct, response)
        "fact-1": (3, True, None), "cloze-1": (4, True, None), "mcq-1": (4, True, 2), "fact-2": (2, True, None),
        "fact-3": (3, True, None), "mcq-2": (3, True, 1), "fact-4": (3, True, None), "cloze-3": (3, True, None),
        "fact-5": (2, True, None), "mcq-3": (1, False, 0),
    }
    order = ["fact-1", "cloze-1", "mcq-1", "fact-2", "fact-3", "mcq-2", "fact-4", "cloze-3", "fact-5", "mcq-3"]
    with app.app_context():
        logs = db.session.scalars(sa.select(ReviewLog).where(ReviewLog.user_id == user_id).order_by(ReviewLog.id)).all()
        assert [log.item_id for log in logs] == order
        assert {log.item_id: (log.rating, log.correct, log.response) for log in logs} == expected
        assert all(log.origin == "study" and log.state_before == 0 for log in logs)
        assert len({log.answer_id for log in logs}) == 10 and all(log.answer_id for log in logs)
        assert [log.state_after for log in logs] == [1, 2, 2, 1, 1, 1, 1, 1, 1, 1]

        cards = {c.item_id: c for c in db.session.scalars(sa.select(Card).where(Card.user_id == user_id))}
        assert set(cards) == set(BY_ID)
        # The undone Easy left no trace: fact-4 is in learning after its second answer, one rep.
        assert (cards["fact-4"].state, cards["fact-4"].reps) == (1, 1)
        assert cards["cloze-2"].state == 0 and cards["cloze-2"].buried_until is not None
        assert cards["fact-6"].state == 0 and cards["fact-6"].reps == 0
        # The page's counters agree with the cards: 1 new shown, 8 learning, 0 review due today.
        states = [c.state for c in cards.values()]
        assert states.count(1) == 8 and states.count(2) == 2


# Regression tests for two bugs found while writing the journey above.


def test_undo_brings_back_the_buried_sibling(app, page: Page) -> None:
    seed_content(app, [BY_ID["fact-3"], BY_ID["cloze-2"], BY_ID["fact-6"]])
    start_session(app, page)
    expect_shown(page, "fact-3", 3, 0, 0)
    flip(page, "Space", "fact-3")
    page.keyboard.press("Space")
    expect_shown(page, "fact-6", 1, 1, 0)  # cloze-2 is buried with its sibling answered
    page.keyboard.press("u")
    expect(page.get_by_test_id("study-stem")).to_have_text(BY_ID["fact-3"].stem)
    expect(page.get_by_role("status")).to_have_text("Undone.")  # not wiped by the item's render
    # As before the answer: three new items, cloze-2 among them.
    expect(page.get_by_test_id("count-new")).to_have_text("3")


def test_hidden_controls_are_not_shown(app, page: Page) -> None:
    seed_content(app, [BY_ID["mcq-1"], BY_ID["fact-1"]])
    start_session(app, page)
    expect_shown(page, "mcq-1", 2, 0, 0)
    # An MCQ is answered by picking an option: no "Show answer", and no rating buttons before a pick.
    expect(page.get_by_role("button", name="Show answer")).to_be_hidden()
    expect(page.get_by_role("button", name="Good")).to_be_hidden()


def test_suspend_by_key_says_so_and_moves_on(app, page: Page) -> None:
    # The status used to be cleared by the next item's render, so "Suspended." never showed.
    seed_content(app, [BY_ID["fact-1"], BY_ID["fact-5"]])
    start_session(app, page)
    expect_shown(page, "fact-1", 2, 0, 0)
    page.keyboard.press("s")
    expect_shown(page, "fact-5", 1, 0, 0)
    expect(page.get_by_role("status")).to_have_text("Suspended. U undoes it.")  # still there once the next item is shown
    with app.app_context():
        card = db.session.scalar(sa.select(Card).where(Card.item_id == "fact-1"))
        assert card.suspended and card.reps == 0
    # Issue 20.5: U undoes a suspend as it undoes an answer.
    page.keyboard.press("u")
    expect(page.get_by_role("status")).to_have_text("Suspend undone.")
    expect(page.get_by_test_id("count-new")).to_have_text("2")
    with app.app_context():
        assert db.session.scalar(sa.select(Card.suspended).where(Card.item_id == "fact-1")) is False


def test_an_essay_card_offers_writing_and_no_rating(app, page: Page) -> None:
    """Issue 20.4: "Write (11 min)" to the writing page; no Show answer, no rating keys."""
    seed_content(app, [BY_ID["fact-1"]])
    with app.app_context():
        db.session.add(Item(id="essay-1", document_id=DOC, type="essay", stem="Discuss the role of NITI Aayog.",
                            options=[], answer=None, explanation="", tags=[], status="generated", start=900, end=930,
                            quote="NITI", word_limit=150, marks=10, time_limit_minutes=11))
        db.session.commit()
    user_id = start_session(app, page)
    expect(page.get_by_test_id("study-stem")).to_have_text(BY_ID["fact-1"].stem)
    flip(page, "Space", "fact-1")
    page.keyboard.press("3")
    expect(page.get_by_test_id("study-stem")).to_have_text("Discuss the role of NITI Aayog.")
    write = page.get_by_test_id("write-link")
    expect(write).to_have_text("Write (11 min)")
    expect(write).to_have_attribute("href", re.compile(r"/writing/.*essay-1$"))
    expect(page.get_by_role("button", name="Show answer")).to_be_hidden()
    expect(page.locator(".ratings")).to_be_hidden()
    expect(page.locator(".keys")).to_be_hidden()
    for key in ("Space", "3", "1"):
        page.keyboard.press(key)
    expect(page.locator(".ratings")).to_be_hidden()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "study-essay-card.png"), full_page=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ReviewLog).where(
            ReviewLog.user_id == user_id, ReviewLog.item_id == "essay-1")) == 0


def test_the_end_of_a_session_sums_it_up_and_offers_more(app, page: Page) -> None:
    """Issue 20.6: answered, right, time, the items missed, tomorrow, and "study more"."""
    seed_content(app, [BY_ID["fact-1"], BY_ID["fact-5"], BY_ID["fact-6"]])
    user_id = start_session(app, page)
    expect(page.get_by_test_id("count-new")).to_have_text("3")  # the first queue is built before the change below
    with app.app_context():
        row = db.session.get(StudySettings, user_id)
        row.srs = {"new_per_day": 2}
        db.session.commit()
    page.reload()
    expect(page.get_by_test_id("count-new")).to_have_text("2")
    flip(page, "Space", "fact-1")
    page.keyboard.press("4")
    expect(page.get_by_test_id("count-new")).to_have_text("1")
    page.keyboard.press("Space")
    page.keyboard.press("1")  # missed: learning again in a minute, shown early by learn-ahead
    expect(page.get_by_test_id("count-learning")).to_have_text("1")
    page.keyboard.press("Space")
    page.keyboard.press("4")
    summary = page.get_by_test_id("session-summary")
    expect(summary).to_be_visible()
    expect(page.get_by_test_id("sum-answered")).to_have_text("3")
    expect(page.get_by_test_id("sum-right")).to_have_text("2")
    expect(page.get_by_test_id("sum-missed")).to_be_empty()  # missed, then relearned: not missed any more
    expect(page.get_by_test_id("tomorrow")).to_have_text(re.compile(r"^\d+$"))
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "study-session-summary.png"), full_page=True)
    page.locator("#extra-new").fill("1")
    page.get_by_test_id("study-more").click()
    expect(page.get_by_test_id("study-stem")).to_have_text(BY_ID["fact-6"].stem)  # the extra new item

