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
from dataclasses import dataclass
from pathlib import Path

import yaml

from quizapp.banks.publisher import BREADCRUMB, guess_publisher, title_case
from quizapp.banks.reflow import reflow
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
    page = None
    if path.suffix.lower() in HTML_SUFFIXES:
        page = _extract_html(path, text)
        text = page.text
    else:
        text = reflow(text)  # a hard-wrapped page's paragraphs on one line each, before its head is read
    meta = read_meta(meta_path(path))
    title = meta.get("title") or guess_title(text) or path.stem
    published = meta.get("published")
    if published is None and page is not None:
        published = page.date  # the markup's date (htmldate, through trafilatura): the byline is not in the text
    as_of = meta.get("as_of")
    if published is None or as_of is None:
        # The meta file wins where it gives a date; where it does not, the
        # text's own date (dateline, "Posted On", a date line) fills the gap,
        # so a document that dates itself always has an as_of.
        known = published or as_of
        hint = known.year if known else None
        found = find_document_date(text, hint)
        if found is not None:
            published = published or found.date
            as_of = as_of or published
        # an undated report still dates its facts: "(Covering the period 1 April 2021 to 31 March 2022)"
        as_of = as_of or find_period_end(text)
    return Document(
        meta=DocumentMeta(
            id=path.stem,
            file=path.name,
            title=title,
            # a meta file's "publisher: null" says the page names none; with no such line, the page is read
            publisher=meta["publisher"] if "publisher" in meta else (
                guess_publisher(text) or (page.sitename if page is not None else None)),
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


@dataclass(frozen=True)
class HtmlPage:
    """A saved page's article text, with what its markup says of it: the headline, site and date live in the
    page's head and header, which trafilatura leaves out of the body it extracts."""

    text: str
    title: str | None
    sitename: str | None
    date: dt.date | None


# "<title>India in Global Indices 2024 | Rank Table for Prelims | SankalpIAS</title>": the last part is the site
_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_TITLE_PARTS = re.compile(r"\s+[|–—-]\s+")


def read_html(html: str) -> HtmlPage:
    """The article text (headline put back at its head) and its markup's title, site name and date."""
    import html as htmllib

    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=True) or ""
    meta = trafilatura.extract_metadata(html)
    title = (meta.title or "").strip() if meta else ""
    head = text.lstrip().split("\n", 3)[:3]
    if text.strip() and title and not any(title in line for line in head):
        # trafilatura often leaves the headline out of the body; the title guess reads the first line,
        # so the headline goes back where a reader sees it (round 24's saved page took its lead for a title)
        text = f"{title}\n\n{text}"
    sitename = (meta.sitename or "").strip() if meta else ""
    tag = _TITLE_TAG.search(html)
    if not sitename and tag is not None:
        parts = _TITLE_PARTS.split(" ".join(htmllib.unescape(tag.group(1)).split()))
        if len(parts) >= 2 and title and parts[0] == title and len(parts[-1].split()) <= 4:
            sitename = parts[-1]
    date = None
    if meta and meta.date:
        try:
            date = dt.date.fromisoformat(meta.date[:10])
        except ValueError:
            date = None
    return HtmlPage(text=text, title=title or None, sitename=sitename or None, date=date)


def _extract_html(path: Path, html: str) -> HtmlPage:
    page = read_html(html)
    if not page.text.strip():
        raise SourceError(path, 1, "no readable text could be extracted from the HTML")
    return page


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


# ---- self-dating and titles -------------------------------------------------

# Publication labels beat an "Updated" line: facts are as of publication.
_LABEL_RANK = {"posted": 0, "published": 0, "released": 0, "issued": 0, "dated": 0, "date": 0, "first": 0, "to": 0,
               "answered": 0}
_DATEPARSER_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PREFER_DAY_OF_MONTH": "first",
    "DATE_ORDER": "DMY",
    "RETURN_AS_TIMEZONE_AWARE": False,
}


@dataclass(frozen=True)
class DocumentDate:
    """The date a text gives itself, and what kind of evidence it was."""

    date: dt.date
    how: str  # "label" / "dateline" / "line" / "updated"
    start: int
    end: int


