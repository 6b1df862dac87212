"""Event facts of the shapes news analysis uses for disputes, positions and landmarks.

Why a second module beside `events`: the press-release rules there read
signings, meetings and headquarters; commentary on a bilateral relationship
states its syllabus facts differently: where a stand-off took place and how
long it lasted, when it began, which state opposed another's bid, a leader's
landmark visit, which ministries signed an agreement, what name a
grouping of named states goes by, and who leads a militant or insurgent
organisation (`extract_leaders`). Each rule matches one unambiguous shape of
text (no word list of one page), needs its parties to be countries where the
shape names parties, and gives no fact when the sentence hedges. The answer
is always a span of the sentence, and ``extra`` carries the parts the
generator needs to ask a whole question without re-reading the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from quizapp.banks import names
from quizapp.banks.extract.common import is_country as _is_country
from quizapp.banks.extract.common import make_fact, squash
from quizapp.banks.numbers import word_number
from quizapp.banks.types import Document, Fact, Sentence

__all__ = ["extract_episodes"]

_HEDGE = re.compile(r"\b(?:could|may|might|would|seems?|appears?|perhaps|likely|possibly|probably|reportedly|"
                    r"allegedly|if|unless|whether|expected|preparing|set to|plans?|proposed to)\b|\?")
_POSS = r"(?:’s|'s)"
_WORD = r"[A-Z][\w’'-]*"
_COUNTRY = r"(?:[Tt]he\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,2}"
_PLACE = r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?"
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
          r"(?:,?\s+(?:1[89]|20)\d\d)?")
_LEAD = re.compile(r"[\s•·\-–*▪●◦»]*(?:(?:Q|A)\s*:\s*)?")
_MAX_BODY = 600

# "a two-month-long border stand-off between the India Army and the China’s People’s Liberation Army at Doklam
#  on the India-Bhutan-China tri-junction"
_STANDOFF_AT = re.compile(
    r"\b(?:a|the)\s+(?P<dur>(?:[a-z]+|\d+)[- ](?:day|week|month|year)s?[- ]long\s+|(?:\d+|[a-z]+)-day\s+)?"
    r"(?P<kind>(?:border|military)\s+)?stand-?off(?:\s+between\s+"
    rf"(?P<a>(?:the\s+)?{_WORD}(?:\s+{_WORD}){{0,3}})\s+and\s+(?P<b>(?:the\s+)?{_WORD}(?:\s+{_WORD}){{0,3}}))?"
    rf"\s+(?:at|in)\s+(?P<ans>{_PLACE})(?![\w’'-])"
    r"(?P<on>\s+(?:on|near)\s+the\s+[A-Z][\w-]*(?:\s+[a-z][\w-]*)?)?")
# "the ongoing stand-off between Indian and Chinese troops along their disputed border"
_STANDOFF_DEF = re.compile(
    rf"stand-?off\s+between\s+(?P<desc>{_WORD}\s+and\s+{_WORD}\s+(?:troops|forces|armies|soldiers)"
    r"(?:\s+(?:along|on|at|in)\s+(?:their|the)\s+(?:[a-z-]+\s+){0,2}(?:border|frontier|boundary))?)")
# "… since the stand-off began in May"
_STANDOFF_BEGAN = re.compile(
    rf"\bthe\s+(?:border\s+)?stand-?off\s+(?:began|started|erupted|broke out)\s+in\s+(?P<ans>{_MONTH})(?![\w])")
# "Then Prime Minister Rajiv Gandhi’s made a groundbreaking visit to Beijing in 1988."
_VISIT = re.compile(
    rf"^(?:Then\s+)?(?P<who>(?:Prime Minister|President|Premier|Chancellor)\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+){{0,2}})"
    rf"{_POSS}?\s+(?:made|paid|undertook)\s+(?:a|an|his|her)\s+(?P<adj>historic|groundbreaking|ground-breaking|"
    r"landmark|path-?breaking|maiden|first|first-ever)\s+visit\s+to\s+"
    rf"(?P<place>{_PLACE})\s+in\s+(?P<ans>(?:1[89]|20)\d\d)\.?$")
# "China’s fervent opposition to India’s potential membership in the Nuclear Suppliers Group (NSG)"
_OPPOSITION = re.compile(
    rf"(?<![\w’'-])(?P<ans>[A-Z][a-z]+){_POSS}\s+(?:[a-z]+\s+)?opposition\s+to\s+(?P<whom>[A-Z][a-z]+){_POSS}\s+"
    r"(?:potential\s+|proposed\s+)?(?P<what>(?:membership|bid|entry|candidature)\s+(?:in|of|to|for)\s+(?:the\s+)?"
    r"[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,5}(?:\s+\([A-Z]{2,}\))?)(?=\s*[;,.]|$)")
# "India’s open opposition to China’s Belt and Road Initiative (BRI)": a state's position on another state's named
# scheme, asked by the scheme ("which initiative of China has India openly opposed?"), one right answer by name
_OPPOSES_SCHEME = re.compile(
    rf"(?<![\w’'-])(?P<who>[A-Z][a-z]+){_POSS}\s+(?:(?P<adj>open|fervent|strong|vocal|consistent|firm)\s+)?"
    rf"opposition\s+to\s+(?P<owner>[A-Z][a-z]+){_POSS}\s+"
    r"(?P<ans>[A-Z][\w-]*\s+(?:(?:[A-Z][\w-]*|and|of|for|the)\s+){0,5}(?P<kind>Initiative|Corridor|Project|Programme|Program|Plan|Policy|Strategy)"
    r"(?:\s+\([A-Z]{2,}\))?)(?=\s*[;,.)]|\s+and\b|$)")
_ADVERB = {"open": "openly", "fervent": "fervently", "strong": "strongly", "vocal": "vocally",
           "consistent": "consistently", "firm": "firmly"}
# "In the past, China—a veto-wielding permanent member of the UN Security Council—has opposed India’s proposal to
#  list Azhar as a global terrorist."
_OPPOSED = re.compile(
    r"^(?:[A-Z][a-z]+(?:\s+[a-z]+){0,3},\s+)?(?P<ans>[A-Z][a-z]+)"
    r"(?:\s*[—–]\s*(?:a|an|the)\s+(?P<desc>[^—–,;]{5,90}?)\s*[—–]\s*|\s+)"
    rf"has\s+(?:repeatedly\s+|consistently\s+)?(?:opposed|blocked)\s+(?P<whom>[A-Z][a-z]+){_POSS}\s+"
    r"(?P<what>(?:proposal|bid|move|attempts?|efforts?)\s+to\s+[a-z][^.;]{3,100}?)\.?$")
# "An Agreement on Security Cooperation between the Ministry of Home Affairs of India and the Ministry of Public
#  Security of China was also signed by the two Ministers."
_MINISTRIES = re.compile(
    r"^(?:An?|The)\s+(?P<what>(?:Agreement|Treaty|Memorandum of Understanding|MoU)\s+on\s+[A-Z][\w ]*?)\s+between\s+"
    rf"the\s+(?P<m1>Ministry of [A-Z][\w ]*?)\s+of\s+(?P<c1>{_COUNTRY})\s+and\s+the\s+"
    rf"(?P<ans>Ministry of [A-Z][\w ]*?)\s+of\s+(?P<c2>{_COUNTRY})\s+(?:was|were)\s+(?:also\s+)?signed\b")
# "The US and India have stepped up their cooperation …, including a security arangement with Japan and Australia
#  known as the Quad."
_KNOWN_AS = re.compile(
    rf"^(?P<a>{_COUNTRY})\s+and\s+(?P<b>{_COUNTRY})\s+(?:have|has|had)\b[^.;]*?\b(?:a|an)\s+"
    r"(?P<adj>(?:security|strategic|defence|defense|economic|trade|maritime)\s+)?"
    r"(?:arr?angement|grouping|group|alliance|partnership|dialogue|forum)\s+with\s+"
    rf"(?P<c>{_COUNTRY})\s+and\s+(?P<d>{_COUNTRY})\s+(?:known|referred to)\s+as\s+"
    r"(?P<ans>(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})(?=\s*[,.;]|$)")
# "BIMSTEC provides a unique link between South Asia and Southeast Asia in the field of … cooperation."
_UNIQUE = re.compile(
    r"^(?P<ans>[A-Z][A-Z]{2,}|[A-Z][\w-]*(?:\s+(?:of\s+)?[A-Z][\w-]*){1,6})\s+(?:provides|is)\s+(?:a|the)\s+unique\s+"
    r"(?P<what>(?:link|bridge)\s+between\s+[A-Z][\w -]*?\s+and\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?"
    r"(?:\s+in\s+the\s+field\s+of\s+[a-z -]+)?)\.?$")

# "India and Pakistan were admitted to the SCO at the Astana summit last year."
_ADMITTED = re.compile(
    rf"(?<![\w’'-])(?P<who>{_COUNTRY}(?:\s+and\s+{_COUNTRY})?)\s+(?:was|were)\s+admitted\s+"
    r"(?:as\s+(?:full\s+)?members?\s+)?(?:to|into)\s+(?P<org>(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,5})\s+"
    rf"at\s+the\s+(?P<ans>{_PLACE})\s+[Ss]ummit\b")

# "the Soviet military intervention in Afghanistan, which had been supported by India and resisted by China"
_SUPPORTED = re.compile(
    r"\b(?P<what>the\s+(?:[A-Z][\w-]*\s+)?(?:[a-z]+\s+)?(?:intervention|invasion|occupation|war)\s+in\s+[A-Z][a-z]+),"
    r"\s+which\s+(?:had\s+been|was)\s+supported\s+by\s+(?P<ans>[A-Z][a-z]+)\s+and\s+(?P<verb>resisted|opposed)\s+"
    r"by\s+(?P<b>[A-Z][a-z]+)\b")

# "The Comprehensive Economic Partnership Agreement (CEPA) between India and Japan came into force today."
# "The Convention entered into force for India on 14 July 2005."
_IN_FORCE = re.compile(
    r"^(?P<subj>The\s+(?:[A-Z][\w-]*\s+){0,8}(?:Agreement|Treaty|Convention|Charter|Protocol|Accord)"
    r"(?:\s+\([A-Z]{2,}\))?(?:\s+between\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?\s+and\s+(?:the\s+)?"
    r"[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)?)\s+(?:came|comes|entered|enters)\s+into\s+force"
    r"(?P<for>\s+for\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)?\s+(?P<ans>(?:on\s+)?[^,;]+?)\.?$")
# "South Africa joined the grouping in December 2010 and attended its first summit in 2011 at Sanya, China."
_JOINED = re.compile(
    rf"^(?P<who>{_COUNTRY})\s+joined\s+(?P<org>(?:the\s+)?[A-Z][A-Z]{{2,}}|the\s+grouping|the\s+group|"
    r"the\s+(?:[A-Z][\w-]*\s+){1,6}(?:Group|Organi[sz]ation|Regime|Forum|Union|Association|Community))"
    rf"\s+in\s+(?P<ans>{_MONTH})(?![\w])")

# "The Ministry of Home Affairs is the Central Authority of India for seeking and providing mutual legal assistance …"
_AUTHORITY = re.compile(
    r"^(?P<ans>(?:The\s+)?(?:Ministry|Department|Office|Directorate|Bureau) of [A-Z][\w ]*?[a-z])\s+is\s+the\s+"
    r"(?P<office>Central Authority|[Cc]ompetent [Aa]uthority|[Dd]esignated [Aa]uthority)"
    r"(?P<of>\s+of\s+(?:the\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)?\s+(?P<what>for\s+[a-z][^,;]+?)\.?$")
# "Letters rogatory are issued under Section 166A of the Code of Criminal Procedure, 1973."
_UNDER_SECTION = re.compile(
    r"^(?P<what>[A-Z][a-z]+(?:\s+[a-z]+){0,4})\s+(?P<aux>are|is)\s+(?P<verb>issued|made|granted|framed|constituted|"
    r"registered|appointed|imposed|declared)\s+under\s+(?P<ans>(?P<unit>Section|Article|Rule)\s+\d+[A-Z]*)\s+of\s+"
    r"(?P<law>the\s+[A-Z][\w ]+?(?:,?\s+(?:1[89]|20)\d\d)?|the\s+Constitution)\.?$")

_ARMIES = {"India": "Indian", "China": "Chinese", "Pakistan": "Pakistani", "Bhutan": "Bhutanese", "Nepal": "Nepalese",
           "Bangladesh": "Bangladeshi", "Myanmar": "Myanmar", "Russia": "Russian", "Japan": "Japanese"}


def _party(text: str) -> str | None:
    """A side of a stand-off as a reader would write it, or None unless it names a country.

    "the China’s People’s Liberation Army" loses the article before the possessive, and "the India Army"
    (a source slip) becomes "the Indian Army"; a side that names no country is no party we can ask about.
    """
    text = squash(text)
    words = re.findall(r"[A-Z][a-z]+", text)
    if not any(_is_country(w) for w in words):
        return None
    text = re.sub(rf"^the\s+(?=[A-Z][a-z]+{_POSS})", "", text)
    m = re.match(r"^the\s+([A-Z][a-z]+)\s+(Army|Navy|Air Force)$", text)
    if m and m.group(1) in _ARMIES:
        text = f"the {_ARMIES[m.group(1)]} {m.group(2)}"
    return text


def _full_name(doc: Document, before: int, word: str) -> str:
    """A bare surname ("Azhar") as the document first wrote it in full ("Masood Azhar"), else as it stands."""
    m = re.search(rf"\b([A-Z][a-z]+)\s+{re.escape(word)}\b", doc.text[max(0, before - 4000):before])
    return f"{m.group(1)} {word}" if m else word


def _display(dates: Sequence[Fact], sent: Sentence, start: int, end: int) -> tuple[str, str] | None:
    """The display form and granularity of the one date fact inside ``[start, end)`` of the text."""
    found = [d for d in dates if d.sentence.start == sent.start and start <= d.source.start and d.source.end <= end
             and d.extra.get("display")]
    if len(found) != 1:
        return None
    return str(found[0].extra["display"]), str(found[0].granularity or "")


_RELATIVE_SPAN = re.compile(r"\b(?:last|next|this|previous|coming)\s+(?:month|week)\b", re.I)


def _year_after(dates: Sequence[Fact], sent: Sentence, pos: int) -> str | None:
    """The year of the date that follows ``pos`` at once ("… at Doklam last summer" -> 2017), if it is one year."""
    for d in dates:
        if d.sentence.start != sent.start or not 0 <= d.source.start - pos <= 3 or not d.value:
            continue
        if _RELATIVE_SPAN.search(d.source.quote):
            return None  # "last month" counts from the writing date, not from the event
        years = set(re.findall(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)", d.value))
        return years.pop() if len(years) == 1 else None
    return None


# "The move comes just a year after a … stand-off": the present "comes" is the writing date, so the stand-off's
# year is the document's year less the gap. A past "came" has no anchor the text gives, and is left undated.
_NOW_AFTER = re.compile(r"\b(?:comes|is coming)\s+(?:just\s+|barely\s+|only\s+|exactly\s+)?(?P<n>a|one|two|three|four|five)"
                        r"\s+years?\s+after\s*$")


def _years_ago(doc: Document, before: str) -> str | None:
    """The year a "comes N years after" clause ending ``before`` points to, counted from the document's date."""
    m = _NOW_AFTER.search(before)
    if m is None or not doc.meta.published:
        return None
    return str(int(str(doc.meta.published)[:4]) - (word_number(m.group("n")) or 0))


