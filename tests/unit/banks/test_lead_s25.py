"""Session 25 rules written by the lead: a misprinted year is held, not taught. Synthetic documents;
each test pairs a text that must trip the rule with a near miss that must not."""

from __future__ import annotations

import datetime as dt

from quizapp.banks import gate
from quizapp.banks.extract import extract_facts
from quizapp.banks.extract.dates import year_slip
from quizapp.banks.factbase import FactBase
from quizapp.banks.generate import generate_items
from quizapp.banks.segment import segment
from quizapp.banks.types import Document, DocumentMeta, Fact, Item


def _run(text: str, day: dt.date = dt.date(2018, 10, 29), doc_id: str = "t_l25") -> tuple[list[Fact], list[Item]]:
    meta = DocumentMeta(id=doc_id, file=f"{doc_id}.txt", title="Notes on a neighbourhood", publisher="Daily Review",
                        published=day, as_of=day)
    doc = segment(Document(meta=meta, text=text))
    facts = extract_facts(doc)
    base = FactBase.from_facts(facts)
    ctx = gate.Context(facts=base.facts, base=base, documents={doc.meta.id: doc.meta})
    return facts, gate.apply_gate(generate_items(doc, facts, facts), ctx)


FRAME = ("Then Prime Minister Rajiv Gandhi made a groundbreaking visit to Beijing in 1988. The summit of 1988 proved "
         "a turning point. There are few fundamental differences between 1988 and 2018. The relationship is more "
         "complex in 2018 than it was in 1988. ")
SLIP = "During {year}, the territorial dispute was the principal point of tension between China and India."


def _on(items: list[Item], year: str) -> list[Item]:
    return [it for it in items if any(year in q for q in (it.source.quote,)) and it.type != "essay"]


def test_a_year_written_once_a_decade_off_the_passages_year_holds_its_items_as_a_slip() -> None:
    facts, items = _run(FRAME + SLIP.format(year="1998"))
    [slip] = [f for f in facts if f.kind == "date" and f.value == "1998"]
    assert slip.extra["suspect_typo"] == "1998 is written once, a decade off 1988, which the passage gives 4 times"
    on_slip = _on(items, "During 1998")
    assert on_slip, "the sentence still yields items, for an editor to release"
    assert all(it.status == "held" and "typo_or_artifact" in it.hold_reasons for it in on_slip)


def test_a_year_the_text_repeats_or_a_units_neighbour_is_no_slip() -> None:
    # written twice: the writer means it
    facts, _ = _run(FRAME + SLIP.format(year="1998") + " The talks of 1998 failed.")
    assert not any(f.extra.get("suspect_typo") for f in facts)
    # 1989 is a year after 1988, not a decade off it
    facts, _ = _run(FRAME + SLIP.format(year="1989"))
    assert not any(f.extra.get("suspect_typo") for f in facts)
    # 1988 given only twice nearby is no frame to misprint
    assert year_slip("In 1988 and 1988 the pact; in 1998 the talks.", 30, 34, "1998", False) is None
    # a resolved year ("last year") was never written
    assert year_slip(FRAME + "x 1998 y", len(FRAME) + 2, len(FRAME) + 6, "1998", True) is None


def test_a_singular_instrument_with_a_count_of_partners_is_written_in_the_plural() -> None:
    from quizapp.banks.generate.asking import plural_partners

    assert plural_partners("India has signed Social Security Agreement (SSA) with 23 countries.") == \
        "India has signed Social Security Agreements (SSAs) with 23 countries."
    assert plural_partners("India has signed a Treaty on Extradition with Kenya.") == \
        "India has signed a Treaty on Extradition with Kenya."  # one partner: one treaty


