"""Mains key points that answer every demand of their question (round 10's blind readers).

The shipped page question asks two things ("… more complex … Do you agree? What areas of
convergence …?") and its points answered the first only; the generated MLAT prompt asks how India
cooperates and its points were counts and dates; a generated BRICS prompt hung on one summit and left
out the expansion. Each rule is shown on a synthetic document that must give the point, beside a near
miss that must not (or must be held), and then on the shipped sources built fresh.

Every document goes through the real pipeline (clean, segment, extract, generate, gate) from a file
on disk, as `banks build` reads it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quizapp.banks.build import build_banks
from quizapp.banks.generate.essay import (
    GAIN,
    MAX_COUNT_POINTS,
    MEANS,
    STRAIN,
    answers,
    halves,
    is_count_point,
    keywords,
    side_of,
    uncovered_halves,
)
from quizapp.banks.types import Item
from tests import fastyaml
from tests.unit.banks.pipeline import run_pipeline

ROOT = Path(__file__).resolve().parents[3]
SEEDS = ROOT / "questions" / "sources"
NEW_DOCUMENTS = ROOT / "tests" / "data" / "new_documents"


GENERIC_KEYWORDS = {"india", "china", "vietnam", "korea", "countries", "country", "relations", "relation", "ties",
                    "years", "year", "months", "areas", "problems", "support", "cooperation", "bilateral"}


_pipeline = run_pipeline


def _essay(items: list[Item], generated: bool = False) -> Item:
    (essay,) = [it for it in items if it.type == "essay" and ("generated-prompt" in it.tags) == generated
                and it.status != "retired"]
    return essay


# -- 1. a page question with two demands: the second demand's sentences become points -----------------

QUESTION = ("The relationship between Vietnam and Korea is much more complex and difficult to manage today than "
            "in the past. Do you agree? What areas of convergence need to be explored between them for better ties?")

STRAINS = """Why ties are strained:

  • Firstly, the fishing dispute around the Paracel shoals is far more complex and difficult to manage in 2024 than it was in 1992.
  • Secondly, the naval balance has shifted dramatically since 1992, making negotiations and mutual accommodation much more difficult.
  • Thirdly, the rivalry over undersea cables and port access has sharpened the tensions between the two navies since 2015.
  • Finally, unlike in 1992 Hanoi and Seoul have to deal with the legacy of three decades of mistrust and disappointments.
"""

# The convergence half lives in sentences that lean on the one before: "Through the agreement, both …"
# and "It is aimed at …". Named from earlier in the page, they answer "areas of convergence".
PACT = f"""Vietnam, Korea ink first-ever maritime security pact

  • Vietnam and Korea signed their first ever maritime security cooperation agreement marking a new beginning in bilateral ties.
  • Through the agreement, both ensured support to each other in dealing with problems of piracy, illegal fishing and smuggling of arms.

The Hanoi dialogue has set the tone of naval relations for the coming decade. It is aimed at getting the two navies to find areas of convergence and promote joint patrols in the South China Sea.

{STRAINS}
Practice Question:

{QUESTION}
"""

# The near miss: the same page where the agreement sentence names nothing to write back ("an agreement",
# no words that say which) and no sentence of cooperation follows; the second demand has no answer.
NO_CONVERGENCE = f"""Vietnam and Korea at sea: why ties are strained

Vietnam Korea ties are primarily defined by a deep trust deficit over the Paracel shoals.

{STRAINS}
Practice Question:

