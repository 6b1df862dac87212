"""Acceptance 7 of issue 17: a curated personal library goes out with `banks export` and comes back whole.

The library is the pipeline's own output (a shipped bank, renamed into a
learner's namespace) curated through the review service: approved, edited,
held and retired items, with their versions. "A fresh server" is the same
database emptied and its accounts made again (their ids differ), so the
comparison is by username and item id. Runs on SQLite and, with
QUIZAPP_TEST_DATABASE_URL, on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from markupsafe import escape

from quizapp.banks.bankfile import dump, read_bank
from quizapp.enums import FlagKind, ItemStatus
from quizapp.extensions import db
from quizapp.models import Document, Fact, Item, ItemVersion, User
from quizapp.models.classes import ItemFlag
from quizapp.review import service
from tests.conftest import wipe

ROOT = Path(__file__).resolve().parents[2]
BANK = ROOT / "questions" / "banks" / "002_851daea0b7e23b7c.yaml"
SOURCE = ROOT / "questions" / "sources" / "002_851daea0b7e23b7c.txt"
PASSWORD = "monsoon-syllabus-42"


def _users(runner, *names: str) -> None:
    for name in names:
        r = runner.invoke(args=["users", "create", name, "--password-stdin"], input=PASSWORD + "\n")
        assert r.exit_code == 0, r.output


def _personal_copy(out: Path, owner: str, suffix: str = "_p") -> str:
    """The shipped bank 002 with every id renamed (ids are global) and an owner: a learner's own document."""
    data = read_bank(BANK)
    old_doc = data["document"]["id"]
    doc_id = old_doc + suffix
    data["document"].update(id=doc_id, file=f"{doc_id}.txt", owner=owner)

    def src(s: dict[str, Any]) -> None:
        s["document"] = doc_id

    for f in data["facts"]:
        f["id"] += suffix
        src(f["source"])
    for it in data["items"]:
        it["id"] += suffix
        it["facts"] = [x + suffix for x in it["facts"]]
        src(it["source"])
        for kp in it.get("key_points") or []:
            kp["id"] += suffix
            kp["facts"] = [x + suffix for x in kp["facts"]]
            kp["items"] = [x + suffix for x in kp["items"]]
            src(kp["source"])
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{doc_id}.yaml").write_text(dump(data), encoding="utf-8")
    (out / f"{doc_id}.txt").write_bytes(SOURCE.read_bytes())
    return doc_id


def _load(runner, directory: Path):
    return runner.invoke(args=["banks", "load", str(directory), "--sources", str(directory)])


def _snapshot(app, doc_id: str) -> dict[str, Any]:
    """Everything a round trip must keep, keyed by ids and usernames (row ids differ between servers)."""
    with app.app_context():
        names = dict(db.session.execute(sa.select(User.id, User.username)).tuples().all())
        doc = db.session.get(Document, doc_id)
        items = {}
        for it in db.session.scalars(sa.select(Item).where(Item.document_id == doc_id)):
            items[it.id] = (it.type, it.style, it.stem, list(it.options or []), it.answer, it.explanation, it.status,
                            list(it.hold_reasons or []), it.start, it.end, it.quote, it.version,
                            it.topic.name if it.topic else None, sorted(it.tags or []), sorted(f.id for f in it.facts))
        versions = sorted(
            (v.item_id, v.number, v.action, names.get(v.user_id), v.created_at.astimezone(dt.UTC).isoformat(), v.note,
             v.stem, list(v.options or []), v.answer, v.explanation, v.quote, v.status, list(v.hold_reasons or []))
            for v in db.session.scalars(sa.select(ItemVersion).join(Item).where(Item.document_id == doc_id)))
        facts = sorted(db.session.execute(sa.select(Fact.id, Fact.kind, Fact.start, Fact.end, Fact.quote)
                                          .where(Fact.document_id == doc_id)).tuples().all())
        return {"doc": (doc.title, doc.publisher, doc.published, doc.as_of, doc.text, doc.sha256,
                        names.get(doc.owner_id), doc.kind),
                "items": items, "versions": versions, "facts": facts}


