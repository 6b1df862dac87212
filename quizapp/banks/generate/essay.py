"""Mains answer-writing items from practice questions, with a rubric of key points.

Key points come from the blocks the extractor found discussing the prompt
(``extra["support_blocks"]``) by layout rules that hold for any explainer:
each enumerated bullet ('Firstly', 'Secondly', ...) is one point, a paragraph
led by 'Label: ...' is one point, and any other paragraph is one point with
its heading as context. Each key point links to the facts inside it and the
recall/cloze items that teach them, so a weak answer can be turned into review.

Marks, word limit and time follow the Mains GS convention:
one-part questions are 10 marks / 150 words / 7 minutes; questions with two or
more parts (two question marks, or a question plus a directive such as
'Discuss') are 15 marks / 250 words / 11 minutes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from quizapp.banks.generate import common
from quizapp.banks.types import Block, BlockKind, Document, Fact, Item, KeyPoint, Source

TEN = (10, 150, 7)
FIFTEEN = (15, 250, 11)
DIRECTIVES = ("critically examine", "critically analyse", "critically analyze", "critically evaluate",
              "examine", "analyse", "analyze", "discuss", "comment", "elucidate", "explain", "evaluate",
              "do you agree", "to what extent", "describe", "highlight", "justify", "illustrate")
ENUMERATORS = re.compile(r"^(firstly|secondly|thirdly|fourthly|fifthly|finally|lastly|first|second|third|fourth|"
                         r"moreover|further|furthermore|additionally|also|in addition)\b[,:]?", re.I)
LEAD_LABEL = re.compile(r"^([A-Z][\w’'–-]*(?:[ -][\w’'–-]+){0,5}):\s+(?=\S)")
_BULLET = re.compile(r"^[\s•·\-–*▪●◦]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"‘(])")
STOP = frozenset("""a about above after again against all also although am an and any are as at be because been
before being below between both but by can could did do does doing down during each even few for from further
had has have having he her here hers him his how i if in into is it its itself just least less like made make
many may might more most much must my no nor not now of off on once only or other our out over own same she should
so some such than that the their them then there these they this those through to too under until up upon very
was we were what when where which while who whom why will with within would you your firstly secondly thirdly
finally lastly however therefore thus hence since yet still already among amongst across per via around quite
much many much-needed current currently continue expected become becomes became""".split())


def marks_for(prompt: str, directive: str | None) -> tuple[int, int, int]:
    """(marks, words, minutes) by the number of parts the question asks for."""
    questions = prompt.count("?")
    lowered = prompt.lower()
    directives = sum(1 for d in DIRECTIVES if re.search(rf"\b{re.escape(d)}\b", lowered))
    parts = max(questions, 1) if directives == 0 else max(questions, directives, 1)
    if questions >= 2 or (questions >= 1 and directives >= 1 and parts >= 2) or directives >= 2:
        return FIFTEEN
    return TEN


def stated_limits(prompt: Fact, marks: int, words: int, minutes: int) -> tuple[int, int, int]:
    """The prompt's own "(250 words, 15 marks)" over the convention; minutes follow the words
    (about 22 words a minute, the Mains pace: 150 words in 7, 250 in 11)."""
    stated_marks, stated_words = prompt.extra.get("marks"), prompt.extra.get("words")
    if isinstance(stated_words, int) and stated_words > 0:
        words = stated_words
        minutes = max(1, round(words / 22))
    if isinstance(stated_marks, int) and stated_marks > 0:
        marks = stated_marks
    return marks, words, minutes


def directive_of(prompt: str) -> str | None:
    lowered = prompt.lower()
    hits = sorted((lowered.find(d), d) for d in DIRECTIVES if re.search(rf"\b{re.escape(d)}\b", lowered))
    return hits[0][1] if hits else None


MAX_POINTS = 10
MIN_SHARE = 0.10  # a block scoring under a tenth of the best block is about something else


def _chosen(doc: Document, prompt: Fact) -> set[int]:
    """Indices of the blocks that become key points.

    The extractor ranks blocks by shared vocabulary with the prompt
    (``support_blocks`` best first, ``support_scores`` alongside). The top
    MAX_POINTS above MIN_SHARE of the best are used; an enumerated bullet
    ('Firstly ...') brings the rest of its enumeration ('... Finally'), since a
    list of reasons is answered whole or not at all.
    """
    blocks = doc.blocks or _paragraphs(doc.text)
    spans = [tuple(s) for s in prompt.extra.get("support_blocks") or []]
    scores = list(prompt.extra.get("support_scores") or [1.0] * len(spans))
    if len(scores) != len(spans):
        scores = [1.0] * len(spans)
    best = max(scores, default=0.0)
    index = {(b.start, b.end): i for i, b in enumerate(blocks)}
    chosen: set[int] = set()
    for (start, end), score in zip(spans, scores, strict=False):
        if len(chosen) >= MAX_POINTS or score < MIN_SHARE * best:
            break
        found = index.get((start, end))
        if found is None:  # spans that are not exactly one block: take the blocks inside
            chosen.update(i for i, b in enumerate(blocks) if start <= b.start and b.end <= end)
        else:
            chosen.add(found)
    if len(chosen) < 3:  # short notes: the prompt's words are not repeated, so use every content block before it
        before = [i for i, b in enumerate(blocks) if b.end <= prompt.source.start and not _is_heading(b)
                  and b.kind in ("paragraph", "bullet") and len(b.text.strip()) >= 40]
        chosen.update(before[:MAX_POINTS])
    for i in sorted(chosen):
        if not ENUMERATORS.match(_BULLET.sub("", blocks[i].text)):
            continue
        j = i + 1
        while j < len(blocks) and blocks[j].kind == blocks[i].kind and ENUMERATORS.match(_BULLET.sub("", blocks[j].text)):
            chosen.add(j)
            j += 1
    return chosen


def _paragraphs(text: str) -> tuple[Block, ...]:
    """Fallback blocks when the segmenter gave none: lines separated by newlines."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        raw = m.group(0)
        lead = len(raw) - len(raw.lstrip())
        body = raw.strip()
        if body:
            start = m.start() + lead
            kind: BlockKind = "bullet" if body[:1] in "•·-*" else "paragraph"
            out.append(Block(kind, start, start + len(body), body))
    return tuple(out)


