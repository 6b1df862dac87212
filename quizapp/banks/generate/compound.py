"""Two UPSC styles that rest on several facts: "Consider the following statements" and "... pairs".

Statements: each is a self-contained source sentence with its date (or exact
count) restated; a false one changes that one value to one the facts prove
wrong (a year no fact gives for that event, a count the source contradicts).
Pairs: an event and its year (from dated sentences of the shape "X was signed
/ held / set up in <date>") or the cells of a table row; a false pair swaps in
another row's or event's value that differs.

Every item cites its facts in line order (``facts[i]`` is line i+1), so the key
can be re-derived from the bank alone: ``rederive`` reads the numbered lines
and the cited facts and recomputes the answer. `quizapp.banks.check` calls it;
a test calls it on every item generated.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence, Set
from typing import Any

from quizapp.banks import salience
from quizapp.banks.generate import common
from quizapp.banks.types import Document, Fact, Item, Source

STATEMENT_OPTIONS = ("1 only", "2 only", "Both 1 and 2", "Neither 1 nor 2")
STATEMENT_KEY = {(True, False): 0, (False, True): 1, (True, True): 2, (False, False): 3}
HOW_MANY_OPTIONS = ("Only one", "Only two", "All three", "None")
HOW_MANY_KEY = {1: 0, 2: 1, 3: 2, 0: 3}
LINE = re.compile(r"^\s*([1-9])\.\s+(.+?)\s*$", re.M)
PAIR_SEP = " — "
MAX_STATEMENT = 230
MAX_EVENT = 110
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_EXACT_COUNT = re.compile(r"^(\d{1,4})(\s+\S.*)$")
_EVENT = re.compile(
    r"^(?:(?:On|In|From|During)\s[^,]{3,40},\s+)?(?P<subject>(?:(?:[Tt]he|[Aa]n?)\s+)?[A-Za-z0-9][^,;:]{2,90}?)\s+"
    r"(?:was|were|has|have|had)\s+(?:already\s+)?(?:been\s+)?(?P<verb>held|signed|set up|established|founded|launched|adopted"
    r"|inaugurated|formed|concluded|ratified)\b(?P<rest>[^,;:]{0,70}?)\s*(?:,|$|\bin\b|\bon\b|\bfrom\b)")


# -- building -------------------------------------------------------------------------------------------


def _standalone(doc: Document, fact: Fact, longest: int = MAX_STATEMENT) -> Source | None:
    """The fact's sentence if a candidate can read it cold: whole, short, naming its subject."""
    sentence = common.sentence_of(fact)
    text = common.name_subjects(doc, sentence, common.clean_sentence(sentence.quote))
    if not common.starts_whole(text) or common.leans(text) or len(text) > longest:
        return None
    return sentence


def _restated(doc: Document, fact: Fact, value_text: str) -> str | None:
    """The sentence with the fact's span replaced by ``value_text``, subject named."""
    sentence = _standalone(doc, fact)
    if sentence is None:
        return None
    text = common.blank_out(sentence, fact.source, value_text)
    if text is None:
        return None
    text = common.name_subjects(doc, sentence, text)
    text = _CONNECTIVE.sub("", text)
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "”", "’")) else text.rstrip(" ;:-") + "."


_CONNECTIVE = re.compile(r"^(?:In addition|Further(?:more)?|Also|Moreover|However|Significantly|Similarly|"
                         r"Firstly|Secondly|Thirdly|Finally|In sum),?\s+")


_EVENT_CACHE: list[tuple[Sequence[Fact], int, dict[str, set[int]]]] = []


def _event_years(corpus: Sequence[Fact]) -> dict[str, set[int]]:
    """Years every date fact gives, by sentence and by event text: all are 'right' for that event.

    Built once per corpus (generation calls it for every document): an index, not a pairwise scan.
    """
    for ref, size, table in _EVENT_CACHE:
        if ref is corpus and size == len(corpus):
            return table
    out: dict[str, set[int]] = {}
    for f in corpus:
        if f.kind != "date" or not f.value:
            continue
        years = {int(y) for y in _YEAR.findall(f.value)}
        for k in (common.squash(f.sentence.quote), common.squash(str(f.extra.get("event") or ""))):
            if k:
                out.setdefault(k, set()).update(years)
    _EVENT_CACHE[:] = [(corpus, len(corpus), out)]
    return out


