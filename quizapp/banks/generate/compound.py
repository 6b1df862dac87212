"""Two UPSC styles that rest on several facts: "Consider the following statements" and "... pairs".

A learner is told a line is false only when the fact base proves it false, never when the
corpus is merely silent about it. So a false statement changes one value of a true sentence to
one that a loaded fact contradicts: the year of a one-time event (a signing, a founding, a first,
an informal summit in a named place) to a year no document gives for that event, or an exact
count to one its own document contradicts. A false pair matches an event with another event's
year, or a country with a grouping whose closed member list leaves it out. Pairs are of one kind
(agreements and the year signed, organisations and the year set up, firsts and their year,
countries and the groupings they belong to, rows of one table).

Every item cites its facts in line order (``facts[i]`` is line i+1), so `rederive_base` can
recompute the key from the line texts and the fact base alone, not from the item's answer: the
gate holds an item whose key the fact base does not give, `banks check` re-derives each key, and
a test does so for every served item of the shipped banks.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence, Set
from typing import Any

from quizapp.banks import salience
from quizapp.banks.corpus_cache import per_corpus
from quizapp.banks.extract.dates import needs_on
from quizapp.banks.extract.tables import YEAR_LABEL
from quizapp.banks.factbase import FactBase, fact_key, is_closed, member_key
from quizapp.banks.generate import common
from quizapp.banks.generate.asking import plural_partners
from quizapp.banks.types import Document, Fact, Item, Source

STATEMENT_OPTIONS = ("1 only", "2 only", "Both 1 and 2", "Neither 1 nor 2")
STATEMENT_KEY = {(True, False): 0, (False, True): 1, (True, True): 2, (False, False): 3}
HOW_MANY_OPTIONS = ("Only one", "Only two", "All three", "None")
HOW_MANY_KEY = {1: 0, 2: 1, 3: 2, 0: 3}
LINE = re.compile(r"^\s*([1-9])\.\s+(.+?)\s*$", re.M)
PAIR_SEP = " — "
MAX_STATEMENT = 230
MAX_EVENT = 110
MEMBERSHIP_TAG = "membership-pairs"
_MARK = "\u2063"  # stands for the value while the sentence is reshaped into a statement
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_NUMBER = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d,])|(?<![\d,.])\d+(?![\d,])")
_EXACT_COUNT = re.compile(r"^(\d{1,4})(\s+\S.*)$")
# A date only proves another year false when the event happens once.
_ONE_TIME = re.compile(
    r"\b(?:signed|set up|established|founded|formed|launched|adopted|ratified|came into force|inaugurated|concluded"
    r"|first(?:[- ]ever)?|second|third|fourth|fifth)\b"
    r"|\b\d+(?:st|nd|rd|th)\b(?= (?!(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December)\b)[A-Z])"  # "the 10th SAARC Conference", not the day of "4th April"
    r"|\binformal (?:summit|meeting) in [A-Z]")
_LABEL_PREFIX = re.compile(r"^[A-Z][\w’'-]*(?:\s+[\w’'-]+){0,3}:\s+(?=[A-Z])")
# "Qualification (Article 243F): A person who …": a notes heading that cites its provision reads "Under Article 243F,
# a person who …" (round 19b's reader)
_PROVISION_LABEL = re.compile(r"^[A-Z][\w’'-]*(?:\s+[\w’'-]+){0,3}\s+\((?P<ref>(?:Article|Section|Rule|Clause|Schedule)\s+"
                              r"[\w()-]+)\):\s+(?P<first>[A-Z])(?=[a-z ])")
_CONNECTIVE = re.compile(r"^(?:In addition|Further(?:more)?|Also|Moreover|However|Significantly|Similarly|"
                         r"Firstly|Secondly|Thirdly|Finally|In sum|Accordingly),?\s+")
_HONORIFIC = re.compile(r"\b(?:Shri|Smt\.?|Mr\.|Mrs\.|Ms\.|Dr\.|Hon’ble|Hon'ble)\s+")
_WRAPPED = re.compile(rf"\b(?:today|yesterday|tomorrow)\s*\(\s*({_MARK})\s*\)")
_RELATIVE_TAIL = re.compile(r",?\s+(?:which|whose|who|where)\s+(?!is the\b)")
_FOLLOWING = re.compile(rf"\bthe following\s+(?={_MARK})")
_EVENT = re.compile(
    r"^(?:(?:On|In|From|During)\s[^,]{3,40},\s+)?(?P<subject>(?:(?:[Tt]he|[Aa]n?)\s+)?[A-Za-z0-9][^,;:]{2,90}?)\s+"
    r"(?:was|were|has|have|had)\s+(?:already\s+)?(?:been\s+)?(?P<verb>held|signed|set up|established|founded|launched"
    r"|adopted|inaugurated|formed|concluded|ratified)\b(?P<rest>[^,;:]{0,70}?)\s*(?:,|$|\bin\b|\bon\b|\bfrom\b|\bwhich\b)")
# "India along with other SAARC countries has signed a Convention on ... in 2008": the object is the event
_ACTIVE = re.compile(
    r"^(?:Further\s+|In addition,?\s+|Also\s+)?(?P<subject>[A-Z][^,;:]{2,60}?)\s+(?:has|have|had)\s+(?:already\s+)?"
    r"(?P<verb>signed|set up|established|founded|launched|adopted|concluded|ratified)\s+(?:an?\s+|the\s+)?"
    r"(?P<object>[A-Z][^,;:]{4,90}?)\s+(?:in|on)\s+(?:\d|[A-Z][a-z]+ \d)")
_CLASSES = (("signed", re.compile(r"\b(?:signed|concluded|ratified)\b"), ("Agreement", "Year of signing")),
            ("founded", re.compile(r"\b(?:set up|established|founded|formed)\b"), ("Organisation", "Year set up")),
            ("first", re.compile(r"\b(?:first|launched|inaugurated)\b"), ("Event", "Year")))
_GROUPING = re.compile(r"^members of (?:the )?(?P<name>[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*){0,4})$")
_WORDS = re.compile(r"[A-Za-z][A-Za-z’'-]+")
_COMMON = frozenset("the of and in on with to a an by for was were has have had been is are as its their which that "
                    "at from this these".split())


# -- the fact base, built once per corpus -----------------------------------------------------------------

@per_corpus
def corpus_base(corpus: Sequence[Fact]) -> FactBase:
    """The cross-document fact base of the corpus; generation calls it per document, so it is cached."""
    return FactBase.from_facts(corpus)


def known_years(fact: Fact, base: FactBase) -> set[int]:
    """Every year a loaded document gives for this fact's event (its own year included)."""
    out = {int(y) for y in _YEAR.findall(fact.value or "")}
    key = base.key.get(fact.id) or fact_key(fact)
    if not any(key):
        return out  # a fact that says nothing of what it dates shares no event with another
    for k in base.related(key):
        for value in base.dates.get(k, {}):
            out.update(int(y) for y in _YEAR.findall(value))
    return out


