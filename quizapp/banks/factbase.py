"""What every loaded document says, keyed by what it is about.

A distractor is a claim that something is false. One document cannot prove
that: another may list the "wrong" country as a treaty partner, or date the
same event differently. So facts from all documents are pooled here, keyed
by (subject, relation) after name normalisation, and a question may treat a
value as false only when no document makes it true and a closed list (or a
dated fact) rules it out.

Everything is a dict lookup: the key of a fact, the keys sharing a subject
and a relation word, the documents naming a member. A build of N documents
does O(N) work here, never a scan of every pair of facts.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from quizapp.banks import names
from quizapp.banks.types import Fact

Key = tuple[str, str]  # (subject, relation): canonical names joined by " & ", sorted relation words

# Relations this close (Jaccard on their words) are taken to be the same relation phrased apart.
SIMILAR = 0.6

_STOP = frozenset("""
a an the of in on at to for with by from and or but as is are was were be been being has have had do does did
which who whom whose that this these those it its their they them he she his her so far already also such
there here than then into over under about after before during since until while will would shall should may
might can could not no nor only own same other others both each all any some more most many much very just
countries country items item states state following namely said stated per upon via
""".split())
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_CAPS = re.compile(r"[A-Z][\w'’&.-]*(?:\s+(?:of\s+|and\s+|&\s+|for\s+|the\s+)?[A-Z][\w'’&.-]*){0,6}")
_BLANK = re.compile(r"_{2,}|\[(?:when|how many)\?\]")


def member_key(value: str) -> str:
    """Comparison key of a member or cell: the canonical name, case-folded."""
    return (names.normalise(value) or " ".join(str(value).split())).casefold()


def _stem(word: str) -> str:
    w = word.casefold().replace("’", "'").strip("'-")
    if w in ("members", "member"):
        return "member"
    for suffix in ("ies", "es", "s"):
        if len(w) > 4 and w.endswith(suffix):
            return w[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return w


@lru_cache(maxsize=65536)
def key_of_text(text: str) -> Key:
    """(subject, relation) of a phrase: the names it contains, and its other content words."""
    subjects: set[str] = set()
    matched: set[str] = set()  # the words of the names as written ("Association of Southeast Asian Nations")
    for m in _CAPS.finditer(text):
        words = m.group().split()
        i = 0
        while i < len(words):
            for n in range(min(6, len(words) - i), 0, -1):
                phrase = " ".join(words[i : i + n])
                canon = names.normalise(phrase, fuzzy=False)
                if canon is not None:
                    subjects.add(canon)
                    matched.update(w.casefold() for w in _WORD.findall(phrase))
                    i += n
                    break
            else:
                i += 1
    name_words = {w.casefold() for s in subjects for w in _WORD.findall(s)} | matched
    rel = sorted({_stem(w) for w in _WORD.findall(_BLANK.sub(" ", text))
                  if w.casefold() not in _STOP and w.casefold() not in name_words and len(w) > 1})
    return " & ".join(sorted(subjects)), " ".join(rel)


def fact_text(fact: Fact) -> str:
    """The words that say what a fact is about, without its value."""
    if fact.kind == "date":
        return str(fact.extra.get("event") or fact.extra.get("cloze") or fact.label)
    if fact.kind == "count":
        return f"{fact.extra.get('cloze') or fact.label} {fact.unit or ''}"
    if fact.kind == "table_row":
        header = fact.extra.get("header")
        return f"{fact.label} {' '.join(map(str, header)) if isinstance(header, (list, tuple)) else ''}"
    return fact.label


def fact_key(fact: Fact) -> Key:
    return key_of_text(fact_text(fact))


def is_closed(fact: Fact) -> bool:
    """A list (or table) the text declares complete. Anything not proven closed is open."""
    if fact.kind == "table_row":
        return fact.extra.get("open") is False
    return fact.kind == "list" and fact.extra.get("closed") is True


@dataclass(frozen=True)
class Claim:
    document: str
    fact: str  # fact id
    value: str


@dataclass(frozen=True)
class Conflict:
    """Two or more documents giving different values for one (subject, relation)."""

    kind: str  # "count" | "date" | "list"
    subject: str
    relation: str
    claims: tuple[Claim, ...]

    def __str__(self) -> str:
        what = f"{self.subject}: {self.relation}" if self.subject else self.relation
        said = "; ".join(f"{c.document} says {c.value}" for c in self.claims)
        return f"conflict ({self.kind}) on {what!r}: {said}"


class FactBase:
    """Facts of every loaded document, indexed by key, by member and by relation word."""

    def __init__(self) -> None:
        self.facts: dict[str, Fact] = {}
        self.key: dict[str, Key] = {}
        self.by_key: dict[Key, list[Fact]] = defaultdict(list)
        # key -> member key -> the first two documents whose list (or table) under that key names it:
        # enough to answer "does a document other than this one say so", at a cost that does not grow
        self.members: dict[Key, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.closed_keys: set[Key] = set()
        self.dates: dict[Key, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))  # as members
        self.years: dict[tuple[Key, str], list[str]] = defaultdict(list)  # (key, year) -> first two documents
        self._by_word: dict[tuple[str, str], set[Key]] = defaultdict(set)
        self._similar: dict[Key, tuple[Key, ...]] = {}
        self._conflicts: list[Conflict] | None = None

    def __len__(self) -> int:
        return len(self.facts)

    @classmethod
    def from_facts(cls, facts: Iterable[Fact]) -> FactBase:
        base = cls()
        for f in facts:
            base.add(f)
        return base

    def add(self, fact: Fact) -> None:
        k = fact_key(fact)
        self.facts[fact.id] = fact
        self.key[fact.id] = k
        if not self.by_key[k]:
            for word in k[1].split():
                self._by_word[(k[0], word)].add(k)
        self.by_key[k].append(fact)
        values = fact.members if fact.kind == "list" else fact.cells if fact.kind == "table_row" else ()
        for v in values:
            docs = self.members[k][member_key(v)]
            if len(docs) < 2 and fact.source.document not in docs:
                docs.append(fact.source.document)
        if fact.kind == "date" and fact.value:
            for docs in (self.dates[k][fact.value], self.years[(k, fact.value[:4])]):
                if len(docs) < 2 and fact.source.document not in docs:
                    docs.append(fact.source.document)
        if fact.kind == "list" and is_closed(fact):
            self.closed_keys.add(k)
        self._similar.clear()
        self._conflicts = None

    # -- lookups ---------------------------------------------------------------------------------

    def related(self, k: Key) -> tuple[Key, ...]:
        """Keys with the same subject whose relation words overlap enough to be the same relation."""
        if k in self._similar:
            return self._similar[k]
        mine = set(k[1].split())
        candidates: set[Key] = {k}
        for word in mine:
            candidates |= self._by_word.get((k[0], word), set())
        out = []
        for other in candidates:
            theirs = set(other[1].split())
            union = mine | theirs
            if other == k or (union and len(mine & theirs) / len(union) >= SIMILAR):
                out.append(other)
        self._similar[k] = tuple(sorted(out))
        return self._similar[k]

    def _key(self, fact: Fact) -> Key:
        return self.key.get(fact.id) or fact_key(fact)

    def true_elsewhere(self, fact: Fact, value: str) -> list[str]:
        """Documents other than the fact's own that list ``value`` under this or a related key (at most two)."""
        v = member_key(value)
        docs: set[str] = set()
        for k in self.related(self._key(fact)):
            docs.update(self.members.get(k, {}).get(v, ()))
        docs.discard(fact.source.document)
        return sorted(docs)

    def could_be_true(self, fact: Fact, value: str) -> bool:
        """Whether ``value`` may be a member for this fact's (subject, relation) under any document.

        True when some document lists it, and also when nothing proves it
        false: an open list says nothing about what it leaves out. False only
        when a closed list under this (or a related) key exists and no list
        under those keys names the value.
        """
        v = member_key(value)
        keys = self.related(self._key(fact))
        if any(v in self.members.get(k, {}) for k in keys):
            return True
        if is_closed(fact):
            return False
        return not any(k in self.closed_keys for k in keys)

    def year_elsewhere(self, fact: Fact, year: str) -> bool:
        """Whether a document other than the fact's own dates this fact's event in ``year``."""
        return any(d != fact.source.document for d in self.years.get((self._key(fact), year.strip()), ()))

    def date_values(self, fact: Fact) -> dict[str, set[str]]:
        """Value -> documents, for date facts under this fact's key (other years are other claims)."""
        return {value: set(docs) for value, docs in self.dates.get(self._key(fact), {}).items()}

    # -- conflicts -------------------------------------------------------------------------------

    def conflicts(self) -> list[Conflict]:
        """Keys on which documents disagree: counts, dates, or closed lists of different sizes."""
        if self._conflicts is not None:
            return self._conflicts
        out: list[Conflict] = []
        for k in sorted(self.by_key):
            facts = self.by_key[k]
            if len({f.source.document for f in facts}) < 2 or not k[1]:
                continue
            for kind, value in (("count", _count_value), ("date", _date_value), ("list", _list_value)):
                claims: dict[tuple[str, str], Claim] = {}
                for f in facts:
                    val = value(f)
                    if val is not None:
                        claims.setdefault((f.source.document, val), Claim(f.source.document, f.id, val))
                if len({c.value for c in claims.values()}) > 1 and len({c.document for c in claims.values()}) > 1:
                    out.append(Conflict(kind, k[0], k[1], tuple(sorted(claims.values(), key=lambda c: (c.document, c.value)))))
        self._conflicts = out
        return out

    def conflicting_fact_ids(self) -> set[str]:
        return {c.fact for conflict in self.conflicts() for c in conflict.claims}


def _count_value(f: Fact) -> str | None:
    if f.kind != "count" or f.number is None:
        return None
    return str(int(f.number)) if float(f.number).is_integer() else str(f.number)


def _date_value(f: Fact) -> str | None:
    return f.value if f.kind == "date" and f.value else None


def _list_value(f: Fact) -> str | None:
    return f"{len(f.members)} members" if f.kind == "list" and is_closed(f) else None
