"""Question/answer recall cards (item type ``fact``) for spaced repetition.

Phrasing a 'When did X happen?' question by rule is brittle, so the stem is the
source sentence itself with the tested value replaced by a short prompt; the
answer is the value as the source writes it (plus the ISO date), which the
quote is guaranteed to contain.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from quizapp.banks.extract.dates import needs_on
from quizapp.banks.generate import common
from quizapp.banks.generate.asking import count_question_text, date_question
from quizapp.banks.generate.distractors import closed_list
from quizapp.banks.generate.mcq import list_source, written_forms
from quizapp.banks.generate.parts import WHOLE, part_qualifier
from quizapp.banks.numbers import number_word
from quizapp.banks.types import Document, Fact, Item, Source

MAX_LIST_RECALL = 12  # longer lists are tested by MCQs, not by 'name them all'


def _item(doc: Document, fact: Fact, stem: str, answer: str, src: Source, kind: str, why: str) -> Item:
    iid = common.item_id("fact", None, [fact.id], common.sentence_of(fact).quote, answer)
    return Item(id=iid, type="fact", stem=stem, source=src, facts=(fact.id,), topic=common.topic_for(doc, fact, answer),
                answer=answer, explanation=f"{why} {common.cite(doc.meta, src.quote)}",
                tags=common.tags_for(kind, src.quote))


def date_recall(doc: Document, fact: Fact) -> Item | None:
    """The sentence with its date asked; the answer is the absolute date in words at the source's precision.

    "yesterday", "Monday" or "last summer" are never the answer, and neither is
    ISO notation: "He held talks ... [when?]" is answered "22 October 2018".
    """
    if fact.value is None or not fact.source.quote.strip():
        return None
    answer = common.date_display(fact)
    if answer is None:
        return None
    sentence = common.sentence_of(fact)
    stem_text = common.blank_out(sentence, fact.source, "[when?]")
    if stem_text is None:
        return None
    written = common.squash(fact.source.quote)
    stem_text = common.stem_context(doc, sentence, stem_text, [written, answer])
    if stem_text is None:
        return None
    why = f"The source dates this “{written}”" + ("." if written == answer else f", that is, {answer}.")
    # Sources disagree (one has Zhao Kezhi arrive on 22 October, another visiting from the 21st): say whose date it is.
    # "was signed yesterday" asks "On what date was … signed": the day word had no preposition, the question needs one
    asked = date_question(stem_text.replace("[when?]", "on [when?]", 1) if needs_on(written) else stem_text,
                          fact.granularity)
    # "held on Thursday", reported the same day: the dated attribution would print the answer, so the page's
    # publisher alone says whose date it is
    attribution = common.as_stated(doc.meta)
    if answer.lower() in attribution.lower():
        attribution = f"as reported by {common.publisher_phrase(doc.meta)}" if doc.meta.publisher else "according to the source"
    anchor = doc.meta.as_of or doc.meta.published
    if asked is not None:
        # "On what date did India ratify the Agreement": the question is the generator's, so it names what the
        # source's sentence could leave to the one before ("The Paris Agreement was adopted …")
        asked = common.name_subjects(doc, sentence, asked)
        if doc.meta.publisher is None and anchor is not None and fact.value[:4].isdigit() \
                and int(fact.value[:4]) < anchor.year - 1:
            # "constituted in 1969, as reported on 14 February 2025": a page that names no publisher is dated by
            # its edit stamp, which no report of a fixed past event carries (round 17b's reader)
            stem = f"{common.name_founded(doc, asked)}?"
        else:
            stem = f"{common.name_founded(doc, asked)}, {attribution}?"
    else:
        stem = f"When? Complete the date, {attribution}:\n“{stem_text}”"
    return _item(doc, fact, stem, answer, sentence, "date", why)


_NUMBER_WORDS = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
                 "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred").split()
_LEADING_NUMBER = re.compile(r"(?:\d[\d,.]*|(?:" + "|".join(_NUMBER_WORDS) + r")(?:[- ](?:" + "|".join(_NUMBER_WORDS)
                             + r"))*)\b", re.I)


def _number_only(fact: Fact):  # -> Source
    """The count's span cut to its number, so the counted noun stays in the stem: "manages India's
    [how many?] central armed police forces", not "[how many?]" for "eight central armed police forces"."""
    from dataclasses import replace

    quote = fact.source.quote
    m = _LEADING_NUMBER.match(quote)
    if m is None or m.end() == len(quote.rstrip()):
        return fact.source
    return replace(fact.source, end=fact.source.start + m.end(), quote=quote[:m.end()])


