"""Mains answer-writing items from practice questions, with a rubric of key points.

Key points come from the blocks the extractor found discussing the prompt
(``extra["support_blocks"]``) by layout rules that hold for any explainer:
each enumerated bullet ('Firstly', 'Secondly', ...) is one point, a paragraph
led by 'Label: ...' is one point, and any other paragraph is one point with
its heading as context. Each key point links to the facts inside it and the
recall/cloze items that teach them, so a weak answer can be turned into review.

A question with several demands (`halves`: "Do you agree? What areas of convergence …", "Examine how
…") gets points for each, from the sentences that answer it: a purpose or a means for "how", cooperation
or shared aims for "convergence"; counts and lists make at most two points; a sentence that opens on
"the agreement", "It" or "both" is named from earlier in the page, or left out. The gate holds a
question whose points leave a demand unanswered (``essay_half_uncovered``).

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
from quizapp.banks.numbers import number_word, word_number
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
# (never after a case's "v." or "vs.": "In Kihoto Hollohan v. Zachillhu (1992), …" is one sentence, round 21)
# (nor after an initial: "Justice B.P. Jeevan Reddy" is one name, and "Justice B.P" no keyword, round 21b)
_SENTENCE_END = re.compile(r"(?<=[.!?])(?<!\bv\.)(?<!\bvs\.)(?<!\b[A-Z]\.)\s+(?=[A-Z“\"‘(])")
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


# (a provision keeps its number, "Section 6", "Article 355", "Entry 2A": alone, "Section" names no term)
_PROPER = re.compile(r"\b\d{4}s?\b|[A-Z][\w’'.-]*(?:\s+(?:(?:of|the|de)\s+)?[A-Z][\w’'.-]*)*"
                     r"(?:(?:(?<=Section)|(?<=Article)|(?<=Entry)|(?<=Schedule)|(?<=Clause))\s+\d{1,3}[A-Z]?\b)?")
_LEADING = frozenset("the a an in on at while then during when since after before unlike this that these those such "
                     "firstly secondly thirdly finally lastly similar following significantly however further "
                     "furthermore moreover additionally also under by with through".split())
# A kind of thing without its name ("the Act", "the Union", "Section"): every point on the page could use it, so
# it shows nothing of this one (round 19b's reader on "Under Section", "Act" and "Union" as an AFSPA scheme's terms)
_KIND_ALONE = frozenset("act acts section article union bill court committee commission schedule amendment law list "
                        "entry clause centre council".split())


def _phrase(raw: str) -> str:
    """A name as an answer would write it: no leading 'The'/'While', no possessive."""
    words = raw.split()
    while words and words[0].lower() in _LEADING:
        words = words[1:]
    text = " ".join(words)
    if text.casefold() in _KIND_ALONE:
        return ""
    return re.sub(r"[’']s$", "", text)


# Words every answer on these topics uses: an examiner does not look for them, so no key point lists them.
GENERIC = frozenset("""india indian china chinese countries country relations relation relationship cooperation
government governments bilateral minister ministers ministry nations nation issues matters both sides two
states state world international national global people also new first
years year months month weeks week days decades decade times time period periods past today future areas area
sides side others things ways part parts number problems problem ties links""".split())


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
_COUNTED_BACK = re.compile(r"^(?:a|one|two|three|four|five|six|a few|several)\s+(?:days?|weeks?|months?|years?|decades?)\s+"
                           r"(?:earlier|later|before|after(?:wards)?),\s*", re.I)
# A sentence that only sums up what came before restates the points; it is not one.
# and a story's deck, which announces what the page will cover ("A look at its provisions, the court rulings on
# it and …": round 19's reader), not a point of its own
_SUMMARY = re.compile(r"^(?:in sum|in short|in conclusion|to conclude|to sum up|overall|all in all|in the end|"
                      r"a (?:look|closer look|quick look) at|here(?:'s| is| are) (?:what|how|why|a look)|we explain)\b",
                      re.I)
# "… between China." names one party of a relation between two: the source sentence is garbled.
_ONE_PARTY = re.compile(r"\bbetween\s+(?:the\s+)?(?:[A-Z][\w’'-]*\s*){1,3}[.!]?$")
# An infinitive or a dash-led fragment of a list that a line above introduced ("India asked China-").
_FRAGMENT = re.compile(r"^(?:to|and|or|but|which|who|whose|where|while|that)\s+[a-z]", re.I)
_BARE_PLURAL = re.compile(r"^(?:Treaties|Conventions|Agreements|Summits|Dialogues)\b")
# "Generally favourable for Indian monsoon rainfall.": the second half of a bullet whose subject was its label
_HEADLESS_PREDICATE = re.compile(r"^(?:Generally|Usually|Often|Mostly|Typically|Largely)\s+[a-z]+\s+(?:for|to|in|with)\b")
# Note shorthand, "Southern Oscillation = see-saw of …", "rain-fed → kharif sowing …": a scheme is written in sentences
_NOTE_EQUALS = re.compile(r"\s(?:=|→|⇒|->)\s")
# "Why in news?" / "Context:" heads the page's news peg, which is why the page was written, not a point it makes
_NEWS_PEG_HEAD = re.compile(r"(?:^|\n)\s*(?:Why (?:is it |was it )?in (?:the )?news\??|Context:?|In (?:the )?news:?"
                            r"|News peg:?)\s*\n\s*$", re.I)
# "The move comes a year after …": a noun that stands for the sentence before's event.
_EVENT_ANAPHOR = re.compile(r"^(?:the|this|that)\s+(?:move|step|decision|development|deal|pact|announcement|"
                            r"initiative|measure|event|incident|outcome)\b", re.I)


def _unbracket_dates(text: str) -> str:
    """`common.read_cold` brackets a resolved date ("in [April 2018]"): a key point is the
    model answer's wording, not a quote, so the date stands as plain text."""
    return re.sub(r"\[((?:(?:on|in|during|since|from|by|until)\s+)?[^\[\]]*?\b(?:1[89]|20)\d\d)\]",
                  r"\1", text)


_FIRST_PERSON = re.compile(r"\b(?:I|[Ww]e|[Oo]ur|us|[Mm]y|[Yy]ou|[Yy]our)\b")  # and the journalist's "you"


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
    if label and re.match(r"(?:Examples?|E\.g)\b", label.group(1)):
        return None  # "Example often cited: 1997–98, …": an illustration of the point before, not a point
    if label and len(label.group(1).split()) <= 6:
        # "Participating States maintain two control lists: the List of …": a colon before lower case goes on
        # with the sentence, and what follows it alone is a fragment (session 27's holdout); the label stays
        if not text[label.end():][:1].islower():
            text = text[label.end():]
    if _SUMMARY.match(text) or _FRAGMENT.match(text) or text.endswith("?") or _DIRECTIVE_START.match(text):
        return None
    if common.headless(text) or _HEADLESS_PREDICATE.match(text) or _NOTE_EQUALS.search(text) \
            or _NEWS_PEG_HEAD.search(doc.text[max(0, sentence.start - 60):sentence.start]):
        return None
    if _FIRST_PERSON.search(text):
        return None  # a spokesperson's "We will expand …" or "I want to stress …": whose words, a reader cannot tell
    if common.NOTE_SHAPE.match(text):
        return None  # "(b) Independent member: if he joins …", "X Committee (1990): disqualification should …"
    text = _OPENER.sub("", text, count=1)
    if re.search(r"\b(?:1[89]|20)\d\d\b", text[30:]):
        # "A year earlier, at the virtual summit … in July 2023, …": the point dates itself; the count back
        # from the sentence before only leans on it
        text = _COUNTED_BACK.sub("", text, count=1)
    text = text[:1].upper() + text[1:]
    if _BARE_PLURAL.match(text):  # "Treaties with 3 countries …" (after "In addition,"): which treaties?
        named = common.name_plural_demonstrative(doc, sentence, "These " + text)
        text = named if not named.startswith("These ") else text
    # the generator's own sentence spells an abbreviation as a paper does, "Joint Working Groups (JWGs)",
    # before the quote-style "JWG [Joint Working Group]" of `read_cold` can be dropped for not being the
    # document's words (the page writes the plural)
    text = common.spell_out(doc, text, inline=True)
    text = _unbracket_dates(common.read_cold(doc, sentence, common.name_subjects(doc, sentence, text)))
    # an expansion in brackets stays only in the document's own words ("UAE [United Arab Emirate]" goes)
    text = re.sub(r"\s\[([^\[\]]+)\]", lambda m: m.group(0) if re.search(
        rf"(?<!\w){re.escape(m.group(1))}(?!\w)", doc.text) else "", text)
    # a key point is the generator's own sentence, not a quote: "MLATs [Mutual Legal Assistance Treaties]"
    # reads as machine notation there, so it is written "Mutual Legal Assistance Treaties (MLATs)"
    text = re.sub(r"\b([A-Z][A-Z0-9]{1,}s?) \[([^\[\]]+)\]", r"\2 (\1)", text)
    text = re.sub(r"\b(\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+)((?:1[89]|20)\d\d)\b", r"\1 \2", text)  # "April2013"
    text = _named_once(_spelled(name_back_references(doc, sentence, text)))
    if common.leans(text) or _EVENT_ANAPHOR.match(text):
        return None
    # "… with the following 34 countries:-": the point is the count; the list is a fact of its own
    text = re.sub(r"\bthe following (\d+\s+[a-z]+)\s*(?::-?|:–|—)\s*$", r"\1.", text)
    if not re.search(r"\b(?!and\b|or\b)[a-z]{4,}\b", text):
        return None  # a bare list of names ("Bangladesh, India, Myanmar …") says nothing of them
    if not common.starts_whole(text) or _ONE_PARTY.search(text) or len(text) < 40 or len(text) > (
            MAX_MEANS_POINT if MEANS_SENTENCE.search(text) else MAX_POINT):
        return None
    if RELATIVE_TIME.search(text) or not text.endswith((".", "!", "”", "’", "\"")):
        return None
    if len(common.countries_named(text)) > (MAX_NAMES_IN_CHANGE if MEMBERSHIP_CHANGE.search(text) else MAX_NAMES_IN_POINT):
        return None  # a roll of 23 partner states is a fact card's job: a key point says what the states share
    if _UNPLACED_PROPOSAL.search(text) and not re.search(r"\b(?:1[89]|20)\d\d\b", text):
        return None  # "MHA proposed cooperation … with African countries": at what forum, when, the page's paragraph says
    return _dated_if_current(doc, copy_edit(text))


