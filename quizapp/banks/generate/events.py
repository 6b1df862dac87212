"""Recall cards from role and event facts: whole questions, asked by rule.

Why whole questions here, when date and count cards blank the sentence: an
event fact already knows its parts (who, what, where, when), so the card can
name the subject and give the absolute date instead of quoting a sentence that
says "today" or "the two Ministers". Each extractor rule has one template; a
fact whose parts do not fill it cleanly gives no card. No MCQ asks who, where or with whom: the
corpus cannot prove a wrong person, place or partner false, and a recall card
needs no distractors. The one exception is the event's year (`year_mcqs`): an event
that happened once makes every other year false for it. The source sentence is the item's quote, so the answer
is always traceable to it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from quizapp.banks.corpus_cache import per_corpus
from quizapp.banks.generate import common
from quizapp.banks.types import Document, Fact, Item

__all__ = ["EVENT_YEAR", "corpus_items", "generate_events", "prefer_whole", "year_mcqs"]


def _attribution(doc: Document, answer: str) -> str:
    """"As stated by <publisher> (<date>)", unless the publisher is the answer ("the Ministry of Home Affairs")."""
    said = common.as_stated(doc.meta)
    if answer.lower().removeprefix("the ") in said.lower():
        when = common.when_words(doc.meta)
        return f"as of {when}" if when else "according to the source"
    return said


def _on(when: str) -> str:
    return f"on {when}" if when[:1].isdigit() else f"in {when}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _is_country(word: str) -> bool:
    from quizapp.banks import names

    return names.kind_of(word) == "country"


def _the(phrase: str) -> str:
    return re.sub(r"^The\b", "the", phrase.strip())


def _office(fact: Fact) -> str:
    office, country = str(fact.extra["office"]), str(fact.extra["country"])
    if office.endswith(country):
        return f"the {office}"
    if country.startswith("the "):
        return f"{country} {office}"
    return f"{country}’s {office}"


def _role(doc: Document, fact: Fact) -> tuple[str, str] | None:
    answer = str(fact.extra["person"])
    return f"{_attribution(doc, answer)}, who was {_office(fact)}?", answer


_TRAILING_VENUE = re.compile(r"\s+at\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+(?:of\s+)?[A-Z][\w’'-]*)*\s*$")


# "The Basic Exchange and Cooperation Agreement (BECA) was signed …": the next sentence names the pact
_NAMED_SIGNED = re.compile(r"^\s*The (?P<name>(?:[A-Z][\w-]*\s+(?:(?:of|and|on|for|the)\s+)*){1,8}"
                           r"(?:Agreement|Treaty|Pact|Accord|Convention|Protocol|Memorandum of Understanding))"
                           r"(?P<abbr>\s+\([A-Z][A-Za-z]{1,7}\))?\s+(?:was|were)\s+(?:also\s+)?signed\b")


def _named_next(doc: Document, fact: Fact) -> str | None:
    """"the <Name> (<ABBR>)" when the sentence after the fact's opens by naming what was signed, else None."""
    after = next((s for s in doc.sentences if s.start >= fact.sentence.end), None)
    if after is None:
        return None
    m = _NAMED_SIGNED.match(after.text)
    if m is None or doc.text[fact.sentence.end:after.start].count("\n") > 2:
        return None  # no name, or the name opens another passage
    return f"the {m['name']}{m['abbr'] or ''}"


