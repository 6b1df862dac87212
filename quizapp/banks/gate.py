"""The quality gate: the last pipeline stage before an item may reach a learner.

Generation proposes; the gate decides. Every rule of the item standard that a
program can check is one function here returning a reason code, so a held
item says why it was held and an editor can see which rule to fix. The gate
never edits an item: it only sets ``status: held`` and ``hold_reasons``, so a
rule that holds too much loses recall, never correctness. When in doubt it
holds.

After the per-item checks, caps keep one fact from flooding a bank: at most
``CAP_BIG_LIST`` served items for a closed list of ``BIG_LIST`` or more
members (every style once before any style twice) and ``CAP_LIST`` for one of
``MID_LIST`` or more, each in a different style; one card and one MCQ for any other fact; and no document's served
items more than half from one fact. Which items stay is decided deterministically by
quality: varied styles first, then shorter, plainer stems, then id.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from quizapp.banks.corpus_cache import per_corpus
from quizapp.banks.extract.dates import MONTH_NAMES
from quizapp.banks.factbase import FactBase, is_closed, member_key
from quizapp.banks.generate import common, essay
from quizapp.banks.generate.distractors import lone_in_region
from quizapp.banks.generate.mcq import NUMBERED_RE, STATEMENT_RE
from quizapp.banks.types import DocumentMeta, Fact, Item
from quizapp.enums import EDITOR_STATUSES, ItemStatus

CAP_BIG_LIST = 5  # with CAP_COMPOUND, issue 14's 6 for a closed list of ten or more
BIG_LIST = 10
CAP_OTHER = 2  # one card and one MCQ: the same fact asked as recall and as recognition
CAP_LIST = 2  # a closed list of MID_LIST to BIG_LIST - 1 members: different styles, within issue 14's cap of 2
MID_LIST = 5
CAP_COMPOUND = 1  # statements/pairs items per fact, beside the single-fact caps
# What a fact feeds in all, single-fact and statements/pairs items together (issue 14: 6 for a closed list
# of ten or more members, 2 for any other fact).
TOTAL_BIG_LIST = 6
TOTAL_OTHER = 2

REASONS = (
    "relative_answer", "machine_notation", "mid_sentence_start", "unresolved_subject", "furniture",
    "open_list_exclusion", "distractor_true_elsewhere", "conflict_unattributed", "duplicate_answer",
    "dangling_reference", "relative_in_stem", "gives_away", "trivial_blank", "class_blank", "swallowed_noun", "table_template", "note_fragment",
    "essay_point_form", "essay_half_uncovered", "essay_off_demand", "opinion", "typo_or_artifact", "itinerary", "undated_cloze", "undated_roll",
    "one_sided_statements", "compound_unproven", "mixed_pairs", "undated_time_bound", "practice_prompt", "thin_essay",
    "office_holder", "abbreviation_only",
    "reported_plan", "routine_venue", "opinion_figure", "reported_claim", "open_list_cloze",
    "dangling_intro",
    "unresolved_agent", "doubled_word", "lone_region_key", "option_in_stem", "near_year_in_view",
    "undated_first", "unnamed_blank_subject", "contested_only", "completion_form",
    "duplicate", "same_sentence", "per_fact_cap", "document_balance", "count_stated_elsewhere", "duplicate_elsewhere",
)

# Matched against lower-cased text: the patterns carry no re.I, which keeps each search in microseconds.
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
RELATIVE = re.compile(
    rf"\b(?:yesterday|today|tomorrow|tonight|this (?:morning|evening|week|month|year|summer|winter|spring|autumn)"
    rf"|(?:last|next|past|coming) (?:week|month|year|summer|winter|spring|autumn|monsoon|weekend|{_WEEKDAY})"
    rf"|recently|earlier this|later this|{_WEEKDAY}s?)\b")
MACHINE = re.compile(
    r"\d{4}-(?:0[1-9]|1[0-2])(?:-\d\d)?(?!\d)"  # 2018-10-22, 2018-10
    r"|\(\s*\d{4}s\s*\)"  # (1990s)
    r"|\d{4}(?:-\d\d){0,2}/\d{4}")  # 2017-06/2017-08, 2013/2014
FURNITURE = re.compile(
    r"skip to (?:main )?content|font size|\ba\+ ?a ?a-|high contrast|screen reader|\bshare (?:this|on)\b"
    r"|\bprint this\b|you may also like|read next|related (?:news|articles|posts)|all rights reserved|©|copyright \d"
    r"|\bvisitors? ?(?:count|:)|\bhits? ?:|\bpage views?\b|\blast updated\b|\bposted on\b|\bcomments? ?\(\d"
    r"|\d+ marks?\b|\d\d+ words\b")

# Literal pieces of which every FURNITURE match contains one: most texts contain none, and
# `in` on a short tuple is far cheaper than the alternation.
_FURNITURE_HINTS = ("skip to", "font size", "a+", "contrast", "screen reader", "share ", "print this", "also like",
                    "read next", "related ", "rights reserved", "©", "copyright", "visitor", "hit", "page view",
                    "updated", "posted on", "comment", "mark", "words")


def _furniture(flat: str) -> bool:
    return any(h in flat for h in _FURNITURE_HINTS) and bool(FURNITURE.search(flat))


def _flat(text: str) -> str:
    return " ".join(text.lower().split())


_MENU = re.compile(r"(?:^|\n)\s*[“\"‘]?\s*(?:[\w&'’-]+(?:\s+[\w&'’-]+)?\s*[|·»]\s*){2,}[\w&'’-]+(?:\s+[\w&'’-]+)?"
                   r"\s*(?:\n|$)")
_QUOTED = re.compile(r"“([^”]*)”")
_PRONOUN_START = re.compile(
    r"^(?:he|she|they|it|his|her|their|its|them|this|these|those|such)\b"
    r"|^(?:the|this|that|these|said)\s+(?:convention|grouping|group|summit|meeting|treaty|agreement|organi[sz]ation|"
    r"programme|program|visit|pact|bloc|forum|dialogue|body|association|alliance|initiative|minister|leader|"
    r"president|country|nation|two|latter|former|above)\b", re.I)
_LABEL_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he|[Tt]hey|[Tt]hem|[Ii]t|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts)\b")
_FRAGMENT_START = re.compile(r"^(?:[…,;:)\]]|\.\.\.|(?:and|or|but|which|who|whose|where|while)\b)")
_ATTRIBUTED = re.compile(r"(?:as stated by|as stated in|according to|as of|as reported by)[^?\n]*?\b(?:1[89]|20)\d\d",
                         re.I)
EXCLUSION_STYLES = ("single", "not", "how_many", "statements")
_NUMBERED = NUMBERED_RE  # the generator's own shapes, so the gate reads what it writes
_STATEMENT = STATEMENT_RE
# the fact card first: it carries the source's attribution and date, where a one-of MCQ leans on distractors
_STYLE_ORDER = {("fact", None): 0, ("mcq", "single"): 1, ("mcq", "statements"): 2, ("mcq", "pairs"): 3,
                ("mcq", "how_many"): 4, ("mcq", "not"): 5, ("cloze", None): 6}


@dataclass(frozen=True)
class Context:
    """What the checks may consult: the facts an item cites and the corpus-wide fact base."""

    facts: Mapping[str, Fact]
    base: FactBase
    conflicting: frozenset[str] = frozenset()
    documents: Mapping[str, DocumentMeta] = field(default_factory=dict)  # id -> meta: title and year


def _answer(item: Item) -> str:
    return answer_text(item.type, item.options, item.answer)


def answer_text(type_: str, options: Sequence[str] | None, answer: object) -> str:
    """What the key says: an MCQ's option, else the answer as written (a database row or an `Item`)."""
    if type_ == "mcq" and isinstance(answer, int) and 0 <= answer < len(options or ()):
        return (options or ())[answer]
    return "" if answer is None else str(answer)


def _shown(item: Item) -> list[str]:
    """What a learner reads: the stem, the options and the answer (explanations quote the source)."""
    return [item.stem, *item.options, _answer(item)]


# -- per-item checks: each returns its reason code when the item fails ---------------------------


def relative_answer(item: Item, ctx: Context) -> bool:
    if item.type == "essay":
        return False
    values = [_answer(item)] if item.type != "mcq" else list(item.options)
    return bool(RELATIVE.search(_flat("\n".join(values))))


def machine_notation(item: Item, ctx: Context) -> bool:
    return bool(MACHINE.search("\n".join(_shown(item))))


def _stem_sentences(item: Item) -> list[str]:
    """The stem's opening and the opening of each quoted passage: where a reader starts cold."""
    out = [item.stem.strip()]
    out += [m.group(1).strip() for m in _QUOTED.finditer(item.stem)]
    return [s for s in out if s]


