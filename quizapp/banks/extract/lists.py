"""Enumerations: "the following 34 countries", "namely A, B and C", bullet lists.

A list fact is what "which of the following is NOT ..." questions are built
from, so completeness matters more than recall: a list introduced by
"including", "such as" or ending in "etc." is marked incomplete, a stated
count ("the following 34 countries") is checked against the members found,
and every member is normalised through :mod:`quizapp.banks.names` so a
distractor can never be a spelling variant of a right answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from quizapp.banks import names
from quizapp.banks.clean import ENUMERATOR
from quizapp.banks.extract.common import make_fact, squash
from quizapp.banks.types import Block, Document, Fact

NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
}
_NUM = r"(?:\d{1,3}|" + "|".join(NUMBER_WORDS) + r")"
_CAPWORD = r"[A-Z][\w'’.-]*"
# A named item: capitalised words, optionally "&"/"and"/"of" inside ("Bosnia & Herzegovina").
ITEM = rf"(?:the\s+)?{_CAPWORD}(?:\s+(?:&\s+|of\s+|de\s+)?{_CAPWORD}){{0,5}}"
INLINE_LIST = re.compile(rf"(?P<items>{ITEM}(?:\s*,\s*{ITEM})+\s*,?\s+(?:and|or)\s+{ITEM})(?P<etc>\s*,?\s*etc\b)?")
PAIR_LIST = re.compile(rf"(?P<items>{ITEM}\s+(?:and|or)\s+{ITEM})")
FOLLOWING = re.compile(rf"\bthe following\s+(?:(?P<n>{_NUM})\s+)?(?P<noun>[a-z][a-z ]*?)(?:\s+(?P<rest>[^:]*?))?\s*:-?\s*$", re.I)
NAMELY = re.compile(rf"(?:(?P<n>{_NUM})\s+(?P<noun>[a-z]+)\s*,?\s*)?(?:comprising\s+(?:of\s+)?(?:(?P<n2>{_NUM})\s+(?P<noun2>[a-z]+)\s*)?)?namely\s*[:,]?\s*$", re.I)
MEMBERS_ARE = re.compile(r"\b(?:members|member countries|member states|constituents)\b[^.:]*?\b(?:are|include|is)\s*:?\s*$", re.I)
OPEN_MARKER = re.compile(r"\b(?:including|includes|include|such as|like|among others|beside others|besides others)\s*:?\s*$", re.I)
STAGES = re.compile(rf"\b(?P<n>{_NUM})\s+(?P<noun>[a-z]+)\s*[–—:-]\s*", re.I)
# Where the name part of a bullet item stops ("Course on X was conducted by ...").
_ITEM_STOP = re.compile(r"\s+(?:was|were|is|are|has|have|conducted|organised|organized|held|by)\b|\s*[,.;:(]")
_LAST_STOP = re.compile(r"\s+(?:to|for|in|as|with|which|that|by|at|on)\b|\s*[,.;:(]")


# Words that say a list is a sample of something larger. Any of them before or after a list opens it.
OPEN_BEFORE = re.compile(
    r"\b(?:among\s+them|amongst\s+them|among\s+others|including|includes?|included|such\s+as|for\s+example"
    r"|for\s+instance|inter\s+alia|some\s+of|some\s+examples|examples|a\s+few|several|notably"
    r"|especially|particularly|besides|like)\b|\be\.\s?g\.", re.I)
OPEN_AFTER = re.compile(r"^\s*,?\s*(?:and|or)?\s*(?:others|other\s+\w+|many\s+more|so\s+on|etc\b|among\s+others"
                        r"|inter\s+alia|amongst\s+others)", re.I)
# Words that declare a list complete.
CLOSED_BEFORE = re.compile(
    r"(?:\bnamely\s*[:,]?-?\s*$|\bthe\s+following\b|\bcompris(?:ing|es|ed)\b|\bconsist(?:ing|s|ed)\s+of\b"
    r"|\b(?:members|member\s+countries|member\s+states|constituents|founders|founding\s+members)\b[^.:]*?"
    r"\b(?:are|were|is|was)\s*:?-?\s*$"
    # "will come into force after ratification of the Convention by Nepal, Pakistan and Afghanistan": the
    # condition of entry into force names every ratification still awaited, or it would not hold
    r"|\b(?:come|comes|enter|enters)\s+into\s+force\s+(?:only\s+)?(?:after|upon|on|once)\s+(?:the\s+)?"
    r"(?:ratification|completion\s+of\s+ratification)\s+(?:of\s+[^.;:]{0,80}?\s+)?by\s*$)", re.I)
STATED_BEFORE = re.compile(rf"\b(?P<n>{_NUM})\s+(?P<noun>[a-z]+)(?:\s*,)?(?:\s+[a-z]+){{0,3}}\s*[,:]?-?\s*$", re.I)


def completeness(before: str, after: str, stated: int | None, found: int) -> tuple[bool, str]:
    """Whether the text declares a list complete, and the rule that decided.

    Precision first: a list is closed only when its wording says so ("the
    following 34", "namely", "The members are", or a count that matches the
    members) and nothing opens it again. An open word ("among them",
    "including", "such as" ...), a stated count larger than the members found,
    or no declaration at all leave it open, and an open list proves nothing
    about what it leaves out.
    """
    if m := OPEN_BEFORE.search(before):
        return False, f"open_marker:{' '.join(m.group().lower().split())}"
    if m := OPEN_AFTER.search(after):
        return False, f"open_marker:{' '.join(m.group().strip(' ,').lower().split())}"
    if stated is not None and stated > found:
        return False, f"stated_count_larger:{stated}>{found}"
    if stated is not None and stated < found:
        return False, f"stated_count_smaller:{stated}<{found}"
    if stated is not None:
        return True, f"stated_count:{stated}"
    if m := CLOSED_BEFORE.search(before):
        return True, f"declared:{' '.join(m.group().lower().split()[:2]).rstrip(':-')}"
    return False, "not_declared"


@dataclass
class RawList:
    items: list[tuple[str, int, int]]  # (text, start, end) in the original
    intro: tuple[int, int]  # span of the sentence or line that introduces the list
    stated: int | None = None
    noun: str | None = None
    complete: bool = True
    named: bool = True  # members are proper names (countries, organisations ...)
    label_hint: str | None = None
    warnings: list[str] = field(default_factory=list)
    closed: bool = False  # the text declares the list complete (see completeness)
    closed_reason: str = "not_declared"


def _number(token: str | None) -> int | None:
    if not token:
        return None
    return int(token) if token.isdigit() else NUMBER_WORDS.get(token.lower())


def _split_items(text: str, base: int) -> list[tuple[str, int, int]]:
    """Split "A, B, C and D" into spans; "Bosnia and Herzegovina" stays whole.

    Commas part the items; "and" / "or" parts only the last one, and only when no comma comes before it
    (the serial comma). In "… aircraft, military and attack helicopters, warships, missiles or missile
    systems, and small arms and light weapons" every comma-separated phrase is one item: splitting
    each on "and" gave eleven items for "eight categories", and a card answered the wrong eight
    (session 27's holdout)."""
    parts: list[tuple[str, int, int]] = []
    chunks = list(re.finditer(r"[^,]+", text))
    serial = len(chunks) >= 3 and re.match(r"\s*(?:and|or)\s", chunks[-1].group()) is not None
    for k, m in enumerate(chunks):
        chunk = m.group()
        if len(chunks) == 1:
            sub = re.split(r"\s+(?:and|or)\s+", chunk)
        elif k == len(chunks) - 1 and not serial:
            sub = re.split(r"\s+(?:and|or)\s+(?!.*\s(?:and|or)\s)", chunk)  # the last coordination only
        else:
            sub = [chunk]
        if len(sub) == 2 and names.normalise(squash(chunk), fuzzy=False) is not None:
            sub = [chunk]
        pos = m.start()
        for piece in sub:
            rel = chunk.find(piece, pos - m.start())
            s = m.start() + rel
            pos = s + len(piece)
            body = piece.strip(" \t\n\u00a0")
            if not body:
                continue
            lead = piece.index(body)
            body = re.sub(r"^(?:and|or)\s+", "", body)
            body = re.sub(r"(?<=[a-z]{2})[.;:]+$", "", body).rstrip(" \u00a0")
            if not body:
                continue
            lead = piece.index(body, lead)
            parts.append((body, base + s + lead, base + s + lead + len(body)))
    return parts


def _tokenise_grid(line: str, base: int) -> list[tuple[str, int, int]]:
    """Names laid out in columns separated by single spaces: longest known name wins."""
    words = [(m.group(), m.start(), m.end()) for m in re.finditer(r"\S+", line)]
    out: list[tuple[str, int, int]] = []
    i = 0
    while i < len(words):
        for length in range(min(4, len(words) - i), 0, -1):
            s, e = words[i][1], words[i + length - 1][2]
            phrase = line[s:e]
            if names.normalise(phrase, fuzzy=length == 1) is not None:
                out.append((phrase, base + s, base + e))
                i += length
                break
        else:
            w, s, e = words[i]
            if out and not w[:1].isupper():
                # lower-case word: part of the previous name ("Laos pdr"), keep it whole
                t, s0, _ = out.pop()
                out.append((line[s0 - base : e], s0, base + e))
            else:
                out.append((w, base + s, base + e))
            i += 1
    return out


def _region_items(doc: Document, start: int, end: int) -> list[tuple[str, int, int]]:
    """Items of a list body that follows its intro inside one block."""
    items: list[tuple[str, int, int]] = []
    pos = start
    for line in doc.text[start:end].split("\n"):
        body = line.strip(" \t\u00a0")
        if body:
            off = pos + line.index(body)
            if "," in body or ";" in body:
                items.extend(_split_items(body.replace(";", ","), off))
            else:
                items.extend(_tokenise_grid(body, off))
        pos += len(line) + 1
    return items


def _bullet_item(block: Block) -> tuple[str, int, int]:
    text = block.text
    m = ENUMERATOR.match(text)
    s = m.end() if m else 0
    stop = _ITEM_STOP.search(text, s)
    e = stop.start() if stop and stop.start() > s else len(text)
    body = text[s:e].rstrip(" \u00a0")
    return body, block.start + s, block.start + s + len(body)


def _following_lists(doc: Document) -> list[RawList]:
    """Intros ending in ':' ("the following 34 countries:-") and the body after them."""
    out: list[RawList] = []
    for bi, block in enumerate(doc.blocks):
        for line_m in re.finditer(r"[^\n]+", block.text):
            line = line_m.group().rstrip(" \u00a0")
            intro_end = block.start + line_m.start() + len(line)
            # the intro is the last sentence of this line
            sent = next((s for s in doc.sentences if s.start <= intro_end - 1 < s.end), None)
            intro_start = sent.start if sent else block.start + line_m.start()
            intro_text = doc.text[intro_start:intro_end]
            fm = FOLLOWING.search(intro_text)
            mm = MEMBERS_ARE.search(intro_text)
            if not (fm or mm) or not re.search(r":-?$", intro_text):
                continue
            rest_start = intro_end
            if rest_start < block.end and doc.text[rest_start:block.end].strip(" \n\t\u00a0:-"):
                items = _region_items(doc, rest_start, block.end)
            else:
                following = []
                enumerated: bool | None = None
                for nb in doc.blocks[bi + 1 :]:
                    this = bool(ENUMERATOR.match(nb.text))
                    if enumerated is None:
                        enumerated = this
                    # A list ends where the bullet style changes or a bullet turns into prose.
                    if nb.kind != "bullet" or this != enumerated or (not this and len(nb.text.split()) > 12):
                        break
                    following.append(_bullet_item(nb))
                items = following
            if not items:
                continue
            noun = fm["noun"].strip() if fm else "members"
            stated = _number(fm["n"]) if fm else None
            closed, reason = completeness(intro_text, "", stated, len(items))
            out.append(
                RawList(
                    items=items,
                    intro=(intro_start, intro_end),
                    stated=stated,
                    noun=noun,
                    label_hint=intro_text,
                    closed=closed,
                    closed_reason=reason,
                )
            )
    return out


_ASIDE = re.compile(r"(?<=[A-Za-z.])\s*\((?=[a-z])[^()]{1,120}\)(?=\s*(?:,|\band\b|\bor\b))")


def _inline_lists(doc: Document) -> list[RawList]:
    out: list[RawList] = []
    for s in doc.sentences:
        # "Canada, Denmark (including Greenland and the Faroe Islands), Finland, …": a bracket qualifies one
        # member, so its words neither end the list nor open it ("including" there is Denmark's, not the list's)
        text = _ASIDE.sub(lambda a: " " * len(a.group(0)), s.text)
        for m in INLINE_LIST.finditer(text):
            items = _split_items(m["items"], s.start + m.start("items"))
            before = text[: m.start()]
            complete = not (m["etc"] or OPEN_MARKER.search(before))
            nm = NAMELY.search(before)
            stated = _number(nm["n"] or nm["n2"]) if nm else None
            noun = (nm["noun"] or nm["noun2"]) if nm else None
            sm = STATED_BEFORE.search(before[-80:])
            count = stated if stated is not None else (_number(sm["n"]) if sm else None)
            known = sum(names.normalise(t) is not None for t, _, _ in items)
            if known * 5 < len(items) * 3 and not nm:
                continue  # capitalised words that are not a list of names (people, places)
            if m["etc"]:
                continue  # "SAARC, BIMSTEC, ASEAN etc.": never quiz an open-ended list
            closed, reason = completeness(before, text[m.end():], count, len(items))
            out.append(RawList(items=items, intro=(s.start, s.end), stated=stated, noun=noun, complete=complete,
                               closed=closed, closed_reason=reason))
    return out


def _stage_lists(doc: Document) -> list[RawList]:
    """"in three stages – familiarization, basic training, and joint exercises ...": counted, lower case."""
    out: list[RawList] = []
    for s in doc.sentences:
        for m in STAGES.finditer(s.text):
            n = _number(m["n"])
            if not n or n < 2:
                continue
            rest_start = m.end()
            rest = s.text[rest_start:]
            if re.search(r"[–—]\s*$", s.text[:rest_start]) and (close := re.search(r"\s[–—]\s", rest)):
                # "in five provinces – Madras, …, Bihar and Orissa – and was the largest party in Bombay": a list
                # opened by a dash ends at the next one (session 29's holdout gave "was the largest party" a seat)
                rest = rest[:close.start()]
            pieces = _split_items(rest, s.start + rest_start)
            if len(pieces) < n or any(re.match(r"(?:was|were|is|are|has|have|had|and)\b", t) for t, _, _ in pieces[:n]):
                continue
            items = pieces[: n - 1]
            last_text, ls, le = pieces[n - 1]
            stop = _LAST_STOP.search(last_text)
            if stop and stop.start() > 0:
                last_text = last_text[: stop.start()]
                le = ls + len(last_text)
            items.append((last_text, ls, le))
            if any(len(t.split()) > 5 for t, _, _ in items):
                continue
            lead = squash(s.text[: m.start()])
            lead = re.sub(r"\s+(?:in|of|into|through)$", "", lead)
            hint = f"the {m['n'].lower()} {m['noun']} in which {lead[:1].lower() + lead[1:]}" if lead else None
            owner = re.fullmatch(r"(.+?)\s+(?:has|have|had)", lead)
            if owner:
                # "It has seven members: ..." -> "the seven members of BIMSTEC", never "... in which it has"
                whose = _owner(doc, owner.group(1), s.start)
                if whose is None:
                    continue
                hint = f"the {m['n'].lower()} {m['noun']} of {whose}"
            closed, reason = completeness(s.text[: m.start()], s.text[le - s.start:], n, len(items))
            out.append(
                RawList(items=items, intro=(s.start, s.end), stated=n, noun=m["noun"], named=False, label_hint=hint,
                        closed=closed, closed_reason=reason)
            )
    return out


_ORG_ACRONYM = re.compile(r"\b[A-Z][A-Z&]{2,}\b")
_OWNER_PRONOUN = re.compile(r"(?i)^(?:it|this|the (?:grouping|group|organi[sz]ation|bloc|association|forum))$")


def _owner(doc: Document, subject: str, before: int) -> str | None:
    """Who "has" the members: a name as written, or for "It" / "The grouping" the last organisation
    acronym before the sentence; None when a pronoun names nobody."""
    from quizapp.banks import names

    subject = subject.strip()
    if not _OWNER_PRONOUN.match(subject):
        return None if re.search(r"(?i)\b(?:he|she|they|it|its|their)\b", subject) else subject
    hits = [a for a in _ORG_ACRONYM.findall(doc.text[max(0, before - 1200):before])
            if names.kind_of(a) == "organisation"]
    return hits[-1] if hits else None


def _anaphora(doc: Document, before: int, head: str) -> str | None:
    """"these Treaties" -> the nearest earlier capitalised phrase ending in that noun."""
    window = doc.text[max(0, before - 1500) : before]
    stem = head.rstrip("s").rstrip("ie")
    pat = re.compile(rf"((?:[A-Z][\w-]*\s+){{0,6}}{re.escape(stem)}\w*(?:\s+(?:in|on|of|for)(?:\s+[A-Z][\w-]*){{1,4}}){{0,3}})")
    hits = [m.group(1).strip() for m in pat.finditer(window)]
    hits = [h for h in hits if not re.match(r"(?:These|Such|The|This)\b", h) and len(h.split()) >= 2]
    return hits[-1] if hits else None


def _resolve_refs(doc: Document, text: str, at: int) -> str:
    def repl(m: re.Match[str]) -> str:
        ref = _anaphora(doc, at, m.group(2))
        if not ref:
            return m.group(0)
        return f"the {ref}" if m.group(1).lower() == "the" else ref

    if re.fullmatch(r"[A-Z][a-z]+s", text):
        # a bare capitalised plural ("Treaties with 3 countries") refers back too
        return _anaphora(doc, at, text) or text
    return re.sub(r"\b(these|such|the said|the)\s+([A-Z][a-z]+)\b", repl, text)


def _org_in(doc: Document, start: int, end: int) -> str | None:
    """First organisation named in a span: an acronym in brackets, or a capitalised phrase."""
    text = doc.text[start:end]
    for m in re.finditer(r"\(([A-Z]{2,10})\)", text):
        if names.kind_of(m.group(1)) == "organisation":
            return names.normalise(m.group(1))
    for m in re.finditer(r"[A-Z][\w-]*(?:\s+(?:of\s+|for\s+|and\s+)?[A-Z][\w-]*){0,8}", text):
        words = m.group().split()
        for n in range(len(words), 0, -1):
            for i in range(len(words) - n + 1):
                phrase = " ".join(words[i : i + n])
                if names.kind_of(phrase) == "organisation":
                    return names.normalise(phrase)
    return None


# "The eight members are", "The thirteen observer states are": a roll that names no body of its own
_ROLE_ROLL = re.compile(rf"^The\s+(?:{_NUM}\s+)?(?P<role>(?:[a-z-]+\s+){{0,2}}(?:members|member states|states|countries|"
                        rf"observers|partners|participants|signatories|parties))\s+(?:are|were)$", re.I)
_ORG_HEAD = re.compile(r"^(?:The\s+)?(?:[A-Z][\w'’-]*\s+){1,5}(?:Council|Organi[sz]ation|Alliance|Arrangement|Association|"
                       r"Forum|Union|Community|Group|Bank|Agency|Initiative|Partnership|Commission|Conference)$")


def _titled_org(doc: Document, intro: str) -> str | None:
    """The body a page is titled after ("Arctic Council"), for a bare roll on that page; None elsewhere: a
    news headline names an event, and its "The five members are" may be a committee's."""
    title = squash(doc.meta.title or "")
    if not _ROLE_ROLL.match(intro) or not _ORG_HEAD.match(title):
        return None
    return re.sub(r"^The\s+", "", title)


def make_label(doc: Document, raw: RawList, members: list[str]) -> str:
    """A noun phrase naming the list, from the sentence that introduces it.

    Built from a few sentence shapes; when none fits, the sentence itself with
    the list cut out, which is still true and still says what the list is.
    """
    noun = (raw.noun or ("countries" if _mostly_countries(members) else "items")).strip()
    s0, s1 = raw.intro
    first = raw.items[0][1]
    last = raw.items[-1][2]
    intro = squash(doc.text[s0:first] if s0 <= first <= s1 else doc.text[s0:s1])
    intro = re.sub(r"\s*[:,]?-?\s*$", "", intro)
    tail = squash(doc.text[last:s1]) if s0 <= last <= s1 else ""
    tail = re.sub(r"^[\s,.]+|[\s.]+$", "", tail)
    intro = re.sub(r"^(?:In addition|Further(?:more)?|Also|Moreover|However|Accordingly),?\s+", "", intro)

    if not raw.named and raw.label_hint:
        return raw.label_hint
    if raw.label_hint and (m := re.search(r"^(?P<subj>.+?)\s+(?P<aux>has|have)\s+(?P<rest>.*?)\s+with the following\b", raw.label_hint)):
        subj = re.sub(r"^(?:In addition|Further),?\s+", "", m["subj"].split(". ")[-1])
        rest = _resolve_refs(doc, m["rest"], s0)
        return f"{noun} with which {subj} {m['aux']} {rest}"
    if raw.label_hint and (m := FOLLOWING.search(raw.label_hint)):
        pre = squash(raw.label_hint[: m.start()]).rstrip(" ,")
        label = f"{noun} {m['rest']}".strip() if m["rest"] else noun
        label = re.sub(rf"^{re.escape(noun)} (?:are|is) ", f"{noun} ", label)
        return f"{label} ({pre})" if pre else label
    if re.search(r"\b(?:members|member countries|member states)\b.*\b(?:are|include)\b|\bcompris(?:ing|es|ed)\b"
                 r"|\bconsist(?:ing|s|ed)\b", intro, re.I) or raw.label_hint:
        org = _org_in(doc, s0, first) or _org_in(doc, _block_start(doc, s0), first) or _titled_org(doc, intro)
        if org:
            return f"members of {names.with_article(org)}"  # "of ASEAN", "of the Shanghai Cooperation Organisation"
    if (m := _ROLE_ROLL.match(intro)) and (org := _titled_org(doc, intro)):
        return f"{m['role']} of {names.with_article(org)}"  # "The thirteen observer states are …" on its page
    # "<subj> has signed <obj> with A, B and C"
    if m := re.search(r"^(?P<subj>[A-Z][\w ]*?)\s+(?P<aux>has|have)\s+(?:also\s+)?(?P<verb>\w+ed)\s+(?P<obj>.+?)\s+with$", intro):
        return f"{noun} with which {m['subj']} {m['aux']} {m['verb']} {m['obj']}"
    # "<obj> have (also) been signed by <subj> with A, B and C"
    if m := re.search(r"^(?P<obj>.+?)\s+(?:has|have)\s+(?:also\s+)?been\s+(?P<verb>\w+ed)\s+by\s+(?P<subj>[A-Z]\w*)\s+with$", intro):
        obj = re.sub(r"^Further\s+", "", m["obj"])
        return f"{noun} with which {m['subj']} has {m['verb']} {obj}"
    # "<obj> with A, B and C are already in force"
    if m := re.search(r"^(?P<obj>.+?)\s+with$", intro):
        pred = re.sub(r"^(?:are|is|have been|has been)\s+", "", tail)
        obj = _resolve_refs(doc, m["obj"], s0)
        obj = re.sub(rf"^{re.escape(obj.split()[0])} with {_NUM} {noun},?\s*(?:namely)?$", obj.split()[0], obj)
        return squash(f"{noun} with which {obj} {_verb_phrase(tail)}" if pred else f"{noun} with which {obj}")
    # "... with 3 countries, namely, A, B and C have been signed which are yet to be ratified"
    if (m := re.search(r"^(?P<obj>[A-Z]\w+)\s+with\s+" + _NUM + r"\s+\w+,?\s*namely$", intro)) and tail:
        obj = _resolve_refs(doc, m["obj"], s0)
        return squash(f"{noun} with which {obj} {_with_agent(doc, _verb_phrase(tail))}")
    # "... after ratification of the Convention by A, B and C"
    if m := re.search(r"ratification of (?P<what>.+?) by$", intro):
        what = _resolve_refs(doc, m["what"], s0)
        return f"{noun} whose ratification of {what} is awaited"
    if m := re.search(r"(?P<who>\b[A-Z][\w ]+?) will (?:then )?(?P<verb>travel|go|visit|move) to$", intro):
        return f"{noun} {m['who']} will {m['verb']} to"
    template = squash(doc.text[s0:first] + "…" + doc.text[last:s1])
    return f"{noun} in: {template}"


def _with_agent(doc: Document, phrase: str) -> str:
    """"have been signed" names who signed when a national government's page says it of itself
    ("…, Government of India"): a reader cold cannot tell who signed (round 5, twice)."""
    gov = re.search(r"\bGovernment of ([A-Z][a-z]+(?: [A-Z][a-z]+)?)\s*$", doc.meta.publisher or "")
    if gov is None or re.search(r"\bbeen \w+ed by\b", phrase):
        return phrase
    return re.sub(r"\b(been (?:signed|concluded|ratified))\b", rf"\1 by {gov.group(1)}", phrase, count=1)


def _verb_phrase(tail: str) -> str:
    """"have been signed which are yet to be ratified" -> "have been signed but are yet to be ratified"."""
    t = re.sub(r"^(?:are|is)\s+", "are ", tail)
    t = re.sub(r"\bwhich are\b", "but are", t)
    return t


def _block_start(doc: Document, pos: int) -> int:
    for b in doc.blocks:
        if b.start <= pos < b.end:
            return b.start
    return pos


def _mostly_countries(members: list[str]) -> bool:
    known = sum(names.kind_of(m) == "country" for m in members)
    return bool(members) and known * 5 >= len(members) * 3


def _dedupe(raw_lists: list[RawList]) -> list[RawList]:
    """The same items found by two detectors: keep the one with an intro/count."""
    kept: list[RawList] = []
    for r in sorted(raw_lists, key=lambda r: (r.items[0][1], -(r.items[-1][2] - r.items[0][1]), r.stated is None)):
        span = (r.items[0][1], r.items[-1][2])
        if any(k.items[0][1] <= span[0] and span[1] <= k.items[-1][2] for k in kept):
            continue
        kept.append(r)
    return kept


def find_lists(doc: Document) -> list[RawList]:
    return _dedupe(_following_lists(doc) + _inline_lists(doc) + _stage_lists(doc))


def extract_lists(doc: Document) -> list[Fact]:
    facts: list[Fact] = []
    for raw in find_lists(doc):
        texts = [squash(t) for t, _, _ in raw.items]
        normalised = [names.normalise(t) if raw.named else None for t in texts]
        is_names = raw.named and sum(n is not None for n in normalised) * 5 >= len(texts) * 3
        members = [n if (is_names and n) else t for n, t in zip(normalised, texts, strict=False)]
        warnings = list(raw.warnings)
        if is_names:
            for t, n in zip(texts, normalised, strict=False):
                if n is None:
                    warnings.append(f"member {t!r} is not a known country or organisation")
        if raw.stated is not None and raw.stated != len(members):
            warnings.append(f"text says {raw.stated} but {len(members)} members were found")
        if len(set(members)) != len(members):
            warnings.append("duplicate members after normalisation")
        start, end = raw.items[0][1], raw.items[-1][2]
        sent = (min(raw.intro[0], start), max(raw.intro[1], end))
        label = make_label(doc, raw, members)
        extra = {
            "raw_members": texts,
            "stated_count": raw.stated,
            "complete": raw.complete,
            "closed": raw.closed,
            "closed_reason": raw.closed_reason,
            "named": is_names,
            "member_kind": "country" if is_names and _mostly_countries(members) else ("name" if is_names else "phrase"),
            "warnings": warnings,
            "template": squash(doc.text[sent[0] : start] + "{list}" + doc.text[end : sent[1]]),
        }
        facts.append(
            make_fact(doc, "list", start, end, sent, [members, label], label=label, members=tuple(members), extra=extra)
        )
    return facts


# -- s25: a grouping's membership declared complete by a matching count ------------------------------------

# "all four countries", "the four nations", "these four members": the document counting the grouping it names.
_COUNT_OF_ALL = re.compile(rf"\b(?:all|the|these|those)\s+(?P<n>{_NUM})\s+(?:countries|nations|states|members"
                           rf"|member\s+states|partners|democracies)\b", re.I)
COUNT_REACH = 3  # sentences after the grouping's: further on, "all four countries" may be four others


def declared_complete(doc: Document, sentence: tuple[int, int], members: list[str] | tuple[str, ...]) -> int | None:
    """Whether the document declares a named grouping's members complete: a count of them all.

    "The US and India … a security arrangement with Japan and Australia known as the Quad" names four
    members, but a grouping named beside its members may have more ("including"); the text closes it only
    when it counts them: "all four countries" in the grouping's sentence or one of the next `COUNT_REACH`,
    with the number of members named. No other enumeration of that many countries may come in between
    (then "all four" may count that one). Anything else is open, and proves nothing about who is left out.
    Returns the end of the sentence that counts them (the quote must show it), or None.
    """
    n = len(members)
    start, end = sentence
    after = [s for s in doc.sentences if s.start >= end][:COUNT_REACH]
    reach = after[-1].end if after else end
    for m in _COUNT_OF_ALL.finditer(doc.text, start, reach):
        if _number(m.group("n")) != n:
            continue
        between = doc.text[end:m.start()] if m.start() >= end else ""
        if any(len(_split_items(lm.group("items"), 0)) >= n and _mostly_countries(
                [names.normalise(squash(t)) or squash(t) for t, _a, _b in _split_items(lm.group("items"), 0)])
               for lm in INLINE_LIST.finditer(between)):
            return None
        return next((s.end for s in doc.sentences if s.start <= m.start() < s.end), m.end())
    return None