def _event(doc: Document, fact: Fact) -> tuple[str, str] | None:
    e = fact.extra
    rule, answer, when = e["rule"], str(e["answer"]), e.get("when")
    what = str(e.get("what") or "")
    dated = f" {_on(str(when))}" if when else ""
    att = _attribution(doc, answer)
    if rule == "exercise_pair":
        kind = f"{e['kind']} " if e.get("kind") else ""
        return f"{e['name']} is a joint {kind}exercise between India and which country?", answer
    if rule == "co_chaired":
        return f"Who co-chaired {what} with {e['who']} in {e['place']}{dated}?", answer
    if rule in ("signed_by_two", "plan_two"):
        if rule == "plan_two":
            return f"{att}, which two countries were preparing to sign {what}?", answer
        det = "their" if e.get("det") == "their" else "a"
        # "their" needs a name before it to read cold: the date or the attribution leads
        lead = _cap(_on(str(when))) if when else att
        named = _named_next(doc, fact) if det == "a" else None
        if named:
            # "signed a pact …. The Basic Exchange and Cooperation Agreement (BECA) was signed during …": the
            # pact has a name, and a card that never says it asks little (round 14's reader)
            return f"{lead}, which two countries signed {named}, {det} {what}?", answer
        return f"{lead}, which two countries signed {det} {what}?", answer
    if rule == "first_two":
        # The venue of a two-country first can name one of the two ("at the New Delhi Foreign Service
        # Institute"): the dated question stands without it, and does not give half the answer away.
        what = _TRAILING_VENUE.sub("", what)
        if e["verb"] == "held":
            return f"Which two countries held a {what} for the first time{dated}?", answer
        return f"{_cap(_on(str(when)))}, which two countries {e['verb']} their first {what}?", answer
    if rule == "summit_in":
        with_ = f" {e['with']}" if e.get("with") else ""
        art = "an" if what[:1].lower() in "aeiou" else "a"
        return f"Where did {e['who']} hold {art} {what}{with_}{dated}?", answer
    if rule == "named_held":
        return (f"Where was {what} held{dated}?" if when else f"{att}, where was {what} held?"), answer
    if rule == "signed_between":
        place = f" {e['place']}" if e.get("place") else ""
        return f"With which country did India sign {what}{place}{dated}?", answer
    if rule == "signed_in":
        subj = common.squash(common.name_subjects(doc, common.sentence_of(fact), str(e["subj"])))
        if not re.search(r"\b[A-Z]{2,}\b", subj) and not any(_is_country(w) for w in re.findall(r"[A-Z][a-z]+", subj)):
            # "the Agreement", or a kind of agreement many pairs of countries have ("the Comprehensive Economic
            # Partnership Agreement"): without a party or an acronym the card does not say which one
            return None
        return f"Where was {_the(subj)} signed{dated}?", answer
    if rule == "based":
        return f"{att}, where is {_the(str(e['subj']))} based?", answer
    if rule == "only":
        return f"{att}, which is the only {what}?", answer
    if rule == "nodal":
        noun = str(e["noun"])
        which = "ministry" if noun == "ministry" else "body"
        # "for setting up of JWG on Counter Terrorism to exchange information and …": the office, not its purpose
        what = re.sub(r"\b(setting up|signing|concluding) of\b", r"\1", re.sub(r"\s+to\s+[a-z]+\b.*$", "", what))
        gov = re.search(r"\bGovernment of ([A-Z][a-z]+(?: [A-Z][a-z]+)?)\s*$", doc.meta.publisher or "")
        whose = f"{gov.group(1)}’s" if gov else "the"  # a national ministry's page speaks of its own government
        return f"{att}, which {which} is {whose} nodal {noun} {what}?", answer
    if rule == "governs":
        return f"{att}, which law governs {what}?", answer
    if rule == "nth_member":
        # "India became the 35th member of the MTCR": asked as the count it makes, which reads as a paper writes
        # ("became which member …, by order of joining?" was machine English to round 10's reader)
        return (f"How many members did {what} have once {e['who']} joined it {_on(str(when))}?",
                re.sub(r"(?:st|nd|rd|th)$", "", answer))
    made = _episode(doc, fact, att)
    if made is not None:
        return made
    if rule == "expansion":
        from quizapp.banks.gate import KNOWN_ABBREVIATIONS  # the gate imports the generators: import late

        abbr = str(e["abbr"])
        if abbr not in KNOWN_ABBREVIATIONS:
            return None  # an abbreviation a reader may not know would have to be spelt out: the answer itself
        return f"What does the abbreviation {abbr} stand for?", answer
    return None


_NAME_REACH = 1500  # characters back: further off, "the Convention" may be another one


def _named_before(doc: Document, start: int, head: str) -> str | None:
    """The nearest full name with this head before ``start`` ("the BIMSTEC Charter" for "The Charter")."""
    text = doc.text[max(0, start - _NAME_REACH):start]
    found = None
    for m in re.finditer(rf"\b((?:[A-Z][\w-]*\s+){{1,6}}{head}(?:\s+(?:[A-Z][\w-]*|the|of|for|on|in|and)){{0,12}})",
                         text):
        found = re.sub(r"(?:\s+(?:the|of|for|on|in|and))+$", "", m.group(1))
    if found is not None:
        found = re.sub(r"^(?:The|A|An)\s+", "", found)
    if found is None or found.split()[0] in ("This", "That", head):
        return None
    return f"the {found}"