def mid_sentence_start(item: Item, ctx: Context) -> bool:
    if "…" in _QUOTED.sub("", item.stem) or "..." in _QUOTED.sub("", item.stem):
        return True  # a fragment pasted into the question's own words, where a label belongs
    for text in _stem_sentences(item):
        body = text.lstrip("\"'‘“ ")
        if body.startswith("_"):
            continue
        if _FRAGMENT_START.match(body) or body[:1].islower():
            return True
    return False


def _asked(stem: str) -> str:
    """The stem without its attribution ("as stated by …"), whose publisher's name may hold any word."""
    return re.sub(r"\(?(?:as stated by|as stated in|according to|as reported by)\b[^?\n:]*", "", stem)


def unresolved_subject(item: Item, ctx: Context) -> bool:
    for text in _stem_sentences(item):
        if _PRONOUN_START.match(text.lstrip("\"'‘“ ")):
            return True
    for fid in item.facts:
        fact = ctx.facts.get(fid)
        if fact is not None and fact.kind == "list" and fact.label and _LABEL_PRONOUN.search(fact.label):
            at = item.stem.find(fact.label)
            if at == -1:
                # the stem names what the label's pronoun stood for ("in which Atal Bhujal Yojana will be …",
                # `sections.section_subject`), or words the list otherwise: a pronoun left in it is unresolved
                if _LABEL_PRONOUN.search(_asked(item.stem)):
                    return True
                continue
            # the label's pronoun is resolved only when the stem first shows what it refers to
            if not re.search(r"[.!?][”\"']?\s", item.stem[:at]):
                return True
    return False


def furniture(item: Item, ctx: Context) -> bool:
    if item.type == "essay":
        # an essay's own "(250 words, 15 marks)" is its limit, not furniture
        texts = [*item.options, _answer(item)] + [kp.text for kp in item.key_points]
        texts.append(re.sub(r"\(\s*\d+\s+words?\s*,\s*\d+\s+marks?\s*\)", "", item.stem))
        return any(_furniture(_flat(t)) or _MENU.search(t) for t in texts)
    text = "\n".join(_shown(item))
    return bool(_furniture(_flat(text)) or ("|" in text or "·" in text or "»" in text) and _MENU.search(text))


def _list_facts(item: Item, ctx: Context) -> list[Fact]:
    return [f for fid in item.facts if (f := ctx.facts.get(fid)) is not None and f.kind == "list"]


def false_values(item: Item, members: set[str]) -> list[str] | None:
    """What an exclusion-style list MCQ claims is NOT in the list; None for a style not known here."""
    if item.type != "mcq" or not isinstance(item.answer, int):
        return []
    style = item.style
    if style == "single":
        return [o for j, o in enumerate(item.options) if j != item.answer]
    if style == "not":
        return [_answer(item)]
    if style == "how_many":
        return [e for _n, e in _NUMBERED.findall(item.stem) if member_key(e) not in members]
    if style == "statements":
        return [m.group(2) for m in _STATEMENT.finditer(item.stem) if member_key(m.group(2)) not in members]
    return None


def _is_year_mcq(item: Item, ctx: Context) -> bool:
    return item.type == "mcq" and any(
        (f := ctx.facts.get(fid)) is not None and f.kind == "date" for fid in item.facts) and not _list_facts(item, ctx)


def open_list_exclusion(item: Item, ctx: Context) -> bool:
    for fact in _list_facts(item, ctx):
        if item.type != "mcq":
            continue
        members = {member_key(m) for m in fact.members}
        values = false_values(item, members)
        if values is None:
            if not is_closed(fact):
                return True  # a style this gate cannot read, on a list not declared complete: hold
            continue
        # on a list not declared complete, the style itself claims to know what is left out:
        # it stands only when every value it calls false is proven false elsewhere
        if not is_closed(fact) and (not values or any(ctx.base.could_be_true(fact, v) for v in values)):
            return True
    return False


def distractor_true_elsewhere(item: Item, ctx: Context) -> bool:
    for fact in _list_facts(item, ctx):
        values = false_values(item, {member_key(m) for m in fact.members}) or []
        if any(ctx.base.true_elsewhere(fact, v) for v in values):
            return True
    if _is_year_mcq(item, ctx) and isinstance(item.answer, int):
        for fid in item.facts:
            dated = ctx.facts.get(fid)
            if dated is None or dated.kind != "date":
                continue
            if any(ctx.base.year_elsewhere(dated, o) for j, o in enumerate(item.options) if j != item.answer):
                return True
    return False


def conflict_unattributed(item: Item, ctx: Context) -> bool:
    return any(fid in ctx.conflicting for fid in item.facts) and not _ATTRIBUTED.search(item.stem)


def duplicate_answer(item: Item, ctx: Context) -> bool:
    if item.type == "mcq":
        keys = [member_key(o) for o in item.options]
        return len(set(keys)) != len(keys)
    if item.type not in ("fact", "cloze"):
        return False
    answer = _answer(item)
    for fid in item.facts:
        fact = ctx.facts.get(fid)
        if fact is None or fact.kind != "table_row":
            continue
        repeated = fact.extra.get("repeated")
        if isinstance(repeated, (list, tuple, set)) and any(str(r) == answer or r is True for r in repeated):
            return True
        if repeated is True:
            return True
        # another row of the same document with the same other cells: the blank has several answers
        rest = tuple(c for c in fact.cells if c != answer)
        for other in ctx.base.by_key.get(ctx.base.key.get(fact.id, ("", "")), ()):
            if (other.id != fact.id and other.kind == "table_row" and other.source.document == fact.source.document
                    and tuple(c for c in other.cells if c != answer) == rest and answer not in other.cells):
                return True
    return False


# -- wave-2 rules: what the blind audits rejected, as rules over text --------------------------

_CONNECTIVE_START = re.compile(
    r"^(?:in sum|in short|to sum up|further(?:more)?|also|however|finally|first(?:ly)?|second(?:ly)?|third(?:ly)?|"
    r"lastly|moreover|meanwhile|besides|additionally|hence|thus|therefore|nevertheless|then|the other\s+"
    r"(?:two|three|four|five|six|seven|eight|nine|ten|\d+)|these|this|those|such|his|her|their|its|they|he|she|"
    r"it)\b", re.I)
# a definite reference that only the surrounding text resolves; "the Convention" stands when a name follows
_DANGLING = re.compile(
    r"\b[Tt]he (?:grouping|group|bloc|stand-?off|two (?:countries|nations|sides|leaders)|"
    r"both (?:countries|sides)|latter|former|instrument of)\b"
    r"|\b[Tt]he (?:Convention|Treaty|Agreement|summit|Summit|meeting|dialogue|pact|deal)\b(?! (?:on |of |for )?[A-Z])"
    r"|\b(?:such|these|those) (?:meetings?|joint projects|projects|military exercises|exercises|agreements?|"
    r"treaties|talks|countries|steps|measures|engagements)\b"
    r"|\bas (?:detailed|given|listed|shown|mentioned) below\b"
    # "The original four (Brazil, Russia, India and China) first met …": four of what, the sentence never says
    # (round 15's reader, on a statement lifted from a column)
    r"|\b[Tt]he (?:original|founding|first|other|remaining) (?:two|three|four|five|six|seven|eight|nine|ten)\b"
    r"(?!\s+(?:members?|member states|countries|nations|states|founders|founding members)\s+of\s+[A-Z])"
    # "… was held on the same day": which day is the line before's (session 26's holdout timeline)
    r"|\b(?:on|in|during) (?:the same|that) (?:day|date|week|month|year)\b"
    r"|\b(?:joined|became (?:a )?members?|acceded|withdrew) (?:in|on|from)\b")
_PERSONAL = re.compile(r"\b(?:he|she|his|her|him|they|their|them|its)\b", re.I)
KNOWN_ABBREVIATIONS = frozenset({
    "UN", "USA", "UK", "EU", "ASEAN", "SAARC", "BRICS", "BRIC", "BIMSTEC", "NATO", "WTO", "IMF", "WHO", "UNESCO",
    "UNICEF", "SCO", "OPEC", "APEC", "G7", "G20", "NSG", "MTCR", "IAEA", "UNSC", "UNGA", "ISRO", "RBI", "USSR",
    "NASA", "CEO", "GDP", "NOT", "ALL", "NONE", "AIDS", "HIV", "COVID", "OECD", "BJP", "ICJ", "ICC", "UNHRC", "NDB", "AIIB", "IT",
    "COP", "UNFCCC", "IPCC", "UNEP", "WMD", "UAV", "GST", "PSLV", "GSLV", "DRDO", "ESA"})
_ABBREV = re.compile(r"\b([A-Z][A-Z0-9]{2,})(?:s|’s|'s)?\b")
# "Part III of the Constitution", "Schedule VII": a numbered division, not an abbreviation to expand
_NUMBERED_DIVISION = re.compile(r"\b(?:Part|Schedule|Chapter|Article|Title|Phase|Stage|Tier|Section|Book|Volume)\s+$")
_ROMAN = re.compile(r"[IVXLC]+")
_STOP = frozenset({"of", "and", "for", "the", "on", "in", "to", "a", "an", "&"})


