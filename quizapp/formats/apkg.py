"""Anki packages (.apkg): a zip holding a SQLite collection and its media.

Read: ``collection.anki21`` or ``collection.anki2`` (schema 11: note types
and decks as JSON in ``col``). The zstd ``collection.anki21b`` of Anki 2.1.50+
is reported, not guessed at: its collection is a different schema and the
package's legacy ``collection.anki2`` then holds only a placeholder note.
Every zip entry is checked before anything is read: no absolute or ``..``
paths, a size cap per entry and in total, and a compression-ratio cap.

Write: genanki, with a fixed note type id and GUIDs from item ids, so a
re-export updates the same notes in Anki instead of duplicating them.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import os
import re
import sqlite3
import tempfile
import zipfile
from dataclasses import replace

from quizapp.formats.common import (
    ClozeGap,
    guess_mime,
    html_to_text,
    image_refs,
    safe_media_name,
    sound_refs,
    split_cloze,
)
from quizapp.formats.csv_anki import question_answer
from quizapp.formats.model import (
    MAX_BYTES,
    FormatError,
    ImportResult,
    Media,
    Notice,
    Question,
    Review,
    Skipped,
    Written,
    check_count,
    check_size,
)

FORMAT = "apkg"
MAX_ENTRY_BYTES = MAX_BYTES  # one collection or media file
MAX_TOTAL_BYTES = 4 * MAX_BYTES  # everything unpacked
MAX_RATIO = 200  # uncompressed / compressed, per entry (zip bombs)


def _safe_entries(file: str, zf: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    total = 0
    entries = {}
    for info in zf.infolist():
        name = info.filename
        parts = re.split(r"[/\\]", name)
        if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name) or ".." in parts:
            raise FormatError(file, None, "unsafe path in the archive (absolute or '..')", entry=name)
        if info.file_size > MAX_ENTRY_BYTES:
            raise FormatError(file, None, f"entry unpacks to {info.file_size / 1048576:.0f} MB; the limit is 50 MB", entry=name)
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1048576:
            raise FormatError(file, None, "entry is compressed suspiciously well (zip bomb?)", entry=name)
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise FormatError(file, None, "archive unpacks to more than 200 MB")
        entries[name] = info
    return entries


def _read_entry(file: str, zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """Read with the cap enforced on the bytes actually inflated, not the header's claim."""
    with zf.open(info) as fh:
        data = fh.read(MAX_ENTRY_BYTES + 1)
    if len(data) > MAX_ENTRY_BYTES:
        raise FormatError(file, None, "entry unpacks to more than 50 MB", entry=info.filename)
    return data


def read(data: bytes, file: str = "input.apkg", with_history: bool = True) -> ImportResult:
    check_size(file, data)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise FormatError(file, None, "not a zip archive (an .apkg is one)") from None
    with zf:
        entries = _safe_entries(file, zf)
        if "collection.anki21b" in entries:
            raise FormatError(
                file, None,
                "this package uses the Anki 2.1.50+ format (zstd), which is not read here; in Anki, export it "
                "again with 'Support older Anki versions' ticked", entry="collection.anki21b",
            )
        name = next((n for n in ("collection.anki21", "collection.anki2") if n in entries), None)
        if name is None:
            raise FormatError(file, None, "no collection.anki21 or collection.anki2 inside")
        collection = _read_entry(file, zf, entries[name])
        media_map = _media_map(file, zf, entries)
        reader = _Collection(file, name, collection)
        try:
            result = reader.read(with_history)
        except (sqlite3.Error, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError) as exc:
            # a damaged or foreign collection: refuse it whole, with what broke
            raise FormatError(file, None, f"damaged Anki collection ({type(exc).__name__}: {exc})", entry=name) from None
        _attach_media(file, zf, entries, media_map, result)
    return result


