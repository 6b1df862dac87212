"""The review queue, versions, flags, publishing and roles, through the pages and the API.

Access control (acceptance 3): a learner never sees another learner's private
document, item, queue entry or flag (404 in pages and API), nor the shared
library's queue.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from quizapp.enums import ItemStatus
from quizapp.extensions import db
from quizapp.models import Document, Item, ItemVersion, ReviewLog, User
from quizapp.models.classes import ItemFlag
from quizapp.models.practice import PracticeResponse
from tests.builders import make_document, make_fact, make_item, use_clock
from tests.conftest import csrf_from

UTC = dt.UTC
T0 = dt.datetime(2026, 3, 2, 4, 0, tzinfo=UTC)
TEXT = ("Ruritania signed the pact on 12 March 1998 in Tokyo. "
        "The founding members of the Council are Alpha, Beta and Gamma. "
        "The secretariat opened on 1 January 2011 in Strelsau.")
ROW = re.compile(r'class="card review-row" data-item="([^"]+)"')


@pytest.fixture
def clock(app):
    return use_clock(app, T0)


class People:
    """Four accounts on one client: log in as each in turn, through the real forms."""

    def __init__(self, app, client, auth) -> None:
        self.app, self.client, self.auth = app, client, auth
        for name, role in (("asha", "learner"), ("ravi", "learner"), ("edna", "editor"), ("adam", "admin")):
            auth.register(name)
            auth.logout()
            with app.app_context():
                db.session.scalar(sa.select(User).where(User.username == name)).role = role
                db.session.commit()
        self.current = ""

    def be(self, name: str) -> People:
        if self.current:
            self.auth.logout()
        assert self.auth.login(name).status_code == 302
        self.current = name
        return self

    def uid(self, name: str) -> int:
        with self.app.app_context():
            return db.session.scalar(sa.select(User.id).where(User.username == name))

    def token(self, path: str = "/review/") -> str:
        return csrf_from(self.client.get(path).get_data(as_text=True))

    def post(self, path: str, **data):
        return self.client.post(path, data={"csrf_token": self.token(), **data})

    def api(self, path: str, body: dict):
        return self.client.post(path, json=body, headers={"X-CSRFToken": self.token("/study/")})


@pytest.fixture
def people(app, client, auth, clock) -> People:
    return People(app, client, auth)


def _library(app, people: People) -> dict[str, str]:
    """A shared document and one private to asha, each with a list fact, a year MCQ, a list MCQ and a held fact item."""
    ids: dict[str, str] = {}
    with app.app_context():
        for doc_id, owner in (("shared", None), ("mine", people.uid("asha"))):
            doc = make_document(doc_id, TEXT, owner_id=owner, title=f"Doc {doc_id}")
            a = TEXT.index("12 March 1998")
            date = make_fact(doc, kind="date", value="1998-03-12", start=a, end=a + 13, quote=TEXT[a:a + 13])
            b = TEXT.index("The founding")
            e = TEXT.index("Gamma.") + 5
            members = make_fact(doc, kind="list", value=None, label="founding members of the Council", start=b, end=e,
                                quote=TEXT[b:e], data={"members": ["Alpha", "Beta", "Gamma"]})
            s = 0
            year = make_item(doc, "mcq", facts=[date], stem="In which year was the pact signed?",
                             options=["1996", "1997", "1998", "1999"], answer=2, start=s, end=TEXT.index(". ") + 1,
                             quote=TEXT[s:TEXT.index(". ") + 1])
            member = make_item(doc, "mcq", facts=[members], stem="Which one is a founding member of the Council?",
                               options=["Alpha", "Delta", "Epsilon", "Zeta"], answer=0, start=b, end=e, quote=TEXT[b:e])
            held = make_item(doc, "fact", facts=[members], stem="When was the pact signed?", answer="12 March 1998",
                             start=s, end=TEXT.index(". ") + 1, quote=TEXT[s:TEXT.index(". ") + 1],
                             status="held", hold_reasons=["unresolved_subject"])
            ids[f"{doc_id}.year"], ids[f"{doc_id}.member"], ids[f"{doc_id}.held"] = year.id, member.id, held.id
        db.session.commit()
    return ids


def _item(app, item_id: str) -> Item:
    with app.app_context():
        it = db.session.get(Item, item_id)
        db.session.expunge(it)
        return it


def _versions(app, item_id: str) -> list[tuple[int, str]]:
    with app.app_context():
        return [tuple(r) for r in db.session.execute(sa.select(ItemVersion.number, ItemVersion.action)
                                                     .where(ItemVersion.item_id == item_id)
                                                     .order_by(ItemVersion.number))]


def _queue(client, **args) -> list[str]:
    page = client.get("/review/", query_string=args)
    assert page.status_code == 200, page.get_data(as_text=True)[:500]
    return ROW.findall(page.get_data(as_text=True))


# -- roles --------------------------------------------------------------------------------------------


def test_admin_page_is_for_admins_only_and_changes_roles(app, client, people):
    for name in ("asha", "edna"):
        people.be(name)
        assert client.get("/admin/users").status_code == 404
        assert people.post("/admin/users", user_id=str(people.uid("ravi")), role="admin").status_code == 404
    assert _role(app, "ravi") == "learner"
    people.be("adam")
    page = client.get("/admin/users").get_data(as_text=True)
    assert 'data-user="ravi"' in page and 'data-user="edna"' in page
    no_csrf = client.post("/admin/users", data={"user_id": str(people.uid("ravi")), "role": "editor"})
    assert no_csrf.status_code == 400 and _role(app, "ravi") == "learner"
    bad = people.post("/admin/users", user_id=str(people.uid("ravi")), role="emperor")
    assert bad.status_code == 303 and _role(app, "ravi") == "learner"
    assert people.post("/admin/users", user_id="999999", role="editor").status_code == 404
    selfdemote = people.post("/admin/users", user_id=str(people.uid("adam")), role="learner")
    assert selfdemote.status_code == 303 and _role(app, "adam") == "admin"
    ok = people.post("/admin/users", user_id=str(people.uid("ravi")), role="editor")
    assert ok.status_code == 302 and _role(app, "ravi") == "editor"


def _role(app, name: str) -> str:
    with app.app_context():
        return db.session.scalar(sa.select(User.role).where(User.username == name))


# -- access control (acceptance 3) ----------------------------------------------------------------------


def test_a_learner_cannot_see_another_learners_documents_items_queue_or_flags(app, client, people):
    ids = _library(app, people)
    people.be("asha")
    assert people.api("/api/v1/study/flag", {"item_id": ids["mine.year"], "reason": "unclear"}).status_code == 200
    with app.app_context():
        flag_id = db.session.scalar(sa.select(ItemFlag.id))
    people.be("ravi")
    mine = ids["mine.year"]
    for path in ("/library/documents/mine", f"/library/items/{mine}", f"/review/items/{mine}/edit",
                 "/review/?document=mine", f"/study/browse/items/{mine}"):
        assert client.get(path).status_code == 404, path
    for path in (f"/review/items/{mine}/approve", f"/review/items/{mine}/retire", "/review/documents/mine/approve",
                 "/review/documents/mine/publish", f"/review/flags/{flag_id}/resolve"):
        assert people.post(path, reason="x", resolution="x").status_code == 404, path
    assert mine not in _queue(client) and not _queue(client)  # a learner's queue: own documents only (none)
    for path, body in (("/api/v1/study/flag", {"item_id": mine, "reason": "wrong_key"}),
                       ("/api/v1/study/answer", {"item_id": mine, "response": 2})):
        r = people.api(path, body)
        assert r.status_code == 404 and r.json["status"] == 404, path
    assert "mine" not in client.get("/library/").get_data(as_text=True).split('href="/library/documents/')[1:]
    # nothing changed
    assert _item(app, mine).status == ItemStatus.GENERATED and _versions(app, mine) == []
    with app.app_context():
        assert db.session.get(ItemFlag, flag_id).status == "open"
    # and the shared library's queue is the editors'
    assert client.get("/review/?document=shared").status_code == 404
    assert people.post(f"/review/items/{ids['shared.year']}/approve").status_code == 404
    people.be("edna")
    queue = _queue(client)
    assert ids["shared.year"] in queue and mine not in queue  # an editor: the shared library, not asha's
    assert client.get(f"/review/items/{mine}/edit").status_code == 404


# -- actions ----------------------------------------------------------------------------------------


def test_approve_hold_retire_each_make_a_version_and_change_what_is_served(app, client, people):
    ids = _library(app, people)
    people.be("asha")
    year, member = ids["mine.year"], ids["mine.member"]
    assert set(_queue(client)) == {year, member, ids["mine.held"]}
    page = client.get("/review/").get_data(as_text=True)
    assert "<mark data-role=\"quote\">Ruritania signed the pact on 12 March 1998 in Tokyo.</mark>" in page
    assert "unresolved_subject" in page  # a held item shows its gate reasons

    assert people.post(f"/review/items/{year}/approve", back="/review/?status=all").headers["Location"] == \
        "/review/?status=all"
    assert _item(app, year).status == "reviewed" and _versions(app, year) == [(1, "generated"), (2, "approve")]
    people.post(f"/review/items/{year}/approve")  # a second press (double click, retried request)
    assert _versions(app, year) == [(1, "generated"), (2, "approve")]
    assert year not in _queue(client) and year in _queue(client, status="reviewed")

    refused = people.post(f"/review/items/{member}/hold", reason="  ")
    assert refused.status_code == 303 and _item(app, member).status == "generated" and _versions(app, member) == []
    people.post(f"/review/items/{member}/hold", reason="the list is from 2011")
    held = _item(app, member)
    assert held.status == "held" and "the list is from 2011" in held.hold_reasons
    assert member in _queue(client, reason="the list is from 2011")
    assert people.api("/api/v1/study/answer", {"item_id": member, "response": 0}).status_code == 404  # not served

    people.post(f"/review/items/{member}/retire")
    assert _item(app, member).status == "retired"
    assert [a for _, a in _versions(app, member)] == ["generated", "hold", "retire"]
    people.post(f"/review/items/{member}/retire")
    assert [a for _, a in _versions(app, member)] == ["generated", "hold", "retire"]
    assert people.post("/review/items/nope/approve").status_code == 404
    assert client.post(f"/review/items/{year}/retire").status_code == 400  # no CSRF token
    assert _item(app, year).status == "reviewed"


def test_bulk_approve_a_document_leaves_held_items_waiting(app, client, people):
    ids = _library(app, people)
    people.be("asha")
    r = people.post("/review/documents/mine/approve")
    assert r.status_code == 303
    assert _item(app, ids["mine.year"]).status == "reviewed" and _item(app, ids["mine.member"]).status == "reviewed"
    assert _item(app, ids["mine.held"]).status == "held"
    assert _queue(client) == [ids["mine.held"]]
    assert _item(app, ids["shared.year"]).status == "generated"


def _edit_data(it: Item, **changes) -> dict:
    data = {"stem": it.stem, "explanation": it.explanation, "start": str(it.start), "end": str(it.end)}
    if it.type == "mcq":
        data.update({f"option_{c}": o for c, o in zip("abcd", it.options, strict=True)}, key=str(it.answer))
    else:
        data["answer"] = str(it.answer)
    data.update(changes)
    return data


def test_an_edit_the_quote_no_longer_supports_is_refused_with_the_reason_and_writes_nothing(app, client, people):
    ids = _library(app, people)
    people.be("asha")
    year, member, held = (_item(app, ids[k]) for k in ("mine.year", "mine.member", "mine.held"))
    page = client.get(f"/review/items/{year.id}/edit")
    assert page.status_code == 200 and "12 March 1998" in page.get_data(as_text=True)

    wrong = people.post(f"/review/items/{year.id}/edit", **_edit_data(year, key="0"))
    assert wrong.status_code == 400
    assert "wrong key: &#39;1996&#39; is not the year of the cited date (1998)" in wrong.get_data(as_text=True)
    wrong_member = people.post(f"/review/items/{member.id}/edit", **_edit_data(member, key="1"))
    assert wrong_member.status_code == 400 and "is not in the cited list" in wrong_member.get_data(as_text=True)
    # another quote: the answer is not in it
    b = TEXT.index("The secretariat")
    other = people.post(f"/review/items/{held.id}/edit", **_edit_data(held, start=str(b), end=str(len(TEXT))))
    assert other.status_code == 400 and "does not appear in the item&#39;s quote" in other.get_data(as_text=True)
    outside = people.post(f"/review/items/{held.id}/edit", **_edit_data(held, start="5", end=str(len(TEXT) + 9)))
    assert outside.status_code == 400 and "span of the source" in outside.get_data(as_text=True)
    empty = people.post(f"/review/items/{year.id}/edit", **_edit_data(year, stem=""))
    assert empty.status_code == 400 and "The stem cannot be empty." in empty.get_data(as_text=True)
    for it in (year, member, held):
        now = _item(app, it.id)
        assert (now.answer, now.stem, now.start, now.version) == (it.answer, it.stem, it.start, 1)
        assert _versions(app, it.id) == []

    good = people.post(f"/review/items/{year.id}/edit",
                       **_edit_data(year, stem="In which year did Ruritania sign the pact in Tokyo?",
                                    explanation="Signed on 12 March 1998."), back="/review/?status=all")
    assert good.status_code == 303 and good.headers["Location"] == "/review/?status=all"
    now = _item(app, year.id)
    assert now.stem == "In which year did Ruritania sign the pact in Tokyo?" and now.version == 2
    with app.app_context():
        first, second = db.session.scalars(sa.select(ItemVersion).where(ItemVersion.item_id == year.id)
                                           .order_by(ItemVersion.number)).all()
        assert first.stem == "In which year was the pact signed?" and first.user_id is None
        assert second.stem == now.stem and second.user_id == people.uid("asha") and second.action == "edit"
        assert second.options == year.options and second.answer == 2 and second.quote == year.quote
    # a new quote that still carries the answer is accepted, and the quote is the source's text there
    a = TEXT.index("12 March 1998")
    moved = people.post(f"/review/items/{held.id}/edit", **_edit_data(held, start=str(a), end=str(a + 13)))
    assert moved.status_code == 303
    assert _item(app, held.id).quote == "12 March 1998"


def test_publishing_moves_reviewed_items_to_every_learner_and_holds_the_rest(app, client, people):
    with app.app_context():
        doc = make_document("draft", TEXT, owner_id=people.uid("edna"), title="Editor's draft")
        ok = make_item(doc, "fact", stem="Where was the pact signed?", answer="Tokyo", status="reviewed")
        raw = make_item(doc, "fact", stem="Who signed?", answer="Ruritania")
        db.session.commit()
        ok_id, raw_id = ok.id, raw.id
    people.be("ravi")
    assert client.get(f"/library/items/{ok_id}").status_code == 404
    assert people.post("/review/documents/draft/publish").status_code == 404  # a learner cannot publish
    people.be("edna")
    r = people.post("/review/documents/draft/publish")
    assert r.status_code == 303
    with app.app_context():
        assert db.session.get(Document, "draft").owner_id is None
    assert _item(app, ok_id).status == "reviewed" and _item(app, raw_id).status == "held"
    assert _item(app, raw_id).hold_reasons == ["unreviewed"]
    assert raw_id in _queue(client)  # it waits in the editors' queue now
    people.be("ravi")
    assert client.get(f"/library/items/{ok_id}").status_code == 200
    assert people.api("/api/v1/study/answer", {"item_id": ok_id, "rating": 3}).status_code == 200
    assert people.api("/api/v1/study/answer", {"item_id": raw_id, "rating": 3}).status_code == 404


def test_publishing_needs_a_reviewed_item_and_an_editors_own_document(app, client, people):
    ids = _library(app, people)
    with app.app_context():
        make_document("empty", TEXT, owner_id=people.uid("edna"))
        db.session.commit()
    people.be("edna")
    assert people.post("/review/documents/mine/publish").status_code == 404  # asha's: not the editor's to publish
    assert people.post("/review/documents/shared/publish").status_code == 404  # already shared
    r = people.post("/review/documents/empty/publish")
    assert r.status_code == 303
    assert "Approve at least one item" in client.get("/review/").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Document, "empty").owner_id == people.uid("edna")
        assert db.session.get(Document, "mine").owner_id == people.uid("asha")
    assert _item(app, ids["mine.year"]).status == "generated"


# -- flags -------------------------------------------------------------------------------------------


def test_flags_reach_the_right_queue_and_the_learner_sees_the_resolution(app, client, people):
    ids = _library(app, people)
    people.be("asha")
    bad = people.api("/api/v1/study/flag", {"item_id": ids["shared.year"], "reason": "because"})
    assert bad.status_code == 400 and "reason must be one of" in bad.json["message"]
    assert people.api("/api/v1/study/flag", {"item_id": ids["shared.year"], "reason": "wrong_key",
                                             "note": "the source says 1998"}).status_code == 200
    assert people.api("/api/v1/study/flag", {"item_id": ids["mine.member"], "reason": "outdated"}).status_code == 200
    assert _queue(client, flags="open") == [ids["mine.member"]]  # her own document's flag: her queue
    page = client.get(f"/library/items/{ids['shared.year']}").get_data(as_text=True)
    assert 'data-role="own-flag" data-status="open"' in page
    with app.app_context():
        shared_flag = db.session.scalar(sa.select(ItemFlag.id).where(ItemFlag.item_id == ids["shared.year"]))
    assert people.post(f"/review/flags/{shared_flag}/resolve", resolution="fixed").status_code == 404

    people.be("edna")
    assert _queue(client, flags="open") == [ids["shared.year"]]
    queue = client.get("/review/?flags=open").get_data(as_text=True)
    assert "wrong key" in queue and "the source says 1998" in queue
    assert 'data-testid="item-flags"' in client.get(f"/library/items/{ids['shared.year']}").get_data(as_text=True)
    empty = people.post(f"/review/flags/{shared_flag}/resolve", resolution=" ")
    assert empty.status_code == 303
    with app.app_context():
        assert db.session.get(ItemFlag, shared_flag).status == "open"
    people.post(f"/review/flags/{shared_flag}/resolve", resolution="Checked: the key 1998 is right.")
    with app.app_context():
        f = db.session.get(ItemFlag, shared_flag)
        assert (f.status, f.resolution, f.resolved_by_id) == ("resolved", "Checked: the key 1998 is right.",
                                                              people.uid("edna"))
    assert _queue(client, flags="open") == []
    again = people.post(f"/review/flags/{shared_flag}/resolve", resolution="twice")
    assert again.status_code == 303
    with app.app_context():
        assert db.session.get(ItemFlag, shared_flag).resolution == "Checked: the key 1998 is right."

    people.be("asha")
    page = client.get(f"/library/items/{ids['shared.year']}").get_data(as_text=True)
    assert 'data-status="resolved"' in page and "Checked: the key 1998 is right." in page
    assert 'data-testid="item-flags"' not in page  # open flags are for the item's reviewers


def test_the_test_review_page_flags_a_question(app, client, people):
    ids = _library(app, people)
    people.be("asha")
    r = people.post("/review/flags", item_id=ids["shared.member"], reason="duplicate",
                    back="/practice/1/results#q-1")
    assert r.status_code == 303 and r.headers["Location"] == "/practice/1/results#q-1"
    assert people.post("/review/flags", item_id=ids["shared.member"], reason="nonsense").status_code == 303
    assert people.post("/review/flags", item_id="ghost", reason="unclear").status_code == 404
    with app.app_context():
        rows = db.session.execute(sa.select(ItemFlag.item_id, ItemFlag.reason, ItemFlag.kind)).all()
    assert [tuple(r) for r in rows] == [(ids["shared.member"], "duplicate", "learner")]
    people.be("ravi")
    assert people.post("/review/flags", item_id=ids["mine.year"], reason="unclear").status_code == 404


# -- versions in history ---------------------------------------------------------------------------------


def test_logs_and_test_responses_keep_the_version_the_learner_saw(app, client, people):
    ids = _library(app, people)
    year = ids["shared.year"]
    with app.app_context():
        shared = db.session.get(Document, "shared")
        for _ in range(8):  # a ten-question test needs ten MCQs
            make_item(shared, "mcq")
        db.session.commit()
    people.be("ravi")
    assert people.api("/api/v1/study/answer", {"item_id": year, "response": 2}).status_code == 200
    token = people.token("/practice/")
    made = client.post("/practice/", data={"csrf_token": token, "size": "10", "scheme": "upsc"})
    with app.app_context():
        assert db.session.scalar(sa.select(ReviewLog.item_version).where(ReviewLog.item_id == year)) == 1
        versions = db.session.scalars(sa.select(PracticeResponse.item_version)).all()
    assert made.status_code == 302 and len(versions) == 10 and set(versions) == {1}

    people.be("edna")
    it = _item(app, year)
    r = people.post(f"/review/items/{year}/edit", **_edit_data(it, stem="Name the year of the Tokyo pact."))
    assert r.status_code == 303 and _item(app, year).version == 2

    people.be("ravi")
    history = client.get(f"/study/browse/items/{year}").get_data(as_text=True)
    seen = re.search(r'data-role="seen" data-version="(\d+)">([^<]+?) <', history)
    assert seen and seen.groups() == ("1", "In which year was the pact signed?")
    assert "v1, since edited" in history
    with app.app_context():  # the test built before the edit still shows the old wording
        assert set(db.session.scalars(sa.select(PracticeResponse.item_version))) == {1}


def test_every_page_and_api_route_that_takes_an_item_or_document_hides_another_learners(app, client, people):
    """Acceptance 3, the routes the first test leaves out: hold, edit (POST), writing, suspend, browse, practice
    filters, the teachers' flag page, and another learner's flag on a shared item."""
    ids = _library(app, people)
    with app.app_context():
        mine_doc = db.session.get(Document, "mine")
        essay = make_item(mine_doc, "essay", stem="Discuss the pact (150 words).", start=0, end=10,
                          quote=TEXT[:10])
        db.session.commit()
        essay_id = essay.id
    people.be("asha")
    assert people.api("/api/v1/study/flag", {"item_id": ids["mine.member"], "reason": "unclear",
                                             "note": "asha-private-note"}).status_code == 200
    assert people.api("/api/v1/study/flag", {"item_id": ids["shared.member"], "reason": "outdated",
                                             "note": "asha-shared-note"}).status_code == 200
    people.be("ravi")
    mine = ids["mine.year"]
    it = _item(app, mine)
    for path, data in ((f"/review/items/{mine}/hold", {"reason": "x"}),
                       (f"/review/items/{mine}/edit", _edit_data(it, stem="Taken over?")),
                       (f"/writing/prompts/{essay_id}/start", {"mode": "practice"})):
        assert people.post(path, **data).status_code == 404, path
    for path in (f"/writing/prompts/{essay_id}", f"/review/items/{ids['shared.year']}/edit",
                 f"/classes/items/{mine}/flags"):
        assert client.get(path).status_code == 404, path
    for path, body in (("/api/v1/study/suspend", {"item_id": mine}),
                       ("/api/v1/writing/attempts", {"item_id": essay_id})):
        r = people.api(path, body)
        assert r.status_code == 404 and r.json["status"] == 404, (path, r.status_code)
    practice = people.api("/api/v1/practice/attempts", {"size": 10, "banks": ["mine"]})
    assert practice.status_code == 400 and practice.json["message"].startswith("Only 0 questions")
    found = client.get("/study/browse/", query_string={"q": "founding member"}).get_data(as_text=True)
    assert ids["shared.member"] in found and ids["mine.member"] not in found
    shared_page = client.get(f"/library/items/{ids['shared.member']}").get_data(as_text=True)
    assert "asha-shared-note" not in shared_page and "asha-private-note" not in shared_page
    assert "asha-shared-note" not in client.get("/review/", query_string={"flags": "open"}).get_data(as_text=True)
    # a teacher is a learner too for someone else's private document: its item's flags are a 404
    people.be("edna")
    assert client.get(f"/classes/items/{mine}/flags").status_code == 404
    shared_flags = client.get(f"/classes/items/{ids['shared.member']}/flags")
    assert shared_flags.status_code == 200 and "asha-private-note" not in shared_flags.get_data(as_text=True)
    # nothing changed
    assert _item(app, mine).status == ItemStatus.GENERATED and _item(app, mine).stem == it.stem
    assert _versions(app, mine) == []