def _specific(name: str) -> bool:
    """A treaty named so that only one fits: a party, an acronym, or a long proper title."""
    words = re.findall(r"[A-Za-z][\w-]*", name)
    return bool(re.search(r"\b[A-Z]{2,}\b", name)) or any(_is_country(w) for w in words) or len(words) >= 7


def _members(names_: Sequence[str]) -> str:
    return ", ".join(names_[:-1]) + f" and {names_[-1]}"


def _episode(doc: Document, fact: Fact, att: str) -> tuple[str, str] | None:
    """Whole questions for `extract.episodes` facts: disputes, positions, landmark visits, named groupings.

    Each is dated by its source ("as stated by … (29 October 2018)") where the fact is a position or a
    state of affairs that a later source may overturn (China's objection to a listing was withdrawn later).
    """
    e = fact.extra
    rule, answer = e["rule"], str(e["answer"])
    if rule == "standoff_at":
        dur = f"{e['duration']} " if e.get("duration") else ""
        kind = f"{e['kind']} " if e.get("kind") else ""
        on = f" {e['on']}" if e.get("on") else ""
        art = "an" if (dur or kind or "s")[:1].lower() in "aeiou" else "a"
        if e.get("year"):
            # dated by the text, the stand-off is named by its year and sides alone: "on the India-Bhutan-China
            # tri-junction" only hinted at the place, and an undated card read clumsily (round 12)
            return f"In {e['year']}, where was there {art} {dur}{kind}stand-off between {e['a']} and {e['b']}?", answer
        return f"{att}, where was there {art} {dur}{kind}stand-off between {e['a']} and {e['b']}{on}?", answer
    if rule == "admitted_at":
        verb = "were" if e.get("plural") else "was"
        if e.get("when"):
            return f"In {e['when']}, {e['who']} {verb} admitted to {e['what']} at a summit held in which city?", answer
        return f"{att}, at a summit held in which city {verb} {e['who']} admitted to {e['what']}?", answer
    if rule == "standoff_year":
        kind = f"{e['kind']} " if e.get("kind") else ""
        return f"{att}, in which year did the {e['duration']} {kind}stand-off at {e['place']} take place?", answer
    if rule == "standoff_began":
        unit = "month" if e.get("granularity") == "month" else "year" if e.get("granularity") == "year" else None
        if unit is None:
            return f"{att}, when did the military {e['what']} begin?", answer
        # "the military stand-off between Indian and Chinese troops …": named by its sides, never "the stand-off";
        # and by the day it was still going on, since the corpus may hold an earlier one between the same sides
        if doc.meta.published:  # the date it was still going on also dates the source: say it once (round 8)
            on = common.day_words(doc.meta.published)
            return f"In which {unit} did the military {e['what']}, still under way on {on}, begin?", answer
        return f"{att}, in which {unit} did the military {e['what']} begin?", answer
    if rule == "landmark_visit":
        art = "an" if str(e["adj"])[:1].lower() in "aeiou" else "a"
        return f"In which year did {e['who']} make {art} {e['adj']} visit to {e['place']}?", answer
    if rule == "opposed":
        if not e.get("desc"):
            # "which country has opposed India's NSG bid?" has as many right answers as the bid had opponents;
            # only a description the text gives ("a veto-wielding permanent member …") makes the key the one.
            return None
        return f"{att}, which {e['desc']} has opposed {e['whom']}’s {e['what']}?", answer
    if rule == "opposed_object":
        adv = f"{e['adv']} " if e.get("adv") else ""
        if e.get("on"):  # "China has fervently opposed India’s potential membership in which group?"
            return f"{att}, {e['who']} has {adv}opposed {e['on']} which {e['noun']}?", answer
        return f"{att}, which {e['noun']} of {e['owner']} has {e['who']} {adv}opposed?", answer
    if rule == "ministry_agreement":
        return (f"{att}, which ministry of {e['c2']} signed an {e['what']} with the {e['m1']} of {e['c1']}?",
                f"the {answer}")
    if rule == "known_as":
        adj = f"{e['adj']} " if e.get("adj") else ""
        return f"{att}, by what name is the {adj}grouping of {_members(e['members'])} known?", answer
    if rule == "in_force":
        subj = common.squash(common.name_subjects(doc, common.sentence_of(fact), str(e["subj"])))
        head = re.search(r"\b(Agreement|Treaty|Convention|Charter|Protocol|Accord)\b", subj)
        if head and not _specific(subj):  # "the Convention", "the Hague Convention": its full name, if given
            subj = _named_before(doc, fact.sentence.start, head.group(1)) or subj
        if not _specific(subj):
            return None  # "the Agreement", or a kind many pairs of countries have: which one is not said
        return f"When did {_the(subj)} enter into force{e.get('for') and ' ' + e['for'] or ''}?", answer
    if rule == "joined":
        org = common.squash(common.name_subjects(doc, common.sentence_of(fact), str(e["org"])))
        if re.fullmatch(r"the (?:grouping|group)", org, re.I):
            return None
        return f"When did {e['who']} join {_the(org)}?", answer
    if rule == "authority":
        which = "ministry" if re.match(r"(?:the\s+)?Ministry\b", answer, re.I) else "body"
        return f"{att}, which {which} is the {e['office']}{' ' + e['of'] if e.get('of') else ''} {e['what']}?", answer
    if rule == "under_section":
        subj = str(e["subj"])
        subj = subj[:1].lower() + subj[1:] if not re.match(r"[A-Z]{2}", subj) else subj
        # a statute's sections are amended and renumbered: the provision holds as of its source (round 10)
        return f"{att}, under which {e['unit']} of {e['law']} {e['aux']} {subj} {e['verb']}?", answer
    if rule == "supported":
        return None  # "which country supported the Soviet intervention?": many did; the text names one of them
    if rule == "unique":
        return f"{att}, which organisation provides a unique {e['what']}?", answer
    return None


