"""Issue 20's acceptance journey: what a new aspirant does first, at desktop and phone width, light and dark.

Register, skip an essay that heads the queue (K), study 20 items by keyboard,
take a 10-question test with a reload mid-test, write a timed answer and
read progress: the path the issue's tester took, in Chromium at 1280 px and
390 px. The journey runs once per width; every page it reaches is looked at
with the system in light and in dark mode (the scheme is switched on the live
page), so both schemes are seen at both widths.

The content is the shipped banks, put in by the real loader (real stems and
quotes are what overflowed a phone), plus six MCQs so a 10-question test has
a choice and one timed Mains prompt, built with the test builders.

On every page the journey reaches it asserts that nothing scrolls sideways
(``scrollWidth <= innerWidth``) and keeps a screenshot under
``test-artifacts/``; a main-frame navigation the journey did not look at fails
the test. Throughout, any console error, page exception, failed request or
response of 400 or more fails it too; the one exception is the 422 of the
form error the journey makes on purpose (a self-assessment sent blank), and
only while that form is being sent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import ConsoleMessage, Page, Request, Response, expect

from quizapp.content.loader import load_banks
from quizapp.extensions import db
from quizapp.models import Card, Item, ReviewLog
from quizapp.models.practice import PracticeResponse
from tests.browser.conftest import ARTIFACTS, ROOT
from tests.browser.journeys import register
from tests.builders import make_document, make_item, make_topic

pytestmark = pytest.mark.browser

USERNAME, PASSWORD = "anjali", "brahmaputra-basin-2032"
PROMPTS_DOC = "first-use-mains-prompts"
ESSAY_STEM = ("Examine the significance of the monsoon for Indian agriculture, and suggest measures to reduce the "
              "dependence of farmers on rainfall.")
ESSAY_MINUTES = 7
EXTRA_MCQS = [  # stem, options, key
    ("Which article of the Constitution abolishes untouchability?",
     ["Article 14", "Article 17", "Article 21", "Article 32"], 1),
    ("Which river is known as the Dakshin Ganga?", ["Krishna", "Kaveri", "Godavari", "Mahanadi"], 2),
    ("The Tropic of Cancer does NOT pass through which of these states?",
     ["Gujarat", "Odisha", "Tripura", "Mizoram"], 1),
    ("Which of these is a Ramsar site in Odisha?", ["Wular Lake", "Loktak Lake", "Sambhar Lake", "Chilika Lake"], 3),
    ("Who appoints the Comptroller and Auditor General of India?",
     ["The Prime Minister", "The President", "The Chief Justice of India", "The Speaker of the Lok Sabha"], 1),
    ("In which year was the Planning Commission replaced by the NITI Aayog?", ["2012", "2014", "2015", "2017"], 2),
]
STUDY_ANSWERS = 20
SCHEMES = ("light", "dark")
FORM_ERROR_CONSOLE = re.compile(r"Failed to load resource: the server responded with a status of 422")


def seed(app) -> str:
    """The shipped banks through the real loader, six more MCQs and a timed prompt; returns the prompt's id."""
    with app.app_context():
        load_banks(ROOT / "questions" / "banks", ROOT / "questions" / "sources")
        doc = make_document(PROMPTS_DOC, title="Mains prompts: agriculture and polity")
        polity = make_topic("Polity and geography")
        for n, (stem, options, key) in enumerate(EXTRA_MCQS):
            make_item(doc, "mcq", id=f"fu-mcq-{n}", stem=stem, options=options, answer=key, topic=polity,
                      explanation=f"The answer is {options[key]}.")
        essay = make_item(doc, "essay", id="fu-essay", stem=ESSAY_STEM, directive="Examine", marks=10, word_limit=150,
                          time_limit_minutes=ESSAY_MINUTES, topic=make_topic("Agriculture"))
        db.session.commit()
        return essay.id


