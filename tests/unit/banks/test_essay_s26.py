"""s26: Mains key points in the page's own voice only, and an instrument named with its parties whole.

A press-conference transcript speaks in the first and second person ("We will expand …", "You also
mentioned …"): as a key point, no reader can tell whose words they are. And an agreement "between the
Ministry of Home Affairs of India and the Ministry of Public Security of China", written back for "The
Agreement", was cut at its first "of" ("between the Ministry"). Synthetic documents; each rule beside a
near miss that must still give its point."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from quizapp.banks.generate import common
from quizapp.banks.generate.essay import point_text
from quizapp.banks.segment import segment
from quizapp.banks.types import Document, DocumentMeta, Item

PAGE = (
    "Meeting on security cooperation\n\n"
    "An Agreement on Security Cooperation between the Ministry of Home Affairs of India and the Ministry of Public "
    "Security of China was also signed by the two Ministers. The Agreement will further strengthen cooperation in "
    "the areas of counter-terrorism, organized crimes and drug control.\n\n"
    "We will expand the communication channels and cooperation areas between our law enforcement departments. "
    "You also mentioned that India asked China not to offer cover to the leader of an insurgent group. "
    "China and India will expand the communication channels between their law enforcement departments.\n")


def _points() -> dict[str, str | None]:
    day = dt.date(2018, 10, 23)
    doc = segment(Document(meta=DocumentMeta(id="t_s26e", file="t_s26e.txt", title="Meeting on security cooperation",
                                             publisher="Security Notes", published=day, as_of=day), text=PAGE))
    return {s.text.split()[0] + " " + s.text.split()[1]: point_text(doc, common.covering_source(doc, s.start, s.end))
            for s in doc.sentences if len(s.text.split()) > 6}


def test_a_point_in_the_speakers_voice_is_no_point() -> None:
    points = _points()
    assert points["We will"] is None
    assert points["You also"] is None
    # the same claim in the third person is a point
    assert points["China and"] == ("China and India will expand the communication channels between their law "
                                   "enforcement departments.")


def test_the_agreement_is_named_with_both_parties_whole() -> None:
    point = _points()["The Agreement"]
    assert point is not None and point.startswith(
        "The Agreement on Security Cooperation between the Ministry of Home Affairs of India and the Ministry of "
        "Public Security of China will further strengthen cooperation"), point


def test_a_generated_prompt_names_a_grouping_once_and_with_its_article(tmp_path) -> None:
    # session 26's holdout: "Examine the evolution of Shanghai Cooperation Organisation, with reference to SCO."
    from tests.unit.banks.pipeline import run_pipeline

    page = ("The Shanghai Cooperation Organisation (SCO): origins and members\n\n"
            "The Shanghai Cooperation Organisation (SCO) was founded in Shanghai on 15 June 2001. "
            "The SCO Charter was signed at St Petersburg in June 2002. "
            "The SCO currently comprises ten member states, namely: China, Russia, Kazakhstan, Kyrgyzstan, Tajikistan, "
            "Uzbekistan, India, Pakistan, Iran and Belarus. "
            "India and Pakistan became full members of the SCO at the Astana summit in June 2017. "
            "Iran became the SCO's ninth member in July 2023. "
            "The SCO Secretariat is based in Beijing.\n")
    essays = [it for it in run_pipeline(tmp_path, ("sco", "2024-08-20", page))
              if it.type == "essay" and "generated-prompt" in it.tags]
    for essay in essays:
        assert "with reference to SCO" not in essay.stem, essay.stem
        assert "of Shanghai Cooperation Organisation" not in essay.stem, essay.stem
    assert any(e.stem.startswith("Examine the evolution of the Shanghai Cooperation Organisation") for e in essays), \
        [e.stem for e in essays]


def test_a_written_count_keeps_its_roll_out_of_the_point_and_a_count_back_goes(tmp_path) -> None:
    # session 26's holdout: "The SCO currently comprises ten member states, namely: 10 countries" and a point
    # opening "A year earlier, …" though it gives its own year
    from tests.unit.banks.pipeline import run_pipeline

    page = ("The Shanghai Cooperation Organisation (SCO): origins and members\n\n"
            "The Shanghai Cooperation Organisation (SCO) was founded in Shanghai on 15 June 2001. "
            "The SCO Charter was signed at St Petersburg in June 2002. "
            "The SCO currently comprises ten member states, namely: China, Russia, Kazakhstan, Kyrgyzstan, Tajikistan, "
            "Uzbekistan, India, Pakistan, Iran and Belarus. "
            "Belarus was admitted as a full member of the SCO at the Astana summit in July 2024. "
            "A year earlier, at the virtual summit chaired by India in July 2023, Iran became the SCO's ninth member. "
            "The SCO Secretariat is based in Beijing.\n")
    (essay,) = [it for it in run_pipeline(tmp_path, ("sco", "2024-08-20", page))
                if it.type == "essay" and "generated-prompt" in it.tags]
    texts = [kp.text for kp in essay.key_points]
    assert "The SCO currently comprises ten member states (as of 20 August 2024)." in texts, texts
    assert not [t for t in texts if "namely" in t or "10 countries" in t]
    assert not [t for t in texts if t.startswith("A year earlier")], texts
    from quizapp.banks.generate import common
    from quizapp.banks.generate.essay import point_text
    from quizapp.banks.segment import segment
    from quizapp.banks.sources import load_source

    doc = segment(load_source(tmp_path / "sco.txt"))
    (iran,) = [x for x in doc.sentences if x.text.startswith("A year earlier")]
    assert point_text(doc, common.covering_source(doc, iran.start, iran.end)) == (
        "At the virtual summit chaired by India in July 2023, Iran became the SCO's ninth member.")


def test_a_demand_for_reforms_or_for_an_evolution_needs_a_point_that_answers_it() -> None:
    # round 14's reader rejected two page prompts whose points never suggested a reform or an independent body,
    # and an "evolution" prompt whose points began in 2024 and never said where the grouping came from
    from quizapp.banks.generate.essay import ORIGIN, REFORM, answers, halves

    assert REFORM in halves("Critically examine this statement in the light of recent developments and suggest reforms.")
    assert REFORM in halves("Discuss the role of the Speaker. Should the power be vested in an independent body?")
    assert ORIGIN in halves("Examine the evolution of the Shanghai Cooperation Organisation.")
    assert halves("Discuss the significance of the pact.") == ()  # one demand: any point on the subject
    assert answers("The Dinesh Goswami Committee recommended that the President decide such petitions.", REFORM)
    assert not answers("The Law Commission also examined reform of the anti-defection provisions.", REFORM)
    assert answers("Its predecessor, the Shanghai Five, was formed in 1996.", ORIGIN)
    assert not answers("Belarus was admitted as a full member in July 2024.", ORIGIN)


def test_an_evolution_prompt_without_an_origin_point_is_held(tmp_path) -> None:
    # the holdout explainer as written: its origin is in "Its predecessor was the Shanghai Five …", a sentence that
    # leans on the one before, so no point says where the SCO came from and the prompt is held
    from tests.unit.banks.pipeline import run_pipeline

    page = (Path(__file__).resolve().parents[2] / "data" / "holdout_s26" / "h3_explainer_grouping.txt").read_text(
        encoding="utf-8")

    def evolution(name: str, text: str) -> list[Item]:
        (tmp_path / name).mkdir()
        return [it for it in run_pipeline(tmp_path / name, (name, "2024-08-20", text))
                if it.type == "essay" and it.stem.startswith("Examine the evolution")]

    (held,) = evolution("bare", page)
    assert held.status == "held" and "essay_half_uncovered" in held.hold_reasons, (held.status, held.hold_reasons)
    # the same page naming the predecessor in its own sentence serves the prompt, with that point
    (served,) = evolution("origin", page.replace("Its predecessor was", "The SCO's predecessor was"))
    assert served.status == "generated", served.hold_reasons
    assert any("Shanghai Five" in kp.text for kp in served.key_points), [kp.text for kp in served.key_points]
