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
from quizapp.banks.types import Block, BlockKind, Document, Fact, Item, KeyPoint, Sentence, Source

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
MIN_GENERATED_POINTS = 4  # a 250-word answer has four to eight points to make
MAX_GENERATED_POINTS = 8
MIN_KEYWORDS = 2  # a point with fewer distinctive terms cannot be found in an answer
MIN_SHARE = 0.10  # a block scoring under a tenth of the best block is about something else


def _chosen(doc: Document, prompt: Fact, most: int = MAX_POINTS) -> set[int]:
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
        if len(chosen) >= most or score < MIN_SHARE * best:
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


# -- key points a setter would sign: clean whole sentences ---------------------------------------

# What a sentence's opening may carry that a key point does not: an enumerator or connective.
_OPENER = re.compile(r"^(?:firstly|secondly|thirdly|fourthly|fifthly|finally|lastly|first|second|third|fourth|"
                     r"moreover|further|furthermore|additionally|also|in addition|significantly|similarly|however|"
                     r"besides|notably|importantly|in comparison|in contrast|by contrast|at the same time|meanwhile)\s*[,:]\s*", re.I)
# A sentence that only sums up what came before restates the points; it is not one.
_SUMMARY = re.compile(r"^(?:in sum|in short|in conclusion|to conclude|to sum up|overall|all in all|in the end)\b",
                      re.I)
# "… between China." names one party of a relation between two: the source sentence is garbled.
_ONE_PARTY = re.compile(r"\bbetween\s+(?:the\s+)?(?:[A-Z][\w’'-]*\s*){1,3}[.!]?$")
# An infinitive or a dash-led fragment of a list that a line above introduced ("India asked China-").
_FRAGMENT = re.compile(r"^(?:to|and|or|but|which|who|whose|where|while|that)\s+[a-z]", re.I)
_BARE_PLURAL = re.compile(r"^(?:Treaties|Conventions|Agreements|Summits|Dialogues)\b")
# "The move comes a year after …": a noun that stands for the sentence before's event.
_EVENT_ANAPHOR = re.compile(r"^(?:the|this|that)\s+(?:move|step|decision|development|deal|pact|announcement|"
                            r"initiative|measure|event|incident|outcome)\b", re.I)


def _unbracket_dates(text: str) -> str:
    """`common.read_cold` brackets a resolved date ("in [April 2018]"): a key point is the
    model answer's wording, not a quote, so the date stands as plain text."""
    return re.sub(r"\[((?:(?:on|in|during|since|from|by|until)\s+)?[^\[\]]*?\b(?:1[89]|20)\d\d)\]",
                  r"\1", text)


def point_text(doc: Document, sentence: Source) -> str | None:
    """The sentence as a key point, or None when it cannot be one.

    A page heading or lead label ("Wuhan reset: …") and an enumerator ("Firstly, …") are page
    layout, not content; the subject is named, abbreviations are spelt out and relative times
    ("April this year") become the dates the document date resolves. A sentence that still leans
    on the one before, sums up the others, is a fragment, is a question or names one party of a
    relation between two, makes no point.
    """
    text = common.clean_sentence(sentence.quote)
    label = LEAD_LABEL.match(text)
    if label and len(label.group(1).split()) <= 6:
        text = text[label.end():]
    if _SUMMARY.match(text) or _FRAGMENT.match(text) or text.endswith("?") or _DIRECTIVE_START.match(text):
        return None
    text = _OPENER.sub("", text, count=1)
    text = text[:1].upper() + text[1:]
    if _BARE_PLURAL.match(text):  # "Treaties with 3 countries …" (after "In addition,"): which treaties?
        named = common.name_plural_demonstrative(doc, sentence, "These " + text)
        text = named if not named.startswith("These ") else text
    text = _unbracket_dates(common.read_cold(doc, sentence, common.name_subjects(doc, sentence, text)))
    # an expansion in brackets stays only in the document's own words ("UAE [United Arab Emirate]" goes)
    text = re.sub(r"\s\[([^\[\]]+)\]", lambda m: m.group(0) if re.search(
        rf"(?<!\w){re.escape(m.group(1))}(?!\w)", doc.text) else "", text)
    # a key point is the generator's own sentence, not a quote: "MLATs [Mutual Legal Assistance Treaties]"
    # reads as machine notation there, so it is written "Mutual Legal Assistance Treaties (MLATs)"
    text = re.sub(r"\b([A-Z][A-Z0-9]{1,}s?) \[([^\[\]]+)\]", r"\2 (\1)", text)
    text = re.sub(r"\b(\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+)((?:1[89]|20)\d\d)\b", r"\1 \2", text)  # "April2013"
    if common.leans(text) or _EVENT_ANAPHOR.match(text):
        return None
    # "… with the following 34 countries:-": the point is the count; the list is a fact of its own
    text = re.sub(r"\bthe following (\d+\s+[a-z]+)\s*(?::-?|:–|—)\s*$", r"\1.", text)
    if not re.search(r"\b(?!and\b|or\b)[a-z]{4,}\b", text):
        return None  # a bare list of names ("Bangladesh, India, Myanmar …") says nothing of them
    if not common.starts_whole(text) or _ONE_PARTY.search(text) or len(text) < 40 or len(text) > 320:
        return None
    if RELATIVE_TIME.search(text) or not text.endswith((".", "!", "”", "’", "\"")):
        return None
    if len(common.countries_named(text)) > MAX_NAMES_IN_POINT:
        return None  # a roll of 23 partner states is a fact card's job: a key point says what the states share
    return _dated_if_current(doc, text)