def _quotes(item: Item) -> list[str]:
    """The quoted source passages of a stem; a stem with none is read whole."""
    found = [m.group(1).strip() for m in _QUOTED.finditer(item.stem)]
    return found or [item.stem.strip()]


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])[”\"']?\s+(?=[A-Z“\"‘])", text.strip(), maxsplit=1)[0]


def _initials(words: Iterable[str]) -> str:
    return "".join(w[0].upper() for w in words if w and w.lower() not in _STOP and w[0].isalpha())


def _expanded(abbrev: str, text: str) -> bool:
    """An abbreviation is expanded when "(ABC)" sits in the text or capitalised words spell it out."""
    if f"({abbrev})" in text or f"({abbrev}s)" in text:
        return True
    words = re.findall(r"[A-Za-z][\w-]*", text)
    letters = abbrev.rstrip("0123456789")
    for i in range(len(words)):
        if _initials(words[i:i + len(letters) + 4]).startswith(letters) and words[i][:1].isupper():
            return True
    return False


# the attribution's publisher, up to its date or the end of the clause (never into the quoted sentence)
_PUBLISHER_CLAUSE = re.compile(r"\b(?:as stated by|as reported by|according to)\s+[^,?:\n“\"()]*", re.I)


# "this power", "these provisions": a demonstrative points at a noun of a sentence the item does not show
_DEMONSTRATIVE = re.compile(r"\b(?:[Tt]his|[Tt]hese)\s+(?!year\b|month\b|week\b)[a-z][a-z-]+\b")


_BARE_LAW = re.compile(r"\b[Tt]he (?P<kind>Act|Bill|Ordinance|Scheme|Code|Mission|Policy|law|scheme|Assembly|"
                       r"Ministry|Council|Commission)\b"
                       r"(?!\s+(?:on |of |for |to )?[A-Z0-9])(?!,\s*\d{4})")


# A place or time the sentence points back to: "here" / "there" as an adverb, a narrative "then", "the region"
_DEICTIC = re.compile(r"\b(?:here|there)(?=\s*[,.?;!]|\s*$)|(?<!\bthe )(?<!\bThe )\bthen\b(?![-–])"
                      r"|\b[Tt]he (?:region|province|island|territory|city|town|village)(?:['’]s)?\b(?!\s+of\b)")
# "An Intergovernmental Negotiating Committee was set up …": one body of a kind, on what the sentence before said
_INDEFINITE_BODY = re.compile(r"^An? (?:[A-Z][\w-]*\s+){1,4}(?:Committee|Commission|Council|Board|Panel|Group|Task Force|"
                              r"Body|Fund|Mission|Authority|Working Group)\b")
# "Jawaharlal Nehru inaugurates it at Nagaur": a verb's object pronoun points back to the clause before
# (only when a name and its verb open the sentence: "once India joined it" has the MTCR before it)
_OBJECT_PRONOUN = re.compile(r"^(?:[A-Z][\w.'’-]*\s+){1,4}(?:also\s+)?[a-z]{3,}(?:s|ed|d)\s+(?:it|them)"
                             r"(?=\s+(?:at|in|on|to|for|with|by|from|into|as)\b|\s*[.,;]|\s*$)")
# "The day, first observed in 2015, marks …", "The mission will study …": a kind named for the entry above it
_BARE_SUBJECT = re.compile(r"^[Tt]he (?:day|event|occasion|mission|programme|project|operation|visit|body|organisation|"
                           r"rover|lander|satellite|spacecraft|plan|fund|initiative|exercise|report|panel|board|facility|"
                           r"amendment|bill|ordinance|framework|target|act|rule|rules|site|park|reserve|sanctuary|species|"
                           r"festival|tradition|award|prize|tournament|championship)\b(?!\s+(?:of|for|on)\s+[A-Z])")
# the Constitution as what a stem asks about; "inserted into the Constitution by the 52nd Amendment" is India's
_CONSTITUTION_SUBJECT = re.compile(r"(?:^|\b(?:was|is|did|were)\s+)[Tt]he Constitution\b(?!\s+of\b)")


_OPENING_WORDS = frozenset("the a an in on at by for from with after before during since under while when as it he she "
                           "they this that these those its his her their there here one some all both each".split())


def dangling_reference(item: Item, ctx: Context) -> bool:
    if item.type == "essay":
        return False
    # a statement is read cold as much as a quote is: "2. The day, first observed in 2015, marks …" (session 32)
    statements = _STATEMENT_LINE.findall(item.stem) if item.type == "mcq" and item.style == "statements" else []
    for text in _quotes(item) + statements:
        body = text.lstrip("\"'‘“ ")
        if _CONNECTIVE_START.match(body):
            return True
        if _DANGLING.search(body) or (item.type in ("fact", "cloze") and _ALSO_LEAN.match(body)):
            return True
        if _DEMONSTRATIVE.search(body):
            return True  # "given this power by an amendment": which power, the sentence before said (round 19)
        if _CONSTITUTION_SUBJECT.search(body):
            return True  # "In which year was the Constitution adopted?": which country's (round 21's reader)
        if _INDEFINITE_BODY.match(body):
            return True
        if _DEICTIC.search(body):
            return True  # "did Tagore found Visva-Bharati here", "Armenians then left", "the region's leader" (s33)
        if _OBJECT_PRONOUN.search(body) or _BARE_SUBJECT.match(body):
            return True  # "Nehru inaugurates it at Nagaur", "The day, first observed in 2015, …" (session 32)
        for m in _BARE_LAW.finditer(body):
            # "Tripura withdrew the Act in 2015": which Act, the page's title said; one the quote names stands
            if not re.search(rf"[A-Z)][\w)’'.-]*\s+{m['kind']}\b", body[:m.start()] + body[m.end():]):
                return True
        first = _first_sentence(body)
        pron = _PERSONAL.search(first)
        # a pronoun before any name of the sentence (the first word aside) points back to text not shown
        # (the first word counts as a name unless it is a function word: "BRICS began as BRIC, and its first summit")
        opener = first.split()[0] if first.split() else ""
        skip = len(opener) if opener.strip("\"'‘“(").casefold() in _OPENING_WORDS or not opener[:1].isupper() else 0
        if pron and not re.search(r"\b[A-Z][A-Za-z]+", first[skip:pron.start()]):
            return True
    # "as stated by IAS Pathshala": the publisher's own name is no abbreviation the reader must know
    for m in _ABBREV.finditer(_PUBLISHER_CLAUSE.sub(" ", item.stem)):
        abbrev = m.group(1)
        if _ROMAN.fullmatch(abbrev) and _NUMBERED_DIVISION.search(item.stem[:m.start()]):
            continue
        # "COP21", "G20": a known series numbered
        if abbrev not in KNOWN_ABBREVIATIONS and abbrev.rstrip("0123456789") not in KNOWN_ABBREVIATIONS \
                and not _expanded(abbrev, item.stem):
            return True
    return False


def relative_in_stem(item: Item, ctx: Context) -> bool:
    """A recall stem must be as absolute as its answer. A Mains prompt is the setter's own
    question, and "today" in it ("more complex … today than in the past") means the day it is
    answered, as in a real paper."""
    if item.type == "essay":
        return False
    return bool(RELATIVE.search(_flat(item.stem)))


_BLANK = re.compile(r"_{3,}|\[(?:when|how many)\?\]")
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


def _doc_year(item: Item, ctx: Context) -> int | None:
    meta = ctx.documents.get(item.source.document)
    day = meta and (meta.published or meta.as_of)
    return day.year if day else None


def _acronym_lists_members(answer: str, text: str) -> bool:
    """"BRICS brings together Brazil, Russia, …, _____": the acronym spells the missing member's initial."""
    parts = [p.strip() for p in re.split(r",|\band\b|\btogether\b|:", text)]
    initials = {p.lstrip("the ")[:1].upper() for p in parts if p[:1].isupper() or p.startswith("_")}
    for m in _ABBREV.finditer(text):
        abbrev = m.group(1)
        if answer[:1].upper() in abbrev and sum(ch in initials for ch in set(abbrev)) >= len(set(abbrev)) - 1:
            return True
    return False