# "proposed cooperation", "has proposed a mechanism": a proposal with neither date nor forum in its sentence
_UNPLACED_PROPOSAL = re.compile(r"^[^,;]*?\b(?:has |have |had )?proposed\b(?![^.]*\b(?:at|during|in) the\s+[A-Z])")
# "has signed … in 2008": a past year takes the simple past ("signed"), never the present perfect
_PERFECT_WITH_YEAR = re.compile(r"\b(?:has|have)\s+(?:(?:also|already|jointly)\s+)?([a-z]+ed)\b"
                                r"(?=(?:(?!\bsince\b)[^.;])*?\b(?:in|on)\s+(?:[A-Z][a-z]+\s+)?(?:1[89]|20)\d\d\b)")
# "India along with other SAARC countries signed …": the aside is set off by commas
_ALONG_WITH = re.compile(r"^([A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*) (along with|together with) ([^,]+?) "
                         r"(?=(?:has |have |had )?(?:also )?[a-z]+ed\b)")
# "India China relations": two states as one modifier are joined by an en dash
_TWO_STATES = re.compile(r"\b([A-Z][a-z]+) ([A-Z][a-z]+) (relations|relationship|ties|border|trade|cooperation)\b")
# "for setting up of JWGs": a gerund with "of" is a noun and takes the article
_GERUND_OF = re.compile(r"\b(for|in|on|by|after|before|with)\s+((?:[a-z]+ing)(?:\s+(?:up|out))?)\s+of\b")
# "defined by trust deficit": deficit is a count noun, and a bare singular one wants "a"
_BARE_DEFICIT = re.compile(r"\b(by|of|with|from|to|is|faces|face)\s+(?!(?:a|an|the|its|their|this|that|no)\b)([a-z]+)\s+deficit\b")


# "Ministry of External Affairs is …": a sentence opening on a body's name wants its article
_UNNAMED_OFFICE = re.compile(r"^((?:Ministry|Department|Office|Embassy|High Commission|Government) of\b)")


# "signed … on bi-lateral basis": the basis takes "a", and "bilateral" is one word
_BASIS = re.compile(r"\bon (bi-?lateral|multi-?lateral|reciprocal|regular|priority|case-by-case) basis\b")
# "for combating Crime including International terrorism": a common word capitalised between lower-case words
# is the source's habit, not a name (round 15d's reader); "on Counter Terrorism" after a capital stays a name
_COMMON_CAPITAL = re.compile(r"(?<![\w/])([a-z][\w-]*,? )(Crime|Crimes|Terrorism|International|Transnational|Organised|"
                             r"Organized)(?= [a-z])")
# "designed to facilitate widest measures": a superlative takes "the"
# ("handed over to the nearest police station" has its article: round 19's "to the the nearest")
_BARE_SUPERLATIVE = re.compile(r"\b(to (?!(?:the|a|an|its|their|his|her|our|this|that|these|those)\b)[a-z]+|of|for|in|"
                               r"with|at)\s+([a-z]{2,}est)\b(?=\s+[a-z])")
_NOT_SUPERLATIVE = frozenset("interest request forest honest test west rest protest contest arrest harvest manifest "
                             "suggest invest digest modest conquest quest guest nest chest crest unrest".split())


def copy_edit(text: str) -> str:
    """A source sentence set as a model answer's point, with the grammar a setter would mend
    (rounds 12 and 13's readers on copied points: "has signed … in 2008", "India China relations",
    "for setting up of JWG", "defined by trust deficit"). Only the form changes, never a fact."""
    text = _PERFECT_WITH_YEAR.sub(r"\1", text)
    text = _ALONG_WITH.sub(r"\1, \2 \3, ", text, count=1)
    from quizapp.banks import names

    text = _TWO_STATES.sub(lambda m: f"{m.group(1)}–{m.group(2)} {m.group(3)}" if m.group(1) != m.group(2) and all(
        names.kind_of(w) == "country" for w in m.group(1, 2)) else m.group(0), text)
    text = _UNNAMED_OFFICE.sub(r"The \1", text)
    text = _GERUND_OF.sub(r"\1 the \2 of", text)
    text = re.sub(r"\bMemorandum of Understandings\b", "Memoranda of Understanding", text)  # the plural's head
    text = _BASIS.sub(lambda m: f"on a {m.group(1).replace('-', '')} basis", text)
    text = _COMMON_CAPITAL.sub(lambda m: m.group(1) + m.group(2).lower(), text)
    text = _BARE_SUPERLATIVE.sub(lambda m: m.group(0) if m.group(2) in _NOT_SUPERLATIVE
                                 else f"{m.group(1)} the {m.group(2)}", text)
    return _BARE_DEFICIT.sub(r"\1 a \2 deficit", text)


MAX_NAMES_IN_POINT = 5
MAX_NAMES_IN_CHANGE = 8  # who joined or was invited is the point of a membership change: its roll stays


# -- naming what a point's sentence points back to -------------------------------------------------

# What "the agreement" / "the summit" may stand for: an instrument, a meeting or a body named earlier.
_BACK_HEADS = ("agreement|pact|treaty|convention|summit|declaration|dialogue|initiative|programme|program|"
               "mechanism|accord|partnership|framework|protocol")
# "Through the agreement, …", "The Convention aims …", "Under the pact …": the sentence's subject or
# opening phrase is a definite noun that names nothing by itself.
_LEADING_DEFINITE = re.compile(rf"^(?P<pre>(?:(?:Through|Under|By|With|In|At|During|Since|After|Following)\s+)?)"
                               rf"(?P<np>[Tt]he\s+(?P<head>{_BACK_HEADS}))\b(?!\s+(?:on|of|for|between|with)\b)")
# "their first ever internal security cooperation agreement": the earlier noun phrase, with its modifiers
_EARLIER_NP = r"\b(?:their|its|his|her|an?|the|this|that)\s+((?:[a-z][\w’'-]*\s+){{1,5}}?){head}\b"
# Modifiers that say when or how notable, not which: "first ever", "new", "landmark"
_RANK_WORDS = frozenset("first ever first-ever new latest recent historic landmark proposed current present "
                        "second third fresh major key important".split())
# "India and China signed …": the two parties a following "both" stands for
_PAIR_SUBJECT = re.compile(r"^(?:[•·\-–*\s]*)(?:The\s+)?((?:[A-Z][\w’'-]*)(?:\s+[A-Z][\w’'-]*){0,2})\s+and\s+"
                           r"(?:the\s+)?((?:[A-Z][\w’'-]*)(?:\s+[A-Z][\w’'-]*){0,2})\s+(?:have\s+|had\s+|also\s+)?"
                           r"(?:signed|agreed|held|concluded|inked|reached|launched|set up|established|adopted|"
                           r"announced|issued|decided)\b")
