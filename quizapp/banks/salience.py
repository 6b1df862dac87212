"""Which facts are worth asking, by the rubric's classes, and how many items each may feed.

A UPSC setter asks about treaties and who signed them when, members of
groupings, founding dates and headquarters, firsts and onlys, summits and
their outcomes, counts that matter, positions of states and legal provisions.
He does not ask about an itinerary, the weekday of a meeting, a journalist's
aside or page metadata. The classes are rules over the fact's label and
sentence, never over one document: ``score`` returns None for a fact not
worth asking, else the number of "worth" classes it hits (0 = neutral).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quizapp.banks.types import Fact

WORTH: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("treaty", re.compile(r"\b(?:treat(?:y|ies)|agreements?|conventions?|MoUs?|memorand(?:um|a)|accords?|pacts?"
                          r"|protocols?|MLATs?)\b", re.I)),
    ("signed", re.compile(r"\b(?:signed|ratif(?:y|ied|ication)|in force|came into force|acceded)\b", re.I)),
    ("members", re.compile(r"\b(?:members?|member states|comprising|consists? of|grouping)\b", re.I)),
    ("founding", re.compile(r"\b(?:founded|established|set up|formed|headquartered|headquarters|inaugurated)\b",
                            re.I)),
    ("first", re.compile(r"\b(?:first(?:-ever)?|only|maiden|inaugural|unprecedented)\b", re.I)),
    ("summit", re.compile(r"\b(?:summits?|conferences?|dialogue|high[- ]level meeting|meetings? of"
                          r"|meetings? (?:was|were) held)\b", re.I)),
    ("visit", re.compile(r"\b(?:state visit|visit(?:ed)?\s+(?:to\s+)?[A-Z][a-z]+)")),  # a leader's visit to a country
    ("position", re.compile(r"\b(?:oppos(?:ed|es|ition)|recogni[sz]ed|position on|stance|claims?|disputes?|stand-?off|border)\b",
                            re.I)),
    # a history syllabus event: revolts and movements, annexations, battles, proclamations
    ("history", re.compile(r"\b(?:revolts?|mutin(?:y|ied)|uprising|rebellion|satyagraha|annex(?:ed|ation)"
                           r"|proclaimed|proclamation|battle of|war of|(?:re)?captured|exiled|partition of)\b", re.I)),
    ("law", re.compile(r"\b(?:Article \d+|Section \d+|Act,? (?:of )?\d{4}|[Cc]onstitution(?:al)?|[Aa]mendment"
                       r"|Schedule)\b")),
)

# Not worth asking, whatever else the sentence says.
ITINERARY = re.compile(
    r"\b(?:will (?:then )?(?:travel|visit|fly|arrive|leave)|travel(?:s|led|ling)? to|itinerary|following (?:his|her|"
    r"their) stop|stop in|before leaving|is to arrive|are to arrive|to arrive in|arrived in|en route|will be in)\b",
    re.I)
ASIDE = re.compile(r"\b(?:said|says|told|tells|added|remarked|quipped|wrote|I think|in my view)\b")
QUOTED = re.compile(r"[“\"][^”\"]{12,}[”\"]")
METADATA = re.compile(r"\b(?:\d+\s+words|\d+\s+marks|visitors?|hits|page views|S\.\s?No|Sl\.\s?No|serial number"
                      r"|last updated|posted on|word limit)\b", re.I)
RELATIVE_DAY = re.compile(r"\b(?:yesterday|tomorrow|today|tonight|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday"
                          r"|Sunday)\b", re.I)
RELATIVE_MONTH = re.compile(r"\b(?:last|next|this|previous|coming)\s+(?:month|week)\b", re.I)
# Meeting logistics: who visited, met, co-chaired or attended, and when meetings were held. Without an
# outcome (signed, adopted, set up, launched, joined, agreed ...) a setter does not ask its date.
LOGISTICS = re.compile(r"\b(?:met|meets|arrived|co-?chaired|chaired|attended|held talks|called on"
                       r"|led (?:a|the) delegation|meetings? (?:was|were) held|(?:was|were) held|took place"
                       r"|commenced|began)\b", re.I)
OUTCOME = re.compile(r"\b(?:signed|adopted|established|set up|founded|came into force|entered into force|launched"
                     r"|ratified|joined|agreed|created|formed|inaugurated|became (?:a )?members?|admitted|approved"
                     r"|announced|declared|held that|ruled|struck down|upheld|overruled|quashed)\b", re.I)
APPROXIMATE = re.compile(r"\b(?:about|around|nearly|over|more than|less than|at least|some|roughly|approximately"
                         r"|a dozen|dozens|hundreds|thousands|millions)\b", re.I)
# Counts of these things matter (34 MLATs, 55 AU members); a count of prisoners or troops is news, not syllabus.
MATTERING_UNITS = re.compile(r"\b(?:countries|nations|states|members|treaties|agreements|MoUs|conventions|forces"
                             r"|districts|languages|schedules|articles|union territories|courses|centres|centers"
                             r"|seats|constituencies|organisations|organizations)\b", re.I)


VOTES = re.compile(r"\bvotes?\b|\b\d+\s*[-–]\s*\d+\s+vote\b", re.I)


@dataclass(frozen=True)
class Worth:
    score: int  # number of worth classes hit; 0 = neutral
    classes: tuple[str, ...]


def _text(fact: Fact) -> str:
    sentence = fact.sentence.quote if fact.sentence.quote else fact.source.quote
    return " ".join(f"{fact.label} {sentence}".split())


def drop_reason(fact: Fact) -> str | None:
    """Why a fact is not worth asking, or None."""
    text = _text(fact)
    sentence = " ".join((fact.sentence.quote or fact.source.quote).split())
    if fact.kind == "prompt":
        return None
    if METADATA.search(fact.source.quote) or (fact.kind == "count" and METADATA.search(sentence)):
        return "page metadata"
    if ITINERARY.search(text):
        return "travel itinerary"
    if (fact.kind == "date" and LOGISTICS.search(sentence) and not OUTCOME.search(sentence)
            and not re.search(r"\b(?:first|summit)\b", sentence, re.I)):
        return "meeting logistics without an outcome"
    if fact.kind == "date" and RELATIVE_DAY.search(fact.source.quote) and not OUTCOME.search(sentence):
        # "They met on Tuesday": the weekday of a meeting. "The CEPA … was signed yesterday" is the release's
        # news, resolved against its dateline (session 26's holdout PIB release gave no item at all)
        return "weekday or relative day of a meeting"
    if fact.kind == "date" and fact.resolved and RELATIVE_MONTH.search(fact.source.quote):
        # "Last month Pompeo told a Quad meeting in Tokyo": written 26 October of a 6 October meeting
        return "a month counted back or forward from the writing date"
    if QUOTED.search(sentence) and ASIDE.search(sentence):
        return "a quote or aside"
    if fact.kind == "count" and (fact.extra.get("qualifier") or APPROXIMATE.search(fact.source.quote)):
        return "an approximate figure"
    if fact.kind == "count" and VOTES.search(f"{fact.unit or ''} {fact.source.quote}"):
        # "214 votes", "by 454 votes to 2": who was present that day, not the provision (round 23b's reader)
        return "a vote tally"
    return None


def worth(fact: Fact) -> Worth | None:
    """The worth classes a fact hits, or None when it is not worth asking (`drop_reason`)."""
    if drop_reason(fact) is not None:
        return None
    text = _text(fact)
    classes = tuple(name for name, pattern in WORTH if pattern.search(text))
    if fact.kind == "count":
        unit = f"{fact.unit or ''} {fact.source.quote}"
        if MATTERING_UNITS.search(unit):
            classes = (*classes, "count")
        elif not classes:
            return None  # a count of nothing the syllabus asks about
    if fact.kind == "list" and fact.members:
        classes = (*classes, "list")
    return Worth(len(classes), classes)


def score(fact: Fact) -> int | None:
    w = worth(fact)
    return None if w is None else w.score


def cap(fact: Fact, closed: bool) -> int:
    """Items one fact may feed: 6 for a closed list of 10 or more members, 3 for one of 5 to 9, else 2 (issue 14)."""
    if fact.kind == "list" and closed and len(fact.members) >= 10:
        return 6
    if fact.kind == "list" and closed and len(fact.members) >= 5:
        return 3
    return 2