EVENT_YEAR = "event-year"  # tag of a year MCQ asked of an event fact (see prefer_whole)
_YEAR_RE = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")
_BASE = {"held": "hold", "began": "begin", "made": "make", "set up": "set up", "undertook": "undertake"}


def _base_verb(verb: str) -> str | None:
    """"launched" -> "launch", for "In which year did they launch …"; None when unsure."""
    if verb in _BASE:
        return _BASE[verb]
    if re.search(r"(?:is|iz|at|uc|iv|ur|ng)ed$", verb):
        return verb[:-1]  # organised, initiated, introduced, arrived
    if verb.endswith("ed") and len(verb) > 4:
        return verb[:-2]  # launched, signed, conducted
    return None


def _year_of(fact: Fact) -> int | None:
    """The one year of a dated event: its answer when the answer is a year, else its ``when``."""
    e = fact.extra
    text = str(e["answer"]) if _YEAR_RE.fullmatch(str(e.get("answer", "")).strip()) else str(e.get("when") or "")
    years = set(_YEAR_RE.findall(text))
    return int(years.pop()) if len(years) == 1 else None


def _year_stem(fact: Fact) -> str | None:
    """"In which year did …?" for an event the fact names whole (who, what, where); None otherwise.

    Only one-off events: a landmark visit, an informal summit at a named place, a first meeting, a
    signing between named parties. Recurring rounds ("the second Dialogue") and itineraries get none:
    their year says nothing a setter would ask. No attribution: the source's own date would hint the key.
    """
    e = fact.extra
    rule, answer = e["rule"], str(e["answer"])
    # the card of these two already asks "In which year ...": the MCQ words it apart, or the gate holds a duplicate
    if rule == "landmark_visit":
        art = "an" if str(e["adj"])[:1].lower() in "aeiou" else "a"
        return f"{e['who']} made {art} {e['adj']} visit to {e['place']} in which of the following years?"
    if rule == "standoff_year":
        kind = f"{e['kind']} " if e.get("kind") else ""
        return f"The {e['duration']} {kind}stand-off at {e['place']} took place in which of the following years?"
    if not e.get("when"):
        return None
    what = str(e.get("what") or "")
    if rule == "summit_in":
        with_ = f" {e['with']}" if e.get("with") else ""
        art = "an" if what[:1].lower() in "aeiou" else "a"
        return f"In which year did {e['who']} hold {art} {what}{with_} in {answer}?"
    if rule == "co_chaired":
        if _FIRST_OF.match(what):
            # "the first India-China High Level Meeting on …": the meeting is the subject, named whole; the
            # co-chairs are the card's answer, not the year question's
            return f"In which year was {what} held?"
        return f"In which year did {answer} and {e['who']} co-chair {what} in {e['place']}?"
    if rule == "first_two":
        if e["verb"] == "held":
            return f"In which year did {answer} hold a {what} for the first time?"
        verb = _base_verb(str(e["verb"]))
        return f"In which year did {answer} {verb} their first {what}?" if verb else None
    if rule == "signed_between":
        place = f" {e['place']}" if e.get("place") else ""
        return f"In which year did India and {answer} sign {what}{place}?"
    if rule == "signed_by_two" and e.get("det") == "their":
        return f"In which year did {answer} sign their {what}?"
    return None