@dataclass
class Watch:
    """Everything the browser reports that a clean journey must not have."""

    problems: list[str] = field(default_factory=list)
    form_error_allowed: bool = False
    answered: set[Request] = field(default_factory=set)
    unloading: bool = False
    sent_on_unload: list[str] = field(default_factory=list)
    where: str = "start"  # the last page looked at, to place a problem in the journey
    navigated: set[str] = field(default_factory=set)
    looked_at: set[str] = field(default_factory=set)
    navigations: int = 0  # main-frame navigations so far
    sent_during: dict[Request, int] = field(default_factory=dict)  # request -> navigations when it was sent
    left_behind: list[str] = field(default_factory=list)

    def sent(self, req: Request) -> None:
        if req.is_navigation_request() and req.frame.parent_frame is None:
            # a click or a form that takes the browser to the next document leaves the page as `goto` does: a
            # read it had in flight is cancelled with it (a .ci/run once failed on the study page's next-card fetch)
            self.navigations += 1
        self.sent_during[req] = self.navigations

    def navigated_to(self, path: str) -> None:
        self.navigations += 1
        self.navigated.add(path)

    def console(self, msg: ConsoleMessage) -> None:
        if msg.type != "error":
            return
        if self.form_error_allowed and FORM_ERROR_CONSOLE.search(msg.text):
            return
        self.problems.append(f"console error: {msg.text} ({msg.location.get('url')})")

    def response(self, res: Response) -> None:
        self.answered.add(res.request)
        if res.status < 400:
            return
        if res.status == 422 and self.form_error_allowed and res.request.method == "POST":
            return
        self.problems.append(f"{res.status} for {res.request.method} {res.url}")

    def failed(self, req: Request) -> None:
        """A request with no response. Chromium also ends a fetch whose 204 or unread body it dropped with
        ERR_ABORTED (microsoft/playwright#32752) after its response arrived: that request did not fail."""
        if req in self.answered:
            return
        if (req.failure == "net::ERR_ABORTED" and req.method == "GET" and req.resource_type == "fetch"
                and self.sent_during.get(req, self.navigations) < self.navigations):
            # A read the page had in flight when the journey left it (the study page fetches the next card):
            # the browser cancels it with the page. It changed nothing, and the journey saw the page it went to.
            self.left_behind.append(req.url)
            return
        if self.unloading and req.failure == "net::ERR_ABORTED" and req.method == "PUT":
            # A keepalive save sent from beforeunload outlives the page, so the page never sees its answer; the
            # journey checks in the database that it arrived.
            self.sent_on_unload.append(req.url)
            return
        self.problems.append(f"request failed after {self.where}: {req.method} {req.url}: {req.failure}")

    @contextmanager
    def unload(self) -> Iterator[None]:
        """While the page is reloaded: the practice page's last save goes out with keepalive as it unloads."""
        self.unloading = True
        try:
            yield
        finally:
            self.unloading = False

    @contextmanager
    def form_error(self) -> Iterator[None]:
        """While a form is sent that must answer 422 with its error, that 422 (and Chromium's note of it) is intended."""
        self.form_error_allowed = True
        try:
            yield
        finally:
            self.form_error_allowed = False


