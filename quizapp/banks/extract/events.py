"""Event facts: what a sentence's own structure says happened, to whom, where and when.

Why: news copy states its facts as events ("X and Y signed their first-ever
…", "A co-chaired the … with B … in New Delhi", "the SAARC Secretariat is based
in Kathmandu"), not as dates, counts or lists, so without these a press release
yields almost nothing worth asking. Each rule matches one unambiguous shape;
a sentence that fits none, or fits with a hedge ("could", "may", "seems"),
gives no fact. The answer is always a span of the sentence (``source``), and
the parts a question needs are kept in ``extra`` so the generator can ask a
whole question without re-reading the text. Dates come from the date facts of
the same sentence, already resolved to absolute ones by ingest.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from quizapp.banks import names
from quizapp.banks.extract.common import is_country as _is_country
from quizapp.banks.extract.common import make_fact, squash
from quizapp.banks.types import Document, Fact, Sentence

_HEDGE = re.compile(r"\b(?:could|may|might|would|seems?|appears?|perhaps|likely|possibly|probably|reportedly|"
                    r"allegedly|if|unless|whether)\b|\?")  # case kept: "May" is a month
_RELATIVE_DATE = re.compile(r"\b(?:last|next|this|previous|coming)\s+(?:month|week)\b", re.I)
# Each word of a name ends at its separator: with the separator optional, a run of capitals ("MEA's CPV
# Division …") split a thousand ways before failing, and one FAQ page took minutes (session 26's holdout).
_NAME = r"(?:[A-Z][\w’'&.-]*(?:\s+(?:of|for|and|on|the|in|de|&)\s+|\s+))*[A-Z][\w’'&-]*"
_COUNTRY = r"(?:[Tt]he\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,2}"
_PLACE = r"[A-Z][a-z]+(?:\s+[A-Z][a-zA-Z]+){0,3}"
_ORDINAL = (r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))")

Rule = Callable[[str], "tuple[int, int, dict[str, Any]] | None"]


def _two_countries(a: str, b: str) -> bool:
    return _is_country(a) and _is_country(b) and not names.same(a.strip(), b.strip())


# "India and China signed their first ever internal security cooperation agreement"
# "India and the United States signed a pact on Tuesday to share sensitive satellite and map data"
_SIGNED_BY_TWO = re.compile(
    rf"(?:^|,\s+|\.\s+)(?P<ans>(?P<a>{_COUNTRY}) and (?P<b>{_COUNTRY})) signed (?P<det>their|a|an) "
    r"(?P<what>(?:first[- ]ever |first )?(?:[a-z][\w -]*? )?(?:agreement|treaty|pact|deal|MoU|memorandum|convention))"
    r"(?P<tail>(?:\s+on \w+)?\s+to [a-z][\w ,-]*?)?(?=[,.;]|\s+marking\b|\s+as\b|\s+amid\b|$)")
# "The United States and India are preparing to sign an agreement to share satellite intelligence"
_PLAN_TWO = re.compile(
    rf"^(?P<ans>(?P<a>{_COUNTRY}) and (?P<b>{_COUNTRY})) (?:are|were) (?:preparing|set|due|scheduled|poised) to sign "
    r"(?P<what>(?:a|an) (?:[a-z][\w -]*? )?(?:agreement|treaty|pact|deal|MoU|memorandum|convention)(?: to [a-z][\w -]*)?)"
    r"(?=[,.;]|$)")
# "China and India launched their first joint training program for 10 Afghan diplomats at the … Institute"
# "China and India held the high-level meeting on law enforcement and security for the first time"
_FIRST_TWO = re.compile(
    rf"(?:^|,\s+)(?P<ans>(?P<a>{_COUNTRY}) and (?P<b>{_COUNTRY})) (?P<verb>launched|held|set up|established|conducted) "
    r"(?:their|the|a|an) (?P<first>first )?(?P<what>[a-z][\w -]*?(?:for [\w ]+?)?(?: at the [A-Z][\w ]+)?)"
    r"(?P<time> for the first time)?(?=[,.;]|$)")
# "The SAARC Secretariat is based in Kathmandu (Nepal)."  "The New Development Bank, headquartered in Shanghai, …"
_BASED = re.compile(
    rf"^(?P<subj>(?:The\s+)?{_NAME})(?:\s+(?:is|are)\s+(?:based|headquartered|located|situated)\s+in|,\s+headquartered\s+in)"
    rf"\s+(?P<ans>{_PLACE})(?=[\s,.(])")
# "SAARC is the only regional organization for cooperation in South Asia."
_ONLY = re.compile(rf"^(?P<ans>(?:The\s+)?{_NAME}) is the only (?P<what>[a-z][\w -]*?(?: (?:in|of|for) [\w -]+?)?)\.?$")
# "The Ministry of Home Affairs is the nodal Ministry for concluding Mutual Legal Assistance Treaties …"
_NODAL = re.compile(
    rf"^(?P<ans>(?:The\s+)?{_NAME}) is the nodal (?P<noun>[Mm]inistry|[Aa]uthority|[Aa]gency|[Bb]ody)"
    r"(?P<what>(?: and the [A-Z][\w ]+?)? for [^,;]+?)(?=\s+which\b|\s+that\b|,|\.|$)")
# "Prime Minister Narendra Modi and Chinese President Xi Jinping held an informal summit in Wuhan, China, in April …"
_SUMMIT_IN = re.compile(
    rf"^(?:[A-Z][\w ]*?:\s+|In [A-Z][a-z]+(?: this year| (?:1[89]|20)\d\d)?,\s+)?(?P<who>{_NAME}(?: and {_NAME})?) "
    rf"(?:also )?held an? (?:successful |historic |landmark )?(?P<what>(?:informal |annual |"
    rf"bilateral |first )?(?:summit|dialogue|meeting))(?P<with> with {_NAME})? in (?P<ans>[A-Z][a-z]+)(?=[\s,]|\.?$)")
# "… the second Homeland Security Dialogue between India and USA which was held on 21st May, 2013 in Washington DC"
_NAMED_HELD = re.compile(
    rf"(?P<what>the {_ORDINAL} (?:{_NAME}\s+)?(?:Dialogue|Summit|Meeting|Conference)(?: between {_COUNTRY} and "
    rf"{_COUNTRY})?),?\s+(?:which\s+)?(?:was|were) held (?:on .{{0,30}}?\d{{4}},? )?in (?P<ans>{_PLACE})(?=[\s,.]|$)")
# "On 4th April2013, a Treaty on Mutual Legal Assistance in Criminal Matters was signed between India and Azerbaijan"
_SIGNED_BETWEEN = re.compile(
    rf"(?P<what>(?:a|an) (?:Treaty|Agreement|Convention|Memorandum of Understanding|MoU|Protocol)(?: on| of| for)"
    rf" [A-Z][\w ]*?) was signed between India and (?P<ans>{_COUNTRY})(?P<place> in {_PLACE})?(?=[\s,.]|$)")
# "Co-chaired": "A co-chaired the first India-China High Level Meeting on … with Mr. B, <office> … in New Delhi."
_CO_CHAIRED = re.compile(
    r"^(?P<who>[A-Z][\w ’'.]+?) co-chaired (?P<what>the [^,]+?) with (?:(?:Mr|Ms|Mrs|Dr|Shri|Smt)\.?\s+)?"
    r"(?P<ans>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2})\b(?P<rest>[^.]*?)\s+in (?P<place>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\.?$")
# "The Extradition Act, 1962 governs the extradition of fugitives from India"
_GOVERNS = re.compile(r"^(?P<ans>The [A-Z][\w ]*? Act,? (?:1[89]|20)\d\d) (?:governs|regulates|provides for) "
                      r"(?P<what>[a-z][^,;]+?)(?=,|\.|\s+and\s+[a-z]+\s+(?:are|is)\b|$)")
# "India became the 35th member of the Missile Technology Control Regime (MTCR) on Monday."
_NTH_MEMBER = re.compile(rf"^(?P<who>{_COUNTRY}) became the (?P<ans>\d+(?:st|nd|rd|th)) member of "
                         rf"(?P<what>the {_NAME}(?: \([A-Z]+\))?)")
# "The BIMSTEC Charter was signed at the fifth summit, hosted by Sri Lanka in Colombo on 30 March 2022."
_SIGNED_IN = re.compile(
    r"^(?P<subj>The (?:[A-Z][\w-]* )*?(?:Charter|Agreement|Treaty|Convention|Declaration|Accord|Protocol|MoU))"
    r"(?: \([A-Z]+\))? was signed (?:at [^,]+?,\s+hosted by [A-Z]\w+(?: [A-Z]\w+)? )?in "
    rf"(?P<ans>{_PLACE}) on ")
_HONORIFIC = re.compile(r"\b(?:Shri|Smt\.?|Mr\.|Ms\.|Mrs\.|Hon[’']ble)\s+")


def _dates_in(sent: Sentence, dates: Sequence[Fact]) -> list[Fact]:
    return [d for d in dates if d.sentence.start == sent.start and d.extra.get("display")
            and not _RELATIVE_DATE.search(d.source.quote)]


def _when(sent: Sentence, dates: Sequence[Fact], needed: bool) -> str | None | bool:
    """The one absolute date of the sentence in words; False when a needed date is missing or ambiguous."""
    found = {str(d.extra["display"]) for d in _dates_in(sent, dates)}
    if len(found) == 1:
        return found.pop()
    return False if needed or found else None


_LEAD = re.compile(r"[\s•·\-–*▪●◦»]*(?:(?:Q|A)\s*:\s*)?")


def _offset(raw: str) -> int:
    """Where the sentence proper starts inside the raw one (bullets, "A:" and spaces cut)."""
    m = _LEAD.match(raw)
    return m.end() if m else 0


def _match(body: str, sent: Sentence, dates: Sequence[Fact]) -> tuple[int, int, dict[str, Any]] | None:
    """The first rule that reads this sentence: answer span (in ``body``) and the question's parts."""
    m = _CO_CHAIRED.search(body)
    if m:
        when = _when(sent, dates, needed=True)
        if when:
            who = squash(_HONORIFIC.sub("", m.group("who")))
            return m.start("ans"), m.end("ans"), {"rule": "co_chaired", "who": who, "what": m.group("what"),
                                                   "place": m.group("place"), "when": when}
    m = _SIGNED_BY_TWO.search(body)
    if m and _two_countries(m.group("a"), m.group("b")):
        what = m.group("what").replace("first ever", "first-ever") + (m.group("tail") or "")
        what = re.sub(r"\s+on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", "", what)
        when = _when(sent, dates, needed=False)
        if when is not False:
            return m.start("ans"), m.end("ans"), {"rule": "signed_by_two", "det": m.group("det"), "what": what,
                                                   "when": when}
    m = _PLAN_TWO.search(body)
    if m and _two_countries(m.group("a"), m.group("b")):
        return m.start("ans"), m.end("ans"), {"rule": "plan_two", "what": m.group("what"), "when": None}
    m = _FIRST_TWO.search(body)
    if m and _two_countries(m.group("a"), m.group("b")) and (m.group("first") or m.group("time")):
        when = _when(sent, dates, needed=True)
        if when:
            return m.start("ans"), m.end("ans"), {"rule": "first_two", "verb": m.group("verb"),
                                                   "what": m.group("what"), "when": when}
    m = _SUMMIT_IN.search(body)
    if m:
        when = _when(sent, dates, needed=True)
        if when:
            return m.start("ans"), m.end("ans"), {"rule": "summit_in", "who": squash(_HONORIFIC.sub("", m.group("who"))),
                                                   "what": m.group("what"), "with": (m.group("with") or "").strip(),
                                                   "when": when}
    m = _NAMED_HELD.search(body)
    if m:
        when = _when(sent, dates, needed=False)
        held = [d for d in _dates_in(sent, dates) if d.source.quote in m.group(0)]
        if held:
            return m.start("ans"), m.end("ans"), {"rule": "named_held", "what": m.group("what"),
                                                   "when": str(held[0].extra["display"])}
        if when is None:
            return m.start("ans"), m.end("ans"), {"rule": "named_held", "what": m.group("what"), "when": None}
    m = _SIGNED_BETWEEN.search(body)
    if m and _is_country(m.group("ans")):
        when = _when(sent, dates, needed=True)
        if when:
            return m.start("ans"), m.end("ans"), {"rule": "signed_between", "what": m.group("what"),
                                                   "place": (m.group("place") or "").strip(), "when": when}
    m = _SIGNED_IN.search(body)
    if m:
        when = _when(sent, dates, needed=True)
        if when:
            return m.start("ans"), m.end("ans"), {"rule": "signed_in", "subj": m.group("subj"), "when": when}
    m = _BASED.search(body)
    if m:
        return m.start("ans"), m.end("ans"), {"rule": "based", "subj": m.group("subj")}
    m = _ONLY.search(body)
    if m:
        return m.start("ans"), m.end("ans"), {"rule": "only", "what": m.group("what")}
    m = _NODAL.search(body)
    if m:
        return m.start("ans"), m.end("ans"), {"rule": "nodal", "noun": m.group("noun").lower(),
                                               "what": m.group("what").strip()}
    m = _GOVERNS.search(body)
    if m:
        return m.start("ans"), m.end("ans"), {"rule": "governs", "what": m.group("what")}
    m = _NTH_MEMBER.search(body)
    if m and _is_country(m.group("who")):
        when = _when(sent, dates, needed=True)
        if when:
            return m.start("ans"), m.end("ans"), {"rule": "nth_member", "who": m.group("who"),
                                                   "what": m.group("what"), "when": when}
    return None