_FIRST_OF = re.compile(r"(?:the\s+)?first(?:[- ]ever)?\s+\S", re.I)
# words that say nothing about which event it was ("the first … Meeting on …")
_EVENT_STOP = frozenset("the a an of on in at to for and with between first ever time meeting held".split())
_LATER = 3  # later years a first may offer: the nearest, like the earlier ones


def _is_first(fact: Fact) -> bool:
    """An event the text calls the first of its kind ("co-chaired the first … Meeting", "held … for the first
    time"): it happened once, on its date, so a later year is as false for it as an earlier one."""
    e = fact.extra
    return e.get("rule") == "first_two" or bool(_FIRST_OF.match(str(e.get("what") or "")))


def _event_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{3,}", text.lower()) if w not in _EVENT_STOP}


@per_corpus
def _first_sentences(corpus: Sequence[Fact]) -> list[tuple[str, set[str], set[int]]]:
    """(fact id, words, years) of every corpus date or event fact whose sentence says "first", built once
    per corpus: a build asks it for each first, and a scan of every fact each time would grow as N²."""
    out: list[tuple[str, set[str], set[int]]] = []
    for other in corpus:
        text = other.sentence.quote or ""
        if other.kind not in ("date", "event") or not re.search(r"\bfirst\b", text, re.I):
            continue
        years = {int(y) for y in _YEAR_RE.findall(text)}
        if other.kind == "date" and other.value and other.value[:4].isdigit():
            years.add(int(other.value[:4]))
        if other.kind == "event" and (y := _year_of(other)) is not None:
            years.add(y)
        out.append((other.id, _event_words(text), years))
    return out


def _same_event_years(fact: Fact, corpus: Sequence[Fact]) -> set[int]:
    """Years any loaded document gives in a sentence that names a first of this event.

    A sentence with "first" and most of the event's own words ("High Level Meeting on Bilateral Security
    Cooperation") may date the same first to another year: that year is never a distractor. Over-matching
    only takes a year out of the options, never puts a right one in.
    """
    words = _event_words(re.sub(r"^(?:the\s+)?first(?:[- ]ever)?\s+", "", str(fact.extra.get("what") or ""), flags=re.I))
    if not words:
        return set()
    out: set[int] = set()
    for fid, theirs, years in _first_sentences(corpus):
        # three fifths of the event's words or more: the same event; fewer: another one
        if fid != fact.id and len(words & theirs) * 5 >= 3 * len(words):
            out |= years
    return out