def _wrong_year(fact: Fact, years: Mapping[str, set[int]], seed: int, latest: int | None) -> int | None:
    """A year near the fact's that no fact gives for this event (nor any year written in its sentence)."""
    key = int(fact.value[:4]) if fact.value and fact.value[:4].isdigit() else None
    if key is None:
        return None
    bad = set(years.get(common.squash(fact.sentence.quote), set()))
    bad |= set(years.get(common.squash(str(fact.extra.get("event") or "")), set()))
    bad |= {int(y) for y in _YEAR.findall(fact.sentence.quote)}
    bad.add(key)
    offsets = [1, -1, 2, -2, 3, -3]
    start = seed % len(offsets)
    for k in range(len(offsets)):
        y = key + offsets[(start + k) % len(offsets)]
        if y not in bad and (latest is None or y <= latest):
            return y
    return None


def _date_statement(doc: Document, fact: Fact, true: bool, years: Mapping[str, set[int]]) -> str | None:
    shown = common.date_display(fact)
    if shown is None or fact.granularity == "decade" or not _YEAR.search(shown):
        return None
    if not true:
        wrong = _wrong_year(fact, years, common.stable_int(fact.id, "wrong"), _latest(doc))
        if wrong is None:
            return None
        year = _YEAR.findall(shown)[-1]
        shown = shown[::-1].replace(year[::-1], str(wrong)[::-1], 1)[::-1]
    lead = re.match(r"(?i)(from|between|during|in|on)\s", fact.source.quote.strip())
    if lead:  # "held in Maldives from 24th September to 26th September 2012": keep the preposition
        shown = f"{lead.group(1)} {shown}"
    text = _restated(doc, fact, shown)
    if text is None:
        return None
    true_shown = common.date_display(fact) or ""
    if (true_shown in text) != true:
        return None  # the sentence repeats the true date elsewhere: the statement cannot be judged
    return text


def _count_statement(doc: Document, fact: Fact, true: bool) -> str | None:
    written = common.squash(fact.source.quote)
    m = _EXACT_COUNT.match(written)
    if m is None or fact.number is None:
        return None
    shown = written
    if not true:
        n = int(m.group(1))
        delta = (2, 3, -2, 4)[common.stable_int(fact.id, "delta") % 4]
        wrong = n + delta if n + delta > 0 else n + 2
        shown = f"{wrong}{m.group(2)}"
    text = _restated(doc, fact, shown)
    if text is None or (written in text) != true:
        return None
    return text


def _latest(doc: Document) -> int | None:
    when = doc.meta.as_of or doc.meta.published
    return when.year if when else None


def _candidates(doc: Document, facts: Sequence[Fact], skip: Set[str]) -> list[Fact]:
    out = []
    for f in facts:
        if f.id in skip or f.kind not in ("date", "count") or (salience.score(f) or 0) < 1:
            continue
        if f.kind == "date" and (f.resolved or common.frame_year(doc, f, facts) or not f.value):
            continue
        if common.count_given_away(f, facts):
            continue  # "Treaties with 5 countries, namely, A, B and C": counting the names judges it
        if _standalone(doc, f) is None:
            continue
        out.append(f)
    return out


def statement_items(doc: Document, facts: Sequence[Fact], corpus: Sequence[Fact], skip: Set[str] = frozenset(),
                    limit: int = 2) -> list[Item]:
    """Two-statement items over pairs of worth-asking date/count facts of one document."""
    years = _event_years(corpus)
    cands = _candidates(doc, facts, set(skip))
    out: list[Item] = []
    used: set[str] = set()
    for i, a in enumerate(cands):
        if len(out) >= limit or a.id in used:
            continue
        b = next((c for c in cands[i + 1:] if c.id not in used and c.sentence.start != a.sentence.start), None)
        if b is None:
            break
        pattern = ((True, False), (False, True), (True, True), (False, False))[common.stable_int(a.id, b.id) % 4]
        statements = [_date_statement(doc, f, t, years) if f.kind == "date" else _count_statement(doc, f, t)
                      for f, t in zip((a, b), pattern, strict=False)]
        lines = [x for x in statements if x is not None]
        if len(lines) != len(statements):
            continue
        used.update((a.id, b.id))
        answer = STATEMENT_KEY[pattern]
        listing = "\n".join(f"{n}. {x}" for n, x in enumerate(lines, 1))
        stem = (f"Consider the following statements, {common.as_stated(doc.meta)}:\n{listing}\n"
                "Which of the statements given above is/are correct?")
        why = []
        for n, (f, t) in enumerate(zip((a, b), pattern, strict=False), 1):
            truth = common.date_display(f) if f.kind == "date" else common.squash(f.source.quote)
            why.append(f"Statement {n} is {'correct' if t else 'incorrect'}: the source gives {truth} "
                       f"(“{common.squash(common.sentence_of(f).quote)}”).")
        src = common.covering_source(doc, min(a.sentence.start, b.sentence.start), max(a.sentence.end, b.sentence.end))
        iid = common.item_id("mcq", "statements", [a.id, b.id], src.quote, STATEMENT_OPTIONS[answer], lines)
        out.append(Item(id=iid, type="mcq", style="statements", stem=stem, source=src, facts=(a.id, b.id),
                        topic=common.topic_for(doc, a), answer=answer, options=STATEMENT_OPTIONS,
                        explanation=" ".join(why) + " " + common.cite(doc.meta, src.quote),
                        tags=(*common.tags_for("date", src.quote), "statements", "fact-statements")))
    return out


