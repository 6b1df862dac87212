"""UPSC-style multiple choice: four options, one key, the key computed from facts.

Every style's key is derived from membership in the fact set (never typed in),
and key positions are assigned per fact by rank of item id, so a bank has keys
spread evenly and an edit to one sentence moves no other item's key.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from quizapp.banks import names, salience
from quizapp.banks.corpus_cache import per_corpus
from quizapp.banks.extract.lists import declared_complete
from quizapp.banks.generate import common
from quizapp.banks.generate.asking import date_question
from quizapp.banks.generate.distractors import (
    ALWAYS_BANNED,
    Pool,
    Truth,
    all_countries,
    closed_list,
    country_pool,
    displayable,
    grouping_pool,
    grouping_truth,
    key_of,
    lone_in_region,
    near_years,
    pick,
    regional_candidates,
    regional_pool,
    sibling_exempt,
    sibling_pool,
    truth_for,
)
from quizapp.banks.types import Document, Fact, Item, Source

HOW_MANY_OPTIONS = ("Only one", "Only two", "All three", "None")
STATEMENT_OPTIONS = ("1 only", "2 only", "Both 1 and 2", "Neither 1 nor 2")
HOW_MANY_KEY = {1: 0, 2: 1, 3: 2, 0: 3}  # number of true entries -> option index
STATEMENT_KEY = {(True, False): 0, (False, True): 1, (True, True): 2, (False, False): 3}
STATEMENT_RE = re.compile(r"^\s*([12])\.\s+(.+?) is one of the (.+?)\.\s*$", re.M)
NUMBERED_RE = re.compile(r"^\s*([1-9])\.\s+(.+?)\s*$", re.M)
# Items per style for one list: fewer, varied items (the gate caps a closed list of 10+ at 6, others at 2).
# 10 members or more: the gate serves each style once, then a second "how many" or statements item on other
# members (the second single repeats the first's stem word for word, so the gate holds it as a duplicate; it
# stays generated so that an editor can reword it, and so that key positions balance over the list's items)
PER_STYLE_LONG = {"single": 2, "not": 1, "how_many": 2, "statements": 2}
PER_STYLE_MID = {"single": 1, "not": 0, "how_many": 1, "statements": 1}  # 5 to 9 members: three styles at most
PER_STYLE_SHORT = {"single": 1, "not": 0, "how_many": 0, "statements": 0}  # fewer: recall carries the rest
MID_LIST = 5
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")


def written_forms(quote: str, members: Sequence[str]) -> dict[str, tuple[int, int]]:
    """Where each normalised member is written in the quote (relative offsets).

    Lists are often laid out without commas ('Sri Lanka South Africa'), so the
    quote's word n-grams (longest first) are normalised and matched; each span
    is used once.
    """
    tokens = [(m.start(), m.end()) for m in re.finditer(r"[^\s,;:()]+", quote)]
    wanted = {key_of(m): m for m in members}
    found: dict[str, tuple[int, int]] = {}
    used: list[tuple[int, int]] = []
    for n in (4, 3, 2, 1):
        for i in range(len(tokens) - n + 1):
            start, end = tokens[i][0], tokens[i + n - 1][1]
            text = quote[start:end].rstrip(".-")
            if text.lower().startswith("the "):
                start, text = start + 4, text[4:]
            end = start + len(text)
            if not text or any(s < end and start < e for s, e in used):
                continue
            k = key_of(text)
            member = wanted.get(k)
            if member is not None and member not in found:
                found[member] = (start, end)
                used.append((start, end))
    return found


def list_source(doc: Document, fact: Fact) -> Source:
    """The lead sentence plus the list: the quote a student needs to see the key."""
    start = min(fact.source.start, fact.sentence.start) if fact.sentence.quote else fact.source.start
    end = max(fact.source.end, fact.sentence.end) if fact.sentence.quote else fact.source.end
    return common.covering_source(doc, start, end)


def _place(key: str, distractors: Sequence[str], position: int) -> tuple[str, ...]:
    opts = list(distractors)
    opts.insert(position, key)
    return tuple(opts)


def _assign_positions(items: list[Item], fact_id: str, keys: dict[str, tuple[str, list[str]]]) -> list[Item]:
    """Round-robin key positions over this fact's items, ordered by id (stable, local)."""
    offset = common.stable_int(fact_id) % 4
    ranked = sorted(items, key=lambda it: it.id)
    out: dict[str, Item] = {}
    for rank, it in enumerate(ranked):
        pos = (rank + offset) % 4
        key, distractors = keys[it.id]
        options = _place(key, distractors, pos)
        out[it.id] = _replace(it, options=options, answer=pos)
    return [out[it.id] for it in items]


