"""GIFT, as Moodle's "GIFT format" page and its importer define it.

Questions are blocks separated by blank lines; lines starting with ``//``
are comments; ``$CATEGORY: path`` sets the topic of what follows. The
answer block decides the type in Moodle's order: ``{}`` essay, ``{#…}``
numerical, any ``~`` multiple choice, T/F words true/false, ``->`` matching,
otherwise short answer. Text after the closing brace makes a
missing-word question (the block becomes the blank).
"""

from __future__ import annotations

import re

from quizapp.formats.common import (
    BLANK,
    Choice,
    decide_mcq,
    feedbacks,
    html_to_text,
    match_to_mcq,
    split_topic,
    tidy,
)
from quizapp.formats.model import (
    FormatError,
    ImportResult,
    Question,
    Skipped,
    Written,
    check_count,
    check_size,
    decode_text,
    media_not_written,
)

FORMAT = "gift"

# Escaped characters are swapped for private-use placeholders before any
# splitting, and swapped back (unescaped) in every piece of text at the end.
_ESCAPES = {"\\:": "\ue000", "\\#": "\ue001", "\\=": "\ue002", "\\{": "\ue003", "\\}": "\ue004", "\\~": "\ue005", "\\n": "\ue006"}
_UNESCAPE = {v: k[1] for k, v in _ESCAPES.items()} | {"\ue006": "\n"}
_UNESCAPE_TABLE = str.maketrans(_UNESCAPE)
_ESC_RE = re.compile(r"\\[:#={}~n]")
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_TF = {"T": True, "TRUE": True, "F": False, "FALSE": False}
_FORMATS = ("html", "moodle", "plain", "markdown")


def _pre(s: str) -> str:
    return _ESC_RE.sub(lambda m: _ESCAPES[m.group(0)], s)


def _post(s: str) -> str:
    return s.translate(_UNESCAPE_TABLE)


class _Block:
    def __init__(self, line: int, lines: list[str]):
        self.line = line
        self.lines = lines

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    current: list[str] = []
    start = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        if raw.lstrip().startswith("//"):
            continue
        if not raw.strip():
            if current:
                blocks.append(_Block(start, current))
                current = []
            continue
        if not current:
            start = number
        current.append(raw)
    if current:
        blocks.append(_Block(start, current))
    return blocks


def read(data: bytes, file: str = "input.gift") -> ImportResult:
    check_size(file, data)
    text = _pre(decode_text(file, data))
    result = ImportResult(FORMAT)
    topic = ""
    for block in _blocks(text):
        lines = list(block.lines)
        line = block.line
        while lines and lines[0].strip().startswith("$CATEGORY:"):
            topic = split_topic(_post(lines[0].strip()[len("$CATEGORY:"):].strip()))
            lines.pop(0)
            line += 1
        if not lines:
            continue
        item = _parse_question(file, line, "\n".join(lines), topic)
        if isinstance(item, Skipped):
            result.skipped.append(item)
        else:
            result.questions.append(item)
            check_count(file, len(result.questions), line)
    return result


def _parse_question(file: str, line: int, text: str, topic: str) -> Question | Skipped:
    name = None
    body = text.strip()
    if body.startswith("::"):
        end = body.find("::", 2)
        if end < 0:
            raise FormatError(file, line, "question name opened with '::' is not closed")
        name = tidy(_post(body[2:end])) or None
        body = body[end + 2:].lstrip()
    fmt = "moodle"
    m = re.match(r"\[(\w+)\]", body)
    if m and m.group(1).lower() in _FORMATS:
        fmt = m.group(1).lower()
        body = body[m.end():]
    open_at = body.find("{")
    if open_at < 0:
        if "}" in body:
            raise FormatError(file, _line_of(text, "}", line), "'}' without an opening '{' (escape it as \\})")
        return Skipped(line, "description", "description items (no answer block) are not questions", name)
    close_at = body.find("}", open_at)
    if close_at < 0:
        raise FormatError(file, _line_of(text, "{", line), "answer block opened with '{' is not closed")
    after = body[close_at + 1:]
    if "{" in after or "}" in after:
        raise FormatError(file, line, "more than one answer block in a question")
    before = body[:open_at]
    answers = body[open_at + 1:close_at].strip()
    general = ""
    if "####" in answers:
        answers, general = answers.split("####", 1)
        answers = answers.strip()
    has_blank = bool(after.strip())
    stem_src = f"{before.rstrip()} {BLANK} {after.lstrip()}" if has_blank else before
    stem = _text(stem_src, fmt)
    explanation = _text(general, fmt)
    common = dict(name=name, line=line, topic=topic, explanation=explanation)
    if not stem:
        raise FormatError(file, line, "question has no text")
    if answers == "":
        if has_blank:
            raise FormatError(file, line, "an empty answer block inside the text")
        return Question("essay", stem, **common)
    if answers.startswith("#"):
        return _numerical(file, line, stem, answers[1:], has_blank, fmt, common)
    if "~" in answers:
        return _multichoice(file, line, stem, answers, fmt, common)
    if "=" not in answers:
        return _truefalse(file, line, stem, answers, fmt, common)
    if "->" in answers:
        return _matching(file, line, stem, answers, fmt, common)
    return _shortanswer(file, line, stem, answers, has_blank, fmt, common)


