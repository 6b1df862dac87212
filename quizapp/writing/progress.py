"""Answer writing's part of the dashboard and of the data export.

Registered with `quizapp.progress.providers` when the writing package is
imported, so progress shows the writing trend and "Export my data" carries
every attempt with all its draft versions without progress importing our
tables.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models import Item
from quizapp.models.writing import OPEN, SUBMITTED, TIMED, DraftVersion, WritingAttempt
from quizapp.progress import providers
from quizapp.progress.figures import WritingResult
from quizapp.timeutil import iso_or_none, parse_iso_utc

TITLE_CHARS = 80
ATTEMPT_DATES = ("started_at", "deadline", "submitted_at", "rated_at")
ATTEMPT_FIELDS = ("item_id", "mode", "word_limit", "word_min", "time_limit_minutes", "status", "current_version",
                  "submitted_by", "submitted_version", "feedback", "queued", "self_assessment", "rating",
                  "rating_reasons") + ATTEMPT_DATES

_DATE = {"type": "string", "minLength": 10}
_DATE_OR_NULL = {"type": ["string", "null"]}
_INT_OR_NULL = {"type": ["integer", "null"]}
SCHEMA = {
    "type": "array",
    "items": {
        "type": "object", "additionalProperties": False, "required": [*ATTEMPT_FIELDS, "versions"],
        "properties": {
            "item_id": {"type": "string", "minLength": 1, "maxLength": 40}, "mode": {"enum": ["timed", "practice"]},
            "word_limit": {"type": "integer", "minimum": 1}, "word_min": _INT_OR_NULL,
            "time_limit_minutes": {"type": "integer", "minimum": 1}, "status": {"enum": [OPEN, SUBMITTED]},
            "current_version": {"type": "integer", "minimum": 0}, "submitted_by": {"type": ["string", "null"], "maxLength": 10},
            "submitted_version": _INT_OR_NULL, "feedback": {"type": ["object", "null"]},
            "queued": {"type": ["array", "null"]}, "self_assessment": {"type": ["object", "null"]},
            "rating": {"enum": [1, 2, 3, 4, None]}, "rating_reasons": {"type": ["array", "null"]},
            "started_at": _DATE, "deadline": _DATE_OR_NULL, "submitted_at": _DATE_OR_NULL, "rated_at": _DATE_OR_NULL,
            "versions": {"type": "array", "items": {
                "type": "object", "additionalProperties": False, "required": ["version", "text", "words", "saved_at", "late"],
                "properties": {"version": {"type": "integer", "minimum": 1}, "text": {"type": "string", "maxLength": 100_000},
                               "words": {"type": "integer", "minimum": 0}, "saved_at": _DATE, "late": {"type": "boolean"}},
            }},
        },
    },
}


def trend(user_id: int) -> list[WritingResult]:
    """Submitted answers oldest first: one query, since it runs on every dashboard view."""
    rows = db.session.execute(
        sa.select(WritingAttempt, Item.stem).join(Item, Item.id == WritingAttempt.item_id)
        .where(WritingAttempt.user_id == user_id, WritingAttempt.status == SUBMITTED)
        .order_by(WritingAttempt.submitted_at, WritingAttempt.id)
    ).all()
    results = []
    for attempt, stem in rows:
        feedback = attempt.feedback or {}
        coverage = feedback.get("coverage") or {}
        results.append(WritingResult(
            written_at=attempt.submitted_at, title=_title(stem), words=int(feedback.get("words", 0)),
            word_limit=attempt.word_limit,
            seconds_used=max(int((attempt.submitted_at - attempt.started_at).total_seconds()), 0),
            seconds_allowed=attempt.time_limit_minutes * 60 if attempt.mode == TIMED else None,
            key_points_covered=int(coverage.get("covered", 0)), key_points_total=int(coverage.get("total", 0)),
        ))
    return results


def _title(stem: str) -> str:
    return stem if len(stem) <= TITLE_CHARS else stem[: TITLE_CHARS - 1].rstrip() + "…"


def export(user_id: int) -> list[dict[str, Any]]:
    attempts = db.session.scalars(
        sa.select(WritingAttempt).where(WritingAttempt.user_id == user_id).order_by(WritingAttempt.id)
    ).all()
    out = []
    for a in attempts:
        row = {f: getattr(a, f) for f in ATTEMPT_FIELDS}
        row.update({f: iso_or_none(getattr(a, f)) for f in ATTEMPT_DATES})
        row["versions"] = [{"version": v.version, "text": v.text, "words": v.words, "saved_at": iso_or_none(v.saved_at),
                            "late": v.late} for v in a.versions]
        out.append(row)
    return out


def import_(user_id: int, rows: list[dict[str, Any]], missing_items) -> None:
    """Add the attempts and their versions to the session (the caller commits or rolls back)."""
    missing = missing_items({r["item_id"] for r in rows})
    if missing:
        raise ValueError(f"answers to prompts that do not exist here: {', '.join(missing[:5])}")
    for n, row in enumerate(rows):
        numbers = [v["version"] for v in row["versions"]]
        if len(set(numbers)) != len(numbers) or (numbers and max(numbers) != row["current_version"]):
            raise ValueError(f"attempt {n}: its versions do not match current_version {row['current_version']}")
        attempt = WritingAttempt(user_id=user_id, **{f: row[f] for f in ATTEMPT_FIELDS if f not in ATTEMPT_DATES},
                                 **{f: parse_iso_utc(row[f], f"attempt {n} {f}") for f in ATTEMPT_DATES})
        attempt.versions = [DraftVersion(version=v["version"], text=v["text"], words=v["words"], late=v["late"],
                                         saved_at=parse_iso_utc(v["saved_at"], f"attempt {n} version {v['version']}"))
                            for v in row["versions"]]
        db.session.add(attempt)
    db.session.flush()


def is_empty(user_id: int) -> bool:
    return db.session.scalar(sa.select(sa.func.count()).select_from(WritingAttempt)
                             .where(WritingAttempt.user_id == user_id)) == 0


def register() -> None:
    providers.register_trend("writing", trend)
    providers.register_export("writing", export, import_, is_empty, SCHEMA)
