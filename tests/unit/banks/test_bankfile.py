"""Bank files: deterministic bytes, schema-valid, editor edits survive rebuilds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from quizapp.banks.bankfile import BankError, bank_path, content_hash, read_bank, write_bank
from quizapp.banks.types import Document, DocumentMeta, Fact, Source
from tests import fastyaml


def every_item(doc, facts, corpus):
    """Every item the generation rules can make, before the per-fact caps (the checker must judge them all)."""
    from quizapp.banks.generate.cloze import generate_cloze
    from quizapp.banks.generate.mcq import ALL_STYLES, date_mcq, list_mcqs
    from quizapp.banks.generate.recall import generate_recall

    out = []
    for f in facts:
        if f.kind == "list":
            out += list_mcqs(doc, f, corpus, per_style=ALL_STYLES)
        elif f.kind == "date":
            it = date_mcq(doc, f, corpus)
            out += [it] if it is not None else []
    out += generate_recall(doc, facts) + generate_cloze(doc, facts)
    seen, unique = set(), []
    for it in out:
        if it.id not in seen:
            seen.add(it.id)
            unique.append(it)
    return unique

TEXT = (
    "Treaty notes\n\n"
    "India has treaties in force with the following countries: Nepal, Bhutan, France, Egypt and Peru.\n\n"
    "Treaties with Chile, Kenya and Zambia are signed but not in force.\n\n"
    "The treaty with Peru was signed on 4 May 2011 in Lima.\n"
)
META = DocumentMeta(id="t_notes", file="t_notes.txt", title="Treaty notes", publisher="Ministry of Law",
                    published=dt.date(2015, 1, 2), as_of=dt.date(2015, 1, 2), sha256="0" * 64)


def src(text: str, needle: str) -> Source:
    i = text.index(needle)
    return Source(META.id, i, i + len(needle), needle)


def facts_for(text: str) -> list[Fact]:
    s1 = "India has treaties in force with the following countries: Nepal, Bhutan, France, Egypt and Peru."
    s2 = "Treaties with Chile, Kenya and Zambia are signed but not in force."
    out = [
        Fact(id="f_in", kind="list", source=src(text, "Nepal, Bhutan, France, Egypt and Peru"), sentence=src(text, s1),
             label="countries with treaties in force with India",
             members=("Nepal", "Bhutan", "France", "Egypt", "Peru")),
        Fact(id="f_signed", kind="list", source=src(text, "Chile, Kenya and Zambia"), sentence=src(text, s2),
             label="countries with signed treaties not in force", members=("Chile", "Kenya", "Zambia")),
    ]
    for sentence in text.splitlines():
        if "signed on" in sentence:
            date = sentence[sentence.index("on ") + 3: sentence.index(" in ")]
            out.append(Fact(id="f_date_" + date.replace(" ", ""), kind="date", source=src(text, date),
                            sentence=src(text, sentence), value="2011-05-04" if "2011" in date else "2012-05-04",
                            granularity="day"))
    return out


def write(out: Path, text: str = TEXT) -> Path:
    doc = Document(meta=META, text=text)
    facts = facts_for(text)
    path = bank_path(out, META.id)
    write_bank(path, META, facts, every_item(doc, facts, facts))
    return path


def test_write_is_deterministic_and_valid(tmp_path: Path) -> None:
    path = write(tmp_path)
    first = path.read_bytes()
    write(tmp_path)
    assert path.read_bytes() == first
    other = write(tmp_path / "again")
    assert other.read_bytes() == first
    data = read_bank(path)
    assert data["format"] == "quizapp-bank/1"
    assert list(data) == ["format", "document", "facts", "items"]
    assert data["document"] == {"id": "t_notes", "file": "t_notes.txt", "title": "Treaty notes",
                                "publisher": "Ministry of Law", "published": "2015-01-02", "as_of": "2015-01-02",
                                "sha256": "0" * 64}
    assert list(data["items"][0])[:3] == ["id", "type", "style"]
    assert all(it["generated"] == content_hash(it) for it in data["items"])


def test_multiline_stems_are_literal_blocks(tmp_path: Path) -> None:
    text = write(tmp_path).read_text()
    assert "  stem: |-\n    Consider the following countries:\n    1. " in text


def test_editor_edits_survive_rebuild(tmp_path: Path) -> None:
    path = write(tmp_path)
    data = fastyaml.load(path.read_text())
    mcq = data["items"][0]
    mcq["stem"] = "Edited by an editor: which one is right?"
    mcq["status"] = "reviewed"
    quiet = data["items"][1]
    quiet["explanation"] = "Rewritten without changing status."
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    write(tmp_path)
    again = {it["id"]: it for it in read_bank(path)["items"]}
    assert again[mcq["id"]]["stem"] == "Edited by an editor: which one is right?"
    assert again[mcq["id"]]["status"] == "reviewed"
    assert again[quiet["id"]]["explanation"] == "Rewritten without changing status."
    assert again[quiet["id"]]["status"] == "generated"


def test_vanished_items_are_retired_not_deleted(tmp_path: Path) -> None:
    path = write(tmp_path)
    before = {it["id"]: it for it in read_bank(path)["items"]}
    text2 = TEXT.replace("4 May 2011", "4 May 2012")
    write(tmp_path, text2)
    after = {it["id"]: it for it in read_bank(path)["items"]}
    assert set(before) <= set(after)
    gone = [i for i in before if after[i]["status"] == "retired"]
    assert gone and all("f_date_4May2011" in before[i]["facts"] for i in gone)
    assert all(after[i]["status"] == "generated" for i in before if i not in gone)
    new = [i for i in after if i not in before]
    assert new and all("f_date_4May2012" in after[i]["facts"] for i in new)
    assert [it["id"] for it in read_bank(path)["items"]][-len(gone):] == gone  # retired go last
    snapshot = path.read_bytes()
    write(tmp_path, text2)
    assert path.read_bytes() == snapshot


def test_offsets_refresh_for_kept_edits(tmp_path: Path) -> None:
    path = write(tmp_path)
    data = fastyaml.load(path.read_text())
    item = next(it for it in data["items"] if "f_date_4May2011" in it["facts"] and it["type"] == "cloze")
    item["status"] = "reviewed"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    text2 = "Extra heading line\n" + TEXT
    write(tmp_path, text2)
    kept = next(it for it in read_bank(path)["items"] if it["id"] == item["id"])
    assert kept["status"] == "reviewed"
    s = kept["source"]
    assert text2[s["start"]:s["end"]] == s["quote"]


def test_read_bank_reports_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path)
    lines = path.read_text().splitlines()
    idx = next(i for i, line in enumerate(lines) if line.strip().startswith("topic:"))
    del lines[idx]
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(BankError) as err:
        read_bank(path)
    assert "'topic' is a required property" in str(err.value)
    assert str(err.value).startswith(f"{path}:")
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: [unclosed\n")
    with pytest.raises(BankError, match=r"bad.yaml:2: invalid YAML"):
        read_bank(bad)


def test_refuses_to_overwrite_an_unreadable_bank(tmp_path: Path) -> None:
    path = bank_path(tmp_path, META.id)
    path.write_text("format: [unclosed\n")
    with pytest.raises(BankError):
        write(tmp_path)
    assert path.read_text() == "format: [unclosed\n"


def _held(path: Path, reasons: tuple[str, ...]) -> str:
    """Write the bank with its first item held by the gate; return that item's id."""
    from dataclasses import replace

    from quizapp.banks.generate import generate_items

    doc = Document(meta=META, text=TEXT)
    facts = facts_for(TEXT)
    items = generate_items(doc, facts, facts)
    items[0] = replace(items[0], status="held", hold_reasons=reasons)
    write_bank(path, META, facts, items)
    return items[0].id


