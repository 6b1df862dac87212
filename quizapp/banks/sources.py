"""Read one source document (text + metadata) and refuse anything unusable.

Every refusal is a :class:`SourceError` carrying ``path:line`` so an editor can
jump straight to the problem; the pipeline never lets a traceback reach the
person adding a document. Offsets everywhere downstream are into
``Document.text``: for ``.txt``/``.md`` that is the file decoded as UTF-8,
byte for byte; for ``.html``/``.htm`` it is the text trafilatura extracts
(see :func:`is_extracted`), because HTML markup offsets are useless as quotes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import yaml

from quizapp.banks.types import Document, DocumentMeta

MAX_BYTES = 2 * 1024 * 1024
TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
META_SUFFIX = ".meta.yaml"
META_KEYS = {"title", "publisher", "published", "as_of", "note", "extracted"}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class SourceError(Exception):
    """A source (or its meta file) the pipeline refuses, located as ``path:line``."""

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        self.path = Path(path)
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def iter_sources(directory: Path) -> list[Path]:
    """Source files in a stable order, so bank output never depends on the file system."""
    suffixes = TEXT_SUFFIXES + HTML_SUFFIXES
    return sorted(p for p in Path(directory).iterdir() if p.is_file() and p.suffix.lower() in suffixes)


def meta_path(path: Path) -> Path:
    return path.with_name(path.stem + META_SUFFIX)


def is_extracted(meta: DocumentMeta) -> bool:
    """True when offsets are into trafilatura's text rather than the file's bytes."""
    return Path(meta.file).suffix.lower() in HTML_SUFFIXES


def load_source(path: Path) -> Document:
    """Document with text and metadata only; segmentation fills blocks and sentences."""
    path = Path(path)
    raw = _read_bytes(path)
    text = _decode(path, raw)
    if path.suffix.lower() in HTML_SUFFIXES:
        text = _extract_html(path, text)
    meta = read_meta(meta_path(path))
    title = meta.get("title") or guess_title(text) or path.stem
    published = meta.get("published")
    as_of = meta.get("as_of")
    if published is None and as_of is None and "published" not in meta and "as_of" not in meta:
        # Only a document without a meta file (or without dates in it) may date
        # itself; an explicit null in the meta file means "unknown" on purpose.
        published = find_self_date(text)
        as_of = published
    return Document(
        meta=DocumentMeta(
            id=path.stem,
            file=path.name,
            title=title,
            publisher=meta.get("publisher"),
            published=published,
            as_of=as_of if as_of is not None else published,
            sha256=hashlib.sha256(raw).hexdigest(),
        ),
        text=text,
    )


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SourceError(path, 0, f"cannot read file: {exc.strerror or exc}") from None
    if size > MAX_BYTES:
        raise SourceError(
            path, 0, f"file is {size:,} bytes; the limit is {MAX_BYTES:,} bytes (2 MB): split or trim it"
        )
    raw = path.read_bytes()
    if not raw.strip():
        raise SourceError(path, 1, "file is empty")
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise SourceError(path, line, "file looks binary (contains NUL bytes); sources must be UTF-8 text")
    return raw


def _decode(path: Path, raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(
            path, line, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); save the file as UTF-8"
        ) from None
    if text.startswith("\ufeff"):
        # A BOM is invisible in editors; refusing is clearer than shifting every offset by one.
        raise SourceError(path, 1, "file starts with a UTF-8 byte-order mark; save it without BOM")
    return text


def _extract_html(path: Path, html: str) -> str:
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=True)
    if not text or not text.strip():
        raise SourceError(path, 1, "no readable text could be extracted from the HTML")
    return text


def read_meta(path: Path) -> dict:
    """Validated metadata, or ``{}`` when there is no meta file.

    Parsed via the YAML node graph (not ``safe_load``) so every error can name
    the line it is on, and so a bad date is our message rather than a
    ``ValueError`` from PyYAML's timestamp constructor.
    """
    if not path.exists():
        return {}
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except UnicodeDecodeError:
        raise SourceError(path, 1, "meta file is not valid UTF-8") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise SourceError(path, line, f"invalid YAML: {getattr(exc, 'problem', None) or exc}") from None
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode):
        raise SourceError(path, node.start_mark.line + 1, "meta file must be a mapping of key: value")
    out: dict = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        key = key_node.value
        if key not in META_KEYS:
            raise SourceError(path, line, f"unknown key {key!r} (allowed: {', '.join(sorted(META_KEYS))})")
        if not isinstance(value_node, yaml.ScalarNode):
            raise SourceError(path, line, f"{key} must be a single value")
        value = value_node.value
        is_null = value_node.tag == "tag:yaml.org,2002:null" or (value_node.style is None and value in ("", "~", "null", "Null", "NULL"))
        if key in ("published", "as_of"):
            out[key] = None if is_null else _parse_date(path, line, key, value)
        elif key == "extracted":
            out[key] = value.lower() in ("true", "yes")
        else:
            out[key] = None if is_null else str(value).strip()
    if "title" in out and not out["title"]:
        raise SourceError(path, 1, "title must not be empty")
    return out


def _parse_date(path: Path, line: int, key: str, value: str) -> dt.date:
    if not _ISO_DATE.match(value.strip()):
        raise SourceError(path, line, f"{key} must be an ISO date YYYY-MM-DD or null, got {value!r}")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise SourceError(path, line, f"{key} is not a real date: {value!r}") from None


# ---- self-dating and titles for documents without a meta file ------------

_MONTHS = {
    m.lower(): i
    for i, names in enumerate(
        [
            ("January", "Jan"), ("February", "Feb"), ("March", "Mar"), ("April", "Apr"),
            ("May",), ("June", "Jun"), ("July", "Jul"), ("August", "Aug"),
            ("September", "Sep", "Sept"), ("October", "Oct"), ("November", "Nov"), ("December", "Dec"),
        ],
        start=1,
    )
    for m in names
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_SELF_DATE = re.compile(
    rf"^\s*(?:[•*-]\s*)?(?:Published|Posted|Dated|Date|Last updated|Updated|Released)\s*(?:on)?\s*:?\s*\n?\s*"
    rf"(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH_RE})\.?,?\s*(?P<y1>\d{{4}})"
    rf"|(?P<m2>{_MONTH_RE})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s*(?P<y2>\d{{4}})"
    rf"|(?P<iso>\d{{4}}-\d{{2}}-\d{{2}}))",
    re.IGNORECASE | re.MULTILINE,
)


def find_self_date(text: str) -> dt.date | None:
    """The date a page gives itself ("Published Oct 23, 2018"), first one wins.

    Publication dates come before "Updated" lines on real pages, and facts are
    as of publication, so the first labelled date is the right anchor.
    """
    for m in _SELF_DATE.finditer(text):
        try:
            if m["iso"]:
                return dt.date.fromisoformat(m["iso"])
            if m["m1"]:
                return dt.date(int(m["y1"]), _MONTHS[m["m1"].lower()], int(m["d1"]))
            return dt.date(int(m["y2"]), _MONTHS[m["m2"].lower()], int(m["d2"]))
        except ValueError:
            continue
    return None


def guess_title(text: str) -> str | None:
    """First substantial line that is not boilerplate or a photo caption."""
    from quizapp.banks.clean import is_caption, is_line_boilerplate

    lines = [ln.strip(" \t\u00a0|") for ln in text.splitlines()]
    for i, line in enumerate(lines):
        # Menu items and toggles are one or two words; headlines are longer.
        if len(line.split()) < 3 or is_line_boilerplate(line) or is_caption(line):
            continue
        # "Headline | Site name": the part before the separator is the title.
        head = re.split(r"\s+[|–—]\s+", line)[0].strip()
        return head
    return None
