"""Moodle XML, as Moodle's "Moodle XML format" page defines it.

Parsed with defusedxml: entity declarations (internal or external) and
DTDs are refused, so no file can read local files or blow up memory.
Every element keeps the line expat saw it on, for ``file:line`` messages.
"""

from __future__ import annotations

import base64
import binascii
import html
import re
import xml.etree.ElementTree as ET
from xml.parsers.expat import ExpatError

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser

from quizapp.formats.common import (
    BLANK,
    Choice,
    decide_mcq,
    feedbacks,
    guess_mime,
    html_to_text,
    image_refs,
    match_to_mcq,
    safe_media_name,
    split_topic,
    tidy,
)
from quizapp.formats.model import (
    FormatError,
    ImportResult,
    Media,
    Notice,
    Question,
    Skipped,
    Written,
    check_count,
    check_size,
)

FORMAT = "moodle-xml"

_UNSUPPORTED = {
    "calculated", "calculatedsimple", "calculatedmulti", "ddwtos", "gapselect", "ddimageortext",
    "ddmarker", "randomsamatch", "random", "ordering",
}


class _Doc:
    """A parsed file: the tree plus each element's line."""

    def __init__(self, root: ET.Element, lines: dict[ET.Element, int]):
        self.root = root
        self.lines = lines

    def line(self, el: ET.Element) -> int:
        return self.lines.get(el, 0)


def _parse(file: str, data: bytes) -> _Doc:
    """Two passes: defusedxml's expat parser refuses DTDs and entities and
    notes each element's line (a cheap callback, no tree); then the C
    ElementTree parser builds the tree from input now known to hold neither.
    Elements come in document order both times, so lines pair up by position."""
    starts: list[int] = []
    doctype: list[int] = []
    parser = DefusedXMLParser(target=ET.TreeBuilder(), forbid_dtd=False, forbid_entities=True, forbid_external=True)
    expat = parser.parser
    expat.StartElementHandler = lambda tag, attrs: starts.append(expat.CurrentLineNumber)
    expat.EndElementHandler = None
    expat.CharacterDataHandler = None
    expat.DefaultHandlerExpand = None  # else raw text (and "&amp;") is sent to a Python handler
    expat.CommentHandler = expat.ProcessingInstructionHandler = None
    expat.StartDoctypeDeclHandler = lambda *args: doctype.append(expat.CurrentLineNumber)
    try:
        expat.Parse(data, True)
    except ExternalReferenceForbidden as exc:
        raise FormatError(file, expat.CurrentLineNumber, f"external entity refused ({exc.sysid})") from None
    except EntitiesForbidden as exc:
        kind = "external entity" if exc.sysid else "entity declaration"
        where = f" ({exc.sysid})" if exc.sysid else ""
        raise FormatError(file, expat.CurrentLineNumber, f"{kind} {exc.name!r} refused{where}: XML entities are not accepted") from None
    except DTDForbidden:
        raise FormatError(file, expat.CurrentLineNumber, "DTD refused: Moodle XML needs no <!DOCTYPE>") from None
    except LookupError as exc:
        raise FormatError(file, 1, f"{exc} (Moodle XML is UTF-8)") from None
    except ExpatError as exc:
        raise FormatError(file, exc.lineno, f"not well-formed XML ({str(exc).split(':')[0]})") from None
    if doctype:
        raise FormatError(file, doctype[0], "DTD refused: Moodle XML needs no <!DOCTYPE>")
    root = ET.fromstring(data)  # safe now: no DTD, so no entity can be declared
    lines = dict(zip(root.iter(), starts, strict=False))
    if root.tag != "quiz":
        raise FormatError(file, lines.get(root, 1), f"root element is <{root.tag}>, expected <quiz>")
    return _Doc(root, lines)


def _sub_text(el: ET.Element, tag: str) -> str:
    """``<tag><text>…</text></tag>``; plain lookups, since a path ("a/b") goes through slow ElementPath."""
    child = el.find(tag)
    return (child.findtext("text") or "") if child is not None else ""


def _tags(q: ET.Element) -> tuple[str, ...]:
    tags = q.find("tags")
    if tags is None:
        return ()
    return tuple(t for t in (tidy(tag.findtext("text") or "") for tag in tags.iter("tag")) if t)


