"""Shared rules for every item generator: ids, topics, tags, blanks, citations.

Kept in one place so that all item types agree on what makes an id stable and
how a stem names its (time-dependent) source.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable

from quizapp.banks.types import Document, DocumentMeta, Fact, Item, Sentence, Source

BLANK = "_____"
_MAX_STEM_CONTEXT = 320
_BULLET = re.compile(r"^[\s•·\-–*▪●◦»]+")
_WS = re.compile(r"\s+")


def item_id(type_: str, style: str | None, fact_ids: Iterable[str], sentence: str, key: str,
            extra: Iterable[str] = ()) -> str:
    """Derive the id from content, never from offsets or order.

    Editing one sentence changes its facts' ids and so only the items built from
    it; moving text around (offsets) or adding documents changes nothing.
    """
    payload = json.dumps([type_, style or "", sorted(fact_ids), squash(sentence), key, list(extra)],
                         ensure_ascii=False)
    return "q_" + hashlib.sha1(payload.encode("utf-8")).hexdigest()[:12]


def stable_int(*parts: str) -> int:
    """A deterministic integer for choices that must not depend on PYTHONHASHSEED."""
    return int(hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:8], 16)


def squash(text: str) -> str:
    """One line of text: the quotes keep the original spacing, stems need not."""
    return _WS.sub(" ", text).strip()


_QA = re.compile(r"^(?:Q|A|Ans|Question|Answer)\s*[:.]\s+")


def clean_sentence(text: str) -> str:
    """Drop bullet glyphs, "Q:"/"A:" markers and layout whitespace so a sentence reads as a stem."""
    return squash(_QA.sub("", _BULLET.sub("", text.lstrip())))


def _timeline_entry(text: str, filler: str) -> str:
    """A chronology's entry ("27 January 2022 - The first India-Central Asia Summit was held in virtual format,
    with …") blanked at its date, as the sentence it dates: "The first India-Central Asia Summit was held in
    virtual format on [when?], with …" (session 26's holdout annual report). Other text is returned as it is."""
    m = re.match(rf"^(?P<day>(?:\d{{1,2}}\s+[A-Z][a-z]+,?\s+)?){re.escape(filler)}\s*[-–—:]\s+(?P<rest>[A-Z].*)$", text)
    if m is None:
        return text
    rest, when = m["rest"], f"on {m['day']}{filler}"
    cut = re.search(r",\s(?=[a-z])|;\s|\s+(?:which|who|where)\b", rest)  # not "from Bucharest, Romania, …"
    if cut is not None:
        return f"{rest[:cut.start()]} {when}{rest[cut.start():]}"
    end = len(rest) - len(rest.rstrip(" .!"))
    return f"{rest[:len(rest) - end]} {when}{rest[len(rest) - end:]}"


def blank_out(sentence: Source, span: Source, filler: str = BLANK) -> str | None:
    """The sentence with ``span`` replaced by ``filler`` (offsets are absolute).

    Returns None when the span is not inside the sentence, so a generator never
    blanks the wrong words.
    """
    if not (sentence.start <= span.start and span.end <= sentence.end):
        return None
    rel_start, rel_end = span.start - sentence.start, span.end - sentence.start
    before = sentence.quote[:rel_start]
    after = sentence.quote[rel_end:]
    before = _QA.sub("", _WS.sub(" ", _BULLET.sub("", before)).lstrip())
    after = _WS.sub(" ", after)
    if before[-1:].isalnum():
        before += " "  # "April2013" in the source: the blank stands apart
    if after[:1].isalnum():
        after = " " + after
    text = _timeline_entry(squash(f"{before}{filler}{after}"), filler)
    # A stem is a whole sentence read cold: never cut it to "…Level Meeting"; too long a
    # sentence makes no card at all.
    if not starts_whole(text):
        return None
    if len(text) > MAX_STEM:
        # a long sentence may end early at a clause break after the blank; it never starts mid-way
        at = text.find(filler)
        if at < 0:
            return None
        # the first clause end after the blank ("... of South Asia and improve their standard of
        # living; …"): the candidate reads one whole clause, and "; …" says the sentence goes on
        semi = text.find("; ", at + len(filler))
        if 0 < semi <= MAX_STEM:
            return text[:semi] + "; …"
        cut = text[:MAX_STEM]
        end = max(cut.rfind("; "), cut.rfind(", "))
        if end < at + len(filler):
            return None
        text = cut[:end].rstrip(",; ") + " …"
    return text


MAX_STEM = 360


def starts_whole(text: str) -> bool:
    """Whether a sentence starts where a sentence starts (capital, digit, quote), not mid-way."""
    text = text.lstrip()
    if not text or text[0] in "…." or text.startswith("..."):
        return False
    first = text[0]
    return first.isupper() or first.isdigit() or first in "“\"‘'([" or text.startswith(BLANK) or text.startswith("[")


def publisher_phrase(meta: DocumentMeta) -> str:
    """'the Ministry of Home Affairs' / 'South China Morning Post' / the title.

    Institutions read with an article ("as stated by the Ministry ..."), names of
    outlets and people without one; the part after a comma is an address detail.
    """
    if not meta.publisher:
        return f"“{squash(meta.title)}”"
    name = meta.publisher.split(",")[0].strip()
    first = name.split(" ")[0].lower()
    if first in {"ministry", "department", "government", "office", "embassy", "division", "directorate",
                 "press", "central", "national", "bureau", "prime", "president's", "election"}:
        return "the " + name
    return name


def period(meta: DocumentMeta) -> str | None:
    """'2013–14' when the text covers a span of years, else '2018'; None if undated.

    An ``as_of`` of 31 March with no publication date is the close of an Indian
    financial year (government reports are written per year April–March), so it
    reads as that year, e.g. 2014-03-31 -> '2013–14'.
    """
    if meta.published is None and meta.as_of is not None and (meta.as_of.month, meta.as_of.day) == (3, 31):
        return f"{meta.as_of.year - 1}–{str(meta.as_of.year)[2:]}"
    years = sorted({d.year for d in (meta.published, meta.as_of) if d is not None})
    if not years:
        return None
    if len(years) == 1:
        return str(years[0])
    lo, hi = years[0], years[-1]
    return f"{lo}–{str(hi)[2:]}" if lo // 100 == hi // 100 else f"{lo}–{hi}"


def when_words(meta: DocumentMeta) -> str | None:
    """The date a stem gives its source: the publication day in words, else the period."""
    if meta.published is not None:
        return day_words(meta.published)
    return period(meta)