{QUESTION}
"""


@pytest.fixture()
def pact(tmp_path: Path) -> Item:
    return _essay(_pipeline(tmp_path, ("pact", "2024-06-01", PACT)))


def test_the_question_makes_two_demands() -> None:
    assert halves(QUESTION) == (STRAIN, GAIN)
    assert MEANS in halves("Examine how India cooperates with other countries against terrorism.")
    assert halves("Examine how far the pact helps.") == ()  # "how far" asks for a judgement, not a means
    assert halves("Discuss the significance of the pact.") == ()  # one demand: any point on the subject


def test_the_second_demands_sentences_become_points_named_cold(pact: Item) -> None:
    texts = [kp.text for kp in pact.key_points]
    assert pact.status == "generated" and pact.hold_reasons == (), pact.hold_reasons
    assert 4 <= len(texts) <= 8
    assert ("Through the maritime security cooperation agreement, Vietnam and Korea ensured support to each other "
            "in dealing with problems of piracy, illegal fishing and smuggling of arms.") in texts
    assert any(t.startswith("The Hanoi dialogue is aimed at getting the two navies to find areas of convergence")
               for t in texts), texts
    # no point keeps a dangling "the agreement", "both" or "It"
    assert not [t for t in texts if t.startswith(("Through the agreement", "It ", "Both "))]
    assert uncovered_halves(pact.stem, pact.key_points) == ()
    sides = [side_of(t) for t in texts]
    assert sides.count(GAIN) >= 2 and sides.count(STRAIN) >= 2


def test_points_are_true_by_their_sentences_and_linked(pact: Item) -> None:
    for kp in pact.key_points:
        assert PACT[kp.source.start:kp.source.end] == kp.source.quote
        assert kp.items, kp.text  # a card teaches every point (a held card still teaches)
        assert not {k.casefold() for k in kp.keywords} & GENERIC_KEYWORDS, (kp.text, kp.keywords)
    through = next(kp for kp in pact.key_points if kp.text.startswith("Through"))
    assert {"piracy", "illegal fishing"} & set(through.keywords)


def test_a_span_counted_back_from_the_writing_date_is_given_by_its_years(tmp_path: Path) -> None:
    # round 12: "in the last 30 years" is wrong once the point is read years later; the page's date fixes it
    text = PACT.replace("has shifted dramatically since 1992", "has shifted dramatically in the last 32 years")
    texts = [kp.text for kp in _essay(_pipeline(tmp_path, ("span", "2024-06-01", text))).key_points]
    assert any("the naval balance has shifted dramatically between 1992 and 2024" in t.lower() for t in texts), texts
    assert not [t for t in texts if "last 32 years" in t]
    # a "first ever" is first as of the page: the point says when (round 12: "undated agreement")
    assert [t for t in texts if "first ever maritime security" in t and t.endswith("(as of 1 June 2024).")], texts
    # "in the last few years" gives no number to count back: the point keeps the source's words
    text = PACT.replace("has shifted dramatically since 1992", "has shifted dramatically in the last few years")
    texts = [kp.text for kp in _essay(_pipeline(tmp_path, ("few", "2024-06-01", text))).key_points]
    assert not [t for t in texts if "between" in t and "2024" in t]


def test_a_page_that_never_answers_the_second_demand_is_held(tmp_path: Path) -> None:
    essay = _essay(_pipeline(tmp_path, ("strained", "2024-06-01", NO_CONVERGENCE)))
    assert essay.status == "held" and "essay_half_uncovered" in essay.hold_reasons
    assert GAIN in uncovered_halves(essay.stem, essay.key_points)


def test_a_back_reference_the_page_cannot_name_leaves_the_sentence_out(tmp_path: Path) -> None:
    # "an agreement" says nothing of which agreement: "Through the agreement, both …" stays unnamed, so no point
    text = PACT.replace("their first ever maritime security cooperation agreement", "an agreement")
    essay = _essay(_pipeline(tmp_path, ("vague", "2024-06-01", text)))
    assert not [kp for kp in essay.key_points if "piracy" in kp.text]
    # "It" after a sentence about a country, not an instrument or a body, is not named either
    text = PACT.replace("The Hanoi dialogue has set the tone", "Vietnam has set the tone")
    essay = _essay(_pipeline(tmp_path, ("country", "2024-06-01", text)))
    assert not [kp for kp in essay.key_points if "joint patrols" in kp.text]


# -- 2. a "how" question: sentences of purpose or means ------------------------------------------------

HOW = """Legal cooperation against crime in Ruritania