def _match(doc: Document, sent: Sentence, body: str, at: int, dates: Sequence[Fact]) -> list[tuple[int, int, dict[str, Any]]]:
    out: list[tuple[int, int, dict[str, Any]]] = []
    m = _STANDOFF_AT.search(body)
    if m and m.group("a") is None:
        # "the 73-day stand-off at Doklam last summer": no sides named, so the place is the cue and the year is asked
        year = _year_after(dates, sent, at + m.end())
        dur = squash(m.group("dur") or "")
        if year and dur:
            out.append((m.start(), m.end(), {"rule": "standoff_year", "what": "stand-off", "duration": dur,
                                             "place": m.group("ans"), "kind": squash(m.group("kind") or ""),
                                             "answer": year, "display": year}))
    elif m:
        a, b = _party(m.group("a")), _party(m.group("b"))
        if a and b and not names.same(a, b):
            dur = squash(m.group("dur") or "").replace(" ", "-")
            parts = {"rule": "standoff_at", "what": "stand-off", "a": a, "b": b, "duration": dur,
                     "kind": squash(m.group("kind") or ""), "on": squash(m.group("on") or "")}
            year = _years_ago(doc, body[:m.start()])
            if year:
                parts["year"] = year
            out.append((m.start("ans"), m.end("ans"), parts))
    m = _STANDOFF_BEGAN.search(body)
    if m:
        desc = None
        for d in _STANDOFF_DEF.finditer(doc.text[max(0, sent.start - 3000):sent.start]):
            desc = squash(d.group("desc"))  # the latest definition before the sentence
        shown = _display(dates, sent, at + m.start("ans"), at + m.end("ans"))
        if desc and shown:
            out.append((m.start("ans"), m.end("ans"), {"rule": "standoff_began", "what": f"stand-off between {desc}",
                                                       "when": shown[0], "granularity": shown[1], "answer": shown[0],
                                                       "display": shown[0]}))
    m = _VISIT.search(body)
    if m:
        out.append((m.start("ans"), m.end("ans"), {"rule": "landmark_visit", "who": squash(m.group("who")),
                                                   "adj": m.group("adj"), "place": m.group("place"),
                                                   "what": f"visit to {m.group('place')}"}))
    m = _OPPOSITION.search(body)
    if m and _is_country(m.group("ans")) and _is_country(m.group("whom")) and not names.same(m.group("ans"), m.group("whom")):
        out.append((m.start("ans"), m.end("ans"), {"rule": "opposed", "whom": m.group("whom"),
                                                   "what": squash(m.group("what")), "desc": ""}))
    if m and _is_country(m.group("ans")) and _is_country(m.group("whom")) and not names.same(m.group("ans"), m.group("whom")):
        # the same position asked by what was opposed: "China has opposed India's potential membership in which
        # group?" has one answer by the text, where "which country opposed it?" had as many as the bid had foes
        grp = re.match(r"(?P<lead>(?:membership|bid|entry|candidature)\s+(?:in|of|to|for)\s+)(?:the\s+)?", m.group("what"))
        adj = re.search(r"(\w+)\s+opposition", body[m.end("ans"):m.start("whom")])
        if grp is not None:
            out.append((m.start("what") + grp.end(), m.end("what"), {
                "rule": "opposed_object", "who": m.group("ans"), "noun": "group",
                "on": squash(body[m.start("whom"):m.start("what")] + grp.group("lead")),
                "adv": _ADVERB.get(adj.group(1) if adj else "", ""), "what": squash(m.group("what"))}))
    for m in _OPPOSES_SCHEME.finditer(body):
        if _is_country(m.group("who")) and _is_country(m.group("owner")) and not names.same(m.group("who"), m.group("owner")):
            out.append((m.start("ans"), m.end("ans"), {"rule": "opposed_object", "who": m.group("who"),
                                                       "on": "", "owner": m.group("owner"),
                                                       "noun": m.group("kind").lower(),
                                                       "adv": _ADVERB.get(m.group("adj") or "", ""),
                                                       "what": squash(m.group("ans"))}))
    m = _OPPOSED.search(body)
    if m and _is_country(m.group("ans")) and _is_country(m.group("whom")) and not names.same(m.group("ans"), m.group("whom")):
        what = squash(m.group("what"))
        what = re.sub(r"\b(?<![\w’'-])([A-Z][a-z]+)\b",
                      lambda w: w.group(1) if _is_country(w.group(1)) else _full_name(doc, sent.start, w.group(1)), what)
        out.append((m.start("ans"), m.end("ans"), {"rule": "opposed", "whom": m.group("whom"), "what": what,
                                                   "desc": squash(m.group("desc") or "")}))
    m = _MINISTRIES.search(body)
    if m and _is_country(m.group("c1")) and _is_country(m.group("c2")) and not names.same(m.group("c1"), m.group("c2")):
        out.append((m.start("ans"), m.end("ans"), {"rule": "ministry_agreement", "what": squash(m.group("what")),
                                                   "m1": squash(m.group("m1")), "c1": squash(m.group("c1")),
                                                   "c2": squash(m.group("c2"))}))
    m = _KNOWN_AS.search(body)
    if m:
        members = [squash(m.group(k)) for k in ("a", "b", "c", "d")]
        keys = {names.normalise(re.sub(r"^the\s+", "", x, flags=re.I)) for x in members}
        if all(_is_country(x) for x in members) and len(keys) == 4:
            members = [re.sub(r"^The\b", "the", x) for x in members]
            out.append((m.start("ans"), m.end("ans"), {"rule": "known_as", "members": members,
                                                       "adj": squash(m.group("adj") or ""), "what": "grouping"}))
    m = _ADMITTED.search(body)
    if m:
        sides = re.split(r"\s+and\s+", m.group("who"))
        if all(_is_country(x) for x in sides):
            out.append((m.start("ans"), m.end("ans"), {
                "rule": "admitted_at", "who": squash(m.group("who")), "what": squash(m.group("org")),
                "when": _year_after(dates, sent, at + m.end()), "plural": len(sides) > 1}))
    m = _SUPPORTED.search(body)
    if m and _is_country(m.group("ans")) and _is_country(m.group("b")) and not names.same(m.group("ans"), m.group("b")):
        out.append((m.start("ans"), m.end("ans"), {"rule": "supported", "what": squash(m.group("what")),
                                                   "b": m.group("b"), "verb": m.group("verb")}))
    m = _IN_FORCE.search(body)
    if m:
        shown = _display(dates, sent, at + m.start("ans"), at + m.end("ans"))
        if shown:
            out.append((m.start("ans"), m.end("ans"), {"rule": "in_force", "subj": squash(m.group("subj")),
                                                       "for": squash(m.group("for") or ""), "answer": shown[0],
                                                       "display": shown[0], "what": squash(m.group("subj"))}))
    m = _JOINED.search(body)
    if m and _is_country(m.group("who")):
        shown = _display(dates, sent, at + m.start("ans"), at + m.end("ans"))
        if shown:
            out.append((m.start("ans"), m.end("ans"), {"rule": "joined", "who": squash(m.group("who")),
                                                       "org": squash(m.group("org")), "answer": shown[0],
                                                       "display": shown[0], "what": squash(m.group("org"))}))
    m = _AUTHORITY.search(body)
    if m:
        out.append((m.start("ans"), m.end("ans"), {"rule": "authority", "office": m.group("office"),
                                                   "of": squash(m.group("of") or ""), "what": squash(m.group("what"))}))
    m = _UNDER_SECTION.search(body)
    if m:
        out.append((m.start("ans"), m.end("ans"), {"rule": "under_section", "subj": m.group("what"),
                                                   "aux": m.group("aux"), "verb": m.group("verb"),
                                                   "unit": m.group("unit").lower(), "law": squash(m.group("law")),
                                                   "what": squash(m.group("law"))}))
    m = _UNIQUE.search(body)
    if m:
        out.append((m.start("ans"), m.end("ans"), {"rule": "unique", "what": squash(m.group("what"))}))
    return out