def as_stated(meta: DocumentMeta) -> str:
    """The clause that dates a time-dependent stem: facts like lists of treaties change.

    Sources are attributed by publisher and date ("as stated by South China
    Morning Post (26 October 2020)"); a page without a publisher is dated only
    ("as reported on 20 October 2018"), never named by its headline.
    """
    when = when_words(meta)
    if meta.publisher:
        return f"as stated by {publisher_phrase(meta)}" + (f" ({when})" if when else "")
    if when is None:
        return "according to the source"
    return f"as reported on {when}" if meta.published is not None else f"as reported in {when}"


def cite(meta: DocumentMeta, quote: str, limit: int = 400, tail: bool = False) -> str:
    """The explanation's citation: who said it and the words they used (with ``tail``, a long quote's
    end, where a passage read back from its last sentence says what the item asks)."""
    text = squash(quote)
    if len(text) > limit:
        text = ("… " + text[-limit:].split(" ", 1)[-1]) if tail else text[:limit].rsplit(" ", 1)[0] + " …"
    who = meta.publisher or squash(meta.title)
    when = period(meta)
    return f"Source: {who}" + (f" ({when})" if when else "") + f": “{text}”"


MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_ISO_YEAR = re.compile(r"^(\d{4})$")
_ISO_DECADE = re.compile(r"^(\d{3}0)s$")


def day_words(day: object) -> str:
    """A date in words, day first as Indian papers write it: '26 October 2020'."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"  # type: ignore[attr-defined]


def _one(value: str) -> tuple[str, ...] | None:
    """(day, month, year) strings of one ISO value, '' for what it does not give."""
    if m := _ISO_DAY.match(value):
        return (str(int(m.group(3))), MONTH_NAMES[int(m.group(2)) - 1], m.group(1))
    if m := _ISO_MONTH.match(value):
        return ("", MONTH_NAMES[int(m.group(2)) - 1], m.group(1))
    if m := _ISO_YEAR.match(value):
        return ("", "", m.group(1))
    return None


def iso_words(value: str | None) -> str | None:
    """An ISO value (2018-10-22, 2018-10, 2018, 1970s, a/b ranges) in words at the same precision.

    "2020-10-26" -> "26 October 2020"; "2017-06/2017-08" -> "June–August 2017";
    "2018-10-21/2018-10-25" -> "21–25 October 2018"; "1990s" -> "the 1990s".
    None for anything else: an answer never shows machine notation.
    """
    if not value:
        return None
    if m := _ISO_DECADE.match(value):
        return f"the {m.group(1)}s"
    if "/" in value:
        a, b = (_one(v) for v in value.split("/", 1))
        if a is None or b is None:
            return None
        (d1, m1, y1), (d2, m2, y2) = a, b
        if y1 != y2:
            left = " ".join(x for x in (d1, m1, y1) if x)
            right = " ".join(x for x in (d2, m2, y2) if x)
            if not (d1 or m1 or d2 or m2) and y1[:2] == y2[:2]:
                return f"{y1}–{y2[2:]}"
            return f"{left} – {right}"
        if m1 != m2:
            left = " ".join(x for x in (d1, m1) if x)
            right = " ".join(x for x in (d2, m2) if x)
            return f"{left}–{right} {y1}" if not (d1 or d2) else f"{left} – {right} {y1}"
        if d1 and d2:
            return f"{d1}–{d2} {m1} {y1}"
        return " ".join(x for x in (m1, y1) if x)
    one = _one(value)
    return None if one is None else " ".join(x for x in one if x)


def date_display(fact: Fact) -> str | None:
    """The absolute date of a date fact in words: the extractor's ``display``, else the ISO value worded."""
    return display_of(fact.value, fact.extra, fact.source.quote if not fact.resolved else "")


def display_of(value: str | None, extra: object, written: str = "") -> str | None:
    """`date_display` on plain data (a bank file's fact), so a checker words dates the same way."""
    shown = extra.get("display") if isinstance(extra, dict) else None
    if isinstance(shown, str) and shown.strip() and not _MACHINE.search(shown):
        return squash(shown)
    decade = _PART_DECADE.match(squash(written))
    if decade and value and value.startswith(decade.group(2)[:3]):
        return f"the {decade.group(1) or ''}{decade.group(2)}"  # "the early 2000s" keeps its precision
    return iso_words(value)


_PART_DECADE = re.compile(r"^(?:the\s+)?((?:early|mid|late)[- ])?(\d{3}0s)$", re.IGNORECASE)


_DOUBLED = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)


def tidy(text: str) -> str:
    """No doubled words ("the the", "Name the 3 the three" is caught at the label): stems read clean."""
    return _DOUBLED.sub(lambda m: m.group(1), text)


_MACHINE = re.compile(r"\d{4}-\d{2}|\(\d{4}s?\)")


_ACRONYM = re.compile(r"\b[A-Z][A-Z&]{2,}\b")
_STOP_ACRONYMS = {"THE", "AND", "FOR", "VIP", "AFP", "SAR", "MOU", "GOI", "USA", "UAE", "PDR"}


def tags_for(kind: str, text: str, extra: Iterable[str] = ()) -> tuple[str, ...]:
    """The fact kind plus organisations the sentence names by acronym (SAARC, MLAT, UN...).

    Acronyms are a cheap, language-independent signal of the institutions a
    question is about, which is what aspirants filter on.
    """
    found = [m.group(0) for m in _ACRONYM.finditer(text)]
    orgs = sorted({a for a in found if a not in _STOP_ACRONYMS})
    out = [kind, *extra, *orgs]
    seen: dict[str, None] = {}
    for t in out:
        if t:
            seen.setdefault(t, None)
    return tuple(seen)


def sentence_of(fact: Fact) -> Source:
    """The carrying sentence, or the value's own span when the extractor gave none."""
    return fact.sentence if fact.sentence.quote else fact.source


def covering_source(doc: Document, start: int, end: int) -> Source:
    """A Source for ``doc.text[start:end]``: the quote is always what the file says."""
    return Source(doc.meta.id, start, end, doc.text[start:end])