def year_mcqs(doc: Document, facts: Sequence[Fact], corpus: Sequence[Fact] = ()) -> list[Item]:
    """A year MCQ for each one-off dated event, beside its recall card (a card and an MCQ per fact).

    The distractors are the nearest years that the fact base proves wrong for that event: the event
    happened once, on the fact's date, so any other year is false for it. Years the sentence or a date
    fact on the same sentence also gives are never offered (they could be right for part of it), nor,
    for a first, any year a loaded document (``corpus``) dates a first of the same event to. Only a year
    the sentence writes is a key: a year resolved from "this year" or from the document's date rests on
    when the report was written, which the source does not state beside the event. Years after the document's date are
    offered only for a first dated in the document's own year: the first happened once, so every later
    year is false for it, and without them the key would be the latest option, a guess any reader makes;
    any other event in the document's own year gives no MCQ (it may have happened again since). One MCQ
    per date in a document: two events on one day (a meeting and its first-ever flag) would ask the
    same year twice.
    """
    from quizapp.banks.generate.distractors import near_years  # distractors imports this package: late

    out: list[Item] = []
    asked: set[str] = set()
    for fact in facts:
        if fact.kind != "event":
            continue
        key, stem = _year_of(fact), _year_stem(fact)
        if key is None or stem is None:
            continue
        when = str(fact.extra.get("when") or key)
        same = [f for f in facts if f.kind == "date" and f.sentence.start < fact.sentence.end
                and fact.sentence.start < f.sentence.end]
        if when in asked:
            continue
        sentence = common.sentence_of(fact)
        written = {int(y) for y in _YEAR_RE.findall(sentence.quote)}
        if key not in written:
            continue  # "in April this year", "On October 22": the year is the report's, not the sentence's
        forbidden = set(written)
        forbidden |= {int(f.value[:4]) for f in same if f.value and f.value[:4].isdigit()}
        first = _is_first(fact)
        if first:
            forbidden |= _same_event_years(fact, corpus)
        forbidden.discard(key)
        meta_date = doc.meta.as_of or doc.meta.published
        latest = meta_date.year if meta_date else None
        iid = common.item_id("mcq", "year", [fact.id], sentence.quote, str(key))
        below = common.stable_int(iid) % 4
        if meta_date is not None and key >= meta_date.year:
            if not first or key > meta_date.year:
                continue  # no later year can be offered: the key would be the latest option, a guess any reader makes
            latest, below = key + _LATER, common.stable_int(iid) % 3  # at least one later year: never the latest
        stem = common.spell_out(doc, common.tidy(stem), str(key))
        years = near_years(key, below, 3 - below, forbidden, latest)
        if len(years) != 3:
            continue
        options = tuple(str(y) for y in sorted([*years, key]))
        asked.add(when)
        once = "a first happens only once" if first else "the event happened once"
        expl = (f"The source dates it {when}; {once}, so the other years are wrong for it. "
                f"{common.cite(doc.meta, sentence.quote)}")
        out.append(Item(id=iid, type="mcq", style="single", stem=stem, source=sentence, facts=(fact.id,),
                        topic=common.topic_for(doc, fact, str(fact.extra["answer"])),
                        answer=options.index(str(key)), options=options, explanation=expl,
                        tags=common.tags_for(fact.kind, sentence.quote, ("single", EVENT_YEAR))))
    return out


def prefer_whole(items: Sequence[Item]) -> list[Item]:
    """Drop a "Which year fills the blank" MCQ whose sentence and key a whole year question also asks.

    Both would ask one year of one event; the whole question names its subject and needs no quote
    (the same preference the gate gives an event card over a quoted blank on one sentence).
    """
    whole = {(it.source.document, it.source.start, it.source.end, it.options[int(it.answer or 0)])
             for it in items if it.type == "mcq" and EVENT_YEAR in it.tags and it.options}
    return [it for it in items
            if not (it.type == "mcq" and it.stem.startswith("Which year correctly fills the blank") and it.options
                    and (it.source.document, it.source.start, it.source.end, it.options[int(it.answer or 0)]) in whole)]


_MAKERS: dict[str, Callable[[Document, Fact], tuple[str, str] | None]] = {"role": _role, "event": _event}
_WHY = {"role": "The source names the office beside the person.", "event": "The source states it so."}


def _why(doc: Document, fact: Fact, quote: str) -> str:
    if fact.extra.get("rule") == "exercise_pair" and str(fact.extra["answer"]) not in quote[-300:]:
        # "their "hand-in-hand" … exercises": the two sides are the states named just before
        return (f"The source calls it {fact.extra['answer']} and India's exercise: its “their” stands for the two "
                f"states it names just before. {common.cite(doc.meta, quote, tail=True)}")
    return f"{_WHY[fact.kind]} {common.cite(doc.meta, quote)}"


def generate_events(doc: Document, facts: Sequence[Fact]) -> list[Item]:
    out: list[Item] = []
    for fact in facts:
        make = _MAKERS.get(fact.kind)
        made = make(doc, fact) if make else None
        if made is None:
            continue
        stem, answer = made
        # "the nodal authority for setting up of JWG on ..." names its body only if JWG is spelt out
        stem = common.spell_out(doc, common.tidy(stem[0].upper() + stem[1:]), answer, inline=True)
        sentence = common.sentence_of(fact)
        iid = common.item_id("fact", None, [fact.id], sentence.quote, answer)
        out.append(Item(id=iid, type="fact", stem=stem, source=sentence, facts=(fact.id,),
                        topic=common.topic_for(doc, fact, answer), answer=answer,
                        explanation=_why(doc, fact, sentence.quote),
                        tags=common.tags_for(fact.kind, sentence.quote)))
    return out


# -- tri-junction MCQs and leader cards: whole questions that need the corpus --------------------

