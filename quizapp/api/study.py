"""Study endpoints: next item, answer, undo, suspend, skip, flag.

Each view reads the app's clock and fuzz flag once and hands them to the service.
"""

from __future__ import annotations

from flask import jsonify, request

from quizapp.api.common import user_id
from quizapp.api.openapi import SCHEMAS
from quizapp.api.routes import bp
from quizapp.api.schema import json_body
from quizapp.study import service
from quizapp.study.queue import Filters
from quizapp.web.appstate import now, srs_fuzz


def filters_from_args() -> Filters:
    return Filters(bank=request.args.get("bank") or None, topic=request.args.get("topic") or None,
                   tag=request.args.get("tag") or None)


@bp.get("/study/next")
def study_next():
    result = service.next_item(user_id(), filters_from_args(), now(), fuzz=srs_fuzz())
    if result["item"] is None:
        return "", 204, {"X-Study-Counts": ",".join(f"{k}={v}" for k, v in result["counts"].items()),
                         "X-Study-Tomorrow": str(result["tomorrow"])}
    return jsonify(result)


@bp.post("/study/answer")
def study_answer():
    """With ``?next=1`` (and the session's filters) the reply also carries the next item.

    One round trip per card instead of two: on a mobile connection the
    aspirant sees the next card a whole request sooner.
    """
    uid, fuzz = user_id(), srs_fuzz()
    result = service.answer(uid, json_body(SCHEMAS["Answer"]), now(), fuzz=fuzz)
    if request.args.get("next") in ("1", "true"):
        result["next"] = service.next_item(uid, filters_from_args(), now(), fuzz=fuzz)
    return jsonify(result)


@bp.post("/study/undo")
def study_undo():
    return jsonify(service.undo(user_id()))


@bp.post("/study/suspend")
def study_suspend():
    return jsonify(service.set_flag(user_id(), json_body(SCHEMAS["Toggle"]), "suspended", now()))


@bp.post("/study/skip")
def study_skip():
    return jsonify(service.skip_until_tomorrow(user_id(), json_body(SCHEMAS["Skip"]), now()))


@bp.post("/study/flag")
def study_flag():
    """A reason (wrong_key, unclear, ...) also files a flag for the item's reviewers (quizapp.review)."""
    payload = json_body(SCHEMAS["Flag"])
    return jsonify(service.flag_item(user_id(), payload, now()))