MAX_NAMES_IN_POINT = 5
# "has so far operationalised … with 34 countries", "are yet to be ratified", "are already in force": true
# when the page was written, and later pages give other counts; the point says when (round 6's reader).
_CURRENT = re.compile(r"\b(?:so far|yet to be|already|till date|to date|at present|currently|now)\b", re.I)


def _dated_if_current(doc: Document, text: str) -> str:
    when = common.when_words(doc.meta)
    if when is None or not _CURRENT.search(text) or re.search(r"\b(?:1[89]|20)\d\d\b", text):
        return text
    return f"{text[:-1]} (as of {when}){text[-1]}" if text.endswith(".") else text


_DIRECTIVE_START = re.compile(r"^\W*(?:discuss|examine|analy[sz]e|comment|critically|evaluate|explain|elucidate|"
                              r"describe|assess|illustrate|justify|enumerate|highlight|do you agree)\b", re.I)
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
# A relative time the document date did not resolve: the point would teach "this year" as an answer.
RELATIVE_TIME = re.compile(
    rf"\b(?:yesterday|today|tomorrow|tonight|this (?:morning|evening|week|month|year|summer|winter|spring|autumn)"
    rf"|(?:last|next|past|coming) (?:week|month|year|summer|winter|spring|autumn|monsoon|weekend|{_WEEKDAY})"
    rf"|earlier this|later this|(?:on )?{_WEEKDAY})\b"
    r"|^(?:the )?(?:current|present|recent)\b|\bthe (?:current|present)\b", re.I)  # "the current pact": when?


def _content_stems(text: str, generic: frozenset[str]) -> set[str]:
    return {w.casefold()[:6] for w in re.findall(r"[A-Za-z][\w-]{2,}", text)
            if w.casefold() not in STOP and w.casefold() not in GENERIC and w.casefold() not in generic}


def _repeats(text: str, earlier: Sequence[str], generic: frozenset[str]) -> bool:
    """Half or more of a point's content words already make an earlier point: the same point twice."""
    mine = _content_stems(text, generic)
    for other in earlier:
        theirs = _content_stems(other, generic)
        shared = len(mine & theirs)
        if shared >= 3 and shared >= 0.4 * min(len(mine), len(theirs)):
            return True
    return False


def _claim(text: str, generic: frozenset[str]) -> set[str]:
    """What a sentence says of whom: its lower-case content words and the countries it names, without
    the instrument names every point of the page repeats ("Mutual Legal Assistance Treaties")."""
    from quizapp.banks.generate.distractors import countries_in

    words = {w[:6] for w in re.findall(r"\b[a-z][\w-]{2,}", text)
             if w not in STOP and w not in GENERIC and w not in generic}
    named = {re.sub(r"\W+$", "", c).casefold() for c in countries_in(text)} - generic - {"india"}
    return words | (named if len(named) <= 4 else set())  # a long list shares members with any other by chance


