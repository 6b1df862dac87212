"""Refuse a bank that could teach something false, pointing at the YAML line.

The generator is careful, but banks are also edited by hand, so every key is
re-derived here from the facts the item cites: a list MCQ's key must be in
the list and its distractors outside it, a year MCQ's key must be the fact's
year, and every quote must be the exact text at its offsets in the source.
A list that is part of a wider list in the same document (the five ASEAN
countries among the 34 with treaties in force) is checked against the wider
one too: a member of the wider list may also be a true answer.
Across banks, every served list MCQ is checked against one fact base of all
loaded documents: a "wrong" option that another document lists is a wrong
key, whichever bank it sits in (held items are never served, so that check
is for served ones; every per-bank check covers held items too, since an
editor may release one). `check_report` lists conflicts and held items.
Problems are reported, never raised: a broken bank gives ``file:line:
message`` lines, not a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz

from quizapp.banks import gate
from quizapp.banks.bankfile import BankError, line_of, load_text, schema_errors
from quizapp.banks.factbase import FactBase
from quizapp.banks.generate import compound
from quizapp.banks.generate.common import display_of
from quizapp.banks.generate.distractors import key_of
from quizapp.banks.generate.mcq import HOW_MANY_KEY, HOW_MANY_OPTIONS, NUMBERED_RE, STATEMENT_KEY, STATEMENT_RE
from quizapp.banks.types import Fact, Item, Source
from quizapp.enums import ItemStatus

SERVED = ("generated", "reviewed")

NEAR_DUPLICATE = 95  # rapidfuzz ratio on stem and on answer text, both at least this
_ISO_TAIL = re.compile(r"\s*\([0-9/-]{4,}s?\)\s*$")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass
class _Bank:
    name: str
    data: dict[str, Any]
    node: yaml.Node | None

    def line(self, *path: Any) -> int:
        return line_of(self.node, path)


def check_bank_text(text: str, name: str, source_text: str | None | Callable[[str], str | None] = None
                    ) -> list[Problem]:
    """Problems in one bank's text; ``source_text`` is the document (or a lookup by file name)."""
    problems, _bank = _check_one(text, name, source_text)
    return problems


@dataclass
class CheckReport:
    """Everything `banks check` prints: problems refuse the banks; conflicts and held items inform."""

    problems: list[Problem]
    conflicts: list[str]
    held: dict[str, list[str]]  # reason -> "file:line: id" of each held item with that reason
    # file name -> the bank as checked (schema-valid); a load upserts these rather than parse again
    banks: dict[str, dict[str, Any]] = field(default_factory=dict)


def check_banks(banks_dir: Path, sources_dir: Path) -> list[Problem]:
    """Every problem in every bank under ``banks_dir``, checked against ``sources_dir``."""
    return check_report(banks_dir, sources_dir).problems


def check_report(banks_dir: Path, sources_dir: Path) -> CheckReport:
    """Problems, cross-document conflicts and held items of the banks under ``banks_dir``."""
    banks_dir, sources_dir = Path(banks_dir), Path(sources_dir)
    if not banks_dir.is_dir():
        return CheckReport([Problem(str(banks_dir), 1, "bank directory does not exist")], [], {})
    files = sorted(banks_dir.glob("*.yaml"))
    if not files:
        return CheckReport([Problem(str(banks_dir), 1, "no bank files (*.yaml) in directory")], [], {})

    def lookup(file: str) -> str | None:
        path = sources_dir / file
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    problems: list[Problem] = []
    banks: list[_Bank] = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(str(path), 1, f"cannot read bank: {exc}"))
            continue
        found, bank = _check_one(text, str(path), lookup)
        problems += found
        if bank is not None:
            banks.append(bank)
    problems += _cross_bank(banks)
    base = fact_base(banks)
    problems += _cross_document_keys(banks, base)
    return CheckReport(problems, [str(c) for c in base.conflicts()], _held(banks), {b.name: b.data for b in banks})


# -- one bank ---------------------------------------------------------------------------------------