def gives_away(item: Item, ctx: Context) -> bool:
    answer = _answer(item).strip()
    quotes = [q for q in _quotes(item) if _BLANK.search(q)]
    if item.type in ("fact", "cloze") and answer:
        # a date answer in the stem's own words: the attribution's date is the day asked
        if _YEAR.search(answer) and not answer.isdigit() and answer.lower() in _BLANK.sub(" ", item.stem).lower():
            return True
        for q in quotes:
            rest = _BLANK.sub(" ", q)
            if len(answer) >= 3 and not answer.isdigit() and answer.lower() in rest.lower():
                return True
            blank = _BLANK.search(q)
            if blank is None:  # quotes were filtered on _BLANK.search: never taken
                continue
            after = q[blank.end():]
            if re.match(r"\s*v(?:s)?\.\s+[A-Z]", after) or re.search(r"\b[A-Z][\w’'.-]*\s+v(?:s)?\.\s*$", q[:blank.start()]):
                return True  # "In _____ v. Zachillhu (1992)": a case's other party names it (round 21b's reader)
            near = re.match(r"\s*((?:[A-Z][\w-]*\s*){0,8})\(([A-Z][A-Za-z]{1,})\)", after)
            if near:
                ini = _initials(answer.split())
                if not near.group(1).strip() and len(answer.split()) > 1:
                    return True
                if ini and near.group(2).upper().startswith(ini):
                    return True
            if _acronym_lists_members(answer, q):
                return True
            years = _YEAR.findall(answer)
            if years and any(years[0] in y for y in _YEAR.findall(rest)):
                return True  # a window in the sentence pins the year of the asked day
    if _year_options(item):
        key = int(answer)
        for q in quotes:
            near_years = [int(y) for y in _YEAR.findall(_BLANK.sub(" ", q))]
            if any(abs(y - key) <= 3 for y in near_years):
                return True
        if _doc_year(item, ctx) == key and not any(int(o) > key for o in item.options):
            return True  # the article's own year, as the latest option, is a guess any reader makes
    return False


def _year_options(item: Item) -> bool:
    return item.type == "mcq" and bool(item.options) and all(re.fullmatch(r"(1[89]|20)\d\d", o) for o in item.options)


_CAPITALS = {"beijing": "china", "delhi": "india", "new delhi": "india", "washington": "united states",
             "moscow": "russia", "tokyo": "japan", "islamabad": "pakistan", "dhaka": "bangladesh",
             "kathmandu": "nepal", "colombo": "sri lanka", "canberra": "australia", "london": "united kingdom",
             "paris": "france", "berlin": "germany", "kabul": "afghanistan", "thimphu": "bhutan"}
_DEMONYMS = {"chinese": "china", "indian": "india", "american": "united states", "russian": "russia",
             "japanese": "japan", "pakistani": "pakistan"}

_COUNTRIES = frozenset(_CAPITALS.values())


_INNER_QUOTE = re.compile(r"[\"“‘]([^\"“”‘’]{1,60})[\"”’]")
# "_____ (170th Report, 1999) also examined …": a subject with "also" leans on the sentence before it
_ALSO_LEAN = re.compile(r"^_{3,}\s+(?:\([^)]*\)\s+)?also\b", re.I)


_SOURCE_NUMBER = re.compile(r"^\s*(?:\d{1,2}[.)]|\(\d{1,2}\)|[•*▪-])\s")
_STATEMENT_LINE = re.compile(r"^\d+\.\s+(.+)$", re.M)


def note_fragment(item: Item, ctx: Context) -> bool:
    if item.type == "mcq" and item.style == "statements":
        # "1. Charter: signed in St. Petersburg on 7 June 2002.": a note's label never says whose charter it is
        # (session 29's holdout; round 17's reader)
        # "2. 3. The Eleventh Schedule …": a statement still carrying its source's own list number (round 22)
        return any(common.NOTE_SHAPE.match(line) or common.headless(line) or _SOURCE_NUMBER.match(line)
                   for line in _STATEMENT_LINE.findall(item.stem))
    if item.type not in ("fact", "cloze"):
        return False
    return any(common.NOTE_SHAPE.match(q.lstrip("\"'‘“ ")) or common.headless(q) for q in _QUOTED.findall(item.stem))


# "_____ is a law enacted by Parliament in 1958.": a blank defined by its class, which many answers fill
_CLASS_BLANK = re.compile(r"^_{3,}\s+(?:\([^)]*\)\s+)?(?:is|was|are|were)\s+(?:a|an|one of)\b")


def class_blank(item: Item, ctx: Context) -> bool:
    """A cloze whose blank is the subject of a class statement: many Acts were enacted in 1958, and the
    sentence names no feature of this one (round 19's reader)."""
    return item.type == "cloze" and any(_CLASS_BLANK.match(q.lstrip("\"'‘“ ")) for q in _quotes(item))


# The kind of an office or a body, which the sentence around the blank names (session 27's holdout)
_GENERIC_BODY_WORDS = frozenset("Chair Chairman Chairmanship Chairperson Chairpersonship Presidency President Plenary "
                                "Secretariat Summit Council Assembly Committee Commission Conference Meeting Session "
                                "Cabinet Parliament Ministry Government Secretary Minister Ambassador".split())


def trivial_blank(item: Item, ctx: Context) -> bool:
    if item.type != "cloze":
        return False
    answer = _answer(item).strip()
    if not answer or answer[0].isdigit():
        return False
    if answer[0].islower():
        return True  # a common word: the sentence's grammar gives it
    if any("___" in q for quote in _quotes(item) for q in _INNER_QUOTE.findall(quote)):
        return True  # half a catchphrase ("____, Gaya Ram"): the other half gives it away (session 26's holdout)
    words = answer.split()
    if len(words) == 1 and answer in _GENERIC_BODY_WORDS:
        return True  # "the _____ of the Plenary", "the 26th annual _____ of the WA": an office or a body's kind
    if len(words) >= 2 and len(words[0]) > 4 and words[0].endswith("ing") and words[0][1:].islower() \
            and words[1].islower():
        return True  # "_____ in 2023 gives India a role": a clause ("Chairing the WA Plenary"), not a term
    meta = ctx.documents.get(item.source.document)
    title = _flat(meta.title) if meta else ""
    key = answer.lower()
    country = _CAPITALS.get(key) or _DEMONYMS.get(key) or key
    if country not in _COUNTRIES:
        return False
    # the document's own countries (its title names them): "Beijing and Delhi" is no knowledge
    names = {country, *(c for c, k in _DEMONYMS.items() if k == country), *(c for c, k in _CAPITALS.items() if k == country)}
    return any(re.search(rf"\b{re.escape(n)}\b", title) for n in names) or country == "india" and "indo-" in title


def swallowed_noun(item: Item, ctx: Context) -> bool:
    if item.type not in ("fact", "cloze"):
        return False
    counted = "[how many?]" in item.stem or any((f := ctx.facts.get(fid)) is not None and f.kind == "count"
                                                  for fid in item.facts)
    return counted and len(_answer(item).split()) > 2


# A timeline's entry pasted as a statement: "1. 4 May 2021 - India-UK Virtual Summit." (session 26's holdout)
_TIMELINE_LINE = re.compile(r"^\s*\d\.\s+(?:\d{1,2}\s+[A-Z][a-z]+,?\s+\d{4}|[A-Z][a-z]+\s+\d{1,2},?\s+\d{4})\s*[-–—:]\s",
                            re.M)


def table_template(item: Item, ctx: Context) -> bool:
    if item.type == "mcq" and item.style in ("statements", "pairs"):
        return bool(_TIMELINE_LINE.search(item.stem))
    if item.type not in ("fact", "cloze"):
        return False
    on_row = any((f := ctx.facts.get(fid)) is not None and f.kind == "table_row" for fid in item.facts)
    stem = item.stem.lower()
    return ";" in _answer(item) or "given against" in stem or (on_row and stem.startswith("according to the table"))


_DIRECTIVE = re.compile(r"^\W*(?:discuss|examine|analy[sz]e|comment|critically|evaluate|explain|elucidate|"
                        r"describe|assess|illustrate|justify|enumerate|highlight|do you agree)\b", re.I)


def essay_point_form(item: Item, ctx: Context) -> bool:
    """An essay whose rubric a setter would not sign: more than eight points for one answer, or a
    point that is no clean sentence (a page heading, a question, a fragment, a relative time, a
    relation with one party, a generic or padding keyword). Generated prompts pass or fail by the
    same rule as the source's own."""
    if item.type != "essay":
        return False
    if len(item.key_points) > MAX_KEY_POINTS:
        return True
    return any(essay.point_faults(kp) for kp in item.key_points)


def essay_off_demand(item: Item, ctx: Context) -> bool:
    """A page's own question whose key points mostly do not answer it. A generated prompt is
    written from its points, so it asks what they answer."""
    if item.type != "essay" or "generated-prompt" in item.tags:
        return False
    meta = ctx.documents.get(item.source.document)
    return essay.off_demand(item.stem, item.key_points, meta.title if meta is not None else "")


def essay_half_uncovered(item: Item, ctx: Context) -> bool:
    """A two-part question ("… complex … What areas of convergence …?") whose key points answer one part."""
    return item.type == "essay" and bool(essay.uncovered_halves(item.stem, item.key_points))


_OPINION = re.compile(
    r"\b(?:too early|it signifies|signifies|in sum|is credited|credit the|seems?|seemed|appears?|appeared|"
    r"interesting to note|much more (?:complex|difficult)|arguably|perhaps|probably|possibly|may well|"
    r"opens the door|is not a|it is (?:clear|unclear|important|noteworthy|worth noting)|we|our|us)\b", re.I)