# "Nuclear Suppliers Group (NSG)": a name whose initials spell the bracketed abbreviation
_EXPANSION = re.compile(r"(?P<full>(?:[A-Z][\w-]*\s+(?:(?:of|for|and|on|the|in|&)\s+)*){1,9}[A-Z][\w-]*)\s+"
                        r"\((?P<abbr>[A-Z][A-Za-z]*[A-Z])\)")
_ORG_HEAD = re.compile(r"(?:Group|Organi[sz]ation|Association|Initiative|Cooperation|Council|Bank|Regime|Front|"
                       r"Treaty|Agreement|Forum|Alliance|Union|Nations|Community|Conference|Agency|Programme|Corridor)$")
_MINOR = frozenset({"of", "for", "and", "on", "the", "in", "&"})


def _expansion_span(full: str, abbr: str) -> int | None:
    """Start (in ``full``) of the shortest tail of words whose initials spell ``abbr``, or None."""
    words = list(re.finditer(r"[\w-]+|&", full))
    letters = abbr.upper()
    for i in range(len(words) - 1, -1, -1):
        tail = [w.group(0) for w in words[i:]]
        initials = "".join(
            "".join(p[0] for p in w.split("-") if p) for w in tail if w.lower() not in _MINOR).upper()
        if initials == letters and tail[0].lower() not in _MINOR:
            # "Bay of Bengal Initiative …" is BIMSTEC: a place name "X of Y" counts once, by its first word
            if i >= 2 and words[i - 1].group(0) == "of" and words[i - 2].group(0)[:1] == tail[0][:1]:
                return words[i - 2].start()
            if i >= 1 and words[i - 1].group(0).lower() in ("of", "for", "and", "on", "in", "&"):
                return None  # "… of Bengal Initiative": the name starts earlier than its initials say
            return words[i].start()
    return None