def _is_heading(block: Block) -> bool:
    text = block.text.strip()
    if block.kind == "heading":
        return True
    return len(text) <= 80 and text.endswith((":", "?")) and text.count(". ") == 0


def _content(doc: Document, block: Block) -> Source:
    """The block without its bullet glyph or surrounding spaces: the key point's quote."""
    raw = doc.text[block.start:block.end]
    lead = len(raw) - len(_BULLET.sub("", raw))
    body = raw[lead:].rstrip()
    return common.covering_source(doc, block.start + lead, block.start + lead + len(body))


def first_sentence(text: str) -> str:
    text = common.squash(text)
    parts = _SENTENCE_END.split(text, maxsplit=1)
    return parts[0]


_PROPER = re.compile(r"\b\d{4}s?\b|[A-Z][\w’'.-]*(?:\s+(?:(?:of|the|de)\s+)?[A-Z][\w’'.-]*)*")
_LEADING = frozenset("the a an in on at while then during when since after before unlike this that these those such "
                     "firstly secondly thirdly finally lastly similar following significantly however further "
                     "furthermore moreover additionally also".split())


def _phrase(raw: str) -> str:
    """A name as an answer would write it: no leading 'The'/'While', no possessive."""
    words = raw.split()
    while words and words[0].lower() in _LEADING:
        words = words[1:]
    text = " ".join(words)
    return re.sub(r"[’']s$", "", text)


# Words every answer on these topics uses: an examiner does not look for them, so no key point lists them.
GENERIC = frozenset("""india indian china chinese countries country relations relation relationship cooperation
government governments bilateral minister ministers ministry nations nation issues matters both sides two
states state world international national global people also new first""".split())


