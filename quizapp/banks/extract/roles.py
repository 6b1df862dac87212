"""Role facts: who held which office, read from how news copy names officials.

Why a fact of its own: "Union Home Minister Shri Rajnath Singh" or "Mr. Zhao
Kezhi, State Councilor and Minister of Public Security of the People's Republic
of China" tells a candidate who held an office at the document's date, a staple
of current-affairs papers. An office is only taken when its country is written
beside it ("US", "Chinese", "Union", "of the People's Republic of China",
"India's"): "Defence Minister Rajnath Singh" alone does not say whose minister,
and a card on it would not read cold. One fact per person and document (the
fullest title wins), so a name repeated down a story feeds one card.
"""

from __future__ import annotations

import re

from quizapp.banks import names
from quizapp.banks.extract.common import make_fact, squash
from quizapp.banks.types import Document, Fact

# Office heads; the title is the run of capitalised words ending in one of them.
_OFFICE = (r"(?:Prime Minister|Minister(?: of State)?|Secretary|President|Vice[- ]President|State Councilor|"
           r"State Councillor|Spokesperson|Chancellor|Premier|Foreign Minister|Ambassador|High Commissioner|"
           r"Governor|Chief Minister|National Security Adviser)")
_CAPWORD = r"(?:[A-Z][a-z]+|of|and|for|the|&)"
# a country written before the office: "US", "Chinese", "Union" (India's Union government), "India's"
_DEMONYM = {"US": "the US", "U.S.": "the US", "American": "the US", "Indian": "India", "Union": "India",
            "Chinese": "China", "Japanese": "Japan", "Russian": "Russia", "Pakistani": "Pakistan",
            "British": "the United Kingdom", "French": "France", "Australian": "Australia", "German": "Germany",
            "Nepalese": "Nepal", "Bangladeshi": "Bangladesh", "Sri Lankan": "Sri Lanka", "Afghan": "Afghanistan"}
_COUNTRY_POSS = r"(?:India|China|Japan|Russia|Pakistan|Nepal|Bangladesh|Bhutan|Australia|France|Germany|Britain)[’']s"
_ADJ = r"(?:" + "|".join(re.escape(k) for k in sorted(_DEMONYM, key=len, reverse=True)) + "|" + _COUNTRY_POSS + r")"
_HONORIFIC = r"(?:(?:Shri|Smt\.?|Mr\.?|Ms\.?|Mrs\.?|Dr\.?|Hon[’']ble)\s+)?"
# a person: "Rajnath Singh", "Xi Jinping", "S Jaishankar", "Mike Pompeo"; never a word like "The"
_PERSON = r"(?P<person>(?!(?:Security|Affairs|State|Public|Defence|Home|Foreign|External)\b)(?:[A-Z]\.?\s+[A-Z][a-z]{2,}|[A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2}))"
_NOT_NAME = {"The", "This", "That", "These", "During", "On", "In", "At", "And", "For", "With", "Minister", "Secretary",
             "President", "Councilor", "State", "Security", "Affairs", "Defence", "Home", "Foreign", "Public", "Of"}

# "US Secretary of State Mike Pompeo", "Union Home Minister Shri Rajnath Singh", "Chinese President Xi Jinping"
_TITLE_FIRST = re.compile(
    rf"(?<![\w’'])(?P<adj>{_ADJ})\s+(?P<office>(?:{_CAPWORD}\s+){{0,5}}?{_OFFICE}(?:\s+(?:of|for)\s+(?:(?:[A-Z][a-z]+|the)\s+){{0,2}}"
    rf"[A-Z][a-z]+)?)\s*,?\s+{_HONORIFIC}{_PERSON}")
# "Mr. Zhao Kezhi, State Councilor and Minister of Public Security of the People's Republic of China": the
# appositive runs to the next comma, full stop or adverbial ("today", "in New Delhi"); its last "of <country>"
# says whose office it is
_PERSON_FIRST = re.compile(
    rf"{_HONORIFIC}{_PERSON},\s+(?:the\s+)?(?P<office>[A-Z][^,.;()]*?{_OFFICE}[^,.;()]*?)"
    rf"(?=\s*[,.;(]|\s+(?:today|yesterday|on|in|at|from|who|which|said|has|had|is|was|will)\b)")
_OF_COUNTRY = re.compile(r"\s+of\s+(?P<country>(?:the\s+)?(?:[A-Z][\w’']*\s+)*?(?:Republic of [A-Z][a-z]+|[A-Z][a-z]+))$")
_HEDGE = re.compile(r"\b(?:former|then|ex-|late|acting|designate|would-be)\b", re.I)


def _person(raw: str) -> str | None:
    words = raw.split()
    while words and words[-1] in _NOT_NAME:
        words.pop()
    if len(words) < 2 or words[0] in _NOT_NAME:
        return None
    return " ".join(words)


def _is_country(name: str) -> bool:
    bare = re.sub(r"^the\s+", "", name)
    return names.kind_of(bare) == "country" or bool(re.match(r"(?:People[’']s )?Republic of ", bare))


def _country_of(adj: str) -> str:
    if adj in _DEMONYM:
        return _DEMONYM[adj]
    return re.sub(r"[’']s$", "", adj)


def extract_roles(doc: Document) -> list[Fact]:
    best: dict[str, Fact] = {}
    for sent in doc.sentences:
        text = sent.text
        found: list[tuple[int, int, str, str, str]] = []  # person start, end, person, office, country
        for m in _TITLE_FIRST.finditer(text):
            before = text[max(0, m.start() - 12):m.start()]
            if _HEDGE.search(before + m.group(0).split()[0]):
                continue  # "Then Prime Minister Rajiv Gandhi": a past office, not the document's date
            person = _person(m.group("person"))
            if person is None:
                continue
            adj = m.group("adj")
            office = squash(m.group("office"))
            if adj == "Union":
                office = f"Union {office}"
            found.append((m.start("person"), m.start("person") + len(person), person, office, _country_of(adj)))
        for m in _PERSON_FIRST.finditer(text):
            person = _person(m.group("person"))
            office = squash(m.group("office"))
            tail = _OF_COUNTRY.search(office)
            if person is None or _HEDGE.search(m.group(0)) or tail is None or not _is_country(tail.group("country")):
                continue
            found.append((m.start("person"), m.start("person") + len(person), person, office,
                          squash(tail.group("country"))))
        for start, end, person, office, country in found:
            if text[start:end] != person:
                continue
            fact = make_fact(doc, "role", sent.start + start, sent.start + end, (sent.start, sent.end),
                             [person, office], label=office,
                             extra={"person": person, "office": office, "country": country})
            old = best.get(person)
            # the fullest title wins: "State Councilor and Minister of Public Security of …" over "Minister"
            if old is None or len(office) > len(old.extra["office"]):
                best[person] = fact
    return sorted(best.values(), key=lambda f: f.source.start)