Ruritania has so far operationalised Extradition Treaties with the following 12 countries:-
Austria Belgium Chile Denmark Estonia Finland Ghana Hungary Iceland Jordan Kenya Latvia

On 4 March 2019, an Extradition Treaty was signed between Ruritania and Peru in Strelsau.

Ruritania and the United Arab Emirates signed an Extradition Treaty in Abu Dhabi on 2 May 2017.

The Extradition Treaties are designed to facilitate the surrender of fugitive offenders and the sharing of evidence in investigation and prosecution of crime.

Practice Question:

Examine how the Extradition Treaties help Ruritania to pursue fugitive offenders.
"""


def test_a_how_question_gets_the_sentence_of_purpose(tmp_path: Path) -> None:
    essay = _essay(_pipeline(tmp_path, ("how", "2019-06-01", HOW)))
    assert "essay_half_uncovered" not in essay.hold_reasons
    assert any(kp.text.startswith("The Extradition Treaties are designed to facilitate the surrender")
               for kp in essay.key_points), [kp.text for kp in essay.key_points]
    assert uncovered_halves(essay.stem, essay.key_points) == ()


def test_a_how_question_no_sentence_answers_is_held(tmp_path: Path) -> None:
    text = HOW.replace("The Extradition Treaties are designed to facilitate the surrender of fugitive offenders and "
                       "the sharing of evidence in investigation and prosecution of crime.\n\n", "")
    essay = _essay(_pipeline(tmp_path, ("howmiss", "2019-06-01", text)))
    assert essay.status == "held" and "essay_half_uncovered" in essay.hold_reasons
    assert uncovered_halves(essay.stem, essay.key_points) == (MEANS,)


def test_what_answers_a_means_demand() -> None:
    assert answers("The Convention aims to strengthen regional cooperation in investigation of crime.", MEANS)
    assert answers("The Ministry is the nodal ministry for concluding the Treaties.", MEANS)
    assert answers("Ministry of External Affairs is the nodal authority for setting up of JWG on Counter Terrorism "
                   "to exchange information.", MEANS)
    assert not answers("India has so far operationalised the Treaties with 34 countries.", MEANS)
    assert not answers("On 4 April 2013, a Treaty was signed between India and Azerbaijan in New Delhi.", MEANS)


# -- 3. a generated "how" prompt: purpose, means, and at most two counts -----------------------------

CRIME = """International cooperation against crime

The Ministry of Justice of Ruritania is the nodal Ministry for concluding Extradition Treaties which are designed to facilitate the surrender of fugitive offenders and the sharing of evidence in investigation and prosecution of crime.

Ruritania has so far operationalised Extradition Treaties with the following 12 countries:-
Austria Belgium Chile Denmark Estonia Finland Ghana Hungary Iceland Jordan Kenya Latvia

In addition, Treaties with 3 countries, namely, Malta, Norway and Oman have been signed which are yet to be ratified.

On 4 March 2019, an Extradition Treaty was signed between Ruritania and Peru in Strelsau.

Ruritania and the United Arab Emirates signed an Extradition Treaty in Abu Dhabi on 2 May 2017.

Further Ruritania along with other SAARC countries has signed a Convention on Mutual Assistance in Criminal Matters in 2008. The Convention aims to strengthen regional cooperation in investigation and prosecution of crime.

The Ministry of Foreign Affairs is the nodal authority for setting up of Joint Working Groups on Counter Terrorism to exchange information and strengthen international cooperation to combat terrorism and transnational organized crime.

