"""The card browser in Chromium: search, tick two items, suspend them, see them marked; then S and J keys.

Content is seeded straight into the database; the user registers through the UI,
searches by text with the keyboard (/ focuses the search), ticks two rows, applies
"Suspend", and the page that comes back (post/redirect/get) marks exactly those two.
Then J moves to the third row and S suspends it alone. The cards are read back with
SQLAlchemy.
"""

from __future__ import annotations

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from quizapp.extensions import db
from quizapp.models import Card, User
from tests.browser.journeys import register
from tests.builders import make_document, make_item

USERNAME, PASSWORD = "kaveri", "ganga-brahmaputra-2032"


def _seed(app) -> None:
    with app.app_context():
        doc = make_document("browse-doc")
        for n, stem in enumerate(["Which Article abolishes untouchability?", "Which Article abolishes titles?",
                                  "Which Article protects life and liberty?", "Who appoints the CAG?"]):
            make_item(doc, "fact", id=f"b-{n}", stem=stem)
        db.session.commit()


def test_search_select_two_suspend_and_see_them_marked(app, page: Page) -> None:
    _seed(app)
    register(page, USERNAME, PASSWORD)
    page.goto("/study/")
    page.get_by_role("link", name="Browse cards").click()
    expect(page.get_by_role("heading", name="Browse cards")).to_be_visible()
    # The heading can show before browse.js (a deferred module) has added its key handler; by the load
    # event it has. On a loaded machine "/" was pressed in between and focused nothing.
    page.wait_for_load_state("load")

    page.keyboard.press("/")
    expect(page.get_by_label("Text")).to_be_focused()
    page.keyboard.type("article")
    page.keyboard.press("Enter")
    rows = page.locator('[data-role="results"] tbody tr')
    expect(rows).to_have_count(3)

    page.get_by_label("Select b-0").check()
    page.get_by_label("Select b-2").check()
    page.get_by_label("Action").select_option("suspend")
    page.get_by_role("button", name="Apply to selection").click()

    expect(page.get_by_text("Suspended 2 of 2 items.")).to_be_visible()
    expect(page.get_by_label("Text")).to_have_value("article")  # back on the same search
    expect(page.locator('tr[data-item="b-0"] [data-role="suspended"]')).to_be_visible()
    expect(page.locator('tr[data-item="b-2"] [data-role="suspended"]')).to_be_visible()
    expect(page.locator('tr[data-item="b-1"] [data-role="suspended"]')).to_have_count(0)

    # Keys: J, J moves to the second row (b-1); S suspends it alone. (The page came back from the post: its
    # module has to have run first, as above.)
    page.wait_for_load_state("load")
    page.keyboard.press("j")
    page.keyboard.press("j")
    expect(page.locator('tr[data-item="b-1"]')).to_have_class("current")
    page.keyboard.press("s")
    expect(page.get_by_text("Suspended 1 of 1 items.")).to_be_visible()
    expect(page.locator('tr[data-item="b-1"] [data-role="suspended"]')).to_be_visible()

    with app.app_context():
        uid = db.session.scalar(sa.select(User.id).where(User.username == USERNAME))
        suspended = set(db.session.scalars(sa.select(Card.item_id).where(Card.user_id == uid, Card.suspended.is_(True))))
    assert suspended == {"b-0", "b-1", "b-2"}