def opinion(item: Item, ctx: Context) -> bool:
    if item.type not in ("fact", "cloze") and not (item.type == "mcq" and _BLANK.search(item.stem)):
        return False
    return any(_OPINION.search(q) or re.search(r"\bI\b", q) for q in _quotes(item) if _BLANK.search(q))


def _repeated_phrase(text: str, n: int = 4) -> bool:
    words = re.findall(r"[\w’'-]+", text.lower())
    seen: set[tuple[str, ...]] = set()
    for i in range(len(words) - n + 1):
        gram = tuple(words[i:i + n])
        if gram in seen and not all(w in _STOP for w in gram):
            return True
        seen.add(gram)
    return False


def _trails_off(quote: str) -> bool:
    """A quote cut mid-clause ("to speed up economic…"); one that ends at a clause, "living; …", is whole."""
    quote = quote.rstrip()
    return quote.endswith(("…", "...")) and not quote.endswith("; …")


def typo_or_artifact(item: Item, ctx: Context) -> bool:
    stem = item.stem
    if item.type != "essay" and any((f := ctx.facts.get(fid)) is not None and f.extra.get("suspect_typo")
                                    for fid in item.facts):
        return True  # a year the extractor reads as the source's slip (extract.dates.year_slip)
    if re.search(r"[’']s made\b", stem) or re.search(r"[a-z],(?=[0-9A-Z])", stem) or re.search(r"and,? lastly", stem):
        return True
    if any(_trails_off(q) for q in _quotes(item) if q is not stem):
        return True
    return any(_repeated_phrase(q) for q in _QUOTED.findall(stem))


_VISIT = re.compile(r"\b(?:visit(?:ed|s|ing)?|met|meets|held talks|arrived|arrives|(?:will )?travel(?:led|ed|s)?|"
                    r"co-chaired|chaired|(?:meetings?|conference|talks|dialogue) (?:was|were|are|is) held|"
                    r"(?:was|were) held)\b", re.I)
_OUTCOME = re.compile(r"\b(?:sign(?:ed|s|ing)?|adopted|established|set up|founded|came into force|comes into force|"
                      r"launched|agreed|ratified|joined|admitted|invited|first|"
                      r"(?:landmark|historic|ground-?breaking|path-?breaking) visit)\b", re.I)


def itinerary(item: Item, ctx: Context) -> bool:
    dated = any((f := ctx.facts.get(fid)) is not None and f.kind == "date" for fid in item.facts) or \
        "[when?]" in item.stem or _year_options(item)
    if not dated or item.type == "essay":
        return False
    texts = _QUOTED.findall(item.stem) or [s for s in re.split(r"\n\d+\.\s*", item.stem)[1:]] or [item.stem]
    return any(_VISIT.search(t) and not _OUTCOME.search(t) for t in texts)


_UNDATED = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")


def undated_cloze(item: Item, ctx: Context) -> bool:
    """A cloze on a sentence with no year: the rubric's time-bound facts need a date a reader can see."""
    if item.type != "cloze" or _UNDATED.search(_answer(item)):
        return False  # a blank that is the date dates the sentence
    return not any(_UNDATED.search(q) for q in _QUOTED.findall(item.stem))


def undated_roll(item: Item, ctx: Context) -> bool:
    """"Name the five provinces in which Congress won a clear majority, as stated by IAS Pathshala.": a roll of
    an event with no year in the stem, on a page that dates nothing (which elections?), tells a reader nothing
    to place it by (session 29's holdout)."""
    return item.type == "fact" and item.stem.startswith("Name the ") and not _UNDATED.search(item.stem)


def one_sided_statements(item: Item, ctx: Context) -> bool:
    """A statements item needs a true and a false statement: "Both" or "Neither" tests nothing to tell apart."""
    return item.type == "mcq" and item.style == "statements" and _answer(item).lower().startswith(("both", "neither"))


def compound_unproven(item: Item, ctx: Context) -> bool:
    """A statements or pairs item whose key the fact base does not give, line by line.

    Each line must be proven true or proven false by the loaded facts of every document: a
    false statement whose changed year another document gives for the event, a false pair
    that another document's list makes true, or a line the fact base cannot decide, is held.
    """
    from quizapp.banks.generate import compound

    if item.type != "mcq" or not compound.is_compound(item):
        return False
    data = {"stem": item.stem, "facts": list(item.facts), "style": item.style}
    return compound.rederive_base(data, ctx.base) != item.answer


def one_kind_pairs(item: Item, ctx: Context) -> bool:
    """A pairs item mixes kinds of fact (an event's year beside a table cell): not one kind of pair."""
    if item.type != "mcq" or item.style != "pairs":
        return False
    kinds = {f.kind for f in _cited(item, ctx)}
    return len(kinds) != 1


_TIME_BOUND = re.compile(r"\b(?:yet to|so far|already|currently|at present|presently|now|still|pending)\b", re.I)


def undated_time_bound(item: Item, ctx: Context) -> bool:
    """A claim true only at a date ("yet to be ratified") must carry the source's date in the stem."""
    if item.type == "essay" or _ATTRIBUTED.search(item.stem) or re.search(r"\((?:1[89]|20)\d\d(?:[–-]\d\d)?\)", item.stem):
        return False
    return any(_TIME_BOUND.search(q) for q in _QUOTED.findall(item.stem))



def practice_prompt(item: Item, ctx: Context) -> bool:
    """A blank cut into a page's own practice question ("Discuss the factors … of _____") tests no fact."""
    if item.type == "essay":
        return False
    return any(_DIRECTIVE.match(q) or q.rstrip("”\"' ").endswith("?") for q in _QUOTED.findall(item.stem))


# A sentence that ends by introducing what follows ("… with the following 34 countries:-"): the list is not in
# the item, so the quote dangles.
_INTRO_END = re.compile(r"(?::-?|—|:–)\s*[”\"’']?\s*$")


def dangling_intro(item: Item, ctx: Context) -> bool:
    if item.type == "essay":
        return False
    if item.type == "fact" and not _QUOTED.search(item.stem):
        # a whole question ("With how many countries has India …?") shows no passage to dangle; its
        # source sentence is only cited
        return bool(_INTRO_END.search(item.stem.strip()))
    return bool(_INTRO_END.search(item.stem.strip()) or _INTRO_END.search(item.source.quote.strip()))


MIN_KEY_POINTS = 4  # a 250-word answer makes four to eight points (issue 14)
MAX_KEY_POINTS = 8


def thin_essay(item: Item, ctx: Context) -> bool:
    """Fewer than four key points is no model answer: the audit found two-point essays missing the demand."""
    return item.type == "essay" and len(item.key_points) < MIN_KEY_POINTS


def _cited(item: Item, ctx: Context) -> list[Fact]:
    return [ctx.facts[f] for f in item.facts if f in ctx.facts]


def office_holder(item: Item, ctx: Context) -> bool:
    """A card that only asks who held an office: round 3's blind reader rejected nine of nine.

    "Who was China's Minister of Public Security?" is trivia a setter does not ask unless the
    office itself is the point, and the same people recur across documents. Held for review,
    not dropped, so an editor can release the one that matters.
    """
    return any(f.kind == "role" for f in _cited(item, ctx))


def abbreviation_only(item: Item, ctx: Context) -> bool:
    """A card that only spells out an abbreviation (NSG, ASEAN, MTCR): the blind reader rejected
    all seven as not worth asking; the expansion belongs in a stem, not as the answer."""
    return any(f.kind == "event" and f.extra.get("rule") == "expansion" for f in _cited(item, ctx))


# -- s23 precision rules: what round 4's blind reader rejected, and open lists -------------------

_ORDINAL_ROUND = re.compile(r"\b(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\b",
                            re.IGNORECASE)
_REPORTED = re.compile(r"\b(?:told|said|says|claimed|claims|alleged|alleges|according to|reportedly|reports? say)\b"
                       r"[^.;]*\bthat\b|\b(?:told|said|claimed)\b", re.IGNORECASE)
_OPINION_TITLE = re.compile(r"^\W*(?:opinion|op-ed|comment|view|viewpoint|column)\s*[:|–—-]", re.IGNORECASE)


def reported_plan(item: Item, ctx: Context) -> bool:
    """A card on what two sides were "preparing to sign": a media report of an intention, not the
    agreement. Round 4's reader rejected it twice (low worth; ask the signed agreement instead)."""
    return any(f.kind == "event" and f.extra.get("rule") == "plan_two" for f in _cited(item, ctx))