_LIST_INTRO_END = re.compile(r"(?:the\s+)?following\s+\S+\s+\w+\s*(?::-?|—|:–)\s*$")
_WITH_WHICH = re.compile(r"^(?P<noun>countries|nations|states)\s+with\s+which\s+(?P<subj>[A-Z][\w ]*?)\s+"
                         r"(?P<aux>has|have|had)\s+(?P<rest>[a-z][^?]+)$")


def count_question(doc: Document, fact: Fact, facts: Sequence[Fact]) -> Item | None:
    """"With how many countries has India so far operationalised …?" for a count that introduces a list.

    "… with the following 34 countries:-" ends on the list it introduces, so a blank in it dangles (the
    gate holds it); the closed list of that many members, introduced by the same sentence, names what is
    counted, so the card asks the whole question instead and quotes the sentence only as its source.
    """
    sentence = common.sentence_of(fact)
    if fact.number is None or not _LIST_INTRO_END.search(sentence.quote.strip()):
        return None
    lists = [f for f in facts if f.kind == "list" and closed_list(f) and f.extra.get("stated_count") == fact.number
             and len(f.members) == fact.number and f.sentence.start <= fact.source.start < f.sentence.end]
    if len(lists) != 1:
        return None
    m = _WITH_WHICH.match(common.squash(lists[0].label))
    if m is None:
        return None
    answer = common.squash(_number_only(fact).quote)
    stem = f"With how many {m['noun']} {m['aux']} {m['subj']} {m['rest']}, {common.as_stated(doc.meta)}?"
    return _item(doc, fact, stem, answer, sentence, "count", f"The source gives the figure as {answer}.")


def count_recall(doc: Document, fact: Fact, facts: Sequence[Fact] = ()) -> Item | None:
    if fact.number is None or not fact.source.quote.strip():
        return None
    whole = count_question(doc, fact, facts)
    if whole is not None:
        return whole
    sentence = common.sentence_of(fact)
    span = _number_only(fact)
    stem_text = common.blank_out(sentence, span, "[how many?]")
    if stem_text is None:
        return None
    answer = common.squash(span.quote)
    stem_text = common.stem_context(doc, sentence, stem_text, answer)
    if stem_text is None:
        return None
    asked = count_question_text(stem_text)
    if asked is not None:
        stem = f"{common.name_founded(doc, asked)}, {common.as_stated(doc.meta)}?"
    else:
        stem = f"How many? Complete the statement, {common.as_stated(doc.meta)}:\n“{stem_text}”"
    return _item(doc, fact, stem, answer, sentence, "count", f"The source gives the figure as {answer}.")


def list_recall(doc: Document, fact: Fact, qualifier: str | None = WHOLE) -> Item | None:
    """``qualifier`` (`parts.part_qualifier`) names the part when the list is part of a wider one."""
    if not fact.label or not 2 <= len(fact.members) <= MAX_LIST_RECALL or qualifier is None:
        return None
    if not closed_list(fact):
        return None  # "Name the 3 ..." of a list the source calls open ("among them") marks true answers wrong
    src = list_source(doc, fact)
    forms = written_forms(src.quote, fact.members)
    if len(forms) != len(fact.members):
        return None  # cannot show each answer as the source writes it
    shown = [_spelled(src.quote[forms[m][0]:forms[m][1]], m) for m in fact.members]
    answer = ", ".join(shown)
    which = f", {qualifier}" if qualifier else ""
    label = common.squash(common.name_subjects(doc, common.sentence_of(fact), fact.label))
    stem = f"Name the {_counted(label, len(shown))}{which}, {common.as_stated(doc.meta)}."
    if common.label_leans(label):  # "the three stages in which they will interact": who are they?
        stem = common.in_context(doc, common.sentence_of(fact), stem, shown)
        if not common.starts_whole(stem):
            return None
    return _item(doc, fact, stem, answer, src, "list", "The source lists them.")


def _spelled(written: str, member: str) -> str:
    """The member as the source writes it, unless only a spelling slip makes it a name ("Afganistan"): the
    rubric corrects source typos in what a learner is taught, and the quotation keeps the source's form."""
    from quizapp.banks import names

    if written == member or names.normalise(written, fuzzy=False) is not None:
        return written  # an exact name or alias ("Hongkong SAR", "Kyrgyz Republic") stays as written
    return member if names.normalise(written) == member else written