class _Reader:
    def __init__(self, file: str, doc: _Doc):
        self.file, self.doc = file, doc
        self.result = ImportResult(FORMAT)
        self.topic = ""

    # --- text and files

    def text(self, el: ET.Element | None, media: list[Media] | None = None) -> str:
        """The sanitised text of a <questiontext>-like element, collecting its files."""
        if el is None:
            return ""
        raw = el.findtext("text") or ""
        if media is not None:
            self.files(el, raw, media)
        if el.get("format", "html") in ("plain_text", "markdown"):
            return tidy(raw)
        return html_to_text(raw)

    def files(self, el: ET.Element, raw: str, media: list[Media]) -> None:
        embedded = set()
        for f in el.findall("file"):
            name = f.get("name") or ""
            if f.get("encoding", "base64") != "base64":
                raise FormatError(self.file, self.doc.line(f), f"file {name!r} has encoding {f.get('encoding')!r}; only base64 is read")
            try:
                data = base64.b64decode(re.sub(r"\s+", "", f.text or ""), validate=True)
            except binascii.Error:
                raise FormatError(self.file, self.doc.line(f), f"file {name!r} is not valid base64") from None
            if not safe_media_name(name):
                raise FormatError(self.file, self.doc.line(f), f"embedded file name {name!r} is not a plain file name")
            media.append(Media(name, guess_mime(name), data))
            embedded.add(name)
        for ref in image_refs(raw) if "<img" in raw or "<IMG" in raw else ():
            if ref not in embedded and not re.match(r"[a-z]+:", ref):
                self.result.notices.append(Notice(self.doc.line(el), f"image {ref!r} is referenced but not embedded in the file"))

    # --- questions

    def run(self) -> ImportResult:
        for q in self.doc.root:
            if q.tag != "question":
                continue
            qtype = q.get("type") or ""
            line = self.doc.line(q)
            if qtype == "category":
                self.topic = split_topic(_sub_text(q, "category"))
                continue
            item = self.question(q, qtype, line)
            for one in item if isinstance(item, list) else [item]:
                if isinstance(one, Skipped):
                    self.result.skipped.append(one)
                else:
                    self.result.questions.append(one)
                    check_count(self.file, len(self.result.questions), line)
        return self.result

    def question(self, q: ET.Element, qtype: str, line: int):
        name = tidy(_sub_text(q, "name")) or None
        if qtype in _UNSUPPORTED:
            return Skipped(line, qtype, f"{qtype} questions are not supported", name)
        if qtype == "description":
            return Skipped(line, qtype, "description items are not questions", name)
        media: list[Media] = []
        qt = q.find("questiontext")
        if qtype == "multianswer":
            return self.cloze(q, qt, line, name)
        stem = self.text(qt, media)
        if not stem:
            raise FormatError(self.file, line, f"{qtype or 'question'} has no question text")
        common = dict(
            name=name, line=line, topic=self.topic, explanation=self.text(q.find("generalfeedback"), media),
            tags=_tags(q),
            guid=tidy(q.findtext("idnumber") or "") or None,
        )
        if qtype in ("multichoice", "truefalse"):
            choices = self.choices(q, media)
            decision = decide_mcq(choices)
            if decision.key is None:
                return Skipped(line, qtype, decision.reason, name)
            options = tuple(c.text for c in choices)
            style = "single"
            if qtype == "truefalse":
                by_word = {o.lower(): i for i, o in enumerate(options)}
                if set(by_word) != {"true", "false"}:
                    raise FormatError(self.file, line, "truefalse answers must be 'true' and 'false'")
                order = [by_word["true"], by_word["false"]]
                choices = [choices[i] for i in order]
                options, style = ("True", "False"), "true_false"
                decision = decide_mcq(choices)
            return Question(
                "mcq", stem, options=options, answer=decision.key, style=style,
                option_feedback=feedbacks(choices), media=tuple(media), **common,
            )
        if qtype == "shortanswer":
            accepted = tuple(c.text for c in self.choices(q, media) if abs(c.weight - 100) < 1e-6 and c.text and c.text != "*")
            if not accepted:
                return Skipped(line, qtype, "short answer with no fully correct answer is not supported", name)
            return Question("fact", stem, answer=accepted, media=tuple(media), **common)
        if qtype == "numerical":
            shown, ranges = [], []
            for a in q.findall("answer"):
                if abs(self.fraction(a) - 100) >= 1e-6:
                    continue
                value = tidy(a.findtext("text") or "")
                try:
                    number = float(value)
                    tol = abs(float(a.findtext("tolerance") or 0))
                except ValueError:
                    return Skipped(line, qtype, f"numerical answer {value!r} is not a number", name)
                shown.append(value)
                ranges.append((number - tol, number + tol))
            if not shown:
                return Skipped(line, qtype, "numerical question with no fully correct answer is not supported", name)
            return Question("fact", stem, answer=tuple(shown), numeric=tuple(ranges), media=tuple(media), **common)
        if qtype == "essay":
            if not common["explanation"]:
                common["explanation"] = self.text(q.find("graderinfo"), media)
            return Question("essay", stem, media=tuple(media), **common)
        if qtype == "matching":
            pairs, extra = [], []
            for sub in q.findall("subquestion"):
                left = self.text(sub, media)
                right = tidy(_sub_text(sub, "answer"))
                (pairs.append((left, right)) if left else extra.append(right))
            converted = match_to_mcq(stem, pairs, extra)
            if isinstance(converted, str):
                return Skipped(line, qtype, converted, name)
            return Question("mcq", converted.stem, options=converted.options, answer=converted.answer,
                            style="match", media=tuple(media), **common)
        return Skipped(line, qtype or "unknown", f"{qtype or 'untyped'} questions are not supported", name)

    def fraction(self, a: ET.Element) -> float:
        raw = a.get("fraction", "0")
        try:
            value = float(raw)
        except ValueError:
            raise FormatError(self.file, self.doc.line(a), f"fraction {raw!r} is not a number") from None
        if not -100 <= value <= 100:
            raise FormatError(self.file, self.doc.line(a), f"fraction {raw} is outside -100..100")
        return value

    def choices(self, q: ET.Element, media: list[Media]) -> list[Choice]:
        return [Choice(self.text(a, media), self.fraction(a), self.text(a.find("feedback"), media)) for a in q.findall("answer")]

    def cloze(self, q: ET.Element, qt: ET.Element | None, line: int, name: str | None):
        """Embedded answers: one cloze item per gap, the other gaps shown filled in."""
        raw = (qt.findtext("text") if qt is not None else "") or ""
        media: list[Media] = []
        if qt is not None:
            self.files(qt, raw, media)
        gaps: list[tuple[str, tuple[str, ...]]] = []

        def swap(m: re.Match) -> str:
            gaps.append(_gap(m.group(2), m.group(3)))
            return f"\ue100{len(gaps) - 1}\ue101"

        marked = _GAP.sub(swap, raw)
        if not gaps:
            raise FormatError(self.file, line, "cloze question without embedded answers")
        for i, (problem, _) in enumerate(gaps):
            if problem:
                return Skipped(line, "multianswer", f"cloze gap {i + 1}: {problem}", name)
        text = marked if (qt is not None and qt.get("format") in ("plain_text", "markdown")) else html_to_text(marked)
        explanation = self.text(q.find("generalfeedback"))
        tags = _tags(q)
        items = []
        for i, (_, accepted) in enumerate(gaps):
            stem = text
            for j, (_, acc) in enumerate(gaps):
                stem = stem.replace(f"\ue100{j}\ue101", BLANK if i == j else acc[0])
            items.append(Question(
                "cloze", tidy(stem), answer=accepted[0], accepted=accepted, explanation=explanation, tags=tags,
                topic=self.topic, name=f"{name} (gap {i + 1})" if name else None, line=line, media=tuple(media),
                guid=tidy(q.findtext("idnumber") or "") or None,
            ))
        return items


