"""Export a user's study data as one JSON file, and import it into a fresh account.

The file names its format and version, and carries a SHA-256 digest of its
canonical payload, so a file edited by hand (or cut short) is refused rather
than half-believed. An import is all or nothing: everything is checked
first (shape by JSON Schema, digest, settings, datetimes, that every item
exists), then written in one transaction, rolled back on any error.

"Fresh" means the account has no cards, no review logs and nothing in any
registered extension (mock tests, answers): importing never merges with
existing history, because merged histories would replay FSRS states that
never happened. Settings are replaced.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema
import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models import Card, Item, ReviewLog, StudySettings
from quizapp.progress import providers
from quizapp.srs.scheduler import SrsSettings
from quizapp.timeutil import utcnow

FORMAT = "quizapp-progress-export"
VERSION = 1
CARD_DATES = ("due", "last_review", "buried_until", "created_at")
LOG_DATES = ("reviewed_at", "due_before", "due_after")


class ImportRefused(ValueError):
    """The file cannot be imported; the message says why, for the user."""


_DATE = {"type": "string", "minLength": 10}
_DATE_OR_NULL = {"type": ["string", "null"]}
_INT = {"type": "integer"}
_INT_OR_NULL = {"type": ["integer", "null"]}
_NUM_OR_NULL = {"type": ["number", "null"]}

CARD_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "required": ["item_id", "state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses",
                 "suspended", "flagged", "buried_until", "created_at"],
    "properties": {
        "item_id": {"type": "string", "minLength": 1, "maxLength": 40}, "state": {"enum": [0, 1, 2, 3]},
        "step": _INT_OR_NULL, "stability": _NUM_OR_NULL, "difficulty": _NUM_OR_NULL, "due": _DATE,
        "last_review": _DATE_OR_NULL, "reps": {"type": "integer", "minimum": 0},
        "lapses": {"type": "integer", "minimum": 0}, "suspended": {"type": "boolean"}, "flagged": {"type": "boolean"},
        "buried_until": _DATE_OR_NULL, "created_at": _DATE,
    },
}
LOG_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "required": ["item_id", "answer_id", "origin", "rating", "response", "correct", "duration_ms", "reviewed_at",
                 "state_before", "due_before", "state_after", "due_after", "card_before"],
    "properties": {
        "item_id": {"type": "string", "minLength": 1, "maxLength": 40},
        "answer_id": {"type": ["string", "null"], "maxLength": 64}, "origin": {"type": "string", "maxLength": 12},
        "rating": {"enum": [1, 2, 3, 4]}, "response": {}, "correct": {"type": ["boolean", "null"]},
        "duration_ms": {"type": "integer", "minimum": 0}, "reviewed_at": _DATE,
        "state_before": {"enum": [0, 1, 2, 3, None]}, "due_before": _DATE_OR_NULL,
        "state_after": {"enum": [0, 1, 2, 3]}, "due_after": _DATE, "card_before": {"type": "object"},
    },
}


def schema() -> dict:
    """The file's JSON Schema; registered extensions add their sections."""
    extensions = {spec.name: spec.schema for spec in providers.exports()}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object", "additionalProperties": False,
        "required": ["format", "version", "exported_at", "sha256", "payload"],
        "properties": {
            "format": {"const": FORMAT}, "version": {"const": VERSION}, "exported_at": _DATE,
            "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            "payload": {
                "type": "object", "additionalProperties": False,
                "required": ["settings", "cards", "review_logs", "extensions"],
                "properties": {
                    "settings": {"type": "object", "additionalProperties": False, "required": ["srs", "timezone"],
                                 "properties": {"srs": {"type": "object"}, "timezone": {"type": "string", "maxLength": 64}}},
                    "cards": {"type": "array", "items": CARD_SCHEMA},
                    "review_logs": {"type": "array", "items": LOG_SCHEMA},
                    "extensions": {"type": "object", "properties": extensions},
                },
            },
        },
    }


def digest(payload: Any) -> str:
    """SHA-256 of the payload's canonical JSON (sorted keys, no spaces, UTF-8)."""
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


# --------------------------------------------------------------------------- export