def event_name(doc: Document, fact: Fact) -> str | None:
    """'Treaty on Mutual Legal Assistance in Criminal Matters signed between India and Azerbaijan' from
    'On 4th April2013, a Treaty on ... was signed between India and Azerbaijan in New Delhi.'"""
    sentence = _standalone(doc, fact, longest=600)
    if sentence is None:
        return None
    text = common.name_subjects(doc, sentence, common.clean_sentence(sentence.quote))
    m = _EVENT.match(text)
    if m is None:
        return None
    subject = _CONNECTIVE.sub("", re.sub(r"^(?:[Tt]he|[Aa]n?)\s+", "", m.group("subject")).strip())
    if common.leans(subject) or _YEAR.search(subject) or not re.search(r"\b[A-Z]", subject):
        return None
    subject = subject[:1].upper() + subject[1:]
    rest = m.group("rest").strip()
    if _YEAR.search(rest) or (fact.source.quote and fact.source.quote in rest):
        rest = ""
    name = f"{subject} {m.group('verb')}" + (f" {rest}" if rest else "")
    return name if len(name) <= MAX_EVENT else None


def pairs_items(doc: Document, facts: Sequence[Fact], corpus: Sequence[Fact], skip: Set[str] = frozenset(),
                limit: int = 1) -> list[Item]:
    """'Consider the following pairs' from dated events (event — year) and from table rows."""
    out: list[Item] = []
    events: list[tuple[Fact, str, int]] = []
    for f in facts:
        if f.id in skip or f.kind != "date" or f.resolved or not f.value or not f.value[:4].isdigit():
            continue
        if (salience.score(f) or 0) < 1 or common.frame_year(doc, f, facts):
            continue
        name = event_name(doc, f)
        if name is not None and all(name != e[1] for e in events):
            events.append((f, name, int(f.value[:4])))
    years = _event_years(corpus)
    if len(events) >= 3 and len({y for _f, _n, y in events}) >= 2:
        out += _pairs_from(doc, [(f, n, str(y)) for f, n, y in events], ("Event", "Year"), years, limit)
    rows = [f for f in facts if f.kind == "table_row" and f.id not in skip and len(f.cells) >= 2]
    by_header: dict[tuple[str, ...], list[Fact]] = {}
    for r in rows:
        header = tuple(r.extra.get("header") or ())
        by_header.setdefault(header, []).append(r)
    for header, group in by_header.items():
        if len(out) >= limit + 1 or len(group) < 3:
            continue
        repeated = set(group[0].extra.get("repeated") or ())
        col = next((c for c in range(1, len(group[0].cells)) if c not in repeated
                    and len({g.cells[c] for g in group if len(g.cells) > c}) == len(group)), None)
        if col is None or len({g.cells[0] for g in group}) != len(group):
            continue
        heads = (header[0], header[col]) if len(header) > col else ("", "")
        out += _pairs_from(doc, [(g, common.squash(g.cells[0]), common.squash(g.cells[col])) for g in group],
                           heads, years, 1)
    return out