# States with no land border (islands) and listed territories that are no state: a tri-junction is a
# point where three states' land borders meet, so none of these is a plausible wrong option for one.
_NO_TRIJUNCTION = frozenset({
    "AG", "AU", "BS", "BH", "BB", "CV", "KM", "CU", "FJ", "GD", "IS", "JM", "JP", "KI", "MG", "MV", "MT", "MH", "MU",
    "FM", "NR", "NZ", "PW", "KN", "LC", "VC", "WS", "ST", "SC", "SG", "SB", "LK", "TW", "TO", "TT", "TV", "VU",
    "HK", "MO", "PS", "EH", "PR", "GU", "NC", "PF", "RE", "GP", "MQ", "YT", "AS", "VI", "BM", "KY", "AW", "CW",
})


def _named_in(member: str, text: str) -> bool:
    """Whether ``text`` names the state or its people ("the Indian Army" names India)."""
    return bool(re.search(rf"\b{re.escape(member)}\b|\b{re.escape(member[:4])}[a-z]*\b", text))


def _trijunction_desc(facts: Sequence[Fact], fact: Fact) -> str:
    """What the same sentence says happened at the place (a stand-off between named sides), or ""."""
    place = str(fact.extra["place"])
    for f in facts:
        e = f.extra
        if f.kind == "event" and e.get("rule") == "standoff_at" and f.sentence == fact.sentence and e.get("answer") == place:
            dur = f"{e['duration']} " if e.get("duration") else ""
            kind = f"{e['kind']} " if e.get("kind") else ""
            art = "an" if (dur or kind or "s")[:1].lower() in "aeiou" else "a"
            return f"the site of {art} {dur}{kind}stand-off between {e['a']} and {e['b']}"
    return ""


@per_corpus
def _corpus_countries(corpus: Sequence[Fact]) -> frozenset[str]:
    """Every country the corpus's sentences name, once per corpus: asked per document, it was a scan of the
    whole corpus for each one (three quarters of a 400-document build's time)."""
    seen: set[str] = set()
    out: set[str] = set()
    for f in corpus:
        quote = f.sentence.quote or f.source.quote
        if quote in seen:
            continue
        seen.add(quote)
        out.update(common.countries_named(quote))
    return frozenset(out)


def trijunction_mcqs(doc: Document, facts: Sequence[Fact], corpus: Sequence[Fact]) -> list[Item]:
    """"<Place> … lies at the tri-junction of which of the following?" with four triples of states.

    The key is the triple the source gives. A place lies at one tri-junction only, so a triple that
    swaps one of its states for another is false for it: each distractor swaps one state the stem does
    not already name for a state bordering the other two (`regions.bordering_all`, GeoNames' land
    borders), of the same UN sub-region first, then countries this document, then other documents,
    name: the ones a reader of the page weighs. Fewer than three such triples: no item. No item when another document puts the
    place on another tri-junction, or when the stem would name all three. Filed under Geography: it asks
    where a place is, whatever the page's story (a security pact) is about.
    """
    from quizapp.banks import names
    from quizapp.banks.generate import regions

    out: list[Item] = []
    if not any(f.kind == "event" and f.extra.get("rule") == "trijunction" for f in facts):
        return out
    known = _corpus_countries(corpus)
    own_named = set(common.countries_named(doc.text))
    for fact in facts:
        e = fact.extra
        if fact.kind != "event" or e.get("rule") != "trijunction":
            continue
        place, members = str(e["place"]), [str(m) for m in e["countries"]]
        keyset = {names.normalise(m) for m in members}
        if any(f.kind == "event" and f.extra.get("rule") == "trijunction" and names.same(str(f.extra["place"]), place)
               and {names.normalise(str(m)) for m in f.extra["countries"]} != keyset for f in corpus):
            continue  # the corpus puts the place on two tri-junctions: one of them is wrong
        desc = _trijunction_desc(facts, fact)
        swappable = [i for i, m in enumerate(members) if not _named_in(m, desc)]
        # a state that shares its sub-region with another of the three is swapped first: India, Nepal and
        # China's wrong triples change India or Nepal for a South Asian state, not China for North Korea
        shared = [i for i in swappable
                  if sum(regions.sub_region(m) == regions.sub_region(members[i]) for m in members) > 1]
        swappable = shared + [i for i in swappable if i not in shared]
        pools: dict[int, list[str]] = {}
        for i in swappable:
            region = regions.sub_region(members[i])
            # the swapped-in state borders the other two, so each wrong triple is a place three borders meet
            others = [m for j, m in enumerate(members) if j != i]
            pool = [c for c in regions.bordering_all(others)
                    if names.normalise(c) not in keyset and regions._iso2(c) not in _NO_TRIJUNCTION
                    and not _named_in(c, desc)]
            pools[i] = sorted(pool, key=lambda c: (regions.sub_region(c) != region, c not in own_named,
                                                   c not in known, c))
        triples: list[str] = []
        for group in ([i for i in swappable if i in shared], swappable):
            for n in range(3 * len(group)):
                i, pick = group[n % len(group)], n // len(group)
                if len(triples) == 3 or pick >= len(pools[i]):
                    continue
                swapped = list(members)
                swapped[i] = pools[i][pick]
                triple = f"{swapped[0]}, {swapped[1]} and {swapped[2]}"
                if triple not in triples:
                    triples.append(triple)
        key = f"{members[0]}, {members[1]} and {members[2]}"
        if len(set(triples)) != 3:
            continue
        sentence = common.sentence_of(fact)
        if desc:
            stem = f"{place}, {desc}, lies at the tri-junction of which of the following?"
        else:
            stem = f"{_cap(_attribution(doc, key))}, {place} lies at the tri-junction of which of the following?"
        iid = common.item_id("mcq", "single", [fact.id], sentence.quote, key, ["trijunction"])
        position = common.stable_int(iid) % 4
        options = list(triples)
        options.insert(position, key)
        expl = (f"The source places {place} on the {'-'.join(members)} tri-junction; a place lies at one "
                f"tri-junction only, so the other triples are wrong for it. {common.cite(doc.meta, sentence.quote)}")
        out.append(Item(id=iid, type="mcq", style="single", stem=common.tidy(stem), source=sentence, facts=(fact.id,),
                        topic="Geography", answer=position, options=tuple(options),
                        explanation=expl, tags=common.tags_for(fact.kind, sentence.quote, ("single", "trijunction"))))
    return out