def known_counts(fact: Fact, base: FactBase) -> set[float]:
    """Every figure a loaded document gives for this count's (subject, relation)."""
    out = {float(fact.number)} if fact.number is not None else set()
    key = base.key.get(fact.id) or fact_key(fact)
    if not any(key):
        return out
    for k in base.related(key):
        out.update(float(f.number) for f in base.by_key.get(k, ()) if f.kind == "count" and f.number is not None)
    return out


# -- statements -------------------------------------------------------------------------------------------


def _reads_cold(text: str) -> bool:
    """The gate's text rules a statement line must pass, checked here so that two good lines are paired."""
    from quizapp.banks import gate

    flat = " ".join(text.lower().split())
    if gate.RELATIVE.search(flat) or gate.MACHINE.search(text) or gate._DANGLING.search(text):
        return False
    if gate._VISIT.search(text) and not gate._OUTCOME.search(text):
        return False  # an itinerary, however dated
    if gate._OPINION.search(text) or common.leans(text):
        return False
    return not any(m.group(1) not in gate.KNOWN_ABBREVIATIONS and not gate._expanded(m.group(1), text)
                   for m in gate._ABBREV.finditer(text))


def claim_text(doc: Document, fact: Fact, value_text: str) -> str | None:
    """The fact's sentence as a statement with ``value_text`` where the fact's value stands (`claim_texts`)."""
    made = claim_texts(doc, fact, value_text, value_text)
    return made[0] if made else None


# A sentence cut before the list its colon introduced ends on a word that needs what follows
_OPEN_END = re.compile(r"\b(?:to|of|the|a|an|and|or|by|for|with|in|on|as|that|from|into|are|is|include|includes|"
                       r"including|namely|following|be|such)$", re.I)


# "(14 April 1891 - 6 December 1956)", "(1869–1948)": a person's birth and death, which a lead sentence gives
# and a setter asks as nothing (round 21's reader)
_LIFESPAN = re.compile(r"\((?:[^()]{0,16}\s)?(?:1[5-9]|20)\d\d\s*[-–—]\s*(?:[^()]{0,16}\s)?(?:1[5-9]|20)\d\d\)")


def claim_texts(doc: Document, fact: Fact, true_value: str, false_value: str) -> tuple[str, str] | None:
    """The fact's sentence as a true and a false statement: the value, then the changed value, in its place.

    The clause that carries the value is kept ("…, albeit India has signed … with 18 countries"
    gives "India has signed … with 18 countries"), a relative wrapper goes ("today (22 October
    2018)" is "on 22 October 2018"), a run-in heading, an opening connective and honorifics go,
    and "the Convention" is named as the document named it. None when the result would not read cold.
    """
    sentence = common.sentence_of(fact)
    if not (sentence.start <= fact.source.start and fact.source.end <= sentence.end):
        return None
    if _LIFESPAN.search(sentence.quote):
        return None  # an encyclopedia's lead, "X (14 April 1891 - 6 December 1956) was …", tests a life's dates
    at, to = fact.source.start - sentence.start, fact.source.end - sentence.start
    # "came into force today" is "came into force on 1 August 2011": a day word takes no preposition, a date does
    on = "on " if fact.kind == "date" and needs_on(sentence.quote[at:to], sentence.quote[:at]) else ""
    raw = common.clean_sentence(f"{sentence.quote[:at]} {on}{_MARK} {sentence.quote[to:]}")
    raw = re.sub(rf"\s+{_MARK}\s+(?=[,.;:)])", f" {_MARK}", raw).replace(f"( {_MARK}", f"({_MARK}")
    parts = common.CLAUSE_BREAK.split(raw)
    text = next((p for p in parts if _MARK in p), raw).strip()
    if text is not parts[0] and not text[:1].isupper():
        return None
    # a relative clause after the value ("… in April 2018 which helped repair bilateral ties", "… as an
    # association of States whose aim was …") is commentary or detail: the statement asserts less without it
    tail = _RELATIVE_TAIL.search(text, text.find(_MARK) + 1)
    if tail is not None:
        text = text[:tail.start()]
    text = _WRAPPED.sub(r"on \1", text)
    text = _FOLLOWING.sub("", text)
    text = _PROVISION_LABEL.sub(lambda m: f"Under {m['ref']}, {m['first'].lower()}", text)
    text = _LABEL_PREFIX.sub("", text)
    text = _CONNECTIVE.sub("", text)
    text = _HONORIFIC.sub("", text)
    text = common.name_subjects(doc, sentence, text)
    cut = re.search(r"\s*:-?\s*$", text)
    text = re.sub(r"\s*:-?\s*$", "", text).rstrip(" ,;")
    if cut and _OPEN_END.search(text):
        return None  # "… in a disturbed area, to:" over its bullets asserts nothing without them (round 19)
    if common.headless(text):
        return None  # "Inserts a new Part IX …": whose act, the bullet's heading said (round 19)
    text = text[:1].upper() + text[1:]
    if not text.endswith((".", "”", "’")):
        text += "."
    true_text, false_text = (common.squash(plural_partners(text.replace(_MARK, v))) for v in (true_value, false_value))
    if max(len(true_text), len(false_text)) > MAX_STATEMENT or not common.starts_whole(true_text):
        return None
    if not _reads_cold(true_text):  # the rules read the words around the value, the same in both
        return None
    return true_text, false_text