def _same_claim(mine: set[str], earlier: Sequence[set[str]]) -> bool:
    """"… signed with Indonesia in 2011, yet to be ratified" after "… with Kyrgyz Republic, Azerbaijan and
    Indonesia have been signed which are yet to be ratified": two facts, one point (claims by `_claim`)."""
    for theirs in earlier:
        shared = len(mine & theirs)
        if shared >= 3 and shared >= 0.4 * min(len(mine), len(theirs)):
            return True
    return False


# -- the two halves of a question ----------------------------------------------------------------

# "What areas of convergence …" / "… opportunities and challenges": a demand for what brings the
# sides together or what is gained, and one for what divides them or stands in the way. Each
# word list is the usual vocabulary of that half in Mains questions and in the notes that answer them.
_GAIN_ASK = re.compile(r"\b(?:convergen\w*|opportunit\w*|prospects?|cooperat\w*|potential|benefits?|achievements?|"
                       r"strengths?|better relations|way forward|steps|measures|significance|gains?)\b", re.I)
_STRAIN_ASK = re.compile(r"\b(?:complex\w*|difficult\w*|challeng\w*|divergen\w*|concerns?|problems?|obstacles?|"
                         r"limitations?|hurdles?|irritants?|threats?|risks?|constraints?|fault ?lines?|"
                         r"weakness\w*|impediments?|bottlenecks?)\b", re.I)
_GAIN = re.compile(r"\b(?:cooperat\w*|agreements?|pacts?|treat(?:y|ies)|convergen\w*|coordinat\w*|dialogue|"
                   r"repair\w*|improve\w*|reset|joint\w*|partnership|common|shared|mutual|exchange\w*|"
                   r"opportunit\w*|prospects?|strengthen\w*|promot\w*|amity|rapprochement|consolidat\w*|momentum|"
                   r"capable|signed|conven(?:tion|tions)|memorand\w*|assistance|supports?)\b", re.I)
_STRAIN = re.compile(r"\b(?:disputes?|tensions?|deficit|opposition|oppos\w*|block\w*|shield\w*|crisis|stand-?off|"
                     r"difficult\w*|complex\w*|obstacles?|troubled|rivals?|rivalry|arms race|assertive|concerns?|"
                     r"challeng\w*|threats?|conflicts?|denial|disappointments?|mistrust|distrust|suspicion|"
                     r"imbalance|insurgen\w*|axis|hostil\w*|friction|shifted|legacy|uncertain\w*)\b", re.I)

GAIN, STRAIN = "gain", "strain"


def halves(question: str) -> tuple[str, ...]:
    """The halves a question asks for: both ``gain`` and ``strain`` when it names both, else none
    (a one-demand question is answered by any point on its subject)."""
    found = tuple(h for h, ask in ((STRAIN, _STRAIN_ASK), (GAIN, _GAIN_ASK)) if ask.search(question))
    return found if len(found) == 2 else ()


_NEGATION = re.compile(r"\b(?:not|no|never|cannot|nor)\b|n[’']t\b", re.I)


def side_of(text: str) -> str | None:
    """Which half a point answers: the side whose vocabulary it uses more, none on a tie. A gain
    word under a negation ("do not favor a complete reset") counts for the other side; a word
    inside a name ("… Economic Cooperation (BIMSTEC)") for neither."""
    gain = strain = 0

    def named(m: re.Match[str]) -> bool:  # "Economic Cooperation" inside a name says nothing of the point
        return m.start() > 0 and m.group(0)[:1].isupper()

    for m in _GAIN.finditer(text):
        if named(m):
            continue
        if _NEGATION.search(" ".join(text[:m.start()].split()[-4:])):
            strain += 1
        else:
            gain += 1
    strain += sum(1 for m in _STRAIN.finditer(text) if not named(m))
    return GAIN if gain > strain else STRAIN if strain > gain else None