def extract_episodes(doc: Document, dates: Sequence[Fact]) -> list[Fact]:
    out: list[Fact] = []
    for sent in doc.sentences:
        raw = sent.text
        if "stand" not in raw and "visit" not in raw and "oppos" not in raw and " signed" not in raw \
                and "known as" not in raw and "unique" not in raw and "referred to" not in raw and "admitted" not in raw \
                and "supported" not in raw and "into force" not in raw and "joined" not in raw \
                and "uthority" not in raw and " under " not in raw:
            continue  # every rule needs one of these words: most sentences are skipped at the cost of a scan
        lm = _LEAD.match(raw)
        lead = lm.end() if lm else 0
        body = raw[lead:].rstrip()
        if not body or len(body) > _MAX_BODY or _HEDGE.search(body):
            continue
        for a, b, parts in _match(doc, sent, body, sent.start + lead, dates):
            answer = body[a:b]
            start = sent.start + lead + a
            parts.setdefault("answer", answer)
            label = squash(f"{parts['rule']}: {parts.get('what') or ''}")
            out.append(make_fact(doc, "event", start, start + len(answer), (sent.start, sent.end),
                                 [parts["rule"], answer, parts.get("what")], label=label, extra=parts))
    return out



# -- leaders of non-state groups -----------------------------------------------------------------
#
# "Pakistan-based Masood Azhar, leader of the Jaish-e-Mohammed terror group" / "ULFA leader Paresh Baruah":
# who leads a militant or insurgent organisation is a staple of internal-security questions, and unlike an
# office (`roles`) it is not trivia the gate holds. Only organisations the document itself calls by a
# non-state noun qualify: the noun beside the name ("terror group", "outfit") or one in the same
# paragraph ("insurgency", "extremist"); a party, ministry, delegation or a state's army is never one.