_GAP = re.compile(r"\{(\d*):([A-Za-z_]+):((?:\\.|[^\\}])*)\}")
_SHORT = {"SHORTANSWER", "SA", "MW", "SHORTANSWER_C", "SAC", "MWC"}
_NUMERIC = {"NUMERICAL", "NM"}
_CHOICE = {"MULTICHOICE", "MC", "MULTICHOICE_V", "MCV", "MULTICHOICE_H", "MCH", "MULTICHOICE_S", "MCS",
           "MULTICHOICE_VS", "MCVS", "MULTICHOICE_HS", "MCHS"}


def _gap(kind: str, body: str) -> tuple[str, tuple[str, ...]]:
    """(problem, accepted answers) of one embedded answer."""
    kind = kind.upper()
    if kind not in _SHORT | _NUMERIC | _CHOICE:
        return (f"{kind} answers are not supported", ())
    choices = []
    for part in re.split(r"(?<!\\)~", body):
        part = part.strip()
        weight = 0.0
        if part.startswith("="):
            weight, part = 100.0, part[1:]
        else:
            m = re.match(r"%(-?\d+(?:\.\d+)?)%", part)
            if m:
                weight, part = float(m.group(1)), part[m.end():]
        answer = re.split(r"(?<!\\)#", part, maxsplit=1)[0]
        if kind in _NUMERIC:
            answer = answer.split(":")[0]
        answer = html_to_text(re.sub(r"\\(.)", r"\1", answer))
        choices.append(Choice(answer, weight))
    if kind in _CHOICE:
        decision = decide_mcq(choices)
        if decision.key is None:
            return (decision.reason, ())
        return ("", (choices[decision.key].text,))
    accepted = tuple(c.text for c in choices if abs(c.weight - 100) < 1e-6 and c.text and c.text != "*")
    if not accepted:
        return ("no fully correct answer", ())
    return ("", accepted)


