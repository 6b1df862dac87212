"""Wrong options that are plausible and provably wrong.

A distractor must be of the same kind as the key (a country for a country, a
year for a year) and must never be true by any fact we hold, because a "wrong"
option that is actually right is a wrong answer key. Candidates come first from
what the documents themselves name (the countries a student has just read
about), then from pycountry so that small corpora still get four options.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from quizapp.banks import names
from quizapp.banks.corpus_cache import per_corpus
from quizapp.banks.types import Document, Fact


def normalise(name: str) -> str | None:
    """Canonical name (aliases folded: 'USA' -> 'United States') or None if not a name."""
    return names.normalise(name)


def key_of(name: str) -> str:
    """Comparison key: the canonical name case-folded, or the raw text case-folded.

    Every membership test in generation and in the checker goes through this,
    so 'Hongkong SAR' in a list and 'Hong Kong' as an option are one country.
    """
    return (names.normalise(name) or " ".join(name.split())).casefold()


@functools.cache
def _country_display() -> tuple[str, ...]:
    """Short, readable country names for the fallback pool, alphabetical (stable)."""
    return tuple(n for n in names.all_countries()
                 if len(n) <= 24 and "," not in n and "(" not in n and "Island" not in n and n not in _NOT_STATES)


_NOT_STATES = frozenset({"Antarctica", "Vatican City", "Western Sahara", "Palestine", "Taiwan", "Hong Kong", "Macau",
                         "Bouvet Island", "French Southern Territories", "Mayotte", "Réunion", "Guadeloupe",
                         "Martinique", "French Guiana", "Saint Barthélemy", "Saint Martin (French part)",
                         "Sint Maarten (Dutch part)", "Gibraltar", "Greenland", "Puerto Rico", "Guam", "Aruba"})


@functools.cache
def is_country(name: str) -> bool:
    """True for a state or territory under any alias names.py knows."""
    return names.kind_of(name) == "country"


def all_countries(members: Iterable[str]) -> bool:
    members = list(members)
    return bool(members) and all(is_country(m) for m in members)


def label_key(label: str) -> str:
    return re.sub(r"\s+", " ", label).strip().casefold()


@dataclass(frozen=True)
class Truth:
    """What the fact set says about one list question: who is in, who must never be a distractor."""

    members: frozenset[str]  # comparison keys of members by every fact with this label
    banned: frozenset[str]  # keys that may not be distractors (members, related lists, the label's own names)


@dataclass
class _Index:
    """Per-corpus lookups, built once: generation calls truth_for/country_pool per list fact."""

    lists: list[tuple[Fact, frozenset[str]]]
    by_label: dict[str, set[str]]
    named: list[tuple[str, str, str]]  # (document, display name, key) in corpus order, first per key and document
    joining: frozenset[str]  # countries named in a sentence about joining, candidacy or observer status
    joining_by_doc: dict[str, frozenset[str]]  # the same, per document


@per_corpus
def _index(corpus: Sequence[Fact]) -> _Index:
    lists: list[tuple[Fact, frozenset[str]]] = []
    by_label: dict[str, set[str]] = {}
    named: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for f in corpus:
        if f.kind == "list":
            keys = frozenset(key_of(m) for m in f.members)
            lists.append((f, keys))
            if f.label:
                by_label.setdefault(label_key(f.label), set()).update(keys)
        names_ = f.members if f.kind == "list" else f.cells if f.kind == "table_row" else ()
        for m in names_:
            if is_country(m):
                k = key_of(m)
                if (f.source.document, k) not in seen:
                    seen.add((f.source.document, k))
                    named.append((f.source.document, normalise(m) or m, k))
    joining: set[str] = set()
    by_doc: dict[str, set[str]] = {}
    for f in corpus:
        text = f.sentence.quote or f.source.quote or ""
        if _JOINING.search(text):
            found = {key_of(c) for c in countries_in(text)} - {key_of(a) for a in ALWAYS_BANNED}
            joining |= found
            by_doc.setdefault(f.source.document, set()).update(found)
    idx = _Index(lists, by_label, named, frozenset(joining), {d: frozenset(k) for d, k in by_doc.items()})
    return idx


# Signed and still waiting for ratification or entry into force. Two lists of one document in that
# state make each other's members near-true: Nepal signed the SAARC Convention on Mutual Assistance
# in Criminal Matters and has not ratified it, so "Nepal: an MLAT signed but yet to be ratified" is
# no safe "false". ("In force" and "yet to be ratified" are opposite states, and good distractors.)
_PENDING = re.compile(
    r"yet to be (?:ratified|in force)|not (?:yet )?(?:ratified|in force)|pending ratification"
    r"|ratification\b.*\b(?:awaited|pending)|yet to (?:come|enter) into force", re.IGNORECASE)


def pending(label: str) -> bool:
    return bool(_PENDING.search(label or ""))


ALWAYS_BANNED = ("India",)  # every bank is read from India's side: 'India' as a wrong option is a trap, not a test


def truth_for(fact: Fact, corpus: Sequence[Fact], doc: Document, exempt: frozenset[str] = frozenset()) -> Truth:
    """Collect every member of every list with the same label, across all documents.

    What else is banned as a distractor, and why:
    - members of lists in the same block (a paragraph listing 'agreements with
      A, B' and 'MoUs with C, D' makes C a near-true answer);
    - members of any list the key's list is a subset of ('MLATs in force with
      these ASEAN members' is part of 'MLATs in force with 34 countries', so
      Australia is not a safe 'NOT in force' key);
    - members of other lists in the same document that are also signed and
      pending ('MLATs signed but yet to be ratified' and 'whose ratification of
      the Convention on Mutual Assistance in Criminal Matters is awaited');
    - countries named in the key's own block or label ('... following his stop
      in New Delhi ... leaving India'), and India itself.
    """
    idx = _index(corpus)
    own = {key_of(m) for m in fact.members}
    members = own | (idx.by_label.get(label_key(fact.label), set()) if fact.label else set())
    banned = set(members)
    for other, theirs in idx.lists:
        if other.id == fact.id:
            continue
        if len(own) >= 2 and len(own) <= len(theirs) and own <= theirs:
            banned |= theirs
        elif other.source.document == fact.source.document and (
                same_block(doc.text, fact, other) or (pending(fact.label) and pending(other.label))):
            banned |= theirs
    for word in [*_label_names(fact.label), *countries_in(block_text(doc, fact)), *ALWAYS_BANNED]:
        banned.add(key_of(word))
    banned |= idx.joining - exempt
    banned |= _lone_outsiders(fact.members)
    return Truth(frozenset(members), frozenset(banned))


# A sentence about joining, candidacy or observer status: the countries it names may be members by
# now (Timor-Leste joined ASEAN in 2025), so they are never safe "non-members" anywhere in the corpus.
_JOINING = re.compile(r"\b(?:observers?|observer status|candidates?|candidacy|applicants?|applied|application"
                      r"|accession|aspir\w*|admitted|admission|join(?:ed|s|ing)?|new(?:est)? members?"
                      r"|membership bid|dialogue partners?)\b", re.IGNORECASE)


def _lone_outsiders(members: Sequence[str]) -> set[str]:
    """The one or two states of a sub-region that a list covers all but: likely later joiners.

    A list holding ten of the eleven South-east Asian states is a regional grouping, and the state it
    leaves out is its next member or observer (Timor-Leste and ASEAN), not a safe wrong option.
    """
    from quizapp.banks.generate.regions import countries_of, region_of

    keys = {key_of(m) for m in members}
    out: set[str] = set()
    for region in {r[0] for r in (region_of(m) for m in members) if r is not None}:
        states = [c for c in countries_of(region) if c not in _NOT_STATES]
        missing = [c for c in states if key_of(c) not in keys]
        inside = len(states) - len(missing)
        if inside >= 4 and 0 < len(missing) <= max(1, len(states) // 5):
            out |= {key_of(c) for c in missing}
    return out


def block_text(doc: Document, fact: Fact) -> str:
    """The paragraph or bullet around the fact (its segmenter block, or up to blank lines)."""
    for b in doc.blocks:
        if b.start <= fact.source.start < b.end or b.start <= fact.sentence.start < b.end:
            lo = min(b.start, fact.sentence.start, fact.source.start)
            hi = max(b.end, fact.sentence.end, fact.source.end)
            return doc.text[lo:hi]
    lo = doc.text.rfind("\n\n", 0, fact.source.start)
    hi = doc.text.find("\n\n", fact.source.end)
    return doc.text[lo + 1 if lo >= 0 else 0: hi if hi >= 0 else len(doc.text)]


def countries_in(text: str) -> list[str]:
    """Country names written in ``text`` (word n-grams up to four words, via names.py)."""
    words = re.findall(r"[A-Z][\w’'&.-]*(?:\s+(?:of|and|the|&)?\s*[A-Z][\w’'&.-]*)*", text)
    out: list[str] = []
    for phrase in words:
        parts = phrase.split()
        for n in range(min(4, len(parts)), 0, -1):
            for i in range(len(parts) - n + 1):
                chunk = " ".join(parts[i:i + n])
                if is_country(chunk):
                    out.append(chunk)
    return out


_BLOCK_BREAK = re.compile(r"\n[ \t]*(?:\n|[•·▪●◦*]|\(?[ivx]+\)|\d+\.)")


def same_block(text: str, a: Fact, b: Fact) -> bool:
    """Same paragraph or bullet: no blank line or new bullet between the two spans."""
    lo, hi = sorted([a.source, b.source], key=lambda s: s.start)
    if hi.start <= lo.end:
        return True
    return _BLOCK_BREAK.search(text[lo.end:hi.start]) is None


def _label_names(label: str) -> list[str]:
    """Countries the label itself names ('... with India')."""
    return countries_in(label)


@dataclass(frozen=True)
class Pool:
    """Wrong candidates: ``named`` by the documents (preferred), ``extra`` from pycountry."""

    named: tuple[str, ...]
    extra: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.named) + len(self.extra)

    def ordered(self) -> tuple[str, ...]:
        return self.named + self.extra


def country_pool(fact: Fact, corpus: Sequence[Fact], truth: Truth) -> Pool:
    """Candidate wrong countries, each once, never true by the fact set.

    Document-named ones come in corpus order (the key's own document first);
    the pycountry fallback is shuffled by a stable hash so fallback options are
    not all from the start of the alphabet. Display is the normalised name so
    an option never shows a source's misspelling ('Afganistan').
    """
    from quizapp.banks.generate.regions import nearness, region_of

    idx = _index(corpus)
    where = [r for r in (region_of(m) for m in fact.members) if r is not None]
    seen: set[str] = set()
    named: list[str] = []
    doc_id = fact.source.document
    for pass_own in (True, False):
        for document, display, k in idx.named:
            if (document == doc_id) != pass_own or k in truth.banned or k in seen:
                continue
            seen.add(k)
            named.append(display)
            if len(named) >= MAX_NAMED:
                break
        if len(named) >= MAX_NAMED:
            break
    extra = [c for c in _country_display() if key_of(c) not in truth.banned and key_of(c) not in seen]
    extra.sort(key=lambda c: hashlib.sha1(c.encode("utf-8")).hexdigest())
    if not where:
        return Pool(tuple(named), tuple(extra))
    # Only the members' own UN sub-regions and the sub-regions bordering them: a Gulf state or a
    # Central Asian one among South-east Asian options is spotted at a glance. The documents' own
    # countries come first; too few near candidates and the caller makes no item.
    tier = {c: nearness(c, where) for c in (*named, *extra)}
    named = [c for c in named if tier[c] <= 1]
    extra = sorted((c for c in extra if tier[c] <= 1), key=lambda c: tier[c])
    return Pool(tuple(named), tuple(extra[:MAX_EXTRA]))


MIN_NEAR = 8  # candidates from the nearest tiers before a farther tier is opened
MAX_EXTRA = 24  # the nearest fallback names only: pick() walks the whole list
MAX_NAMED = 48  # enough variety; scanning further costs time on big corpora
MIN_NAMED = 6  # below this, document-named distractors would repeat too visibly


def pick(pool: Pool, n: int, seed: int, avoid: Iterable[str] = (), like: str | None = None) -> list[str]:
    """n distinct wrong options, from the document-named candidates when there are enough.

    The seed sets where the walk starts and its stride, so items of one list
    spread over all candidates instead of reusing the first three. With ``like``
    (the key), candidates of similar length come first, so the key is not the
    one long or short option.
    """
    if n <= 0:
        return []
    if like is not None:
        pool = _similar_length(pool, like, n)
    avoid_keys = {key_of(a) for a in avoid}
    out: list[str] = []
    # with few document-named candidates, take at most two per item so they do not all
    # reappear as the same trio; the rest comes from the shuffled pycountry names
    quota = n if len(pool.named) >= MIN_NAMED else min(n, 2)
    for cands, limit in ((pool.named, quota), (pool.named + pool.extra, n)):
        if not cands:
            continue
        stride = _coprime_stride(len(cands), seed)
        for step in range(len(cands)):
            if len(out) >= limit:
                break
            cand = cands[(seed + step * stride) % len(cands)]
            k = key_of(cand)
            if k in avoid_keys or any(key_of(o) == k for o in out):
                continue
            out.append(cand)
    return out


def _similar_length(pool: Pool, key: str, n: int) -> Pool:
    """The pool cut to names within half the key's length (at least 6 characters) of it, when enough remain."""
    slack = max(6, len(key) // 2)

    def close(c: str) -> bool:
        return abs(len(c) - len(key)) <= slack

    named = tuple(c for c in pool.named if close(c))
    extra = tuple(c for c in pool.extra if close(c))
    return Pool(named, extra) if len(named) + len(extra) >= max(n, 3) else pool


def _coprime_stride(size: int, seed: int) -> int:
    for stride in (7, 5, 3, 11, 13, 1):
        if math.gcd(stride, size) == 1:
            return stride
    return 1


def near_years(key: int, below: int, above: int, forbidden: Iterable[int], latest: int | None) -> list[int]:
    """Years close to the key: ``below`` earlier and ``above`` later, none forbidden.

    Forbidden holds every year that is correct for the same event (other dates
    in the sentence, same-label facts), so no option is right by accident.
    Years after ``latest`` (the document date) are skipped: a future year gives
    itself away.
    """
    bad = set(forbidden) | {key}
    lower: list[int] = []
    y = key - 1
    while len(lower) < below and y > key - 40:
        if y not in bad:
            lower.append(y)
        y -= 1
    upper: list[int] = []
    y = key + 1
    while len(upper) < above and y < key + 40:
        if y not in bad and (latest is None or y <= latest):
            upper.append(y)
        y += 1
    if len(upper) < above:  # too close to the document date: take more from below
        y = (lower[-1] if lower else key) - 1
        while len(lower) + len(upper) < below + above and y > key - 60:
            if y not in bad:
                lower.append(y)
            y -= 1
    return sorted(lower + upper)


# "among them", "including", "such as", "for example", "some of", "like", "and others": the list is open.
_OPEN = re.compile(r"\b(?:among (?:them|others|these|which)|including|includes?|such as|for example|for instance"
                   r"|e\.g\.|some of|like|and others|etc\.?|amongst them)\b", re.I)


def closed_list(fact: Fact) -> bool:
    """Whether a list is declared complete, so that what it leaves out is provably false.

    The extractor's ``extra["closed"]`` decides when present; otherwise the
    list is closed only when its sentence has none of the open markers and the
    extractor did not mark it incomplete. Exclusion styles rest only on closed lists.
    """
    flag = fact.extra.get("closed")
    if isinstance(flag, bool):
        return flag
    if _OPEN.search(fact.sentence.quote or fact.source.quote or ""):
        return False
    return bool(fact.extra.get("complete", True))


# -- s24: distractors a setter would write for a regional grouping ----------------------------------

RELATED_SHARED = 2  # members two closed lists share before one is a related grouping of the other


def displayable(name: str) -> bool:
    """A state a setter prints as an option: no territory, no long or bracketed official name."""
    return len(name) <= 24 and "," not in name and "(" not in name and "Island" not in name and name not in _NOT_STATES


def regional_candidates(fact: Fact, key: str, corpus: Sequence[Fact], truth: Truth) -> tuple[Pool, Pool] | None:
    """(same sub-region as the key, every other plausible option) for a single-answer item on a
    regional list, or None when the list is not regional (geography then gives nothing away).

    Plausible means, for a grouping such as BIMSTEC or ASEAN: a state of the key's own sub-region,
    a member of a related grouping the fact base holds (a closed list sharing members with this one),
    (itself regional) or a state of another member's sub-region; never a state merely of a bordering sub-region (South
    Korea or Japan for BIMSTEC). Every candidate is outside the truth's banned set, so it is proven
    false by the closed list under every loaded document. Document-named states come first.
    """
    from quizapp.banks.generate.regions import outside_middle_east, regional, sub_region

    members = list(fact.members)
    if not regional(members):
        return None
    home = sub_region(key)
    if home is None:
        return None
    idx = _index(corpus)
    member_regions = {r for r in (sub_region(m) for m in members) if r is not None}
    own = {key_of(m) for m in members}
    related: list[str] = []
    for other, theirs in idx.lists:
        if (other.id != fact.id and closed_list(other) and len(own & theirs) >= RELATED_SHARED
                and regional(list(other.members))):  # a grouping, not 34 treaty partners
            related += [normalise(m) or m for m in other.members if is_country(m)]
    named = {k for _d, _display, k in idx.named}

    def ok(name: str) -> bool:
        k = key_of(name)
        return k not in truth.banned and displayable(name) and outside_middle_east(name, members)

    from quizapp.banks.generate.regions import countries_of

    same = [c for c in countries_of(home) if ok(c)]
    near = [c for r in sorted(member_regions - {home}) for c in countries_of(r) if ok(c)]
    near += [c for c in related if ok(c)]
    near = list(dict.fromkeys(c for c in near if key_of(c) not in {key_of(s) for s in same}))

    def split(cands: list[str]) -> Pool:
        return Pool(tuple(c for c in cands if key_of(c) in named), tuple(c for c in cands if key_of(c) not in named))

    return split(same), split(near)


def lone_in_region(key: str, others: Sequence[str], members: Sequence[str]) -> bool:
    """Whether, on a regional list, the key is the only option of its UN sub-region: then geography,
    not knowledge, picks it out (Nepal the one South Asian option for BIMSTEC)."""
    from quizapp.banks.generate.regions import regional, sub_region

    if not regional(list(members)):
        return False
    home = sub_region(key)
    return home is not None and all(sub_region(o) != home for o in others)


def regional_pool(fact: Fact, corpus: Sequence[Fact], truth: Truth) -> Pool | None:
    """Every plausible wrong state for a regional grouping's how-many, statements and NOT items: the
    members' own sub-regions and related groupings (`regional_candidates` for each member's sub-region),
    document-named ones first; None when the list is not regional."""
    named: dict[str, None] = {}
    extra: dict[str, None] = {}
    for member in fact.members:
        found = regional_candidates(fact, member, corpus, truth)
        if found is None:
            return None
        for pool in found:
            named.update(dict.fromkeys(pool.named))
            extra.update(dict.fromkeys(pool.extra))
    extra = {c: None for c in extra if c not in named}
    ordered = sorted(extra, key=lambda c: hashlib.sha1(c.encode("utf-8")).hexdigest())
    return _bordering_first(fact, corpus, truth, Pool(tuple(named), tuple(ordered)))


_OF_BODY = re.compile(r"\bof\s+(?:the\s+)?(?P<body>[A-Z][\w'’-]*(?:\s+(?:of\s+|for\s+|and\s+)?[A-Z][\w'’-]*)*)$")


def _sibling_rolls(fact: Fact, corpus: Sequence[Fact]) -> list[Fact]:
    """Closed rolls of states of the same body ("… of the Arctic Council") on the fact's page, sharing no member."""
    m = _OF_BODY.search(fact.label or "")
    if m is None:
        return []
    own = {key_of(x) for x in fact.members}
    out = []
    for other in corpus:
        if (other.kind != "list" or other.id == fact.id or other.source.document != fact.source.document
                or not closed_list(other) or not all_countries(other.members)):
            continue
        theirs = _OF_BODY.search(other.label or "")
        if theirs is not None and theirs["body"] == m["body"] and not own & {key_of(x) for x in other.members}:
            out.append(other)
    return out


def sibling_exempt(fact: Fact, corpus: Sequence[Fact]) -> frozenset[str]:
    """States the joining ban need not cover for this fact: those of a sibling roll whose only sentence about
    observers or joining is that roll's own page. The page's closed roll of members leaves them out as of
    the page's date, which every item states; a later page saying one joined keeps the ban."""
    idx = _index(corpus)
    elsewhere = set().union(*(k for d, k in idx.joining_by_doc.items() if d != fact.source.document))
    return frozenset(key_of(x) for r in _sibling_rolls(fact, corpus) for x in r.members) - elsewhere


def sibling_pool(fact: Fact, corpus: Sequence[Fact], truth: Truth) -> Pool | None:
    """The states of another roll of the same body on the same page, when it has three the fact base proves
    false: a setter's wrong member of the Arctic Council is one of its observers (Japan, India), and its
    wrong observer a member (Iceland), not a state merely near on the map (session 28's holdout offered
    Jersey and Romania). None when the page holds no such roll."""
    found = [normalise(x) or x for r in _sibling_rolls(fact, corpus) for x in r.members if key_of(x) not in truth.banned]
    found = list(dict.fromkeys(c for c in found if displayable(c)))
    return Pool(tuple(found), ()) if len(found) >= 3 else None


MIN_BORDERING = 3  # land neighbours a grouping needs before they alone are its wrong options


def _bordering_first(fact: Fact, corpus: Sequence[Fact], truth: Truth, pool: Pool) -> Pool:
    """The grouping's land neighbours, when it has enough: a setter's non-member of ASEAN is Bangladesh,
    China or Papua New Guinea, states on its borders, not Nepal, which a related grouping shares
    (rounds 12 and 13's readers). A neighbour by land may lie in a sub-region no member is in (Papua
    New Guinea beside Indonesia); a state merely near on the map (Japan, South Korea) is none."""
    from quizapp.banks.generate.regions import borders, outside_middle_east

    members = list(fact.members)
    named_keys = {k for _d, _display, k in _index(corpus).named}
    seen = {key_of(c) for c in pool.ordered()}
    beside = [c for c in _country_display()
              if key_of(c) not in truth.banned and displayable(c) and outside_middle_east(c, members)
              and any(borders(c, m) for m in members)]
    if len(beside) < MIN_BORDERING:
        return pool
    keys = {key_of(c) for c in beside}
    named = tuple(c for c in pool.named if key_of(c) in keys) + tuple(
        c for c in beside if key_of(c) in named_keys and key_of(c) not in seen)
    extra = tuple(c for c in pool.extra if key_of(c) in keys) + tuple(sorted(
        (c for c in beside if key_of(c) not in named_keys and key_of(c) not in seen),
        key=lambda c: hashlib.sha1(c.encode("utf-8")).hexdigest()))
    return Pool(named, extra)


# -- s25: a named grouping whose members the document counts ("known as the Quad" … "all four countries") ---

GROUPING_TOUCH = 2  # members in or beside a wrong option's sub-region (`regions.touching`)


def _name_words(name: str) -> set[str]:
    return {w for w in re.findall(r"[A-Z][\w-]+", name) if w not in ("The", "A", "An")}


def grouping_truth(fact: Fact, name: str, corpus: Sequence[Fact], doc: Document) -> Truth | None:
    """What the corpus says about a named grouping's members, or None when it says two things.

    ``fact`` is the grouping as a closed list. Any other loaded fact under the same name (a list whose
    label names it, or another "known as" grouping with that name) must list no state outside this one's
    members: a document naming a fifth member makes the closed list doubtful, and no item is made. Every
    state named in a sentence that names the grouping is banned (a "Quad meeting" with a guest, a "Quad
    Plus" partner), as are the usual `truth_for` bans (joining and observer sentences, India).
    """
    words = _name_words(name)
    if not words:
        return None
    own = {key_of(m) for m in fact.members}
    truth = truth_for(fact, corpus, doc)
    banned = set(truth.banned)
    for other in corpus:
        if other.id == fact.id:
            continue
        text = other.sentence.quote or ""
        names_it = words <= set(re.findall(r"[A-Z][\w-]+", f"{other.label} {text}"))
        if not names_it:
            continue
        theirs: set[str] = set()
        if other.kind == "list" and words <= set(re.findall(r"[A-Z][\w-]+", other.label)):
            theirs = {key_of(m) for m in other.members}
        elif other.kind == "event" and other.extra.get("rule") == "known_as" and \
                key_of(str(other.extra.get("answer", ""))) == key_of(name):
            theirs = {key_of(m) for m in other.extra.get("members", ())}
        if theirs - own:
            return None  # another document counts another state in: the membership is in doubt
        banned |= {key_of(c) for c in countries_in(text)} - own
    return Truth(truth.members | own, frozenset(banned | own))


def grouping_pool(fact: Fact, corpus: Sequence[Fact], truth: Truth) -> Pool:
    """Wrong states for a grouping across sub-regions: in or beside the sub-regions of two or more members
    (`regions.touching`), never banned, document-named ones first, the rest in a stable shuffled order."""
    from quizapp.banks.generate.regions import outside_middle_east, touching

    members = list(fact.members)
    named_keys = {k for _d, _display, k in _index(corpus).named}
    cands = [c for c in _country_display() if key_of(c) not in truth.banned and outside_middle_east(c, members)
             and touching(c, members) >= GROUPING_TOUCH]
    named = tuple(c for c in cands if key_of(c) in named_keys)
    extra = sorted((c for c in cands if key_of(c) not in named_keys),
                   key=lambda c: hashlib.sha1(c.encode("utf-8")).hexdigest())
    return Pool(named, tuple(extra))