def parse_date_span(span: str, default_year: int | None = None) -> dt.date | None:
    """One matched date span to a date, through dateparser; None when it is not a real day."""
    import dateparser

    span = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", span.strip(" ,."))
    span = re.sub(r"\bSept\b\.?", "Sep", span, flags=re.I)
    if default_year is not None and not re.search(r"\d{4}", span):
        span = f"{span} {default_year}"
    parsed = dateparser.parse(span, languages=["en"], settings=_DATEPARSER_SETTINGS)
    return parsed.date() if parsed else None


def _candidates(text: str) -> list[tuple[int, int, str, str, re.Match[str]]]:
    """(rank, start, how, span, match): labelled dates, datelines, date-only lines, updates."""
    from quizapp.banks.clean import DATE_LINE, DATE_SPAN, DATELINE, LABELLED_DATE, is_meta_line

    found: list[tuple[int, int, str, str, re.Match[str]]] = []
    for m in LABELLED_DATE.finditer(text):
        label = m["label"].split()[0].lower()
        how = "label" if label in _LABEL_RANK else "updated"
        found.append((0 if how == "label" else 3, m.start(), how, m["date"], m))
    # A date on a line of its own, or a dateline, dates the page only in its head: the
    # same shapes further down are a timeline's entries or another story's opening.
    head = _head_end(text)
    for m in DATE_LINE.finditer(text, 0, head):
        found.append((2, m.start(), "line", m["date"], m))
    for m in _TAIL_DATE.finditer(text, 0, head):
        found.append((2, m.start(), "line", m["date"], m))
    for m in _PLACE_DATE_HEAD.finditer(text, 0, head):
        found.append((1, m.start(), "dateline", m["date"], m))  # "NEW DELHI, September 21, 2023 23:54 IST | Updated: …"
    for m in _LINE.finditer(text, 0, head):
        # "6 minute read | November 13, 2021 11:48 PM GMT", "Posted by Legal Desk | 18 March 2025 | Polity"
        if is_meta_line(m.group(0).strip(" \t\u00a0|")) or _BYLINE_START.match(m.group(0).strip()):
            d = re.search(DATE_SPAN, m.group(0), re.I)
            if d is not None:
                found.append((2, m.start(), "line", d.group(0), m))
    # a footer's "This page was last edited on 9 March 2024": an encyclopedia page's only self-date
    for m in _EDITED.finditer(text):
        found.append((3, m.start(), "updated", m["date"], m))
    pos = 0
    for line in text.splitlines(keepends=True):
        if pos > head:
            break
        body = line.lstrip(" \t\u00a0")
        dateline = DATELINE.match(body)
        if dateline and dateline["date"]:
            found.append((1, pos + len(line) - len(body), "dateline", dateline["date"], dateline))
        pos += len(line)
    return sorted(found, key=lambda c: (c[0], c[1]))


_LINE = re.compile(r"^[^\n]+$", re.M)


def _tail_date() -> re.Pattern[str]:
    from quizapp.banks.clean import _WEEKDAY, DATE_SPAN

    # "DAILY MAINS ANSWER WRITING - 14 November 2024 (Thursday)", "Current Affairs | 3 March 2025": a head line
    # whose last part, after a dash, bar or colon, is only a date names the day the page is for (session 31)
    return re.compile(rf"^[^\n]{{3,120}}?\s[-–—|:]\s*{_WEEKDAY}?(?P<date>{DATE_SPAN})"
                      rf"(?:\s*\(\s*[A-Z][a-z]+day\s*\))?[ \t|]*$", re.I | re.M)


_TAIL_DATE = _tail_date()


def _place_date_head() -> re.Pattern[str]:
    from quizapp.banks.clean import DATE_SPAN

    # a story's meta line that opens with its place and date: the date it was filed, before any "Updated"
    return re.compile(rf"^(?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b)"
                      rf"[A-Z][A-Za-z.'’()-]*(?:[ \t]+[A-Z(][A-Za-z.'’()-]*){{0,3}},[ \t]+(?P<date>{DATE_SPAN})"
                      rf"(?=[ \t]*(?:\d{{1,2}}[:.]\d{{2}}|\||$))", re.M)