def read(data: bytes, file: str = "input.xml") -> ImportResult:
    check_size(file, data)
    return _Reader(file, _parse(file, data)).run()


# ---------------------------------------------------------------- writer


def _html(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _texted(parent: ET.Element, tag: str, text: str, fmt: str = "html") -> ET.Element:
    el = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(el, "text").text = _html(text) if fmt == "html" else text
    return el


def _cloze_escape(text: str) -> str:
    return re.sub(r"([}#~/\\\"])", r"\\\1", text)


def write(questions: list[Question]) -> Written:
    quiz = ET.Element("quiz")
    skipped: list[Skipped] = []
    topic = None
    for q in questions:
        if q.topic != topic:
            topic = q.topic
            cat = ET.SubElement(quiz, "question", {"type": "category"})
            ET.SubElement(ET.SubElement(cat, "category"), "text").text = "$course$/top" + (f"/{topic}" if topic else "")
        qtype = _qtype(q)
        if qtype is None:
            skipped.append(Skipped(q.line, q.kind, f"{q.kind} items cannot be written as Moodle XML", q.name))
            continue
        el = ET.SubElement(quiz, "question", {"type": qtype})
        ET.SubElement(ET.SubElement(el, "name"), "text").text = q.name or " ".join(q.stem.split())[:60]
        if qtype == "multianswer":
            before, after = q.stem.split(BLANK, 1)
            accepted = q.accepted or (str(q.answer),)
            gap = "{1:SHORTANSWER:" + "~".join(f"={_cloze_escape(a)}" for a in accepted) + "}"
            qt = ET.SubElement(el, "questiontext", {"format": "html"})
            ET.SubElement(qt, "text").text = _html(before) + gap + _html(after)
        else:
            qt = _texted(el, "questiontext", q.stem)
        for m in q.media:
            f = ET.SubElement(qt, "file", {"name": m.name, "path": "/", "encoding": "base64"})
            f.text = base64.b64encode(m.data).decode("ascii")
        _texted(el, "generalfeedback", q.explanation)
        if q.guid:
            ET.SubElement(el, "idnumber").text = q.guid
        if qtype == "multichoice":
            ET.SubElement(el, "single").text = "true"
            ET.SubElement(el, "shuffleanswers").text = "false"
            ET.SubElement(el, "answernumbering").text = "abc"
        fb = q.option_feedback or ("",) * len(q.options)
        if qtype in ("multichoice", "truefalse"):
            words = ("true", "false") if qtype == "truefalse" else q.options
            for i, opt in enumerate(words):
                a = _texted(el, "answer", opt, "moodle_auto_format" if qtype == "truefalse" else "html")
                if qtype == "truefalse":
                    a.find("text").text = opt
                a.set("fraction", "100" if i == q.answer else "0")
                _texted(a, "feedback", fb[i] if i < len(fb) else "")
        elif qtype == "shortanswer":
            ET.SubElement(el, "usecase").text = "0"
            for ans in q.answer:
                a = _texted(el, "answer", ans, "moodle_auto_format")
                a.find("text").text = ans
                a.set("fraction", "100")
        elif qtype == "numerical":
            shown = q.answer if isinstance(q.answer, tuple) else ()
            for i, (lo, hi) in enumerate(q.numeric):
                a = ET.SubElement(el, "answer", {"fraction": "100"})
                centre = (lo + hi) / 2
                text = shown[i] if i < len(shown) and _is_number(shown[i], centre) else repr(centre)
                ET.SubElement(a, "text").text = text
                ET.SubElement(a, "tolerance").text = repr((hi - lo) / 2)
        if q.tags:
            tags = ET.SubElement(el, "tags")
            for t in q.tags:
                ET.SubElement(ET.SubElement(tags, "tag"), "text").text = t
    ET.indent(quiz)
    data = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="utf-8") + b"\n"
    return Written(data, skipped)


def _is_number(text: str, value: float) -> bool:
    try:
        return float(text) == value
    except ValueError:
        return False


def _qtype(q: Question) -> str | None:
    if q.kind == "mcq" and isinstance(q.answer, int):
        return "truefalse" if q.style == "true_false" and q.options == ("True", "False") else "multichoice"
    if q.kind == "fact":
        return "numerical" if q.numeric else "shortanswer"
    if q.kind == "cloze" and BLANK in q.stem:
        return "multianswer"
    if q.kind == "essay":
        return "essay"
    return None