_BOTH_SUBJECT = re.compile(r"(^|,\s+)both(?=\s+(?!(?:sides|countries|nations|states|parties|governments|the|of)\b)[a-z])")
# "It is aimed at …", "It aims to …" after "The Wuhan summit has …" / "SAARC is …": the subject before
_IT_START = re.compile(r"^It\s+(?=(?:is|was|has|had|will|would|also|aims|aimed|seeks|sought|provides|promotes|"
                       r"covers|includes|allows|enables|brings|marks)\b)")
_NAMED_SUBJECT = re.compile(rf"^(?:[•·\-–*\s]*)(?P<np>(?:The\s+)?(?:[A-Z][\w’'-]*\s+){{0,5}}(?:(?:{_BACK_HEADS})\s+)?)"
                            r"(?=(?:has|have|is|are|was|were|will|also|aims|seeks|provides|brings|sets|set)\b)")
_ORGANISATION = re.compile(r"\b[A-Z]{3,}[a-z]?\b")


_REPEATED_NAME = re.compile(r"\b((?:[A-Z][\w’'-]*)(?:\s+(?:[A-Z][\w’'-]*|on|of|in|for|and)){2,}\s+[A-Z][\w’'-]*)\b"
                            r"(?=.*?\b(?:the\s+)?\1\b)")
_NAME_HEAD = re.compile(r"\b(Convention|Treaty|Treaties|Agreement|Agreements|Declaration|Initiative|Programme|Charter)\b")


def _named_once(text: str) -> str:
    """A long name written back twice in one sentence ("The SAARC Convention on … will come into force
    after ratification of the SAARC Convention on … by Nepal") the second time by its head noun
    ("… ratification of the Convention by Nepal"), as a setter writes it."""
    m = _REPEATED_NAME.search(text)
    head = _NAME_HEAD.search(m.group(1)) if m else None
    if m is None or head is None:
        return text
    second = text.find(m.group(1), m.end())
    return text[:second] + head.group(1) + text[second + len(m.group(1)):]


def _spelled(text: str) -> str:
    """A country the source misspells by one letter ("Afganistan") in its usual spelling: a key point
    is the model answer's wording, and the rubric corrects source typos."""
    from quizapp.banks import names

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        if names.normalise(word, fuzzy=False) is not None:
            return word
        right = names.normalise(word)
        if (right is None or " " in right or names.kind_of(right) != "country" or abs(len(right) - len(word)) != 1
                or right[:2] != word[:2] or right[-2:] != word[-2:]):
            return word
        return right

    return re.sub(r"\b[A-Z][a-z]{5,}\b", fix, text)


def _sentence_at(doc: Document, at: int) -> Sentence | None:
    return next((s for s in doc.sentences if s.start <= at < s.end), None)


def _previous_sentence(doc: Document, here: Sentence) -> Sentence | None:
    """The sentence before ``here`` in its block, else the last of the block before (a paragraph or bullet)."""
    same = [s for s in doc.sentences if s.block == here.block and s.end <= here.start]
    if same:
        return same[-1]
    if here.block == 0 or doc.blocks[here.block - 1].kind not in ("paragraph", "bullet"):
        return None
    prev = [s for s in doc.sentences if s.block == here.block - 1]
    return prev[-1] if prev else None


def _earlier_noun_phrase(doc: Document, sentence: Source, head: str) -> tuple[str, int] | None:
    """("internal security cooperation agreement", where it stands) for "the agreement": the last
    noun phrase with that head in this paragraph or the one before, with the modifiers that say which
    one ("internal security cooperation"), none of the ones that only say when or how notable."""
    before = common._nearby(doc.text, sentence.start)
    offset = sentence.start - len(before)
    found = None
    for m in re.finditer(_EARLIER_NP.format(head=head), before, re.I):
        mods = [w for w in m.group(1).split() if w.casefold() not in _RANK_WORDS]
        if mods and not any(w.casefold() in STOP for w in mods):
            found = (" ".join(mods + [head.casefold()]), offset + m.start())
    return found


def _pair_of(doc: Document, at: int) -> str | None:
    """"India and China" when the sentence at ``at`` opens with the two parties acting together."""
    here = _sentence_at(doc, at)
    m = _PAIR_SUBJECT.match(common.squash(here.text)) if here is not None else None
    return f"{m.group(1)} and {m.group(2)}" if m else None


def name_back_references(doc: Document, sentence: Source, text: str) -> str:
    """``text`` with a leading "the agreement" / "the summit" and a subject "both" or "It" named from
    earlier in the document, when the document names them; else unchanged, and `common.leans` then
    leaves the sentence out.

    "Through the agreement, both ensured support to each other …" after "India and China signed their
    first ever internal security cooperation agreement …" reads "Through the internal security
    cooperation agreement, India and China ensured support to each other …". "It is aimed at …" after
    "The Wuhan summit has set …" reads "The Wuhan summit is aimed at …", but only when that sentence
    names no second instrument or body "It" could stand for.
    """
    if not doc.sentences:
        return text
    here = _sentence_at(doc, sentence.start)
    pair_at: int | None = None
    m = _LEADING_DEFINITE.match(text)
    if m is not None:
        found = _earlier_noun_phrase(doc, sentence, m.group("head"))
        if found is None:
            return text
        phrase, pair_at = found
        np = ("The " if m.group("np")[0] == "T" and not m.group("pre") else "the ") + phrase
        text = text[:m.start("np")] + np + text[m.end("np"):]
    elif (it := _IT_START.match(text)) is not None and here is not None:
        prev = _previous_sentence(doc, here)
        if prev is None or common.leans(prev.text):
            return text
        named = _NAMED_SUBJECT.match(common.squash(prev.text))
        if named is None:
            return text
        np = named.group("np").strip()
        rest = common.squash(prev.text)[named.end():]
        heads = re.findall(rf"\b(?:{_BACK_HEADS})\b", rest, re.I) + _ORGANISATION.findall(rest)
        is_body = re.search(rf"\b(?:{_BACK_HEADS})$", np, re.I) or _ORGANISATION.fullmatch(np)
        if not np or not is_body or heads:
            return text  # "India signed the BECA … It allows …": "It" may be the object, not the subject
        text = np[:1].upper() + np[1:] + " " + text[it.end():]
    if _BOTH_SUBJECT.search(text):
        if pair_at is None and here is not None:
            prev = _previous_sentence(doc, here)
            pair_at = prev.start if prev is not None else None
        pair = _pair_of(doc, pair_at) if pair_at is not None else None
        if pair is not None:
            text = _BOTH_SUBJECT.sub(lambda b: b.group(1) + pair, text, count=1)
    return text[:1].upper() + text[1:]
# "has so far operationalised … with 34 countries", "are yet to be ratified", "are already in force": true
# when the page was written, and later pages give other counts; the point says when (round 6's reader).
# "will come into force after ratification by Nepal, Pakistan and Afghanistan" and "BRICS brings together Brazil,
# …" are states of affairs too: pending, or a membership a later page changes (round 11's reader)
# A "first ever" is first as of the page too: an undated one leaves the reader to guess when (round 12).
_CURRENT = re.compile(r"\b(?:so far|yet to be|already|till date|to date|at present|currently|now|pending|first[- ]ever|"
                      r"will (?:come|enter) into force|brings? together|comprises?|consists? of)\b", re.I)


_BESIDE_OTHERS = re.compile(r"\bbeside others\b")


# "has shifted dramatically in the last 30 years": a span counted back from the writing date, which a point
# read years later gets wrong; it is given by its years, "between 1988 and 2018" (round 12's reader)
_LAST_YEARS = re.compile(r"\b(?:in|over|during)\s+the\s+(?:last|past)\s+(?P<n>\d{1,3}|two|three|four|five|ten|twenty|"
                         r"thirty|forty|fifty)\s+years\b", re.I)


def _span_in_years(doc: Document, text: str) -> str:
    if doc.meta.published is None:
        return text
    year = doc.meta.published.year

    def years(m: re.Match[str]) -> str:
        back = word_number(m.group("n")) or 0
        return f"between {year - back} and {year}"

    return _LAST_YEARS.sub(years, text)


def _dated_if_current(doc: Document, text: str) -> str:
    text = _BESIDE_OTHERS.sub("among others", text)  # the source's slip, corrected as the rubric asks
    text = _span_in_years(doc, text)
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