class Journey:
    """One run of the journey: a page in its own context, what it reported, and where its screenshots go."""

    def __init__(self, page: Page, width: int, scheme: str) -> None:
        self.page, self.width, self.scheme = page, width, scheme
        self.watch = Watch()
        self.shots = ARTIFACTS / "first-use"
        self.shots.mkdir(parents=True, exist_ok=True)
        self.step = 0
        self.essay_mcqs = 0  # answers given to the prompts bank's MCQs on the way to its essay
        page.on("console", self.watch.console)
        page.on("pageerror", lambda err: self.watch.problems.append(f"page error: {err}"))
        page.on("requestfailed", self.watch.failed)
        page.on("response", self.watch.response)
        page.on("request", self.watch.sent)
        page.on("framenavigated", lambda frame: frame == page.main_frame and self.watch.navigated_to(
            self._path(frame.url)))

    @staticmethod
    def _path(url: str) -> str:
        return re.sub(r"^https?://[^/]+", "", url).split("#", 1)[0]

    def look(self, name: str) -> list[Path]:
        """On the page as it stands, in light and in dark: nothing scrolls sideways; a full-page screenshot of each.

        The colour scheme is switched on the live page (``emulate_media``), so each
        state the journey reaches is seen in both schemes without walking the
        journey twice; the journey ends in the scheme it started in.
        """
        page = self.page
        page.wait_for_load_state("load")
        self.watch.looked_at.add(self._path(page.url))
        self.watch.where = name
        self.step += 1
        paths = []
        for scheme in (self.scheme, *(s for s in SCHEMES if s != self.scheme)):
            page.emulate_media(color_scheme=scheme)
            assert page.evaluate(f"matchMedia('(prefers-color-scheme: {scheme})').matches")
            widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert widths[0] <= widths[1], f"{name} ({page.url}, {scheme}) is {widths[0]} px wide at {widths[1]} px"
            path = self.shots / f"{self.width}-{scheme}-{self.step:02d}-{name}.png"
            page.screenshot(path=str(path), full_page=True)
            paths.append(path)
        page.emulate_media(color_scheme=self.scheme)
        return paths

    def goto(self, url: str, name: str) -> None:
        self.page.goto(url)
        self.look(name)


# --------------------------------------------------------------------------- the steps


def study_card_kind(page: Page) -> str:
    """Which card the study page shows: "write" (an essay), "options" (an MCQ) or "flip"."""
    card = page.locator("#card")
    expect(card).to_be_visible()
    if page.get_by_test_id("write-link").is_visible():
        return "write"
    if page.locator("#card .option").count():
        return "options"
    expect(page.get_by_role("button", name=re.compile("^Show answer"))).to_be_visible()
    return "flip"


def skip_the_essay(app, j: Journey, essay_id: str) -> None:
    """Filtered to the prompts bank, the essay heads the queue: Write (7 min), no rating keys, and K skips it."""
    page = j.page
    page.get_by_label("Bank").select_option(PROMPTS_DOC)
    page.get_by_role("button", name="Apply").click()
    while study_card_kind(page) == "options":  # the bank's MCQs may come first in this user's order
        page.keyboard.press("a")
        expect(page.get_by_test_id("verdict")).not_to_be_empty()
        page.keyboard.press("Enter")
        expect(page.get_by_test_id("verdict")).to_be_hidden()
    expect(page.get_by_test_id("study-stem")).to_have_text(ESSAY_STEM)
    expect(page.get_by_test_id("write-link")).to_have_text(f"Write ({ESSAY_MINUTES} min)")
    expect(page.get_by_test_id("skip")).to_be_visible()
    expect(page.get_by_test_id("write-keys")).to_contain_text("K skip until tomorrow")
    expect(page.locator(".rate").first).to_be_hidden()
    j.look("study-essay-heads-the-queue")
    page.keyboard.press("k")
    expect(page.get_by_role("status").filter(has_text="Skipped until tomorrow")).to_be_visible()  # set once loaded
    expect(page.get_by_test_id("study-stem").filter(visible=True).filter(has_text=ESSAY_STEM)).to_have_count(0)
    page.keyboard.press("u")  # U takes the skip back, as it takes back an answer or a suspend
    expect(page.get_by_test_id("study-stem")).to_have_text(ESSAY_STEM)
    expect(page.get_by_role("status").filter(has_text="Skip undone.")).to_be_visible()
    page.get_by_test_id("skip").click()  # and the button does what K does
    expect(page.get_by_role("status").filter(has_text="Skipped until tomorrow")).to_be_visible()
    j.look("study-essay-skipped")
    with app.app_context():
        card = db.session.scalar(sa.select(Card).where(Card.item_id == essay_id))
        assert card.buried_until is not None and card.reps == 0