def export_user(user_id: int, at: dt.datetime) -> dict[str, Any]:
    """Everything the dashboard is computed from, for ``user_id``, as one JSON-ready document."""
    row = db.session.get(StudySettings, user_id)
    cards = db.session.scalars(sa.select(Card).where(Card.user_id == user_id).order_by(Card.item_id)).all()
    item_of = {c.id: c.item_id for c in cards}
    card_rows = [{
        "item_id": c.item_id, "state": c.state, "step": c.step, "stability": c.stability, "difficulty": c.difficulty,
        "due": _iso(c.due), "last_review": _iso(c.last_review), "reps": c.reps, "lapses": c.lapses,
        "suspended": c.suspended, "flagged": c.flagged, "buried_until": _iso(c.buried_until), "created_at": _iso(c.created_at),
    } for c in cards]
    log_rows = []
    for log in db.session.scalars(
        sa.select(ReviewLog).where(ReviewLog.user_id == user_id).order_by(ReviewLog.reviewed_at, ReviewLog.id)
    ):
        before = dict(log.card_before or {})
        if "buried_siblings" in before:  # card ids mean nothing in another account: carry item ids
            before["buried_siblings"] = [[item_of.get(cid), until] for cid, until in before["buried_siblings"]
                                         if cid in item_of]
        log_rows.append({
            "item_id": log.item_id, "answer_id": log.answer_id, "origin": log.origin, "rating": log.rating,
            "response": log.response, "correct": log.correct, "duration_ms": log.duration_ms,
            "reviewed_at": _iso(log.reviewed_at), "state_before": log.state_before, "due_before": _iso(log.due_before),
            "state_after": log.state_after, "due_after": _iso(log.due_after), "card_before": before,
        })
    payload = {
        "settings": {"srs": (row.srs if row else None) or {}, "timezone": (row.timezone if row else None) or "Asia/Kolkata"},
        "cards": card_rows,
        "review_logs": log_rows,
        "extensions": {spec.name: spec.export(user_id) for spec in providers.exports()},
    }
    return {"format": FORMAT, "version": VERSION, "exported_at": at.isoformat(), "sha256": digest(payload),
            "payload": payload}


# --------------------------------------------------------------------------- import


def _no_constant(name: str):
    raise ImportRefused(f"The file holds {name}, which is not a number JSON allows; nothing was imported.")


def parse(raw: bytes, at: dt.datetime) -> dict[str, Any]:
    """Decode and check a file completely, without touching the database's user data."""
    try:
        doc = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ImportRefused(f"The file is not valid JSON ({err}).") from None
    except RecursionError:
        raise ImportRefused("The file is nested too deeply to be a quizapp export.") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        found = doc.get("format") if isinstance(doc, dict) else None
        raise ImportRefused(f"This is not a quizapp progress export (expected format {FORMAT!r}, "
                            f"found {found!r}).")
    if doc.get("version") != VERSION:
        raise ImportRefused(f"Export version {doc.get('version')!r} is not supported; this server reads version {VERSION}.")
    errors = sorted(jsonschema.Draft202012Validator(schema()).iter_errors(doc), key=lambda e: list(e.absolute_path))
    if errors:
        shown = "; ".join(f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in errors[:5])
        more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
        raise ImportRefused(f"The file does not match the export format: {shown}{more}.")
    _check_values(doc["payload"], at)
    if digest(doc["payload"]) != doc["sha256"]:
        raise ImportRefused("The file was changed after it was exported (its SHA-256 digest does not match), "
                            "so it was not imported.")
    return doc


# ----------------------------------------------------------------- ranges
# A file that passes the schema can still hold values no account can live with
# (a review in 9999, a day-long answer of 1e308 ms, a step of a billion days);
# stored, they broke the account's pages. Everything is checked against what
# the app itself could have written.