def _curate(app, doc_id: str, owner: str) -> dict[str, str]:
    """As the owner in /review: approve one, edit one (twice), hold one, retire one."""
    with app.app_context():
        uid = db.session.scalar(sa.select(User.id).where(User.username == owner))
        who = service.Reviewer(uid, editor=False)
        served = list(db.session.scalars(sa.select(Item).where(Item.document_id == doc_id,
                                                                Item.status == ItemStatus.GENERATED)
                                          .order_by(Item.id)))
        held = db.session.scalar(sa.select(Item).where(Item.document_id == doc_id, Item.status == ItemStatus.HELD)
                                 .order_by(Item.id))
        assert len(served) >= 2 and held is not None
        approved, edited = served[0], served[1]
        service.approve(who, approved.id)
        for n in (1, 2):
            service.edit(who, edited.id, service.Edit(stem=f"{edited.stem} (edit {n})", options=list(edited.options),
                                                      answer=edited.answer, explanation=f"Edited {n}.",
                                                      start=edited.start, end=edited.end))
        service.retire(who, held.id)
        service.hold(who, approved.id, "checking the date against the gazette")
        return {"approved_then_held": approved.id, "edited": edited.id, "retired": held.id}


def test_a_curated_personal_library_survives_export_and_load_into_a_fresh_server(app, runner, tmp_path):
    _users(runner, "asha", "edna")
    assert runner.invoke(args=["banks", "load"]).exit_code == 0  # the shared library, as `quizapp init` does
    personal = tmp_path / "personal"
    doc_id = _personal_copy(personal, "asha")
    loaded = _load(runner, personal)
    assert loaded.exit_code == 0, loaded.output
    ids = _curate(app, doc_id, "asha")

    # The known problem: a load of the shipped banks retired everything missing from its directory,
    # personal documents included, and dropped their facts. Now it leaves them alone.
    before = _snapshot(app, doc_id)
    again = runner.invoke(args=["banks", "load"])
    assert again.exit_code == 0, again.output
    assert _snapshot(app, doc_id) == before
    assert before["doc"][6] == "asha" and len(before["facts"]) > 0
    statuses = {it[6] for it in before["items"].values()}
    assert {"generated", "held", "retired"} <= statuses
    assert before["items"][ids["edited"]][11] == 3 and before["items"][ids["edited"]][5] == "Edited 2."
    assert before["items"][ids["retired"]][6] == "retired"
    assert before["items"][ids["approved_then_held"]][6] == "held"
    assert [v[2] for v in before["versions"] if v[0] == ids["edited"]] == ["generated", "edit", "edit"]
    assert [v[3] for v in before["versions"] if v[0] == ids["edited"]] == [None, "asha", "asha"]

    out = tmp_path / "export"
    exported = runner.invoke(args=["banks", "export", "--library", "asha", str(out)])
    assert exported.exit_code == 0, exported.output
    assert f"Exported 1 document(s), {len(before['items'])} item(s), {len(before['versions'])} version(s)" \
        in exported.output
    assert sorted(p.name for p in out.iterdir()) == [f"{doc_id}.txt", f"{doc_id}.yaml"]
    one = tmp_path / "one"
    assert runner.invoke(args=["banks", "export", "--document", doc_id, str(one)]).exit_code == 0
    assert (one / f"{doc_id}.yaml").read_bytes() == (out / f"{doc_id}.yaml").read_bytes()
    bank = read_bank(out / f"{doc_id}.yaml")
    assert bank["document"]["owner"] == "asha"
    # an event's year rides in the fact's extra: without it `banks check` cannot re-derive a year MCQ's key,
    # and the fresh server below refused the export (s25)
    events = [f for f in bank["facts"] if f["kind"] == "event"]
    assert events and all(f.get("extra", {}).get("rule") for f in events)

    # A fresh server: no accounts yet, so the owner is refused by file:line and nothing is written.
    wipe(app)
    refused = _load(runner, out)
    assert refused.exit_code == 1
    assert f"{out / doc_id}.yaml:" in refused.output and "owner 'asha' has no account on this server" in refused.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Document)) == 0
    _users(runner, "edna", "asha")  # other order: other ids
    restored = _load(runner, out)
    assert restored.exit_code == 0, restored.output
    assert _snapshot(app, doc_id) == before

    # Loading the same export again changes nothing and duplicates no version.
    assert _load(runner, out).exit_code == 0
    assert _snapshot(app, doc_id) == before
    # and the shipped banks loaded on the new server do not touch it either
    assert runner.invoke(args=["banks", "load"]).exit_code == 0
    assert _snapshot(app, doc_id) == before