def _media_map(file: str, zf: zipfile.ZipFile, entries: dict[str, zipfile.ZipInfo]) -> dict[str, str]:
    """File name -> zip entry, from the ``media`` JSON ({"0": "a.jpg"})."""
    if "media" not in entries:
        return {}
    raw = _read_entry(file, zf, entries["media"])
    try:
        mapping = json.loads(raw.decode("utf-8") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise FormatError(file, None, "media map is not JSON (newer Anki packages are not read here)", entry="media") from None
    if not isinstance(mapping, dict):
        raise FormatError(file, None, "media map is not a JSON object", entry="media")
    return {str(v): str(k) for k, v in mapping.items()}


def _attach_media(file, zf, entries, media_map, result: ImportResult) -> None:
    cache: dict[str, Media] = {}
    for i, q in enumerate(result.questions):
        kept = []
        for ref in q.media:  # placeholders carry only the name
            if ref.name in cache:
                kept.append(cache[ref.name])
                continue
            entry = media_map.get(ref.name)
            if not safe_media_name(ref.name):
                result.notices.append(Notice(0, f"media name {ref.name!r} is not a plain file name; not kept", q.entry))
                continue
            if entry is None or entry not in entries:
                result.notices.append(Notice(0, f"media {ref.name!r} is referenced but not in the package", q.entry))
                continue
            media = Media(ref.name, guess_mime(ref.name), _read_entry(file, zf, entries[entry]))
            cache[ref.name] = media
            kept.append(media)
        result.questions[i] = replace(q, media=tuple(kept))


class _Collection:
    def __init__(self, file: str, entry: str, data: bytes):
        self.file, self.entry = file, entry
        self.db = sqlite3.connect(":memory:")
        try:
            self.db.deserialize(data)
            self.db.execute("select count(*) from notes").fetchone()
        except (sqlite3.Error, UnicodeDecodeError, ValueError) as exc:
            raise FormatError(file, None, f"not an Anki collection ({type(exc).__name__})", entry=entry) from None

    def read(self, with_history: bool) -> ImportResult:
        result = ImportResult(FORMAT)
        try:
            models_raw, decks_raw = self.db.execute("select models, decks from col").fetchone()
            models = json.loads(models_raw)
            decks = {int(k): v.get("name", "") for k, v in json.loads(decks_raw).items()}
        except (sqlite3.DatabaseError, TypeError, json.JSONDecodeError, AttributeError) as exc:
            raise FormatError(self.file, None, f"collection has no readable note types or decks ({exc})", entry=self.entry) from None
        note_deck = dict((nid, did) for nid, did, _ in self.db.execute("select nid, did, min(ord) from cards group by nid"))
        rows = self.db.execute("select id, guid, mid, tags, flds from notes order by id")
        for nid, guid, mid, tags, flds in rows:
            where = f"note {nid}"
            model = models.get(str(mid))
            if model is None:
                raise FormatError(self.file, None, f"note type {mid} is missing", entry=where)
            fields = flds.split("\x1f")
            names = [f["name"] for f in sorted(model.get("flds", []), key=lambda f: f.get("ord", 0))]
            if len(names) != len(fields):
                raise FormatError(self.file, None, f"{len(fields)} fields for a note type with {len(names)}", entry=where)
            by_name = {n.strip().lower(): v for n, v in zip(names, fields, strict=False)}
            tag_list = tuple(t for t in tags.split() if t)
            topic = next((t[len("topic::"):].replace("::", "/") for t in tag_list if t.startswith("topic::")), "")
            tag_list = tuple(t for t in tag_list if not t.startswith("topic::"))
            common = dict(
                tags=tag_list, topic=topic, bank=decks.get(note_deck.get(nid, -1)) or None,
                guid=guid, entry=where, line=0,
            )
            if model.get("type") == 1:
                self._cloze(result, nid, fields, names, by_name, common)
            else:
                self._basic(result, nid, fields, by_name, common)
            check_count(self.file, len(result.questions), entry=where)
        if with_history:
            result.history = self._history()
        return result

    def _media(self, *markups: str) -> tuple[Media, ...]:
        names = []
        for m in markups:
            names += image_refs(m) + sound_refs(m)
        return tuple(Media(n, guess_mime(n), b"") for n in dict.fromkeys(names) if not re.match(r"[a-z]+:", n))

    def _basic(self, result, nid, fields, by_name, common) -> None:
        front_raw = next((by_name[k] for k in ("question", "front", "text") if k in by_name), fields[0])
        back_raw = next((by_name[k] for k in ("answer", "back") if k in by_name), fields[1] if len(fields) > 1 else "")
        extra_raw = next((by_name[k] for k in ("explanation", "extra", "back extra") if k in by_name), "")
        front, back = html_to_text(front_raw), html_to_text(back_raw)
        if not front:
            result.skipped.append(Skipped(0, "note", "empty first field", entry=common["entry"]))
            return
        if not back:
            result.skipped.append(Skipped(0, "note", "no answer (empty second field)", entry=common["entry"]))
            return
        result.questions.append(Question(
            "fact", front, answer=(back,), explanation=html_to_text(extra_raw), ref=f"{nid}/0",
            media=self._media(front_raw, back_raw, extra_raw),
            source_quote=html_to_text(by_name.get("source quote", "")), source=html_to_text(by_name.get("source", "")),
            **common,
        ))

    def _cloze(self, result, nid, fields, names, by_name, common) -> None:
        text_raw = by_name.get("text", fields[0])
        extra_raw = next((by_name[k] for k in ("back extra", "extra") if k in by_name), "")
        gaps = split_cloze(text_raw, is_html=True)
        if not gaps:
            result.skipped.append(Skipped(0, "cloze", "cloze note without {{c1::…}} deletions", entry=common["entry"]))
        for gap in gaps:
            if isinstance(gap, ClozeGap):
                result.questions.append(Question(
                    "cloze", gap.stem, answer=gap.answer, accepted=(gap.answer,), hint=gap.hint,
                    explanation=html_to_text(extra_raw), ref=f"{nid}/{gap.number - 1}",
                    media=self._media(text_raw, extra_raw), **common,
                ))
            else:
                result.skipped.append(Skipped(0, "cloze", gap, entry=common["entry"]))

    def _sched_version(self) -> int:
        try:
            conf = json.loads(self.db.execute("select conf from col").fetchone()[0] or "{}")
            return int(conf.get("schedVer", 2))
        except (sqlite3.DatabaseError, TypeError, ValueError, json.JSONDecodeError, AttributeError):
            return 2

    def _history(self) -> list[Review]:
        v1 = self._sched_version() == 1
        rows = self.db.execute(
            "select r.id, r.cid, c.nid, c.ord, r.ease, r.type, r.time, r.ivl, r.lastIvl, r.factor"
            " from revlog r join cards c on c.id = r.cid order by r.id"
        )
        return [
            Review(card_id=cid, ref=f"{nid}/{ord_}", reviewed_at_ms=rid, ease=ease, type=type_, time_ms=time_ms,
                   interval=ivl, last_interval=last, factor=factor, rating=_rating(ease, type_, v1))
            for rid, cid, nid, ord_, ease, type_, time_ms, ivl, last, factor in rows
        ]


def replay_input(history: list[Review]) -> dict[str, list[tuple[int, int, int]]]:
    """Reviews per card ref, oldest first, as (reviewed_at_ms, fsrs rating, time_ms),
    leaving out manual reschedules: what a replay through fsrs needs."""
    out: dict[str, list[tuple[int, int, int]]] = {}
    for r in sorted(history, key=lambda r: r.reviewed_at_ms):
        if r.rating is not None:
            out.setdefault(r.ref, []).append((r.reviewed_at_ms, r.rating, r.time_ms))
    return out


def _rating(ease: int, type_: int, v1: bool) -> int | None:
    if ease not in (1, 2, 3, 4) or type_ == 4:
        return None
    if v1 and type_ in (0, 2) and ease in (2, 3):
        return ease + 1  # v1 learning buttons: Again, Good, Easy
    return ease


# ---------------------------------------------------------------- writer

MODEL_ID = 1736410417  # fixed forever: Anki matches note types by id
MODEL_NAME = "quizapp item"
FIELDS = ("Question", "Answer", "Explanation", "Source quote", "Source")


def _model():
    import genanki

    return genanki.Model(
        MODEL_ID, MODEL_NAME, fields=[{"name": f} for f in FIELDS],
        templates=[{
            "name": "Card 1",
            "qfmt": "{{Question}}",
            "afmt": "{{FrontSide}}<hr id=answer>{{Answer}}"
                    "{{#Explanation}}<br><br>{{Explanation}}{{/Explanation}}"
                    "{{#Source quote}}<br><br><i>{{Source quote}}</i>{{/Source quote}}"
                    "{{#Source}}<br><small>{{Source}}</small>{{/Source}}",
        }],
        css=".card { font-family: sans-serif; font-size: 20px; text-align: left; }",
    )


def deck_id(name: str) -> int:
    """Stable deck id from the bank name (Anki ids are 64-bit; keep it positive, 2^31 range like genanki's)."""
    return int(hashlib.sha1(f"quizapp deck {name}".encode()).hexdigest()[:8], 16) | 1 << 30


def _field(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _tag(t: str) -> str:
    return re.sub(r"\s+", "_", t.strip())


def write(questions: list[Question], default_bank: str = "quizapp", timestamp: float | None = None) -> Written:
    import genanki

    model = _model()
    decks: dict[str, genanki.Deck] = {}
    skipped: list[Skipped] = []
    media_files: dict[str, bytes] = {}
    for q in questions:
        qa = question_answer(q)
        if qa is None:
            skipped.append(Skipped(q.line, q.kind, f"{q.kind} items cannot be written to .apkg", q.name))
            continue
        front, back = _field(qa[0]), _field(qa[1])
        for m in q.media:
            name = safe_media_name(m.name) or f"media-{hashlib.sha1(m.data).hexdigest()[:12]}"
            if media_files.get(name, m.data) != m.data:
                stem, ext = os.path.splitext(name)
                name = f"{stem}-{hashlib.sha1(m.data).hexdigest()[:8]}{ext}"
            media_files[name] = m.data
            if m.mime.startswith("image/"):
                front += f'<br><img src="{html.escape(name)}">'
        bank = q.bank or default_bank
        deck = decks.get(bank) or decks.setdefault(bank, genanki.Deck(deck_id(bank), bank))
        tags = [_tag(t) for t in q.tags if _tag(t)]
        if q.topic:
            tags.append("topic::" + "::".join(_tag(p) for p in q.topic.split("/")))
        key = q.name or q.guid or f"{q.kind}|{q.stem}"
        deck.add_note(genanki.Note(
            model=model, fields=[front, back, _field(q.explanation), _field(q.source_quote), _field(q.source)],
            tags=tags, guid=genanki.guid_for(key),
        ))
    with tempfile.TemporaryDirectory(prefix="quizapp-apkg-") as tmp:
        paths = []
        for name, data in media_files.items():
            path = os.path.join(tmp, name)
            with open(path, "wb") as fh:
                fh.write(data)
            paths.append(path)
        out = io.BytesIO()
        genanki.Package(list(decks.values()) or [genanki.Deck(deck_id(default_bank), default_bank)], media_files=paths).write_to_file(out, timestamp=timestamp)
    return Written(out.getvalue(), skipped)