def _replace(item: Item, **changes: object) -> Item:
    from dataclasses import replace

    return replace(item, **changes)  # type: ignore[arg-type]


ALL_STYLES = {"single": 10**6, "not": 8, "how_many": 8, "statements": 8}  # every member a key: for editors and tests


def list_mcqs(doc: Document, fact: Fact, corpus: Sequence[Fact], per_style: dict[str, int] | None = None) -> list[Item]:
    """single / not / how_many / statements items from one list of countries.

    ``per_style`` caps the items per style; by default the bank's table (`PER_STYLE_LONG`
    for ten members or more, `PER_STYLE_SHORT` otherwise).
    """
    if fact.kind != "list" or not fact.label or len(fact.members) < 2 or not all_countries(fact.members):
        return []
    if not closed_list(fact) or common.label_leans(common.name_subjects(doc, common.sentence_of(fact), fact.label)):
        return []  # an open list proves nothing about what it leaves out; "they" in a label names nobody
    truth = truth_for(fact, corpus, doc, exempt=sibling_exempt(fact, corpus))
    if common.needs_agent(fact.label) and (agent := common.agent_of(doc, common.sentence_of(fact).start)):
        # the stem will say "signed by Brazil" (`common.finish`): Brazil is then no option
        truth = Truth(truth.members, truth.banned | {key_of(agent)})
    pool = country_pool(fact, corpus, truth)
    # a regional grouping's wrong options are its members' neighbours and related groupings' members
    # (no Japan or Mongolia for BIMSTEC), in every style
    pool = regional_pool(fact, corpus, truth) or pool
    sibling = sibling_pool(fact, corpus, truth)
    pool = sibling or pool
    if len(pool) < 3:
        return []
    src = list_source(doc, fact)
    # options show canonical names, members and distractors alike: a key written as the source
    # writes it ('USA', 'the Maldives') next to canonical distractors would give itself away
    shown = {m: m for m in fact.members}
    ctx = _Ctx(doc, fact, truth, src, shown)
    ctx.corpus = corpus
    ctx.sibling = sibling is not None
    ctx.per_style = per_style or (PER_STYLE_LONG if len(fact.members) >= 10
                                  else PER_STYLE_MID if len(fact.members) >= MID_LIST else PER_STYLE_SHORT)
    single = _single(ctx, pool)
    if sibling is not None and _SECONDARY_ROLL.search(fact.label):
        # a wrong observer that is a member is ruled out by what an observer is (open to non-Arctic states):
        # Poland among Russia, Finland and Canada was the one non-Arctic option (round 16's reader). The
        # statements item keeps the members (the member/observer confusion is the point there); the single
        # item takes outsiders the closed roll proves false, or none
        outside = Truth(truth.members, truth.banned | {key_of(x) for x in sibling.ordered()})
        ctx.sibling, ctx.outsider, ctx.truth = False, True, outside
        single = _single(ctx, pool)
        ctx.sibling, ctx.outsider, ctx.truth = True, False, truth
    items = single + _not(ctx, pool) + _how_many(ctx, pool) + _statements(ctx, pool)
    return items


# A body's second roll: its observers, associates or partners, defined by not being members.
_SECONDARY_ROLL = re.compile(r"\b(?:observers?|observer states|associates?|associate members|partners?|guests?)\b", re.I)