INT_LIMIT = 2 ** 63                    # what a BIGINT holds
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
CLOCK_SKEW = dt.timedelta(days=1)      # a server a little ahead of this one
DAY_MS = 86_400_000
#: Dates that name the future by design (when a card is next due): up to the longest interval ahead.
FUTURE_KEYS = frozenset({"due", "due_before", "due_after", "buried_until", "deadline"})
MAX_STEP = dt.timedelta(days=365)
MAX_STEPS = 100
MAX_INTERVAL_DAYS = 36500
MAX_PER_DAY = 100_000
MAX_STABILITY = 1e6
_ISO_LIKE = re.compile(r"^[+-]?\d{4,}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _check_values(payload: Any, at: dt.datetime) -> None:
    """Refuse numbers and dates no account could have produced, anywhere in the payload.

    "The future" starts at the later of ``at`` (the app's clock) and the wall
    clock: rows stamped by either are not in the future.
    """
    problems: list[str] = []
    latest = max(at, utcnow()) + CLOCK_SKEW
    furthest = latest + dt.timedelta(days=MAX_INTERVAL_DAYS)

    def walk(value: Any, path: str, key: str) -> None:
        if len(problems) >= 5:
            return
        if isinstance(value, bool) or value is None:
            return
        if isinstance(value, int):
            if not -INT_LIMIT < value < INT_LIMIT:
                problems.append(f"{path}: {value} is too large")
            elif key.endswith("_ms") and not 0 <= value <= DAY_MS:
                problems.append(f"{path}: {value} ms is not between 0 and a day")
        elif isinstance(value, float):
            if not math.isfinite(value) or abs(value) >= INT_LIMIT:
                problems.append(f"{path}: {value!r} is not a usable number")
            elif key.endswith("_ms") and not 0 <= value <= DAY_MS:
                problems.append(f"{path}: {value} ms is not between 0 and a day")
        elif isinstance(value, str):
            if _ISO_LIKE.match(value):
                date_problems: list[str] = []
                when = _when(value, path, date_problems)
                # An unparsable or zone-less date is reported with the rows' other problems; only range here.
                problems.extend(p for p in date_problems if "outside" in p)
                if when is not None and not EARLIEST <= when <= (furthest if key in FUTURE_KEYS else latest):
                    problems.append(f"{path}: {value} is outside the dates this app could have written")
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{path}/{k}", str(k))
        elif isinstance(value, list):
            for n, v in enumerate(value):
                walk(v, f"{path}/{n}", key)

    walk(payload, "payload", "")
    problems += _settings_range_problems(payload.get("settings", {}).get("srs", {}))
    for n, card in enumerate(payload.get("cards", [])):
        if isinstance(card.get("step"), int) and not 0 <= card["step"] < MAX_STEPS:
            problems.append(f"payload/cards/{n}/step: {card['step']} is not a learning step")
        for name in ("stability", "difficulty"):
            value = card.get(name)
            if isinstance(value, (int, float)) and not isinstance(value, bool) and not 0 <= value <= MAX_STABILITY:
                problems.append(f"payload/cards/{n}/{name}: {value} is out of range")
    if problems:
        raise ImportRefused("The file holds values out of range: " + "; ".join(problems[:5]) + ". Nothing was imported.")


def _settings_range_problems(srs: Any) -> list[str]:
    """Bounds the scheduler needs but does not state (its own checks only ask for positive values)."""
    if not isinstance(srs, dict):
        return []
    out = []
    for name in ("learning_steps", "relearning_steps"):
        steps = srs.get(name)
        if isinstance(steps, list):
            if len(steps) > MAX_STEPS:
                out.append(f"settings/srs/{name}: more than {MAX_STEPS} steps")
            for i, step in enumerate(steps):
                if isinstance(step, (int, float)) and not isinstance(step, bool) and not 1 <= step <= MAX_STEP.total_seconds():
                    out.append(f"settings/srs/{name}/{i}: {step} s is not between 1 second and a year")
    interval = srs.get("maximum_interval")
    if isinstance(interval, int) and not isinstance(interval, bool) and interval > MAX_INTERVAL_DAYS:
        out.append(f"settings/srs/maximum_interval: {interval} days is more than {MAX_INTERVAL_DAYS}")
    for name in ("new_per_day", "reviews_per_day"):
        value = srs.get(name)
        if isinstance(value, int) and not isinstance(value, bool) and value > MAX_PER_DAY:
            out.append(f"settings/srs/{name}: {value} is more than {MAX_PER_DAY}")
    return out


def _when(value: str | None, where: str, problems: list[str]) -> dt.datetime | None:
    if value is None:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        problems.append(f"{where}: {value!r} is not an ISO date-time")
        return None
    if parsed.tzinfo is None:
        problems.append(f"{where}: {value!r} has no time zone")
        return None
    try:
        return parsed.astimezone(dt.UTC)
    except OverflowError:  # year 1 at +14:00 is before the first representable instant
        problems.append(f"{where}: {value} is outside the dates this app could have written")
        return None


def _rows(payload: dict[str, Any]) -> tuple[list[dict], list[dict]]:
    """Cards and logs with datetimes parsed; every problem collected into one refusal."""
    problems: list[str] = []
    cards = []
    for n, c in enumerate(payload["cards"]):
        cards.append({**c, **{k: _when(c[k], f"cards/{n}/{k}", problems) for k in CARD_DATES}})
    logs = []
    for n, log in enumerate(payload["review_logs"]):
        logs.append({**log, **{k: _when(log[k], f"review_logs/{n}/{k}", problems) for k in LOG_DATES}})
    item_ids = [c["item_id"] for c in cards]
    if len(set(item_ids)) != len(item_ids):
        problems.append("two cards are for the same item")
    answer_ids = [log["answer_id"] for log in logs if log["answer_id"]]
    if len(set(answer_ids)) != len(answer_ids):
        problems.append("two review logs share an answer_id")
    orphans = sorted({log["item_id"] for log in logs} - set(item_ids))
    if orphans:
        problems.append(f"review logs for items without a card: {', '.join(orphans[:5])}")
    if problems:
        raise ImportRefused("The file's data is inconsistent: " + "; ".join(problems[:5]) + ".")
    return cards, logs


def _check_settings(settings: dict[str, Any]) -> None:
    try:
        SrsSettings.from_dict(settings["srs"])
    except (ValueError, TypeError) as err:
        raise ImportRefused(f"The study settings in the file are invalid: {err}") from None
    try:
        ZoneInfo(settings["timezone"])
    except (ValueError, KeyError, OSError):
        raise ImportRefused(f"Unknown time zone {settings['timezone']!r} in the file.") from None


def _check_fresh(user_id: int) -> None:
    cards = db.session.scalar(sa.select(sa.func.count()).select_from(Card).where(Card.user_id == user_id))
    logs = db.session.scalar(sa.select(sa.func.count()).select_from(ReviewLog).where(ReviewLog.user_id == user_id))
    busy = [spec.name for spec in providers.exports() if not spec.is_empty(user_id)]
    if cards or logs or busy:
        extra = f" and {', '.join(busy)} data" if busy else ""
        raise ImportRefused(f"Imports go into a fresh account only; this one already has {cards} cards, {logs} reviews"
                            f"{extra}. Register a new account and import there.")


def missing_items(item_ids) -> list[str]:
    """The ids among ``item_ids`` that are not items here (extensions refuse files that use them)."""
    wanted = set(item_ids)
    return sorted(wanted - _existing_items(wanted))


def _existing_items(item_ids: set[str]) -> set[str]:
    found: set[str] = set()
    ids = sorted(item_ids)
    for start in range(0, len(ids), 500):
        found |= set(db.session.scalars(sa.select(Item.id).where(Item.id.in_(ids[start:start + 500]))))
    return found


def import_user(user_id: int, raw: bytes, at: dt.datetime) -> dict[str, int]:
    """Check ``raw`` completely, then write it for ``user_id`` in one transaction.

    ``at`` is now on the app's clock. Returns counts of what was imported.
    Raises ImportRefused (nothing written) on any problem.
    """
    doc = parse(raw, at)
    payload = doc["payload"]
    _check_settings(payload["settings"])
    cards, logs = _rows(payload)
    missing = missing_items(c["item_id"] for c in cards)
    if missing:
        raise ImportRefused(f"{len(missing)} items in the file do not exist here (e.g. {', '.join(missing[:5])}); "
                            "load the same question banks first.")
    unknown = sorted(set(payload["extensions"]) - {spec.name for spec in providers.exports()})
    if unknown:
        raise ImportRefused(f"This server cannot import the file's {', '.join(unknown)} data.")
    _check_fresh(user_id)
    try:
        _write(user_id, payload, cards, logs)
        db.session.commit()
    except ImportRefused:
        db.session.rollback()
        raise
    except (ValueError, sa.exc.SQLAlchemyError) as err:
        db.session.rollback()
        raise ImportRefused(f"The file could not be imported ({type(err).__name__}); nothing was changed.") from None
    return {"cards": len(cards), "review_logs": len(logs), "extensions": len(payload["extensions"])}


def _write(user_id: int, payload: dict[str, Any], cards: list[dict], logs: list[dict]) -> None:
    settings = db.session.get(StudySettings, user_id) or StudySettings(user_id=user_id)
    settings.srs, settings.timezone = payload["settings"]["srs"], payload["settings"]["timezone"]
    db.session.add(settings)
    db.session.flush()
    if cards:
        # Table inserts, not ORM bulk inserts: those replace an explicit None by the column's
        # default, which turned a review card's step (None) into 0 and broke studying it.
        db.session.execute(sa.insert(Card.__table__), [{**c, "user_id": user_id} for c in cards])
    card_id = dict(db.session.execute(sa.select(Card.item_id, Card.id).where(Card.user_id == user_id)).all())
    rows = []
    for log in logs:
        before = dict(log["card_before"])
        if "buried_siblings" in before:
            before["buried_siblings"] = [[card_id[iid], until] for iid, until in before["buried_siblings"] if iid in card_id]
        rows.append({**log, "card_before": before, "user_id": user_id, "card_id": card_id[log["item_id"]]})
    for start in range(0, len(rows), 10_000):
        db.session.execute(sa.insert(ReviewLog.__table__), rows[start:start + 10_000])
    for spec in providers.exports():
        if spec.name in payload["extensions"]:
            try:
                spec.import_(user_id, payload["extensions"][spec.name], missing_items)
            except ValueError as err:
                raise ImportRefused(f"The file's {spec.name} data cannot be imported: {err}") from None
