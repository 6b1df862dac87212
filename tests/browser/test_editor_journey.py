"""Issue 17, acceptance 2, in Chromium: an editor publishes, a second learner studies, the editor edits, history holds.

Two people, two browser contexts (two cookie jars) on one gunicorn: edna, an
editor, reviews her own document in /review and publishes it to the shared
library; ravi then gets its items in study and answers one; edna edits that
item's stem; ravi's history of the item (the card browser's item page) still
shows the wording he answered, marked as since edited, while the library
shows today's.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect

from quizapp.extensions import db
from quizapp.models import Document, Item, ItemVersion, ReviewLog, User
from tests.browser.journeys import register
from tests.builders import make_document, make_fact, make_item

TEXT = ("Ruritania signed the pact on 12 March 1998 in Tokyo. "
        "The founding members of the Council are Alpha, Beta and Gamma. "
        "The secretariat opened on 1 January 2011 in Strelsau.")
ITEMS = (("12 March 1998", "When was the pact signed?"), ("1 January 2011", "When did the secretariat open?"))


def _seed(app, owner: str) -> list[str]:
    """Edna's own (private) document with two fact cards, as the pipeline leaves them: generated."""
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == owner))
        user.role = "editor"
        doc = make_document("edna-notes", TEXT, owner_id=user.id, title="Edna's Ruritania notes")
        ids = []
        for needle, stem in ITEMS:
            a = TEXT.index(needle)
            fact = make_fact(doc, kind="date", value="1998-03-12", start=a, end=a + len(needle), quote=needle)
            ids.append(make_item(doc, "fact", facts=[fact], stem=stem, answer=needle, start=a, end=a + len(needle),
                                 quote=needle, explanation=f"The notes say {needle}.").id)
        db.session.commit()
        return ids


def test_an_editor_publishes_a_learner_studies_it_and_keeps_the_wording_he_saw_after_an_edit(
        app, page: Page, browser: Browser, live_server) -> None:
    register(page, "edna", "western-ghats-2024")
    first, second = _seed(app, "edna")
    learner_context = browser.new_context(base_url=live_server.url)
    learner_context.set_default_timeout(10_000)
    ravi = learner_context.new_page()
    try:
        register(ravi, "ravi", "deccan-plateau-2025")
        ravi.goto(f"/library/items/{first}")
        expect(ravi.get_by_role("heading", name=re.compile("404"))).to_be_visible()  # private to edna so far

        # edna reviews her document: approves both items, then publishes it.
        page.goto("/review/?document=edna-notes")
        expect(page.locator(".review-row")).to_have_count(2)
        for item_id in (first, second):
            page.locator(f'.review-row[data-item="{item_id}"] [data-action="approve"]').click()
            expect(page.locator(f'.review-row[data-item="{item_id}"]')).to_have_count(0)
        page.locator('[data-role="publish"]').click()
        expect(page.locator("body")).to_contain_text("Published to the shared library: every learner now studies its 2")
        with app.app_context():
            assert db.session.get(Document, "edna-notes").owner_id is None

        # ravi now gets its items in study (in the order his new-card setting picks), and answers the first shown.
        ravi.goto("/study/")
        stems = [stem for _, stem in ITEMS]
        expect(ravi.get_by_test_id("study-stem")).to_have_text(re.compile("|".join(map(re.escape, stems))))
        k = stems.index(ravi.get_by_test_id("study-stem").inner_text())
        first, other = (first, second)[k], (first, second)[1 - k]
        old_stem = stems[k]
        new_stem = old_stem.replace("When", "On what date")
        ravi.keyboard.press("Space")
        expect(ravi.get_by_test_id("answer-text")).to_have_text(f"Answer: {ITEMS[k][0]}")
        ravi.keyboard.press("Space")
        expect(ravi.get_by_test_id("study-stem")).to_have_text(stems[1 - k])  # the next card: the answer is logged
        with app.app_context():
            log = db.session.scalar(sa.select(ReviewLog).where(ReviewLog.item_id == first))
            assert log is not None and log.item_version == 2  # v1 generated, v2 approved
            assert db.session.scalar(sa.select(ReviewLog).where(ReviewLog.item_id == other)) is None

        # edna edits the item ravi answered.
        page.goto(f"/review/items/{first}/edit")
        page.get_by_label("Stem").fill(new_stem)
        page.get_by_role("button", name="Save").click()
        expect(page.locator("body")).to_contain_text("Saved as version 3; the bank checks passed.")
        with app.app_context():
            it = db.session.get(Item, first)
            assert (it.stem, it.version) == (new_stem, 3)
            assert db.session.scalar(sa.select(ItemVersion.action).where(ItemVersion.item_id == first,
                                                                        ItemVersion.number == 3)) == "edit"

        # ravi's history shows what he answered; the library shows today's wording.
        ravi.goto(f"/study/browse/items/{first}")
        seen = ravi.locator('[data-role="seen"]')
        expect(seen).to_have_count(1)
        expect(seen).to_have_attribute("data-version", "2")
        expect(seen).to_contain_text(old_stem)
        expect(seen).to_contain_text("v2, since edited")
        expect(seen).not_to_contain_text(new_stem)
        ravi.goto(f"/library/items/{first}")
        expect(ravi.locator("body")).to_contain_text(new_stem)
        # and ravi, a learner, cannot reach the shared library's review queue or edit the item
        ravi.goto(f"/review/items/{first}/edit")
        expect(ravi.get_by_role("heading", name=re.compile("404"))).to_be_visible()
    finally:
        learner_context.close()
