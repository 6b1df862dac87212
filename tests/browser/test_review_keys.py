"""The review queue's keys in Chromium: J/K move one shared row cursor (static/js/net.js rowCursor, also the card
browser's), and A approves the row the cursor is on, not the first one."""

from __future__ import annotations

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from quizapp.extensions import db
from quizapp.models import Item, User
from tests.browser.journeys import register
from tests.builders import make_document, make_fact, make_item

TEXT = ("Ruritania signed the pact on 12 March 1998 in Tokyo. "
        "The founding members of the Council are Alpha, Beta and Gamma. "
        "The secretariat opened on 1 January 2011 in Strelsau.")


def _seed(app, username: str) -> list[str]:
    with app.app_context():
        owner = db.session.scalar(sa.select(User.id).where(User.username == username))
        doc = make_document("mine", TEXT, owner_id=owner, title="My notes")
        ids = []
        for n, (needle, stem, answer) in enumerate((("12 March 1998", "When was the pact signed?", "12 March 1998"),
                                                   ("Alpha, Beta and Gamma", "Who founded the Council?",
                                                    "Alpha, Beta and Gamma"),
                                                   ("1 January 2011", "When did the secretariat open?",
                                                    "1 January 2011"))):
            a = TEXT.index(needle)
            fact = make_fact(doc, kind="date", value=str(n), start=a, end=a + len(needle), quote=needle)
            ids.append(make_item(doc, "fact", facts=[fact], stem=stem, answer=answer, start=a, end=a + len(needle),
                                 quote=needle).id)
        db.session.commit()
        return ids


def _status(app, item_id: str) -> str:
    with app.app_context():
        return db.session.get(Item, item_id).status


def test_j_and_k_move_the_cursor_and_a_approves_the_current_row(app, page: Page) -> None:
    register(page, "asha", "western-ghats-2024")
    ids = _seed(app, "asha")
    page.goto("/review/")
    rows = page.locator(".review-row")
    expect(rows).to_have_count(3)
    order = [rows.nth(i).get_attribute("data-item") for i in range(3)]
    assert sorted(order) == sorted(ids)

    page.keyboard.press("j")
    expect(rows.nth(0)).to_have_class("card review-row current")
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("j")  # stops at the last row
    expect(rows.nth(2)).to_have_class("card review-row current")
    expect(rows.nth(2)).to_be_focused()
    page.keyboard.press("k")
    expect(rows.nth(1)).to_have_class("card review-row current")
    expect(page.locator(".review-row.current")).to_have_count(1)

    page.keyboard.press("a")
    expect(page.locator(f'.review-row[data-item="{order[1]}"]')).to_have_count(0)
    assert _status(app, order[1]) == "reviewed"
    assert {_status(app, order[0]), _status(app, order[2])} == {"generated"}