def _check_one(text: str, name: str, source_text: str | None | Callable[[str], str | None]
               ) -> tuple[list[Problem], _Bank | None]:
    try:
        data, node = load_text(text, name)
    except BankError as exc:
        return [Problem(exc.file, exc.line, exc.message)], None
    if data is None:
        return [Problem(name, 1, "bank file is empty")], None
    errors = schema_errors(data, node, name)
    if errors:
        return [Problem(e.file, e.line, e.message) for e in errors], None
    bank = _Bank(name, data, node)
    doc = data["document"]
    source = source_text(doc["file"]) if callable(source_text) else source_text
    problems: list[Problem] = []
    if callable(source_text) and source is None:
        problems.append(Problem(name, bank.line("document", "file"), f"source file {doc['file']!r} not found"))
    facts = {f["id"]: f for f in data["facts"]}
    seen_facts: dict[str, int] = {}
    for i, fact in enumerate(data["facts"]):
        if fact["id"] in seen_facts:
            problems.append(Problem(name, bank.line("facts", i, "id"), f"duplicate fact id {fact['id']}"))
        seen_facts[fact["id"]] = i
        problems += _quote(bank, source, doc["id"], ("facts", i, "source"), fact["source"])
    wider = _wider_lists(data["facts"])
    for i, item in enumerate(data["items"]):
        if item["status"] == ItemStatus.RETIRED:
            continue  # kept for history; its source may be gone
        # held items are checked too: an editor may release one, and its key must already be right
        problems += _item(bank, source, doc["id"], i, item, facts, wider)
    return problems, bank


def check_item(item: dict[str, Any], facts: list[dict[str, Any]], doc_id: str, source: str | None) -> list[str]:
    """The per-bank checks for one item changed outside its bank file (an edit in /review), as sentences.

    ``item`` and ``facts`` are in the bank format (`bankfile.item_dict`,
    `fact_dict`); every fact of the document is needed, for the wider lists.
    """
    bank = _Bank("item", {"document": {"id": doc_id}, "facts": facts, "items": [item]}, None)
    by_id = {f["id"]: f for f in facts}
    return [p.message for p in _item(bank, source, doc_id, 0, item, by_id, _wider_lists(facts))]


def _wider_lists(facts: list[dict[str, Any]]) -> dict[str, tuple[list[str], dict[str, str]]]:
    """For each list that is a strict part of other lists here: their labels, and their other members.

    The members are keyed by `key_of`, with the name as the source writes it.
    """
    lists = [(f, {key_of(m): m for m in f["members"]}) for f in facts if f["kind"] == "list"]
    out: dict[str, tuple[list[str], dict[str, str]]] = {}
    for fact, members in lists:
        for other, others in lists:
            if members.keys() < others.keys():
                labels, extra = out.get(fact["id"], ([], {}))
                out[fact["id"]] = ([*labels, other["label"] or ""],
                                   {**extra, **{k: v for k, v in others.items() if k not in members}})
    return out


def _quote(bank: _Bank, source: str | None, doc_id: str, path: tuple[Any, ...], src: dict[str, Any]) -> list[Problem]:
    out: list[Problem] = []
    if src["document"] != doc_id:
        out.append(Problem(bank.name, bank.line(*path, "document"),
                           f"source document {src['document']!r} is not this bank's document {doc_id!r}"))
    if src["end"] < src["start"]:
        out.append(Problem(bank.name, bank.line(*path, "end"), "source end is before start"))
    elif source is not None and source[src["start"]:src["end"]] != src["quote"]:
        actual = source[src["start"]:src["end"]]
        out.append(Problem(bank.name, bank.line(*path, "quote"),
                           f"quote is not the source text at {src['start']}:{src['end']} "
                           f"(source has {actual[:60]!r})"))
    return out


def _answer_in_quote(answer: str, quote: str, spelt: dict[str, str] | None = None) -> bool:
    """The answer as written (without an appended ISO date), or each listed part, is quoted.

    ``spelt`` maps a cited list's members to the source's forms: a part may be a member spelt right
    ("Afghanistan") where the quote keeps the source's slip ("Afganistan")."""
    spelt = spelt or {}
    flat = " ".join(quote.split())
    if answer in quote or answer in flat:
        return True
    bare = _ISO_TAIL.sub("", answer)
    if bare and (bare in quote or bare in flat):
        return True
    parts = [p.strip() for p in re.split(r"[;,]", bare) if p.strip()]
    return len(parts) > 1 and all(p in flat or spelt.get(p, "\0") in flat for p in parts)