def _names_of(text: str, generic: frozenset[str]) -> set[str]:
    """The capitalised words a sentence names after its first word ("SAARC", "Convention", "Azerbaijan")."""
    words = re.findall(r"[A-Za-z][\w’'-]*", text)
    # a month names no party: "(as of 29 October 2018)" on one point makes it no other point than it was
    return {w.casefold() for w in words[1:] if w[:1].isupper() and w.casefold() not in GENERIC
            and w.casefold() not in _MONTHS
            and w.casefold() not in generic and w.casefold() not in STOP}


def _repeats(text: str, earlier: Sequence[str], generic: frozenset[str]) -> bool:
    """Half or more of a point's content words already make an earlier point: the same point twice.
    Two sentences that each name what the other does not (the Ministry's Treaties, the SAARC
    Convention) are two points, however alike their other words ("investigation and prosecution")."""
    mine = _content_stems(text, generic)
    my_names = _names_of(text, generic)
    for other in earlier:
        theirs = _content_stems(other, generic)
        shared = len(mine & theirs)
        their_names = _names_of(other, generic)
        if my_names - their_names and their_names - my_names:
            continue
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
_INSTRUMENT_HEAD = re.compile(r"Treat(?:y|ies)|Conventions?|Agreements?|Memorand\w*|Pacts?")


MEANS = "means"
# "Examine how …", "… the mechanisms …": a demand for how something is done, which a count or a
# date does not answer (round 10's reader on the MLAT prompt: "what MLATs do … an 'examine how' answer needs").
_MEANS_ASK = re.compile(r"\bhow\b(?!\s+(?:far|much|many|long|often|significant|important|true)\b)|\bmechanisms?\b"
                        r"|\bin what ways?\b|\bby what means\b|\binstruments?\b|\bframeworks?\b", re.I)
# A sentence that states a purpose or a means: "designed to facilitate …", "aims to …", "to exchange
# information …", "nodal ministry for …", "Through the agreement, both ensured support …".
MEANS_SENTENCE = re.compile(
    r"\b(?:designed to|aim(?:s|ed)?\s+(?:to|at)|the aim of|with (?:a|the) view to|in order to|so as to|"
    r"for the purpose of|nodal (?:ministry|authority|agency|body|department)\s+for|(?:is|are) responsible for|"
    r"provides? for|by way of|seeks? to|framework for|mechanisms? (?:for|to)|"
    r"through (?:the |an? |its |their )?(?:[\w’'-]+\s+){0,5}?(?:agreement|treaty|treaties|convention|mechanism|"
    r"dialogue|channels?|pact)|"
    r"to (?:facilitate|exchange|strengthen|promote|combat|counter|secure|share|coordinate|enable|prevent|curb|"
    r"tackle|deepen))\b", re.I)
MAX_POINT = 320
MAX_MEANS_POINT = 460  # "… designed to facilitate …" names the measures: cut, it no longer says what they are for


def halves(question: str) -> tuple[str, ...]:
    """The demands a question makes that its key points must each answer: ``means`` when it asks how
    ("Examine how …"), and ``strain``/``gain`` when it names both ("complex … areas of convergence");
    none for a one-demand question on its subject, which any point on the subject answers."""
    sides = tuple(h for h, ask in ((STRAIN, _STRAIN_ASK), (GAIN, _GAIN_ASK)) if ask.search(question))
    means = (MEANS,) if _MEANS_ASK.search(question) else ()
    reform = (REFORM,) if _REFORM_ASK.search(question) else ()
    origin = (ORIGIN,) if _ORIGIN_ASK.search(question) else ()
    # "Critically examine the need for …": a judgement, which weighs the case for against the case against; a
    # question that names its two sides ("complex … areas of convergence") has them already
    # (of a measure: "the influence of the El Niño on the monsoon" is weighed by mechanism, not argued for)
    case = (FOR, AGAINST) if not sides and _CASE_ASK.search(question) and _MEASURE.search(question) else ()
    found = means + sides + reform + origin + case
    return found if means or reform or origin or len(found) >= 2 else ()


def answers(text: str, demand: str) -> bool:
    """Whether a point answers one demand: a purpose or means for ``means``, a recommendation for ``reform``,
    its side for the others."""
    if demand == REFORM:
        return bool(_REFORM_SENTENCE.search(text))
    if demand == ORIGIN:
        return bool(_ORIGIN_SENTENCE.search(text))
    if demand in (FOR, AGAINST):
        return any(not _in_name(text, m) for m in (_FOR_SENTENCE if demand == FOR else _AGAINST_SENTENCE).finditer(text))
    return bool(MEANS_SENTENCE.search(text)) if demand == MEANS else side_of(text) == demand


# "… and suggest reforms", "Should the power … be vested in an independent body?": a demand for what should
# change, which a point answers only with a recommendation or proposal (round 14's reader on two page prompts
# whose points never did)
REFORM = "reform"
# "Examine the evolution of …": an evolution starts somewhere, and a point must say where (round 14's reader on an
# SCO prompt whose points began in 2024 and never reached the Shanghai Five or 2001)
ORIGIN = "origin"
_ORIGIN_ASK = re.compile(r"\b(?:evolution|origins?|genesis)\b", re.I)
_ORIGIN_SENTENCE = re.compile(r"\b(?:founded|established|set up|formed|created|constituted|predecessor|originated|"
                              r"grew out of|came into being|first (?:summit|meeting)|launched)\b", re.I)
_REFORM_ASK = re.compile(r"\b(?:suggest\s+(?:reforms?|measures|remedies|steps|a way forward|changes)|way forward|"
                         r"what reforms|reforms? (?:is|are) needed|^should\b|[.?]\s+should\b)", re.I)
_REFORM_SENTENCE = re.compile(r"\b(?:recommend\w*|suggest\w*|propos\w*|should|ought|independent)\b", re.I)  # "examined reform" recommends nothing


# "Critically examine", "To what extent", "Evaluate": a verdict, which an answer reaches only through both sides.
# Round 19b's reader rejected an AFSPA scheme of provisions in page order: no argument for the Act, and the
# repeal it was asked about in one point of eight.
FOR, AGAINST = "case for", "case against"
_CASE_ASK = re.compile(r"\b(?:critically|to what extent|evaluate|justif\w*|do you agree)\b", re.I)
_MEASURE = re.compile(r"\b(?:Act|Acts|law|laws|legislation|scheme|policy|policies|ordinance|bill|amendment|regime|"
                      r"provisions?|the need for|continu\w+|repeal\w*|ban|reservation|quota)\b", re.I)
_FOR_SENTENCE = re.compile(r"\b(?:argue[sd]?|needs?|needed|protect\w*|upheld|uphold\w*|validity|"
                           r"justif\w*|effective\w*|security situation|duty|insurgen\w*|militan\w*)\b", re.I)
_AGAINST_SENTENCE = re.compile(r"\b(?:repeal\w*|withdr[ae]w\w*|criticis\w*|critics?|violat\w*|abus\w*|excess\w*|"
                               r"immunity|impunity|no prosecution|without (?:a )?warrant|killing|killed|deaths?|"
                               r"custody|protests?|fasted|against the (?:law|act)|draconian|sweeping|misuse\w*|"
                               r"limited period|delay(?:s|ed)?|selectively|partisan|shortcomings?|loopholes?|fail(?:s|ed|ure)?|"
                               r"curbs?|continues?|has not)\b", re.I)


def _in_name(text: str, m: re.Match[str]) -> bool:
    """Whether a matched word is part of a name ("Naga People's Movement of Human Rights"), which argues nothing."""
    return m.start() > 0 and m.group(0)[:1].isupper()


_CLAUSE = re.compile(r"[^.?!]+[.?!]?")


def _demand_clause_terms(question: str, demand: str, generic: frozenset[str]) -> set[str]:
    """The content stems of the clause that makes a demand ("What areas of convergence need to be
    explored …"): a point that uses them answers that demand most directly."""
    ask = {MEANS: _MEANS_ASK, GAIN: _GAIN_ASK, STRAIN: _STRAIN_ASK, REFORM: _REFORM_ASK, ORIGIN: _ORIGIN_ASK,
           FOR: _CASE_ASK, AGAINST: _CASE_ASK}[demand]
    clause = next((c for c in _CLAUSE.findall(question) if ask.search(c)), question)
    return {w for w in _content_stems(clause, generic) if w not in {a[:6] for a in _ASKING}}