def _latest(doc: Document) -> int | None:
    when = doc.meta.as_of or doc.meta.published
    return when.year if when else None


def _wrong_year(fact: Fact, base: FactBase, seed: int, latest: int | None) -> int | None:
    """A year near the fact's that no loaded document gives for this event, nor its sentence shows."""
    key = int(fact.value[:4]) if fact.value and fact.value[:4].isdigit() else None
    if key is None:
        return None
    bad = known_years(fact, base) | {int(y) for y in _YEAR.findall(fact.sentence.quote)} | {key}
    offsets = [1, -1, 2, -2, 3, -3]
    start = seed % len(offsets)
    for k in range(len(offsets)):
        y = key + offsets[(start + k) % len(offsets)]
        if y not in bad and (latest is None or y <= latest):
            return y
    return None


def _date_claims(doc: Document, fact: Fact, base: FactBase) -> tuple[str, str] | None:
    """(true statement, false statement) for a one-time dated event."""
    shown = common.date_display(fact)
    if shown is None or fact.granularity == "decade" or not _YEAR.search(shown):
        return None
    if not _ONE_TIME.search(common.squash(fact.sentence.quote)):
        return None
    wrong = _wrong_year(fact, base, common.stable_int(fact.id, "wrong"), _latest(doc))
    if wrong is None:
        return None
    year = _YEAR.findall(shown)[-1]
    false_shown = shown[::-1].replace(year[::-1], str(wrong)[::-1], 1)[::-1]
    lead = re.match(r"(?i)(from|between|during|in|on)\s", fact.source.quote.strip())
    if lead:  # "held in Maldives from 24th September to 26th September 2012": keep the preposition
        shown, false_shown = f"{lead.group(1)} {shown}", f"{lead.group(1)} {false_shown}"
    made = claim_texts(doc, fact, shown, false_shown)
    if made is None or str(wrong) not in made[1]:
        return None
    true_text, false_text = made
    if (common.date_display(fact) or "") in false_text:
        return None  # the sentence repeats the true date elsewhere: the false line could not be judged
    return true_text, false_text


_THESE = re.compile(r"\bthese ([A-Z][a-z]+s)\b")


def _named_count(doc: Document, fact: Fact, facts: Sequence[Fact]) -> Fact:
    """The count with "these Treaties" named from the list it introduces ("… with the following 34
    countries:" over a closed list of 34 labelled "… Mutual Legal Assistance Treaties in Criminal Matters")."""
    m = _THESE.search(fact.sentence.quote)
    if m is None:
        return fact
    noun = m.group(1)
    for other in facts:
        if other.kind != "list" or not is_closed(other) or len(other.members) != fact.number:
            continue
        name = re.search(rf"((?:[A-Z][\w-]*\s+)+{noun}(?:\s+(?:in|on|of|for)\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)?)",
                         other.label)
        if name and other.sentence.start >= fact.sentence.start:
            quote = fact.sentence.quote
            at = m.start()
            new = quote[:at] + name.group(1).strip() + quote[m.end():]
            shift = len(new) - len(quote)
            if fact.source.start - fact.sentence.start < at:
                return fact
            sentence = Source(fact.sentence.document, fact.sentence.start, fact.sentence.end + shift, new)
            source = Source(fact.source.document, fact.source.start + shift, fact.source.end + shift, fact.source.quote)
            return Fact(id=fact.id, kind=fact.kind, source=source, sentence=sentence, label=fact.label,
                        number=fact.number, unit=fact.unit, extra=fact.extra)
    return fact


def _count_claims(doc: Document, fact: Fact, base: FactBase, facts: Sequence[Fact] = ()) -> tuple[str, str] | None:
    """(true statement, false statement) for an exact count its document states."""
    written = common.squash(fact.source.quote)
    m = _EXACT_COUNT.match(written)
    if m is None or fact.number is None or fact.extra.get("qualifier"):
        return None
    fact = _named_count(doc, fact, facts)
    n = int(m.group(1))
    known = known_counts(fact, base)
    if len(known) != 1:
        return None  # documents disagree on the figure: no line can be called false
    wrong = next((n + d for d in (2, 3, -2, 4, 5)[common.stable_int(fact.id, "delta") % 5:] + (2, 3, 4, 5)
                  if n + d > 1 and float(n + d) not in known), None)
    if wrong is None:
        return None
    made = claim_texts(doc, fact, written, f"{wrong}{m.group(2)}")
    if made is None or written in made[1]:
        return None
    return made


def _names(text: str) -> set[str]:
    return {w for w in re.findall(r"\b[A-Z][\w-]+", text)
            if w.lower() not in _COMMON and w not in ("India", "Indian", "The", "In", "On", "From")}