def routine_venue(item: Item, ctx: Context) -> bool:
    """"Where was the second ... Dialogue held?": the venue of one round of a recurring meeting is
    itinerary detail (rejected in rounds 3 and 4); a first meeting or a summit's venue stays."""
    for f in _cited(item, ctx):
        if f.kind == "event" and f.extra.get("rule") == "named_held":
            what = str(f.extra.get("what") or "")
            if _ORDINAL_ROUND.search(what) and not re.search(r"\bsummit\b", what, re.IGNORECASE):
                return True
    return False


def opinion_figure(item: Item, ctx: Context) -> bool:
    """A count from an opinion piece: the author's figure ("eight central armed police forces") is a
    claim no setter can defend without an official source (round 4 rejected it as contested)."""
    for f in _cited(item, ctx):
        meta = ctx.documents.get(f.source.document)
        if f.kind == "count" and meta is not None and _OPINION_TITLE.search(meta.title or ""):
            return True
    return False


def reported_claim(item: Item, ctx: Context) -> bool:
    """A count inside reported speech ("Pompeo told a meeting that China had placed 60,000 troops"):
    the figure is someone's claim, so the card would teach it as a fact."""
    for f in _cited(item, ctx):
        if f.kind != "count":
            continue
        sentence = f.sentence.quote or ""
        at = f.source.start - f.sentence.start if f.sentence.quote else -1
        m = _REPORTED.search(sentence)
        if m is not None and (at < 0 or m.start() < at):
            return True
    return False


def open_list_cloze(item: Item, ctx: Context) -> bool:
    """A blank on a member of a list the text does not declare complete: another member the page
    leaves out ("among them A, B and C") fills the blank as truly, so the key is not the only answer."""
    if item.type != "cloze":
        return False
    return any(f.kind == "list" and not is_closed(f) for f in _cited(item, ctx))


# -- s24 precision rules: round 5's needs-edit verdicts, as rules over text -----------------------


def unresolved_agent(item: Item, ctx: Context) -> bool:
    """"With which countries have MLATs been signed?" / "the nodal ministry": who signed, whose ministry?
    Generation names the agent from the document's text (`common.agent_of`); what it could not name is held."""
    return item.type != "essay" and common.needs_agent(item.stem)


def doubled_word(item: Item, ctx: Context) -> bool:
    """"one of the the seven members": a word twice running in the stem, an option or the explanation,
    outside the verbatim quotation (a source's own slip stays quoted as it stands)."""
    points = tuple(kp.text for kp in item.key_points) if item.type == "essay" else ()
    return any(common.doubled_word(t) for t in (item.stem, *item.options, item.explanation, *points))


def lone_region_key(item: Item, ctx: Context) -> bool:
    """On a regional grouping, a single-answer or NOT key that is the only option of its UN sub-region
    (Nepal the one South Asian option for BIMSTEC, Australia among three ASEAN members): geography answers it."""
    if item.type != "mcq" or item.style not in ("single", "not") or not isinstance(item.answer, int):
        return False
    key = _answer(item)
    others = [o for j, o in enumerate(item.options) if j != item.answer]
    return any(lone_in_region(key, others, f.members) for f in _list_facts(item, ctx))


def option_in_stem(item: Item, ctx: Context) -> bool:
    """A single-answer or NOT option that the question itself names ("… signed by Brazil …" with Brazil
    an option): the agent of the stem is no candidate, and the option answers or spoils the item."""
    if item.type != "mcq" or item.style not in ("single", "not"):
        return False
    named = {member_key(c) for c in common.countries_named(_QUOTED.sub(" ", item.stem))}
    return any(member_key(o) in named for o in item.options)


_DAY_NUMBER = re.compile(r"(?<!\d)(?:[1-9]|[12]\d|3[01])(?!\d)")


def near_year_in_view(item: Item, ctx: Context) -> bool:
    """A year blank whose visible sentence names a year one off the key ("joined BRICS in December 2010
    and attended its first summit in ___": 2011). A key with a day in it is not given away by its year."""
    if item.type not in ("fact", "cloze"):
        return False
    answer = _answer(item)
    years = _YEAR.findall(answer)
    if len(years) != 1 or _DAY_NUMBER.search(_YEAR.sub(" ", answer)):
        return False
    key = int(years[0])
    for q in _quotes(item):
        if _BLANK.search(q) and any(abs(int(y) - key) == 1 for y in _YEAR.findall(_BLANK.sub(" ", q))):
            return True
    return False


_FIRST = re.compile(r"\bfirst(?:[- ]ever)?\b", re.IGNORECASE)


_ASKS_WHEN = re.compile(r"^(?:On what date|In which (?:year|month))\b")


def undated_first(item: Item, ctx: Context) -> bool:
    """"Which two countries signed their first-ever internal security cooperation agreement?": a first
    with no date or year in the question (the attribution's date is the report's, not the event's)."""
    if item.type == "essay" or _BLANK.search(item.stem) or _year_options(item):
        return False  # a year MCQ asks the first's date: its options are the date
    if item.type == "fact" and _ASKS_WHEN.match(item.stem):
        return False  # "On what date was the first India-Central Asia Summit held?": the answer is its date
    own = _ATTRIBUTED.sub(" ", _QUOTED.sub(" ", item.stem))
    return bool(_FIRST.search(own)) and not _YEAR.search(own)


def unnamed_blank_subject(item: Item, ctx: Context) -> bool:
    """A cloze whose blank is its sentence's subject, with nothing else in the sentence to say which one.

    "The _____ entered into force on 20 May 2024." (round 6, rejected): the page's "The Charter" leaned on
    the sentence before, and with the noun blanked no name is left, so countless instruments fit the blank.
    """
    if item.type != "cloze":
        return False
    quoted = _QUOTED.findall(item.stem) or [item.stem]
    for text in quoted:
        m = re.match(r"^\s*(?:The|the|This|this|Its|its)?\s*" + r"_{3,}(?P<rest>.*)$", text, re.S)
        if m is None:
            continue
        named = [w for w in re.findall(r"\b[A-Z][\w’'-]*", m["rest"]) if w not in MONTH_NAMES]
        if not named:
            return True
    return False


_ONLY = re.compile(r"\bthe only (?:[a-z-]+ ){0,3}(?P<head>organi[sz]ation|grouping|forum|body|association|bloc)s?\b"
                   r"(?P<rest>[^?]*)")
_REGION = re.compile(r"\b(?:in|of|for|across)\s+(?:the\s+)?(?P<region>(?:[A-Z][a-z]+\s+){0,2}[A-Z][a-z]+)\b")
_KIND_WORD = re.compile(r"\b(?:organi[sz]ation|grouping|forum|association|bloc|initiative)\b", re.IGNORECASE)
_NAME = re.compile(r"\b[A-Z]{3,}\b")


def contested_only(item: Item, ctx: Context) -> bool:
    """An "only" claim that another sentence of the corpus contests: round 9's reader rejected "which is the
    only regional organization for cooperation in South Asia?" because BIMSTEC, in the same document, is an
    organisation "of countries in South Asia and South East Asia". The source's superlative is its own; with
    a rival named for the same region, the key is not the only right answer, so the item is held."""
    if item.type == "essay":
        return False
    m = _ONLY.search(_QUOTED.sub(" ", item.stem))
    region = _REGION.search(m["rest"]) if m else None
    if m is None or region is None:
        return False
    key = _answer(item)
    return any(n not in key for n in _rivals(ctx.base).get(region["region"], ()))


_PLACE_RUN = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}\b(?!n)")


@per_corpus
def _rivals(base: FactBase) -> dict[str, frozenset[str]]:
    """Place phrase -> the organisations' acronyms that sentences of the corpus tie to it ("BIMSTEC … countries
    in South Asia and South East Asia" gives South Asia -> {BIMSTEC}), built once per fact base: an "only"
    claim is looked up, not checked against every sentence (the 1,000-document build)."""
    found: dict[str, set[str]] = defaultdict(set)
    seen: set[str] = set()
    for fact in base.facts.values():
        text = fact.sentence.quote
        if text in seen:
            continue
        seen.add(text)
        if "only" in text.split() or not _KIND_WORD.search(text):
            continue
        acronyms = set(_NAME.findall(text))
        if not acronyms:
            continue
        for m in _PLACE_RUN.finditer(text):
            words = m.group(0).split()
            for i in range(len(words)):  # "South East Asia" is also "East Asia" and "Asia"
                for j in range(i + 1, len(words) + 1):
                    found[" ".join(words[i:j])].update(acronyms)
    table = {k: frozenset(v) for k, v in found.items()}
    return table