def _pairs_from(doc: Document, entries: list[tuple[Fact, str, str]], heads: tuple[str, str],
                years: Mapping[str, set[int]], limit: int) -> list[Item]:
    """Three pairs, some true, some with another entry's value that differs; 'how many are correct'."""
    out: list[Item] = []
    for start in range(0, len(entries) - 2, 3):
        if len(out) >= limit:
            break
        chosen = entries[start:start + 3]
        n_true = (1, 2, 0, 3)[common.stable_int(*(f.id for f, _n, _v in chosen)) % 4]
        lines: list[tuple[str, str, bool]] = []
        values = [v for _f, _n, v in entries]
        for k, (f, name, value) in enumerate(chosen):
            if k < n_true:
                lines.append((name, value, True))
                continue
            right = {value, *(str(y) for y in years.get(common.squash(f.sentence.quote), set()))}
            right |= {common.squash(c) for c in f.cells}
            wrong = next((v for v in values[k + 1:] + values[:k + 1] if v not in right), None)
            if wrong is None:
                break
            lines.append((name, wrong, False))
        if len(lines) != 3:
            continue
        order = sorted(range(3), key=lambda j: common.stable_int(chosen[j][0].id, "order"))
        ordered = [(chosen[j][0], *lines[j]) for j in order]
        truths = [t for _f, _n, _v, t in ordered]
        answer = HOW_MANY_KEY[sum(truths)]
        listing = "\n".join(f"{n}. {name}{PAIR_SEP}{value}" for n, (_f, name, value, _t) in enumerate(ordered, 1))
        head = f"{heads[0]}{PAIR_SEP}{heads[1]}\n" if all(heads) else ""
        stem = (f"Consider the following pairs, {common.as_stated(doc.meta)}:\n{head}{listing}\n"
                "How many of the pairs given above are correctly matched?")
        why = " ".join(f"Pair {n} is {'correct' if t else 'incorrect'}: the source gives {v if t else ''}"
                       .rstrip() + (f"{_true_value(f, entries)}" if not t else "") + "."
                       for n, (f, _name, v, t) in enumerate(ordered, 1))
        facts = tuple(f.id for f, *_rest in ordered)
        lo = min(f.sentence.start if f.sentence.quote else f.source.start for f, *_r in ordered)
        hi = max(f.sentence.end if f.sentence.quote else f.source.end for f, *_r in ordered)
        src = common.covering_source(doc, lo, hi)
        iid = common.item_id("mcq", "pairs", facts, src.quote, HOW_MANY_OPTIONS[answer], [listing])
        out.append(Item(id=iid, type="mcq", style="pairs", stem=stem, source=src, facts=facts,
                        topic=common.topic_for(doc, ordered[0][0]), answer=answer, options=HOW_MANY_OPTIONS,
                        explanation=f"{why} {common.cite(doc.meta, src.quote)}",
                        tags=(*common.tags_for(ordered[0][0].kind, src.quote), "pairs")))
    return out


def _true_value(fact: Fact, entries: list[tuple[Fact, str, str]]) -> str:
    return next((v for f, _n, v in entries if f.id == fact.id), "")


# -- re-deriving ----------------------------------------------------------------------------------------


def line_true(line: str, fact: Mapping[str, Any], style: str) -> bool | None:
    """Whether one numbered line is true by its cited fact (a bank file's fact dict); None if it cannot tell."""
    kind = fact.get("kind")
    if style == "pairs":
        if PAIR_SEP not in line:
            return None
        _left, right = line.rsplit(PAIR_SEP, 1)
        right = right.strip()
        if kind == "date":
            return bool(fact.get("value")) and right == str(fact["value"])[:4]
        if kind == "table_row":
            return right in [common.squash(c) for c in fact.get("cells") or []][1:]
        return None
    if kind == "date":
        shown = common.display_of(fact.get("value"), fact.get("extra") or {})
        return None if not shown else shown in line
    if kind == "count":
        return common.squash(fact["source"]["quote"]) in line
    return None


def rederive(item: Mapping[str, Any], facts: Mapping[str, Mapping[str, Any]]) -> int | None:
    """The answer index the cited facts give for a fact-statements or pairs item, or None if undecidable."""
    lines = [m.group(2) for m in LINE.finditer(item["stem"])]
    cited = [facts.get(f) for f in item["facts"]]
    if not lines or len(lines) != len(cited) or any(c is None for c in cited):
        return None
    truths = [line_true(line, fact, item.get("style") or "") for line, fact in zip(lines, cited, strict=False)]  # type: ignore[arg-type]
    if any(t is None for t in truths):
        return None
    if item.get("style") == "pairs":
        return HOW_MANY_KEY.get(sum(bool(t) for t in truths))
    return STATEMENT_KEY.get((bool(truths[0]), bool(truths[1]))) if len(truths) == 2 else None


def is_fact_statements(item: Mapping[str, Any]) -> bool:
    """Statements items built here (on dates and counts), as opposed to list-membership statements."""
    return item.get("style") == "statements" and "fact-statements" in (item.get("tags") or [])