def _counted(label: str, n: int) -> str:
    """"3 countries with ..." from a label, or the label alone when it already counts ("the three stages ...")."""
    words = label.split()
    if words[:1] and words[0].lower() == "the":
        words = words[1:]
    if words[:1] and words[0].lower() in {str(n), number_word(n)}:
        return " ".join(words)
    return f"{number_word(n)} {label}"  # "the three countries", as a setter writes


def table_recall(doc: Document, fact: Fact, facts: Sequence[Fact] = ()) -> Item | None:
    """'What does the table give against <first cell>?' when every cell is in the quote.

    A first cell that repeats in other rows of the table ("2004" twice) would have
    several right answers, so it makes no card; with a header row (``extra["header"]``)
    the stem names the column asked ("what is the Year in force for Nepal?").
    """
    cells = [common.squash(c) for c in fact.cells if c.strip()]
    if len(cells) < 2 or not all(c in common.squash(fact.source.quote) for c in cells):
        return None
    header = [common.squash(str(h)) for h in (fact.extra.get("header") or ())]
    repeated = set(fact.extra.get("repeated") or ())
    same_table = [f for f in facts if f.kind == "table_row" and f.id != fact.id
                  and (tuple(f.extra.get("header") or ()) == tuple(fact.extra.get("header") or ()))
                  and f.label == fact.label]
    where = f"the table “{_table_label(fact.label)}”" if fact.label else "the table"
    if len(header) != len(cells) or not all(header):
        return None  # without column names the stem can only say "what is given against X?": no card
    names = list(header)
    # the asked column: a year/date column when there is one (the row's event is dated), else the last
    ask = next((k for k, h in enumerate(names) if re.search(r"\b(?:year|date)\b", h, re.I)), len(cells) - 1)
    cue = [k for k in range(len(cells)) if k != ask]
    rows = [[common.squash(c) for c in f.cells if c.strip()] for f in same_table]
    if any(len(r) == len(cells) and all(r[k] == cells[k] for k in cue) for r in rows):
        return None  # the cue fits another row too: two right answers
    if any(k in repeated for k in cue) and len(cue) == 1:
        return None
    given = cells[cue[0]] if len(cue) == 1 else ", ".join(f"{names[k].lower()} {cells[k]}" for k in cue)
    lab = _table_label(fact.label or "")
    head = re.match(r"(?:the\s+)?([a-z]+?)s\s+(held|signed|hosted|launched|set up|established)\b", lab, re.I)
    placeish = all(re.search(r"city|country|venue|place|host|location|state", names[k], re.I) for k in cue)
    if names[ask].lower() in ("year", "date") and head is not None and placeish:
        at = ", ".join(cells[k] for k in cue)
        stem = (f"According to {where} ({common.as_stated(doc.meta)}), in which {names[ask].lower()} was the "
                f"{head.group(1).lower()} {head.group(2).lower()} at {at}?")
    elif names[ask].lower() in ("year", "date"):
        stem = f"According to {where} ({common.as_stated(doc.meta)}), in which {names[ask].lower()}: {given}?"
    else:
        stem = f"According to {where} ({common.as_stated(doc.meta)}), what is the {names[ask]} for {given}?"
    return _item(doc, fact, stem, cells[ask], fact.source, "table_row", f"The row reads: {' | '.join(cells)}.")


def _table_label(label: str) -> str:
    """The table's intro without its pointer ("... are listed in the table below:")."""
    text = re.sub(r"\s+(?:are|is)\s+(?:listed|given|shown|set out)\s+(?:in the table\s+)?(?:below|here)?\s*:?-?$",
                  "", common.squash(label), flags=re.I)
    return text.rstrip(":- ")


def generate_recall(doc: Document, facts: Sequence[Fact]) -> list[Item]:
    out: list[Item] = []
    for fact in facts:
        if fact.kind == "list":
            item = list_recall(doc, fact, part_qualifier(fact, facts))
        elif common.count_given_away(fact, facts) or common.frame_year(doc, fact, facts):
            continue
        elif fact.kind == "table_row":
            item = table_recall(doc, fact, facts)
        else:
            item = count_recall(doc, fact, facts) if fact.kind == "count" else (
                date_recall(doc, fact) if fact.kind == "date" else None)
        if item is not None:
            out.append(item)
    return out