def _item(bank: _Bank, source: str | None, doc_id: str, i: int, item: dict[str, Any],
          facts: dict[str, dict[str, Any]], wider: dict[str, tuple[list[str], dict[str, str]]]) -> list[Problem]:
    name = bank.name
    out: list[Problem] = _quote(bank, source, doc_id, ("items", i, "source"), item["source"])
    for j, fid in enumerate(item["facts"]):
        if fid not in facts:
            out.append(Problem(name, bank.line("items", i, "facts", j), f"item {item['id']} cites unknown fact {fid}"))
    for k, kp in enumerate(item.get("key_points") or []):
        out += _quote(bank, source, doc_id, ("items", i, "key_points", k, "source"), kp["source"])
        for j, fid in enumerate(kp["facts"]):
            if fid not in facts:
                out.append(Problem(name, bank.line("items", i, "key_points", k, "facts", j),
                                   f"key point {kp['id']} cites unknown fact {fid}"))
    if item["type"] == "mcq":
        out += _mcq(bank, i, item, facts, wider)
    elif item["type"] in ("fact", "cloze"):
        part = next((wider[f] for f in item["facts"] if f in wider), None)
        if part is not None and item["status"] == "generated" and not any(lbl and lbl in item["stem"] for lbl in part[0]):
            out.append(Problem(name, bank.line("items", i, "stem"),
                               f"{item['type']} {item['id']} asks for part of the wider list {part[0][0]!r}, so another "
                               f"member of it (e.g. {sorted(part[1].values())[0]!r}) would be a true answer: say in the "
                               "stem which part is meant (e.g. 'among the <wider list>'), then set status: reviewed"))
        answer = str(item["answer"])
        dated = {display_of(facts[f].get("value"), facts[f].get("extra") or {}) for f in item["facts"]
                 if f in facts and facts[f]["kind"] == "date"}
        # an event whose answer is a resolved date ("began in May" -> May 2020) carries it as its display
        dated |= {str((facts[f].get("extra") or {}).get("display")) for f in item["facts"]
                  if f in facts and facts[f]["kind"] == "event" and (facts[f].get("extra") or {}).get("display")}
        spelt = {str(m): str(r) for f in item["facts"] if f in facts and facts[f]["kind"] == "list"
                 for m, r in zip(facts[f].get("members") or [], (facts[f].get("extra") or {}).get("raw_members") or [],
                                 strict=False)}
        if answer not in dated and not _answer_in_quote(answer, item["source"]["quote"], spelt):
            out.append(Problem(name, bank.line("items", i, "answer"),
                               f"answer {answer!r} does not appear in the item's quote"))
        if item["type"] == "cloze" and item["stem"].count("_____") != 1:
            out.append(Problem(name, bank.line("items", i, "stem"), "cloze stem must contain exactly one _____"))
    elif item["type"] == "essay" and not item.get("key_points"):
        out.append(Problem(name, bank.line("items", i, "key_points"), "essay item has no key points"))
    return out