def topic_for(doc: Document, fact: Fact | None = None, answer: str = "") -> str:
    """The UPSC syllabus heading of an item (`quizapp.banks.topics`), never a headline.

    The fact's label and sentence decide, the title only breaks ties; a heading
    that would show the answer is not used.
    """
    from quizapp.banks.topics import topic_of

    if fact is None:
        return topic_of(squash(doc.meta.title), squash(doc.text[:3000]), answer=answer)
    return topic_of(fact.label or "", _clause_of(fact), tiebreak=squash(doc.meta.title), answer=answer,
                    page=squash(doc.text[:3000]))


# A sentence that strings several matters together ("a series of disputes …, including A; B; C; and D", "no
# record of X, albeit Y"): the fact is about the clause that carries its span, not about its neighbours.
# Where one matter of a sentence ends and the next begins: topics read a fact's own clause, statements assert it.
CLAUSE_BREAK = re.compile(r";\s*|,\s+(?:albeit|although|though|whereas|while|but)\b\s*|\s+[–—]\s+")


def _clause_of(fact: Fact) -> str:
    sentence = sentence_of(fact)
    text, at = sentence.quote, fact.source.start - sentence.start
    if not 0 <= at <= len(text):
        return squash(text)
    start = 0
    for m in CLAUSE_BREAK.finditer(text):
        if m.start() >= at:
            return squash(text[start:m.start()])
        start = m.end()
    return squash(text[start:])


def count_given_away(fact: Fact, facts: Iterable[Fact]) -> bool:
    """Whether the count's own sentence lists that many things, so the blank is answered by counting.

    "Treaties with [how many?], namely, Kyrgyz Republic, Azerbaijan and
    Indonesia" tests nothing; the list's own cards test the same knowledge.
    """
    if fact.kind != "count" or fact.number is None:
        return False
    where = (fact.sentence.start, fact.sentence.end)
    return any(other.kind == "list" and (other.sentence.start, other.sentence.end) == where
               and len(other.members) == fact.number for other in facts)


def frame_year(doc: Document, fact: Fact, facts: Iterable[Fact]) -> bool:
    """Whether a bare year is the document's frame rather than the date of an event, so no card blanks it.

    A bare year equal to the document's own year is the author's "now"
    ("relations are more complex in 2018 than in 1988"): to a reader who does
    not know when it was written, 2017 fills the blank as truly. A bare year
    that an earlier sentence already gave refers back to what that sentence
    dated ("as they did in 1988"): without that sentence, neighbouring years
    fit too. The first sentence with the year keeps its cards.
    """
    if fact.kind != "date" or fact.granularity != "year" or fact.resolved or not fact.value:
        return False
    written = doc.meta.as_of or doc.meta.published
    if written is not None and fact.value == f"{written.year:04d}":
        return True
    return any(other.kind == "date" and other.granularity == "year" and not other.resolved
               and other.value == fact.value and other.sentence.start < fact.sentence.start for other in facts)


# A sentence that leans on the one before: "The last such meetings ...", "He held talks ...",
# "under this programme", "The summit proved ...". "this year" and the like need nothing; "the
# Convention on Mutual Assistance" names what it means.
_LEANS_START = re.compile(r"^(?:this|these|those|such|he|she|they|it|his|her|their|its"
                          r"|the (?:other|remaining) (?:\w+)|the others|the (?:latter|former)|both)\b", re.IGNORECASE)
_LEANS_ANY = re.compile(
    r"\b(?:such(?! as\b)|these|those)\b"
    r"|\bthis\s+(?!year|month|week|time|day|summer|winter|spring|autumn|morning|evening|century|decade)[a-z]"
    r"|\bthe (?:summit|convention|treaty|agreement|programme|program|meeting|visit|exercise|talks)\b"
    r"(?! (?:on|of|for|between|with|in criminal)\b)"
    r"|\bthe (?:grouping|bloc|group)\b(?! of\b)",
    re.IGNORECASE)
_PRONOUN = re.compile(r"\b(?:he|she|his|her|him|they|their|them)\b", re.IGNORECASE)
_SUBJECT_WORDS = 4  # a pronoun this early is the subject's; later ones usually mean a noun of the same sentence
_NAME = re.compile(r"\b[A-Z][A-Za-z]+")
_CONTEXT_DEPTH = 2  # sentences shown before a stem at most
_MAX_CONTEXT = 400  # characters of them


def leans(text: str) -> bool:
    """Whether a sentence names what it is about only in the sentence before it.

    A demonstrative or pronoun after names of the sentence's own ("SAARC ...
    South Asia ... the countries of this area") most likely means one of them;
    one capitalised word ("The Members of this group") is too little to tell.
    """
    text = clean_sentence(text)
    if _LEANS_START.search(text):
        return True

    def named_before(at: int) -> bool:
        return sum(1 for m in _NAME.finditer(text[:at]) if m.start() > 0) >= 2

    marker = _LEANS_ANY.search(text)
    if marker is not None and not named_before(marker.start()):
        return True
    # "During his visit he told ...": a pronoun among the first words, before any name it could stand for.
    pronoun = _PRONOUN.search(text)
    return pronoun is not None and len(text[:pronoun.start()].split()) < _SUBJECT_WORDS and not named_before(pronoun.start())


def label_leans(label: str) -> bool:
    """Whether a list's label needs its sentence's context: any pronoun in a noun phrase points outside it."""
    return leans(label) or _PRONOUN.search(label or "") is not None


def _before(doc: Document, here: Sentence) -> Sentence | None:
    """The sentence before ``here``: in its paragraph or bullet, else the last of the paragraph before.

    News articles put one sentence in a paragraph; a heading, a table row or a
    bare list of names ("USA Uzbekistan Vietnam") is no context.
    """
    same = [s for s in doc.sentences if s.block == here.block and s.end <= here.start]
    if same:
        return same[-1]
    if here.block == 0 or doc.blocks[here.block - 1].kind not in ("paragraph", "bullet"):
        return None
    prev = [s for s in doc.sentences if s.block == here.block - 1]
    if not prev or not re.search(r"[.!?:][”’\"')]*$", prev[-1].text.strip()):
        return None
    return prev[-1]