class _Ctx:
    def __init__(self, doc: Document, fact: Fact, truth: Truth, src: Source, shown: dict[str, str]) -> None:
        self.doc, self.fact, self.truth, self.src, self.shown = doc, fact, truth, src, shown
        self.meta = doc.meta
        self.per_style: dict[str, int] = PER_STYLE_SHORT
        self.corpus: Sequence[Fact] = ()
        self.sibling = False  # wrong options come from another roll of the same body (`sibling_pool`)
        self.outsider = False  # wrong options are the key's neighbours on no roll of the body (`_outsider_wrong`)
        self.clause = common.as_stated(doc.meta)
        # "one of the {label}": a label that brings its own article would read "one of the the seven members"
        self.label = re.sub(r"^[Tt]he\s+", "", common.squash(common.name_subjects(doc, common.sentence_of(fact),
                                                                                  fact.label)))
        self.topic = common.topic_for(doc, fact)
        self.tags = common.tags_for("list", fact.label + " " + fact.sentence.quote)
        self.cite = common.cite(doc.meta, src.quote)

    def item(self, style: str, stem: str, key: str, extra: Sequence[str], explanation: str) -> Item:
        iid = common.item_id("mcq", style, [self.fact.id], self.fact.sentence.quote or self.src.quote, key, extra)
        return Item(id=iid, type="mcq", style=style, stem=stem, source=self.src, facts=(self.fact.id,),
                    topic=self.topic, tags=(*self.tags, style), explanation=explanation)

    def is_member(self, name: str) -> bool:
        return key_of(name) in self.truth.members


def _per_style(ctx: _Ctx, style: str) -> int:
    return ctx.per_style.get(style, 0)


def _single(ctx: _Ctx, pool: Pool) -> list[Item]:
    """Every member is a key once; three non-members as the other options."""
    stem = f"Which one of the following is one of the {ctx.label}, {ctx.clause}?"
    items: list[Item] = []
    keys: dict[str, tuple[str, list[str]]] = {}
    # India as the key of "which one is a member" tests nothing: every bank is read from India's side
    chosen = sorted((m for m in ctx.fact.members if key_of(m) not in {key_of(b) for b in ALWAYS_BANNED}),
                    key=lambda m: common.stable_int(ctx.fact.id, "key", m))
    wanted = _per_style(ctx, "single")
    regional = not ctx.sibling and not ctx.outsider and regional_candidates(ctx.fact, ctx.fact.members[0], ctx.corpus, ctx.truth) is not None
    for member in (chosen if regional else chosen[:wanted]):
        if len(items) >= wanted:
            break
        key = ctx.shown[member]
        seed = common.stable_int(ctx.fact.id, member)
        wrong = (_regional_wrong(ctx, key, seed) if regional else _sibling_wrong(pool, key, seed) if ctx.sibling
                 else _outsider_wrong(ctx, key, seed) if ctx.outsider else pick(pool, 3, seed, avoid=[key], like=key))
        if len(wrong) < 3:
            continue
        expl = (f"{key} is one of the {ctx.label}; {', '.join(wrong)} are not in the list. {ctx.cite}")
        it = ctx.item("single", stem, key, sorted(wrong), expl)
        items.append(it)
        keys[it.id] = (key, wrong)
    return _assign_positions(items, ctx.fact.id + "single", keys)


def _sibling_wrong(pool: Pool, key: str, seed: int) -> list[str]:
    """Three states of the sibling roll, one of them from the key's own sub-region when the roll has one:
    Iceland among South Korea, Japan and Switzerland is the one Nordic option, and geography answers."""
    from quizapp.banks.generate.regions import sub_region

    home = sub_region(key)
    same = Pool(tuple(c for c in pool.named if home is not None and sub_region(c) == home), ())
    first = pick(same, 1, seed, avoid=[key])
    return first + pick(pool, 3 - len(first), seed, avoid=[key, *first], like=key)