def extract_events(doc: Document, dates: Sequence[Fact]) -> list[Fact]:
    out: list[Fact] = []
    seen: set[str] = set()
    for sent in doc.sentences:
        raw = sent.text
        out += _expansions(doc, sent, seen)
        lead = _offset(raw)
        body = raw[lead:].rstrip()
        if not body or len(body) > 600:
            continue
        if not _HEDGE.search(body):
            hit = _match(body, sent, dates)
            if hit is not None:
                a, b, parts = hit
                answer = body[a:b]
                start = sent.start + lead + a
                label = squash(f"{parts['rule']}: {parts.get('what') or parts.get('subj') or ''}")
                out.append(make_fact(doc, "event", start, start + len(answer), (sent.start, sent.end),
                                     [parts["rule"], answer], label=label, extra={**parts, "answer": answer}))
    return out


def _expansions(doc: Document, sent: Sentence, seen: set[str]) -> list[Fact]:
    """One fact per abbreviation and document, where the source spells it out."""
    out: list[Fact] = []
    raw = sent.text
    for m in _EXPANSION.finditer(raw):
        abbr = m.group("abbr")
        at = _expansion_span(m.group("full"), abbr)
        if at is None or abbr in seen:
            continue
        full = m.group("full")[at:]
        if not _ORG_HEAD.search(full) or len(full.split()) < 2:
            continue
        seen.add(abbr)
        start = sent.start + m.start("full") + at
        out.append(make_fact(doc, "event", start, start + len(full), (sent.start, sent.end),
                             ["expansion", abbr, full], label=f"expansion: {abbr}",
                             extra={"rule": "expansion", "abbr": abbr, "answer": full}))
    return out