# "When the 2003 Convention came into force, all the Masterpieces were incorporated … in 2008": a clause of time
# opens on one event and the date is another's; a candidate who knows the first was 2006 marks the true statement
# false (round 24's reader)
_TWO_EVENTS = re.compile(r"^(?:When|After|Once|Since|Before|Until|By the time|As soon as)\s+[^,]{3,}?,")


def _candidates(doc: Document, facts: Sequence[Fact], skip: Set[str], base: FactBase
                ) -> list[tuple[Fact, tuple[str, str]]]:
    out: list[tuple[Fact, tuple[str, str]]] = []
    likely = []
    for f in facts:
        if f.id in skip or f.kind not in ("date", "count") or (salience.score(f) or 0) < 1:
            continue
        if f.kind == "date" and (not f.value or not _ONE_TIME.search(common.squash(f.sentence.quote))
                                 or common.frame_year(doc, f, facts)
                                 or _TWO_EVENTS.match(common.squash(f.sentence.quote))):
            continue
        if f.kind == "count" and (not _EXACT_COUNT.match(common.squash(f.source.quote))
                                  or common.count_given_away(f, facts)):
            continue  # "Treaties with 5 countries, namely, A, B and C": counting the names judges it
        likely.append(f)
    if len(likely) < 2:
        return out  # a statements item needs two
    for f in likely:
        claims = _date_claims(doc, f, base) if f.kind == "date" else _count_claims(doc, f, base, facts)
        if claims is not None and all(c[1][0] != claims[0] for c in out):
            out.append((f, claims))
    return out


def statement_items(doc: Document, facts: Sequence[Fact], corpus: Sequence[Fact], skip: Set[str] = frozenset(),
                    limit: int = 2) -> list[Item]:
    """Two statements, one true and one false, over worth-asking facts of one document.

    Each fact feeds one statements item. A partner shares a name with the first statement
    (SAARC and the SAARC Convention) where one can, else it is the next candidate on the same topic.
    """
    base = corpus_base(corpus)
    cands = _candidates(doc, facts, set(skip), base)
    out: list[Item] = []
    used: set[str] = set()
    for i, (a, a_claims) in enumerate(cands):
        if len(out) >= limit or a.id in used:
            continue
        rest = [(b, c) for b, c in cands[i + 1:] if b.id not in used and b.sentence.start != a.sentence.start]
        rest = [(b, c) for b, c in rest if not (a.kind == b.kind == "date" and a.value == b.value)]  # one event twice
        if not rest:
            continue
        names = _names(a_claims[0])
        topic = common.topic_for(doc, a)
        pick = next(((b, c) for b, c in rest if names & _names(c[0])), None) or next(
            ((b, c) for b, c in rest if common.topic_for(doc, b) == topic), None) or rest[0]
        b, b_claims = pick
        pattern = ((True, False), (False, True))[common.stable_int(a.id, b.id) % 2]
        lines = [claims[0] if t else claims[1] for claims, t in zip((a_claims, b_claims), pattern, strict=True)]
        used.update((a.id, b.id))
        answer = STATEMENT_KEY[pattern]
        listing = "\n".join(f"{n}. {x}" for n, x in enumerate(lines, 1))
        # the attribution sits on the question: on the lead-in it made the source vouch for the false line (round 7)
        stem = (f"Consider the following statements:\n{listing}\n"
                f"Which of the statements given above is/are correct, {common.as_stated(doc.meta)}?")
        why = []
        for n, (f, t) in enumerate(zip((a, b), pattern, strict=True), 1):
            truth = common.date_display(f) if f.kind == "date" else common.squash(f.source.quote)
            why.append(f"Statement {n} is {'correct' if t else 'incorrect'}: the source gives {truth} "
                       f"(“{common.squash(common.sentence_of(f).quote)}”).")
        src = common.covering_source(doc, min(a.sentence.start, b.sentence.start), max(a.sentence.end, b.sentence.end))
        iid = common.item_id("mcq", "statements", [a.id, b.id], src.quote, STATEMENT_OPTIONS[answer], lines)
        out.append(Item(id=iid, type="mcq", style="statements", stem=stem, source=src, facts=(a.id, b.id),
                        topic=topic, answer=answer, options=STATEMENT_OPTIONS,
                        explanation=" ".join(why) + " " + common.cite(doc.meta, src.quote),
                        tags=(*common.tags_for("date", src.quote), "statements", "fact-statements")))
    return out


# -- pairs ------------------------------------------------------------------------------------------------


def event_name(doc: Document, fact: Fact) -> str | None:
    """'Treaty on Mutual Legal Assistance in Criminal Matters signed between India and Azerbaijan' from
    'On 4th April2013, a Treaty on ... was signed between India and Azerbaijan in New Delhi.'"""
    sentence = common.sentence_of(fact)
    text = common.name_subjects(doc, sentence, common.clean_sentence(sentence.quote))
    if not common.starts_whole(text) or common.leans(text):
        return None
    text = _HONORIFIC.sub("", _LABEL_PREFIX.sub("", text))
    active = _ACTIVE.match(text)
    if active is not None:
        name = f"{active.group('object').strip()} {active.group('verb')} by {active.group('subject').strip()}"
    else:
        m = _EVENT.match(text)
        if m is None:
            return None
        subject = _CONNECTIVE.sub("", re.sub(r"^(?:[Tt]he|[Aa]n?)\s+", "", m.group("subject")).strip())
        if common.leans(subject) or _YEAR.search(subject) or not re.search(r"\b[A-Z]", subject):
            return None
        subject = subject[:1].upper() + subject[1:]
        rest = m.group("rest").strip()
        if _YEAR.search(rest) or (fact.source.quote and fact.source.quote in rest):
            rest = ""
        name = f"{subject} {m.group('verb')}" + (f" {rest}" if rest else "")
    name = common.squash(name)
    if _YEAR.search(name) or len(name) > MAX_EVENT or not _reads_cold(name):
        return None
    return name