def _mcq(bank: _Bank, i: int, item: dict[str, Any], facts: dict[str, dict[str, Any]],
         wider: dict[str, tuple[list[str], dict[str, str]]]) -> list[Problem]:
    name, options, answer = bank.name, item["options"], item["answer"]
    at = ("items", i)
    if len(options) != 4:
        return [Problem(name, bank.line(*at, "options"), f"mcq needs exactly 4 options, has {len(options)}")]
    if not 0 <= answer < 4:
        return [Problem(name, bank.line(*at, "answer"), f"answer {answer} is not an index into the 4 options")]
    keys = [key_of(o) for o in options]
    key = keys[answer]
    if keys.count(key) > 1:
        return [Problem(name, bank.line(*at, "options"), f"the key {options[answer]!r} is also among the distractors")]
    if len(set(keys)) != 4:
        return [Problem(name, bank.line(*at, "options"), "two options are the same")]
    if item.get("style") == "pairs" or compound.is_fact_statements(item):  # keys of several facts, line by line
        expected = compound.rederive(item, facts)
        if expected is None:
            return [Problem(name, bank.line(*at, "stem"), "cannot re-derive the key from the cited facts")]
        if expected != answer:
            return [Problem(name, bank.line(*at, "answer"),
                            f"wrong key: {options[answer]!r}, the cited facts give {options[expected]!r}")]
        return []
    cited = [facts[f] for f in item["facts"] if f in facts]
    lists = [f for f in cited if f["kind"] == "list"]
    dates = [f for f in cited if f["kind"] == "date"]
    if lists:
        members = {key_of(m) for f in lists for m in f["members"]}
        for f in lists:
            if f["id"] in wider:
                labels, extra = wider[f["id"]]
                named = [o for o in (*options, *_entries(item)) if key_of(o) in extra]
                if named:
                    return [Problem(name, bank.line(*at, "options"),
                                    f"{named[0]!r} is in the wider list {labels[0]!r}, so it may also be a true answer")]
        return _list_key(bank, i, item, members)
    if dates:
        return _year_key(bank, at, options, answer, {f["value"][:4] for f in dates if f.get("value")}, "date")
    events = [f for f in cited if f["kind"] == "event"]
    triples = [f for f in events if (f.get("extra") or {}).get("rule") == "trijunction"]
    if triples:
        # "Doklam … lies at the tri-junction of which of the following?": the key is the fact's three states
        # and no distractor is (a place lies at one tri-junction); an editor's swap of options is caught here
        want = {frozenset(key_of(c) for c in (f.get("extra") or {}).get("countries") or ()) for f in triples}
        shown = [frozenset(key_of(c) for c in re.split(r",\s*|\s+and\s+", o) if c.strip()) for o in options]
        if shown[answer] not in want:
            return [Problem(name, bank.line(*at, "answer"),
                            f"wrong key: {options[answer]!r} is not the tri-junction the cited fact gives")]
        if any(s in want for j, s in enumerate(shown) if j != answer):
            return [Problem(name, bank.line(*at, "options"), "a distractor is the tri-junction the cited fact gives")]
        return []
    if events and all(_YEAR.fullmatch(o.strip()) for o in options):
        # a year MCQ on a one-off event (a landmark visit, a signing): its year is the event's, in its answer
        # or its date words; the key must be it and no distractor may be
        years = {y for f in events for y in _event_years(f)}
        if not years:
            return [Problem(name, bank.line(*at, "facts"), "a year MCQ on an event that gives no year")]
        return _year_key(bank, at, options, answer, years, "event")
    return []


def _year_key(bank: _Bank, at: tuple[Any, ...], options: list[str], answer: int, years: set[str],
              what: str) -> list[Problem]:
    """A year MCQ's key is a year of the cited date or event, and no distractor is one."""
    if options[answer].strip() not in years:
        return [Problem(bank.name, bank.line(*at, "answer"),
                        f"wrong key: {options[answer]!r} is not the year of the cited {what} ({', '.join(sorted(years))})")]
    bad = [o for j, o in enumerate(options) if j != answer and o.strip() in years]
    if bad:
        return [Problem(bank.name, bank.line(*at, "options"), f"distractor {bad[0]!r} is also a correct year")]
    return []


_YEAR = re.compile(r"\b(?:1[5-9]|20)\d\d\b")


def _event_years(fact: dict[str, Any]) -> set[str]:
    extra = fact.get("extra") or {}
    texts = [str(extra.get(k)) for k in ("answer", "when", "display") if extra.get(k)]
    return {m.group(0) for t in texts for m in _YEAR.finditer(t)}


def _entries(item: dict[str, Any]) -> list[str]:
    """The countries named in a how_many or statements stem (the options are then counts or verdicts)."""
    if item.get("style") == "how_many":
        return [m.group(2) for m in NUMBERED_RE.finditer(item["stem"])]
    if item.get("style") == "statements":
        return [m.group(2) for m in STATEMENT_RE.finditer(item["stem"])]
    return []