CHECKS: tuple[tuple[str, Callable[[Item, Context], bool]], ...] = (
    ("relative_answer", relative_answer),
    ("machine_notation", machine_notation),
    ("mid_sentence_start", mid_sentence_start),
    ("unresolved_subject", unresolved_subject),
    ("furniture", furniture),
    ("open_list_exclusion", open_list_exclusion),
    ("distractor_true_elsewhere", distractor_true_elsewhere),
    ("conflict_unattributed", conflict_unattributed),
    ("duplicate_answer", duplicate_answer),
    ("dangling_reference", dangling_reference),
    ("relative_in_stem", relative_in_stem),
    ("gives_away", gives_away),
    ("trivial_blank", trivial_blank),
    ("swallowed_noun", swallowed_noun),
    ("table_template", table_template),
    ("note_fragment", note_fragment),
    ("essay_point_form", essay_point_form),
    ("essay_half_uncovered", essay_half_uncovered),
    ("essay_off_demand", essay_off_demand),
    ("opinion", opinion),
    ("typo_or_artifact", typo_or_artifact),
    ("itinerary", itinerary),
    ("undated_cloze", undated_cloze),
    ("undated_roll", undated_roll),
    ("one_sided_statements", one_sided_statements),
    ("compound_unproven", compound_unproven),
    ("mixed_pairs", one_kind_pairs),
    ("undated_time_bound", undated_time_bound),
    ("practice_prompt", practice_prompt),
    ("thin_essay", thin_essay),
    ("office_holder", office_holder),
    ("abbreviation_only", abbreviation_only),
    ("reported_plan", reported_plan),
    ("routine_venue", routine_venue),
    ("opinion_figure", opinion_figure),
    ("reported_claim", reported_claim),
    ("open_list_cloze", open_list_cloze),
    ("dangling_intro", dangling_intro),
    ("unresolved_agent", unresolved_agent),
    ("doubled_word", doubled_word),
    ("class_blank", class_blank),
    ("lone_region_key", lone_region_key),
    ("option_in_stem", option_in_stem),
    ("near_year_in_view", near_year_in_view),
    ("undated_first", undated_first),
    ("unnamed_blank_subject", unnamed_blank_subject),
    ("contested_only", contested_only),
)


# "When? Complete the date, as reported on …:\n“… from [when?].”", "Which year correctly fills the blank?":
# the completion forms of a sentence no rule could turn into a whole question (generate.asking).
_COMPLETION = re.compile(r"^(?:When\? Complete the date|How many\? Complete the statement|Which year correctly fills "
                         r"the blank)\b")


def completion_form(item: Item, ctx: Context) -> bool:
    """A card or MCQ still in a completion form: rounds 7 to 9's readers marked every one needs-edit ("machine
    notation", "not a UPSC form"). Checked only when no other rule holds the item, so the reasons an item
    already had stay its own; a cloze ("Fill in the blank") is a form of its own and is not this."""
    return item.type in ("fact", "mcq") and bool(_COMPLETION.match(item.stem))


def item_reasons(item: Item, ctx: Context) -> list[str]:
    """Reason codes of every per-item rule the item fails, in a fixed order; the completion form last, alone."""
    found = [code for code, check in CHECKS if check(item, ctx)]
    return found or (["completion_form"] if completion_form(item, ctx) else [])


# -- caps and balance ----------------------------------------------------------------------------


def cap_for(fact: Fact | None) -> int:
    if fact is not None and fact.kind == "list" and is_closed(fact) and len(fact.members) >= BIG_LIST:
        return CAP_BIG_LIST
    if fact is not None and fact.kind == "list" and is_closed(fact) and len(fact.members) >= MID_LIST:
        return CAP_LIST
    return CAP_OTHER


def _family(type_: str) -> str:
    """Recall (fact and cloze cards) or recognition (MCQs): a fact asked once each way is not asked twice."""
    return "mcq" if type_ == "mcq" else "card"


_TWICE = ("how_many", "statements")
# A second item of a style only for a list of twenty or more: round 10's reader marked the second "how many"
# and statements items on ASEAN's ten members needs-edit (six items asked nearly every member), and passed
# the 34-country MLAT list's.
TWICE_LIST = 20


def over_cap(fid: str, item: Item, used: Counter[str], styles: Counter[tuple[str, str, str | None]],
             ctx: Context, reserved: bool = False) -> bool:
    """Whether serving ``item`` would take fact ``fid`` past its cap.

    A closed list of five or more members may serve up to its cap in different styles (a "Name the N"
    card, a single-answer MCQ, statements ...). Any other fact serves at most one card and one MCQ:
    two cards (or two MCQs) of one fact ask the same question twice, while a recall card and a
    recognition MCQ test it two ways.
    """
    cap = cap_for(ctx.facts.get(fid)) - (1 if reserved else 0)
    if used[fid] >= cap:
        return True
    fact = ctx.facts.get(fid)
    if cap == CAP_BIG_LIST and item.type == "mcq" and item.style in _TWICE and fact is not None \
            and len(fact.members) >= TWICE_LIST:
        # a list of ten or more is served in every style first (`_rank` interleaves them); a second "how many"
        # or statements item asks about three or two other members, a new question, not the first reworded
        # (a second single, NOT or card would repeat its stem or its blank)
        return styles[(fid, item.type, item.style)] >= 2
    if cap > CAP_OTHER:
        return (fid, item.type, item.style) in styles
    return any(f == fid and _family(t) == _family(item.type) for f, t, _s in styles)


def _rank(items: Sequence[Item]) -> list[Item]:
    """Best first, with styles interleaved: the first of each style, then the second of each ..."""
    groups: dict[tuple[str, str | None], list[Item]] = defaultdict(list)
    for it in items:
        groups[(it.type, it.style)].append(it)
    for g in groups.values():
        g.sort(key=lambda it: (len(it.stem) > 320, len(it.stem.split("\n")) > 6, len(it.stem), it.id))
    order = sorted(groups, key=lambda k: (_STYLE_ORDER.get(k, 9), k[0], k[1] or ""))
    out: list[Item] = []
    depth = 0
    while len(out) < len(items):
        for k in order:
            if depth < len(groups[k]):
                out.append(groups[k][depth])
        depth += 1
    return out


def _stem_key(item: Item) -> str:
    return " ".join(re.sub(r"_{3,}|\[(?:when|how many)\?\]", "_", item.stem).lower().split())


def _hold(item: Item, *reasons: str) -> Item:
    merged = tuple(dict.fromkeys((*item.hold_reasons, *reasons)))
    return replace(item, status=ItemStatus.HELD, hold_reasons=merged)


def apply_gate(items: Sequence[Item], ctx: Context, editor_status: Mapping[str, str] | None = None) -> list[Item]:
    """The items in their order, each either served as generated or held with its reasons.

    ``editor_status`` (id -> status in the existing bank) lets reviewed items
    count first against a fact's cap and retired ones not at all, since the
    bank writer keeps the editor's status over the gate's.
    """
    editor_status = editor_status or {}
    out: dict[str, Item] = {}
    candidates: list[Item] = []
    for it in items:
        if editor_status.get(it.id) in EDITOR_STATUSES:
            out[it.id] = it
            continue
        reasons = item_reasons(it, ctx)
        if reasons:
            out[it.id] = _hold(it, *reasons)
        else:
            candidates.append(it)
    seen = {_stem_key(it) for it in items if editor_status.get(it.id) == "reviewed"}
    unique: list[Item] = []
    for it in candidates:
        if _stem_key(it) in seen:
            out[it.id] = _hold(it, "duplicate")  # the same question twice in one bank
            continue
        seen.add(_stem_key(it))
        unique.append(it)
    candidates = unique
    # an essay cites the facts of its key points; it asks none of them, so it takes no fact's slot
    for it in candidates:
        if it.type == "essay":
            out[it.id] = it
    candidates = [it for it in candidates if it.type != "essay"]
    reviewed = [it for it in items if editor_status.get(it.id) == "reviewed"]
    candidates = one_card_per_sentence(candidates, reviewed, ctx, out)
    compound = [it for it in candidates if _is_compound(it)]
    # a fact whose single-fact cap is its whole budget keeps one slot for a pairs item that cites it: a pairs
    # item needs three facts of a kind, is rare, and tests the fact against others, which a second card or MCQ
    # of it does not (a revived recall card once took the SAARC Convention's last slot and left no pairs item
    # served). A statements item, made two per document from any dated or counted facts, takes a free slot only:
    # reserving for it cost an uploaded note four year MCQs for two statements.
    reserve = {f for it in compound if it.style == "pairs" for f in it.facts
               if cap_for(ctx.facts.get(f)) >= total_cap(ctx.facts.get(f))}
    served = _caps([it for it in candidates if not _is_compound(it)], reviewed, ctx, out, reserve)
    served += _compound_caps(compound, reviewed, served, ctx, out)
    _balance(served, reviewed, out)
    _count_stated_elsewhere([it for it in served if out[it.id].status != ItemStatus.HELD], ctx, out)
    return [out[it.id] for it in items]