def in_context(doc: Document, sentence: Source, stem_text: str, answer: str | Iterable[str]) -> str:
    """``stem_text`` after the sentences it refers back to, when they can be shown.

    "During his visit he also told the media that all [how many?] ..." names
    neither Pompeo nor the Quad: the sentence before it, in the paragraph
    before, does. At most two sentences, and never one that contains the
    answer (then what could be shown, or the stem alone: the source sentence
    mostly still pins its answer). The item's source stays the one sentence.
    """
    if not leans(sentence.quote):
        return stem_text
    answers = [answer] if isinstance(answer, str) else list(answer)
    here = next((s for s in doc.sentences if s.start <= sentence.start < s.end), None)
    chain: list[str] = []
    for _ in range(_CONTEXT_DEPTH):
        prev = _before(doc, here) if here is not None else None
        text = clean_sentence(prev.text) if prev is not None else ""
        if not text or any(a.strip() and a.strip() in text for a in answers):
            break  # show what could be shown: the nearer sentence alone still helps
        chain.insert(0, text)
        if not leans(text):
            break
        here = prev
    while chain and len(" ".join(chain)) > _MAX_CONTEXT:
        chain.pop(0)
    context = " ".join(chain)
    return f"{context} {stem_text}" if context else stem_text


# "the Convention", "the grouping", "this summit": a definite noun phrase whose name is earlier in the text.
_HEADS = ("Convention", "Treaty", "Agreement", "Summit", "Grouping", "Group", "Organisation", "Organization",
          "Association", "Programme", "Program", "Dialogue", "Forum", "Initiative", "Conference", "Declaration")
_DEFINITE = re.compile(r"\b(?:[Tt]he|[Tt]his|[Tt]hat)\s+(" + "|".join(_HEADS) + r"|" +
                       "|".join(h.lower() for h in _HEADS) + r")\b(?!\s+(?:on|of|for|between|with)\b|\s+in\s+(?!(?:January|February|March|April|May|June|July"
                       r"|August|September|October|November|December|\d)))")
_CAP = r"(?:[A-Z][\w&’'/-]*|[A-Z]{2,})"
_TAIL = rf"(?:\s+(?:on|of|for|in|against)\s+(?:the\s+)?{_CAP}(?:\s+(?:and\s+|of\s+|in\s+|on\s+|for\s+)?{_CAP})*)?"


def _antecedent(before: str, head: str) -> str | None:
    """The last full name with ``head`` in ``before``: 'SAARC ... a Convention on Mutual Assistance in
    Criminal Matters' -> 'SAARC Convention on Mutual Assistance in Criminal Matters'."""
    from quizapp.banks import names

    cap_head = head[:1].upper() + head[1:].lower()
    pattern = re.compile(rf"((?:{_CAP}\s+){{0,4}})(?:{cap_head}|{head.lower()})({_TAIL})")
    found = None
    for m in pattern.finditer(before):
        mods = [w for w in m.group(1).split() if w not in ("The", "A", "An", "This", "That")]
        if mods or m.group(2).strip():
            found = (m, mods)
    if found is None:
        return None
    m, mods = found
    name = " ".join([*mods, cap_head]) + m.group(2)
    if not mods:
        # "India along with other SAARC countries has signed a Convention on ...": the sentence's organisation
        start = max(before.rfind(". ", 0, m.start()), before.rfind("\n", 0, m.start())) + 1
        orgs = [a for a in _ACRONYM.findall(before[start:m.start()]) if names.kind_of(a) == "organisation"]
        if len(set(orgs)) == 1:
            name = f"{orgs[0]} {name}"
    resolved = _with_parties(squash(name), before[m.end():], head)
    if resolved is None and any(re.search(rf"\b(?:in|at)\s+{re.escape(w)}\b", before) for w in mods):
        # "The Paris Agreement was adopted at COP21 in Paris": an instrument named after the place the page says it
        # was made in is that one, where a "Comprehensive Economic Partnership Agreement" is any of many
        return squash(name)
    return resolved


# "... Agreement (CEPA) between India and Japan", "... Treaty with Azerbaijan": who the instrument binds.
# A party may be a body with an "of" in its name ("between the Ministry of Home Affairs of India and the Ministry of
# Public Security of China"): cut at the first "of", the name read "between the Ministry" (round 13's build).
_PARTY = rf"(?:the\s+)?{_CAP}(?:\s+(?:of\s+(?:the\s+)?)?{_CAP})*"
_PARTIES = re.compile(rf"^\s*(?:\([A-Z][A-Za-z]+\)\s*)?((?:between|with)\s+{_PARTY}(?:\s+and\s+{_PARTY})?)")
# Instruments that many pairs of states sign: the kind alone does not say which one it is.
_PARTY_HEADS = frozenset({"agreement", "treaty", "convention", "declaration", "programme", "program", "dialogue"})