def answer_mcq(app, page: Page, right: bool) -> None:
    stem = page.get_by_test_id("study-stem").inner_text()
    with app.app_context():
        key = db.session.scalar(sa.select(Item.answer).where(Item.stem == stem, Item.type == "mcq").limit(1))
    choice = key if right else (key + 1) % page.locator("#card .option").count()
    page.keyboard.press("abcdef"[choice])
    expect(page.get_by_test_id("verdict")).to_have_text("Right." if right else "Wrong.")


def quote_shown_once(page: Page) -> None:
    """The explanation does not repeat the source quote shown just below it (#8)."""
    explanation, quote = page.locator("#card").evaluate(
        """c => [c.querySelector('[data-role="explanation"]').textContent,
                 c.querySelector('[data-role="quote"]').textContent]""")
    head = " ".join(quote.split())[:40]
    assert not head or head not in " ".join(explanation.split()), (explanation, quote)


def study_twenty(app, j: Journey) -> None:
    """Twenty answers by keyboard only; a card just answered never comes straight back while others wait (#1)."""
    page = j.page
    last_stem, n = None, 0
    while n < STUDY_ANSWERS:
        if page.get_by_test_id("done-message").is_visible():
            # Today's 20 new cards are done: ask for more with "Study more" (#6) and go on.
            j.look("study-done-summary")
            page.get_by_label("Extra new items today").fill("5")
            page.get_by_test_id("study-more").click()
        kind = study_card_kind(page)
        stem = page.get_by_test_id("study-stem").inner_text()
        others_waiting = sum(int(page.get_by_test_id(f"count-{k}").inner_text()) for k in ("new", "learning", "review"))
        assert stem != last_stem or others_waiting <= 1, f"answer {n}: {stem!r} came straight back"
        if kind == "write":  # another essay: skip it too, and do not count it
            page.keyboard.press("k")
            expect(page.get_by_test_id("study-stem")).not_to_have_text(stem)
            continue
        if kind == "options":
            answer_mcq(app, page, right=n % 5 != 3)
            quote_shown_once(page)
            if n == 1:
                j.look("study-mcq-marked")
            page.keyboard.press("Enter")  # accept the derived rating
        else:
            page.keyboard.press("Space")
            expect(page.get_by_test_id("answer-text")).to_be_visible()
            quote_shown_once(page)
            if n in (0, 2):
                j.look("study-card-revealed")
            # Mostly Good, one Again and one Easy, as a first session goes.
            page.keyboard.press({4: "1", 7: "4"}.get(n, "Space"))
        last_stem, n = stem, n + 1
        expect(page.get_by_test_id("answer-text")).to_be_hidden()
    with app.app_context():
        answered = db.session.scalar(sa.select(sa.func.count()).select_from(ReviewLog).where(ReviewLog.origin == "study"))
    assert answered == STUDY_ANSWERS + j.essay_mcqs


def q6_time(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(PracticeResponse.time_spent_ms).where(PracticeResponse.position == 6))


