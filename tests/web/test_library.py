"""Loading the shipped banks into the database, and the Library pages over them."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml

from quizapp.content.loader import LoadError, load_banks
from quizapp.extensions import db
from quizapp.models import Document, Fact, Item, KeyPoint, User
from quizapp.timeutil import utcnow
from tests import fastyaml
from tests.conftest import load_shipped_banks, wipe

ROOT = Path(__file__).resolve().parents[2]
BANKS = ROOT / "questions" / "banks"
SOURCES = ROOT / "questions" / "sources"
MLAT_DOC = "004_3457cf58089fa324"


def _counts() -> dict[str, int]:
    return {m.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(m)) for m in (Document, Fact, Item, KeyPoint)}


@pytest.fixture
def loaded(app) -> None:
    load_shipped_banks(app)


def test_load_upserts_every_bank(app):
    expected_items = 0
    for path in BANKS.glob("*.yaml"):
        expected_items += len(yaml.load(path.read_text(), Loader=yaml.CSafeLoader)["items"])
    with app.app_context():
        loaded = load_banks(BANKS, SOURCES)
        counts = _counts()
        assert counts["Document"] == 5
        assert counts["Item"] == expected_items
        assert loaded.inserted == expected_items
        again = load_banks(BANKS, SOURCES)  # idempotent
        assert again.inserted == 0 and again.updated == expected_items and again.retired == 0
        assert _counts() == counts
        doc = db.session.get(Document, MLAT_DOC)
        assert doc.text == (SOURCES / f"{MLAT_DOC}.txt").read_text(encoding="utf-8")
        for item in db.session.scalars(sa.select(Item)):
            assert doc.text is not None
            assert item.document.text[item.start:item.end] == item.quote


def _every_row(app) -> dict[str, list[tuple]]:
    """Every row of every table, timestamps left out (each load stamps its own)."""
    with app.app_context():
        conn = db.session.connection()
        rows = {t.name: sorted((tuple(repr(v) for v in r if not isinstance(v, dt.datetime)) for r in conn.execute(sa.select(t))),
                               key=repr)
                for t in db.metadata.sorted_tables}
        db.session.rollback()
        return rows


def test_the_loaded_fixture_leaves_what_a_real_load_leaves(app):
    """``loaded`` puts back the rows of this process's first load instead of loading again: the same rows."""
    load_shipped_banks(app)  # the first call in a process is the real load, which it keeps
    wipe(app)
    started = utcnow()
    load_shipped_banks(app)  # so this one puts the kept rows back
    restored = _every_row(app)
    with app.app_context():
        assert all(d.loaded_at >= started for d in db.session.scalars(sa.select(Document)))
    wipe(app)
    with app.app_context():
        load_banks(BANKS, SOURCES)
    assert restored == _every_row(app)
    assert len(restored["item"]) > 400 and restored["document"] and restored["fact"]


def _copy(tmp_path: Path) -> Path:
    banks = tmp_path / "banks"
    shutil.copytree(BANKS, banks)
    return banks


def test_bad_bank_is_refused_and_changes_nothing(app, loaded, tmp_path):
    banks = _copy(tmp_path)
    path = banks / f"{MLAT_DOC}.yaml"
    data = fastyaml.load(path.read_text())
    mcq = next(i for i in data["items"] if i["type"] == "mcq")
    mcq["answer"] = (mcq["answer"] + 1) % 4  # a wrong key
    edited_stem = data["items"][0]["stem"] = "Edited stem that must not land"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    with app.app_context():
        before = _counts()
        with pytest.raises(LoadError) as err:
            load_banks(banks, SOURCES)
        assert any(f"{MLAT_DOC}.yaml:" in p for p in err.value.problems)
        assert _counts() == before
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Item).where(Item.stem == edited_stem)) == 0


def test_removed_item_is_retired_not_deleted(app, loaded, tmp_path):
    banks = _copy(tmp_path)
    path = banks / f"{MLAT_DOC}.yaml"
    data = fastyaml.load(path.read_text())
    gone = next(i for i in reversed(data["items"]) if i["status"] != "retired")
    data["items"].remove(gone)
    for other in data["items"]:
        for kp in other.get("key_points") or []:
            kp["items"] = [i for i in kp.get("items", []) if i != gone["id"]]
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    with app.app_context():
        report = load_banks(banks, SOURCES)
        assert report.retired == 1
        item = db.session.get(Item, gone["id"])
        assert item is not None and item.status == "retired"


def test_cli_load_reports_and_refuses(app, runner, tmp_path):
    ok = runner.invoke(args=["banks", "load"])
    assert ok.exit_code == 0, ok.output
    assert "Loaded 5 documents" in ok.output
    empty = tmp_path / "empty"
    empty.mkdir()
    refused = runner.invoke(args=["banks", "load", str(empty)])
    assert refused.exit_code == 1
    assert "no bank files" in refused.output and "Nothing was loaded." in refused.output


def test_cli_check_passes_on_shipped_banks(runner):
    result = runner.invoke(args=["banks", "check"])
    assert result.exit_code == 0, result.output


def test_library_requires_login(client, loaded):
    for path in ("/library/", f"/library/documents/{MLAT_DOC}"):
        response = client.get(path)
        assert response.status_code == 302 and "/auth/login" in response.location


def test_library_pages(app, client, auth, loaded):
    auth.register()
    index = client.get("/library/").get_data(as_text=True)
    assert index.count('href="/library/documents/') == 5
    page = client.get(f"/library/documents/{MLAT_DOC}").get_data(as_text=True)
    assert "Hit Count" not in page and "Font decrease" not in page
    with app.app_context():
        mlat = next(f for f in db.session.scalars(sa.select(Fact).where(Fact.document_id == MLAT_DOC, Fact.kind == "list"))
                    if len(f.data.get("members", [])) == 34)
        fact_id = mlat.id
        n_items = len([i for i in mlat.items if i.active])  # held items are not listed
    assert f'data-fact="{fact_id}"' in page
    selected = client.get(f"/library/documents/{MLAT_DOC}?fact={fact_id}").get_data(as_text=True)
    assert 'data-testid="fact-items"' in selected
    assert selected.count('href="/library/items/') >= n_items > 0
    assert client.get(f"/library/documents/{MLAT_DOC}?fact=f_nope").status_code == 404
    assert client.get("/library/documents/nope").status_code == 404


def test_item_page_shows_answer_and_source(app, client, auth, loaded):
    auth.register()
    with app.app_context():
        item = db.session.scalars(sa.select(Item).where(Item.type == "mcq").order_by(Item.id)).first()
        item_id, key, quote = item.id, item.options[item.answer], item.quote
    html = client.get(f"/library/items/{item_id}").get_data(as_text=True)
    from markupsafe import escape

    assert str(escape(key)) in html
    assert str(escape(quote)) in html
    assert f"quote={item.start}-{item.end}" in html


def test_item_text_is_escaped(app, client, auth, loaded):
    auth.register()
    with app.app_context():
        item = db.session.scalars(sa.select(Item).order_by(Item.id)).first()
        item.stem = "<script>alert('x')</script>"
        db.session.commit()
        item_id = item.id
    html = client.get(f"/library/items/{item_id}").get_data(as_text=True)
    assert "<script>alert('x')</script>" not in html
    assert "&lt;script&gt;" in html


def test_delete_account_keeps_content(app, client, auth, loaded):
    auth.register()
    token = auth.csrf("/auth/account")
    client.post("/auth/account/delete", data={"password": "monsoon-syllabus-42", "confirm": "delete my account", "csrf_token": token})
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0
        assert _counts()["Document"] == 5