def test_the_plural_statement_is_still_judged_by_its_count() -> None:
    """The statement in the plural must still re-derive from the count it changes (compound._about reads a
    plural as its singular), or the gate holds it as compound_unproven (the shipped 000 serves it)."""
    text = ("Significantly, there is no record of India having ever signed an Internal Security Cooperation "
            "Agreement with any country, albeit India has signed Social Security Agreement (SSA) with 18 countries. "
            "SAARC was set up in 1985 as an association of States. Then Prime Minister Rajiv Gandhi made a "
            "groundbreaking visit to Beijing in 1988. India signed a Treaty on Extradition with Kenya in 2010.")
    _facts, items = _run(text)
    statements = [it for it in items if it.style == "statements" and "Social Security" in it.stem]
    assert statements, [(it.stem, it.hold_reasons) for it in items if it.style == "statements"]
    for it in statements:
        assert "Social Security Agreements (SSAs) with" in it.stem
        assert "Agreement (SSA) with" not in it.stem.split("\n", 1)[1].rsplit("\n", 1)[0]
        assert "compound_unproven" not in it.hold_reasons  # it may lose a cap to the count's own card


def test_a_card_left_in_its_completion_form_is_held_and_a_whole_question_serves() -> None:
    text = ("At the Johannesburg summit in August 2023, BRICS invited Argentina, Egypt and Ethiopia to become members "
            "from 1 January 2024. SAARC was set up in 1985 as an association of States. "
            "India signed a Treaty on Extradition with Kenya in 2010.")
    _facts, items = _run(text, dt.date(2023, 9, 5))
    completion = [it for it in items if it.stem.startswith(("When? Complete", "Which year correctly fills"))]
    assert completion, "the invitation's date has no whole-question shape: it must still be generated, then held"
    assert all(it.status == "held" for it in completion)
    assert any(it.hold_reasons == ("completion_form",) for it in completion)
    whole = [it for it in items if it.stem.startswith("In which year was SAARC set up")]
    assert whole and any(it.status == "generated" for it in whole), [(it.stem, it.hold_reasons) for it in whole]


def test_a_where_clause_after_the_subject_is_left_out_of_the_whole_question() -> None:
    from quizapp.banks.generate.asking import date_question

    assert date_question("The New Development Bank, headquartered in Shanghai, was agreed upon at the Fortaleza "
                         "summit in [when?].", "year") == \
        "In which year was the New Development Bank agreed upon at the Fortaleza summit"
    # any other clause after the subject is no description of it: the completion form stays (and is held)
    assert date_question("The Bank, which India proposed, was agreed upon at the summit in [when?].", "year") is None


ONLY = "SAARC is the only regional organization for cooperation in South Asia. SAARC was set up in 1985."
RIVAL = (" BIMSTEC, set up in 1997, is an International Organization involving a group of countries in South Asia and"
         " South East Asia."
         " India signed a Treaty on Extradition with Kenya in 2010.")


def _only_cards(items: list[Item]) -> list[Item]:
    return [it for it in items if "the only regional organization" in it.stem and it.type == "fact"]


def test_an_only_claim_another_sentence_contests_is_held() -> None:
    _facts, items = _run(ONLY + RIVAL, dt.date(2014, 3, 31))
    cards = _only_cards(items)
    assert cards and all("contested_only" in it.hold_reasons for it in cards)


def test_an_only_claim_no_sentence_contests_still_serves() -> None:
    # the other organisation is of another region ("South Asian" food is not South Asia either)
    rival = (" ASEAN is an organization of countries in South East Asia. South Asian cuisine is varied."
             " India signed a Treaty on Extradition with Kenya in 2010.")
    _facts, items = _run(ONLY + rival, dt.date(2014, 3, 31))
    cards = _only_cards(items)
    assert cards and all("contested_only" not in it.hold_reasons for it in cards), [it.hold_reasons for it in cards]


def test_the_simple_past_of_a_treaty_verb_is_asked_whole_and_a_passive_or_a_leaning_subject_is_not() -> None:
    from quizapp.banks.generate.asking import date_question

    assert date_question("India signed a Treaty on Extradition with Kenya in [when?].", "year") == \
        "In which year did India sign a Treaty on Extradition with Kenya"
    assert date_question("South Africa joined BRICS in [when?].", "month") == "In which month and year did South Africa join BRICS"
    assert date_question("The Government of India signed a pact with Oman in [when?].", "year") == \
        "In which year did the Government of India sign a pact with Oman"
    assert date_question("The two countries signed a pact on [when?], officials said.", "year") is None
    assert date_question("The Treaty was signed in [when?].", "year") is None
    assert date_question("They signed the pact in [when?].", "year") is None