def _names_a_party(name: str) -> bool:
    """Whether a resolved name says whose it is: a state, or an organisation's acronym ("SAARC Convention")."""
    from quizapp.banks import names

    if re.search(r"\b[A-Z]{2,}\b", name):
        return True
    words = re.findall(r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*", name)
    return any(names.kind_of(chunk) == "country" for w in words for chunk in _chunks(w))


def _chunks(phrase: str) -> list[str]:
    parts = phrase.replace("-", " ").replace("–", " ").split()
    return [" ".join(parts[i:j]) for i in range(len(parts)) for j in range(i + 1, min(len(parts), i + 4) + 1)]


def _with_parties(name: str, after: str, head: str) -> str | None:
    """``name`` with the parties the earlier noun phrase gave ("… Agreement between India and Japan").

    "The Agreement" resolved to a kind of instrument many states sign (a Comprehensive Economic
    Partnership Agreement) names none of its parties: the resolution carries them from the earlier
    phrase, and when that phrase gave none, the subject stays unresolved (the gate then holds the item).
    """
    parties = _PARTIES.match(after)
    if parties is not None and parties.group(1).lower() not in name.lower():
        return f"{name} {squash(parties.group(1))}"
    if head.lower() in _PARTY_HEADS and not _names_a_party(name):
        return None
    return name


def _last_organisation(before: str) -> str | None:
    from quizapp.banks import names

    hits = [a for a in _ACRONYM.findall(before[-1200:]) if names.kind_of(a) == "organisation"]
    return hits[-1] if hits else None


_ANTECEDENT_REACH = 600  # characters: a name further back may belong to another event ("the summit")


def _nearby(text: str, start: int) -> str:
    """The text a definite noun phrase may point back into: this paragraph and the one before, at most
    `_ANTECEDENT_REACH` characters. "The summit proved a turning point" after Rajiv Gandhi's 1988 visit
    is not the Wuhan summit three paragraphs up."""
    para = text.rfind("\n\n", 0, start)
    prev = text.rfind("\n\n", 0, para) if para > 0 else -1
    return text[max(prev + 1 if prev >= 0 else 0, start - _ANTECEDENT_REACH):start]


def name_subjects(doc: Document, sentence: Source, text: str) -> str:
    """``text`` with "the Convention" / "the grouping" replaced by the full name given earlier.

    Only names the document itself gave before the sentence are used; what
    cannot be named is left, and `stem_context` then shows the sentence before
    or makes no item.
    """
    before = _nearby(doc.text, sentence.start)

    def sub(m: re.Match[str]) -> str:
        head = m.group(1)
        name = _antecedent(before, head)
        if name is None and head.lower() in ("grouping", "group", "organisation", "organization", "association"):
            name = _last_organisation(before)
        if name is None or name.lower() in text.lower():
            return m.group(0)
        if re.fullmatch(r"[A-Z]{2,}[a-z]?", name):
            return name  # an acronym takes no article: "joined BRICS", not "joined the BRICS"
        return ("The " if m.group(0)[0].isupper() and m.start() == 0 else "the ") + name

    text = _DEFINITE.sub(sub, text)

    def owner(m: re.Match[str]) -> str:
        # "the Convention on Mutual Assistance in Criminal Matters" after "India along with other SAARC countries
        # has signed a Convention on Mutual Assistance …": the full name is SAARC's, and says whose it is
        name = _antecedent(before, m.group("head"))
        phrase = squash(m.group(0)[m.start("head") - m.start():])
        if name is None or not name.endswith(phrase) or name == phrase or name.lower() in text.lower():
            return m.group(0)
        return m.group(0)[:m.start("head") - m.start()] + name

    text = _NAMED_INSTRUMENT.sub(owner, text)

    def whose(m: re.Match[str]) -> str:
        # "the Reserve Bank" on a page that says "Reserve Bank of India": the body in full, as a stem read cold
        # needs it (round 22b's reader); only a name the page itself writes out, and only the one it writes
        short = m.group("short")
        found = {f.group(1) for f in re.finditer(rf"\b{re.escape(short)} of ((?:the )?[A-Z][a-z]+)\b", doc.text)}
        if len(found) != 1 or f"{short} of" in text:
            return m.group(0)
        return f"{m.group('the')} {short} of {found.pop()}"

    text = _SHORT_BODY.sub(whose, text)
    return _name_it(doc, sentence, text)


def _name_it(doc: Document, sentence: Source, text: str) -> str:
    """"It" as its sentence's subject, named when the sentence is a bullet under a headed section whose
    subject is plain (`sections.section_subject`): "the seven States in which Atal Bhujal Yojana will be …"."""
    from quizapp.banks.generate.sections import IT_SUBJECT, section_subject
    from quizapp.banks.segment import sentence_at

    if not sentence.quote.lstrip("-•*– ").startswith("It ") or IT_SUBJECT.search(text) is None:
        return text
    name = section_subject(doc, sentence_at(doc, sentence.start))
    if name is None or name in text:
        return text

    def sub(m: re.Match[str]) -> str:
        if m.start() == 0:
            return name
        return "the" + name[3:] if name.startswith("The ") else name

    return IT_SUBJECT.sub(sub, text, count=1)


# "the Reserve Bank", "the Election Commission": a body the page names in full elsewhere ("… of India")
_SHORT_BODY = re.compile(r"\b(?P<the>[Tt]he) (?P<short>(?:[A-Z][a-z]+ ){1,2}(?:Bank|Commission|Council|Court|Authority|"
                         r"Board|Institute|Corporation|Agency|Bureau|Survey))\b(?! of\b)")


_NAMED_INSTRUMENT = re.compile(rf"\b[Tt]he\s+(?P<head>Convention|Treaty|Agreement|Declaration)\s+(?:on|of|for|against)\s+"
                               rf"{_CAP}(?:\s+(?:and\s+|of\s+|in\s+|on\s+|for\s+)?{_CAP})*")


def stem_context(doc: Document, sentence: Source, stem_text: str, answer: str | Iterable[str]) -> str | None:
    """A stem a candidate can read cold, or None.

    The subject is named (`name_subjects`); a sentence that still refers back
    ("He held talks ...") is shown after the sentence(s) it leans on
    (`in_context`); when nothing can be shown, no item is made.
    """
    text = read_cold(doc, sentence, name_subjects(doc, sentence, stem_text), answer)
    probe = read_cold(doc, sentence, name_subjects(doc, sentence, clean_sentence(sentence.quote)))
    if not leans(probe):
        return text
    out = in_context(doc, sentence, text, answer)
    return None if out == text else out


# -- stems that read cold: what a candidate sees without the page around it -------------------------

# Additive openers that only join a sentence to the one before; what follows names its own subject.
_ADDITIVE = re.compile(r"^(?:Further(?:more)?|Also|Additionally|Moreover|In addition|Significantly)\s*,?\s+"
                       r"(?=[A-Z0-9])(?!(?:This|These|Those|Such|He|She|They|It|His|Her|Their|Its|The)\b)")
# Household abbreviations need no spelling out (a setter writes "SAARC", never its expansion).
HOUSEHOLD_ABBREVIATIONS = frozenset({
    "UN", "USA", "UK", "EU", "ASEAN", "SAARC", "BRICS", "BRIC", "BIMSTEC", "NATO", "WTO", "IMF", "WHO", "UNESCO",
    "UNICEF", "SCO", "OPEC", "APEC", "G7", "G20", "NSG", "MTCR", "IAEA", "UNSC", "UNGA", "ISRO", "RBI", "USSR",
    "NASA", "CEO", "GDP", "NOT", "ALL", "NONE", "AIDS", "HIV", "COVID", "OECD", "BJP", "ICJ", "ICC", "UNHRC", "NDB",
    "AIIB", "IT"})
_ABBR_USE = re.compile(r"\b([A-Z][A-Z0-9]{2,})(s?)\b")
_ABBR_STOP = frozenset({"of", "and", "for", "the", "on", "in", "to", "&"})
_PLURAL_DEMONSTRATIVE = re.compile(r"\b([Tt]hese|[Tt]hose|[Ss]uch)\s+(Treaties|Conventions|Agreements|Summits|Dialogues)\b")
_PREP_BEFORE = re.compile(r"\b(?:in|on|of|during|since|from|by|until|till|before|after|at|the)\s*$", re.IGNORECASE)


def _spelt_out(doc: Document, abbrev: str) -> str | None:
    """The name the document gives ``abbrev``: "Full Name (ABBR)", else a capitalised run of words
    whose initials are exactly its letters ("Joint Working Groups" for JWG); None when it gives none."""
    letters = abbrev.rstrip("0123456789")
    bracketed = re.compile(r"((?:[A-Z][\w’'-]*\s+(?:(?:of|and|for|the|on|in|&)\s+)*){1,9})\(" + re.escape(abbrev) + r"s?\)")
    runs = [m.group(1).strip() for m in bracketed.finditer(doc.text)]
    runs += [m.group(0) for m in re.finditer(r"\b[A-Z][\w’'-]*(?:\s+(?:(?:of|and|for|the|on|in|&)\s+)*[A-Z][\w’'-]*)+",
                                                doc.text)]
    for run in runs:
        words = run.split()
        for i in range(len(words)):
            for j in range(i + 1, len(words) + 1):
                part = words[i:j]
                if part[0].lower() in _ABBR_STOP or part[-1].lower() in _ABBR_STOP:
                    continue
                if "".join(w[0] for w in part if w.lower() not in _ABBR_STOP) == letters and all(
                        w[0].isupper() or w.lower() in _ABBR_STOP for w in part) and len(part) > 1:
                    name = " ".join(part)
                    return name if name.upper() != name else None
    return None


_FOUNDED_ABBREVIATION = re.compile(r"^(?P<ask>In which (?:month and )?year|On what date) (?P<aux>was|were) "
                                   r"(?P<the>the )?(?P<abbr>[A-Z][A-Z0-9]{2,}) (?P<verb>set up|founded|established|formed)\b")


def name_founded(doc: Document, question: str) -> str:
    """"In which year was the MTCR set up" names the body whole when the page does: "the Missile Technology
    Control Regime (MTCR)" (round 14's reader). Elsewhere a household abbreviation stays bare, but the
    question of a body's founding is asked of its name, as a paper asks it."""
    m = _FOUNDED_ABBREVIATION.match(question)
    if m is None:
        return question
    name = _spelt_out(doc, m["abbr"])
    if name is None or _a_state(m["abbr"], name):
        return question
    return question[:m.start("the") if m["the"] else m.start("abbr")] + f"the {name} ({m['abbr']})" + question[m.end("abbr"):]


def _number(name: str, plural: bool) -> str:
    """'Joint Working Groups' for one JWG is 'Joint Working Group'; MLATs are Treaties."""
    head, _, last = name.rpartition(" ")
    if plural and not last.endswith("s"):
        last = last[:-1] + "ies" if last.endswith("y") else last + "s"
    elif not plural and last.endswith("ies"):
        last = last[:-3] + "y"
    elif not plural and last.endswith("s") and not last.endswith("ss"):
        last = last[:-1]
    return f"{head} {last}".strip()


# "a positive IOD": a determiner, then up to two lower-case modifiers
_DETERMINER_BEFORE = re.compile(r"\b(?:a|an|the|its|their|his|her|our|this|that|each|every|one|any|no)\s+"
                                r"(?:[a-z][\w-]*\s+){0,2}$", re.I)
# "IOD is an Indian Ocean phenomenon": a singular verb after it says the source means one
_SINGULAR_VERB_AFTER = re.compile(r"^\s+(?:is|was|has|does)\b")


def _a_state(abbrev: str, name: str) -> bool:
    from quizapp.banks import names

    return "country" in (names.kind_of(abbrev), names.kind_of(name), names.kind_of("the " + name))


def spell_out(doc: Document, text: str, answer: str | Iterable[str] = (), inline: bool = False) -> str:
    """``text`` with each abbreviation a candidate may not know spelt out on first use, in brackets.

    "MLATs with Myanmar ..." -> "MLATs [Mutual Legal Assistance Treaties] with Myanmar ...": the
    brackets are the editor's, so the quote still reads as the source wrote it. Only names the
    document itself gives are used, and never one that contains the answer.

    ``inline`` is for the generator's own words (a question, not a quote): there the bracket is
    machine notation to a reader ("JWG [Joint Working Group]"), so the name is written as a paper
    writes it, "Joint Working Groups (JWGs)".
    """
    answers = [answer] if isinstance(answer, str) else list(answer)
    done: set[str] = set()
    out: list[str] = []
    last = 0
    for m in _ABBR_USE.finditer(text):
        abbrev, plural = m.group(1), bool(m.group(2))
        if abbrev in HOUSEHOLD_ABBREVIATIONS or abbrev in done:
            continue
        done.add(abbrev)
        if f"({abbrev})" in text or f"({abbrev}s)" in text:
            continue
        name = _spelt_out(doc, abbrev)
        if name is None or name.lower() in text.lower() or _a_state(abbrev, name):
            continue  # a state is known by its abbreviation, and "Emirates" made singular is no state's name
        name = _number(name, plural)
        if any(a.strip() and a.strip().lower() in name.lower() for a in answers):
            continue
        if inline:
            # a bare singular count noun ("for setting up JWG on …") is the source's shorthand for the plural
            bare = (not plural and not _DETERMINER_BEFORE.search(text[:m.start()])
                    and not _SINGULAR_VERB_AFTER.match(text[m.end():]))
            if bare:
                name = _number(name, True)
            out.append(text[last:m.start()] + f"{name} ({m.group(0)}{'s' if bare else ''})")
        else:
            out.append(text[last:m.end()] + f" [{name}]")
        last = m.end()
    return "".join(out) + text[last:]


def absolute_times(doc: Document, text: str, answer: str | Iterable[str] = ()) -> str:
    """``text`` with each relative time the page resolves replaced by the date, in brackets.

    "Last month Pompeo told ..." -> "[In September 2020] Pompeo told ...", "April this year" ->
    "[April 2018]": the stem is as absolute as its answer, and the brackets show the editor's hand.
    A date that would show the answer ("today" beside a blanked year) is left, and the gate holds.
    """
    from quizapp.banks.extract.dates import SHIFTING_WORDS, display_date, document_anchor, find_dates

    anchor = document_anchor(doc)
    if anchor is None or not SHIFTING_WORDS.search(text):
        return text
    answers = [a.strip() for a in ([answer] if isinstance(answer, str) else answer) if a.strip()]
    out = text
    for d in sorted(find_dates(text, anchor), key=lambda d: -d.start):
        written = text[d.start:d.end]
        if not d.resolved or not d.value or not SHIFTING_WORDS.search(written):
            continue
        shown = display_date(d.value, d.granularity, written)
        if shown is None or any(a in shown or shown in a for a in answers):
            continue
        lead = re.match(r"(?i)(on|in|during|since|from|by|until)\s+", written)
        if lead:
            phrase = f"{lead.group(1)} {shown}"
        else:
            prep = "" if _PREP_BEFORE.search(text[:d.start]) else "on" if d.granularity == "day" else "in"
            phrase = f"{prep} {shown}".strip()
        if not out[:d.start].strip() or re.search(r"[.!?“\"]\s*$", out[:d.start]):
            phrase = phrase[:1].upper() + phrase[1:]
        out = out[:d.start] + f"[{phrase}]" + out[d.end:]
    return out


def name_plural_demonstrative(doc: Document, sentence: Source, text: str) -> str:
    """"these Treaties" -> "the Mutual Legal Assistance Treaties in Criminal Matters" when the page named
    them in full earlier in the same or the previous paragraph."""
    before = doc.text[max(0, sentence.start - 2 * _ANTECEDENT_REACH):sentence.start]

    def sub(m: re.Match[str]) -> str:
        name = _antecedent(before, m.group(2))
        if name is None or name.lower() in text.lower() or len(name.split()) < 2:
            return m.group(0)
        return ("The " if m.group(1)[0].isupper() and m.start() == 0 else "the ") + name

    return _PLURAL_DEMONSTRATIVE.sub(sub, text)


def read_cold(doc: Document, sentence: Source, text: str, answer: str | Iterable[str] = ()) -> str:
    """A sentence made readable without its page, by rules over its shape only.

    An additive opener that leans on the sentence before is dropped ("Further India along with ..."),
    "these Treaties" is named, abbreviations are spelt out on first use, and relative times become the
    dates the page resolves. Everything added sits in brackets, so the quote stays the source's.
    """
    text = _ADDITIVE.sub("", text, count=1)
    text = name_plural_demonstrative(doc, sentence, text)
    text = spell_out(doc, text, answer)
    return absolute_times(doc, text, answer)


# -- s24 precision: the agent of an agentless clause, and learner-facing text without doubled words ----

# "countries with which Mutual Legal Assistance Treaties … have been signed but are yet to be ratified":
# a passive relative clause with no "by": who signed is left to the reader.
PASSIVE_WITH_WHICH = re.compile(
    r"\b(?:with|by|to|from) (?:which|whom)\b(?P<clause>[^,;?.]*?)\b(?:(?:has|have|had) been|is|are|was|were)\s+"
    r"(?P<verb>(?!being\b)[a-z]+(?:ed|en|gned|ght|wn|ne))\b(?!\s+by\b)")
# "is the nodal ministry", "is the Central Authority": an office of a state that names no state.
UNOWNED_OFFICE = re.compile(r"\b(?P<lead>is|as|are|was) the (?P<office>(?:[Nn]odal|[Cc]entral|[Aa]pex|[Dd]esignated)"
                            r"\s+(?:[Mm]inistry|[Aa]uthority|[Aa]gency|[Bb]ody|[Dd]epartment))\b")
_SUBJECT_REACH = 6  # sentences back: an agent further away belongs to another passage


def countries_named(text: str) -> list[str]:
    """The states a text names, canonical, each once (the longest name of each capitalised run)."""
    return _countries(text)


def _countries(text: str) -> list[str]:
    from quizapp.banks import names

    found: list[str] = []
    for run in re.findall(r"[A-Z][\w’'.-]*(?:\s+(?:of\s+|and\s+|the\s+)?[A-Z][\w’'.-]*)*", text):
        for chunk in sorted(_chunks(run), key=lambda c: -len(c)):
            if names.kind_of(chunk) == "country":
                canonical = names.normalise(chunk) or chunk
                if canonical not in found:
                    found.append(canonical)
                break
    return found


def subject_country(text: str) -> str | None:
    """The state a sentence is about when it is its grammatical subject: "India has so far …",
    "Further India along with other SAARC countries has signed …"; None otherwise."""
    from quizapp.banks import names

    body = _ADDITIVE.sub("", clean_sentence(text), count=1)
    m = re.match(r"(?:The\s+)?((?:[A-Z][\w’'.-]*\s+){0,3}?[A-Z][\w’'.-]*)\s+(?=[a-z])", body)
    if m is None or names.kind_of(m.group(1)) != "country":
        return None
    return names.normalise(m.group(1)) or m.group(1)


def _publisher_state(doc: Document) -> str | None:
    gov = re.search(r"\bGovernment of ((?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)", doc.meta.publisher or "")
    states = _countries(gov.group(1)) if gov is not None else []
    return states[0] if len(states) == 1 else None


def office_agent(doc: Document, at: int) -> str | None:
    """Whose office "the nodal ministry" is: on a government's own page, that government's; else `agent_of`."""
    return _publisher_state(doc) or agent_of(doc, at)


def agent_of(doc: Document, at: int) -> str | None:
    """Who acts in an agentless clause at offset ``at``, from the document's own text.

    In order: the subject of the nearest earlier sentence whose subject is a state (the sentence that
    introduces the list: "India has so far operationalised these Treaties with …"); the one state the
    title names ("How India seeks evidence abroad"); the government the publisher belongs to
    ("Ministry of Home Affairs, Government of India"). None when the text gives none of these.
    """
    earlier = [s for s in doc.sentences if s.end <= at][-_SUBJECT_REACH:]
    for s in reversed(earlier):
        found = subject_country(s.text)
        if found is not None:
            return found
    in_title = _countries(doc.meta.title or "")
    if len(in_title) == 1:
        return in_title[0]
    return _publisher_state(doc)


def _possessive(name: str) -> str:
    return f"{name}’" if name.endswith("s") else f"{name}’s"


def needs_agent(text: str) -> bool:
    """Whether text outside quotes has an agentless passive list clause or an office that names no state."""
    plain = _QUOTE_SPAN.sub("", text)
    for m in PASSIVE_WITH_WHICH.finditer(plain):
        if not _countries(m.group("clause")):
            return True
    return any(not _owned_office(plain, m) for m in UNOWNED_OFFICE.finditer(plain))


_OFFICE_OF = re.compile(r"\s+of\s+((?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)")


def _owned_office(text: str, m: re.Match[str]) -> bool:
    """Whether the office names its state, before it or right after it ("the Central Authority of India")."""
    after = _OFFICE_OF.match(text, m.end())
    return bool(_countries(text[:m.start()]) or (after is not None and _countries(after.group(1))))


def name_agent(text: str, agent: str) -> str:
    """``text`` (outside its quotes) with the agent named: "have been signed by India", "is India's nodal …"."""
    def passive(m: re.Match[str]) -> str:
        if _countries(m.group("clause")):
            return m.group(0)
        return f"{m.group(0)} by {agent}"

    def fix(part: str) -> str:
        out = PASSIVE_WITH_WHICH.sub(passive, part)
        m = UNOWNED_OFFICE.search(out)
        if m is not None and not _owned_office(out, m):
            out = f"{out[:m.start()]}{m.group('lead')} {_possessive(agent)} {m.group('office')}{out[m.end():]}"
        return out

    return outside_quotes(text, fix)


_QUOTE_SPAN = re.compile(r"“[^”]*”")


def outside_quotes(text: str, fix: Callable[[str], str]) -> str:
    """``fix`` applied to the editor's words only: a quotation stays as the source wrote it."""
    out: list[str] = []
    last = 0
    for m in _QUOTE_SPAN.finditer(text):
        out.append(fix(text[last:m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(fix(text[last:]))
    return "".join(out)


def doubled_word(text: str) -> bool:
    """A word written twice running ("one of the the seven members") outside the quotes."""
    return bool(_DOUBLED.search(_QUOTE_SPAN.sub("“”", text)))


_SMALL_COUNT = re.compile(r"\b([Tt]he) ([2-9]|10)(?= [a-z])")
_NUMBER_WORDS = {"2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven", "8": "eight", "9": "nine",
                 "10": "ten"}


def count_words(text: str) -> str:
    """"Name the 3 countries" -> "Name the three countries": a paper writes small counts in words."""
    return _SMALL_COUNT.sub(lambda m: f"{m.group(1)} {_NUMBER_WORDS[m.group(2)]}", text)


# "In which month and year was Delhi recaptured by the British, according to the source?": a page with neither
# publisher nor date gives a candidate nothing to look up, and round 24's reader struck it from every such stem.
# A time-bound fact is no better dated by it: the gate reads only a dated attribution as one.
_NO_SOURCE = re.compile(r",\s+according to the source(?=[?.]$)")


def finish(doc: Document, item: Item) -> Item:
    """The last pass over an item's learner-facing text: no doubled word, every agent named.

    The stem, the options and the explanation outside its quotation are tidied, small counts in words
    ("Name the three countries"). A passive list clause
    or an office with no state ("with which … have been signed", "the nodal ministry") gets its agent
    from the document's text (`agent_of`); when the text gives none, the item is left as it is and the
    gate holds it (``unresolved_agent``).
    """
    from dataclasses import replace

    stem = _NO_SOURCE.sub("", outside_quotes(tidy(item.stem), count_words))
    explanation = outside_quotes(item.explanation, lambda t: count_words(tidy(t)))
    options = tuple(tidy(o) for o in item.options)
    if item.type != "essay" and needs_agent(stem):
        passive = any(not _countries(m.group("clause")) for m in PASSIVE_WITH_WHICH.finditer(_QUOTE_SPAN.sub("", stem)))
        agent = (agent_of if passive else office_agent)(doc, item.source.start)
        if agent is not None:
            stem = name_agent(stem, agent)
            explanation = name_agent(explanation, agent)
            options = tuple(name_agent(o, agent) for o in options)
    return replace(item, stem=stem, explanation=explanation, options=options)


# A notes bullet that has lost its subject to the heading above it: "Named after Sir Gilbert Walker, …" (round
# 16's reader), "Revived in the 20th century by E. Krishna Iyer …", "Inserts a new Part IX …", "Adds the Eleventh
# Schedule …" (round 19's). A verb opens it, in the past participle or the third person, before an article or a
# preposition, and no auxiliary follows that could make the first word a subject ("Elections in India are held").
_HEADLESS_PARTICIPLE = re.compile(r"^(?:Named|Measured|Called|Known|Defined|Located|Situated|Caused|Marked|"
                                  r"Characteri[sz]ed|Observed|Declared|Identified)\s+(?:after|by|as|in|at|for)\b")
_HEADLESS_VERB = re.compile(r"^(?P<verb>[A-Z][a-z]+(?:[^siuo\W]s|ed))\s+(?:a|an|the|in|by|for|to|not|from|with|on|at|"
                            r"as|up|out|over|into|its|their|his|her|that|no|all|any|every|each|one|two|three)\b")
_AUXILIARY = re.compile(r"\b(?:is|are|was|were|has|have|had|will|shall|can|may|must|would|could|should|does|do|did)\b")


def headless(text: str) -> bool:
    """Whether a line is a bullet's predicate without its subject, which no reader can take cold."""
    text = text.lstrip("\"'‘“ ")
    if _HEADLESS_PARTICIPLE.match(text):
        return True
    m = _HEADLESS_VERB.match(text)
    # the auxiliary of the main clause: "that may be devolved" after a comma is a relative clause's
    if m is None or _AUXILIARY.search(re.split(r",|\b(?:that|which|who|whose|where)\b", text, maxsplit=1)[0]):
        return False
    from quizapp.banks.extract.common import is_country

    return not is_country(m["verb"])  # "Maldives in 2012 hosted …" opens with its subject


# A study note's "label: text" or lettered sub-item: "(b) Independent member: if he joins …", "_____ on Electoral
# Reforms (1990): disqualification should be …". A fragment, not a sentence a candidate can read as a statement
# or a model answer's point (session 26's holdout). The label has no verb of its own ("The Members of this group
# are: …" is a sentence), and a heading's label before a whole sentence ("Wuhan reset: Prime Minister …") stays.
NOTE_SHAPE = re.compile(r"^\s*(?:\(?[a-zA-Z]{1,3}\)|\(?[ivxIVX]{1,4}\))\s"
                        r"|^\s*(?:1[5-9]|20)\d\d\s*[-–—]\s+\S"  # a timeline's entry, "1992 - Parliament passes the bill"
                        r"|^(?!(?:[^:]*?)\b(?:[Ii]s|[Aa]re|[Ww]as|[Ww]ere|[Hh]as|[Hh]ave|[Hh]ad|[Ww]ill|[Ss]hall|[Cc]an|[Mm]ay"
                        r"|[Mm]ust|[Cc]omprises?|[Ii]ncludes?)\b)[^.:;]{2,80}?(?:\([^)]*\))?\s*:\s+[a-z]")