_REL = r"(?P<rel>leader|head|chief|founder|supremo|commander)"
_GNAME = r"(?P<gname>[A-Z][\w’'-]*(?:\s+(?:(?:of|for|the|and)\s+)*[A-Z][\w’'-]*){0,7})"
_GABBR = r"(?:\s+\((?P<abbr>[A-Z][A-Za-z]{1,7})\))?"
_GNOUN = (r"(?P<noun>(?:terror|terrorist|militant|insurgent|rebel|separatist|extremist|jihadi|jihadist|armed)\s+"
          r"(?:group|outfit|organi[sz]ation|network|movement|faction)|outfit)")
_LEADER_FIRST = re.compile(
    r"(?<![\w’'-])(?P<person>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2}),\s+(?:the\s+)?" + _REL + r"\s+of\s+(?:the\s+)?"
    + _GNAME + _GABBR + r"(?:\s+" + _GNOUN + r")?(?=[\s,.;:)—–]|$)")
_GROUP_FIRST = re.compile(
    r"(?<![\w’'-])" + _GNAME + _GABBR + r"(?:’s|'s)?\s+" + _REL + r",?\s+(?P<person>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})"
    r"(?![\w’'-])")
_NON_STATE = re.compile(r"\b(?:terror\w*|militan\w*|insurgen\w*|extremis\w*|separatis\w*|rebel\w*|jihad\w*|outfits?)\b",
                        re.I)