def test_held_items_carry_their_reasons_and_validate(tmp_path: Path) -> None:
    path = bank_path(tmp_path, META.id)
    held_id = _held(path, ("open_list_exclusion", "per_fact_cap"))
    data = read_bank(path)
    held = next(it for it in data["items"] if it["id"] == held_id)
    assert (held["status"], held["hold_reasons"]) == ("held", ["open_list_exclusion", "per_fact_cap"])
    assert list(held).index("hold_reasons") == list(held).index("status") + 1
    assert all("hold_reasons" not in it for it in data["items"] if it["id"] != held_id)
    assert content_hash(held) == held["generated"]  # holding is not an edit


def test_an_editor_who_reviews_a_held_item_keeps_it_served(tmp_path: Path) -> None:
    path = bank_path(tmp_path, META.id)
    held_id = _held(path, ("mid_sentence_start",))
    data = fastyaml.load(path.read_text())
    it = next(it for it in data["items"] if it["id"] == held_id)
    it["status"] = "reviewed"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    _held(path, ("mid_sentence_start",))  # the gate holds it again on rebuild ...
    kept = next(it for it in read_bank(path)["items"] if it["id"] == held_id)
    assert kept["status"] == "reviewed" and "hold_reasons" not in kept  # ... and the editor's review wins


def test_a_held_item_the_gate_now_passes_is_served_again(tmp_path: Path) -> None:
    path = bank_path(tmp_path, META.id)
    held_id = _held(path, ("per_fact_cap",))
    write(tmp_path)
    again = next(it for it in read_bank(path)["items"] if it["id"] == held_id)
    assert again["status"] == "generated" and "hold_reasons" not in again


def test_libyaml_and_pure_python_write_the_same_bytes() -> None:
    """The writer uses libyaml's emitter for speed; a bank's bytes must not depend on it."""
    from quizapp.banks.bankfile import _LOADER, dump

    banks = sorted((Path(__file__).resolve().parents[3] / "questions" / "banks").glob("*.yaml"))
    assert banks
    for path in banks:
        text = path.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=_LOADER)
        assert dump(data) == dump(data, pure=True) == text, path.name


def test_fast_writer_matches_the_stock_dumper_on_every_kind_of_value() -> None:
    from quizapp.banks.bankfile import dump

    data = {"s": "one line", "m": "two\nlines", "i": 3, "f": 2.5, "b": True, "n": None, "e": [], "d": {},
            "l": [{"k": "v", "x": [1, 2]}, "it's", "1998", "yes", "null", "- dash", "a: b", "#hash", "ünï"],
            "date": dt.date(2015, 1, 2)}
    assert dump(data) == dump(data, pure=True)