def _list_key(bank: _Bank, i: int, item: dict[str, Any], members: set[str]) -> list[Problem]:
    """Re-derive the key of a list MCQ from membership and compare."""
    name, options, answer, style = bank.name, item["options"], item["answer"], item.get("style")
    at = ("items", i)
    inside = [key_of(o) in members for o in options]
    if style == "single":
        if not inside[answer]:
            return [Problem(name, bank.line(*at, "answer"),
                            f"wrong key: {options[answer]!r} is not in the cited list")]
        wrong = [o for j, o in enumerate(options) if j != answer and inside[j]]
        if wrong:
            return [Problem(name, bank.line(*at, "options"), f"distractor {wrong[0]!r} is also in the cited list")]
    elif style == "not":
        if inside[answer]:
            return [Problem(name, bank.line(*at, "answer"), f"wrong key: {options[answer]!r} IS in the cited list")]
        wrong = [o for j, o in enumerate(options) if j != answer and not inside[j]]
        if wrong:
            return [Problem(name, bank.line(*at, "options"), f"option {wrong[0]!r} is not in the list either")]
    elif style == "how_many":
        entries = [m.group(2) for m in NUMBERED_RE.finditer(item["stem"])]
        if tuple(options) != HOW_MANY_OPTIONS or not entries:
            return [Problem(name, bank.line(*at, "stem"), "how_many item needs numbered entries and the standard options")]
        expected = HOW_MANY_KEY.get(sum(key_of(e) in members for e in entries))
        if expected is None or len(entries) != 3:
            return [Problem(name, bank.line(*at, "stem"), f"how_many item needs 3 entries, has {len(entries)}")]
        if expected != answer:
            return [Problem(name, bank.line(*at, "answer"),
                            f"wrong key: {options[answer]!r}, the cited list gives {options[expected]!r}")]
    elif style == "statements":
        found = {int(m.group(1)): m.group(2) for m in STATEMENT_RE.finditer(item["stem"])}
        if sorted(found) != [1, 2]:
            return [Problem(name, bank.line(*at, "stem"), "statements item needs statements 1 and 2")]
        truths = (key_of(found[1]) in members, key_of(found[2]) in members)
        expected = STATEMENT_KEY[truths]
        if expected != answer:
            return [Problem(name, bank.line(*at, "answer"),
                            f"wrong key: {options[answer]!r}, the cited list gives {options[expected]!r}")]
    return []


# -- across banks -------------------------------------------------------------------------------------


def _answer_text(item: dict[str, Any]) -> str:
    """What distinguishes one item's answer from another's.

    For 'how many' and 'statements' the options are fixed, so the entries
    being judged are part of the answer; for other MCQs, the key and the set
    of options.
    """
    if item["type"] == "mcq" and isinstance(item.get("answer"), int) and 0 <= item["answer"] < len(item["options"]):
        key = item["options"][item["answer"]]
        if item.get("style") in ("how_many", "statements"):
            pattern = NUMBERED_RE if item["style"] == "how_many" else STATEMENT_RE
            entries = [m.group(2) for m in pattern.finditer(item["stem"])]
            return key + " | " + " | ".join(entries)
        return key + " | " + " | ".join(sorted(item["options"]))
    return str(item.get("answer") or "")


def _cross_bank(banks: Iterable[_Bank]) -> list[Problem]:
    out: list[Problem] = []
    first: dict[str, tuple[str, int]] = {}
    live: list[tuple[_Bank, int, dict[str, Any]]] = []
    item_ids: set[str] = set()
    fact_ids: set[str] = set()
    for bank in banks:
        fact_ids.update(f["id"] for f in bank.data["facts"])
        for i, item in enumerate(bank.data["items"]):
            line = bank.line("items", i, "id")
            if item["id"] in first:
                where = "{}:{}".format(*first[item["id"]])
                out.append(Problem(bank.name, line, f"duplicate item id {item['id']} (first at {where})"))
            else:
                first[item["id"]] = (bank.name, line)
            item_ids.add(item["id"])
            if item["status"] in SERVED:
                live.append((bank, i, item))
    for bank, i, item in live:
        for k, kp in enumerate(item.get("key_points") or []):
            for j, iid in enumerate(kp["items"]):
                if iid not in item_ids:
                    out.append(Problem(bank.name, bank.line("items", i, "key_points", k, "items", j),
                                       f"key point {kp['id']} links unknown item {iid}"))
    out += _near_duplicates(live)
    return out


def _near_duplicates(live: list[tuple[_Bank, int, dict[str, Any]]]) -> list[Problem]:
    """Same type, stems and answers both at least NEAR_DUPLICATE similar: one of them is redundant."""
    out: list[Problem] = []
    by_type: dict[str, list[tuple[_Bank, int, dict[str, Any], str, str]]] = {}
    for bank, i, item in live:
        stem = " ".join(item["stem"].lower().split())
        by_type.setdefault(item["type"], []).append((bank, i, item, stem, _answer_text(item).lower()))
    for group in by_type.values():
        for a in range(len(group)):
            _ba, _ia, ia, sa, aa = group[a]
            for b in range(a + 1, len(group)):
                bank, i, ib, sb, ab = group[b]
                if ia["id"] == ib["id"]:
                    continue
                if fuzz.ratio(aa, ab) >= NEAR_DUPLICATE and fuzz.ratio(sa, sb) >= NEAR_DUPLICATE:
                    out.append(Problem(bank.name, bank.line("items", i, "stem"),
                                       f"item {ib['id']} nearly duplicates {ia['id']} ({_ba.name})"))
    return out