_PLACE_DATE_HEAD = _place_date_head()
_EDITED = re.compile(r"\b(?:was\s+)?last\s+(?:edited|modified|revised|reviewed)\s+on\s+(?:the\s+)?"
                     r"(?P<date>\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\.?,?\s+\d{4}|[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4})", re.I)


def _head_end(text: str) -> int:
    """End of the first prose line (eight-plus words ending a sentence): the page's head is above it."""
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.strip()
        if len(body.split()) >= 8 and re.search(r"[.!?]['\"’”)]*$", body):
            return pos + len(line)
        pos += len(line)
    return len(text)


def find_document_date(text: str, year_hint: int | None = None) -> DocumentDate | None:
    """The date a page gives itself, by the strongest evidence first.

    A publication label ("Posted On", "Published") beats a dateline, which
    beats a line holding only a date, which beats "Updated". A dateline
    without a year ("LONDON, June 3 (Reuters) -") takes its year from another
    self-date of the page, or from ``year_hint`` (the meta file), and is
    otherwise no evidence: guessing the year would misdate every fact.
    """
    candidates = _candidates(text)
    full = [parse_date_span(c[3]) for c in candidates]
    years = [d.year for d in full if d is not None]
    for (_rank, start, how, span, m), date in zip(candidates, full, strict=False):
        if date is None and how == "dateline":
            year = years[0] if years else year_hint
            date = parse_date_span(span, year) if year else None
        if date is not None:
            return DocumentDate(date=date, how=how, start=start, end=start + len(m.group(0)))
    return None


def find_period_end(text: str) -> dt.date | None:
    """The day an undated report's facts hold as of: the end of the period its head says it covers
    ("Covering the period 1 April 2021 to 31 March 2022"), else its latest "as of" cut-off (the upload
    form's guess, `uploads.meta.guess_as_of`); None when it gives neither."""
    from quizapp.banks.clean import DATE_SPAN
    from quizapp.uploads.meta import guess_as_of

    m = re.search(rf"\b(?:covering|for|during)\s+the\s+period\s+(?:from\s+)?{DATE_SPAN}\s*(?:to|till|until|[-–])\s*"
                  rf"(?P<end>{DATE_SPAN})", text[:_PERIOD_REACH], re.I)
    return (parse_date_span(m.group("end")) if m else None) or guess_as_of(text)


_PERIOD_REACH = 3000  # characters of the page's head: a period named further down is one section's


def find_self_date(text: str) -> dt.date | None:
    """The date a page gives itself ("Published Oct 23, 2018"), or None."""
    found = find_document_date(text)
    return found.date if found else None


_QUESTION_LABEL = re.compile(r"^Q\s*\d*\s*[.:)]")
# Lines between a headline and its story that are no headline by shape: a summary's bullet ("- Xi Jinping and
# Vladimir Putin stay away from summit"), a short section question ("Why in news?"), link markup ("[Download
# full report (PDF, 14.2 MB)]") and a bracketed aside ("(Covering the period …)").
_MASTHEAD = re.compile(r"^(?:Press Information Bureau|Prime Minister['’]s Office|(?:Government|Ministry|Department|Embassy|"
                       r"High Commission|Consulate(?: General)?|Permanent Mission|Office) of\b|(?:Lok|Rajya) Sabha$"
                       r"|(?:Un)?starred Question\b)", re.I)
# "New Delhi, 7 September 2022": a place and a date on a line of their own date the page; no headline
_PLACE_DATE = re.compile(r"^[A-Z][A-Za-z.'’()-]*(?:\s+[A-Z(][A-Za-z.'’()-]*){0,3},\s+(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+"
                         r"\.?,?\s+\d{4}|[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4})$")
_TAGLINE = re.compile(r"^From (?:[\w.'’ -]{1,40}, )?the free (?:encyclopedia|encyclopaedia|reference)\b", re.I)
_FIELD_LABEL = re.compile(r"^(?:[-–•*▪●◦]\s*)?(?:Category|Categories|Section|Tags?|Topics?|Filed under|Subject)\s*:?$", re.I)
# "Syllabus: GS Paper I (Geography …)", "Relevance: GS II": a coaching page's field line under its headline
_FIELD_VALUE = re.compile(r"^(?:Syllabus|Relevance|Category|Categories|Section|Tags?|Topics?|Filed under|Subject|"
                          r"Source|Paper|GS Paper|Prelims|Mains)\s*:\s+\S", re.I)