_MONTHS = frozenset("january february march april may june july august september october november december".split())
# Words that carry no fact of their own: connectives and comparisons a sentence hangs on.
_PADDING = frozenset("""unlike similar despite albeit whereas towards toward within without beside besides others
another various several certain number series total level levels basis terms manner regard respect respects
order addition context backdrop attempt record ever present comparison contrast
comes goes makes takes gives sends says seems along
brings began begins held helps came went made took gave sent said become became""".split())
_WORD = re.compile(r"[A-Za-z][A-Za-z-]*|[,.;:]")
# after a gerund used as a noun ("smuggling of drugs", "human trafficking,"), never after a verb's object
_NOUN_FOLLOW = frozenset({"of", ",", ".", ";", ":", "and", "or", ""})


def _term_ok(word: str, following: str, generic: frozenset[str], shortest: int = 5) -> bool:
    """Whether a lower-case word is a distinctive term: a noun or adjective of the fact, not a
    verb ("making", "marking", "signed"), an adverb ("dramatically") or a connective ("unlike")."""
    k = word.casefold()
    if len(k) < shortest or k in STOP or k in GENERIC or k in generic or k in _PADDING or k in _MONTHS:
        return False
    if k.endswith("ly") or k.endswith("ed"):
        return False
    return not (k.endswith("ing") and following not in _NOUN_FOLLOW)


