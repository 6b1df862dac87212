"""Items the quality gate holds are loaded but never reach a learner: not in study, not in tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from quizapp.banks.build import build_banks
from quizapp.content.loader import load_banks
from quizapp.extensions import db
from quizapp.models import Item
from tests.builders import make_document, make_item, make_topic, use_clock

UTC = dt.UTC
T0 = dt.datetime(2026, 3, 2, 4, 0, tzinfo=UTC)


@pytest.fixture
def clock(app):
    return use_clock(app, T0)


@pytest.fixture
def study(client, auth, clock):
    auth.register()
    token = auth.csrf("/study/")

    class Api:
        def next(self, **params):
            return client.get("/api/v1/study/next", query_string=params)

        def answer(self, item_id, rating=3):
            return client.post("/api/v1/study/answer", json={"item_id": item_id, "rating": rating, "duration_ms": 3000},
                               headers={"X-CSRFToken": token})

    return Api()


def _seed(app, statuses):
    with app.app_context():
        doc = make_document()
        ids = [make_item(doc, "fact", status=s, hold_reasons=["open_list_exclusion"] if s == "held" else []).id
               for s in statuses]
        db.session.commit()
        return ids


def _drain(study, clock, limit=40):
    """Every item study/next shows, answering each Easy and moving a day on when nothing is due."""
    shown = []
    for _ in range(limit):
        r = study.next()
        if r.status_code == 204:
            clock.at += dt.timedelta(days=1)
            if study.next().status_code == 204:
                break
            continue
        item = r.json["item"]["id"]
        shown.append(item)
        assert study.answer(item, 4).status_code == 200
    return shown


def test_study_next_never_serves_a_held_item(app, study, clock):
    ids = _seed(app, ["generated", "held", "reviewed", "held", "generated"])
    shown = set(_drain(study, clock))
    assert shown == {ids[0], ids[2], ids[4]}
    assert study.answer(ids[1]).status_code == 404


def test_an_item_held_on_rebuild_leaves_the_queue(app, study, clock):
    ids = _seed(app, ["generated", "generated"])
    first = study.next().json["item"]["id"]
    assert study.answer(first, 1).status_code == 200  # Again: back in learning, due within minutes
    with app.app_context():
        db.session.get(Item, first).status = "held"
        db.session.commit()
    clock.at += dt.timedelta(minutes=30)
    assert set(_drain(study, clock)) == set(ids) - {first}
    assert study.answer(first).status_code == 404


def test_test_creation_never_draws_a_held_item(app, client, auth, clock):
    auth.register()
    token = auth.csrf("/practice/")
    with app.app_context():
        doc = make_document("bank-h")
        topic = make_topic("Polity")
        held = set()
        for k in range(15):
            status = "held" if k % 3 == 0 else "generated"
            item = make_item(doc, "mcq", id=f"mcq-{k:03d}", answer=k % 4, topic=topic, status=status,
                             options=[f"opt {k}-{j}" for j in range(4)])
            if status == "held":
                held.add(item.id)
        db.session.commit()
    ok = client.post("/api/v1/practice/attempts", json={"size": 10}, headers={"X-CSRFToken": token})
    assert ok.status_code == 201, ok.json
    assert not {q["item_id"] for q in ok.json["questions"]} & held
    assert len(ok.json["questions"]) == 10
    short = client.post("/api/v1/practice/attempts", json={"size": 25}, headers={"X-CSRFToken": token})
    assert short.status_code == 400 and short.json["message"].startswith("Only 10 questions match")


def test_library_counts_only_served_items(app, client, auth):
    _seed(app, ["generated", "held", "held"])
    auth.register()
    page = client.get("/library/").get_data(as_text=True)
    assert "(1 fact)" in page and "3 fact" not in page


def test_loading_a_built_bank_stores_held_items_and_their_reasons(app, tmp_path: Path):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "pact.txt").write_text(
        "Treaty partners of Ruritania\n\n"
        "Ruritania already has such treaties with 12 countries, among them France, Japan and Kenya.\n\n"
        "The Ruritania–Japan treaty was signed in 1998 in Tokyo.\n",
        encoding="utf-8")
    banks = tmp_path / "banks"
    report = build_banks(sources, banks)
    assert report.ok and report.held > 0
    with app.app_context():
        load_banks(banks, sources)
        rows = db.session.execute(sa.select(Item.id, Item.type, Item.tags, Item.status, Item.hold_reasons)).all()
        served = db.session.scalars(sa.select(Item.id).where(Item.live())).all()
    held = [r for r in rows if r.status == "held"]
    assert held and all(r.hold_reasons for r in held)
    # the open list ("among them") gives no exclusion question a learner can see: the
    # generator makes none, and the gate would hold one that slipped through
    list_mcqs = [r for r in rows if r.type == "mcq" and "list" in r.tags]
    assert all(r.id not in served for r in list_mcqs)
    assert {r.id for r in held}.isdisjoint(served)


def test_the_queue_anti_join_seeks_the_unserved_ids_never_scans_items(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("EXPLAIN QUERY PLAN output is SQLite's")
        sql = str(Item.unserved_ids().compile(db.engine))
        plan = db.session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + sql).all()
    details = " ".join(str(row[-1]) for row in plan)
    assert "SEARCH item USING" in details and "SCAN item" not in details, plan
