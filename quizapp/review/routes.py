"""/review: the queue page and its actions (thin: quizapp.review.service decides who may do what)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from quizapp.auth.roles import is_editor
from quizapp.enums import FlagReason, ItemStatus
from quizapp.errors import NotFound
from quizapp.extensions import db
from quizapp.review import service, versions
from quizapp.review.forms import LETTERS, ActionForm, EditForm, FlagForm, HoldForm, ResolveForm
from quizapp.review.service import EditRefused, Filters, ReviewError

bp = Blueprint("review", __name__)


@bp.before_request
@login_required
def _require_login():
    return None


def _who() -> service.Reviewer:
    return service.Reviewer(int(current_user.id), is_editor(current_user))


def _back(form: ActionForm | EditForm) -> str:
    """Back to the queue view the action came from; only a /review path (never another site)."""
    back = form.back.data or ""
    return back if back.startswith("/review") and not back.startswith("//") else url_for("review.index")


def _filters() -> Filters:
    a = request.args
    return Filters(document=a.get("document") or None, status=a.get("status") or None,
                   reason=a.get("reason") or None, flagged=a.get("flags") == "open")


@bp.get("/")
def index():
    who, filters = _who(), _filters()
    try:
        doc = service.document(who, filters.document) if filters.document else None
    except NotFound:
        abort(404)
    back = request.full_path.rstrip("?")
    return render_template("review/index.html", rows=service.queue(who, filters), filters=filters, doc=doc,
                           documents=service.documents(who), reasons=service.reasons(who), editor=who.editor,
                           statuses=list(ItemStatus), action=ActionForm(back=back, formdata=None),
                           hold=HoldForm(back=back, formdata=None), resolve=ResolveForm(back=back, formdata=None),
                           letters=LETTERS, flag_labels={r.value: r.label for r in FlagReason})


def _act(fn, item_id: str, done: str, form: ActionForm):
    try:
        fn(item_id)
    except NotFound:
        abort(404)
    except ReviewError as err:
        flash(err.message, "warning")
        return redirect(_back(form), 303)
    flash(done, "success")
    return redirect(_back(form), 303)


@bp.post("/items/<item_id>/approve")
def approve(item_id: str):
    form = ActionForm()
    return _act(lambda i: service.approve(_who(), i), item_id, "Approved.", form)


@bp.post("/items/<item_id>/retire")
def retire(item_id: str):
    form = ActionForm()
    return _act(lambda i: service.retire(_who(), i), item_id, "Retired: it is no longer served.", form)


@bp.post("/items/<item_id>/hold")
def hold(item_id: str):
    form = HoldForm()
    if not form.validate():
        try:
            service.item(_who(), item_id)
        except NotFound:
            abort(404)
        flash(" ".join(e for errs in form.errors.values() for e in errs), "warning")
        return redirect(_back(form), 303)
    return _act(lambda i: service.hold(_who(), i, form.reason.data), item_id, "Held: it is not served.", form)


@bp.post("/documents/<doc_id>/approve")
def approve_all(doc_id: str):
    form = ActionForm()
    try:
        n = service.bulk_approve(_who(), doc_id)
    except NotFound:
        abort(404)
    flash(f"Approved {n} generated items; held items wait for a decision each.", "success")
    return redirect(_back(form), 303)


@bp.post("/documents/<doc_id>/publish")
def publish(doc_id: str):
    form = ActionForm()
    try:
        n = service.publish(_who(), doc_id)
    except NotFound:
        abort(404)
    except ReviewError as err:
        flash(err.message, "warning")
        return redirect(_back(form), 303)
    flash(f"Published to the shared library: every learner now studies its {n} reviewed items.", "success")
    return redirect(_back(form), 303)


@bp.route("/items/<item_id>/edit", methods=["GET", "POST"])
def edit(item_id: str):
    who = _who()
    try:
        it = service.item(who, item_id)
    except NotFound:
        abort(404)
    form = EditForm()
    if request.method == "GET":
        _fill(form, it)
        form.back.data = request.args.get("back") or ""
    elif it.type == "mcq" and form.key.data not in ("0", "1", "2", "3"):
        form.key.errors = ["Choose the key: A, B, C or D."]
        return _edit_page(it, form), 400
    elif form.validate():
        change = service.Edit(
            stem=form.stem.data.strip(), options=form.options() if it.type == "mcq" else [],
            answer=int(form.key.data) if it.type == "mcq" else (form.answer.data or "").strip() or None,
            explanation=(form.explanation.data or "").strip(), start=form.start.data, end=form.end.data)
        try:
            service.edit(who, item_id, change)
        except EditRefused as err:
            db.session.rollback()
            form.key.errors = list(err.problems) if it.type == "mcq" else []
            if it.type != "mcq":
                form.answer.errors = list(err.problems)
            return _edit_page(it, form, refused=err.problems), 400
        except ReviewError as err:
            db.session.rollback()
            return _edit_page(it, form, refused=[err.message]), 400
        flash(f"Saved as version {it.version}; the bank checks passed.", "success")
        return redirect(_back(form), 303)
    else:
        return _edit_page(it, form), 400
    return _edit_page(it, form)


def _fill(form: EditForm, it) -> None:
    form.stem.data, form.explanation.data = it.stem, it.explanation
    for field, value in zip((form.option_a, form.option_b, form.option_c, form.option_d), it.options or [],
                            strict=False):
        field.data = value
    if it.type == "mcq" and isinstance(it.answer, int):
        form.key.data = str(it.answer)
    else:
        form.answer.data = "" if it.answer is None else str(it.answer)
    form.start.data, form.end.data = it.start, it.end


def _edit_page(it, form: EditForm, refused: list[str] | None = None):
    return render_template("review/edit.html", item=it, form=form, row=service.row(it), refused=refused or [],
                           history=versions.history(it.id), text=it.document.text or "")


@bp.post("/flags/<int:flag_id>/resolve")
def resolve(flag_id: int):
    form = ResolveForm()
    try:
        f = service.flag(_who(), flag_id)
    except NotFound:
        abort(404)
    if not form.validate():
        flash(" ".join(e for errs in form.errors.values() for e in errs), "warning")
        return redirect(_back(form), 303)
    try:
        service.resolve(_who(), f.id, form.resolution.data)
    except ReviewError as err:
        flash(err.message, "warning")
        return redirect(_back(form), 303)
    flash("Flag resolved; the learner sees what was done on the item page.", "success")
    return redirect(_back(form), 303)


@bp.post("/flags")
def raise_flag():
    """A learner's flag from a page (the test review); study's F uses the API."""
    form = FlagForm()
    if not form.validate():
        flash("Choose a reason for the flag.", "warning")
        return redirect(url_for("main.index"), 303)
    try:
        service.raise_flag(int(current_user.id), form.item_id.data, form.reason.data, form.note.data or "")
    except NotFound:
        abort(404)
    db.session.commit()
    flash("Flagged: the item's reviewers will see it in their queue.", "success")
    back = form.back.data or ""
    safe = back.startswith("/") and not back.startswith("//")
    return redirect(back if safe else url_for("library.item", item_id=form.item_id.data), 303)