def keywords(text: str, limit: int = 6, generic: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """3-6 terms an answer making this point would use: names and years first, then the
    sentence's own noun phrases ("trust deficit", "territorial dispute"), then single terms.

    Generic words (India, China, countries, relations, and the document's own title countries)
    show nothing, since every answer on the topic writes them; verbs, adverbs and connectives
    ("making", "marking", "beginning", "unlike") show nothing about the point either.
    """
    body = common.squash(text)
    label = LEAD_LABEL.match(body)
    if label and len(label.group(1).split()) <= 6:
        body = body[label.end():]  # a page's lead label is layout, not a term of the point
    body = _OPENER.sub("", body, count=1)
    found: list[str] = []
    seen: set[str] = set()

    def add(word: str) -> None:
        word = re.sub(r"[‘’“”]", "", re.sub(r"[’']s\b", "", word)).strip(" ,.;:’'\"()")
        k = word.casefold()
        if (word and k not in seen and k not in STOP and k not in _MONTHS and not _generic(word, generic)
                and len(found) < limit and not any(k in f.casefold().split() for f in found)):
            seen.add(k)
            found.append(word)

    for sentence in _SENTENCE_END.split(body):
        for m in _PROPER.finditer(sentence):
            words = m.group(0).split()
            if m.start() == 0 and len(words) == 1 and not words[0][:1].isdigit() and not words[0].isupper():
                continue  # a capitalised first word is usually just a sentence start
            phrase = _phrase(m.group(0))
            if phrase and len(found) < max(3, limit - 2):
                add(phrase)
    written = [t for t in _WORD.findall(body)]
    pairs = 0
    for i in range(len(written) - 1):
        a, b = written[i], written[i + 1]
        after = written[i + 2].casefold() if i + 2 < len(written) else ""
        if pairs >= 2 or len(found) >= limit:
            break
        if a.isalpha() and b.isalpha() and a.islower() and b.islower() and not a.endswith("ing") \
                and _term_ok(a, b, generic, 4) and _term_ok(b, after, generic, 4) and f"{a} {b}" in body:
            add(f"{a} {b}")
            pairs += 1
    for i, w in enumerate(written):
        if len(found) >= limit:
            break
        following = written[i + 1].casefold() if i + 1 < len(written) else ""
        if w.isalpha() and w.islower() and _term_ok(w, following, generic):
            add(w)
    return tuple(found)


def _candidates(doc: Document, prompt: Fact, facts: Sequence[Fact]) -> list[tuple[int, float, int, KeyPoint]]:
    """(place in its paragraph, block score, position, point) for every sentence of the chosen
    blocks that makes a point. A paragraph's first sentence states its point, so every topic
    sentence ranks before any second sentence."""
    blocks = doc.blocks or _paragraphs(doc.text)
    chosen = _chosen(doc, prompt, most=2 * MAX_POINTS)
    stated = prompt.extra.get("question")
    if halves(stated if isinstance(stated, str) else prompt.source.quote):
        # the prompt's words rank the blocks of one half ("complex", "difficult") and miss the other's
        # ("the summit helped repair ties"): every content block before the question may answer it
        chosen |= {i for i, b in enumerate(blocks) if b.end <= prompt.source.start and b.kind in ("paragraph", "bullet")}
    spans = [tuple(s) for s in prompt.extra.get("support_blocks") or []]
    scores = list(prompt.extra.get("support_scores") or [1.0] * len(spans))
    score_of = {span: score for span, score in zip(spans, scores, strict=False)}
    generic = generic_words(doc)
    sentences = doc.sentences or tuple(
        Sentence(b.start, b.end, b.text, i) for i, b in enumerate(blocks))
    out: list[tuple[int, float, int, KeyPoint]] = []
    for i in sorted(chosen):
        block = blocks[i]
        if _is_heading(block) or block.start <= prompt.source.start < block.end:
            continue
        inside_block = [f.id for f in facts if f.kind != "prompt"
                        and block.start <= f.source.start and f.source.end <= block.end]
        within = [s for s in sentences if block.start <= s.start and s.end <= block.end]
        for place, s in enumerate(within):
            sentence = common.covering_source(doc, s.start, s.end)
            text = point_text(doc, sentence)
            if text is None:
                continue
            inside = [f.id for f in facts if f.kind != "prompt"
                      and sentence.start <= f.source.start and f.source.end <= sentence.end] or inside_block
            kid = "kp_" + common.item_id("kp", None, [prompt.id], sentence.quote, "")[2:]
            terms = keywords(text, generic=generic)
            if sum(len(t.split()) for t in terms) < MIN_KEYWORDS:
                continue  # nothing an answer could be checked for: no point
            point = KeyPoint(id=kid, text=text, keywords=terms, source=sentence, facts=tuple(inside))
            out.append((place, -score_of.get((block.start, block.end), 0.0), s.start, point))
    return out


def select_points(question: str, ranked: Sequence[KeyPoint], generic: frozenset[str] = frozenset(),
                  limit: int = MAX_GENERATED_POINTS) -> list[KeyPoint]:
    """Up to ``limit`` points, best first, never the same point twice; a question with two halves
    gets the best points of each half (half the budget each, the rest to whichever has more)."""
    distinct: list[KeyPoint] = []
    for p in ranked:
        if not _repeats(p.text, [q.text for q in distinct], generic):
            distinct.append(p)
    parts = halves(question)
    if not parts:
        return distinct[:limit]
    by_side = {h: [p for p in distinct if side_of(p.text) == h] for h in parts}
    share = limit // len(parts)
    picked = [p for h in parts for p in by_side[h][:share]]
    spare = [p for h in parts for p in by_side[h][share:]]
    picked += spare[:limit - len(picked)]
    if len(picked) < MIN_GENERATED_POINTS:  # a thin half: other points on the subject fill the rubric
        picked += [p for p in distinct if p not in picked][:MIN_GENERATED_POINTS - len(picked)]
    return picked


def key_points(doc: Document, prompt: Fact, facts: Sequence[Fact], items: Sequence[Item]) -> list[KeyPoint]:
    """4-8 key points in document order, one clean sentence each (`point_text`), linked to the
    facts inside it (or, when none, to its paragraph's) and the cards that teach them."""
    stated = prompt.extra.get("question")
    question = stated if isinstance(stated, str) and stated.strip() else prompt.source.quote
    ranked = [c[-1] for c in sorted(_candidates(doc, prompt, facts), key=lambda c: c[:3])]
    picked = select_points(question, ranked, generic_words(doc))
    out = []
    for p in sorted(picked, key=lambda p: p.source.start):
        taught = tuple(it.id for it in items if it.type in ("fact", "cloze") and set(it.facts) & set(p.facts))
        out.append(replace(p, items=taught))
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


_AREA = {"Economy": "India's economic engagement", "Environment": "India's cooperation on the environment",
         "Science and technology": "India's cooperation in science and technology"}


# An instrument or institution a point names: what a candidate is expected to cite by name.
_INSTRUMENT = re.compile(
    r"\b(?:[A-Z][\w’'-]*\s+){0,5}(?:Treaty|Treaties|Convention|Agreement|Agreements|Memoranda|Memorandum|Summit|"
    r"Dialogue|Initiative|Declaration|Partnership|Working Groups?|Framework|Mechanism)"
    r"(?:\s+(?:on|of|in|for|between)\s+(?:[A-Z][\w’'-]*|and|in|of|on)(?:\s+(?:[A-Z][\w’'-]*|and|in|of|on))*)?")
# "the Wuhan summit", "a summit in Wuhan": a meeting named by its place
_PLACED = re.compile(r"\b[A-Z][\w-]+\s+(?:summit|dialogue|declaration)\b"
                     r"|\b(?:summit|dialogue)\s+(?:in|at)\s+[A-Z][\w-]+")
_TITLES = re.compile(r"^(?:Prime|President|Minister|Secretary|Mr|Mrs|Ms|Dr|Hon)", re.I)


def _instruments(points: Sequence[KeyPoint]) -> list[str]:
    """Up to three named instruments or institutions of the points, first named first, never one
    inside another ("Mutual Legal Assistance Treaty" beside "Treaty on Mutual Legal …")."""
    from quizapp.banks import names

    found: list[str] = []
    for p in points:
        hits = []
        for m in _INSTRUMENT.finditer(p.text):
            hit = m.group(0).strip()
            # "Memoranda of Understanding on Drug related issues": a capitalised run cut inside a
            # phrase ends at its last whole name
            if re.match(r"\s+(?!(?:and|or|in|with|of|on|by|between|was|were|is|are|has|have|had|will|which|that|"
                        r"to|for|at|from|as)\b)[a-z]", p.text[m.end():]):
                cuts = list(re.finditer(r"\s+(?:on|of|in|for|between)\s+", hit))
                hit = hit[:cuts[-1].start()] if cuts else hit
            hits.append(hit)
        hits += [m.group(0) for m in _PLACED.finditer(p.text)]
        # "India along with other SAARC countries has signed a Convention on …": the organisation's Convention
        orgs = {a for a in re.findall(r"\b[A-Z]{3,}\b", p.text) if names.kind_of(a) == "organisation"}
        if len(orgs) == 1:
            org = next(iter(orgs))
            hits = [h if h.startswith(org) or not re.match(r"(?:a |the )?(?:Convention|Declaration|Charter)\b", h)
                    else f"{org} {re.sub(r'^(?:a|the) ', '', h)}" for h in hits]
        hits += [a for a in re.findall(r"\b[A-Z]{3,}\b", p.text) if names.kind_of(a) == "organisation"]
        for hit in hits:
            hit = re.sub(r"\s+(?:and|in|of|on)$", "", re.sub(r"^(?:The|A|An|In|On|Further)\s+", "", hit))
            if len(hit.split()) < 2 and not hit.isupper() or _TITLES.match(hit):
                continue
            low = hit.casefold()
            if any(low in f.casefold() or f.casefold() in low or _name_words(hit) <= _name_words(f)
                   or _name_words(f) <= _name_words(hit) for f in found):
                continue
            found.append(hit)
    return found[:3]


_NOT_A_POINT = frozenset({"expansion", "plan_two"})


def _name_words(name: str) -> set[str]:
    """A name's words in one number: "Treaty on Mutual Legal Assistance" ~ "Mutual Legal Assistance Treaties"."""
    out = set()
    for w in re.findall(r"[a-z]+", name.casefold()):
        if w in ("on", "of", "in", "for", "the", "and", "between", "a", "an"):
            continue
        out.add(w[:-3] + "y" if w.endswith("ies") else w[:-1] if w.endswith("s") and not w.endswith("ss") else w)
    return out


def _refs(names_: Sequence[str]) -> str:
    """"BRICS, the Fortaleza summit and the Johannesburg summit": an acronym takes no article."""
    named = [n if re.fullmatch(r"[A-Z]{2,}[a-z]?", n) else f"the {n}" for n in names_]
    return named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]