def _generic(phrase: str, generic: frozenset[str]) -> bool:
    words = [w for w in re.split(r"[\s\-–/]+", phrase.casefold()) if w]
    return bool(words) and all(w in GENERIC or w in generic for w in words)


def generic_words(doc: Document) -> frozenset[str]:
    """The document's own subjects (countries in its title) are generic for its key points."""
    from quizapp.banks.generate.distractors import countries_in

    out = {"india"}
    for name in countries_in(doc.meta.title):
        out.update(w.casefold() for w in name.split())
    return frozenset(out)


def keywords(text: str, limit: int = 6, generic: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """3-6 words an answer should use: names and years first, then the most repeated terms.

    Names and years are what an examiner looks for; repeated long words carry
    the block's argument (e.g. 'territorial dispute', 'globalization').
    """
    body = common.squash(text)
    found: list[str] = []
    seen: set[str] = set()

    def add(word: str) -> None:
        word = re.sub(r"[‘’“”]", "", word).strip(" ,.;:’'\"()")
        k = word.casefold()
        if word and k not in seen and k not in STOP and not _generic(word, generic) and len(found) < limit:
            seen.add(k)
            found.append(word)

    label = LEAD_LABEL.match(body)
    if label:
        add(label.group(1))
        body = body[label.end():]
    sentences = _SENTENCE_END.split(body)
    for sentence in sentences:
        for m in _PROPER.finditer(sentence):
            words = m.group(0).split()
            if m.start() == 0 and len(words) == 1 and not words[0][:1].isdigit() and not words[0].isupper():
                continue  # a capitalised first word is usually just a sentence start
            phrase = _phrase(m.group(0))
            if phrase and len(found) < max(3, limit - 2):
                add(phrase)
    counts: dict[str, int] = {}
    order: dict[str, int] = {}
    for i, w in enumerate(re.findall(r"[A-Za-z][A-Za-z-]{5,}", body)):
        k = w.lower()
        if k in STOP or k in GENERIC or k in generic:
            continue
        counts[k] = counts.get(k, 0) + 1
        order.setdefault(k, i)
    for w in sorted(counts, key=lambda k: (-counts[k], order[k])):
        if len(found) >= limit:
            break
        if not any(w in f.casefold() for f in found):
            add(w)
    return tuple(found)


def key_points(doc: Document, prompt: Fact, facts: Sequence[Fact], items: Sequence[Item]) -> list[KeyPoint]:
    """Key points in document order; headings give context to the paragraphs under them."""
    blocks = doc.blocks or _paragraphs(doc.text)
    chosen = _chosen(doc, prompt)
    out: list[KeyPoint] = []
    heading = ""
    for i, block in enumerate(blocks):
        text = common.squash(_BULLET.sub("", block.text))
        if not text:
            continue
        if _is_heading(block):
            heading = text.rstrip(":").strip()
            continue
        if i not in chosen or len(text) < 40 or block.start <= prompt.source.start < block.end:
            continue
        src = _content(doc, block)
        if (ENUMERATORS.match(text) or LEAD_LABEL.match(text) or not heading or heading.endswith("?")
                or heading == common.squash(doc.meta.title)):
            point = first_sentence(text)
        else:
            point = f"{heading}: {first_sentence(text)}"
        inside = [f.id for f in facts if f.kind != "prompt" and src.start <= f.source.start and f.source.end <= src.end]
        taught = [it.id for it in items if it.type in ("fact", "cloze") and set(it.facts) & set(inside)]
        kid = "kp_" + common.item_id("kp", None, [prompt.id], src.quote, "")[2:]
        out.append(KeyPoint(id=kid, text=point, keywords=keywords(src.quote, generic=generic_words(doc)), source=src,
                            facts=tuple(inside), items=tuple(taught)))
    return out


def fallback_item(doc: Document, point: KeyPoint, frame_years: frozenset[str] = frozenset()) -> Item | None:
    """A cloze on the key point's first name or year, for points no fact reaches.

    Every rubric line should be teachable by a card; when the extractor found
    no date or count inside it, the most specific word (a keyword that occurs
    verbatim in the first sentence) is blanked instead. A year in
    ``frame_years`` (`common.frame_year`) is never that word: other years
    would fill its blank as truly.
    """
    for sentence in _SENTENCE_END.split(common.squash(point.source.quote))[:4]:
        card = _fallback_in(doc, point, sentence, frame_years)
        if card is not None:
            return card
    return None


def _fallback_in(doc: Document, point: KeyPoint, sentence: str, frame_years: frozenset[str]) -> Item | None:
    """A cloze on a keyword of one sentence of the point (the first that has one)."""
    quote = point.source.quote
    offset = quote.find(sentence[:30]) if sentence else -1
    if offset < 0 and sentence:
        offset = 0 if common.squash(quote).startswith(sentence[:30]) else -1
    for word in point.keywords:
        if word in frame_years:
            continue
        pos = quote.find(word, max(offset, 0))
        if pos < 0 or offset < 0:
            continue
        ctx_end = point.source.quote.find(sentence[-20:], offset)
        if ctx_end < 0:
            continue
        ctx_end += len(sentence[-20:])
        if not (offset <= pos and pos + len(word) <= ctx_end):
            continue
        start = point.source.start + offset
        context = common.covering_source(doc, start, point.source.start + ctx_end)
        span = common.covering_source(doc, point.source.start + pos, point.source.start + pos + len(word))
        stem_text = common.blank_out(context, span)
        if stem_text is None or word in stem_text:
            continue
        iid = common.item_id("cloze", None, [], context.quote, word, [point.id])
        return Item(id=iid, type="cloze", stem=f"Fill in the blank:\n“{stem_text}”", source=context, facts=(),
                    topic=common.topic_for(doc, answer=word), answer=word,
                    explanation=f"The source reads “…{word}…”. {common.cite(doc.meta, context.quote)}",
                    tags=("key_point",))
    return None


def essay_items(doc: Document, facts: Sequence[Fact], items: Sequence[Item]) -> list[Item]:
    """One essay item per prompt fact, plus any fallback cloze cards its key points needed."""
    out: list[Item] = []
    frame_years = frozenset(str(f.value) for f in facts if common.frame_year(doc, f, facts))
    for prompt in (f for f in facts if f.kind == "prompt"):
        points = key_points(doc, prompt, facts, items)
        extra: list[Item] = []
        linked: list[KeyPoint] = []
        for p in points:
            if not p.items:
                card = fallback_item(doc, p, frame_years)
                if card is not None:
                    extra.append(card)
                    from dataclasses import replace

                    p = replace(p, items=(card.id,))
            linked.append(p)
        stated = prompt.extra.get("question")  # the question without its "(250 words, 15 marks)", when given
        text = common.squash(stated if isinstance(stated, str) and stated.strip() else prompt.source.quote)
        directive = prompt.extra.get("directive") or directive_of(text)
        marks, words, minutes = stated_limits(prompt, *marks_for(text, directive))
        iid = common.item_id("essay", None, [prompt.id], prompt.sentence.quote or prompt.source.quote, "")
        expl = (f"Mains GS practice question ({marks} marks, {words} words). Key points are drawn from "
                f"{common.squash(doc.meta.title)}. {common.cite(doc.meta, prompt.source.quote)}")
        out.append(Item(id=iid, type="essay", stem=text, source=prompt.source, facts=(prompt.id,),
                        topic=common.topic_for(doc, prompt), explanation=expl, tags=("prompt", "mains"),
                        word_limit=words, marks=marks, time_limit_minutes=minutes, directive=directive,
                        key_points=tuple(linked)))
        out.extend(extra)
    return out


MIN_GENERATED_POINTS = 4
MAX_GENERATED_POINTS = 8
_AREA = {"Economy": "India's economic engagement", "Environment": "India's cooperation on the environment",
         "Science and technology": "India's cooperation in science and technology"}


def generated_prompt(doc: Document, facts: Sequence[Fact], items: Sequence[Item]) -> list[Item]:
    """One Mains-style prompt per document whose facts support it, tagged ``generated-prompt``.

    Its 4-8 key points are the worth-asking facts whose sentences a candidate
    can read cold, one point per sentence, each linked to its fact and to the
    items that teach it. The question names the document's main actors (the
    countries and organisations its points name most, India aside) and its
    syllabus area; no point, no question.
    """
    from collections import Counter

    from quizapp.banks import names, salience
    from quizapp.banks.generate.distractors import countries_in
    from quizapp.banks.topics import topic_of

    generic = generic_words(doc)
    points: list[KeyPoint] = []
    used: set[int] = set()
    for f in facts:
        if f.kind == "prompt" or (salience.score(f) or 0) < 1 or len(points) >= MAX_GENERATED_POINTS:
            continue
        sentence = common.sentence_of(f)
        if sentence.start in used:
            continue
        text = common.name_subjects(doc, sentence, common.clean_sentence(sentence.quote))
        if not common.starts_whole(text) or common.leans(text) or len(text) > 320:
            continue
        used.add(sentence.start)
        taught = tuple(it.id for it in items if f.id in it.facts and it.type != "essay")
        kid = "kp_" + common.item_id("kp", "generated", [f.id], sentence.quote, "")[2:]
        points.append(KeyPoint(id=kid, text=text, keywords=keywords(sentence.quote, generic=generic) or (text[:40],),
                               source=sentence, facts=(f.id,), items=taught))
    if len(points) < MIN_GENERATED_POINTS:
        return []
    per_point: Counter[str] = Counter()
    for p in points:
        named = {names.normalise(n) or n for n in countries_in(p.text)}
        named |= {names.normalise(a) or a for a in re.findall(r"\b[A-Z]{3,}\b", p.text)
                  if names.kind_of(a) == "organisation"}
        per_point.update(named - {"India"})
    # an actor of the whole document, not of one list: named in at least half of the points
    top = [a for a, n in sorted(per_point.items(), key=lambda kv: (-kv[1], kv[0])) if 2 * n >= len(points)][:2]
    topics = Counter(topic_of(p.text, common.squash(doc.meta.title)) for p in points)
    topic = sorted(topics.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    who = " and ".join(top)
    if topic == "Internal security":
        question = (f"Examine India's cooperation with {who} on internal security" if who else
                    "Examine India's international cooperation on internal security")
    elif topic == "International relations":
        question = f"Examine India's relations with {who}" if who else "Examine India's engagement with other countries"
    else:
        question = f"Examine {_AREA.get(topic, 'developments in ' + topic.lower())}" + (f" involving {who}" if who else "")
    # name what the points are about, so two documents' generated questions never read alike
    about: list[str] = []
    for p in points:
        name = next((k for k in p.keywords if " " in k or k.isupper()), None)
        if name and not name[:4].isdigit() and name.casefold() not in {a.casefold() for a in about} \
                and not any(name.casefold() in w.casefold() for w in top):
            about.append(name)
    refs = ", ".join(about[:3]) if about else "the main agreements, meetings and dates"
    question += f", with reference to {refs}. (250 words, 15 marks)"
    iid = common.item_id("essay", "generated", [f for p in points for f in p.facts], question, "")
    # A point's id names its essay too: a rebuilt question retires the old one, which keeps its
    # points, so an id from the fact and sentence alone would be claimed by both essays.
    points = [replace(p, id="kp_" + common.item_id("kp", iid, list(p.facts), p.source.quote, "")[2:])
              for p in points]
    expl = (f"Generated Mains practice question (15 marks, 250 words); its key points are facts of "
            f"{common.squash(doc.meta.title)}. {common.cite(doc.meta, points[0].source.quote)}")
    return [Item(id=iid, type="essay", stem=question, source=points[0].source,
                 facts=tuple(f for p in points for f in p.facts), topic=topic, explanation=expl,
                 tags=("prompt", "mains", "generated-prompt"), word_limit=250, marks=15, time_limit_minutes=11,
                 directive="examine", key_points=tuple(points))]