def _class_of(name: str) -> str | None:
    return next((c for c, pattern, _heads in _CLASSES if pattern.search(name)), None)


def pairs_items(doc: Document, facts: Sequence[Fact], corpus: Sequence[Fact], skip: Set[str] = frozenset(),
                limit: int = 1) -> list[Item]:
    """'Consider the following pairs' of one kind: events of one class and their year, countries and
    the groupings they belong to, or the rows of one table."""
    base = corpus_base(corpus)
    out: list[Item] = []
    events: dict[str, list[tuple[Fact, str, str]]] = {}
    for f in facts:
        if f.id in skip or f.kind != "date" or not f.value or not f.value[:4].isdigit():
            continue
        if (salience.score(f) or 0) < 1 or common.frame_year(doc, f, facts):
            continue
        if not _ONE_TIME.search(common.squash(f.sentence.quote)):
            continue
        name = event_name(doc, f)
        cls = _class_of(name) if name else None
        if name is None or cls is None:
            continue
        group = events.setdefault(cls, [])
        if all(name != n for _f, n, _v in group):
            group.append((f, name, f.value[:4]))
    for cls, _pattern, heads in _CLASSES:
        group = events.get(cls, [])
        if len(group) >= 3 and len({v for _f, _n, v in group}) >= 2:
            out += _pairs_from(doc, group, heads, base, limit, ("date",))
    out += _membership_pairs(doc, [f for f in facts if f.id not in skip], base)
    rows = [f for f in facts if f.kind == "table_row" and f.id not in skip and len(f.cells) >= 2]
    by_header: dict[tuple[str, ...], list[Fact]] = {}
    for r in rows:
        by_header.setdefault(tuple(r.extra.get("header") or ()), []).append(r)
    for header, group_rows in by_header.items():
        if len(group_rows) < 3:
            continue
        repeated = set(group_rows[0].extra.get("repeated") or ())
        col = next((c for c in range(1, len(group_rows[0].cells)) if c not in repeated
                    and len({g.cells[c] for g in group_rows if len(g.cells) > c}) == len(group_rows)), None)
        if col is None or len({g.cells[0] for g in group_rows}) != len(group_rows):
            continue
        values = [common.squash(g.cells[col]) for g in group_rows if len(g.cells) > col]
        if _mixed_times(values):
            # "2018 (Rs 4,000 per acre in 2018-19)", "2018-19 (…)", "15 August 2018": a year, a financial year and a
            # day overlap, so a swapped one may be true (round 23's wrong key)
            continue
        if _ILLUSTRATION.search(doc.text[max(0, min(g.source.start for g in group_rows) - _CAPTION_REACH):
                                         min(g.source.start for g in group_rows)]):
            continue  # "Illustration: assistance by extent of land (at current rates)": arithmetic, not facts
        heads = (header[0], header[col]) if len(header) > col else ("", "")
        about = table_subject(group_rows[0].label)
        serial_names = all(re.fullmatch(r"[A-Z][a-z]+\s+(?:\d{1,2}|[IVX]{1,4}|[A-H])", common.squash(g.cells[0]))
                           for g in group_rows)
        if not all(heads) or (about is None and (YEAR_LABEL.fullmatch(heads[1].strip()) or serial_names
                                                  or _TIME_HEAD.fullmatch(heads[0].strip()))):
            # ("2019 — Colombia" under "Year — Host country": hosts of what, only the page's title says; round 23)
            # "Period 1 — April – July" names a row, not a thing: of what scheme, only the page says (round 19b)
            # "Uttarakhand — 444" under no header, or under "2018": what the figure counts, the pairs never say
            # (round 17's reader)
            continue
        out += _pairs_from(doc, [(g, common.squash(g.cells[0]), common.squash(g.cells[col])) for g in group_rows],
                           heads, base, 1, ("table_row",), about=about)
    return out


_TIME_HEAD = re.compile(r"(?:Year|Date|Month|Period|Edition|Session)s?(?:\s+of\s+\w+)?", re.I)
_TIME_CELL = re.compile(r"^(?:(?:\d{1,2}(?:st|nd|rd|th)?\s+)?[A-Z][a-z]+\.?,?\s+)?(?:1[5-9]|20)\d\d\b")
_ILLUSTRATION = re.compile(r"\b(?:illustrat\w*|hypothetical|indicative|worked example|at current rates|for example)\b",
                           re.I)
_CAPTION_REACH = 200  # characters above a table's first row: its caption and header


def _time_shape(value: str) -> str:
    if re.fullmatch(r"(?:1[5-9]|20)\d\d", value):
        return "year"
    if re.fullmatch(r"(?:1[5-9]|20)\d\d\s*[-–/]\s*\d{2,4}", value):
        return "range"
    return "date" if re.fullmatch(r"(?:\d{1,2}(?:st|nd|rd|th)?\s+)?[A-Z][a-z]+\.?,?\s+(?:1[5-9]|20)\d\d", value) else "other"


def _mixed_times(values: Sequence[str]) -> bool:
    """A column of times written at different precisions, or with riders in brackets: no swap of them is
    surely false for another row (a day falls inside a year, a year inside a financial year)."""
    if not values or not all(_TIME_CELL.match(v) for v in values):
        return False
    return any("(" in v for v in values) or len({_time_shape(v) for v in values}) > 1


