"""Shared rules for every item generator: ids, topics, tags, blanks, citations.

Kept in one place so that all item types agree on what makes an id stable and
how a stem names its (time-dependent) source.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable

from quizapp.banks.types import Document, DocumentMeta, Fact, Sentence, Source

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


def clean_sentence(text: str) -> str:
    """Drop bullet glyphs and layout whitespace so a sentence reads as a stem."""
    return squash(_BULLET.sub("", text))


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
    before = _WS.sub(" ", _BULLET.sub("", before))
    after = _WS.sub(" ", after)
    # keep the text around the blank short enough to read on a card
    if len(before) > _MAX_STEM_CONTEXT // 2:
        cut = before[-(_MAX_STEM_CONTEXT // 2):]
        before = "…" + cut[cut.find(" ") + 1:] if " " in cut else "…" + cut
    if len(after) > _MAX_STEM_CONTEXT // 2:
        cut = after[:_MAX_STEM_CONTEXT // 2]
        after = (cut[: cut.rfind(" ")] if " " in cut else cut) + "…"
    return squash(f"{before}{filler}{after}")


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


def as_stated(meta: DocumentMeta) -> str:
    """The clause that dates a time-dependent stem: facts like lists of treaties change."""
    when = period(meta)
    who = publisher_phrase(meta)
    if meta.publisher:
        return f"as stated by {who}" + (f" ({when})" if when else "")
    return f"as stated in {who}" + (f" ({when})" if when else "")


def cite(meta: DocumentMeta, quote: str, limit: int = 400) -> str:
    """The explanation's citation: who said it and the words they used."""
    text = squash(quote)
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    who = meta.publisher or squash(meta.title)
    when = period(meta)
    return f"Source: {who}" + (f" ({when})" if when else "") + f": “{text}”"


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


_TITLE_WORD = re.compile(r"[A-Z][\w’'&.-]*")


def topic_for(doc: Document) -> str:
    """A short, consistent topic from the title: 'India–China relations' when the
    title pairs India with another country, else the title in sentence case.

    Topics are what a student filters by, so two articles about the same pair of
    countries must land on the same string whatever their headlines say.
    """
    from quizapp.banks.generate.distractors import is_country, normalise  # no import cycle at load

    title = squash(doc.meta.title)
    words = _TITLE_WORD.findall(title)
    found: list[str] = []
    i = 0
    while i < len(words):
        for n in (3, 2, 1):
            chunk = " ".join(words[i:i + n])
            if len(words[i:i + n]) == n and is_country(chunk):
                name = normalise(chunk) or chunk
                if name not in found:
                    found.append(name)
                i += n
                break
        else:
            i += 1
    india = normalise("India") or "India"
    others = [c for c in found if c != india]
    if india in found and others:
        other = others[0]
        short = {"United States": "US", "United States of America": "US", "United Kingdom": "UK"}.get(other, other)
        return f"India–{short} relations"
    parts = title.split(" ")
    out = [parts[0]] + [p if (p.isupper() or is_country(p.strip(",:;'‘’"))) else p.lower() for p in parts[1:]]
    return " ".join(out)


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
_LEANS_START = re.compile(r"^(?:this|these|those|such|he|she|they|it|his|her|their|its)\b", re.IGNORECASE)
_LEANS_ANY = re.compile(
    r"\b(?:such(?! as\b)|these|those)\b"
    r"|\bthis\s+(?!year|month|week|time|day|summer|winter|spring|autumn|morning|evening|century|decade)[a-z]"
    r"|\bthe (?:summit|convention|treaty|agreement|programme|program|meeting|visit|exercise|talks)\b"
    r"(?! (?:on|of|for|between|with|in criminal)\b)",
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
