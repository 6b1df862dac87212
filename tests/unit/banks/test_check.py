"""The checker refuses wrong keys, bad quotes and broken files with file:line."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from quizapp.banks.bankfile import bank_path, write_bank
from quizapp.banks.check import Problem, check_bank_text, check_banks
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
    "The treaty with Peru was signed in 2011 in Lima.\n"
)
META = DocumentMeta(id="t_notes", file="t_notes.txt", title="Treaty notes", publisher="Ministry of Law",
                    published=dt.date(2015, 1, 2), as_of=dt.date(2015, 1, 2))


def src(needle: str) -> Source:
    i = TEXT.index(needle)
    return Source(META.id, i, i + len(needle), needle)


FACTS = [
    Fact(id="f_in", kind="list", source=src("Nepal, Bhutan, France, Egypt and Peru"),
         sentence=src("India has treaties in force with the following countries: Nepal, Bhutan, France, Egypt and Peru."),
         label="countries with treaties in force with India", members=("Nepal", "Bhutan", "France", "Egypt", "Peru")),
    Fact(id="f_signed", kind="list", source=src("Chile, Kenya and Zambia"),
         sentence=src("Treaties with Chile, Kenya and Zambia are signed but not in force."),
         label="countries with signed treaties not in force", members=("Chile", "Kenya", "Zambia")),
    Fact(id="f_2011", kind="date", source=src("2011"), sentence=src("The treaty with Peru was signed in 2011 in Lima."),
         value="2011", granularity="year"),
]


def build(tmp_path: Path) -> tuple[Path, Path, Path]:
    sources, banks = tmp_path / "sources", tmp_path / "banks"
    sources.mkdir()
    (sources / "t_notes.txt").write_text(TEXT)
    doc = Document(meta=META, text=TEXT)
    path = bank_path(banks, META.id)
    write_bank(path, META, FACTS, every_item(doc, FACTS, FACTS))
    return sources, banks, path


def edit(path: Path, change) -> dict:
    data = fastyaml.load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100))
    return data


def line_of_id(path: Path, item_id: str, field: str) -> int:
    lines = path.read_text().splitlines()
    start = lines.index(f"- id: {item_id}")
    return next(i for i in range(start, len(lines)) if lines[i].strip().startswith(f"{field}:")) + 1


def test_generated_bank_is_clean(tmp_path: Path) -> None:
    sources, banks, _ = build(tmp_path)
    assert check_banks(banks, sources) == []


def test_problem_str() -> None:
    assert str(Problem("a.yaml", 3, "bad")) == "a.yaml:3: bad"


def first(data: dict, **match) -> dict:
    return next(it for it in data["items"] if all(it.get(k) == v for k, v in match.items()))


def test_wrong_key_is_refused_with_line(tmp_path: Path) -> None:
    sources, banks, path = build(tmp_path)
    holder = {}

    def wrong(data: dict) -> None:
        it = first(data, style="single", facts=["f_in"])
        it["answer"] = (it["answer"] + 1) % 4
        holder["id"] = it["id"]

    edit(path, wrong)
    problems = check_banks(banks, sources)
    assert [str(p) for p in problems if "wrong key" in p.message] == [
        f"{path}:{line_of_id(path, holder['id'], 'answer')}: wrong key: "
        + repr(first(fastyaml.load(path.read_text()), id=holder["id"])["options"][
            first(fastyaml.load(path.read_text()), id=holder["id"])["answer"]]) + " is not in the cited list"]


def test_wrong_how_many_statements_and_year_keys(tmp_path: Path) -> None:
    sources, banks, path = build(tmp_path)

    def wrong(data: dict) -> None:
        for style in ("how_many", "statements"):
            it = first(data, style=style)
            it["answer"] = (it["answer"] + 1) % 4
        it = first(data, facts=["f_2011"], type="mcq")
        it["answer"] = (it["answer"] + 1) % 4

    edit(path, wrong)
    messages = [p.message for p in check_banks(banks, sources)]
    assert sum("wrong key" in m for m in messages) == 3, messages
    assert any("is not the year of the cited date (2011)" in m for m in messages)


def test_key_among_distractors(tmp_path: Path) -> None:
    sources, banks, path = build(tmp_path)
    holder = {}

    def dup(data: dict) -> None:
        it = first(data, style="single", facts=["f_in"])
        key = it["options"][it["answer"]]
        other = (it["answer"] + 1) % 4
        it["options"][other] = key.upper()  # same country after normalisation
        holder["id"] = it["id"]

    edit(path, dup)
    problems = check_banks(banks, sources)
    assert len(problems) == 1
    assert problems[0].line == line_of_id(path, holder["id"], "options")
    assert "is also among the distractors" in problems[0].message


def test_bad_offset_and_missing_field_and_duplicate_id(tmp_path: Path) -> None:
    sources, banks, path = build(tmp_path)
    holder = {}

    def breakit(data: dict) -> None:
        it = first(data, type="cloze")
        it["source"]["start"] += 1
        holder["cloze"] = it["id"]

    edit(path, breakit)
    problems = check_banks(banks, sources)
    assert len(problems) == 1 and "quote is not the source text" in problems[0].message
    assert problems[0].line == line_of_id(path, holder["cloze"], "quote")

    # a second bank with a copy of one item: duplicate id
    data = fastyaml.load(path.read_text())
    copy = banks / "zz_copy.yaml"
    data["items"] = [first(data, style="single")]
    data["facts"] = [f for f in data["facts"] if f["id"] == "f_in"]
    copy.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    problems = [p for p in check_banks(banks, sources) if "duplicate item id" in p.message]
    assert len(problems) == 1 and problems[0].file == str(copy) and problems[0].line == 27 - 27 + copy.read_text().splitlines().index(f"- id: {data['items'][0]['id']}") + 1
    copy.unlink()

    def missing(data: dict) -> None:
        del first(data, type="fact")["topic"]

    edit(path, missing)
    problems = check_banks(banks, sources)
    assert any("'topic' is a required property" in p.message for p in problems)
    bad = next(p for p in problems if "'topic'" in p.message)
    assert path.read_text().splitlines()[bad.line - 1].startswith("- id: ")


def test_empty_dir_and_unparseable_yaml(tmp_path: Path) -> None:
    (tmp_path / "banks").mkdir()
    assert [str(p) for p in check_banks(tmp_path / "banks", tmp_path)] == [
        f"{tmp_path / 'banks'}:1: no bank files (*.yaml) in directory"]
    (tmp_path / "banks" / "x.yaml").write_text("format: quizapp-bank/1\nitems: [\n")
    problems = check_banks(tmp_path / "banks", tmp_path)
    assert len(problems) == 1 and problems[0].file.endswith("x.yaml") and problems[0].line == 3
    assert "invalid YAML" in problems[0].message
    (tmp_path / "banks" / "x.yaml").write_text("")
    assert [p.message for p in check_banks(tmp_path / "banks", tmp_path)] == ["bank file is empty"]


def test_near_duplicates_are_reported(tmp_path: Path) -> None:
    sources, banks, path = build(tmp_path)

    def dup(data: dict) -> None:
        it = dict(first(data, type="cloze"))
        it["id"] = "q_000000000000"
        it["stem"] = it["stem"] + " "
        data["items"].append(it)

    edit(path, dup)
    problems = check_banks(banks, sources)
    assert [p.message.split(" nearly")[0] for p in problems] == ["item q_000000000000"]


def test_check_bank_text_for_the_loader(tmp_path: Path) -> None:
    _sources, _banks, path = build(tmp_path)
    assert check_bank_text(path.read_text(), "bank.yaml", TEXT) == []
    wrong = TEXT.replace("Nepal", "Nepol")
    problems = check_bank_text(path.read_text(), "bank.yaml", wrong)
    assert problems and all(p.file == "bank.yaml" and "quote is not the source text" in p.message for p in problems)


PART_TEXT = TEXT + "\nOf these, the treaties with Nepal and Bhutan are already in force in South Asia.\n"
PART = Fact(id="f_part", kind="list", source=Source(META.id, PART_TEXT.index("Nepal and Bhutan"),
                                                     PART_TEXT.index("Nepal and Bhutan") + 16, "Nepal and Bhutan"),
            sentence=Source(META.id, PART_TEXT.index("Of these"), len(PART_TEXT) - 1, PART_TEXT[PART_TEXT.index("Of these"):-1]),
            label="countries with which treaties are already in force", members=("Nepal", "Bhutan"))


def build_with_part(tmp_path: Path) -> tuple[Path, Path, Path]:
    sources, banks = tmp_path / "sources", tmp_path / "banks"
    sources.mkdir()
    (sources / "t_notes.txt").write_text(PART_TEXT)
    facts = [*FACTS, PART]
    path = bank_path(banks, META.id)
    write_bank(path, META, facts, every_item(Document(meta=META, text=PART_TEXT), facts, facts))
    return sources, banks, path


def test_recall_on_part_of_a_wider_list_must_say_which_part(tmp_path: Path) -> None:
    """"MLATs with _____, Singapore, ... are already in force" had some 29 true answers besides the key.

    The five were the ASEAN ones among 34 countries with treaties in force; the
    stem did not say so. A generated fact or cloze on such a part is refused
    unless its stem names the wider list, or an editor has reviewed it. (The
    generator itself makes no such card here: `test_generate_parts`.)
    """
    sources, banks, path = build_with_part(tmp_path)
    assert not [it for it in fastyaml.load(path.read_text())["items"]
                if it["type"] in ("fact", "cloze") and it["facts"] == ["f_part"]]

    def hand_written_cloze(data: dict) -> None:
        whole = first(data, type="cloze", facts=["f_in"])
        sentence = PART.sentence
        data["items"].append({
            **whole, "id": "q_part_cloze", "facts": ["f_part"], "answer": "Nepal",
            "stem": "Fill in the blank (as stated by the Ministry of Law (2015)):\n"
                    + "“" + sentence.quote.replace("Nepal", "_____") + "”",
            "source": {"document": META.id, "start": sentence.start, "end": sentence.end, "quote": sentence.quote}})

    edit(path, hand_written_cloze)
    problems = check_banks(banks, sources)
    assert [p.line for p in problems] == [line_of_id(path, "q_part_cloze", "stem")]
    assert ("cloze q_part_cloze asks for part of the wider list 'countries with treaties in force with India', "
            "so another member of it (e.g. 'Egypt') would be a true answer") in problems[0].message

    def name_the_part(data: dict) -> None:
        it = first(data, id="q_part_cloze")
        it["stem"] = it["stem"].replace("Fill in the blank (", "Fill in the blank (among the countries with treaties "
                                        "in force with India, in South Asia, ")

    edit(path, name_the_part)
    assert check_banks(banks, sources) == []

    def reviewed_instead(data: dict) -> None:
        it = first(data, id="q_part_cloze")
        it["stem"] = it["stem"].replace("among the countries with treaties in force with India, in South Asia, ", "")
        it["status"] = "reviewed"

    edit(path, reviewed_instead)
    assert check_banks(banks, sources) == []

def test_mcq_on_part_of_a_wider_list_may_not_offer_its_other_members(tmp_path: Path) -> None:
    sources, banks, path = build_with_part(tmp_path)
    holder = {}

    def offer_france(data: dict) -> None:
        it = first(data, type="mcq", style="single", facts=["f_part"])
        it["options"][(it["answer"] + 1) % 4] = "France"  # has a treaty in force too, just not in South Asia
        holder["id"] = it["id"]

    edit(path, offer_france)
    problems = check_banks(banks, sources)
    assert [(p.line, p.message) for p in problems] == [
        (line_of_id(path, holder["id"], "options"),
         "'France' is in the wider list 'countries with treaties in force with India', so it may also be a true answer")]


# -- across documents ---------------------------------------------------------------------------------

from quizapp.banks import gate  # noqa: E402
from quizapp.banks.build import build_banks  # noqa: E402
from quizapp.banks.check import check_report  # noqa: E402

PACT_A = ("Extradition treaties of Ruritania\n\n"
          "Ruritania has so far signed extradition treaties with the following 3 countries:-\nFrance Japan Kenya\n")
PACT_B = ("Ruritania's treaty partners\n\n"
          "Ruritania has so far signed extradition treaties with the following 4 countries:-\nFrance Japan Kenya Chile\n")
META_A = "title: Extradition treaties of Ruritania\npublisher: Ministry of Law\npublished: 2015-01-02\n"
META_B = "title: Ruritania's treaty partners\npublisher: Ruritania Times\npublished: 2019-05-06\n"


def two_documents(tmp_path: Path) -> tuple[Path, Path]:
    """Each bank built alone (as if B arrived later), then checked together."""
    sources, banks = tmp_path / "sources", tmp_path / "banks"
    for name, text, meta in (("pact_a", PACT_A, META_A), ("pact_b", PACT_B, META_B)):
        alone = tmp_path / f"alone_{name}"
        alone.mkdir()
        (alone / f"{name}.txt").write_text(text, encoding="utf-8")
        (alone / f"{name}.meta.yaml").write_text(meta, encoding="utf-8")
        assert build_banks(alone, banks).ok
        sources.mkdir(exist_ok=True)
        for p in alone.iterdir():
            (sources / p.name).write_bytes(p.read_bytes())
    return sources, banks


def test_a_distractor_another_document_makes_true_is_a_wrong_key(tmp_path: Path) -> None:
    sources, banks = two_documents(tmp_path)
    path = banks / "pact_a.yaml"
    holder = {}

    def offer_chile(data: dict) -> None:
        it = first(data, style="single")  # held by the one-item-per-fact cap; the editor serves it
        j = next(j for j in range(4) if j != it["answer"])
        it["options"][j] = "Chile"
        it["status"] = "reviewed"  # an editor's review does not make a wrong key right
        it.pop("hold_reasons", None)
        holder["id"] = it["id"]

    before = check_banks(banks, sources)
    assert not [p for p in before if "wrong key" in p.message], before
    edit(path, offer_chile)
    problems = [str(p) for p in check_banks(banks, sources) if "wrong key" in p.message]
    assert problems == [f"{path}:{line_of_id(path, holder['id'], 'options')}: wrong key: 'Chile' is given as false, "
                        "but pact_b lists it as one of the countries with which Ruritania has so far signed "
                        "extradition treaties"]


def test_conflicts_are_listed_by_check_and_build(tmp_path: Path) -> None:
    sources, banks = two_documents(tmp_path)
    report = check_report(banks, sources)
    assert report.conflicts == [
        "conflict (count) on 'extradition ruritania signed treaty': pact_a says 3; pact_b says 4",
        "conflict (list) on 'extradition ruritania signed treaty': pact_a says 3 members; pact_b says 4 members"]
    rebuilt = build_banks(sources, tmp_path / "together")
    assert rebuilt.conflicts == report.conflicts
    data = fastyaml.load((tmp_path / "together" / "pact_a.yaml").read_text())
    for it in data["items"]:
        if it["status"] == "generated":
            assert re.search(r"as stated by the Ministry of Law \((\d+ \w+ )?2015\)", it["stem"]), it["stem"]  # named source and date
    # Chile is true by pact_b: no served item of pact_a may call it false
    assert not [it for it in data["items"] if it["status"] == "generated"
                and ("Chile" in (it.get("options") or []) or "Chile" in it["stem"])]


def test_held_items_are_listed_by_reason(tmp_path: Path) -> None:
    sources, banks = two_documents(tmp_path)
    together = tmp_path / "together"
    build_banks(sources, together)
    report = check_report(together, sources)
    assert report.problems == []
    data = fastyaml.load((together / "pact_a.yaml").read_text())
    held = {it["id"]: it["hold_reasons"] for it in data["items"] if it["status"] == "held"}
    listed = {entry.rsplit(": ", 1)[1] for entries in report.held.values() for entry in entries}
    assert set(held) <= listed
    reason, entries = next(iter(report.held.items()))
    assert entries[0].startswith(str(together)) and ".yaml:" in entries[0]
    assert list(report.held) == sorted(report.held, key=gate.REASONS.index)
