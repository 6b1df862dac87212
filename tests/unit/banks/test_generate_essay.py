"""Essay items: Mains conventions and key points by layout rules."""

from __future__ import annotations

import datetime as dt
import re

from quizapp.banks.generate import generate_items
from quizapp.banks.generate.essay import keywords, marks_for
from quizapp.banks.types import Block, Document, DocumentMeta, Fact, Source

TEXT = """Trade talks explained

Background: The two countries signed a trade pact in March 2015 which cut tariffs on 40 items.

Why it matters:

The pact doubled trade within 3 years and opened markets for farmers.

How is the new deal different?

  • Firstly, the economies are more unequal in 2024 than they were in 2015, which makes talks harder.
  • Secondly, global supply chains have moved since the Pandemic of 2020, and Vietnam competes for investment.
  • Finally, both sides face elections in 2025 and cannot offer much before then.

Practice Question:

Trade between the two countries is harder to expand today than a decade ago. Do you agree? What steps could revive it?
"""
META = DocumentMeta(id="t_trade", file="t_trade.txt", title="Trade talks explained", publisher="Example Notes",
                    published=dt.date(2024, 6, 1), as_of=dt.date(2024, 6, 1))


def blocks(text: str) -> tuple[Block, ...]:
    out = []
    for m in re.finditer(r"[^\n]+", text):
        raw = m.group(0)
        lead = len(raw) - len(raw.lstrip())
        body = raw.strip()
        kind = "bullet" if body.startswith("•") else ("heading" if len(body) < 40 and body.endswith((":", "?")) or m.start() == 0 else "paragraph")
        out.append(Block(kind, m.start() + lead, m.start() + lead + len(body), body))
    return tuple(out)


DOC = Document(meta=META, text=TEXT, blocks=blocks(TEXT))


def src(needle: str) -> Source:
    i = TEXT.index(needle)
    return Source(META.id, i, i + len(needle), needle)


PROMPT_TEXT = ("Trade between the two countries is harder to expand today than a decade ago. Do you agree? "
               "What steps could revive it?")
support_start = TEXT.index("Background:")
support_end = TEXT.index("Practice Question:")
PROMPT = Fact(id="f_prompt", kind="prompt", source=src(PROMPT_TEXT), sentence=src(PROMPT_TEXT),
              extra={"directive": "do you agree", "support_blocks": [[support_start, support_end]]})
D2015 = Fact(id="f_2015", kind="date", source=src("March 2015"),
             sentence=src("Background: The two countries signed a trade pact in March 2015 which cut tariffs on 40 items."),
             value="2015-03", granularity="month")
D2024 = Fact(id="f_2024", kind="date", source=src("2024"),
             sentence=src("Firstly, the economies are more unequal in 2024 than they were in 2015, which makes talks harder."),
             value="2024", granularity="year")
FACTS = [PROMPT, D2015, D2024]


def essay():
    items = generate_items(DOC, FACTS, FACTS)
    return next(it for it in items if it.type == "essay"), items


def test_two_part_question_is_fifteen_marks() -> None:
    it, _ = essay()
    assert (it.marks, it.word_limit, it.time_limit_minutes) == (15, 250, 11)
    assert it.directive == "do you agree"
    assert it.stem == PROMPT_TEXT
    assert marks_for("Discuss the role of SAARC in regional security.", "discuss") == (10, 150, 7)
    assert marks_for("What is X? Why does it matter?", None) == (15, 250, 11)


def test_key_points_follow_layout_rules() -> None:
    it, _ = essay()
    texts = [kp.text for kp in it.key_points]
    # a lead label ("Background:") and an enumerator ("Firstly,") are layout; "The pact …" and "both
    # sides …" lean on the sentence before and make no point of their own
    assert texts == [
        "The two countries signed a trade pact in March 2015 which cut tariffs on 40 items.",
        "The economies are more unequal in 2024 than they were in 2015, which makes talks harder.",
        "Global supply chains have moved since the Pandemic of 2020, and Vietnam competes for investment.",
    ]
    for kp in it.key_points:
        assert TEXT[kp.source.start:kp.source.end] == kp.source.quote
        assert 2 <= len(kp.keywords) <= 6, kp.keywords
        assert kp.items, kp.text  # every point links to a teaching card


def test_key_points_link_facts_and_their_cards() -> None:
    it, items = essay()
    by_id = {i.id: i for i in items}
    first = it.key_points[0]
    assert first.facts == ("f_2015",)
    assert {by_id[i].type for i in first.items} == {"fact"}
    assert it.key_points[1].facts == ("f_2024",)
    # points without facts get a cloze card on a keyword from their sentence
    fallback = by_id[it.key_points[2].items[0]]
    assert fallback.type == "cloze" and fallback.facts == () and fallback.answer in it.key_points[2].source.quote


def test_keywords_prefer_names_and_years() -> None:
    kws = keywords("Secondly, global supply chains have moved since the Pandemic of 2020, and Vietnam competes.")
    assert kws[:3] == ("Pandemic", "2020", "Vietnam") and "global" not in kws  # "global" is generic (issue 14)
    # the lead label is a page heading, not a term; a month alone is no term either
    assert keywords("Background: The pact was signed in March 2015 and cut tariffs.") == ("2015", "tariffs")
    assert keywords("While the Wuhan summit helps, Then Prime Minister Rajiv Gandhi’s visit was in 1988.")[:2] == (
        "Wuhan", "Prime Minister Rajiv Gandhi")
