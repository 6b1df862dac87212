"""Statements and pairs (issue 14, acceptance 5): every key follows from the fact base of all documents.

The re-derivation reads only an item's stem lines and the facts it cites, never its answer, and
asks the cross-document fact base whether each line is proven true or proven false.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from quizapp.banks import gate
from quizapp.banks.build import build_banks
from quizapp.banks.factbase import FactBase
from quizapp.banks.generate import compound
from quizapp.banks.types import Document, DocumentMeta, Fact, Item, Source
from tests import fastyaml

ROOT = Path(__file__).resolve().parents[3]
SEEDS = ROOT / "questions" / "banks"
NEW_DOCS = ROOT / "tests" / "data" / "new_documents"
SERVED = ("generated", "reviewed")


def _doc(text: str, doc_id: str = "t_doc") -> Document:
    meta = DocumentMeta(id=doc_id, file=f"{doc_id}.txt", title="Notes", publisher="Ministry of Home Affairs",
                        published=None, as_of=dt.date(2014, 3, 31))
    return Document(meta=meta, text=text)


def _fact(doc: Document, kind: str, needle: str, sentence: str, **kw: object) -> Fact:
    i = doc.text.index(sentence)
    j = doc.text.index(needle, i)
    fid = "f_" + hashlib.sha1(f"{doc.meta.id}|{kind}|{needle}|{sentence}".encode()).hexdigest()[:10]
    cloze = sentence.replace(needle, "____", 1)
    return Fact(id=fid, kind=kind, source=Source(doc.meta.id, j, j + len(needle), needle),  # type: ignore[arg-type]
                sentence=Source(doc.meta.id, i, i + len(sentence), sentence), label=sentence,
                extra={"cloze": cloze}, **kw)  # type: ignore[arg-type]


def _as_data(it: Item) -> dict[str, object]:
    """What re-derivation may read: the stem, the cited facts and the style, never the answer."""
    return {"stem": it.stem, "facts": list(it.facts), "style": it.style}


def _served_compound(banks_dir: Path) -> tuple[list[tuple[str, dict]], FactBase]:
    banks = [fastyaml.load(p.read_text(encoding="utf-8")) for p in sorted(banks_dir.glob("*.yaml"))]
    base = compound.fact_base_of_banks(banks)
    items = [(b["document"]["id"], it) for b in banks for it in b["items"]
             if it["status"] in SERVED and compound.is_compound(it)]
    return items, base


def _check_rederived(items: list[tuple[str, dict]], base: FactBase) -> None:
    for doc, it in items:
        data = {"stem": it["stem"], "facts": it["facts"], "style": it["style"]}  # no answer, no options
        assert compound.rederive_base(data, base) == it["answer"], (doc, it["id"])
        lines = compound.LINE.findall(it["stem"])
        assert len(lines) in (2, 3), it["id"]
        if it["style"] == "statements":
            # one true and one false statement: "Both" and "Neither" would test nothing
            assert it["options"][it["answer"]] in ("1 only", "2 only"), it["id"]


# -- the shipped banks ------------------------------------------------------------------------------------


def test_every_served_statements_and_pairs_key_in_the_shipped_banks_is_rederived_from_the_fact_base() -> None:
    items, base = _served_compound(SEEDS)
    _check_rederived(items, base)
    styles = [it["style"] for _doc_id, it in items]
    # issue 14's total cap (2 served items a fact) holds those whose facts already serve a card and an MCQ
    assert styles.count("statements") >= 1 and styles.count("pairs") >= 1
    # the re-derivation does decide: flip the key and it disagrees
    for _doc_id, it in items:
        wrong = (it["answer"] + 1) % 4
        assert compound.rederive_base({"stem": it["stem"], "facts": it["facts"], "style": it["style"]}, base) != wrong


def test_every_false_line_in_the_shipped_banks_is_false_by_the_fact_base_not_merely_unsupported() -> None:
    items, base = _served_compound(SEEDS)
    falses = 0
    for _doc_id, it in items:
        cited = [base.facts[f] for f in it["facts"]]
        for _n, line in compound.LINE.findall(it["stem"]):
            if it["style"] == "pairs" and compound.MEMBERSHIP_TAG in it["tags"]:
                fact = next(f for f in cited if line.endswith(compound.PAIR_SEP + str(compound._grouping(f))))
            else:
                fact = cited[int(_n) - 1]
            truth = compound.line_truth(line, fact, it["style"], base)
            assert truth is not None, (it["id"], line)
            falses += truth is False
    assert falses >= 2


def test_the_new_documents_give_statements_whose_keys_the_fact_base_rederives(tmp_path: Path) -> None:
    report = build_banks(NEW_DOCS, tmp_path)
    assert report.errors == []
    items, base = _served_compound(tmp_path)
    _check_rederived(items, base)
    assert any(it["style"] == "statements" for _d, it in items)


# -- false by the fact base, or not asked ---------------------------------------------------------------


SIGNED = ("India along with other SAARC countries has signed a Convention on Mutual Assistance in Criminal "
          "Matters in 2008.",
          "A Treaty on Mutual Legal Assistance in Criminal Matters was signed between India and Azerbaijan in 2013.",
          "A Treaty on Extradition was signed between India and Kenya in 2010.")


def _signings(doc_id: str = "t_doc") -> tuple[Document, list[Fact]]:
    doc = _doc(" ".join(("SAARC was set up in 1985.", *SIGNED,
                         "India has operationalised Mutual Legal Assistance Treaties with 34 countries.")), doc_id)
    facts = [_fact(doc, "date", "1985", "SAARC was set up in 1985.", value="1985", granularity="year"),
             *(_fact(doc, "date", y, s, value=y, granularity="year")
               for y, s in zip(("2008", "2013", "2010"), SIGNED, strict=True)),
             _fact(doc, "count", "34 countries",
                   "India has operationalised Mutual Legal Assistance Treaties with 34 countries.",
                   number=34.0, unit="countries")]
    return doc, facts


def test_a_false_statement_changes_one_value_to_one_no_document_gives() -> None:
    doc, facts = _signings()
    made = compound.statement_items(doc, facts, facts)
    assert made
    base = compound.corpus_base(facts)
    for it in made:
        lines = [line for _n, line in compound.LINE.findall(it.stem)]
        assert compound.rederive_base(_as_data(it), base) == it.answer
        truths = [compound.line_truth(line, base.facts[f], "statements", base) for line, f in zip(lines, it.facts,
                                                                                               strict=True)]
        assert sorted(truths) == [False, True]
        false_line, fact = next((line, base.facts[f]) for line, f, t in zip(lines, it.facts, truths, strict=True)
                                if t is False)
        # the false line is the true sentence with its one value changed
        true_line = (fact.sentence.quote if fact.kind == "date"
                     else fact.sentence.quote.replace(fact.source.quote, "X"))
        differ = [a for a, b in zip(false_line.split(), true_line.split(), strict=False) if a != b]
        assert len(false_line.split()) == len(true_line.split()) and len(differ) == 1


def test_pairs_are_of_one_kind_and_a_false_pair_carries_a_year_the_fact_base_rules_out() -> None:
    doc, facts = _signings()
    made = compound.pairs_items(doc, facts, facts)
    assert len(made) == 1 and "Agreement — Year of signing" in made[0].stem
    assert "SAARC set up" not in made[0].stem  # a founding is not an agreement
    base = compound.corpus_base(facts)
    assert compound.rederive_base(_as_data(made[0]), base) == made[0].answer


def test_a_year_another_document_gives_for_the_event_is_never_called_false() -> None:
    doc, facts = _signings()
    text = "A Treaty on Extradition was signed between India and Kenya in 2011."
    other = _doc(text, "other_doc")
    theirs = _fact(other, "date", "2011", text, value="2011", granularity="year")
    corpus = [*facts, theirs]
    base = compound.corpus_base(corpus)
    kenya = next(f for f in facts if "Kenya" in f.sentence.quote)
    assert 2011 in compound.known_years(kenya, base)
    for it in compound.statement_items(doc, facts, corpus) + compound.pairs_items(doc, facts, corpus):
        assert "Kenya in 2011" not in it.stem and "Kenya — 2011" not in it.stem
    # and an item that does call it false is held: the fact base cannot decide the line
    stem = ("Consider the following statements, as stated by the Ministry of Home Affairs (2013–14):\n"
            "1. A Treaty on Extradition was signed between India and Kenya in 2011.\n"
            "2. SAARC was set up in 1985.\nWhich of the statements given above is/are correct?")
    saarc = next(f for f in facts if "SAARC was set up" in f.sentence.quote)
    item = Item(id="q_x", type="mcq", style="statements", stem=stem, source=kenya.sentence, facts=(kenya.id, saarc.id),
                topic="International relations", answer=1, options=compound.STATEMENT_OPTIONS,
                tags=("statements", "fact-statements"))
    ctx = gate.Context(facts=base.facts, base=base)
    assert compound.rederive_base(_as_data(item), base) is None
    assert "compound_unproven" in gate.item_reasons(item, ctx)


def test_a_recurring_event_gives_no_false_statement() -> None:
    """Talks happen every year: 2012 is unsupported, not proven false."""
    text = "India and Japan held talks on maritime security in 2013. India and Japan held a dialogue in 2012."
    doc = _doc(text)
    facts = [_fact(doc, "date", "2013", "India and Japan held talks on maritime security in 2013.", value="2013",
                   granularity="year"),
             _fact(doc, "date", "2012", "India and Japan held a dialogue in 2012.", value="2012", granularity="year")]
    assert compound.statement_items(doc, facts, facts) == []
    assert compound.pairs_items(doc, facts, facts) == []


ASEAN = ("Brunei", "Cambodia", "Indonesia", "Laos", "Malaysia", "Myanmar", "Philippines", "Singapore", "Thailand",
         "Vietnam")
BIMSTEC = ("Bangladesh", "India", "Myanmar", "Sri Lanka", "Thailand", "Bhutan", "Nepal")


def _groupings(extra_text: str = "") -> tuple[Document, list[Fact]]:
    a = "ASEAN comprises ten countries namely: " + ", ".join(ASEAN) + "."
    b = "The Members of BIMSTEC are: " + ", ".join(BIMSTEC) + "."
    doc = _doc(f"{a} {b} {extra_text}".strip())
    facts = [_fact(doc, "list", ", ".join(ASEAN), a, members=ASEAN),
             _fact(doc, "list", ", ".join(BIMSTEC), b, members=BIMSTEC)]
    facts = [Fact(id=f.id, kind=f.kind, source=f.source, sentence=f.sentence, label=label, members=f.members,
                  extra={"closed": True}) for f, label in zip(facts, ("members of ASEAN", "members of BIMSTEC"),
                                                              strict=True)]
    return doc, facts


def test_country_grouping_pairs_rest_on_closed_member_lists() -> None:
    doc, facts = _groupings()
    made = compound.pairs_items(doc, facts, facts)
    assert len(made) == 1 and compound.MEMBERSHIP_TAG in made[0].tags
    base = compound.corpus_base(facts)
    assert compound.rederive_base(_as_data(made[0]), base) == made[0].answer
    lines = [line for _n, line in compound.LINE.findall(made[0].stem)]
    countries = [line.split(compound.PAIR_SEP)[0] for line in lines]
    assert len(set(countries)) == 3 and not {"Myanmar", "Thailand", "India"} & set(countries)  # in both, or India
    # an open list proves nothing: the same pairs on lists not declared complete are not decided
    open_base = FactBase.from_facts(Fact(id=f.id, kind=f.kind, source=f.source, sentence=f.sentence, label=f.label,
                                         members=f.members, extra={"closed": False}) for f in facts)
    assert compound.rederive_base(_as_data(made[0]), open_base) is None


def test_a_false_pair_another_document_makes_true_is_held() -> None:
    doc, facts = _groupings()
    made = compound.pairs_items(doc, facts, facts)
    false_lines = [line for _n, line in compound.LINE.findall(made[0].stem)
                   if compound.line_truth(line, next(f for f in facts if line.endswith(f.label.split()[-1])),
                                          "pairs", compound.corpus_base(facts)) is False]
    assert false_lines
    country, grouping = false_lines[0].split(compound.PAIR_SEP)
    text = f"The members of {grouping} include {country} and Vietnam."
    theirs = Fact(id="f_other", kind="list", source=Source("other_doc", 0, len(text), text),
                  sentence=Source("other_doc", 0, len(text), text), label=f"members of {grouping}",
                  members=(country, "Vietnam"), extra={"closed": False})
    base = FactBase.from_facts([*facts, theirs])
    ctx = gate.Context(facts=base.facts, base=base)
    assert compound.rederive_base(_as_data(made[0]), base) is None
    assert "compound_unproven" in gate.item_reasons(made[0], ctx)


def test_one_statements_or_pairs_item_per_fact_is_served() -> None:
    doc, facts = _signings()
    base = compound.corpus_base(facts)
    made = compound.statement_items(doc, facts, facts, limit=2)
    assert made
    twin = Item(id="q_twin", type="mcq", style="statements", stem=made[0].stem.replace("Which of", "So, which of"), source=made[0].source,
                facts=made[0].facts, topic=made[0].topic, answer=made[0].answer, options=made[0].options,
                tags=made[0].tags)
    out = gate.apply_gate([made[0], twin], gate.Context(facts=base.facts, base=base))
    assert [it.status for it in out] == ["generated", "held"]
    assert out[1].hold_reasons == ("per_fact_cap",)


def test_banks_check_refuses_a_served_pair_that_another_loaded_bank_makes_true(tmp_path: Path) -> None:
    import shutil

    from quizapp.banks.check import check_banks

    sources, banks, extra_src, extra_banks = (tmp_path / n for n in ("src", "banks", "xsrc", "xbanks"))
    shutil.copytree(ROOT / "questions" / "sources", sources)
    shutil.copytree(SEEDS, banks)
    assert check_banks(banks, sources) == []
    items, base = _served_compound(banks)
    pair = next(it for _d, it in items if compound.MEMBERSHIP_TAG in it["tags"])
    cited = [base.facts[f] for f in pair["facts"]]
    country, grouping = next(
        line.split(compound.PAIR_SEP) for _n, line in compound.LINE.findall(pair["stem"])
        if compound.line_truth(line, next(f for f in cited if line.endswith(str(compound._grouping(f)))),
                               "pairs", base) is False)
    # a later page that lists the "wrong" country among the grouping's members
    extra_src.mkdir()
    (extra_src / "x_members.txt").write_text(
        f"Regional groupings\n\nThe members of {grouping} are: {country}, Vietnam and Laos.\n", encoding="utf-8")
    assert build_banks(extra_src, extra_banks).errors == []
    shutil.copy(extra_src / "x_members.txt", sources / "x_members.txt")
    shutil.copy(extra_banks / "x_members.yaml", banks / "x_members.yaml")
    problems = [str(p) for p in check_banks(banks, sources)]
    assert any(pair["id"] in p and "wrong key" in p for p in problems), problems