_NOT_A_HEADLINE = re.compile(r"^(?:[-–•*▪●◦]\s|\d{1,2}[.)]\s)|^Listen to (?:this|the) (?:article|story)\b|^(?:\S+\s+){0,4}\S+\?$|^\[[^\]]*\](?:\s*\[[^\]]*\])*$"
                             r"|^\([^)]*\)$"
                             r"|^By\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}(?:\s*(?:,|and|&)\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})*$")


# "Posted by Legal Desk | 18 March 2025", "Compiled by the … Desk": a byline under its headline
_BYLINE_START = re.compile(r"^(?:Posted|Written|Compiled|Prepared|Edited|Reported|Published)\s+(?:on\s+[^|\n]{4,40}?\s+)?by\s+\S",
                           re.I)  # (and "Posted on 30 September 2023 by Team PrelimsPath | Category: …")
_RUNNING_HEAD = re.compile(r"^\d{1,4}\s{3,}\S.*$|^\S.*\S\s{3,}\d{1,4}$")
# "B. R. Ambedkar": initials are no widget's short words ("A- A A+")
_INITIAL = re.compile(r"[A-Z]\.")
_ANNOUNCEMENT = re.compile(r"^(?:Announcement|Breaking(?: news)?|Alert|Notice|Flash|Just in|Live|Trending|Ticker)\s*:\s", re.I)


# "Home / Acts / Constitutional Amendments / The … Act, 1992", "EXPLAINED / Explained Politics": a path of
# short crumbs split by " / " is a breadcrumb, as "Home > Releases" is; a headline has at most one slash
_SLASH_PATH = re.compile(r"^(?P<crumbs>(?:[^/]{1,40}\s/\s)+)(?P<last>[^/]{1,100})$")


# "Explained: What is AFSPA, and why has the Centre …?": an explainer's headline asks, under its genre label
_LABELLED_QUESTION = re.compile(r"^(?:Explained|Explainer|Analysis|Opinion|Editorial|Decoded|Q\s?&\s?A)\s*:\s+(?:\S+\s+){2,24}\S*\?$",
                                re.I)


def _last_crumb(line: str) -> str | None:
    """The last crumb of a breadcrumb path ("Home / Acts / The … Act, 1992"), or None for any other line."""
    m = _SLASH_PATH.match(line)
    if m is None:
        parts = re.split(r"\s[>›»]\s", line)
        return parts[-1].strip() if len(parts) > 1 else None
    first = m["crumbs"].split(" / ")
    # every crumb but the last is a section label: a few words, no sentence ("India/China ties" is no path)
    if any(len(c.split()) > 4 or re.search(r"[.;:!?]$", c.strip()) for c in first if c.strip()):
        return None
    return m["last"].strip()


def fold_title(line: str) -> str:
    return re.sub(r"\W+", " ", line).strip().lower()