# -- across documents: one fact base --------------------------------------------------------------


def fact_from_dict(raw: dict[str, Any]) -> Fact:
    """A bank's fact back as the pipeline's Fact, so the checker asks the same fact base as the gate."""
    src = raw["source"]
    source = Source(src["document"], src["start"], src["end"], src["quote"])
    return Fact(id=raw["id"], kind=raw["kind"], source=source, sentence=Source(src["document"], 0, 0, ""),
                label=raw.get("label") or "", value=raw.get("value"), granularity=raw.get("granularity"),
                resolved=bool(raw.get("resolved")), members=tuple(raw.get("members") or ()),
                number=raw.get("number"), unit=raw.get("unit"), cells=tuple(raw.get("cells") or ()),
                extra=dict(raw.get("extra") or {}))


def fact_base(banks: Iterable[_Bank]) -> FactBase:
    return FactBase.from_facts(fact_from_dict(f) for bank in banks for f in bank.data["facts"])


def _as_item(raw: dict[str, Any]) -> Item:
    src = raw["source"]
    return Item(id=raw["id"], type=raw["type"], stem=raw["stem"], source=Source(src["document"], src["start"],
                src["end"], src["quote"]), facts=tuple(raw["facts"]), topic=raw["topic"], answer=raw.get("answer"),
                options=tuple(raw.get("options") or ()), style=raw.get("style"), status=raw["status"],
                tags=tuple(raw.get("tags") or ()))


def _cross_document_keys(banks: list[_Bank], base: FactBase) -> list[Problem]:
    """A served option claimed false that another loaded document makes true is a wrong key."""
    out: list[Problem] = []
    conflicting = base.conflicting_fact_ids()
    ctx = gate.Context(facts=base.facts, base=base, conflicting=frozenset(conflicting))
    for bank in banks:
        for i, raw in enumerate(bank.data["items"]):
            if raw["status"] not in SERVED:
                continue
            item = _as_item(raw)
            for fid in item.facts:
                fact = base.facts.get(fid)
                if fact is None:
                    continue
                if fact.kind == "list" and item.type == "mcq":
                    values = gate.false_values(item, {key_of(m) for m in fact.members}) or []
                    for v in values:
                        docs = base.true_elsewhere(fact, v)
                        if docs:
                            out.append(Problem(bank.name, bank.line("items", i, "options"),
                                               f"wrong key: {v!r} is given as false, but {docs[0]} lists it as one "
                                               f"of the {fact.label or 'members'}"))
                            break
            if item.type == "mcq" and gate.distractor_true_elsewhere(item, ctx) and not any(
                    p.file == bank.name and p.line == bank.line("items", i, "options") for p in out):
                out.append(Problem(bank.name, bank.line("items", i, "options"),
                                   "wrong key: a distractor is true by another loaded document"))
            if gate.compound_unproven(item, ctx):
                out.append(Problem(bank.name, bank.line("items", i, "answer"),
                                   f"wrong key: item {item.id}'s statements or pairs are not all proven true or "
                                   "false by the facts of every loaded document"))
            if gate.conflict_unattributed(item, ctx):
                out.append(Problem(bank.name, bank.line("items", i, "stem"),
                                   f"item {item.id} rests on a fact the "
                                   "sources disagree on: name the source and its date in the stem "
                                   "('according to <publisher> (<year>)') or set status: held"))
    return out


def _held(banks: list[_Bank]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for bank in banks:
        for i, raw in enumerate(bank.data["items"]):
            if raw["status"] == "held":
                for reason in raw.get("hold_reasons") or ["(no reason given)"]:
                    out.setdefault(reason, []).append(f"{bank.name}:{bank.line('items', i, 'id')}: {raw['id']}")
    order = {r: n for n, r in enumerate(gate.REASONS)}
    return dict(sorted(out.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))
