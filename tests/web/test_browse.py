"""The card browser through its pages: every search filter, keyset pages, each action, access control, bad input."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models import Card, Item, ItemTag, ReviewLog, StudyQueue, User
from tests.builders import make_document, make_item, make_topic

UTC = dt.UTC
IST = ZoneInfo("Asia/Kolkata")
T0 = dt.datetime(2026, 1, 5, 4, 0, tzinfo=UTC)  # 09:30 IST
BROWSE = "/study/browse/"
ROW = re.compile(r'<tr data-item="([^"]+)"')


def _ids(response) -> list[str]:
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    return ROW.findall(response.get_data(as_text=True))


def _uid(app, name="asha") -> int:
    with app.app_context():
        return db.session.scalar(sa.select(User.id).where(User.username == name))


def _card(uid, item_id, state=2, due=None, **kw) -> int:
    """A card row as the scheduler leaves it (Core, so a review card's step is really NULL)."""
    values = dict(user_id=uid, item_id=item_id, state=state, step=None if state == 2 else 0,
                  stability=kw.pop("stability", 12.5 if state else None), difficulty=kw.pop("difficulty", 5.5 if state else None),
                  due=due or T0 + dt.timedelta(days=3), last_review=None if state == 0 else T0 - dt.timedelta(days=9),
                  reps=0 if state == 0 else 3, lapses=kw.pop("lapses", 0), suspended=False, flagged=False,
                  created_at=T0 - dt.timedelta(days=10))
    values.update(kw)
    return db.session.execute(sa.insert(Card).values(values).returning(Card.id)).scalar_one()


@pytest.fixture
def user(client, auth, clock):
    auth.register()
    return auth


@pytest.fixture
def seeded(app, user):
    """Two banks, two topics, tags, four types, and the user's cards in every state."""
    uid = _uid(app)
    with app.app_context():
        a, b = make_document("doc-a"), make_document("doc-b")
        polity, economy = make_topic("Polity"), make_topic("Economy")
        items = {
            "new-unseen": make_item(a, "fact", id="i-new-unseen", stem="Which Article abolishes untouchability?",
                                    answer="Article 17", topic=polity),
            "new-card": make_item(a, "cloze", id="i-new-card", stem="The Rajya Sabha is a ____ body.", answer="permanent",
                                  topic=polity),
            "learning": make_item(a, "mcq", id="i-learning", stem="Which river is the Dakshin Ganga?", topic=economy),
            "review": make_item(b, "fact", id="i-review", stem="Who appoints the CAG?", answer="The President",
                                explanation="Article 148 says so.", topic=economy),
            "suspended": make_item(b, "fact", id="i-suspended", stem="When was NITI Aayog set up?", answer="2015",
                                   topic=economy, status="reviewed"),
            "flagged": make_item(b, "essay", id="i-flagged", stem="Discuss the GST council.", topic=economy),
            "far": make_item(b, "fact", id="i-far", stem="Far review question", answer="Monsoon trough", topic=economy),
            "retired": make_item(b, "fact", id="i-retired", stem="Retired question", status="retired"),
            "held": make_item(b, "fact", id="i-held", stem="Held question", status="held"),
        }
        db.session.add(ItemTag(item_id="i-review", tag="gs2"))
        db.session.add(ItemTag(item_id="i-learning", tag="gs2"))
        db.session.add(ItemTag(item_id="i-far", tag="gs3"))
        db.session.flush()
        _card(uid, "i-new-card", state=0, due=T0 - dt.timedelta(hours=1))
        _card(uid, "i-learning", state=1, due=T0 + dt.timedelta(minutes=10))
        _card(uid, "i-review", state=2, due=T0 + dt.timedelta(hours=16), lapses=2)  # due tomorrow 01:30 IST
        _card(uid, "i-suspended", state=2, due=T0 - dt.timedelta(days=1), suspended=True)
        _card(uid, "i-flagged", state=2, due=T0 + dt.timedelta(days=2), flagged=True)
        _card(uid, "i-far", state=2, due=T0 + dt.timedelta(days=40))
        _card(uid, "i-retired", state=2, due=T0)
        db.session.commit()
        return {k: v.id for k, v in items.items()}


LIVE = ["i-far", "i-flagged", "i-learning", "i-new-card", "i-new-unseen", "i-review", "i-suspended"]


@pytest.mark.parametrize("args, expected", [
    ({}, LIVE),
    ({"q": "ARTICLE"}, ["i-new-unseen", "i-review"]),  # stem (case-insensitive) and explanation
    ({"q": "monsoon trough"}, ["i-far"]),  # the answer
    ({"q": "100%"}, []),  # LIKE wildcards are literal
    ({"bank": "doc-a"}, ["i-learning", "i-new-card", "i-new-unseen"]),
    ({"topic": "Polity"}, ["i-new-card", "i-new-unseen"]),
    ({"tag": "gs2"}, ["i-learning", "i-review"]),
    ({"type": "fact"}, ["i-far", "i-new-unseen", "i-review", "i-suspended"]),
    ({"status": "reviewed"}, ["i-suspended"]),
    ({"state": "new"}, ["i-new-card", "i-new-unseen"]),
    ({"state": "learning"}, ["i-learning"]),
    ({"state": "review"}, ["i-far", "i-flagged", "i-review", "i-suspended"]),
    ({"state": "suspended"}, ["i-suspended"]),
    ({"state": "flagged"}, ["i-flagged"]),
    # Due today (IST): the learning card only; the suspended one is overdue but out of study. By due date.
    ({"state": "due", "due_days": "0"}, ["i-learning"]),
    ({"state": "due", "due_days": "1"}, ["i-learning", "i-review"]),
    ({"state": "due", "due_days": "3"}, ["i-learning", "i-review", "i-flagged"]),
    ({"state": "review", "bank": "doc-b", "tag": "gs3"}, ["i-far"]),
])
def test_each_filter_finds_exactly_its_items(client, seeded, args, expected):
    assert _ids(client.get(BROWSE, query_string=args)) == expected


def test_rows_show_the_card_in_the_users_time_zone(client, seeded):
    html = client.get(BROWSE, query_string={"q": "CAG"}).get_data(as_text=True)
    assert "2026-01-06 01:30" in html  # 20:00 UTC on the 5th + 5:30
    assert "12.5" in html and "5.50" in html and "(not yet introduced)" not in html
    assert "(not yet introduced)" in client.get(BROWSE, query_string={"q": "untouchability"}).get_data(as_text=True)


def test_pages_walk_every_item_once_by_keyset(app, client, user):
    with app.app_context():
        doc = make_document("big")
        for n in range(123):
            make_item(doc, "fact", id=f"p-{n:03d}")
        db.session.commit()
    seen, url, pages = [], BROWSE, 0
    while url:
        response = client.get(url)
        seen += _ids(response)
        pages += 1
        found = re.search(r'href="([^"]+)" data-role="next-page"', response.get_data(as_text=True))
        url = found.group(1).replace("&amp;", "&") if found else None
    assert pages == 3 and seen == [f"p-{n:03d}" for n in range(123)]


def test_due_pages_follow_the_due_date(app, client, user):
    uid = _uid(app)
    with app.app_context():
        doc = make_document("big")
        for n in range(60):
            make_item(doc, "fact", id=f"d-{n:03d}")
            # Due in reverse id order, in pairs sharing a due date, so the cursor must break ties by id.
            _card(uid, f"d-{n:03d}", due=T0 + dt.timedelta(hours=(60 - n) // 2))
        db.session.commit()
    first = client.get(BROWSE, query_string={"state": "due", "due_days": "5"})
    ids = _ids(first)
    cursor = re.search(r'href="([^"]+)" data-role="next-page"', first.get_data(as_text=True)).group(1).replace("&amp;", "&")
    ids += _ids(client.get(cursor))
    expected = sorted((f"d-{n:03d}" for n in range(60)), key=lambda i: ((60 - int(i[2:])) // 2, i))
    assert ids == expected


def _act(client, auth, action, items=(), **extra):
    data = {"csrf_token": auth.csrf(BROWSE), "action": action, "items": list(items), **extra}
    return client.post("/study/browse/actions", data=data)


def _cards(app, uid):
    with app.app_context():
        return {c.item_id: c for c in db.session.scalars(sa.select(Card).where(Card.user_id == uid))}


def test_suspend_then_unsuspend_restores_the_due_date_exactly(app, client, user, seeded):
    uid = _uid(app)
    before = _cards(app, uid)
    response = _act(client, user, "suspend", ["i-review", "i-far"], search="state=review")
    assert response.status_code == 302 and response.headers["Location"].endswith("/study/browse/?state=review")
    assert "Suspended 2 of 2 items" in client.get(response.headers["Location"]).get_data(as_text=True)
    middle = _cards(app, uid)
    assert middle["i-review"].suspended and middle["i-far"].suspended
    assert _ids(client.get(BROWSE, query_string={"state": "suspended"})) == ["i-far", "i-review", "i-suspended"]
    _act(client, user, "unsuspend", ["i-review", "i-far", "i-suspended"])
    after = _cards(app, uid)
    for item_id in ("i-review", "i-far", "i-suspended"):
        assert not after[item_id].suspended
        assert after[item_id].due == before[item_id].due  # exactly, to the microsecond
        assert (after[item_id].state, after[item_id].stability, after[item_id].reps) == (
            before[item_id].state, before[item_id].stability, before[item_id].reps)


def test_suspending_an_item_never_introduced_makes_its_card(app, client, user, seeded):
    uid = _uid(app)
    _act(client, user, "suspend", ["i-new-unseen"])
    card = _cards(app, uid)["i-new-unseen"]
    assert card.suspended and card.state == 0


def test_reset_makes_the_card_new_and_keeps_its_review_logs(app, client, user, seeded):
    uid = _uid(app)
    token = user.csrf("/study/")
    for rating in (3, 3):
        r = client.post("/api/v1/study/answer", json={"item_id": "i-learning", "rating": rating, "duration_ms": 3000},
                        headers={"X-CSRFToken": token})
        assert r.status_code == 200, r.json
    with app.app_context():
        logs_before = db.session.execute(sa.select(ReviewLog.id, ReviewLog.rating, ReviewLog.due_after)
                                         .where(ReviewLog.item_id == "i-learning").order_by(ReviewLog.id)).all()
    assert len(logs_before) == 2
    response = _act(client, user, "reset", ["i-learning", "i-new-card"])
    assert response.status_code == 302
    card = _cards(app, uid)["i-learning"]
    assert (card.state, card.reps, card.lapses, card.stability, card.difficulty, card.last_review) == (0, 0, 0, None, None, None)
    with app.app_context():
        logs_after = db.session.execute(sa.select(ReviewLog.id, ReviewLog.rating, ReviewLog.due_after)
                                        .where(ReviewLog.item_id == "i-learning").order_by(ReviewLog.id)).all()
    assert logs_after == logs_before
    assert "i-learning" in _ids(client.get(BROWSE, query_string={"state": "new"}))
    page = client.get("/study/browse/items/i-learning").get_data(as_text=True)
    assert page.count("<td>study</td>") == 2  # the history is still shown


def test_bulk_actions_apply_to_exactly_the_selection(app, client, user, seeded):
    uid = _uid(app)
    before = _cards(app, uid)
    _act(client, user, "suspend", ["i-far", "i-flagged"])
    after = _cards(app, uid)
    assert {i for i, c in after.items() if c.suspended} == {"i-far", "i-flagged", "i-suspended"}
    untouched = set(before) - {"i-far", "i-flagged"}
    for item_id in untouched:
        assert after[item_id].due == before[item_id].due and after[item_id].suspended == before[item_id].suspended


def test_all_matching_applies_to_the_search_and_nothing_else(app, client, user, seeded):
    uid = _uid(app)
    response = _act(client, user, "suspend", [], all_matching="y", search="bank=doc-a")
    assert response.status_code == 302
    cards = _cards(app, uid)
    assert {i for i, c in cards.items() if c.suspended} == {"i-new-unseen", "i-new-card", "i-learning", "i-suspended"}


def test_all_matching_walks_past_one_statement(app, client, user):
    uid = _uid(app)
    with app.app_context():
        doc = make_document("big")
        db.session.flush()
        db.session.execute(sa.insert(Item), [
            {"id": f"m-{n:05d}", "document_id": "big", "type": "fact", "stem": f"Q {n}", "options": [], "answer": "a",
             "explanation": "", "tags": [], "status": "generated", "start": n, "end": n + 1, "quote": "q"}
            for n in range(2300)])
        db.session.execute(sa.insert(Card), [
            {"user_id": uid, "item_id": f"m-{n:05d}", "state": 2, "due": T0 + dt.timedelta(days=1 + n % 7),
             "reps": 1, "lapses": 0} for n in range(2300)])
        db.session.commit()
        assert doc
    _act(client, user, "reschedule", [], all_matching="y", search="state=due&due_days=3", date="2026-02-01")
    cards = _cards(app, uid)
    moved = {i for i, c in cards.items() if c.due == dt.datetime(2026, 2, 1, tzinfo=IST).astimezone(UTC)}
    assert moved == {f"m-{n:05d}" for n in range(2300) if 1 + n % 7 <= 3}


def test_reschedule_moves_reviewed_cards_to_local_midnight_and_leaves_new_ones(app, client, user, seeded):
    uid = _uid(app)
    before = _cards(app, uid)
    response = _act(client, user, "reschedule", ["i-review", "i-new-card"], date="2026-01-20")
    assert "Rescheduled 1 items to 2026-01-20. 1 new items were left alone" in client.get(
        response.headers["Location"]).get_data(as_text=True)
    after = _cards(app, uid)
    assert after["i-review"].due == dt.datetime(2026, 1, 19, 18, 30, tzinfo=UTC)  # 2026-01-20 00:00 IST
    assert after["i-new-card"].due == before["i-new-card"].due


def test_unflag(app, client, user, seeded):
    _act(client, user, "unflag", ["i-flagged"])
    assert not _cards(app, _uid(app))["i-flagged"].flagged
    assert _ids(client.get(BROWSE, query_string={"state": "flagged"})) == []


def test_study_now_puts_the_selection_first_in_the_queue(app, client, user, seeded):
    response = _act(client, user, "study", ["i-far", "i-suspended"])
    assert response.status_code == 302 and response.headers["Location"].endswith("/study/")
    cards = _cards(app, _uid(app))
    assert not cards["i-suspended"].suspended and cards["i-far"].due <= T0
    shown = set()
    token = user.csrf("/study/")
    for _ in range(5):  # the two made due come before the learning card (not due for ten minutes),
        nxt = client.get("/api/v1/study/next").json  # though a new card may be mixed in among them
        shown.add(nxt["item"]["id"])
        if {"i-far", "i-suspended"} <= shown:
            break
        client.post("/api/v1/study/answer", json={"item_id": nxt["item"]["id"], "rating": 3}, headers={"X-CSRFToken": token})
    assert {"i-far", "i-suspended"} <= shown | {nxt["item"]["id"]}


def test_the_study_queue_is_rebuilt_after_a_browser_change(app, client, user, seeded):
    first = client.get("/api/v1/study/next").json["item"]["id"]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(StudyQueue)) >= 1
    _act(client, user, "suspend", [first])
    second = client.get("/api/v1/study/next").json["item"]
    assert second is None or second["id"] != first


def test_item_page_shows_card_and_history(app, client, user, seeded):
    html = client.get("/study/browse/items/i-review").get_data(as_text=True)
    assert "Who appoints the CAG?" in html and "12.50 days" in html and "5.50" in html
    assert "2026-01-06 01:30 (Asia/Kolkata)" in html and "No answers yet." in html
    response = _act(client, user, "suspend", ["i-review"], back="item")
    assert response.headers["Location"].endswith("/study/browse/items/i-review")
    assert ", suspended" in client.get(response.headers["Location"]).get_data(as_text=True)


# --------------------------------------------------------------------------- access control


def test_another_users_card_and_unstudyable_items_are_404(app, client, user, seeded, auth):
    mine = _cards(app, _uid(app))["i-review"].id
    assert client.get(f"/study/browse/cards/{mine}").status_code == 302
    with app.app_context():
        other = User(username="bhavna", password_hash="x")
        db.session.add(other)
        db.session.flush()
        theirs = _card(other.id, "i-far")
        db.session.commit()
    assert client.get(f"/study/browse/cards/{theirs}").status_code == 404
    for item_id in ("i-retired", "i-held", "nope"):
        assert client.get(f"/study/browse/items/{item_id}").status_code == 404
    before = _cards(app, _uid(app))
    response = _act(client, user, "suspend", ["i-review", "i-retired"])
    assert response.status_code == 404
    assert not _cards(app, _uid(app))["i-review"].suspended and before["i-review"].due == _cards(app, _uid(app))["i-review"].due
    assert "i-retired" not in _ids(client.get(BROWSE))


def test_the_browser_needs_a_login(client):
    assert client.get(BROWSE).status_code in (302, 401)
    assert client.post("/study/browse/actions", data={"action": "suspend"}).status_code in (302, 400, 401)


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("data, message", [
    ({"action": "suspend"}, "Tick at least one item"),
    ({"action": "explode", "items": ["i-far"]}, "Not a valid choice"),
    ({"action": "reschedule", "items": ["i-far"]}, "Choose the date to reschedule to"),
    ({"action": "reschedule", "items": ["i-far"], "date": "2026-01-04"}, "Choose today (2026-01-05) or a later date"),
    ({"action": "reschedule", "items": ["i-far"], "date": "next week"}, "Not a valid date value"),
    ({"action": "suspend", "items": ["x" * 41]}, "That is not an item id"),
    ({"action": "suspend", "all_matching": "y", "search": "state=bogus"}, "The search to apply this to is not valid"),
])
def test_bad_action_input_is_a_form_error_and_changes_nothing(app, client, user, seeded, data, message):
    uid = _uid(app)
    before = {i: (c.due, c.suspended, c.state) for i, c in _cards(app, uid).items()}
    response = client.post("/study/browse/actions", data={"csrf_token": user.csrf(BROWSE), **data})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True).replace("&#34;", '"').replace("&#39;", "'")
    assert {i: (c.due, c.suspended, c.state) for i, c in _cards(app, uid).items()} == before


def test_an_action_without_csrf_is_refused(app, client, user, seeded):
    response = client.post("/study/browse/actions", data={"action": "suspend", "items": ["i-far"]})
    assert response.status_code == 400
    assert not _cards(app, _uid(app))["i-far"].suspended


@pytest.mark.parametrize("args, message", [
    ({"state": "bogus"}, "Not a valid choice"),
    ({"bank": "no-such-bank"}, "Not a valid choice"),
    ({"state": "due", "due_days": "-1"}, "between 0 and 3650"),
    ({"state": "due", "due_days": "9" * 400}, "between 0 and 3650"),
    ({"after": "not json"}, "That page link is not valid"),
    ({"state": "due", "after": '["i-far"]'}, "That page link is not valid"),
    ({"state": "due", "after": '["2026-01-05T00:00:00", "i-far"]'}, "That page link is not valid"),
    ({"q": "x" * 201}, "Field cannot be longer than 200 characters"),
])
def test_a_bad_search_is_a_form_error(client, seeded, args, message):
    response = client.get(BROWSE, query_string=args)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_links_to_the_browser_from_study_and_settings(client, user):
    for page in ("/study/", "/study/settings"):
        assert 'href="/study/browse/"' in client.get(page).get_data(as_text=True)


def test_new_pages_merge_new_cards_and_items_never_introduced(app, client, user):
    uid = _uid(app)
    with app.app_context():
        doc = make_document("big")
        for n in range(75):
            make_item(doc, "fact", id=f"n-{n:03d}")
        db.session.flush()
        for n in range(0, 75, 2):  # every other item has a new card; the rest have none yet
            _card(uid, f"n-{n:03d}", state=0, due=T0)
        _card(uid, "n-001", state=2)  # a reviewed card is not new
        db.session.commit()
    first = client.get(BROWSE, query_string={"state": "new"})
    nxt = re.search(r'href="([^"]+)" data-role="next-page"', first.get_data(as_text=True)).group(1).replace("&amp;", "&")
    assert _ids(first) + _ids(client.get(nxt)) == [f"n-{n:03d}" for n in range(75) if n != 1]
    # Once every item has a card, "new" is the cards in state new alone.
    with app.app_context():
        for n in range(1, 75, 2):
            if n != 1:
                _card(uid, f"n-{n:03d}", state=2)
        db.session.commit()
    assert _ids(client.get(BROWSE, query_string={"state": "new"})) == [f"n-{n:03d}" for n in range(0, 75, 2)]


def test_learning_merges_learning_and_relearning_cards_in_item_order(app, client, user):
    uid = _uid(app)
    with app.app_context():
        doc = make_document("big")
        for n in range(90):
            make_item(doc, "fact", id=f"l-{n:03d}")
        db.session.flush()
        for n in range(90):
            _card(uid, f"l-{n:03d}", state=(1, 3, 2)[n % 3], due=T0)
        db.session.commit()
    first = client.get(BROWSE, query_string={"state": "learning"})
    nxt = re.search(r'href="([^"]+)" data-role="next-page"', first.get_data(as_text=True)).group(1).replace("&amp;", "&")
    assert _ids(first) + _ids(client.get(nxt)) == [f"l-{n:03d}" for n in range(90) if n % 3 != 2]