_STATE_WORDS = {"Party", "Congress", "Government", "Ministry", "Department", "Parliament", "Assembly", "Senate",
                "Council", "Commission", "Committee", "Delegation", "Bank", "Company", "Corporation", "University",
                "Opposition", "House", "Cabinet", "State", "Union", "Republic", "Kingdom", "Federation", "Nations",
                "Navy", "Police", "Team", "Court", "Office", "Board", "Mission", "Embassy", "Secretariat"}
_NOT_PERSON = {"The", "This", "That", "These", "He", "She", "They", "His", "Her", "Their", "India", "China", "Minister",
               "President", "Secretary", "General", "Chief", "Leader", "Head", "Mr", "Ms", "Dr", "Shri"}
_PAST = re.compile(r"\b(?:former|ex|late|then|slain|deposed|erstwhile|alleged|self-styled|deputy|acting)\W*$", re.I)
# sentence-initial capitals that are no part of a name: "The", "Former", "Hardline", "Top" ...
_LEAD_WORDS = re.compile(r"^(?:(?:The|A|An|Former|Then|Late|Ex|Deputy|Acting|Slain|Jailed|Wanted|Alleged|Top|Senior|"
                         r"Hardline|Banned|Supreme|Self-styled|Dreaded|Chief)\s+)+")