def take_a_test(app, j: Journey) -> None:
    """Ten questions by key, a reload on Q6 (it must reopen at Q6, #9), submit, and the results."""
    page = j.page
    j.goto("/practice/", "practice-index")
    page.get_by_label("10", exact=True).check()
    page.get_by_role("button", name="Start the test").click()
    expect(page.get_by_test_id("question-number")).to_have_text("1")
    j.look("practice-question-1")
    for position in range(1, 11):
        expect(page.get_by_test_id("question-number")).to_have_text(str(position))
        if position != 6:  # Q6 left blank
            letter = "abcd"[position % 4]
            page.keyboard.press(letter)
            expect(page.locator(".option.chosen")).to_have_text(re.compile(f"^{letter.upper()}\\. "))
        if position == 6:
            expect(page.get_by_test_id("save-status")).to_have_text("All responses saved.")
            before = q6_time(app)
            with j.watch.unload():
                page.reload()
                expect(page.get_by_test_id("question-number")).to_have_text("6")
            if j.watch.sent_on_unload:  # the time on Q6, sent as the page unloaded, reached the server
                assert q6_time(app) > before
            j.look("practice-reloaded-at-6")
        if position < 10:
            page.keyboard.press("n")
    expect(page.get_by_test_id("save-status")).to_have_text("All responses saved.")
    page.get_by_role("button", name="Submit the test…").click()
    expect(page.get_by_test_id("confirm-text")).to_have_text(re.compile(r"^Submit now\? 9 answered, 1 not answered"))
    page.get_by_role("button", name="Yes, submit").click()
    expect(page).to_have_url(re.compile(r"/practice/\d+/results$"))
    expect(page.get_by_test_id("blank")).to_have_text("1")
    expect(page.get_by_test_id("score")).to_have_text(re.compile(r"^[−-]?\d+\.\d\d of 20 \([−-]?[\d.]+ %\)$"))
    j.look("practice-results")
    j.goto("/practice/", "practice-list-with-score")
    expect(page.get_by_test_id("list-tally")).to_have_text(re.compile(r"^\d+ correct · \d+ wrong · 1 blank$"))


ANSWER = ("The monsoon waters more than half of the net sown area, so a weak monsoon cuts the kharif harvest. "
          "Farmers can depend less on rain through micro irrigation, watershed development and crop insurance. "
          "In conclusion, water security needs both storage and better use.")


def write_a_timed_answer(app, j: Journey, essay_id: str) -> None:
    """Timed mode on the skipped prompt, typed, submitted; a blank self-assessment is refused (422, #17), then saved."""
    page = j.page
    j.goto("/writing/", "writing-index")
    j.goto(f"/writing/prompts/{essay_id}", "writing-prompt")
    page.get_by_label("Timed (exam conditions)").check()
    page.get_by_role("button", name="Start writing").click()
    expect(page.get_by_test_id("timer")).to_have_text(re.compile(rf"^({ESSAY_MINUTES}:00|{ESSAY_MINUTES - 1}:[0-5]\d) left$"))
    page.get_by_test_id("answer").fill(ANSWER)
    expect(page.get_by_test_id("wordcount")).to_have_text(f"{len(ANSWER.split())} / 150 words")
    j.look("writing-timed")
    page.get_by_role("button", name="Submit answer").click()
    expect(page.get_by_test_id("submitted-text")).to_have_text(ANSWER)
    j.look("writing-feedback")
    with j.watch.form_error():
        page.get_by_role("button", name="Save self-assessment and schedule").click()
        expect(page.get_by_text("Choose a mark for content.")).to_be_visible()
    j.look("writing-assessment-refused")
    for name, mark in (("Content", "3 – good"), ("Structure", "3 – good"), ("Examples", "2 – fair"),
                       ("Presentation", "3 – good")):
        page.get_by_label(name, exact=True).select_option(label=mark)
    page.get_by_role("button", name="Save self-assessment and schedule").click()
    expect(page.get_by_test_id("rating")).to_contain_text("The prompt was rated")
    j.look("writing-rated")
    with app.app_context():  # the essay card is rated from the writing page, never from study (#4)
        origins = db.session.scalars(sa.select(ReviewLog.origin).where(ReviewLog.item_id == essay_id)).all()
    assert origins == ["writing"]


DRAWN_OUTSIDE = """c => { const svg = c.querySelector("svg").getBoundingClientRect();
    const marks = Array.from(c.querySelectorAll(".plot .series rect, .plot .series circle, .plot .series path"))
      .map(e => e.getBoundingClientRect()).filter(b => b.width || b.height);
    return [marks.length, marks
      .filter(b => b.left < svg.left - 1 || b.right > svg.right + 1 || b.top < svg.top - 1 || b.bottom > svg.bottom + 1)
      .map(b => [Math.round(b.left), Math.round(b.top), Math.round(b.right), Math.round(b.bottom)])]; }"""