Ruritania has signed bilateral agreements on drug related issues with Afghanistan, Bangladesh, Bulgaria, Cambodia, Croatia, Cyprus, Egypt and Zambia.
"""


def test_a_generated_how_prompt_answers_how(tmp_path: Path) -> None:
    essay = _essay(_pipeline(tmp_path, ("crime", "2019-06-01", CRIME)), generated=True)
    texts = [kp.text for kp in essay.key_points]
    assert essay.stem.startswith("Examine how") and essay.status == "generated", (essay.stem, essay.hold_reasons)
    assert 4 <= len(texts) <= 8
    assert any("designed to facilitate the surrender" in t for t in texts), texts
    # "The Convention aims …" named from the sentence before, as a setter writes it
    assert any(t.startswith("The SAARC Convention on Mutual Assistance in Criminal Matters aims to strengthen")
               for t in texts), texts
    assert any("Joint Working Groups on Counter Terrorism to exchange information" in t for t in texts), texts
    assert sum(is_count_point(t) for t in texts) <= MAX_COUNT_POINTS
    # a roll of eight states is its count, dated as a count of partners is
    assert "Ruritania has signed bilateral agreements on drug related issues with 8 countries (as of 1 June 2019)." \
        in texts
    for kp in essay.key_points:
        assert kp.facts and CRIME[kp.source.start:kp.source.end] == kp.source.quote
        assert not {k.casefold() for k in kp.keywords} & GENERIC_KEYWORDS, (kp.text, kp.keywords)


def test_a_generated_how_prompt_without_a_sentence_of_means_is_not_served(tmp_path: Path) -> None:
    lines = [line for line in CRIME.splitlines() if not any(w in line for w in ("designed to", "aims to", "nodal"))]
    items = _pipeline(tmp_path, ("crimemiss", "2019-06-01", "\n".join(lines) + "\n"))
    essays = [it for it in items if it.type == "essay"]
    # either no "how" prompt at all, or one held because its points do not say how
    for essay in essays:
        if MEANS in halves(essay.stem):
            assert essay.status == "held" and "essay_half_uncovered" in essay.hold_reasons


# -- 4. a generated prompt's anchor and a membership's later change ---------------------------------

def test_the_anchor_is_no_single_summit_and_the_expansion_is_a_point(tmp_path: Path) -> None:
    text = (NEW_DOCUMENTS / "c_explainer_brics_table.txt").read_text(encoding="utf-8")
    text = "\n".join(text.splitlines()[1:]) + "\n"  # the page without its section kicker
    essay = _essay(_pipeline(tmp_path, ("brics", "2023-09-05", text)), generated=True)
    texts = [kp.text for kp in essay.key_points]
    assert "Fortaleza" not in essay.stem and "Johannesburg" not in essay.stem
    assert essay.stem.startswith("Examine the evolution of BRICS")
    assert any(t.startswith("BRICS brings together") for t in texts)
    assert any("invited Argentina, Egypt, Ethiopia, Iran, Saudi Arabia and the United Arab Emirates to become "
               "members from 1 January 2024" in t for t in texts), texts


def test_a_membership_whose_change_makes_no_point_is_left_out(tmp_path: Path) -> None:
    text = (NEW_DOCUMENTS / "c_explainer_brics_table.txt").read_text(encoding="utf-8")
    text = "\n".join(text.splitlines()[1:]) + "\n"
    # the change leans on an event it does not name ("The move came as …"): no point carries it, so the
    # five-member roll it outdates is no point either
    changed = text.replace("At the Johannesburg summit in August 2023, BRICS invited", "The move came as BRICS invited")
    assert changed != text
    items = _pipeline(tmp_path, ("bricsmove", "2023-09-05", changed))
    for essay in [it for it in items if it.type == "essay"]:
        assert not [kp for kp in essay.key_points if kp.text.startswith("BRICS brings together")]
    # nine invitees: too many to name in a point, the change is carried as its count
    nine = text.replace("Saudi Arabia and the United Arab Emirates",
                        "Saudi Arabia, Algeria, Bolivia, Cuba and the United Arab Emirates")
    essay = _essay(_pipeline(tmp_path, ("brics9", "2023-09-05", nine)), generated=True)
    texts = [kp.text for kp in essay.key_points]
    assert any(t.startswith("BRICS brings together") for t in texts)
    assert "At the Johannesburg summit in August 2023, BRICS invited 9 countries to become members from 1 January " \
           "2024." in texts


def test_keywords_skip_generic_time_words() -> None:
    kws = keywords("The power balance between China and India has shifted dramatically in the last 30 years, making "
                   "negotiations and mutual accommodation much more difficult.",
                   generic=frozenset({"india", "china"}))
    assert "years" not in kws and "power balance" in kws
    assert "2013" not in keywords("India has so far operationalised the Treaties with 34 countries (as of 2013–14).")


# -- 5. the shipped sources, built fresh ----------------------------------------------------------------

@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    base = tmp_path_factory.mktemp("s25_seed")
    sources, banks = base / "sources", base / "banks"
    shutil.copytree(SEEDS, sources)
    report = build_banks(sources, banks)
    assert report.errors == []
    return {p.stem: fastyaml.load(p.read_text(encoding="utf-8")) for p in sorted(banks.glob("*.yaml"))}


def _shipped_essay(data: dict[str, dict], prefix: str, generated: bool) -> tuple[dict, dict]:
    (bank,) = [b for name, b in data.items() if name.startswith(prefix)]
    (essay,) = [it for it in bank["items"] if it["type"] == "essay" and it["status"] != "retired"
                and ("generated-prompt" in it.get("tags", [])) == generated]
    return bank, essay


def _well_formed(bank: dict, essay: dict) -> list[str]:
    texts = [p["text"] for p in essay["key_points"]]
    assert essay["status"] == "generated", essay.get("hold_reasons")
    assert 4 <= len(texts) <= 8
    fact_ids = {f["id"] for f in bank["facts"]}
    item_ids = {it["id"] for it in bank["items"]}
    for p in essay["key_points"]:
        assert set(p["facts"]) <= fact_ids and set(p["items"]) <= item_ids
        assert not {k.casefold() for k in p["keywords"]} & GENERIC_KEYWORDS, (p["text"], p["keywords"])
    return texts


def test_shipped_page_question_points_answer_convergence(shipped: dict[str, dict]) -> None:
    bank, essay = _shipped_essay(shipped, "000_", generated=False)
    texts = _well_formed(bank, essay)
    assert ("Through the internal security cooperation agreement, India and China ensured support to each other "
            "in dealing with problems of terrorism, human trafficking, and smuggling of drugs and arms among "
            "others.") in texts  # the source's "beside others", corrected (round 11)
    assert any("find areas of convergence" in t for t in texts)
    assert any("complex and difficult to manage in 2018 than it was in 1988" in t for t in texts)
    assert any("has shifted dramatically between 1988 and 2018" in t for t in texts), texts  # round 12
    assert any(t.startswith("India and China signed their first ever") and t.endswith("(as of 29 October 2018).")
               for t in texts), texts
    sides = [side_of(t) for t in texts]
    assert sides.count(GAIN) >= 3 and sides.count(STRAIN) >= 3


def test_shipped_generated_prompt_says_how(shipped: dict[str, dict]) -> None:
    bank, essay = _shipped_essay(shipped, "004_", generated=True)
    texts = _well_formed(bank, essay)
    assert essay["stem"].startswith("Examine how India cooperates")
    assert any("which are designed to facilitate the widest measures of mutual assistance" in t for t in texts)
    assert any("SAARC" in t and "Convention on Mutual Assistance in Criminal Matters in 2008" in t for t in texts)
    assert any("Joint Working Groups (JWGs) on Counter Terrorism to exchange information" in t for t in texts)
    assert sum(is_count_point(t) for t in texts) <= MAX_COUNT_POINTS
    for p in essay["key_points"]:
        assert p["facts"], p["text"]
