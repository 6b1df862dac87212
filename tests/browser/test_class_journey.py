"""A class's live test in real Chromium: a teacher schedules a paper, two learners sit it, ranks and item analysis follow.

The server's clock is the real one (gunicorn has no settable clock), so the
test moves the window instead of waiting for it: once both have submitted,
it sets the paper's close into the past, which is what the passing of time
would do. One question is seeded with a wrong key: the better learner picks
the true answer, which the key calls a distractor, and the statistics must
flag it.
"""

from __future__ import annotations

import datetime as dt
import re

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from quizapp.extensions import db
from quizapp.models import Document, Item, Topic, User
from quizapp.models.classes import ClassPaper, ItemFlag
from tests.browser.journeys import register

PASSWORD = "monsoon-syllabus-42"
DOC = "class-journey"
WRONG_KEY = "cj-03"  # keyed 0, though option 1 is the truth
TRUE = {f"cj-{n:02d}": n % 4 for n in range(10)}
TRUE[WRONG_KEY] = 1


def seed(app) -> None:
    text = "Notes for the class journey. " * 20
    with app.app_context():
        db.session.add(Document(id=DOC, file="class.txt", title="Class journey notes", text=text, blocks=[],
                                sha256="0" * 64))
        topic = Topic(name="Polity")
        db.session.add(topic)
        db.session.flush()
        for n, item_id in enumerate(TRUE):
            key = 0 if item_id == WRONG_KEY else TRUE[item_id]
            db.session.add(Item(id=item_id, document_id=DOC, type="mcq", style="single", stem=f"Class question {n + 1}?",
                                options=[f"Option {n + 1}{c}" for c in "ABCD"], answer=key, topic_id=topic.id,
                                status="generated", start=n, end=n + 10, quote=text[n:n + 10], explanation="See the notes."))
        db.session.commit()


def local(at: dt.datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M")


def sit(page: Page, paper_url: str, choose) -> None:
    """Start the paper and answer every question with ``choose(item_id) -> option index``, then submit."""
    page.goto(paper_url)
    page.get_by_test_id("start-paper").click()
    expect(page.get_by_test_id("palette")).to_be_visible()
    for position in range(1, 11):
        expect(page.get_by_test_id("question-number")).to_have_text(str(position))
        stem = page.get_by_test_id("question-stem").inner_text()
        n = int(re.search(r"Class question (\d+)", stem).group(1)) - 1
        item_id = f"cj-{n:02d}"
        text = f"Option {n + 1}{'ABCD'[choose(item_id)]}"
        page.locator(".test-options .option", has_text=text).click()
        expect(page.locator(".option.chosen")).to_contain_text(text)
        if position < 10:
            page.keyboard.press("n")
    expect(page.get_by_test_id("save-status")).to_have_text("All responses saved.")
    page.get_by_role("button", name="Submit the test…").click()
    page.get_by_role("button", name="Yes, submit").click()
    expect(page).to_have_url(re.compile(r"/classes/papers/\d+$"))
    expect(page.get_by_test_id("sitting-done")).to_contain_text("Results appear when the window closes")


def test_class_journey(app, page: Page, browser, live_server) -> None:
    seed(app)
    register(page, "guru", PASSWORD)
    with app.app_context():
        db.session.execute(sa.update(User).where(User.username == "guru").values(role="teacher"))
        db.session.commit()

    page.goto("/classes/")
    page.get_by_label("Class name").fill("Prelims batch 2027")
    page.get_by_role("button", name="Create the class").click()
    expect(page.get_by_test_id("class-name")).to_have_text("Prelims batch 2027")
    code = page.get_by_test_id("invite-code").inner_text()
    page.get_by_test_id("schedule-paper").click()
    now = dt.datetime.now(dt.UTC)
    page.get_by_label("Title").fill("Mock 1")
    page.get_by_label("Or pick questions by id").fill("\n".join(TRUE))
    page.get_by_label("Duration in minutes").fill("20")
    page.get_by_label("Opens at (UTC)").fill(local(now - dt.timedelta(minutes=5)))
    page.get_by_label("Closes at (UTC)").fill(local(now + dt.timedelta(hours=1)))
    page.get_by_role("button", name="Schedule the paper").click()
    expect(page.get_by_test_id("paper-title")).to_have_text("Mock 1")
    paper_url = page.url
    expect(page.get_by_test_id("paper-state")).to_have_text("open")

    learners = {}
    for name in ("asha", "bala"):
        context = browser.new_context(base_url=live_server.url)
        context.set_default_timeout(10_000)
        learner = context.new_page()
        register(learner, name, PASSWORD)
        learner.goto("/classes/")
        learner.get_by_label("Invite code").fill(code.lower())
        learner.get_by_role("button", name="Join").click()
        expect(learner.get_by_test_id("class-name")).to_have_text("Prelims batch 2027")
        learners[name] = learner
    # asha knows every true answer (so she "misses" the wrong key); bala gets the first five by the key, then errs.
    sit(learners["asha"], paper_url, lambda item_id: TRUE[item_id])
    keys = {i: (0 if i == WRONG_KEY else TRUE[i]) for i in TRUE}
    sit(learners["bala"], paper_url,
        lambda item_id: keys[item_id] if int(item_id[-2:]) < 5 else (keys[item_id] + 1) % 4)

    with app.app_context():  # the window closes: what the clock would do by itself in an hour
        closes = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=10)
        db.session.execute(sa.update(ClassPaper).values(closes_at=closes, opens_at=closes - dt.timedelta(hours=1)))
        db.session.commit()

    asha, bala = learners["asha"], learners["bala"]
    asha.goto(paper_url)
    expect(asha.get_by_test_id("my-rank")).to_have_text("1 of 2")
    expect(asha.get_by_test_id("my-percentile")).to_have_text("100.00")
    expect(asha.get_by_test_id("my-score")).to_have_text("17.33 of 20.00")  # 9 right, 1 "wrong" by the bad key
    expect(asha.get_by_test_id("conventions")).to_contain_text("NTA")
    expect(asha.get_by_test_id("distribution")).to_be_visible()
    expect(asha.get_by_test_id("leaderboard")).to_have_count(0)
    bala.goto(paper_url)
    expect(bala.get_by_test_id("my-rank")).to_have_text("2 of 2")
    expect(bala.get_by_test_id("my-percentile")).to_have_text("50.00")
    expect(bala.get_by_text("asha")).to_have_count(0)  # no leaderboard: no one else's name

    page.goto(paper_url)
    page.get_by_test_id("item-analysis-link").click()
    expect(page.get_by_test_id("item-4")).to_be_visible()
    suspect = page.locator('[data-testid^="suspect-"]')
    expect(suspect).to_have_count(1)
    expect(suspect).to_contain_text("the top third chose option B (1) more often than the key A (0)")
    expect(page.locator(".suspect")).to_contain_text("Class question 4?")
    with app.app_context():
        flags = db.session.scalars(sa.select(ItemFlag)).all()
        assert [(f.item_id, f.kind, f.status) for f in flags] == [(WRONG_KEY, "statistics", "open")]
    page.get_by_role("link", name="flag raised").click()
    expect(page.get_by_test_id("flags")).to_contain_text("statistics")
    for learner in learners.values():
        learner.context.close()