def generated_prompt(doc: Document, facts: Sequence[Fact], items: Sequence[Item]) -> list[Item]:
    """One Mains-style prompt per document whose facts support it, tagged ``generated-prompt``.

    Its 4-8 key points are the worth-asking facts whose sentences make a clean point
    (`point_text`), one point per sentence and never the same point twice, each linked to its
    fact and to the items that teach it. The question is one demand ("Examine …"), so any point
    on its subject answers it: the document's main actors (named in at least half of the points,
    India aside), its syllabus area, and the instruments the points name ("with reference to
    …"); no named instrument, no question.
    """
    from collections import Counter

    from quizapp.banks import names, salience
    from quizapp.banks.generate.distractors import countries_in
    if any(it.type == "essay" for it in items):
        return []  # the page sets its own practice question: a second one on the same facts repeats it
    generic = generic_words(doc)
    points: list[KeyPoint] = []
    claims: list[set[str]] = []
    used: set[int] = set()
    for f in facts:
        if f.kind == "prompt" or (salience.score(f) or 0) < 1:
            continue
        if f.kind == "role" or f.extra.get("rule") in _NOT_A_POINT:
            continue  # who held an office, what an abbreviation stands for: the gate holds such cards too
        sentence = common.sentence_of(f)
        if sentence.start in used:
            continue
        text = point_text(doc, sentence)
        if text is None:
            continue
        claim = _claim(text, generic)
        if _same_claim(claim, claims):
            continue
        terms = keywords(text, generic=generic)
        if sum(len(t.split()) for t in terms) < MIN_KEYWORDS:
            continue
        used.add(sentence.start)
        claims.append(claim)
        taught = tuple(it.id for it in items if f.id in it.facts and it.type != "essay")
        kid = "kp_" + common.item_id("kp", "generated", [f.id], sentence.quote, "")[2:]
        points.append(KeyPoint(id=kid, text=text, keywords=terms, source=sentence, facts=(f.id,), items=taught))
    # One demand, one area: the page's own area when enough points are in it, else the points' majority;
    # a point of another area (ASEAN's members under a question on crime) does not answer it.
    from quizapp.banks.topics import topic_of

    area = {p.id: topic_of(p.text, common.squash(doc.meta.title)) for p in points}
    topics = Counter(area.values())
    whole = common.topic_for(doc)
    topic = whole if topics[whole] >= MIN_GENERATED_POINTS else (
        sorted(topics.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if topics else whole)
    points = [p for p in points if area[p.id] == topic][:MAX_GENERATED_POINTS]
    if len(points) < MIN_GENERATED_POINTS:
        return []
    per_point: Counter[str] = Counter()
    for p in points:
        named = {names.normalise(n) or n for n in countries_in(p.text)}
        if len(named) >= 3:
            named = set()  # the members of a list are not the document's actors
        named |= {names.normalise(a) or a for a in re.findall(r"\b[A-Z]{3,}\b", p.text)
                  if names.kind_of(a) == "organisation"}
        per_point.update(named - {"India"})
    # an actor of the whole document, not of one list: named in at least half of the points
    top = [a for a, n in sorted(per_point.items(), key=lambda kv: (-kv[1], kv[0])) if 2 * n >= len(points)][:2]
    refs = [r for r in _instruments(points) if r not in top]
    if not refs:
        return []
    who = " and ".join(top)
    if topic == "Internal security":
        question = (f"Examine the scope and significance of India's internal security cooperation with {who}" if who
                    else "Examine how India cooperates with other countries against terrorism and transnational "
                         "organised crime")
    elif topic == "International relations":
        if top and names.kind_of(top[0]) == "organisation":
            # "its significance for India" only when the points speak of India: round 7's reader found a
            # BRICS chronology under that demand with no point that answered it
            for_india = sum(bool(re.search(r"\bIndia(?:n|’s|'s)?\b", p.text)) for p in points) >= 2
            question = f"Examine the evolution of {top[0]}" + (" and its significance for India" if for_india else "")
        else:
            question = (f"Examine the recent course of India's relations with {who}" if who
                        else "Examine India's bilateral and regional engagement")
    else:
        question = f"Examine {_AREA.get(topic, 'developments in ' + topic.lower())}" + (f" involving {who}" if who else "")
    question += f", with reference to {_refs(refs)}. (250 words, 15 marks)"
    iid = common.item_id("essay", "generated", [f for p in points for f in p.facts], question, "")
    # A point's id names its essay too: a rebuilt question retires the old one, which keeps its
    # points, so an id from the fact and sentence alone would be claimed by both essays.
    points = [replace(p, id="kp_" + common.item_id("kp", iid, list(p.facts), p.source.quote, "")[2:])
              for p in points]
    points.sort(key=lambda p: p.source.start)
    expl = (f"Generated Mains practice question (15 marks, 250 words); its key points are facts of "
            f"{common.squash(doc.meta.title)}. {common.cite(doc.meta, points[0].source.quote)}")
    return [Item(id=iid, type="essay", stem=question, source=points[0].source,
                 facts=tuple(f for p in points for f in p.facts), topic=topic, explanation=expl,
                 tags=("prompt", "mains", "generated-prompt"), word_limit=250, marks=15, time_limit_minutes=11,
                 directive="examine", key_points=tuple(points))]


# -- what the quality gate asks of any essay's key points ------------------------------------------

_LABEL_START = re.compile(r"^[A-Z][\w’'–-]*(?:[ -][\w’'–-]+){0,5}:\s+\S")


def point_faults(point: KeyPoint) -> list[str]:
    """Why a key point is no clean whole sentence of a model answer (empty when it is one)."""
    text = point.text.strip()
    out = []
    if _LABEL_START.match(text):
        out.append("starts with a page heading or label")
    if _DIRECTIVE_START.match(text) or text.endswith("?"):
        out.append("is itself a question")
    if not common.starts_whole(text) or _FRAGMENT.match(text) or text[:1].islower():
        out.append("starts mid-sentence")
    if RELATIVE_TIME.search(text):
        out.append("keeps a relative time")
    if _ONE_PARTY.search(text):
        out.append("names one party of a relation between two")
    for k in point.keywords:
        low = k.casefold()
        words = low.split()
        if _generic(k, frozenset()) or (len(words) == 1 and k.islower() and not _term_ok(k, "", frozenset(), 4)
                                        and not low.endswith("ing")):
            out.append(f"keyword {k!r} is generic or not a term")
    return out


def uncovered_halves(question: str, points: Sequence[KeyPoint]) -> tuple[str, ...]:
    """The halves of a two-part question ("convergence … complex and difficult") no key point answers."""
    sides = {side_of(p.text) for p in points}
    return tuple(h for h in halves(question) if h not in sides)


_ASKING = frozenset("""discuss examine analyse analyze comment critically evaluate explain elucidate describe assess
illustrate justify enumerate highlight agree extent need needs explored explore role today past present""".split())


def _demand_terms(question: str, subject: str) -> set[str]:
    """What the question asks about beyond its subject: its content words, less the words of the
    page's title (the subject every point names), the generic words and the directive."""
    subject_stems = {w.casefold()[:6] for w in re.findall(r"[A-Za-z][\w-]+", subject)}
    return {w.casefold()[:6] for w in re.findall(r"[A-Za-z][\w-]{2,}", question)
            if w.casefold() not in STOP and w.casefold() not in GENERIC and w.casefold() not in _ASKING
            and w.casefold()[:6] not in subject_stems}


def off_demand(question: str, points: Sequence[KeyPoint], subject: str = "") -> bool:
    """Whether fewer than half of the points answer what the question asks.

    A point answers when it uses a term of the demand ("complex", "factors", "Act East") or falls
    on a side the question asks for (`halves` vocabulary: "significance" asks for gains, "challenges"
    for strains). A page's own question can ask what the page never discusses ("factors that
    slowed BIMSTEC" over notes of its founding dates): those points make no model answer.
    """
    if not points:
        return True
    terms = _demand_terms(question, subject)
    sides = {h for h, ask in ((STRAIN, _STRAIN_ASK), (GAIN, _GAIN_ASK)) if ask.search(question)}

    def answers(p: KeyPoint) -> bool:
        mine = {w.casefold()[:6] for w in re.findall(r"[A-Za-z][\w-]{2,}", p.text)}
        return bool(mine & terms) or side_of(p.text) in sides

    return 2 * sum(answers(p) for p in points) < len(points)