_DEMONYM_END = re.compile(r"(?:an|ian|ese|ish|i|ic)$")
_QUESTION_BLOCK = re.compile(r"[\s•·*-]*(?:Q|Question)\s*[:.]\s")
_REPORTS = re.compile(r"(?:Media\s+)?[Rr]eports?\s+(?:also\s+)?(?:say|said|says|suggest|suggested|claim|claimed)\b")


def _state_word(word: str) -> bool:
    """A country or its demonym ("Chinese", "Pakistani"): "Chinese leader Xi Jinping" leads a state."""
    from quizapp.banks.extract.roles import _DEMONYM

    if word in _DEMONYM or _is_country(word):
        return True
    if not _DEMONYM_END.search(word) or len(word) < 5:
        return False
    import pycountry

    return any(c.name.startswith(word[:4]) for c in pycountry.countries)


def _group_ok(gname: str, abbr: str | None) -> bool:
    """An organisation's proper name: several words, a hyphened name or an acronym; no state's word in it."""
    words = gname.split()
    if any(w in _STATE_WORDS or _state_word(w) for w in words):
        return False
    return len(words) > 1 or "-" in gname or bool(re.fullmatch(r"[A-Z]{2,}", gname)) or bool(abbr)


def _abbreviations(doc: Document) -> dict[str, str]:
    """"United Liberation Front of Assam (ULFA)" anywhere in the document: ULFA -> the full name."""
    out: dict[str, str] = {}
    for m in re.finditer(r"([A-Z][\w’'-]*(?:\s+(?:(?:of|for|the|and)\s+)*[A-Z][\w’'-]*){0,7})\s+\(([A-Z][A-Za-z]{1,7})\)",
                         doc.text):
        full, abbr = re.sub(r"^The\s+", "", squash(m.group(1))), m.group(2)
        initials = "".join(w[0] for w in re.split(r"[\s-]+", full) if w[:1].isupper() or w == "e").upper()
        if abbr.upper()[:1] == initials[:1] and abbr not in out:
            out[abbr] = full
    return out