# "Some examples of India's bilateral extradition treaties are given below": what the table's rows are
_TABLE_LEAD = re.compile(r"^(?:(?:(?:some|a few|few|select(?:ed)?|the)\s+)?(?:examples|instances|details|list|"
                         r"particulars)\s+of\s+|(?:some|a few|few|many)\s+of\s+)", re.I)
_TABLE_ASIDE = re.compile(r",\s+(?:along|together)\s+with\s+[^,]+,")
_TABLE_TAIL = re.compile(r"\s+(?:(?:are|is)\s+(?:given|listed|shown|provided|set out|tabulated)|(?:are|is)\s+as\s+"
                         r"(?:follows|under))\b.*$|\s*(?:below|as under|as follows)\s*[:.-]*$", re.I)


def table_subject(label: str) -> str | None:
    """The table's subject as a noun phrase ("India's bilateral extradition treaties"), or None when its
    lead names nothing a cold reader could place ("The summits held so far": which summits?).

    Round 13's and 14's readers: "Country — Year of signing" never said of what; the pairs are asked
    "With reference to India's bilateral extradition treaties, consider the following pairs"."""
    text = _TABLE_ASIDE.sub("", common.squash(label).rstrip(" :.-"))  # ", along with the year of signing,"
    subject = _TABLE_TAIL.sub("", _TABLE_LEAD.sub("", text)).strip()
    if subject == text or not 2 <= len(subject.split()) <= 8 or re.search(r"[,;:]", subject):
        return None  # no "examples of … are given below" shape: the lead is a sentence, not a subject
    if not re.search(r"\b[A-Z]", subject[1:]) and not re.search(r"[’']s\b", subject):
        return None
    return subject[:1].lower() + subject[1:] if subject.split()[0] in ("The", "A", "An") else subject


def _grouping(fact: Fact) -> str | None:
    """'ASEAN' for a closed list labelled 'members of ASEAN'; None for any other list."""
    if fact.kind != "list" or not is_closed(fact):
        return None
    m = _GROUPING.match(common.squash(fact.label))
    return m.group("name") if m else None