def _outsider_wrong(ctx: _Ctx, key: str, seed: int) -> list[str]:
    """Three UN member states on none of the body's rolls, from the key's own sub-region first, then its
    continent, and within each the states that share the key's groupings (the EU, the OECD) first:
    Poland among the Czech Republic, Hungary and Slovakia. Myanmar and Vietnam beside it made Poland the
    one European option (round 16b's reader); Belarus, Moldova and Ukraine made it the one EU state among
    post-Soviet neighbours (round 18's); Jersey is no state at all."""
    from quizapp.banks.generate.regions import blocs, continent_of, countries_of, sub_region, un_member

    home, continent = sub_region(key), continent_of(key)
    if home is None or continent is None:
        return []

    def ok(c: str) -> bool:
        return key_of(c) not in ctx.truth.banned and key_of(c) != key_of(key) and un_member(c) and displayable(c)

    same = [c for c in countries_of(home) if ok(c)]
    wider = [c for c in names.all_countries() if continent_of(c) == continent and sub_region(c) != home and ok(c)]
    alike = blocs(key)

    def rank(c: str) -> tuple[int, int]:
        return -len(alike & blocs(c)), common.stable_int(str(seed), c)

    ordered = sorted(same, key=rank) + sorted(wider, key=rank)
    return ordered[:3] if len(ordered) >= 3 else []


def _regional_wrong(ctx: _Ctx, key: str, seed: int) -> list[str]:
    """Three wrong options for a member of a regional grouping, at least one from the key's own
    sub-region (else the key is the one South Asian option and geography answers the question);
    [] when the fact base cannot prove three such states false, and the key makes no item."""
    found = regional_candidates(ctx.fact, key, ctx.corpus, ctx.truth)
    if found is None:
        return []
    same, near = found
    first = pick(same, 1, seed, avoid=[key], like=key)
    if not first:
        return []
    rest = pick(Pool(same.named + near.named, same.extra + near.extra), 2, seed, avoid=[key, *first], like=key)
    return first + rest if len(rest) == 2 else []


def _not(ctx: _Ctx, pool: Pool) -> list[Item]:
    """The key is a document-named non-member; three members as the other options."""
    if len(ctx.fact.members) < 3:
        return []
    stem = f"Which one of the following is NOT one of the {ctx.label}, {ctx.clause}?"
    items: list[Item] = []
    keys: dict[str, tuple[str, list[str]]] = {}
    members = list(ctx.fact.members)
    for j, outsider in enumerate(pool.ordered()[:_per_style(ctx, "not")]):
        chosen = [ctx.shown[members[(j * 5 + s * 11 + common.stable_int(ctx.fact.id)) % len(members)]]
                  for s in range(3)]
        if len({key_of(c) for c in chosen}) < 3:
            chosen = [ctx.shown[m] for m in members[j % len(members):] + members][:3]
        if lone_in_region(outsider, chosen, ctx.fact.members):
            continue  # Australia among three South-east Asian members: geography gives the NOT away
        expl = (f"{outsider} is not one of the {ctx.label}; {', '.join(chosen)} are. {ctx.cite}")
        it = ctx.item("not", stem, outsider, sorted(chosen), expl)
        items.append(it)
        keys[it.id] = (outsider, chosen)
    return _assign_positions(items, ctx.fact.id + "not", keys)


def _mix(ctx: _Ctx, pool: Pool, n_true: int, n_false: int, seed: int) -> list[str] | None:
    # "India is one of the members" tests nothing: every bank is read from India's side
    banned = {key_of(b) for b in ALWAYS_BANNED}
    members = [ctx.shown[m] for m in ctx.fact.members if key_of(m) not in banned]
    if n_true > len(members) or n_false > len(pool):
        return None
    ins = [members[(seed + s * 7) % len(members)] for s in range(n_true)]
    if len({key_of(x) for x in ins}) < n_true:
        ins = members[seed % len(members):][:n_true] + members[:max(0, n_true - len(members[seed % len(members):]))]
    outs = pick(pool, n_false, seed)
    both = ins + outs
    if len(both) != n_true + n_false or len({key_of(x) for x in both}) != len(both):
        return None
    return sorted(both, key=lambda x: common.stable_int(ctx.fact.id, x, str(seed)))