# "with 34 countries", "Treaties with 3 countries": a count of partners, or a roll of three or more
_COUNT_POINT = re.compile(r"\b\d+\s+(?:countries|nations|states|members|partners|treaties|agreements)\b", re.I)
MAX_COUNT_POINTS = 2  # counts and lists make one or two points of an answer, never all of it


def is_count_point(text: str) -> bool:
    return bool(_COUNT_POINT.search(text)) or len(common.countries_named(text)) >= 3


# "BRICS brings together Brazil, …" and "… BRICS invited Argentina, … to become members": a membership
# as it stood, and a later change to it, which the same document gives and the point must carry.
MEMBERSHIP = re.compile(r"\b(?:brings together|comprises|comprising|consists of|members (?:are|include)|"
                        r"(?:its|the) members\b|member states are|is made up of|groups together)\b", re.I)
MEMBERSHIP_CHANGE = re.compile(r"\b(?:joined|invited\b[^.]{0,200}\b(?:to (?:become|join)|as (?:full )?members?)|"
                               r"admitted|became (?:a |full )?members?|new members?|expanded|expansion of|"
                               r"withdrew|withdrawn|suspended|left the)\b", re.I)


_NEGATION = re.compile(r"\b(?:not|no|never|cannot|nor)\b|n[’']t\b", re.I)


def side_of(text: str) -> str | None:
    """Which half a point answers: the side whose vocabulary it uses more, none on a tie. A gain
    word under a negation ("do not favor a complete reset") counts for the other side; a word
    inside a name ("… Economic Cooperation (BIMSTEC)") for neither."""
    gain = strain = 0

    def named(m: re.Match[str]) -> bool:  # "Economic Cooperation" inside a name says nothing of the point
        # (a Treaty or Convention is an instrument of cooperation whatever its name: "… operationalised
        # the Mutual Legal Assistance Treaties … with 34 countries" answers "how India cooperates")
        return _in_name(text, m) and not _INSTRUMENT_HEAD.fullmatch(m.group(0))

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
# A number alone is no term; its measure ("three months", "two-thirds", "15%") is, through _FIGURE.
_NUMBER_WORDS = ("two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty "
                 "hundred").split()
# Words that carry no fact of their own: connectives and comparisons a sentence hangs on.
_PADDING = frozenset("""unlike similar despite albeit whereas towards toward within without beside besides others
another various several certain number series total level levels basis terms manner regard respect respects
order addition context backdrop attempt record ever present comparison contrast
comes goes makes takes gives sends says seems along
brings began begins held helps came went made took gave sent said become became upheld struck brought sought kept
won led lost chose told meant built spent stood wrote written given taken shown known drawn individual one half
third fourth promote promotes manage manages find finds handle handles ensure ensures include includes getting
facilitate facilitates strengthen strengthens widest apart having setting support supports""".split()) | frozenset(_NUMBER_WORDS)
_WORD = re.compile(r"[A-Za-z][A-Za-z-]*|[,.;:]")
_FIGURE = re.compile(rf"\b(?:\d+(?:\.\d+)?|{'|'.join(_NUMBER_WORDS)})\s+(?:days|weeks|months|years|per\s+cent|percent)\b"
                     r"|\b(?:one|two|three)-(?:half|third|thirds|fourth|fourths|fifth|fifths)\b|\b\d+(?:\.\d+)?\s?%", re.I)
# after a gerund used as a noun ("smuggling of drugs", "human trafficking,"), never after a verb's object
_NOUN_FOLLOW = frozenset({"of", ",", ".", ";", ":", "and", "or", ""})


# "if he joins a party", "should ordinarily decide", "to decide disqualification": a word after a modal, "to" or a
# subject pronoun is a verb, whatever its ending (round 21b's reader on "joins" and "decide" as AFSPA-essay terms)
_VERB_BEFORE = frozenset("to will would shall should can could may might must cannot does do did he she it they "
                         "who which".split())


def _verb_at(written: Sequence[str], i: int) -> bool:
    j = i - 1
    while j >= 0 and written[j].casefold().endswith("ly") and written[j].isalpha():
        j -= 1  # "should ordinarily decide"
    return j >= 0 and written[j].casefold() in _VERB_BEFORE


def _term_ok(word: str, following: str, generic: frozenset[str], shortest: int = 5) -> bool:
    """Whether a lower-case word is a distinctive term: a noun or adjective of the fact, not a
    verb ("making", "marking", "signed"), an adverb ("dramatically") or a connective ("unlike")."""
    k = word.casefold()
    if len(k) < shortest or k in STOP or k in GENERIC or k in generic or k in _PADDING or k in _MONTHS:
        return False
    if k.endswith("ly") or k.endswith("ed"):
        return False
    return not (k.endswith("ing") and following not in _NOUN_FOLLOW)


def names_in(doc: Document) -> frozenset[str]:
    """Words the page capitalises inside a sentence ("… and Tripura in 2015"): names, so a point that opens with one
    ("Tripura withdrew the Act …") keeps it as a term, as it keeps "Meghalaya" further on (round 21b's reader)."""
    return frozenset(m.group(1).casefold() for m in _MID_NAME.finditer(doc.text))


_MID_NAME = re.compile(r"(?<=[a-z0-9,;] )([A-Z][a-z]{2,})\b")


def keywords(text: str, limit: int = 6, generic: frozenset[str] = frozenset(),
             names: frozenset[str] = frozenset()) -> tuple[str, ...]:
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
    body = re.sub(r"\s*\(as of [^()]*\)", "", body)  # the point's own dating is no term an answer uses
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
            if m.start() == 0 and len(words) == 1 and not words[0][:1].isdigit() and not words[0].isupper() \
                    and words[0].casefold() not in names:
                continue  # a capitalised first word is usually just a sentence start
            phrase = _phrase(m.group(0))
            if phrase and len(found) < max(3, limit - 2):
                add(phrase)
    for m in _FIGURE.finditer(body):  # "within three months", "two-thirds of the members": the point's own measure
        if len(found) < max(3, limit - 2):
            add(m.group(0))
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
        if w.isalpha() and w.islower() and not _verb_at(written, i) and _term_ok(w, following, generic):
            add(w)
    if sum(len(t.split()) for t in found) < MIN_KEYWORDS:  # a short point: its four-letter terms ("drug", "arms") count
        for i, w in enumerate(written):
            following = written[i + 1].casefold() if i + 1 < len(written) else ""
            if w.isalpha() and w.islower() and not _verb_at(written, i) and _term_ok(w, following, generic, 4):
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
        # (and after it: an answer-writing page sets the question first and its model answer below, round 21)
        chosen |= {i for i, b in enumerate(blocks) if b.kind in ("paragraph", "bullet")}
    spans = [tuple(s) for s in prompt.extra.get("support_blocks") or []]
    scores = list(prompt.extra.get("support_scores") or [1.0] * len(spans))
    score_of = {span: score for span, score in zip(spans, scores, strict=False)}
    generic = generic_words(doc)
    capitalised = names_in(doc)
    sentences = doc.sentences or tuple(
        Sentence(b.start, b.end, b.text, i) for i, b in enumerate(blocks))
    out: list[tuple[int, float, int, KeyPoint]] = []
    # every practice question of the page, not only this one: a second question's quotation ("The anti-defection
    # law has checked individual defections …") is no point of the first's answer (session 26's holdout)
    prompts = [(f.source.start, f.source.end) for f in facts if f.kind == "prompt"] + [
        (prompt.source.start, prompt.source.end)]
    for i in sorted(chosen):
        block = blocks[i]
        if _is_heading(block) or any(block.start < b and a < block.end for a, b in prompts):
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
            terms = keywords(text, generic=generic, names=capitalised)
            if sum(len(t.split()) for t in terms) < MIN_KEYWORDS:
                continue  # nothing an answer could be checked for: no point
            point = KeyPoint(id=kid, text=text, keywords=terms, source=sentence, facts=tuple(inside))
            out.append((place, -score_of.get((block.start, block.end), 0.0), s.start, point))
    return out


def _covered(name: str, points: Sequence[KeyPoint]) -> int:
    """How many of ``points`` name the instrument ``name`` (by its words, in any number or order)."""
    words = _name_words(name)
    need = min(3, len(words))

    def same(other: set[str]) -> bool:
        # "the SAARC Convention on Mutual Assistance in Criminal Matters" is no "Treaty on Mutual Legal
        # Assistance in Criminal Matters": shared words, but another kind of instrument
        heads, theirs = words & _HEAD_WORDS, other & _HEAD_WORDS
        return len(words & other) >= need and (not heads or not theirs or bool(heads & theirs))

    return sum(any(same(_name_words(r)) for r in _instruments([q])) for q in points)


