"""Question/answer recall cards (item type ``fact``) for spaced repetition.

Phrasing a 'When did X happen?' question by rule is brittle, so the stem is the
source sentence itself with the tested value replaced by a short prompt; the
answer is the value as the source writes it (plus the ISO date), which the
quote is guaranteed to contain.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from quizapp.banks.generate import common
from quizapp.banks.generate.distractors import closed_list
from quizapp.banks.generate.mcq import list_source, written_forms
from quizapp.banks.generate.parts import WHOLE, part_qualifier
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
    asked = date_question(stem_text, fact.granularity)
    if asked is not None:
        stem = f"{asked}, {common.as_stated(doc.meta)}?"
    else:
        stem = f"When? Complete the date, {common.as_stated(doc.meta)}:\n“{stem_text}”"
    return _item(doc, fact, stem, answer, sentence, "date", why)


# "SAARC was set up in [when?] as an association …", "MLAT … has already been signed by India with
# Indonesia in [when?] which is yet to be ratified": a passive sentence whose date is its adjunct.
_PASSIVE_DATED = re.compile(
    r"^(?P<subj>[A-Z][^,;:\[\]]*?)\s+(?P<aux>was|were|(?:has|have|had)(?:\s+already)?\s+been)\s+"
    r"(?P<verb>[a-z]+(?:ed|en|wn|ne|lt|ld|pt|ght|t)\b(?:\s+up\b)?)(?P<mid>[^,;:\[\]]*?)\s+(?:in|on)\s+"
    + re.escape("[when?]") + r"(?P<after>.*)$")
# "India along with other SAARC countries has signed a Convention … in [when?]": an act of state in the perfect,
# for the few regular verbs of treaty-making, whose base form a rule can write ("sign", "ratify" is left out)
_ACTIVE_DATED = re.compile(
    r"^(?P<subj>[A-Z][^,;:\[\]]*?)\s+(?:has|have|had)\s+(?P<verb>signed|concluded|launched|established|adopted|"
    r"joined)\s+(?P<obj>[^,;:\[\]]+?)\s+(?:in|on)\s+" + re.escape("[when?]") + r"(?P<after>.*)$")
_PRONOUNS = ("It", "They", "He", "She", "This", "These", "That", "Those", "Its", "Their", "His", "Her")
_ASK_FOR = {"year": "In which year", "month": "In which month and year", "day": "On what date"}
_TRAILING_CLAUSE = re.compile(r"^\s*(?:[,;]|which\b|who\b|as\b|and\b|but\b|when\b|while\b|…|\.|$)")


def date_question(stem_text: str, granularity: str | None) -> str | None:
    """The blanked sentence asked as a whole question ("In which year was SAARC set up"), without its "?".

    Only for the one shape a rule can turn without guessing a verb's base form: a passive
    main clause whose date is its "in"/"on" adjunct, with nothing after the date but a
    clause of its own (cut off) or the end. Anything else keeps the completion card.
    """
    ask = _ASK_FOR.get(granularity or "")
    text = common.squash(stem_text).rstrip(" .…")
    active = _ACTIVE_DATED.match(text)
    if ask is not None and active is not None and _TRAILING_CLAUSE.match(active["after"]) \
            and active["subj"].split()[0] not in _PRONOUNS:
        verb = active["verb"]
        base = verb[:-1] if verb.endswith(("ated", "ised", "ized", "uded")) else verb[:-2]
        return f"{ask} did {active['subj']} {base} {active['obj']}"
    m = _PASSIVE_DATED.match(text)
    if ask is None or m is None or "[" in m["subj"]:
        return None
    subj, words = m["subj"], m["subj"].split()
    if words[0] in ("It", "They", "He", "She", "This", "These", "That", "Those", "Its", "Their", "His", "Her"):
        return None  # a pronoun needs the sentence before it
    if words[0] == "The" and len(words) == 2 and (words[1].islower() or _BARE_INSTRUMENT.match(f"X {words[1]}")):
        return None  # "The Treaty", "The grouping": which one is in another sentence
    aux = "were" if m["aux"] == "were" or m["aux"].startswith("have") else "was"
    if _BARE_INSTRUMENT.match(subj):
        subj = f"the {subj}"  # "Mutual Legal Assistance Treaty (MLAT) … has been signed": the source drops the article
    elif words[0] == "The":
        subj = "the" + subj[3:]
    tail = _KEPT_TAIL.match(m["after"])
    if tail is None and not _TRAILING_CLAUSE.match(m["after"]):
        return None
    return f"{ask} {aux} {subj} {m['verb']}{m['mid']}" + (tail.group(0).rstrip(" ,;.") if tail else "")


# What may follow the date and stay in the question: its agent, means or purpose ("by the G7 countries to
# limit …", "through the Bangkok Declaration"), up to a clause of its own.
_KEPT_TAIL = re.compile(r"^\s+(?:by|through|under|to|at|with)\s+[^,;:\[\]…]*?(?=\s*(?:[,;:…]|\bwhich\b|\bwho\b|$))")


# A capitalised instrument named without its article: "Mutual Legal Assistance Treaty (MLAT) in criminal matters".
_BARE_INSTRUMENT = re.compile(r"^(?!The\b|A\b|An\b)(?:[A-Z][\w-]*\s+){1,6}(?:Treaty|Agreement|Convention|Protocol|"
                              r"Charter|Memorandum|Accord|Pact)\b")


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
        stem = f"{asked}, {common.as_stated(doc.meta)}?"
    else:
        stem = f"How many? Complete the statement, {common.as_stated(doc.meta)}:\n“{stem_text}”"
    return _item(doc, fact, stem, answer, sentence, "count", f"The source gives the figure as {answer}.")


# "… albeit India has signed Social Security Agreement (SSA) with [how many?] countries": a state's
# perfect-tense clause that counts its partners.
_PARTNER_COUNT = re.compile(
    r"(?:^|,\s+|;\s+|\b(?:albeit|while|and|but|although|whereas)\s+)(?P<subj>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,2})"
    r"\s+(?P<aux>has|have|had)\s+(?P<adv>(?:so far|already|now)\s+)?(?P<verb>[a-z]+(?:ed|en|wn|ne|lt|pt|ght|t))\s+"
    r"(?P<obj>[^,;:\[\]]*?)\s+with\s+" + re.escape("[how many?]")
    + r"\s+(?P<noun>countries|nations|states)(?P<after>.*)$")


def count_question_text(stem_text: str) -> str | None:
    """"With how many countries has India signed Social Security Agreements (SSA)" for a state's count of
    partners, without its "?"; None for any other shape (the completion card stays)."""
    from quizapp.banks import names

    text = common.squash(stem_text).rstrip(" .…")
    m = _PARTNER_COUNT.search(text)
    if m is None or not _TRAILING_CLAUSE.match(m["after"]) or names.kind_of(m["subj"]) != "country":
        return None
    # one agreement with each of N partners: "signed Social Security Agreement (SSA) with 18 countries" is
    # the source's slip for the plural, which the question writes
    obj = _SINGULAR_INSTRUMENT.sub(lambda a: common.plural_instrument(a["noun"]) + (f" ({a['abbr']}s)" if a["abbr"]
                                                                                    else ""), m["obj"])
    return f"With how many {m['noun']} {m['aux']} {m['subj']} {m['adv'] or ''}{m['verb']} {obj}"


_SINGULAR_INSTRUMENT = re.compile(r"(?P<noun>\b(?:[A-Z][\w-]*\s+)*(?:Agreement|Treaty|Memorandum of Understanding|"
                                  r"Convention|Protocol))(?:\s+\((?P<abbr>[A-Z]{2,})\))?$")


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
    shown = [src.quote[forms[m][0]:forms[m][1]] for m in fact.members]
    answer = ", ".join(shown)
    which = f", {qualifier}" if qualifier else ""
    label = common.squash(common.name_subjects(doc, common.sentence_of(fact), fact.label))
    stem = f"Name the {_counted(label, len(shown))}{which}, {common.as_stated(doc.meta)}."
    if common.label_leans(label):  # "the three stages in which they will interact": who are they?
        stem = common.in_context(doc, common.sentence_of(fact), stem, shown)
        if not common.starts_whole(stem):
            return None
    return _item(doc, fact, stem, answer, src, "list", "The source lists them.")


_COUNT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")


def _counted(label: str, n: int) -> str:
    """"3 countries with ..." from a label, or the label alone when it already counts ("the three stages ...")."""
    words = label.split()
    if words[:1] and words[0].lower() == "the":
        words = words[1:]
    if words[:1] and words[0].lower() in {str(n), _COUNT_WORDS[n] if n < len(_COUNT_WORDS) else str(n)}:
        return " ".join(words)
    return f"{_COUNT_WORDS[n] if n < len(_COUNT_WORDS) else n} {label}"  # "the three countries", as a setter writes


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