def _fresh_mix(ctx: _Ctx, pool: Pool, n_true: int, n_false: int, style: str, j: int,
               used: set[frozenset[str]]) -> list[str] | None:
    """A combination not used by an earlier item of this style (small lists repeat easily)."""
    for attempt in range(12):
        names = _mix(ctx, pool, n_true, n_false, common.stable_int(ctx.fact.id, style, str(j), str(attempt)))
        if names is None:
            return None
        sig = frozenset(key_of(x) for x in names)
        if sig not in used:
            used.add(sig)
            return names
    return None


def _how_many(ctx: _Ctx, pool: Pool) -> list[Item]:
    """'How many of the above' with the number of true entries cycling 1, 2, 3, 0."""
    items: list[Item] = []
    used: set[frozenset[str]] = set()
    for j in range(_per_style(ctx, "how_many")):
        n_true = (1, 2, 3, 0)[(j + common.stable_int(ctx.fact.id, "how_many")) % 4]
        names = _fresh_mix(ctx, pool, n_true, 3 - n_true, "how_many", j, used)
        if names is None:
            continue
        truths = [ctx.is_member(x) for x in names]
        answer = HOW_MANY_KEY[sum(truths)]  # from the facts, not from n_true
        listing = "\n".join(f"{i}. {x}" for i, x in enumerate(names, 1))
        stem = (f"Consider the following countries:\n{listing}\n"
                f"How many of the above are among the {ctx.label}, {ctx.clause}?")
        yes = [x for x, t in zip(names, truths, strict=False) if t]
        no = [x for x, t in zip(names, truths, strict=False) if not t]
        expl = (f"In the list: {', '.join(yes) or 'none'}; not in the list: {', '.join(no) or 'none'}. "
                f"So the answer is “{HOW_MANY_OPTIONS[answer]}”. {ctx.cite}")
        it = ctx.item("how_many", stem, HOW_MANY_OPTIONS[answer], names, expl)
        items.append(_replace(it, options=HOW_MANY_OPTIONS, answer=answer))
    return items


def _statements(ctx: _Ctx, pool: Pool) -> list[Item]:
    """Two membership statements, one true and one false; the key follows from each statement's truth.

    "Both" or "Neither" gives a candidate nothing to tell apart (the gate holds such items), so
    the patterns are the two mixed ones.
    """
    items: list[Item] = []
    used: set[frozenset[str]] = set()
    for j in range(_per_style(ctx, "statements")):
        pattern = ((True, False), (False, True))[(j + common.stable_int(ctx.fact.id, "statements")) % 2]
        names = _fresh_mix(ctx, pool, sum(pattern), 2 - sum(pattern), "statements", j, used)
        if names is None:
            continue
        ins = [x for x in names if ctx.is_member(x)]
        outs = [x for x in names if not ctx.is_member(x)]
        ordered = [(ins if want else outs).pop(0) for want in pattern]
        truths = tuple(ctx.is_member(x) for x in ordered)
        answer = STATEMENT_KEY[truths]  # type: ignore[index]
        lines = "\n".join(f"{i}. {x} is one of the {ctx.label}." for i, x in enumerate(ordered, 1))
        stem = (f"Consider the following statements:\n{lines}\n"
                f"Which of the statements given above is/are correct, {ctx.clause}?")
        verdict = "; ".join(f"statement {i} is {'correct' if t else 'incorrect'} ({x} is {'' if t else 'not '}in the list)"
                            for i, (x, t) in enumerate(zip(ordered, truths, strict=False), 1))
        expl = f"{verdict[0].upper()}{verdict[1:]}. {ctx.cite}"
        it = ctx.item("statements", stem, STATEMENT_OPTIONS[answer], ordered, expl)
        items.append(_replace(it, options=STATEMENT_OPTIONS, answer=answer))
    return items


def year_span(fact: Fact) -> Source | None:
    """The written year inside a date's quote, or None if the year is not written."""
    if fact.value is None or fact.resolved:
        return None
    year = fact.value[:4]
    hits = [m for m in _YEAR.finditer(fact.source.quote) if m.group(0) == year]
    if not hits:
        return None
    m = hits[-1]
    return Source(fact.source.document, fact.source.start + m.start(), fact.source.start + m.end(), year)