DISPUTES = ("There have been a series of disputes between the two countries, including China’s fervent opposition to "
            "India’s potential membership in the Nuclear Suppliers Group (NSG); and India’s open opposition to "
            "China’s Belt and Road Initiative (BRI). SAARC was set up in 1985. India signed a Treaty on Extradition "
            "with Kenya in 2010. The SAARC Secretariat is based in Kathmandu.")


def _cards(items: list[Item]) -> dict[str, Item]:
    return {str(it.answer): it for it in items if it.type == "fact"}


def test_a_position_on_a_bid_or_a_scheme_is_asked_by_what_was_opposed() -> None:
    _facts, items = _run(DISPUTES)
    cards = _cards(items)
    nsg, bri = cards["Nuclear Suppliers Group (NSG)"], cards["Belt and Road Initiative (BRI)"]
    assert nsg.stem == ("As stated by Daily Review (29 October 2018), China has fervently opposed India’s potential "
                        "membership in which group?")
    assert bri.stem == "As stated by Daily Review (29 October 2018), which initiative of China has India openly opposed?"
    assert nsg.status == bri.status == "generated", (nsg.hold_reasons, bri.hold_reasons)
    # "which country opposed India's NSG bid?" stays unasked: the bid had many opponents
    assert not any(it.answer == "China" for it in items if it.type == "fact")


def test_support_a_hedge_or_a_state_scheme_of_ones_own_gives_no_position_card() -> None:
    for text in ("India’s open support for China’s Belt and Road Initiative (BRI) was noted.",
                 "India’s opposition to China’s Belt and Road Initiative (BRI) may soften.",
                 "India’s open opposition to India’s Act East Policy surprised no one."):
        _facts, items = _run(text + " SAARC was set up in 1985. The SAARC Secretariat is based in Kathmandu.")
        assert "Belt and Road Initiative (BRI)" not in _cards(items) and "Act East Policy" not in _cards(items), text


def test_banks_check_refuses_a_tri_junction_mcq_whose_key_an_editor_moved(tmp_path) -> None:
    import shutil
    from pathlib import Path

    import yaml

    from quizapp.banks.build import build_banks
    from quizapp.banks.check import check_banks
    from tests import fastyaml

    root = Path(__file__).resolve().parents[3] / "questions"
    banks, sources = tmp_path / "banks", tmp_path / "sources"
    shutil.copytree(root / "sources", sources)
    build_banks(sources, banks)
    assert check_banks(banks, sources) == []
    for path in sorted(banks.glob("*.yaml")):
        data = fastyaml.load(path.read_text(encoding="utf-8"))
        facts = {f["id"]: f for f in data["facts"]}
        for item in data["items"]:
            if item["type"] == "mcq" and item["facts"] and \
                    (facts[item["facts"][0]].get("extra") or {}).get("rule") == "trijunction":
                item["answer"] = (item["answer"] + 1) % 4
                path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")
                problems = [str(p) for p in check_banks(banks, sources)]
                assert any("wrong key" in p and "tri-junction" in p and str(path) in p for p in problems), problems
                return
    raise AssertionError("the shipped sources give no tri-junction MCQ")


def test_a_later_document_that_asks_an_earlier_ones_question_again_is_held() -> None:
    """Round 10: two pages gave "Where did … hold an informal summit/meeting in April 2018?" (Wuhan)."""
    first = ("Wuhan reset: Prime Minister Narendra Modi and Chinese President Xi Jinping held an informal summit in "
             "Wuhan, China, in April 2018. SAARC was set up in 1985. The SAARC Secretariat is based in Kathmandu.")
    second = ("In April 2018, President Xi Jinping and Prime Minister Modi held a successful informal meeting in Wuhan."
              " India signed a Treaty on Extradition with Kenya in 2010. BIMSTEC was set up in 1997.")
    _f, a = _run(first, doc_id="t_a")
    _f, b = _run(second, doc_id="t_b")
    wuhan_a = [it for it in a if it.status == "generated" and it.answer == "Wuhan"]
    wuhan_b = [it for it in b if it.status == "generated" and it.answer == "Wuhan"]
    assert wuhan_a and wuhan_b, "each page alone serves its Wuhan card"
    after = gate.across_documents(b, gate.asked_index(a))
    held = [it for it in after if it.answer == "Wuhan"]
    assert held and all(it.status == "held" and it.hold_reasons == ("duplicate_elsewhere",) for it in held)
    # the second page's other questions are its own
    assert [it.id for it in after if it.status == "generated"] == \
        [it.id for it in b if it.status == "generated" and it.answer != "Wuhan"]
    # a different question with the same answer is no duplicate
    other = gate.across_documents(a, gate.asked_index(it for it in b if it.answer != "Wuhan"))
    assert [it.status for it in other] == [it.status for it in a]