def test_export_and_load_refuse_bad_requests_with_a_message_and_write_nothing(app, runner, tmp_path):
    _users(runner, "asha", "ravi")
    none = runner.invoke(args=["banks", "export", str(tmp_path / "x")])
    assert none.exit_code == 1 and "exactly one of --document ID or --library" in none.output
    ghost = runner.invoke(args=["banks", "export", "--library", "nobody", str(tmp_path / "x")])
    assert ghost.exit_code == 1 and "no user named 'nobody'" in ghost.output
    empty = runner.invoke(args=["banks", "export", "--library", "asha", str(tmp_path / "x")])
    assert empty.exit_code == 1 and "nothing to export" in empty.output
    assert not (tmp_path / "x").exists()

    personal = tmp_path / "personal"
    doc_id = _personal_copy(personal, "asha")
    assert _load(runner, personal).exit_code == 0
    # the same document claimed for another library: refused, asha's rows unchanged
    theirs = tmp_path / "theirs"
    _personal_copy(theirs, "ravi")
    moved = _load(runner, theirs)
    assert moved.exit_code == 1 and f"document {doc_id} is in asha's library on this server" in moved.output
    with app.app_context():
        assert db.session.get(Document, doc_id).owner_id == db.session.scalar(
            sa.select(User.id).where(User.username == "asha"))


def test_a_rebuild_never_overwrites_an_edited_item_and_records_the_new_text(app, runner, client, auth, tmp_path):
    """Acceptance note of issue 17: the edit stays current; the rebuild's wording waits in a flag."""
    _users(runner, "asha")
    personal = tmp_path / "personal"
    doc_id = _personal_copy(personal, "asha")
    assert _load(runner, personal).exit_code == 0
    ids = _curate(app, doc_id, "asha")
    edited = ids["edited"]
    with app.app_context():
        it = db.session.get(Item, edited)
        mine = (it.stem, it.explanation, it.version)
        original = db.session.scalar(sa.select(ItemVersion.stem).where(ItemVersion.item_id == edited,
                                                                       ItemVersion.number == 1))

    # A rebuild with the pipeline's unchanged output: the edit stands and nothing is reported.
    same = _load(runner, personal)
    assert same.exit_code == 0, same.output
    with app.app_context():
        it = db.session.get(Item, edited)
        assert (it.stem, it.explanation, it.version) == mine
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ItemFlag)) == 0

    # A rebuild whose pipeline now words the item differently.
    data = read_bank(personal / f"{doc_id}.yaml")
    raw = next(i for i in data["items"] if i["id"] == edited)
    raw["stem"] = original + " (rebuilt)"
    raw["explanation"] = "The rebuilt explanation."
    (personal / f"{doc_id}.yaml").write_text(dump(data), encoding="utf-8")
    for _ in range(2):  # twice: the second rebuild, with the same text, raises nothing new
        changed = _load(runner, personal)
        assert changed.exit_code == 0, changed.output
    with app.app_context():
        it = db.session.get(Item, edited)
        assert (it.stem, it.explanation, it.version) == mine  # the edited version stays current
        flags = db.session.scalars(sa.select(ItemFlag).where(ItemFlag.item_id == edited)).all()
        assert [(f.kind, f.status) for f in flags] == [(FlagKind.SOURCE_CHANGED, "open")]
        assert flags[0].reason.startswith("source changed since your edit")
        rebuilt = flags[0].figures["rebuilt"]
        assert rebuilt["stem"] == original + " (rebuilt)" and rebuilt["explanation"] == "The rebuilt explanation."
        assert flags[0].figures["version"] == 3
        # and the loads wrote no version of their own
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ItemVersion)
                                 .where(ItemVersion.item_id == edited)) == 3
    # the owner's queue shows the flag with the rebuild's wording beside her edit
    assert auth.login("asha", PASSWORD).status_code == 302
    page = client.get("/review/", query_string={"flags": "open"}).get_data(as_text=True)
    assert f'data-item="{edited}"' in page and 'data-role="rebuilt"' in page
    assert str(escape(original + " (rebuilt)")) in page