def _count_stated_elsewhere(served: list[Item], ctx: Context, out: dict[str, Item]) -> None:
    """Hold a count card whose answer another served item of the bank states of the same thing: "Name the ten
    members of the SCO" beside "How many member states does the SCO have?" (round 17b's reader). The roll
    teaches the count with the names; the count alone teaches less."""
    for it in served:
        fact = ctx.facts.get(it.facts[0]) if it.type == "fact" and len(it.facts) == 1 else None
        if fact is None or fact.kind != "count" or not fact.unit:
            continue
        answer = _answer(it).strip().lower()
        head = fact.unit.split()[0].lower()[:6]
        if not answer or len(head) < 4:
            continue
        for other in served:
            text = other.stem.lower()
            if other.id != it.id and re.search(rf"\b{re.escape(answer)}\b", text) and re.search(rf"\b{re.escape(head)}", text):
                out[it.id] = _hold(it, "count_stated_elsewhere")
                break


def _caps(candidates: list[Item], reviewed: list[Item], ctx: Context, out: dict[str, Item],
          reserve: Iterable[str] = ()) -> list[Item]:
    kept_back = set(reserve)
    used: Counter[str] = Counter(f for it in reviewed for f in it.facts)
    styles: Counter[tuple[str, str, str | None]] = Counter((f, it.type, it.style) for it in reviewed for f in it.facts)
    served: list[Item] = []
    by_fact: dict[str, list[Item]] = defaultdict(list)
    for it in candidates:
        by_fact[it.facts[0] if it.facts else ""].append(it)
    for fid in sorted(by_fact):
        ranked = _rank(by_fact[fid]) if fid else by_fact[fid]
        fact = ctx.facts.get(fid)
        if fact is not None and fact.kind == "list" and fid in kept_back:
            # one slot left for a list: its single-answer MCQ over "Name the N" (a whole-list recall, which
            # round 9's reader marked needs-edit)
            ranked = sorted(ranked, key=lambda it: it.type == "fact")
        for it in ranked:
            over = [f for f in it.facts if over_cap(f, it, used, styles, ctx, f in kept_back)]
            if over:
                out[it.id] = _hold(it, "per_fact_cap")
                continue
            used.update(it.facts)
            styles.update([(f, it.type, it.style) for f in it.facts])
            out[it.id] = it
            served.append(it)
    return served


def _is_compound(item: Item) -> bool:
    return item.type == "mcq" and (item.style == "pairs" or item.style == "statements" and "fact-statements" in item.tags)


def total_cap(fact: Fact | None) -> int:
    big = fact is not None and fact.kind == "list" and is_closed(fact) and len(fact.members) >= BIG_LIST
    return TOTAL_BIG_LIST if big else TOTAL_OTHER


def _compound_caps(candidates: list[Item], reviewed: list[Item], singles: list[Item], ctx: Context,
                   out: dict[str, Item]) -> list[Item]:
    """At most CAP_COMPOUND statements/pairs items per fact, shortest stems first, and never past the
    fact's total cap counted with the single-fact items already served.

    They have their own budget: such an item asks a fact against others, a different skill from
    recalling it. The total keeps one fact from feeding more than the issue's 2 (6 for a big closed list).
    """
    used: Counter[str] = Counter(f for it in reviewed if _is_compound(it) for f in it.facts)
    fed: Counter[str] = Counter(f for it in singles for f in set(it.facts))
    fed.update(f for it in reviewed if _is_compound(it) for f in set(it.facts))
    served: list[Item] = []
    for it in sorted(candidates, key=lambda it: (len(it.stem), it.id)):
        if any(used[f] >= CAP_COMPOUND or fed[f] >= total_cap(ctx.facts.get(f)) for f in it.facts):
            out[it.id] = _hold(it, "per_fact_cap")
            continue
        used.update(it.facts)
        fed.update(set(it.facts))
        out[it.id] = it
        served.append(it)
    return served


def one_card_per_sentence(candidates: list[Item], reviewed: list[Item], ctx: Context,
                          out: dict[str, Item]) -> list[Item]:
    """At most one recall card per source sentence.

    A date card and a "where was it signed" card on one sentence make the candidate recall the same
    line twice (a blind reader marked it a repeat). A whole question (an event card) is kept over a
    quoted sentence with a blank, then the shorter stem. Two whole questions of different facts may
    share a sentence ("when did the stand-off begin?" and "what is the grouping called?"): neither
    quotes it, so neither repeats the other. MCQs and items on several facts are not touched: a
    list's styles are capped by its own cap.
    """
    def slot(it: Item) -> tuple[str, int, int] | None:
        if it.type not in ("fact", "cloze") or len(it.facts) != 1:
            return None
        return (it.source.document, it.source.start, it.source.end)

    def whole_question(it: Item) -> bool:
        fact = ctx.facts.get(it.facts[0]) if it.facts else None
        return fact is not None and fact.kind in ("event", "role")

    # slot -> whether every card on it so far is a whole question
    taken: dict[tuple[str, int, int], bool] = {}
    for it in reviewed:
        if (where := slot(it)) is not None:
            taken[where] = taken.get(where, True) and whole_question(it)
    keep: set[str] = set()
    for it in sorted(candidates, key=lambda it: (not whole_question(it), len(it.stem), it.id)):
        where = slot(it)
        if where is None:
            keep.add(it.id)
        elif where in taken and not (taken[where] and whole_question(it)):
            out[it.id] = _hold(it, "same_sentence")
        else:
            taken[where] = taken.get(where, True) and whole_question(it)
            keep.add(it.id)
    return [it for it in candidates if it.id in keep]




def _balance(served: list[Item], reviewed: list[Item], out: dict[str, Item]) -> None:
    """Hold the lowest-ranked items of a fact that feeds more than half of the document's served items."""
    live = list(served)
    while True:
        total = len(live) + len(reviewed)
        per: Counter[str] = Counter(f for it in [*live, *reviewed] for f in set(it.facts))
        worst = max(sorted(per), key=lambda f: per[f], default=None)
        if worst is None or per[worst] * 2 <= total or per[worst] <= 1:
            return
        mine = [it for it in live if worst in it.facts]
        if not mine:
            return  # only reviewed items left on it: the editor's call
        drop = mine[-1]
        live.remove(drop)
        out[drop.id] = _hold(drop, "document_balance")


def held_by_reason(items: Iterable[Item]) -> dict[str, int]:
    counts: Counter[str] = Counter(r for it in items if it.status == "held" for r in it.hold_reasons)
    return {r: counts[r] for r in REASONS if counts[r]} | {r: n for r, n in sorted(counts.items()) if r not in REASONS}


# -- across documents --------------------------------------------------------------------------------------

_ATTRIBUTION = re.compile(r"(?:,\s*)?\b(?:as stated by|as reported (?:on|by)|according to|as of)\b[^,?]*(?:\([^)]*\))?,?",
                          re.IGNORECASE)
_STEM_WORD = re.compile(r"[a-z0-9][a-z0-9’'-]+")
_STOP = frozenset("the and of in on at for with to by from which what who where when how did does was were is are "
                  "has have had its their this that than into".split())
SAME_QUESTION = 0.6  # share of content words two stems with one answer have in common to ask the same thing


def _stem_words(stem: str) -> frozenset[str]:
    text = _ATTRIBUTION.sub(" ", stem).lower()
    return frozenset(w for w in _STEM_WORD.findall(text) if w not in _STOP)


Asked = dict[tuple[str, str], list[frozenset[str]]]


def asked_index(items: Iterable[Item], into: Asked | None = None) -> Asked:
    """(type, answer) -> the stems' content words of served items: a later document's item is compared with
    the few that share its type and answer, never with every earlier item (the 1,000-document build)."""
    out: Asked = into if into is not None else {}
    for it in items:
        if it.status == ItemStatus.GENERATED and it.type != "essay":
            asked_add(out, it.type, _answer(it), it.stem)
    return out


def asked_add(into: Asked, type_: str, answer: str, stem: str) -> None:
    """One served item into an `Asked` index, from its parts: a learner's upload is checked against the
    loaded documents' items, which come from the database, not as `Item` objects."""
    into.setdefault((type_, answer.casefold()), []).append(_stem_words(stem))


def across_documents(items: Sequence[Item], earlier: Asked) -> list[Item]:
    """Hold a served item that asks what an earlier document's served item already asks.

    Round 10's reader rejected "Where did President Xi Jinping and Prime Minister Modi hold an informal
    meeting in April 2018?" (Wuhan) beside another page's "… hold an informal summit in April 2018?", and
    two pages' "which ministry is the Central Authority …?" (the Ministry of Home Affairs): one fact, two
    sources, the same question twice in one corpus. Same type, same answer and most content words in
    common is the same question; the first document (build order) keeps it. ``earlier`` is `asked_index`
    of the earlier documents' served items.
    """
    out: list[Item] = []
    for it in items:
        if it.status == ItemStatus.GENERATED and it.type != "essay":
            words = _stem_words(it.stem)
            if any(len(words & w) >= SAME_QUESTION * len(words | w)
                   for w in earlier.get((it.type, _answer(it).casefold()), ())):
                out.append(_hold(it, "duplicate_elsewhere"))
                continue
        out.append(it)
    return out