def _line_of(text: str, needle: str, first_line: int) -> int:
    at = text.find(needle)
    return first_line + text[:at].count("\n") if at >= 0 else first_line


def _text(s: str, fmt: str) -> str:
    s = _post(s)
    if fmt in ("html", "moodle"):
        return html_to_text(s)
    return tidy(s)


def _split_answers(file: str, line: int, answers: str) -> list[tuple[str, str]]:
    """``=a#fb ~b`` into [("=", "a#fb"), ("~", "b")]."""
    parts = re.split(r"([=~])", answers)
    if parts[0].strip():
        raise FormatError(file, line, f"text before the first answer: {_post(parts[0].strip())!r} (answers start with = or ~)")
    return [(parts[i], parts[i + 1]) for i in range(1, len(parts) - 1, 2)]


def _weighted(raw: str, sign: str, fmt: str) -> Choice:
    raw = raw.strip()
    weight = 100.0 if sign == "=" else 0.0
    m = _WEIGHT.match(raw)
    if m:
        weight = float(m.group(1))
        raw = raw[m.end():]
    text, _, feedback = raw.partition("#")
    return Choice(_text(text, fmt), weight, _text(feedback, fmt))


def _multichoice(file, line, stem, answers, fmt, common) -> Question | Skipped:
    parts = _split_answers(file, line, answers)
    choices = [_weighted(raw, sign, fmt) for sign, raw in parts]
    for c in choices:
        if not -100 <= c.weight <= 100:
            raise FormatError(file, line, f"answer weight {c.weight:g}% is outside -100..100")
    decision = decide_mcq(choices)
    if decision.key is None:
        return Skipped(line, "multichoice", decision.reason, common["name"])
    return Question(
        "mcq", stem, options=tuple(c.text for c in choices), answer=decision.key,
        option_feedback=feedbacks(choices), **common,
    )


def _truefalse(file, line, stem, answers, fmt, common) -> Question:
    word, *feedback = answers.split("#", 2)
    word = word.strip()
    if word.upper() not in _TF:
        raise FormatError(file, line, f"unknown answer {_post(word)!r} (true/false takes T, F, TRUE or FALSE)")
    truth = _TF[word.upper()]
    wrong = _text(feedback[0], fmt) if feedback else ""
    right = _text(feedback[1], fmt) if len(feedback) > 1 else ""
    # Moodle: the first feedback is shown for a wrong response, the second for a right one.
    option_feedback = ((right, wrong) if truth else (wrong, right)) if (right or wrong) else ()
    return Question(
        "mcq", stem, options=("True", "False"), answer=0 if truth else 1,
        option_feedback=option_feedback, style="true_false", **common,
    )


def _matching(file, line, stem, answers, fmt, common) -> Question | Skipped:
    pairs = []
    for _sign, raw in _split_answers(file, line, answers):
        if "->" not in raw:
            raise FormatError(file, line, f"matching answer without '->': {_post(raw.strip())!r}")
        left, right = raw.split("->", 1)
        pairs.append((_text(left, fmt), _text(right.partition("#")[0], fmt)))
    extra = [r for left, r in pairs if not left]
    pairs = [p for p in pairs if p[0]]
    converted = match_to_mcq(stem, pairs, extra)
    if isinstance(converted, str):
        return Skipped(line, "matching", converted, common["name"])
    return Question("mcq", converted.stem, options=converted.options, answer=converted.answer, style="match", **common)


def _shortanswer(file, line, stem, answers, has_blank, fmt, common) -> Question | Skipped:
    parts = _split_answers(file, line, answers)
    choices = [_weighted(raw, sign, fmt) for sign, raw in parts]
    accepted = tuple(c.text for c in choices if abs(c.weight - 100) < 1e-6 and c.text)
    if not accepted:
        return Skipped(line, "shortanswer", "short answer with no fully correct answer is not supported", common["name"])
    if has_blank:
        return Question("cloze", stem, answer=accepted[0], accepted=accepted, **common)
    return Question("fact", stem, answer=accepted, **common)


_NUM = r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?"


def _numeric_range(file: str, line: int, raw: str) -> tuple[str, tuple[float, float]]:
    raw = raw.strip()
    m = re.fullmatch(rf"({_NUM})\s*\.\.\s*({_NUM})", raw)
    if m:
        low, high = float(m.group(1)), float(m.group(2))
        if low > high:
            raise FormatError(file, line, f"numerical range {raw!r} has its ends reversed")
        return f"{m.group(1)}..{m.group(2)}", (low, high)
    m = re.fullmatch(rf"({_NUM})\s*(?::\s*({_NUM}))?", raw)
    if not m:
        raise FormatError(file, line, f"numerical answer {_post(raw)!r} is not a number, N:tolerance or MIN..MAX")
    value, tol = float(m.group(1)), abs(float(m.group(2) or 0))
    return m.group(1), (value - tol, value + tol)