@per_corpus
def _years_by_event(corpus: Sequence[Fact]) -> dict[tuple[str, str], set[int]]:
    """Years of every date fact by sentence and by label: all of them are 'right' for that event."""
    table: dict[tuple[str, str], set[int]] = {}
    for other in corpus:
        if other.kind != "date" or not other.value or not other.value[:4].isdigit():
            continue
        ys = {int(other.value[:4])}
        if "/" in other.value and other.value.split("/")[-1][:4].isdigit():
            ys.add(int(other.value.split("/")[-1][:4]))
        table.setdefault(("s", other.sentence.quote), set()).update(ys)
        if other.label:
            table.setdefault(("l", other.label), set()).update(ys)
    return table


_TIME_BOUND = re.compile(r"\b(?:yet to|so far|already|currently|at present|presently|still|pending)\b", re.IGNORECASE)


# "signed in Colombo on 30 March [when?]": the year of a full date is asked "In which year was … signed"
_DAY_BEFORE_BLANK = re.compile(r"\s+(?:(?:on|in)\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:January|February|March|April|May|"
                               r"June|July|August|September|October|November|December),?\s+\[when\?\]")


def date_mcq(doc: Document, fact: Fact, corpus: Sequence[Fact]) -> Item | None:
    """'Which year fills the blank' with neighbouring years, none of them also right."""
    if fact.kind != "date" or fact.granularity not in ("day", "month", "year", "range") or not fact.value:
        return None
    if fact.granularity == "range" and fact.value[:4] != fact.value.split("/")[-1][:4]:
        return None
    worth = salience.worth(fact)
    if worth is not None and "history" in worth.classes:
        # "In which year was Delhi recaptured by the British? 1854 / 1855 / 1856 / 1857": a revolt's or a war's
        # year is what a candidate knows first, and neighbouring years fall before the episode began, so they
        # rule themselves out (round 24b's reader); the month-and-year card asks the same fact properly
        return None
    span = year_span(fact)
    sentence = common.sentence_of(fact)
    if span is None:
        return None
    stem_text = common.blank_out(sentence, span)
    if stem_text is None or span.quote in stem_text:
        return None  # the year is still visible elsewhere: the question answers itself
    key = int(span.quote)
    forbidden = {int(y) for y in _YEAR.findall(sentence.quote)}
    event_years = _years_by_event(corpus)
    forbidden |= event_years.get(("s", fact.sentence.quote), set())
    if fact.label:
        forbidden |= event_years.get(("l", fact.label), set())
    forbidden.discard(key)
    meta_date = doc.meta.as_of or doc.meta.published
    latest = max(meta_date.year, key) if meta_date else None
    stem_text = common.stem_context(doc, sentence, stem_text, span.quote)
    if stem_text is None:
        return None
    # "has already been signed ... which is yet to be ratified" is true only as of the source's date
    when = f", {common.as_stated(doc.meta)}" if _TIME_BOUND.search(stem_text) else ""
    # a sentence a rule can turn asks the whole question ("In which year was SAARC set up?"); a cloze of the
    # quoted sentence is no paper's form (round 7's reader); the blank stays for the shapes no rule turns
    blanked = _DAY_BEFORE_BLANK.sub(" in [when?]", stem_text.replace(common.BLANK, "[when?]"))
    asked = date_question(blanked, "year")
    if asked is not None:
        stem = f"{asked}{when}?"
    else:
        stem = f"Which year correctly fills the blank{when}?\n“{stem_text}”"
    iid = common.item_id("mcq", "year", [fact.id], sentence.quote, span.quote)
    below = common.stable_int(iid) % 4
    years = near_years(key, below, 3 - below, forbidden, latest)
    if len(years) != 3:
        return None
    options = tuple(str(y) for y in sorted([*years, key]))
    answer = options.index(span.quote)
    given = fact.source.quote.strip()
    # "1988 (1988)" says nothing twice; a full date shows which part the question is about.
    expl = (f"The year is {key}." if given == span.quote else f"The year is {key}: the source gives {given}.")
    expl = f"{expl} {common.cite(doc.meta, sentence.quote)}"
    return Item(id=iid, type="mcq", style="single", stem=stem, source=sentence, facts=(fact.id,),
                topic=common.topic_for(doc, fact, span.quote), answer=answer, options=options, explanation=expl,
                tags=common.tags_for("date", sentence.quote, ("single",)))