def _group_key(fact: Fact) -> set[str]:
    return {str(fact.extra.get("group") or "").lower(), str(fact.extra.get("abbr") or "").lower()} - {""}


def leader_cards(doc: Document, facts: Sequence[Fact], corpus: Sequence[Fact]) -> list[Item]:
    """"As stated by … (date), Masood Azhar is the leader of which terror group?" -> "Jaish-e-Mohammed (JeM)".

    Dated by its source: who leads an organisation changes. The noun is the text's ("terror group",
    "outfit"), else "organisation". No card when any loaded document names the person with another group.
    """
    out: list[Item] = []
    for fact in facts:
        e = fact.extra
        if fact.kind != "event" or e.get("rule") != "group_leader":
            continue
        person, answer = str(e["person"]), str(e["answer"])
        surname = person.split()[-1].lower()
        if any(f.kind == "event" and f.extra.get("rule") == "group_leader"
               and str(f.extra["person"]).split()[-1].lower() == surname and not (_group_key(f) & _group_key(fact))
               for f in corpus):
            continue
        noun = str(e.get("noun") or "organisation")
        att = _cap(_attribution(doc, answer))
        if e.get("rel") == "founder":
            stem = f"{att}, {person} is the founder of which {noun}?"
        else:
            stem = f"{att}, {person} is the leader of which {noun}?"
        sentence = common.sentence_of(fact)
        quotes = [doc.text[a:b] for a, b in e.get("stated") or [(sentence.start, sentence.end)]]
        cites = common.cite(doc.meta, quotes[0]) + "".join(f" Also: “{common.squash(q)}”" for q in quotes[1:])
        iid = common.item_id("fact", None, [fact.id], sentence.quote, answer)
        out.append(Item(id=iid, type="fact", stem=common.tidy(stem), source=sentence, facts=(fact.id,),
                        topic=common.topic_for(doc, fact, answer), answer=answer,
                        explanation=f"The source names the person with the organisation. {cites}",
                        tags=common.tags_for(fact.kind, sentence.quote)))
    return out


def corpus_items(doc: Document, facts: Sequence[Fact], corpus: Sequence[Fact]) -> list[Item]:
    """Whole questions of this document's facts that consult every loaded document's facts."""
    return trijunction_mcqs(doc, facts, corpus) + leader_cards(doc, facts, corpus)