def test_an_item_the_build_retired_comes_back_when_a_build_makes_it_again_and_an_editors_stays_retired() -> None:
    from quizapp.banks import bankfile

    def made(iid: str, stem: str) -> dict:
        it = {"id": iid, "type": "fact", "stem": stem, "answer": "1985", "explanation": "x", "topic": "Polity",
              "tags": [], "facts": [], "status": "generated", "source": {"document": "d", "start": 0, "end": 1,
                                                                         "quote": "x"}}
        it["generated"] = bankfile.content_hash(it)
        return it

    first = [made("q_a", "In which year was SAARC set up?"), made("q_b", "Where is SAARC based?")]
    # a build whose rules no longer make q_a retires it, and says the build did
    second = bankfile.merge_items(first, [first[1]])
    gone = next(it for it in second if it["id"] == "q_a")
    assert gone["status"] == "retired" and gone["retired_by"] == "build"
    # the next build makes it again: it is the pipeline's, so the fresh item (and the gate's status) returns
    third = bankfile.merge_items(second, [made("q_a", "In which year was SAARC set up?"), first[1]])
    back = next(it for it in third if it["id"] == "q_a")
    assert back["status"] == "generated" and "retired_by" not in back
    assert bankfile.editor_statuses({"items": second}) == {}
    # an editor's retirement (no marker) sticks, and counts as the editor's decision at the gate
    edited = [dict(first[0], status="retired"), first[1]]
    again = bankfile.merge_items(edited, [made("q_a", "In which year was SAARC set up?"), first[1]])
    assert next(it for it in again if it["id"] == "q_a")["status"] == "retired"
    assert bankfile.editor_statuses({"items": edited}) == {"q_a": "retired"}


def test_the_shipped_banks_serve_pairs_and_statements_beside_each_facts_card() -> None:
    """A fact whose card and MCQ used its whole budget left its pairs item held (s25, after reviving the SAARC
    Convention's card): the gate now keeps one slot of such a fact for the compound item that cites it."""
    import glob
    from pathlib import Path

    from tests import fastyaml

    root = Path(__file__).resolve().parents[3] / "questions" / "banks"
    served = [it for p in sorted(glob.glob(str(root / "*.yaml"))) for it in fastyaml.load(Path(p).read_text())["items"]
              if it["status"] in ("generated", "reviewed")]
    assert sum(it.get("style") == "pairs" for it in served) >= 2
    assert sum(it.get("style") == "statements" for it in served) >= 4
    per_fact: dict[str, int] = {}
    for it in served:
        for f in set(it["facts"]):
            per_fact[f] = per_fact.get(f, 0) + 1
    assert max(per_fact.values()) <= gate.TOTAL_BIG_LIST


def test_a_pending_or_membership_key_point_says_when_it_held() -> None:
    from quizapp.banks.generate.essay import _dated_if_current
    from quizapp.banks.segment import segment

    meta = DocumentMeta(id="t_kp", file="t_kp.txt", title="x", publisher="Ministry of Home Affairs",
                        published=dt.date(2014, 3, 31), as_of=dt.date(2014, 3, 31))
    doc = segment(Document(meta=meta, text="x"))
    assert _dated_if_current(doc, "The Convention will come into force after ratification by Nepal.").endswith(
        "by Nepal (as of 31 March 2014).")
    assert _dated_if_current(doc, "BRICS brings together Brazil, Russia, India, China and South Africa.").endswith(
        "(as of 31 March 2014).")
    assert _dated_if_current(doc, "SAARC was set up in 1985.") == "SAARC was set up in 1985."  # a dated one-off
    assert _dated_if_current(doc, "Both sides fought smuggling of drugs and arms beside others.") == \
        "Both sides fought smuggling of drugs and arms among others."
