"""Answer writing pages: the prompt list, the writing page, feedback and draft history.

Thin views over `quizapp.writing.service`; the autosave goes through the JSON
API (`quizapp.api.writing`), so the page and scripts share one code path.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from quizapp.errors import ClientError
from quizapp.models.writing import OPEN
from quizapp.web.appstate import now as clock_now
from quizapp.writing import service
from quizapp.writing.diff import word_diff
from quizapp.writing.forms import HINTS, AssessForm, StartForm, SubmitAnswerForm
from quizapp.writing.limits import limits_for
from quizapp.writing.outline import outline

bp = Blueprint("writing", __name__)


@bp.before_request
@login_required
def _require_login():
    return None


def _uid() -> int:
    return int(current_user.id)


def _or_abort(fn, *args):
    try:
        return fn(*args)
    except ClientError as err:
        abort(err.status, err.message)


@bp.get("/")
def index():
    at = clock_now()
    service.expire_due(_uid(), at)
    items = service.prompts(_uid())
    attempts: dict[str, list] = {}
    for attempt in service.attempts_for(_uid()):
        attempts.setdefault(attempt.item_id, []).append(attempt)
    due = service.card_due(_uid(), [i.id for i in items])
    rows = [(item, limits_for(item.marks, item.word_limit, item.time_limit_minutes), attempts.get(item.id, []), due.get(item.id))
            for item in items]
    return render_template("writing/index.html", rows=rows, now=at)


@bp.get("/prompts/<item_id>")
def prompt(item_id: str):
    at = clock_now()
    service.expire_due(_uid(), at)
    item = _or_abort(service.prompt_or_404, item_id, _uid())
    attempts = [a for a in service.attempts_for(_uid()) if a.item_id == item.id]
    unfinished = next((a for a in attempts if a.status == OPEN), None)
    return render_template("writing/prompt.html", item=item, form=StartForm(), attempts=attempts, unfinished=unfinished,
                           limits=limits_for(item.marks, item.word_limit, item.time_limit_minutes),
                           due=service.card_due(_uid(), [item.id]).get(item.id))


@bp.post("/prompts/<item_id>/start")
def start(item_id: str):
    form = StartForm()
    if not form.validate_on_submit():
        flash("Choose timed or untimed practice, then start.", "error")
        return redirect(url_for("writing.prompt", item_id=item_id))
    attempt, created = _or_abort(service.start, _uid(), {"item_id": item_id, "mode": form.mode.data})
    if not created:
        flash("You have an unfinished answer to this prompt: here it is.", "info")
    return redirect(url_for("writing.attempt", attempt_id=attempt.id))


@bp.get("/attempts/<int:attempt_id>")
def attempt(attempt_id: int):
    at = clock_now()
    attempt = _or_abort(service.attempt_or_404, _uid(), attempt_id, at)
    if attempt.status == OPEN:
        latest = service.latest_version(attempt)
        return render_template("writing/write.html", attempt=attempt, item=attempt.item, latest=latest,
                               remaining=service.remaining_seconds(attempt, at), now=at, form=SubmitAnswerForm())
    return _feedback(attempt, AssessForm())


def _feedback(attempt, form: AssessForm, status: int = 200):
    item = attempt.item
    due = service.card_due(_uid(), [item.id] + [q["item_id"] for q in attempt.queued or []])
    late = [v for v in attempt.versions if v.late]
    return render_template("writing/feedback.html", attempt=attempt, item=item, form=form, hints=HINTS,
                           text=service.submitted_text(attempt), due=due, late=late,
                           outline=outline(item.stem, item.key_points)), status


@bp.post("/attempts/<int:attempt_id>/submit")
def submit(attempt_id: int):
    form = SubmitAnswerForm()
    if not form.validate_on_submit():
        abort(400, "The form's security token is missing or wrong. Reload the page and try again.")
    _or_abort(service.submit_now, _uid(), attempt_id)
    return redirect(url_for("writing.attempt", attempt_id=attempt_id))


@bp.post("/attempts/<int:attempt_id>/assess")
def assess(attempt_id: int):
    at = clock_now()
    attempt = _or_abort(service.attempt_or_404, _uid(), attempt_id, at)
    form = AssessForm()
    if not form.validate_on_submit():
        return _feedback(attempt, form, 422)
    try:
        service.assess(_uid(), attempt, form.marks(), at)
    except ClientError as err:
        if err.status == 404:
            abort(404)
        form.content.errors = [*form.content.errors, err.message]
        return _feedback(attempt, form, err.status if err.status in (409, 422) else 422)
    flash("Self-assessment saved; the prompt is rescheduled.", "success")
    return redirect(url_for("writing.attempt", attempt_id=attempt_id))


@bp.get("/attempts/<int:attempt_id>/history")
def history(attempt_id: int):
    attempt = _or_abort(service.attempt_or_404, _uid(), attempt_id)
    versions = attempt.versions
    numbers = [v.version for v in versions]

    def pick(name: str, default: int | None) -> int | None:
        value = request.args.get(name, type=int)
        return value if value in numbers else default

    b = pick("b", numbers[-1] if numbers else None)
    a = pick("a", numbers[-2] if len(numbers) > 1 else b)
    by_number = {v.version: v for v in versions}
    diff = word_diff(by_number[a].text, by_number[b].text) if a is not None and b is not None else []
    return render_template("writing/history.html", attempt=attempt, item=attempt.item, versions=versions,
                           a=a, b=b, diff=diff)