IN_VIEW_OF_ITS_BOX = """c => { const box = c.getBoundingClientRect();
    return Array.from(c.querySelectorAll(".plot .series circle, .plot .series path")).map(e => e.getBoundingClientRect())
      .filter(b => b.width).map(b => b.left >= box.left - 1 && b.right <= box.right + 1); }"""


def read_progress(j: Journey) -> None:
    page = j.page
    j.goto("/progress/", "progress")
    # The browser's zone from registration, by its current name (Chromium reports "Asia/Calcutta").
    expect(page.get_by_text(re.compile(r"^As of \d{4}-\d\d-\d\d \(Asia/Kolkata\)"))).to_be_visible()
    expect(page.get_by_test_id("reviews-today")).not_to_have_text("0")
    for name in ("heatmap", "forecast", "retention", "topics", "banks", "time", "tests", "writing"):
        chart = page.get_by_test_id(f"chart-{name}")
        expect(chart.locator("svg")).to_be_visible()
        # Every mark drawn (bar, dot, line) lies inside the chart (#21: a point was drawn outside it).
        marks, outside = chart.evaluate(DRAWN_OUTSIDE)
        assert marks > 0 and outside == [], (name, marks, outside)
        box = chart.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= j.width + 0.5, (name, box)
        # On a phone a chart keeps 640 px (readable text) and scrolls inside its own box: nothing is cut off.
        inner, outer, overflow = chart.evaluate("e => [e.scrollWidth, e.clientWidth, getComputedStyle(e).overflowX]")
        assert inner <= outer or overflow in ("auto", "scroll"), (name, inner, outer, overflow)
    # Today's dot on the year's calendar is in view as the page opens, phone included (its box scrolls).
    dots = page.get_by_test_id("chart-heatmap").evaluate(IN_VIEW_OF_ITS_BOX)
    assert dots and all(dots), dots


# --------------------------------------------------------------------------- the test


@pytest.mark.parametrize("width, scheme", [(1280, "light"), (390, "dark")])
def test_first_use_journey(app, browser, live_server, width: int, scheme: str) -> None:
    """The journey once per width, each started in a different scheme; every page is also looked at in the other."""
    essay_id = seed(app)
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 900 if width > 400 else 844},
                                  color_scheme=scheme, timezone_id="Asia/Kolkata", locale="en-IN")
    context.set_default_timeout(10_000)
    page = context.new_page()
    j = Journey(page, width, scheme)
    try:
        j.goto("/", "landing")
        j.goto("/auth/register", "register")
        register(page, USERNAME, PASSWORD)
        j.look("home")
        j.goto("/study/", "study")
        with app.app_context():
            before = db.session.scalar(sa.select(sa.func.count()).select_from(ReviewLog))
        skip_the_essay(app, j, essay_id)
        with app.app_context():
            j.essay_mcqs = db.session.scalar(sa.select(sa.func.count()).select_from(ReviewLog)) - before
        page.get_by_label("Bank").select_option("")
        page.get_by_role("button", name="Apply").click()
        j.look("study-all-banks")
        study_twenty(app, j)
        j.look("study-after-twenty")
        j.goto("/study/settings", "study-settings")
        take_a_test(app, j)
        write_a_timed_answer(app, j, essay_id)
        read_progress(j)
        j.goto("/library/", "library")
        j.goto("/auth/account", "account")
        unlooked = j.watch.navigated - j.watch.looked_at
        assert not unlooked, f"pages reached but never checked: {sorted(unlooked)}"
        assert not j.watch.problems, "\n".join(j.watch.problems)
    except BaseException:
        page.screenshot(path=str(j.shots / f"{width}-{scheme}-failure.png"), full_page=True)
        raise
    finally:
        context.close()