def _membership_pairs(doc: Document, facts: Sequence[Fact], base: FactBase) -> list[Item]:
    """Country — grouping, from two or more closed member lists of one document.

    A true pair is a country only one of the groupings has; a false pair puts a member of one
    grouping against another whose closed list leaves it out, and that no document lists under it.
    """
    lists = [(f, g) for f in facts if (g := _grouping(f)) is not None]
    if len(lists) < 2:
        return []
    lists = lists[:2]
    (a, ga), (b, gb) = lists
    a_only = [m for m in a.members if member_key(m) not in {member_key(x) for x in b.members} and m != "India"]
    b_only = [m for m in b.members if member_key(m) not in {member_key(x) for x in a.members} and m != "India"]
    if len(a_only) < 2 or len(b_only) < 2:
        return []
    seed = common.stable_int(a.id, b.id, "membership")
    n_true = (1, 2)[seed % 2]
    ia, ib = seed % len(a_only), (seed // 7) % len(b_only)
    pick_a, pick_b = a_only[ia], b_only[ib]
    other_a = a_only[(ia + 1 + (seed // 11) % (len(a_only) - 1)) % len(a_only)]
    other_b = b_only[(ib + 1 + (seed // 13) % (len(b_only) - 1)) % len(b_only)]
    # (fact, country, grouping, true?)
    entries: list[tuple[Fact, str, str, bool]] = [(a, pick_a, ga, True), (b, pick_b, gb, True)]
    entries.append((a, other_b, ga, False) if n_true == 2 else (b, other_a, gb, False))
    if n_true == 1:
        entries[1] = (a, pick_b, ga, False)
    for fact, country, _g, truth in entries:
        if not truth and (base.could_be_true(fact, country) or base.true_elsewhere(fact, country)):
            return []
    order = sorted(range(3), key=lambda j: common.stable_int(entries[j][1], "order", a.id))
    ordered = [entries[j] for j in order]
    answer = HOW_MANY_KEY[sum(t for *_x, t in ordered)]
    listing = "\n".join(f"{n}. {country}{PAIR_SEP}{g}" for n, (_f, country, g, _t) in enumerate(ordered, 1))
    stem = (f"Consider the following pairs:\nCountry{PAIR_SEP}Grouping of which it "
            f"is a member\n{listing}\nHow many of the pairs given above are correctly matched, "
            f"{common.as_stated(doc.meta)}?")
    why = " ".join(f"Pair {n} is {'correct' if t else 'incorrect'}: {country} is "
                   f"{'one' if t else 'not one'} of the {len(f.members)} members of {g} the source lists."
                   for n, (f, country, g, t) in enumerate(ordered, 1))
    lo, hi = min(a.sentence.start, b.sentence.start), max(a.sentence.end, b.sentence.end)
    src = common.covering_source(doc, lo, hi)
    facts_cited = tuple(dict.fromkeys(f.id for f, *_r in ordered))  # each grouping's list once; lines name it
    iid = common.item_id("mcq", "pairs", facts_cited, src.quote, HOW_MANY_OPTIONS[answer], [listing])
    return [Item(id=iid, type="mcq", style="pairs", stem=stem, source=src, facts=facts_cited,
                 topic=common.topic_for(doc, a), answer=answer, options=HOW_MANY_OPTIONS,
                 explanation=f"{why} {common.cite(doc.meta, src.quote)}",
                 tags=(*common.tags_for("list", src.quote), "pairs", MEMBERSHIP_TAG))]


def _echoes(name: str, value: str) -> bool:
    """Whether a row's value repeats a content word of its name (solar, energy, efficiency)."""
    def stems(text: str) -> set[str]:
        return {w.lower()[:5] for w in re.findall(r"[A-Za-z]{4,}", text)} - {"natio", "india", "missi", "schem"}
    return bool(stems(name) & stems(value))


def _pairs_from(doc: Document, entries: list[tuple[Fact, str, str]], heads: tuple[str, str], base: FactBase,
                limit: int, kinds: tuple[str, ...], about: str | None = None) -> list[Item]:
    """Three pairs, some true, some with another entry's value that the fact base proves wrong for it."""
    out: list[Item] = []
    for start in range(0, len(entries) - 2, 3):
        if len(out) >= limit:
            break
        chosen = entries[start:start + 3]
        # a table's rows copied whole ("All three") or each shifted one row down ("None") test whether the reader
        # spots the copy or the shift, not the match (round 21's reader): a table's three pairs mix true and false
        counts = (1, 2) if "table_row" in kinds else (1, 2, 0, 3)
        first = common.stable_int(*(f.id for f, _n, _v in chosen)) % len(counts)
        values = [v for _f, _n, v in entries]
        lines: list[tuple[str, str, bool]] = []
        # (a table's three rows have three values: with two shown true, the third row has none left to be wrong
        # with, and the next count is tried)
        for n_true in counts[first:] + counts[:first] if "table_row" in kinds else counts[first:first + 1]:
            lines = []
            for k, (f, name, value) in enumerate(chosen):
                if k < n_true:
                    lines.append((name, value, True))
                    continue
                right = {value} | ({str(y) for y in known_years(f, base)} if f.kind == "date" else set())
                right |= {common.squash(c) for c in f.cells}
                shown = {v for _n, v, _t in lines} if "table_row" in kinds else set()  # one value, one row
                wrong = next((v for v in values[k + 1:] + values[:k + 1] if v not in right and v not in shown), None)
                if wrong is None:
                    break
                lines.append((name, wrong, False))
            if len(lines) == 3:
                break
        if "table_row" in kinds and any(_echoes(name, value) for name, value, _t in lines):
            continue  # "National Solar Mission — Expansion of solar power": the name gives its value (round 19c)
        if len(lines) != 3 or ("table_row" in kinds and len({v for _n, v, _t in lines}) != 3):
            # a table's column pairs one row with one value: "Period 3 — April – July" beside "Period 1 — April –
            # July" is false on sight (round 19b); two treaties may well share a year of signing
            continue
        order = sorted(range(3), key=lambda j: common.stable_int(chosen[j][0].id, "order"))
        ordered = [(chosen[j][0], *lines[j]) for j in order]
        answer = HOW_MANY_KEY[sum(t for *_r, t in ordered)]
        listing = "\n".join(f"{n}. {name}{PAIR_SEP}{value}" for n, (_f, name, value, _t) in enumerate(ordered, 1))
        head = f"{heads[0]}{PAIR_SEP}{heads[1]}\n" if all(heads) else ""
        lead = f"With reference to {about}, consider the following pairs" if about else "Consider the following pairs"
        stem = (f"{lead}:\n{head}{listing}\n"
                f"How many of the pairs given above are correctly matched, {common.as_stated(doc.meta)}?")
        true_of = {f.id: v for f, _n, v in entries}
        why = " ".join(f"Pair {n} is {'correct' if t else 'incorrect'}: the source gives {true_of[f.id]}."
                       for n, (f, _name, _v, t) in enumerate(ordered, 1))
        facts = tuple(f.id for f, *_rest in ordered)
        lo = min(f.sentence.start if f.sentence.quote else f.source.start for f, *_r in ordered)
        hi = max(f.sentence.end if f.sentence.quote else f.source.end for f, *_r in ordered)
        src = common.covering_source(doc, lo, hi)
        iid = common.item_id("mcq", "pairs", facts, src.quote, HOW_MANY_OPTIONS[answer], [listing])
        out.append(Item(id=iid, type="mcq", style="pairs", stem=stem, source=src, facts=facts,
                        topic=common.topic_for(doc, ordered[0][0]), answer=answer, options=HOW_MANY_OPTIONS,
                        explanation=f"{why} {common.cite(doc.meta, src.quote)}",
                        tags=(*common.tags_for(kinds[0], src.quote), "pairs")))
    return out


def compound_items(doc: Document, facts: Sequence[Fact], corpus: Sequence[Fact]) -> list[Item]:
    """Pairs first (they need three facts of a kind), then statements on the facts left: one item per fact."""
    pairs = pairs_items(doc, facts, corpus)
    return pairs + statement_items(doc, facts, corpus, skip={f for it in pairs for f in it.facts})


# -- re-deriving the key from the fact base ---------------------------------------------------------------


def _content(text: str) -> set[str]:
    """Content words, a plural read as its singular: a statement writes "Agreements (SSAs)" where the
    source's slip has "Agreement (SSA)" (`asking.plural_partners`), and is still about that sentence."""
    words = {w.casefold() for w in _WORDS.findall(text)}
    return {w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words - _COMMON}


def _about(line: str, fact: Fact) -> bool:
    """Whether a line restates the cited fact's sentence: most of its words are the fact's own."""
    words = _content(_YEAR.sub(" ", line))
    theirs = _content(_YEAR.sub(" ", _template(fact)))
    if not words or not theirs:
        return False
    # a statement may keep one clause of the sentence, or name "these Treaties": either way round will do
    shared = len(words & theirs)
    return shared >= 0.6 * len(words) or shared >= 0.6 * len(theirs)


def _template(fact: Fact) -> str:
    """The fact's sentence with its value taken out: the extractor's cloze, else the label without the value."""
    cloze = fact.extra.get("cloze")
    if cloze:
        return str(cloze)
    quote = fact.source.quote
    return fact.label.replace(quote, "____", 1) if quote else fact.label


def _shown_values(line: str, template: str, pattern: re.Pattern[str]) -> list[str]:
    """The values of the line that its fact's template does not already hold: what the line asserts."""
    have = Counter(pattern.findall(template))
    out = []
    for v in pattern.findall(line):
        if have[v] > 0:
            have[v] -= 1
        else:
            out.append(v)
    return out


def line_truth(line: str, fact: Fact, style: str, base: FactBase) -> bool | None:
    """True or False when the fact base decides the numbered line, None when it cannot."""
    if style == "pairs":
        if PAIR_SEP not in line:
            return None
        left, right = (s.strip() for s in line.rsplit(PAIR_SEP, 1))
        if fact.kind == "date":
            if not re.fullmatch(r"\d{4}", right) or not fact.value or not _about(left, fact):
                return None
            if right == fact.value[:4]:
                return True
            return False if int(right) not in known_years(fact, base) else None
        if fact.kind == "list":
            if not re.search(rf"\b{re.escape(right)}$", common.squash(fact.label)) or not is_closed(fact):
                return None
            if member_key(left) in {member_key(m) for m in fact.members}:
                return True
            return False if not base.could_be_true(fact, left) and not base.true_elsewhere(fact, left) else None
        if fact.kind == "table_row":
            cells = [common.squash(c) for c in fact.cells]
            if not cells or left != cells[0]:
                return None
            return right in cells[1:]
        return None
    template = _template(fact)
    if not _about(line, fact):
        return None
    if fact.kind == "date":
        years = _shown_values(line, template, _YEAR)
        shown = common.display_of(fact.value, fact.extra)
        if len(years) != 1 or not fact.value or not shown:
            return None
        if int(years[0]) == int(fact.value[:4]):
            return True if shown in line else None
        return False if int(years[0]) not in known_years(fact, base) else None
    if fact.kind == "count":
        numbers = _shown_values(line, template, _NUMBER)
        if len(numbers) != 1 or fact.number is None:
            return None
        n = float(numbers[0].replace(",", ""))
        known = known_counts(fact, base)
        if n == float(fact.number) and known == {n}:
            return True
        return False if n not in known else None
    return None


def rederive_base(item: Mapping[str, Any], base: FactBase) -> int | None:
    """The answer index the fact base gives a statements or pairs item, read from its lines; None if undecidable.

    ``item`` needs only ``stem``, ``facts`` and ``style``: the stored answer is never read.
    """
    lines = [m.group(2) for m in LINE.finditer(item["stem"])]
    cited = [base.facts.get(f) for f in item["facts"]]
    style = item.get("style") or ""
    groupings = {g: f for f in cited if f is not None and (g := _grouping(f)) is not None}
    if style == "pairs" and groupings and len(groupings) == len(cited):
        # country — grouping: each line is judged by the list of the grouping it names
        cited = [groupings.get(line.rsplit(PAIR_SEP, 1)[-1].strip()) for line in lines]
    if not lines or len(lines) != len(cited):
        return None
    truths = []
    for line, fact in zip(lines, cited, strict=True):
        if fact is None:
            return None
        truth = line_truth(line, fact, style, base)
        if truth is None:
            return None
        truths.append(truth)
    if style == "pairs":
        return HOW_MANY_KEY.get(sum(truths))
    return STATEMENT_KEY.get((truths[0], truths[1])) if len(truths) == 2 else None


def rederive(item: Mapping[str, Any], facts: Mapping[str, Mapping[str, Any]]) -> int | None:
    """`rederive_base` over one bank's facts (a bank file's fact dicts), as `banks check` reads them."""
    return rederive_base(item, FactBase.from_facts(_fact_of(fid, f) for fid, f in facts.items()))


def _fact_of(fid: str, raw: Mapping[str, Any]) -> Fact:
    """A bank file's fact dict as a Fact (the fields a key depends on; a sentence is not stored)."""
    src = raw.get("source") or {}
    doc = str(src.get("document") or "")
    return Fact(id=str(raw.get("id") or fid), kind=raw["kind"],
                source=Source(doc, int(src.get("start") or 0), int(src.get("end") or 0), str(src.get("quote") or "")),
                sentence=Source(doc, 0, 0, ""), label=str(raw.get("label") or ""), value=raw.get("value"),
                granularity=raw.get("granularity"), resolved=bool(raw.get("resolved")),
                members=tuple(raw.get("members") or ()), number=raw.get("number"), unit=raw.get("unit"),
                cells=tuple(raw.get("cells") or ()), extra=dict(raw.get("extra") or {}))


def fact_base_of_banks(banks: Sequence[Mapping[str, Any]]) -> FactBase:
    """One fact base over the facts of several loaded bank files: what every document says."""
    return FactBase.from_facts(_fact_of(f["id"], f) for bank in banks for f in bank["facts"])


def is_compound(item: Mapping[str, Any] | Item) -> bool:
    """Items built here: their key comes from several facts, line by line."""
    style = item.get("style") if isinstance(item, Mapping) else item.style
    tags = (item.get("tags") if isinstance(item, Mapping) else item.tags) or ()
    return style == "pairs" or (style == "statements" and "fact-statements" in tags)


def is_fact_statements(item: Mapping[str, Any]) -> bool:
    """Statements items built here (on dates and counts), as opposed to list-membership statements."""
    return item.get("style") == "statements" and "fact-statements" in (item.get("tags") or [])