_STATUS_POINT = re.compile(r"\b(?:yet to be ratified|(?:will|shall) come into force (?:only )?(?:after|upon|on)|"
                           r"not (?:yet )?(?:in force|ratified)|pending ratification|awaiting ratification)\b", re.I)
_HEAD_WORDS = frozenset("treaty convention agreement memorandum protocol charter declaration dialogue initiative "
                        "partnership group framework mechanism summit".split())


def select_points(question: str, ranked: Sequence[KeyPoint], generic: frozenset[str] = frozenset(),
                  limit: int = MAX_GENERATED_POINTS) -> list[KeyPoint]:
    """Up to ``limit`` points, best first, never the same point twice and at most `MAX_COUNT_POINTS`
    counts or lists; a question with several demands (`halves`) gets the best points of each, its
    share of the budget, the rest to whichever has more.

    Within a demand, a point that uses the words of the clause making it ("areas of convergence …
    better relations") ranks first, then the order given; a point may answer two demands at once.
    """
    distinct: list[KeyPoint] = []
    for p in ranked:
        # the same point twice in its words and in its source's: a name written back in ("Through the
        # internal security cooperation agreement, …") repeats the earlier sentence's name, not its point
        if not (_repeats(p.text, [q.text for q in distinct], generic)
                and _repeats(p.source.quote, [q.source.quote for q in distinct], generic)):
            distinct.append(p)
    picked: list[KeyPoint] = []

    def take(p: KeyPoint, alike: bool = False) -> bool:
        counts = [q for q in picked if is_count_point(q.text)]
        if p in picked or (is_count_point(p.text) and len(counts) >= MAX_COUNT_POINTS):
            return False
        # a second count of the same instrument ("34 countries", then "3 countries … yet to be ratified")
        # is the same kind of fact again: a count of another instrument goes first
        mine = {w for r in _instruments([p]) for w in _name_words(r)}
        if (not alike and is_count_point(p.text) and mine
                and any(mine & {w for r in _instruments([q]) for w in _name_words(r)} for q in counts)):
            return False
        # an instrument two points already make ("… Treaty … signed between India and Azerbaijan" after the
        # Ministry's Treaties and their 34 countries) waits for the instruments no point makes yet, and a third
        # point on it never comes (round 15's reader: three of eight points on the SAARC Convention)
        # (a count says how far the instrument reaches, "34 countries", which no other point says: it is no repeat)
        # and where it falls short, "will come into force after ratification by …", "yet to be ratified", is the
        # assessment an "examine" answer needs (round 15c's reader)
        if _instruments([p]) and not is_count_point(p.text) and not _STATUS_POINT.search(p.text) \
                and all(_covered(r, picked) >= 2 for r in _instruments([p])) \
                and not (alike and any(_in_question(r, question) for r in _instruments([p]))):
            return False  # (the question's own subject, "the evolution of the SCO", may fill the rest)
        picked.append(p)
        return True

    parts = halves(question)
    if not parts:
        for alike in (False, True):
            for p in distinct:
                if len(picked) < limit:
                    take(p, alike)
        return picked
    order = {id(p): i for i, p in enumerate(distinct)}
    by_demand: dict[str, list[KeyPoint]] = {}
    for d in parts:
        terms = _demand_clause_terms(question, d, generic)
        mine = [p for p in distinct if answers(p.text, d)]
        def fit(p: KeyPoint, terms: set[str] = terms) -> tuple[int, int]:
            return -len(_content_stems(p.text, generic) & terms), order[id(p)]

        by_demand[d] = sorted(mine, key=fit)
    share = max(1, limit // len(parts))
    for d in parts:
        for p in by_demand[d]:
            if sum(answers(q.text, d) for q in picked) >= share or len(picked) >= limit:
                break
            take(p)
    for alike in (False, True):
        for p in [p for d in parts for p in by_demand[d]]:
            if len(picked) >= limit:
                break
            take(p, alike)
    if len(picked) < MIN_GENERATED_POINTS:  # a thin demand: other points on the subject fill the rubric
        for p in distinct:
            if len(picked) >= MIN_GENERATED_POINTS:
                break
            take(p, True)
    return picked


def key_points(doc: Document, prompt: Fact, facts: Sequence[Fact], items: Sequence[Item]) -> list[KeyPoint]:
    """4-8 key points in document order, one clean sentence each (`point_text`), linked to the
    facts inside it (or, when none, to its paragraph's) and the cards that teach them."""
    stated = prompt.extra.get("question")
    question = stated if isinstance(stated, str) and stated.strip() else prompt.source.quote
    frame_years = frozenset(str(f.value) for f in facts if common.frame_year(doc, f, facts))

    def taught(p: KeyPoint) -> tuple[str, ...]:
        return tuple(it.id for it in items if it.type in ("fact", "cloze") and set(it.facts) & set(p.facts))

    # a point no card teaches, and no clean cloze can (`fallback_item`), is no point a weak answer can review
    ranked = [c[-1] for c in sorted(_candidates(doc, prompt, facts), key=lambda c: c[:3])
              if taught(c[-1]) or fallback_item(doc, c[-1], frame_years) is not None]
    picked = carry_changes(select_points(question, ranked, generic_words(doc)), ranked, doc=doc)
    return [replace(p, items=taught(p)) for p in sorted(picked, key=lambda p: p.source.start)]


_LEANING_CONTEXT = re.compile(r"^(?:in contrast|by contrast|in comparison|however|similarly|meanwhile|"
                              r"at the same time|on the other hand)\b|\b(?:both sides|the two (?:countries|sides|"
                              r"nations|leaders|neighbours))\b", re.I)


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
    """A cloze on a keyword of one sentence of the point (the first that has one). The cloze quotes its
    source as written, so a sentence that leans on the one before ("Through the agreement, both …")
    is shown after it (`common.in_context`), and one that cannot be ("In contrast, in 2018, both
    sides face …") gets no card: what the key point names back in, the card cannot."""
    leaning = (bool(_LEANING_CONTEXT.search(sentence)) and len(common.countries_named(sentence)) < 2
               or common.leans(sentence))
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
        if leaning:
            shown = common.in_context(doc, context, stem_text, word)
            if shown == stem_text or word in shown:
                return None
            stem_text = shown
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


_COOPERATION = re.compile(r"\b(?:cooperat\w*|collaborat\w*|partners?(?:hips?)?|bilateral|jointly|joint)\b", re.I)
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


def _facts_naming(text: str, sentence: Source, facts: Sequence[Fact], most: int = 2) -> tuple[str, ...]:
    """Up to ``most`` worth-asking facts of other sentences whose sentence names an instrument ``text`` names."""
    from quizapp.banks import salience

    named = [_name_words(n) for n in _instruments([KeyPoint(id="", text=text, keywords=(), source=sentence)], most=6)]
    named = [w for w in named if len(w) >= 2]
    out: list[str] = []
    for f in facts:
        if f.kind == "prompt" or (salience.score(f) or 0) < 1 or f.source.start < sentence.end and f.source.end > sentence.start:
            continue
        words = _name_words(common.sentence_of(f).quote)
        if any(w <= words for w in named):
            out.append(f.id)
        if len(out) >= most:
            break
    return tuple(out)


def _instruments(points: Sequence[KeyPoint], most: int = 3) -> list[str]:
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
    return found[:most]


_NOT_A_POINT = frozenset({"expansion", "plan_two"})


def _in_question(instrument: str, question: str) -> bool:
    """Whether the question names the instrument, by its words or by its initials ("SCO" in "the evolution
    of the Shanghai Cooperation Organisation")."""
    words = _name_words(instrument)
    asked = _name_words(question)
    if words and len(words & asked) >= min(3, len(words)):
        return True
    for short in re.findall(r"\b[A-Z]{2,}\b", instrument):
        runs = re.findall(r"[A-Z][\w’'-]*(?:\s+(?:of|and|for|the|on|in|&)?\s*[A-Z][\w’'-]*)+", question)
        if any(_abbreviates(short, run) for run in runs):
            return True
    return False


def _abbreviates(short: str, name: str) -> bool:
    """"SCO" for "Shanghai Cooperation Organisation": the capitals are the name's initials."""
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w’'-]*", name) if w.lower() not in _ABBR_SKIP).upper()
    return short.isupper() and len(short) >= 2 and short == initials


_ABBR_SKIP = frozenset({"of", "and", "for", "the", "on", "in", "&"})


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


def _condensed(doc: Document, fact: Fact) -> str | None:
    """A roll of more partner states than a point can carry ("… with Afghanistan, Bangladesh, … and
    Zambia") as its count ("… with 23 countries (as of 2013–14)"): what the states share is the point,
    and the count, like any count of partners, says when it held."""
    members = fact.members or ()
    if (fact.kind != "list" or len(members) <= MAX_NAMES_IN_POINT or fact.extra.get("member_kind") != "country"
            or not fact.extra.get("complete")):
        return None
    sentence = common.sentence_of(fact)
    a, b = fact.source.start - sentence.start, fact.source.end - sentence.start
    if not (0 <= a < b <= len(sentence.quote)) or "\n" in sentence.quote[a:b]:
        return None
    before = sentence.quote[:a]
    if re.search(rf"\b(?:{len(members)}|{number_word(len(members))})\s+(?:member\s+)?(?:states|countries|nations|members)"
                 r"\b[^.;]{0,20}$", before, re.I):
        # "comprises ten member states, namely: A, …, J": the count is written; the roll goes, not doubled
        quote = re.sub(r"[\s,]*(?:namely|viz\.?|i\.e\.)?\s*[:,-]*\s*$", "", before) + sentence.quote[b:]
    else:
        quote = before + f"{len(members)} countries" + sentence.quote[b:]
    text = point_text(doc, Source(sentence.document, sentence.start, sentence.end, quote))
    when = common.when_words(doc.meta)
    if text is None or when is None or "(as of" in text or re.search(r"\b(?:1[89]|20)\d\d\b", text):
        return text
    return f"{text[:-1]} (as of {when})." if text.endswith(".") else text


def _mentions_topic(text: str, topic: str) -> bool:
    """Whether a point uses the syllabus heading's own vocabulary ("Criminal Matters" for Internal
    security), whatever heading its other words win: the SAARC Convention on Mutual Assistance in
    Criminal Matters answers a question on crime, ASEAN's ten members do not."""
    from quizapp.banks.topics import TOPICS

    low = text.lower()
    for stem in dict(TOPICS).get(topic, ()):
        if re.search(rf"\b{re.escape(stem)}\b", text) if stem.isupper() else re.search(rf"\b{re.escape(stem)}", low):
            return True
    return False


def _mentions(doc: Document, name: str) -> int:
    """How many sentences of the document name ``name``, in any of its forms ("Treaty on Mutual Legal
    Assistance in Criminal Matters", "MLATs"): the measure of a central subject."""
    words = _name_words(name)
    lead = re.match(r"(?:[A-Z][\w’'-]*\s+)*[A-Z][\w’'-]*", name)
    initials = "".join(w[0] for w in lead.group(0).split()) if lead else ""
    n = 0
    for s in doc.sentences or ():
        if words <= _name_words(s.text) or (len(initials) >= 3 and re.search(rf"\b{initials}s?\b", s.text)):
            n += 1
    return n


_EVENT_NAME = re.compile(r"\b(?:summit|meeting|visit|dialogue|conference)$", re.I)


def _central(doc: Document, refs: Sequence[str]) -> list[str]:
    """The named instruments or bodies the question may be asked "with reference to": the document's
    central subjects, named in at least two of its sentences and at least half as often as the most
    named one. A single summit or meeting is an event of the subject, not the subject (round 10's
    reader: "hangs the question on an arbitrary single summit")."""
    counted = [(r, _mentions(doc, r)) for r in refs if not _EVENT_NAME.search(r)]
    best = max((n for _r, n in counted), default=0)
    return [r for r, n in counted if n >= 2 and 2 * n >= best][:2]


def _org_of(text: str) -> str | None:
    from quizapp.banks import names

    orgs = [a for a in re.findall(r"\b[A-Z]{3,}[a-z]?\b", text) if names.kind_of(a) == "organisation"]
    return orgs[0] if orgs else None


def _changes_in(doc: Document, after: int, org: str) -> list[int]:
    """Where the document's sentences after ``after`` change ``org``'s membership ("South Africa joined
    the grouping", "BRICS invited Argentina, … to become members"), as sentence starts."""
    out = []
    for s in doc.sentences or ():
        if s.start <= after or not MEMBERSHIP_CHANGE.search(s.text):
            continue
        named = point_text(doc, common.covering_source(doc, s.start, s.end)) or s.text
        if re.search(rf"\b{re.escape(org)}\b", named) or re.search(r"\bthe (?:grouping|bloc|group|organi[sz]ation)\b",
                                                                  s.text, re.I):
            out.append(s.start)
    return out


def carry_changes(picked: list[KeyPoint], pool: Sequence[KeyPoint], limit: int = MAX_GENERATED_POINTS,
                  doc: Document | None = None) -> list[KeyPoint]:
    """A membership point ("BRICS brings together Brazil, …") carries the later changes the same
    document gives ("… BRICS invited Argentina, … to become members from 1 January 2024"): each is
    added, in place of the last point that is neither, and a membership whose change makes no point
    is left out (it would teach a roll the page itself shows to be out of date)."""
    out = list(picked)
    for p in [q for q in picked if MEMBERSHIP.search(q.text) and not MEMBERSHIP_CHANGE.search(q.text)]:
        org = _org_of(p.text)
        if org is None:
            continue
        changes = [q for q in pool if q.source.start > p.source.start and MEMBERSHIP_CHANGE.search(q.text)
                   and re.search(rf"\b{re.escape(org)}\b", q.text)]
        if doc is not None and set(_changes_in(doc, p.source.start, org)) - {q.source.start for q in changes}:
            out.remove(p)  # a change no point can carry ("… invited nine states …"): the old roll is no point
            continue
        for q in changes:
            if q in out:
                continue
            if len(out) >= limit:
                spare = [r for r in reversed(out) if r is not p and r not in changes]
                if not spare:
                    break
                out.remove(spare[0])
            out.append(q)
        if changes and not all(q in out for q in changes):
            out.remove(p)
    return out


def generated_prompt(doc: Document, facts: Sequence[Fact], items: Sequence[Item],
                     linkable: Sequence[Fact] | None = None) -> list[Item]:
    """One Mains-style prompt per document whose facts support it, tagged ``generated-prompt``.

    Its 4-8 key points are the worth-asking facts whose sentences make a clean point
    (`point_text`; a roll of many states as its count, `_condensed`), one point per sentence and never
    the same point twice, each linked to its fact and to the items that teach them. The question
    names the document's main actors (named in at least half of the points, India aside), its
    syllabus area, and is asked "with reference to" the document's central instrument or body
    (`_central`), never one summit. When it asks how ("Examine how India cooperates …"), the
    sentences that state a purpose or means ("designed to facilitate …", "to exchange information …")
    join the candidates, linked to the facts inside them or their paragraph (any of ``linkable``,
    every fact of the document), and the points answer each demand (`select_points`); the gate holds
    the prompt when they cannot.
    """
    from collections import Counter

    from quizapp.banks import names, salience
    from quizapp.banks.generate.distractors import countries_in
    from quizapp.banks.topics import topic_of

    if any(it.type == "essay" for it in items):
        return []  # the page sets its own practice question: a second one on the same facts repeats it
    generic = generic_words(doc)
    capitalised = names_in(doc)
    linkable = list(linkable) if linkable is not None else list(facts)
    pool: list[KeyPoint] = []
    claims: list[set[str]] = []
    used: set[int] = set()

    def add(sentence: Source, text: str, fact_ids: tuple[str, ...], means: bool = False) -> None:
        claim = _claim(text, generic)
        # a sentence of purpose is one point per instrument it names: "The SAARC Convention … aims to
        # strengthen … investigation and prosecution" is not the Ministry's Treaties again
        same = (_repeats(text, [p.text for p in pool], generic)
                and _repeats(sentence.quote, [p.source.quote for p in pool], generic)) if means \
            else _same_claim(claim, claims)
        if sentence.start in used or same:
            return
        terms = keywords(text, generic=generic, names=capitalised)
        if sum(len(t.split()) for t in terms) < MIN_KEYWORDS:
            return
        used.add(sentence.start)
        claims.append(claim)
        taught = tuple(it.id for it in items if set(fact_ids) & set(it.facts) and it.type != "essay")
        kid = "kp_" + common.item_id("kp", "generated", list(fact_ids), sentence.quote, "")[2:]
        pool.append(KeyPoint(id=kid, text=text, keywords=terms, source=sentence, facts=fact_ids, items=taught))

    for f in facts:
        if f.kind == "prompt" or (salience.score(f) or 0) < 1:
            continue
        if f.kind == "role" or f.extra.get("rule") in _NOT_A_POINT:
            continue  # who held an office, what an abbreviation stands for: the gate holds such cards too
        sentence = common.sentence_of(f)
        text = point_text(doc, sentence) or _condensed(doc, f)
        if text is not None:
            add(sentence, text, (f.id,))
    # One area: the page's own area when enough points are in it, else the points' majority; a point
    # of another area that uses none of the area's words (ASEAN's members under a question on crime)
    # does not answer it.
    area = {p.id: topic_of(p.text, common.squash(doc.meta.title)) for p in pool}
    topics = Counter(area.values())
    whole = common.topic_for(doc)
    topic = whole if topics[whole] >= MIN_GENERATED_POINTS else (
        sorted(topics.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if topics else whole)

    def on_topic(p: KeyPoint) -> bool:
        return area.get(p.id, topic) == topic or _mentions_topic(p.text, topic)

    pool = [p for p in pool if on_topic(p)]

    def actors(points: Sequence[KeyPoint]) -> list[str]:
        per_point: Counter[str] = Counter()
        for p in points:
            named = {names.normalise(n) or n for n in countries_in(p.text)}
            if len(named) >= 3:
                named = set()  # the members of a list are not the document's actors
            named |= {names.normalise(a) or a for a in re.findall(r"\b[A-Z]{3,}\b", p.text)
                      if names.kind_of(a) == "organisation"}
            per_point.update(named - {"India"})
        # an actor of the whole document, not of one list: named in at least half of the points
        return [a for a, n in sorted(per_point.items(), key=lambda kv: (-kv[1], kv[0])) if 2 * n >= len(points)][:2]

    def asked(top: Sequence[str], points: Sequence[KeyPoint]) -> str:
        who = " and ".join(top)
        if topic == "Internal security":
            return (f"Examine the scope and significance of India's internal security cooperation with {who}" if who
                    else "Examine how India cooperates with other countries against terrorism and transnational "
                         "organised crime")
        if topic == "International relations":
            if top and names.kind_of(top[0]) == "organisation":
                # "its significance for India" only when the points speak of India: round 7's reader found a
                # BRICS chronology under that demand with no point that answered it
                for_india = sum(bool(re.search(r"\bIndia(?:n|’s|'s)?\b", p.text)) for p in points) >= 2
                return f"Examine the evolution of {names.with_article(top[0])}" + (" and its significance for India" if for_india else "")
            return (f"Examine the recent course of India's relations with {who}" if who
                    else "Examine India's bilateral and regional engagement")
        return f"Examine {_AREA.get(topic, 'developments in ' + topic.lower())}" + (f" involving {who}" if who else "")

    first = pool[:MAX_GENERATED_POINTS]
    if topic in _AREA and sum(bool(_COOPERATION.search(p.text)) for p in first) < 2:
        # "Examine India's cooperation on the environment" over a release of new Ramsar sites: the frame asks what
        # the page never says (round 21's reader); a page on its area but not on cooperation gets no question
        return []
    top = actors(first)
    question = asked(top, first)
    if MEANS in halves(question):
        # a "how" question: the page's sentences of purpose or means answer it, fact or none in them
        for s in doc.sentences:
            sentence = common.covering_source(doc, s.start, s.end)
            text = point_text(doc, sentence)
            if text is None or not MEANS_SENTENCE.search(text) or not _mentions_topic(text, topic):
                continue
            block = doc.blocks[s.block] if 0 <= s.block < len(doc.blocks) else None
            inside = tuple(f.id for f in linkable if f.kind != "prompt"
                           and sentence.start <= f.source.start and f.source.end <= sentence.end)
            if not inside and block is not None:
                inside = tuple(f.id for f in linkable if f.kind != "prompt"
                               and block.start <= f.source.start and f.source.end <= block.end)
            if not inside:
                # "The legal framework for combating Crime … includes Treaties on Mutual Legal Assistance …,
                # Memorandum of Understandings …, Joint Working Groups …": a sentence that frames the instruments
                # the page's facts are about is linked to those facts (round 15's reader missed it)
                inside = _facts_naming(text, sentence, linkable)
            if inside:
                add(sentence, text, inside, means=True)
    points = carry_changes(select_points(question, pool, generic), pool, doc=doc)
    if len(points) < MIN_GENERATED_POINTS:
        return []
    if actors(points) != top:  # the points chosen name other actors: ask about them
        top = actors(points)
        question = asked(top, points)
        points = carry_changes(select_points(question, pool, generic), pool, doc=doc)
    # "Examine the evolution of Shanghai Cooperation Organisation, with reference to SCO": an actor's own
    # abbreviation is no reference (session 26's holdout)
    refs = _central(doc, [r for r in _instruments(points, most=6)
                          if r not in top and not any(_abbreviates(r, a) or names.same(r, a) for a in top)])
    if not refs and not top:
        return []  # neither an actor nor a central instrument: no question a setter would sign
    question += (f", with reference to {_refs(refs)}" if refs else "") + ". (250 words, 15 marks)"
    iid = common.item_id("essay", "generated", [f for p in points for f in p.facts], question, "")
    # A point's id names its essay too: a rebuilt question retires the old one, which keeps its
    # points, so an id from the fact and sentence alone would be claimed by both essays.
    points = [replace(p, id="kp_" + common.item_id("kp", iid, list(p.facts), p.source.quote, "")[2:])
              for p in points]
    points.sort(key=lambda p: p.source.start)
    expl = (f"Generated Mains practice question (15 marks, 250 words); its key points are facts of "
            f"{common.squash(doc.meta.title)}. {common.cite(doc.meta, points[0].source.quote)}")
    return [Item(id=iid, type="essay", stem=question, source=points[0].source,
                 facts=tuple(dict.fromkeys(f for p in points for f in p.facts)), topic=topic, explanation=expl,
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


_REFORMS_PLURAL = re.compile(r"\b(?:reforms|measures|remedies|steps|changes|suggestions)\b", re.I)


def uncovered_halves(question: str, points: Sequence[KeyPoint]) -> tuple[str, ...]:
    """The demands of a question (`halves`: "how …", "convergence … complex and difficult"; "What are the
    implications for Indian agriculture?") no key point answers."""
    demands = halves(question)
    found = tuple(d for d in demands if not any(answers(p.text, d) for p in points))
    if REFORM in demands and REFORM not in found and _REFORMS_PLURAL.search(question) \
            and sum(answers(p.text, REFORM) for p in points) < 2:
        found += (REFORM,)  # "What reforms would you suggest?" asks for more than one (round 21b's reader)
    bearing = _bearing_terms(question)
    return found + tuple(f"implications for {t}" for t, stems in bearing.items()
                         if not any(_stems(p.text) & stems for p in points))


# "What are the implications for Indian agriculture?", "… and its impact on federalism": the question names
# what its answer must reach. Round 16's reader rejected a scheme of ocean indices whose points never said
# a word of agriculture. India and Indian qualify nearly every point of an Indian paper, so they name nothing.
_BEARING_ASK = re.compile(r"\b(?:implications?|impacts?|consequences?|effects?|bearing)\s+(?:of\s+[^?.;]*?\s+)?"
                          r"(?:for|on)\s+(?P<np>[^?.,;]+)"
                          # "Critically examine in the light of India's chairship of the SCO in 2023": the occasion
                          # the answer must reach (round 17's reader: no point said a word of the chairship)
                          r"|\bin the (?:light|context) of\s+(?P<occasion>[^?.,;]+)", re.I)
_NAMES_NOTHING = frozenset({"india", "indian", "india's", "country", "country's", "nation", "national"})


def _stems(text: str) -> set[str]:
    return {w.casefold()[:6] for w in re.findall(r"[A-Za-z][\w-]{2,}", text)}


def _bearing_terms(question: str) -> dict[str, set[str]]:
    """What each "implications for …" of a question names, as word stems a point must share."""
    out: dict[str, set[str]] = {}
    for m in _BEARING_ASK.finditer(question):
        np = m["np"] or m["occasion"]
        if m["occasion"]:
            # its head noun alone ("chairship" of "India's chairship of the SCO in 2023"): the body it is of is
            # the question's subject, which every point names
            np = re.split(r"\s+(?:of|in|for|with|at|during|on)\s+", np, maxsplit=1)[0]
        words = [w for w in re.findall(r"[A-Za-z][\w'’-]{2,}", np)
                 if w.casefold() not in STOP and w.casefold() not in _NAMES_NOTHING and not re.search(r"['’]s$", w)]
        if m["occasion"]:
            words = words[-1:]
        if words:
            out[" ".join(words)] = {w.casefold()[:6] for w in words}
    return out


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