def grouping_mcqs(doc: Document, fact: Fact, corpus: Sequence[Fact]) -> list[Item]:
    """One membership MCQ for a grouping named by "known as" whose members the document counts.

    "The US and India … a security arrangement with Japan and Australia known as the Quad" and, within
    a few sentences, "all four countries" (`extract.lists.declared_complete`): the four are the whole
    membership, so a state outside them is provably not a member. The fact's card already asks the
    name, so one MCQ is made (the per-fact cap is 2): a single answer when a member can be the key
    without being the one option from its part of the world (Japan, not the US, beside three Asian
    states), else the NOT style, else how many. Wrong options come from where the grouping sits
    (`distractors.grouping_pool`), and none is a state another loaded document ties to the grouping.
    An uncounted grouping ("including", no count) is open and gives nothing.
    """
    from quizapp.banks.generate.regions import touching

    e = fact.extra
    if fact.kind != "event" or e.get("rule") != "known_as" or not e.get("members") or not e.get("answer"):
        return []
    members = [names.normalise(re.sub(r"^the\s+", "", str(m), flags=re.I)) or str(m) for m in e["members"]]
    if not all_countries(members) or len({key_of(m) for m in members}) != len(members):
        return []
    counted = declared_complete(doc, (fact.sentence.start, fact.sentence.end), members)
    if counted is None:
        return []
    name = str(e["answer"])
    kind = f"{e['adj']} grouping" if e.get("adj") else "grouping"
    label = f"members of the {kind} known as {name}"
    as_list = Fact(id=fact.id, kind="list", source=fact.source, sentence=fact.sentence, label=label,
                   members=tuple(members), extra={"closed": True})
    truth = grouping_truth(as_list, name, corpus, doc)
    if truth is None:
        return []
    pool = grouping_pool(as_list, corpus, truth)
    if len(pool) < 3:
        return []
    src = common.covering_source(doc, fact.sentence.start, counted)
    ctx = _Ctx(doc, as_list, truth, src, {m: m for m in members})
    ctx.label, ctx.corpus = label, corpus
    ctx.cite = common.cite(doc.meta, src.quote)
    banned = {key_of(b) for b in ALWAYS_BANNED}
    keys = sorted((m for m in members if key_of(m) not in banned and touching(m, members) >= 2),
                  key=lambda m: common.stable_int(fact.id, "key", m))
    for key in keys:
        wrong = pick(pool, 3, common.stable_int(fact.id, key), avoid=[key], like=key)
        if len(wrong) == 3:
            stem = f"Which one of the following countries is a member of the {kind} known as {name}, {ctx.clause}?"
            expl = (f"{key} is a member of {name}: the source names its members ({', '.join(members)}) and counts "
                    f"them. {', '.join(wrong)} are not among them. {ctx.cite}")
            it = ctx.item("single", stem, key, sorted(wrong), expl)
            return _assign_positions([it], fact.id + "single", {it.id: (key, wrong)})
    ctx.per_style = {"not": 1}
    made = _not(ctx, pool)
    if made:
        return made[:1]
    ctx.per_style = {"how_many": 1}
    return _how_many(ctx, pool)[:1]


def generate_mcqs(doc: Document, facts: Sequence[Fact], corpus: Sequence[Fact]) -> list[Item]:
    out: list[Item] = []
    for fact in facts:
        if fact.kind == "event":
            out.extend(grouping_mcqs(doc, fact, corpus))
        elif fact.kind == "list":
            out.extend(list_mcqs(doc, fact, corpus))
        elif fact.kind == "date" and not common.frame_year(doc, fact, facts) and (salience.score(fact) or 0) >= 1:
            item = date_mcq(doc, fact, corpus)
            if item is not None:
                out.append(item)
    return out