def _numerical(file, line, stem, answers, has_blank, fmt, common) -> Question | Skipped:
    answers = answers.strip()
    if not answers.startswith("="):
        answers = "=" + answers  # the single-answer form "{#3:2}"
    shown, ranges = [], []
    for sign, raw in _split_answers(file, line, answers):
        if sign != "=":
            raise FormatError(file, line, "numerical answers start with '='")
        choice = _weighted(raw, sign, "plain")
        if abs(choice.weight - 100) >= 1e-6:
            continue  # partial credit for a near answer: not a key
        text, rng = _numeric_range(file, line, choice.text)
        shown.append(text)
        ranges.append(rng)
    if not shown:
        return Skipped(line, "numerical", "numerical question with no fully correct answer is not supported", common["name"])
    if has_blank:
        return Question("cloze", stem, answer=shown[0], accepted=tuple(shown), numeric=tuple(ranges), **common)
    return Question("fact", stem, answer=tuple(shown), numeric=tuple(ranges), **common)


# ---------------------------------------------------------------- writer

_WRITE_ESC = str.maketrans({c: "\\" + c for c in "~=#{}:"} | {"\n": "\\n"})


def escape(text: str) -> str:
    return text.translate(_WRITE_ESC)


def write(questions: list[Question]) -> Written:
    out: list[str] = []
    skipped: list[Skipped] = []
    topic = None
    for q in questions:
        body = _write_one(q)
        if body is None:
            skipped.append(Skipped(q.line, q.kind, f"{q.kind} items cannot be written as GIFT", q.name))
            continue
        if q.topic != topic:
            topic = q.topic
            out.append(f"$CATEGORY: {topic}\n" if topic else "$CATEGORY: top\n")
        title = f"::{escape(q.name)}:: " if q.name else ""
        out.append(f"{title}[plain]{body}\n")
    return Written("\n".join(out).encode("utf-8"), skipped, media_not_written(questions, "GIFT"))


def _feedback(fb: str) -> str:
    return f" #{escape(fb)}" if fb else ""


def _general(q: Question) -> str:
    return f"\n  ####{escape(q.explanation)}" if q.explanation else ""


def _num(x: float) -> str:
    text = repr(x)
    return text[:-2] if text.endswith(".0") else text


def _numeric_answer(shown: str, rng: tuple[float, float]) -> str:
    """``=1822`` / ``=1822:5`` when the shown value is the centre, else ``=MIN..MAX``."""
    lo, hi = rng
    try:
        value = float(shown)
    except ValueError:
        value = None
    if value is not None and abs((value - lo) - (hi - value)) < 1e-9:
        tol = (hi - lo) / 2
        return f"={shown}" + (f":{_num(tol)}" if tol else "")
    return f"={_num(lo)}..{_num(hi)}"


def _write_one(q: Question) -> str | None:
    stem = escape(q.stem)
    if q.kind == "mcq" and isinstance(q.answer, int):
        fb = q.option_feedback or ("",) * len(q.options)
        if q.style == "true_false" and q.options == ("True", "False"):
            truth = q.answer == 0
            wrong, right = (fb[1], fb[0]) if truth else (fb[0], fb[1])
            tail = f"#{escape(wrong)}#{escape(right)}" if (wrong or right) else ""
            return f"{stem} {{{'TRUE' if truth else 'FALSE'}{tail}{_general(q)}}}"
        lines = [
            f"  {'=' if i == q.answer else '~'}{escape(opt)}{_feedback(fb[i] if i < len(fb) else '')}"
            for i, opt in enumerate(q.options)
        ]
        return f"{stem} {{\n" + "\n".join(lines) + _general(q) + "\n}"
    if q.kind == "fact":
        accepted = q.answer if isinstance(q.answer, tuple) else (str(q.answer),)
        if q.numeric:
            nums = " ".join(_numeric_answer(accepted[i] if i < len(accepted) else "", rng) for i, rng in enumerate(q.numeric))
            return f"{stem} {{#{nums}{_general(q)}}}"
        return f"{stem} {{" + " ".join(f"={escape(a)}" for a in accepted) + _general(q) + "}"
    if q.kind == "cloze" and BLANK in q.stem:
        before, after = q.stem.split(BLANK, 1)
        accepted = q.accepted or (str(q.answer),)
        answers = " ".join(f"={escape(a)}" for a in accepted)
        return f"{escape(before).rstrip()} {{{answers}{_general(q)}}} {escape(after).lstrip()}".rstrip()
    if q.kind == "essay":
        return f"{stem} {{{_general(q)}}}" if q.explanation else f"{stem} {{}}"
    return None
