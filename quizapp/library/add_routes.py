"""``/library/add``: a learner adds a document (paste, file or link), confirms its metadata, and watches it build.

Thin on purpose: reading and queueing are ``quizapp.library.adding``, the
build is the ``build_document`` job. Nothing is stored until the learner
confirms, and then only the job row; a refusal at any step is a message on
the page and no write.
"""

from __future__ import annotations

import os

from flask import abort, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from quizapp.extensions import db
from quizapp.library import adding
from quizapp.library.add_forms import AddForm, ConfirmForm
from quizapp.library.routes import bp
from quizapp.tasks.jobs import DONE, FAILED
from quizapp.uploads import UploadError, guess_meta
from quizapp.uploads.limits import MAX_BYTES, megabytes

#: A whole 10 MB file plus the multipart envelope; the text of a confirmed document rides in the form too.
ADD_LIMIT = MAX_BYTES + 1024 * 1024
ADD_ENDPOINTS = ("library.add", "library.add_confirm")
TOO_BIG = f"This file is larger than {megabytes(MAX_BYTES)}, the limit. Split it or trim it and try again."


@bp.url_value_preprocessor
def _add_limit(endpoint, values) -> None:
    """Before the CSRF hook reads the body, so the raised limit covers that read as well."""
    if endpoint in ADD_ENDPOINTS:
        request.max_content_length = ADD_LIMIT


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(err):
    if request.endpoint not in ADD_ENDPOINTS:
        from quizapp.errors import _respond

        return _respond(413, "Payload Too Large", err.description or "The request is too large.")
    # The body was never read: a fresh form, not one bound to it (binding would raise again).
    return render_template("library/add.html", form=AddForm(formdata=None), error=TOO_BIG), 413


def _uid() -> int:
    return int(current_user.id)


@bp.route("/add", methods=["GET", "POST"])
def add():
    form = AddForm()
    if not form.validate_on_submit():
        return render_template("library/add.html", form=form), 422 if form.is_submitted() else 200
    upload = form.file.data if "file" in form.given() else None
    try:
        extracted = adding.read(
            text=form.text.data, url=(form.url.data or "").strip() or None,
            filename=upload.filename if upload else None, stream=upload.stream if upload else None,
            config=_fetch_config(),
        )
    except UploadError as exc:
        return render_template("library/add.html", form=form, error=exc.message), 422
    already = adding.already_added(db.engine, db.session, _uid(), extracted.text)
    if already is not None:
        return render_template("library/add.html", form=AddForm(formdata=None), already=already), 409
    meta = guess_meta(extracted)
    confirm = ConfirmForm(formdata=None, data={
        "text": extracted.text, "file": extracted.filename or "", "url": extracted.extra.get("url") or "",
        "title": meta.title or (extracted.filename or "").rsplit(".", 1)[0] or _first_words(extracted.text),
        "publisher": meta.publisher,
        "published": meta.published, "as_of": meta.as_of,
    })
    return render_template("library/add_confirm.html", form=confirm, extracted=extracted,
                           preview=_preview(extracted.text))


@bp.post("/add/confirm")
def add_confirm():
    form = ConfirmForm()
    text = form.text.data or ""
    if not form.validate_on_submit():
        return render_template("library/add_confirm.html", form=form, extracted=None, preview=_preview(text)), 422
    already = adding.already_added(db.engine, db.session, _uid(), text)
    if already is not None:
        return render_template("library/add.html", form=AddForm(formdata=None), already=already), 409
    confirmed = adding.Confirmed(text=text, title=form.title.data.strip(), publisher=(form.publisher.data or "").strip() or None,
                                 published=form.published.data, as_of=form.as_of.data or form.published.data,
                                 file=form.file.data or None, url=form.url.data or None)
    try:
        job_id = adding.submit(db.engine, _uid(), confirmed)
    except UploadError as exc:
        return render_template("library/add_confirm.html", form=form, extracted=None, preview=_preview(text),
                               error=exc.message), 422
    return redirect(url_for("library.build_progress", job_id=job_id), 303)


@bp.get("/add/builds/<int:job_id>")
def build_progress(job_id: int):
    job = adding.job_for(db.engine, _uid(), job_id)
    if job is None:
        abort(404)
    return render_template("library/add_progress.html", job=job, status=_status(job))


@bp.get("/add/builds/<int:job_id>.json")
def build_status(job_id: int):
    job = adding.job_for(db.engine, _uid(), job_id)
    if job is None:
        return jsonify(error="Not Found", message="no such build", status=404), 404
    return jsonify(_status(job))


def _status(job) -> dict:
    result = job.result if job.state == DONE and isinstance(job.result, dict) else {}
    doc_id = result.get("document")
    return {
        "id": job.id, "state": job.state, "title": job.payload.get("title"),
        "done": job.progress_done, "total": job.progress_total,
        "note": job.progress_note if job.state not in (DONE, FAILED) else None,
        "summary": _summary(result) if result else None,
        "reason": adding.reason(job), "items": result.get("items"), "by_status": result.get("by_status"),
        "document_url": url_for("library.document", doc_id=doc_id) if doc_id else None,
        "review_url": url_for("review.index", document=doc_id) if doc_id else None,
    }


def _summary(result: dict) -> str:
    by = result.get("by_status") or {}
    held = by.get("held", 0)
    text = f"{result.get('items', 0)} questions, {by.get('generated', 0)} waiting for your review"
    return text + (f", {held} held back by the quality checks (their reasons are in the queue)" if held else "")


def _fetch_config() -> dict:
    from flask import current_app

    # App config first (tests, an intranet's settings file), then the environment (a deployment).
    return {k: current_app.config.get(k) or os.environ.get(k) for k in ("QUIZAPP_FETCH_ALLOW", "QUIZAPP_FETCH_TIMEOUT")}


def _first_words(text: str, n: int = 10) -> str:
    words = text.split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


def _preview(text: str, limit: int = 1200) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"
