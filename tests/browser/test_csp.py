"""Every page, anonymous and logged in, renders under the strict Content-Security-Policy with no violation.

The walk is at phone width (390 px), so it also checks on every page that
nothing is wider than the screen (wide tables scroll in their own box) and
that no id repeats (two forms' fields, pygal's legend ids).

The test server sends the policy the app is to send (see ``conftest.CSP``).
An init script in every page records each ``securitypolicyviolation`` event,
and the console's errors are kept as well (Chromium logs a refused inline
style or script there too). The pages are reached the way a user reaches
them: content seeded in the database, then study, a practice test, a written
answer and their results driven through the UI, so the pages that draw with
JavaScript (study, the test, the writing page) are checked after drawing.
At the end the test checks it saw every HTML page the app routes, so a new
page cannot escape it, and that the recorder does catch a violation.
"""

from __future__ import annotations

import re
import urllib.request

from playwright.sync_api import Page, expect
from werkzeug.exceptions import NotFound

from quizapp.extensions import db
from tests.browser.conftest import CSP
from tests.browser.journeys import register
from tests.builders import make_document, make_item

USERNAME, PASSWORD = "kavya", "western-ghats-2035"
PHONE = {"width": 390, "height": 844}
RECORD = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile || location.pathname}:${e.lineNumber}`);
});
"""
# Not pages: JSON (only the OpenAPI document is read by people), files, the health check, and
# browse.card, which only redirects to its item's page (visited below); library.build_status is the
# progress page's JSON.
NOT_PAGES = re.compile(r"^(api\.(?!openapi_json)|static$|progress\.csv_download$|progress\.export$|main\.healthz$|main\.favicon$"
                       r"|interchange\.export_(bank|library)$|browse\.card$|library\.build_status$)")


class Recorder:
    def __init__(self, app, page: Page) -> None:
        self.page = page
        self.adapter = app.url_map.bind("localhost")
        self.violations: list[str] = []
        self.console: list[str] = []
        self.endpoints: set[str] = set()
        self.duplicate_ids: list[str] = []
        self.overflow: list[str] = []
        self.expected_404: set[str] = set()
        page.add_init_script(RECORD)
        page.on("console", self._on_console)
        page.on("pageerror", lambda err: self.console.append(f"page error: {err}"))

    def _on_console(self, msg) -> None:
        url = (msg.location or {}).get("url", "")
        # A document with no <link rel="icon"> (the JSON one) makes Chromium ask for /favicon.ico.
        html = not self.page.url.endswith(".json")
        if msg.type == "error" and not any(url.endswith(p) for p in self.expected_404) and (html or "favicon" not in url):
            self.console.append(f"{msg.text} ({url}, on {self.page.url})")

    def check(self, ready=None) -> None:
        """Wait for what shows the page is drawn, then collect what it recorded."""
        if ready is not None:
            expect(ready.first).to_be_visible()
        # A page reached by a click is checked once its URL commits, which can be before its stylesheet
        # has loaded; an unstyled results page is 444 px wide (CI saw it), so measure after "load".
        self.page.wait_for_load_state("load")
        # Behind any violation event still queued as a task: a zero timeout runs after it.
        found = self.page.evaluate("() => new Promise((r) => setTimeout(() => r(window.__csp || []), 0))")
        path = self.page.url.split("://", 1)[1].split("/", 1)[1]
        self.violations += [f"/{path}: {v}" for v in found]
        dupes = self.page.evaluate("""() => { const n = {}; document.querySelectorAll('[id]').forEach((e) => { n[e.id] = (n[e.id] || 0) + 1; });
                                        return Object.keys(n).filter((k) => n[k] > 1); }""")
        self.duplicate_ids += [f"/{path}: {d}" for d in dupes]
        width = self.page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            self.overflow.append(f"/{path}: {width} px wide")
        try:
            endpoint, _ = self.adapter.match("/" + path.split("?")[0].split("#")[0])
            self.endpoints.add(endpoint)
        except NotFound:
            pass

    def visit(self, path: str, ready=None) -> None:
        response = self.page.goto(path)
        assert response is not None
        assert response.headers.get("content-security-policy"), f"{path} came without the CSP header"
        self.check(ready if ready is not None else self.page.locator("main, pre, body").first)


def seed(app) -> dict[str, str]:
    with app.app_context():
        doc = make_document("csp-doc", title="Monsoon notes")
        fact = make_item(doc, "fact")
        mcqs = [make_item(doc, "mcq") for _ in range(12)]
        essay = make_item(doc, "essay", stem="Examine the role of the monsoon in Indian agriculture.", directive="Examine")
        db.session.commit()
        return {"doc": doc.id, "fact": fact.id, "essay": essay.id, "mcq": mcqs[0].id}


def seed_class(app, username: str, item_id: str) -> dict[str, object]:
    """A class taught by the user, with a paper of one question: the classes pages need both."""
    import datetime as dt

    import sqlalchemy as sa

    from quizapp.models import User
    from quizapp.models.classes import ClassGroup, ClassPaper, PaperItem

    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == username))
        user.role = "teacher"
        group = ClassGroup(name="Batch A", teacher_id=user.id, invite_code="CSPWALK1")
        db.session.add(group)
        db.session.flush()
        now = dt.datetime.now(dt.UTC)
        paper = ClassPaper(class_id=group.id, title="Mock 1", scheme="upsc", time_limit_s=600,
                           opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(hours=1))
        db.session.add(paper)
        db.session.flush()
        db.session.add(PaperItem(paper_id=paper.id, item_id=item_id, position=1))
        db.session.commit()
        return {"class": group.id, "paper": paper.id, "code": group.invite_code}


def card_of(app, username: str) -> int:
    import sqlalchemy as sa

    from quizapp.models import Card, User

    with app.app_context():
        return db.session.scalar(sa.select(Card.id).join(User, User.id == Card.user_id)
                                 .where(User.username == username).limit(1))


def study_one(page: Page) -> None:
    """Answer the first card by keyboard, whatever its type, and wait for the next one to be asked."""
    expect(page.get_by_test_id("study-stem")).not_to_be_empty()
    if page.locator('[data-role="reveal"]').is_visible():
        page.keyboard.press("Space")
    else:
        page.keyboard.press("1")
    expect(page.locator('[data-role="ratings"]')).to_be_visible()
    page.keyboard.press("3")
    expect(page.locator('[data-role="ratings"]')).to_be_hidden()


def make_admin(app, username: str) -> None:
    import sqlalchemy as sa

    from quizapp.models import User

    with app.app_context():
        db.session.scalar(sa.select(User).where(User.username == username)).role = "admin"
        db.session.commit()


def test_every_page_renders_under_the_csp_without_a_violation(app, page: Page, live_server) -> None:
    page.set_viewport_size(PHONE)
    rec = Recorder(app, page)
    ids = seed(app)

    # Anonymous.
    rec.visit("/", page.get_by_role("link", name="Log in"))
    rec.visit("/auth/login", page.get_by_label("Username"))
    rec.visit("/auth/register", page.get_by_label("Repeat password"))
    rec.visit("/api/v1/openapi.json")
    rec.expected_404.add("/no-such-page")
    rec.visit("/no-such-page")

    register(page, USERNAME, PASSWORD)
    rec.check(page.get_by_test_id("greeting-name"))

    rec.visit("/study/", page.get_by_test_id("study-stem"))
    study_one(page)
    rec.check()
    rec.visit("/study/settings", page.get_by_role("button", name=re.compile("Save")))

    rec.visit("/library/", page.get_by_role("link", name="Monsoon notes"))
    rec.visit(f"/library/documents/{ids['doc']}", page.get_by_role("heading", name="Monsoon notes"))
    rec.visit(f"/library/items/{ids['fact']}")

    # A 10-question test: the page as drawn, one answer saved, then the results.
    rec.visit("/practice/", page.get_by_role("button", name="Start the test"))
    page.get_by_label("10", exact=True).check()
    page.get_by_role("button", name="Start the test").click()
    expect(page.get_by_test_id("question-number")).to_have_text("1")
    page.keyboard.press("a")
    expect(page.get_by_test_id("save-status")).to_have_text("All responses saved.")
    rec.check(page.locator(".option.chosen"))
    page.get_by_role("button", name="Submit the test…").click()
    page.get_by_role("button", name="Yes, submit").click()
    expect(page).to_have_url(re.compile(r"/practice/\d+/results$"))
    rec.check(page.get_by_test_id("score"))
    rec.visit("/practice/", page.get_by_test_id("attempts"))

    # A written answer: the prompt, the writing page (saved once), the feedback and the draft history.
    rec.visit("/writing/", page.get_by_role("link", name=re.compile("monsoon")).first)
    rec.visit(f"/writing/prompts/{ids['essay']}", page.get_by_role("button", name="Start writing"))
    page.get_by_role("button", name="Start writing").click()
    expect(page.get_by_test_id("save-status")).to_have_text("Nothing to save yet")  # the page's script runs
    page.get_by_test_id("answer").fill("The monsoon decides the kharif crop.")
    page.get_by_test_id("prompt-stem").click()  # blur: saves now
    expect(page.get_by_test_id("save-status")).to_have_text(re.compile(r"^Saved \d+ s ago$"))
    rec.check(page.get_by_test_id("wordcount"))
    attempt_url = page.url
    page.get_by_test_id("submit").click()
    expect(page.get_by_role("heading", name="Feedback", exact=True)).to_be_visible()
    rec.check()
    rec.visit(attempt_url.rstrip("/") + "/history")

    rec.visit("/progress/", page.get_by_test_id("chart-heatmap").locator("svg"))
    # The charts keep their colours, now from charts.css (black is what an unstyled SVG fills with).
    fill = page.locator("[data-testid=chart-forecast] .color-0").first.evaluate("e => getComputedStyle(e).fill")
    assert fill not in ("", "none", "rgb(0, 0, 0)"), fill
    # The card browser, the import page, and a class with a paper (the user made a teacher).
    rec.visit("/study/browse/")
    rec.visit(f"/study/browse/items/{ids['fact']}")
    rec.visit(f"/study/browse/cards/{card_of(app, USERNAME)}")  # redirects to the item's page
    rec.visit("/study/summary")
    rec.visit("/library/import")
    # Adding a document: the form, the guessed details, and the build's progress page (its script polls).
    rec.visit("/library/add", page.get_by_label("Paste text"))
    page.get_by_label("Paste text").fill("Monsoon notes for the walk\n\nThe monsoon reached Kerala on 30 May 2024.")
    page.get_by_role("button", name="Read it").click()
    rec.check(page.get_by_label("Title"))
    page.get_by_role("button", name="Build questions").click()
    expect(page).to_have_url(re.compile(r"/library/add/builds/\d+$"))
    rec.check(page.get_by_test_id("build-state"))
    cls = seed_class(app, USERNAME, ids["mcq"])
    rec.visit("/classes/")
    rec.visit(f"/classes/{cls['class']}")
    rec.visit(f"/classes/join/{cls['code']}")
    rec.visit(f"/classes/{cls['class']}/papers/new")
    rec.visit(f"/classes/papers/{cls['paper']}")
    rec.visit(f"/classes/papers/{cls['paper']}/items")
    rec.visit(f"/classes/items/{ids['mcq']}/flags")

    # The curators' pages, as an admin: the review queue, an item's edit form, the roles page.
    make_admin(app, USERNAME)
    rec.visit("/review/")
    rec.visit(f"/review/items/{ids['fact']}/edit")
    rec.visit("/admin/users")

    rec.visit("/auth/account", page.get_by_role("heading", name=re.compile("Delete account")))
    rec.visit("/", page.get_by_test_id("greeting-name"))

    assert rec.violations == []
    assert rec.console == []
    assert rec.duplicate_ids == []
    assert rec.overflow == []  # tables scroll in their own box instead

    pages = {r.endpoint for r in app.url_map.iter_rules() if "GET" in r.methods and not NOT_PAGES.match(r.endpoint)}
    assert pages - rec.endpoints == set(), "pages this test never loaded: add them above"

    # The recorder works: an inline style attribute is refused and reported.
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    rec.check()
    assert any("style-src" in v for v in rec.violations), rec.violations


def test_the_test_server_sends_the_policy(live_server) -> None:
    # At least the directives of conftest.CSP, whether the app or the test server set the header.
    with urllib.request.urlopen(live_server.url + "/auth/login") as resp:
        sent = {d.strip() for d in resp.headers["Content-Security-Policy"].split(";")}
    assert {d.strip() for d in CSP.split(";")} <= sent