def _asked(doc: Document, sent: Sentence) -> bool:
    """Whether the sentence is in a reporter's question: its paragraph opens with "Q:" (cleaning drops the marker)."""
    start = doc.blocks[sent.block].start if 0 <= sent.block < len(doc.blocks) else sent.start
    line = doc.text[doc.text.rfind("\n", 0, start) + 1:start + 12]
    return bool(_QUESTION_BLOCK.match(line))


def _block_text(doc: Document, sent: Sentence) -> str:
    return doc.blocks[sent.block].text if 0 <= sent.block < len(doc.blocks) else sent.text


def extract_leaders(doc: Document) -> list[Fact]:
    """One fact per person and document for "<Person>, leader of <Group>" / "<Group> leader <Person>".

    The sentence kept is the one that writes the group's name fullest ("Jaish-e-Mohammed (JeM)" over
    "Jaish-e-Mohammed", a full name over a bare acronym), so the answer is quoted as the source writes
    it; a person named with two different groups in the document gets none.
    """
    abbrs = _abbreviations(doc)
    seen: dict[str, list[dict[str, Any]]] = {}
    for sent in doc.sentences:
        text = sent.text
        if not re.search(r"\b(?:leader|head|chief|founder|supremo|commander)\b", text):
            continue
        if _asked(doc, sent) or _HEDGE.search(text) or _REPORTS.match(text.lstrip()):
            continue  # a reporter's question ("Q: Reports say …") or a hedge asserts nothing the source stands by
        for rx in (_LEADER_FIRST, _GROUP_FIRST):
            for m in rx.finditer(text):
                gname = squash(m.group("gname"))
                lead = _LEAD_WORDS.match(gname)
                if lead and _PAST.search(lead.group(0)):
                    continue  # "Former Lashkar-e-Taiba chief …", capitalised at the start of a sentence
                gname = gname[lead.end():] if lead else gname
                abbr = m.group("abbr")
                if _PAST.search(text[max(0, m.start() - 14):m.start()]) or not gname or not _group_ok(gname, abbr):
                    continue
                person = squash(m.group("person"))
                if person.split()[0] in _NOT_PERSON or person.split()[-1] in _NOT_PERSON or _is_country(person):
                    continue
                if len(person.split()) == 1:
                    person = _full_name(doc, sent.start + m.start("person"), person)
                    if len(person.split()) == 1:
                        continue  # "leader Baruah" with no full name before it: not a name to ask cold
                noun = m.groupdict().get("noun")
                if not noun and not _NON_STATE.search(_block_text(doc, sent)):
                    continue  # nothing in the text says the organisation is a militant or insurgent one
                full = abbrs.get(gname, gname) if re.fullmatch(r"[A-Z]{2,}", gname) else gname
                if full != gname and not _group_ok(full, None):
                    continue  # "BJP leader …" where the page spells out a party
                short = abbr or next((a for a, f in abbrs.items() if f == full), None)
                fullness = 2 if abbr else 0 if re.fullmatch(r"[A-Z]{2,}", gname) else 1
                a_start = m.start("gname") + m.group("gname").find(gname)
                a_end = m.end("abbr") + 1 if abbr else a_start + len(gname)
                seen.setdefault(person, []).append({
                    "sent": sent, "start": sent.start + a_start, "end": sent.start + a_end,
                    "group": full, "abbr": short, "noun": squash(noun or ""), "rel": m.group("rel"),
                    "fullness": fullness})
    out: list[Fact] = []
    for person, found in seen.items():
        groups = {f["group"].lower() for f in found}
        rels = {"founder" if f["rel"] == "founder" else "leader" for f in found}
        if len(groups) != 1 or len(rels) != 1:
            continue  # two organisations (or founder and leader) for one person: which is meant is unclear
        best = max(found, key=lambda f: (f["fullness"], -f["start"]))
        if best["fullness"] == 0:
            continue  # only ever an acronym: the answer would be a bare abbreviation
        sent = best["sent"]
        answer = doc.text[best["start"]:best["end"]]
        noun = next((f["noun"] for f in found if f["noun"]), "")
        stated = sorted({(f["sent"].start, f["sent"].end) for f in found})
        extra = {"rule": "group_leader", "person": person, "group": best["group"], "abbr": best["abbr"] or "",
                 "noun": noun, "rel": "founder" if rels == {"founder"} else "leader", "answer": answer,
                 "what": "group leader", "stated": [list(s) for s in stated]}
        out.append(make_fact(doc, "event", best["start"], best["end"], (sent.start, sent.end),
                             ["group_leader", person, best["group"]], label=f"group_leader: {person}", extra=extra))
    return sorted(out, key=lambda f: f.source.start)
