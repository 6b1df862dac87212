"""Geography facts: the tri-junction a named place lies on.

Why a fact of its own: "Doklam on the India-Bhutan-China tri-junction" is map
knowledge a setter asks ("lies at the tri-junction of which of the following?"),
and it is one of the few shapes where the corpus proves wrong options false: a
place lies at exactly one tri-junction, so any other triple of states is wrong
for it. The rule takes only "<Place> on/at the A-B-C tri-junction" and
"<Place> on/at the tri-junction of A, B and C" (also "<Place> lies at …") with three distinct countries;
"near the tri-junction" says the place is not on it and gives nothing, and so
does a hedged sentence. ``extra`` carries the three states in the source's
order, so the generator can swap one of them for a neighbour.
"""

from __future__ import annotations

import re

from quizapp.banks import names
from quizapp.banks.extract.common import make_fact, squash
from quizapp.banks.types import Document, Fact

__all__ = ["extract_geo"]

_C = r"[A-Z][a-z]+"
_PLACE = r"(?P<place>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)"
_TRI = r"tri-?junction"
# "Doklam on the India-Bhutan-China tri-junction", "Doklam, at the India–Bhutan–China trijunction"
_HYPHENED = re.compile(
    rf"(?<![\w’'-]){_PLACE},?\s+(?:(?:which\s+)?(?:lies|is\s+located)\s+|lying\s+)?(?:on|at)\s+the\s+"
    rf"(?P<a>{_C})[-–](?P<b>{_C})[-–](?P<c>{_C})\s+{_TRI}\b")
# "Doklam, at the tri-junction of India, Bhutan and China"
_LISTED = re.compile(
    rf"(?<![\w’'-]){_PLACE},?\s+(?:(?:which\s+)?(?:lies|is\s+located)\s+|lying\s+)?(?:on|at)\s+the\s+{_TRI}\s+of\s+"
    rf"(?P<a>{_C}),\s+(?P<b>{_C}),?\s+and\s+(?P<c>{_C})\b")
_HEDGE = re.compile(r"\b(?:could|may|might|would|perhaps|possibly|probably|reportedly|allegedly|if|whether|"
                    r"claimed|claims)\b|\?")
_NOT_PLACE = {"The", "A", "An", "This", "That", "It", "Its", "Their", "His", "Her", "At", "On", "In"}


def _country(word: str) -> bool:
    return names.kind_of(word) == "country"


def extract_geo(doc: Document) -> list[Fact]:
    out: list[Fact] = []
    for sent in doc.sentences:
        text = sent.text
        if "unction" not in text:
            continue  # every rule needs "tri-junction" or "trijunction"
        for rx in (_HYPHENED, _LISTED):
            for m in rx.finditer(text):
                place = m.group("place")
                parts = [m.group(k) for k in ("a", "b", "c")]
                if place.split()[0] in _NOT_PLACE or _country(place) or not all(_country(p) for p in parts):
                    continue
                keys = {names.normalise(p) for p in parts}
                if len(keys) != 3 or _HEDGE.search(text[:m.end()]):
                    continue
                start, end = sent.start + m.start("a"), sent.start + m.end("c")
                members = [squash(p) for p in parts]
                answer = f"{members[0]}, {members[1]} and {members[2]}"
                extra = {"rule": "trijunction", "place": place, "countries": members, "answer": answer,
                         "what": "tri-junction"}
                out.append(make_fact(doc, "event", start, end, (sent.start, sent.end), ["trijunction", place, members],
                                     label=f"trijunction: {place}", extra=extra))
    return out
