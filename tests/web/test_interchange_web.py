"""The import page, bank export downloads, and private imports staying private (test client, real DB)."""

from __future__ import annotations

import io
import zipfile

import sqlalchemy as sa
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from quizapp.extensions import db
from quizapp.formats import MAX_BYTES
from quizapp.models import Document, Item
from tests.builders import make_document, make_fact
from tests.conftest import csrf_from
from tests.web.test_interchange_cli import GIFT

PASSWORD = "monsoon-syllabus-42"


def post_multipart(client, path: str, form: dict):
    """The body built in memory: the test client's own builder spools big bodies to a temp file it never closes."""
    form = {k: FileStorage(v[0], filename=v[1], content_type="application/octet-stream") if isinstance(v, tuple) else v
            for k, v in form.items()}
    boundary, body = encode_multipart(form)
    return client.post(path, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def upload(client, data: bytes, name: str = "bank.gift", **fields):
    token = csrf_from(client.get("/library/import").get_data(as_text=True))
    form = {"csrf_token": token, "format": "auto", "bank": "", **fields, "file": (io.BytesIO(data), name)}
    return post_multipart(client, "/library/import", form)


def imported(app) -> list[Item]:
    with app.app_context():
        return list(db.session.scalars(sa.select(Item).where(Item.provenance.is_not(None)).order_by(Item.id)))


def test_import_page_shows_the_summary_and_writes_a_private_bank(app, client, auth):
    auth.register()
    page = client.get("/library/")
    assert 'href="/library/import"' in page.get_data(as_text=True)
    resp = upload(client, GIFT.encode(), bank="Polity PYQ")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200, html
    assert 'data-testid="imported-count">4<' in html and 'data-testid="skipped-count">1<' in html
    assert "bank.gift:7: skipped: multiple-response questions with partial credit are not supported" in html
    with app.app_context():
        doc = db.session.scalar(sa.select(Document).where(Document.kind == "import"))
        assert doc.title == "Polity PYQ" and doc.owner_id is not None
    assert len(imported(app)) == 4


def test_dry_run_on_the_page_writes_nothing(app, client, auth):
    auth.register()
    resp = upload(client, GIFT.encode(), dry_run="y")
    assert resp.status_code == 200 and "Dry run: would import" in resp.get_data(as_text=True)
    assert imported(app) == []


def test_malformed_upload_is_a_form_error_and_writes_nothing(app, client, auth):
    auth.register()
    resp = upload(client, b"::a:: ok {=x ~y}\n\n::b:: broken {=x ~y\n")
    assert resp.status_code == 422
    assert "bank.gift:3:" in resp.get_data(as_text=True)
    assert imported(app) == []


def test_upload_without_csrf_is_refused(app, client, auth):
    auth.register()
    resp = client.post("/library/import", data={"file": (io.BytesIO(GIFT.encode()), "bank.gift")},
                       content_type="multipart/form-data")
    assert resp.status_code == 400 and imported(app) == []


def test_import_page_accepts_more_than_the_apps_2mb_but_other_routes_do_not(app, client, auth):
    """The page's limit is formats' 50 MB; MAX_CONTENT_LENGTH (2 MB) still guards every other route."""
    auth.register()
    big = (GIFT + "\n// " + "x" * (3 * 1024 * 1024) + "\n").encode()
    assert app.config["MAX_CONTENT_LENGTH"] < len(big) < MAX_BYTES
    assert upload(client, big).status_code == 200
    assert len(imported(app)) == 4
    token = csrf_from(client.get("/progress/").get_data(as_text=True))
    other = post_multipart(client, "/progress/import", {"csrf_token": token, "file": (io.BytesIO(big), "x.json")})
    assert other.status_code == 413


def test_private_items_are_404_for_another_user_and_absent_from_their_study(app, client, auth):
    auth.register()
    upload(client, GIFT.encode(), bank="Mine")
    item = imported(app)[0]
    with app.app_context():
        doc_id = db.session.scalar(sa.select(Document.id).where(Document.kind == "import"))
    assert client.get(f"/library/items/{item.id}").status_code == 200
    assert client.get(f"/library/documents/{doc_id}").status_code == 200
    auth.logout()
    auth.register("ravi")
    assert client.get(f"/library/items/{item.id}").status_code == 404
    assert client.get(f"/library/documents/{doc_id}").status_code == 404
    assert client.get(f"/library/banks/{doc_id}/export?format=gift").status_code == 404
    assert "Mine" not in client.get("/library/").get_data(as_text=True)
    assert client.get("/api/v1/study/next").status_code == 204  # nothing to study: the only items are asha's
    token = csrf_from(client.get("/study/").get_data(as_text=True))
    flag = client.post("/api/v1/study/flag", json={"item_id": item.id}, headers={"X-CSRFToken": token})
    assert flag.status_code == 404


def test_study_and_item_page_say_imported_and_the_item_is_flaggable(app, client, auth):
    auth.register()
    upload(client, GIFT.encode())
    nxt = client.get("/api/v1/study/next").json["item"]
    assert nxt["imported"] == "imported — not traced to a source" and nxt["quote"] == "" and nxt["source_url"] is None
    token = csrf_from(client.get("/study/").get_data(as_text=True))
    flag = client.post("/api/v1/study/flag", json={"item_id": nxt["id"]}, headers={"X-CSRFToken": token})
    assert flag.status_code == 200, flag.get_data(as_text=True)
    page = client.get(f"/library/items/{nxt['id']}").get_data(as_text=True)
    assert "imported — not traced to a source" in page and "bank.gift" in page
    assert 'data-testid="item-quote"' not in page


def test_also_stated_in_a_loaded_document_that_holds_the_key(app, client, auth):
    with app.app_context():
        doc = make_document("polity", text="The Finance Commission is constituted under Article 280 every five years.",
                            title="Polity notes")
        make_fact(doc, kind="article", value="Article 280", quote="constituted under Article 280 every five years")
        db.session.commit()
    auth.register()
    upload(client, GIFT.encode())
    with app.app_context():
        fc = db.session.scalar(sa.select(Item).where(Item.stem.like("Which article%")))
        other = db.session.scalar(sa.select(Item).where(Item.stem.like("Who presides%")))
    assert "Also stated in <strong>Polity notes</strong>" in client.get(f"/library/items/{fc.id}").get_data(as_text=True)
    assert "Also stated in" not in client.get(f"/library/items/{other.id}").get_data(as_text=True)


def test_bank_and_library_export_downloads(app, client, auth):
    auth.register()
    upload(client, GIFT.encode(), bank="Polity PYQ")
    with app.app_context():
        doc_id = db.session.scalar(sa.select(Document.id).where(Document.kind == "import"))
    page = client.get(f"/library/documents/{doc_id}").get_data(as_text=True)
    assert f'action="/library/banks/{doc_id}/export"' in page
    resp = client.get(f"/library/banks/{doc_id}/export?format=apkg")
    assert resp.status_code == 200
    assert 'attachment; filename=polity-pyq.apkg' in resp.headers["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(resp.data)) as zf:
        assert "collection.anki2" in zf.namelist()
    gift = client.get("/library/export?format=gift")
    assert gift.status_code == 200 and b"Which article provides for the Finance Commission?" in gift.data
    assert client.get(f"/library/banks/{doc_id}/export?format=pdf").status_code == 400


def test_practice_pool_and_writing_prompts_hold_private_items_for_their_owner_only(app, client, auth):
    from quizapp.models import User
    from quizapp.practice.queries import Spec, bank_choices, pool_size
    from quizapp.writing.service import prompts

    auth.register()
    upload(client, GIFT.encode(), bank="Mine")
    auth.logout()
    auth.register("ravi")
    with app.app_context():
        asha, ravi = (db.session.scalar(sa.select(User.id).where(User.username == n)) for n in ("asha", "ravi"))
        assert pool_size(Spec(), asha) == 2 and pool_size(Spec(), ravi) == 0
        assert [i.type for i in prompts(asha)] == ["essay"] and prompts(ravi) == []
        assert [t for _, t in bank_choices(asha)] == ["Mine"] and bank_choices(ravi) == []


SIX = "::six:: Which state has the longest coastline? {~Gujarat ~Andhra Pradesh ~Tamil Nadu ~Kerala ~Odisha =Maharashtra}\n"


def test_a_six_option_import_is_answered_with_option_f_and_its_own_count_is_checked(app, client, auth):
    """Options keep their count (2–6): the sixth (F) is an answer, a seventh is refused and writes nothing."""
    from quizapp.models import ReviewLog

    auth.register()
    upload(client, SIX.encode())
    nxt = client.get("/api/v1/study/next").json["item"]
    assert len(nxt["options"]) == 6 and nxt["options"][5] == "Maharashtra"
    page = client.get("/study/").get_data(as_text=True)
    assert 'data-role="last-key"' in page and 'data-role="flag-after"' in page
    token = csrf_from(page)
    bad = client.post("/api/v1/study/answer", json={"item_id": nxt["id"], "response": 6, "duration_ms": 4000},
                      headers={"X-CSRFToken": token})
    assert bad.status_code == 400 and "from 0 to 5" in bad.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ReviewLog)) == 0
    ok = client.post("/api/v1/study/answer", json={"item_id": nxt["id"], "response": 5, "duration_ms": 4000},
                     headers={"X-CSRFToken": token})
    assert ok.status_code == 200 and ok.json["correct"] is True
    with app.app_context():
        assert db.session.scalar(sa.select(ReviewLog.response)) == 5