def guess_title(text: str) -> str | None:
    """The headline: the last headline-shaped line before the story starts.

    Mastheads ("Press Information Bureau", "Ministry of External Affairs") and
    section labels ("News") sit above the headline; dates, bylines and share
    bars sit between it and the story. So the headline is the last line before
    the first prose line (a dateline, or eight-plus words ending in a full
    stop) that is not furniture by shape (``clean.structural_furniture``), not
    a date line, not one word and not a sentence.
    """
    from quizapp.banks.clean import DATE_LINE, LABELLED_DATE, dateline_end, is_caption, is_line_boilerplate

    # Headline-shaped lines come in runs that other lines break: the masthead's ("Press Information Bureau",
    # "Government of India"), then after the menus the headline with its decks ("Agreement expected to raise …").
    # The headline opens the last run before the story.
    runs: list[list[str]] = [[]]

    def skip() -> None:
        if runs[-1]:
            runs.append([])

    bylined: list[str] | None = None  # the run just above a "Posted by …" line
    labelled = False  # the line before was a field label ("• Category"): this one is its value, "World Affairs"
    head_lines = [raw.strip(" \t\u00a0|") for raw in text.splitlines()[:60]]
    head_lines = [line for line in head_lines if line]
    crumbs = [_last_crumb(line) for line in head_lines]
    for k, line in enumerate(head_lines):
        words = line.split()
        if k and crumbs[k] is None and not _MASTHEAD.match(line) \
                and any(c is not None and fold_title(c) == fold_title(line) for c in crumbs[:k]):
            # "Home / Acts / … / The Constitution (Seventy-third Amendment) Act, 1992" over that line: a path's last
            # crumb, repeated on a line of its own, is the page's title, whatever section heads follow it (s30)
            return title_case(line)
        was_label, labelled = labelled, bool(_FIELD_LABEL.match(line))
        if was_label:
            skip()
            continue
        if _TAGLINE.match(line) and not runs[-1]:
            skip()  # (its title above was not headline-shaped: the tagline is no title either)
            continue
        if _TAGLINE.match(line) and runs[-1]:
            # "Godavari River" / "From the free encyclopedia": the line above an encyclopedia's tagline is its
            # title, and the infobox under it ("Mouth: Bay of Bengal, …") is not (session 29's holdout)
            runs.append([])
            runs[-2] = runs[-2][-1:]
            break
        if _ANNOUNCEMENT.match(line):
            skip()  # "Announcement: Prelims 2025 Mock Test No. 12 is live. Attempt now!": a site's bar, no story
            continue
        if dateline_end(line) or (len(words) >= 8 and re.search(r"(?:[.!?]['\"’”)]*|:-?|[-–—])$", line)
                                  and not _LABELLED_QUESTION.match(line)):
            if k == 0 and dateline_end(line):
                continue  # a pasted story's lead above its masthead ("BHUBANESWAR, May 4 (PTI) – Large parts …"): read on
            break
        if _BYLINE_START.match(line):
            if runs[-1] and k and head_lines[k - 1].startswith(runs[-1][-1]):
                bylined = list(runs[-1])  # the headline sits over its byline, whatever section heads follow
            skip()
            continue
        if _RUNNING_HEAD.match(line):
            skip()  # "86      Economic Survey 2023-24": a PDF page's running head and number
            continue
        if len(words) < 2 or is_line_boilerplate(line) or _QUESTION_LABEL.match(line) or _NOT_A_HEADLINE.match(line) \
                or _FIELD_VALUE.match(line) or crumbs[k] is not None \
                or BREADCRUMB.search(line) or sum(len(w) <= 2 and not _INITIAL.fullmatch(w) for w in words) * 2 > len(words):
            skip()  # breadcrumbs ("Home > Releases") and widgets ("A-   A   A+") break a run of headline lines
            continue
        if LABELLED_DATE.match(line) or DATE_LINE.match(line) or _PLACE_DATE.match(line) or re.search(r"[.;,:]$", line) \
                or len(words) > 40:
            skip()  # a release's headline runs long ("Cabinet approves MoU on … between … and …"); a paragraph is longer
            continue
        # "Headline | Site name": the part before the separator is the title.
        head = re.split(r"\s+[|–—]\s+", line)[0].strip()
        if _NOT_A_HEADLINE.match(head):
            skip()  # "By PrepEdge Editorial Team | 5 min read": a byline before its widget
            continue
        if len(head.split()) >= 2 and not is_caption(head):
            runs[-1].append(head)
        else:
            skip()
    candidates = [run for run in runs if run]
    if bylined is not None and candidates and bylined is not candidates[-1]:
        candidates.append(bylined)
    if candidates:
        # a masthead may run straight into the headline ("Ministry of External Affairs" / "Extradition Treaties")
        run = [line for line in candidates[-1] if not _MASTHEAD.match(line)] or candidates[-1]
        return title_case(run[0])
    # No headline-shaped line: the first substantial line that is not furniture, as before.
    for raw in text.splitlines():
        line = raw.strip(" \t\u00a0|")
        if len(line.split()) >= 3 and not is_line_boilerplate(line) and not is_caption(line):
            return re.split(r"\s+[|–—]\s+", line)[0].strip()
    return None
