"""The neutral in-memory form every importer yields and every writer takes.

Importers never touch the database: they return an `ImportResult` (or raise
`FormatError`, yielding nothing), so the caller can write everything in one
transaction or nothing at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

Kind = Literal["mcq", "fact", "cloze", "essay"]

MAX_BYTES = 50 * 1024 * 1024  # per file (the limit)
MAX_QUESTIONS = 20_000  # per file
MIN_OPTIONS, MAX_OPTIONS = 2, 6  # an mcq quizapp can serve


@dataclass(frozen=True)
class Media:
    """A file a question refers to (image, sound), kept with its bytes."""

    name: str
    mime: str
    data: bytes


@dataclass(frozen=True)
class Question:
    """One item as another tool wrote it, mapped to quizapp's types.

    mcq: ``answer`` is the 0-based index of the key in ``options``.
    fact: ``answer`` is the tuple of accepted answers (first one is shown);
    ``numeric`` holds the accepted (low, high) ranges of a numerical question.
    cloze: ``stem`` has exactly one ``_____``; ``answer`` is the blanked text,
    ``accepted`` every accepted text (answer first).
    essay: ``answer`` is None.
    """

    kind: Kind
    stem: str
    options: tuple[str, ...] = ()
    answer: int | str | tuple[str, ...] | None = None
    explanation: str = ""
    option_feedback: tuple[str, ...] = ()
    topic: str = ""
    tags: tuple[str, ...] = ()
    name: str | None = None
    line: int = 0
    entry: str | None = None  # where inside an archive (apkg: "note 1234")
    bank: str | None = None
    media: tuple[Media, ...] = ()
    style: str = "single"  # mcq: single | true_false | match
    accepted: tuple[str, ...] = ()
    numeric: tuple[tuple[float, float], ...] = ()
    hint: str = ""
    guid: str | None = None  # Anki note guid / CSV guid column
    ref: str | None = None  # apkg: "<note id>/<card ord>", matches Review.ref
    source_quote: str = ""
    source: str = ""


@dataclass(frozen=True)
class Skipped:
    """A question quizapp cannot represent: reported, never silently dropped."""

    line: int
    kind: str
    reason: str
    name: str | None = None
    entry: str | None = None

    def format(self, file: str) -> str:
        where = f"{file}: {self.entry}" if self.entry else f"{file}:{self.line}"
        return f"{where}: skipped: {self.reason}"


@dataclass(frozen=True)
class Notice:
    """Something the user should know that does not stop the import."""

    line: int
    message: str
    entry: str | None = None

    def format(self, file: str) -> str:
        where = f"{file}: {self.entry}" if self.entry else f"{file}:{self.line}"
        return f"{where}: note: {self.message}"


@dataclass(frozen=True)
class Review:
    """One Anki revlog row, for replaying through fsrs.

    ``ease`` is Anki's button as stored; ``type`` is 0 learn, 1 review,
    2 relearn, 3 filtered, 4 manual. ``rating`` is what fsrs needs: the same
    as ease, except that Anki's v1 scheduler had three buttons on learning
    cards (2 meant Good, 3 Easy), and a manual reschedule (ease 0) is no review.
    """

    card_id: int
    ref: str  # "<note id>/<card ord>", as Question.ref
    reviewed_at_ms: int
    ease: int
    type: int
    time_ms: int
    interval: int
    last_interval: int
    factor: int
    rating: int | None  # FSRS rating 1-4 (Again, Hard, Good, Easy); None for a manual reschedule

    @property
    def review_time(self) -> datetime:
        """When, in UTC; with ``rating`` this is what quizapp.srs.scheduler.reschedule replays."""
        return datetime.fromtimestamp(self.reviewed_at_ms / 1000, tz=UTC)


@dataclass
class ImportResult:
    format: str
    questions: list[Question] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    history: list[Review] = field(default_factory=list)

    def report_lines(self, file: str) -> list[str]:
        return [s.format(file) for s in self.skipped] + [n.format(file) for n in self.notices]


@dataclass
class Written:
    """A writer's output plus what it could not write (one line each)."""

    data: bytes
    skipped: list[Skipped] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)


def media_not_written(questions, fmt: str) -> list[Notice]:
    """Formats that hold no files say so per file instead of dropping it quietly."""
    return [
        Notice(q.line, f"{m.name} of {q.name or repr(q.stem[:40])} is not written ({fmt} cannot hold files)", q.entry)
        for q in questions for m in q.media
    ]


class FormatError(Exception):
    """A malformed file: the whole import is refused with where and why."""

    def __init__(self, file: str, line: int | None, message: str, entry: str | None = None):
        self.file, self.line, self.message, self.entry = file, line, message, entry
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.entry:
            return f"{self.file}: {self.entry}: {self.message}"
        if self.line:
            return f"{self.file}:{self.line}: {self.message}"
        return f"{self.file}: {self.message}"


def check_size(file: str, data: bytes) -> None:
    if len(data) > MAX_BYTES:
        raise FormatError(file, None, f"file is {len(data) / 1048576:.1f} MB; the limit is 50 MB")


def check_count(file: str, count: int, line: int | None = None, entry: str | None = None) -> None:
    if count > MAX_QUESTIONS:
        raise FormatError(file, line, f"more than {MAX_QUESTIONS:,} questions in one file", entry)


def decode_text(file: str, data: bytes) -> str:
    """UTF-8 (with or without BOM); a bad byte is reported with its line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FormatError(file, line, "not UTF-8 text") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")
