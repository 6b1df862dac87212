"""The card browser's pages: search (GET), an item's card and history, and actions on a selection (POST, PRG)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict

from quizapp.errors import NotFound
from quizapp.extensions import db
from quizapp.models import Document, Topic
from quizapp.study import browse
from quizapp.study.browse_forms import ACTIONS, ActionForm, SearchForm
from quizapp.web.appstate import now as clock_now

bp = Blueprint("browse", __name__)


def _search_form(args: MultiDict) -> SearchForm:
    banks = [(d, f"{d} · {t}") for d, t in db.session.execute(sa.select(Document.id, Document.title).order_by(Document.id))]
    topics = list(db.session.scalars(sa.select(Topic.name).order_by(Topic.name)))
    return SearchForm(formdata=args, meta={"csrf": False}).with_choices(banks, topics)


def _today(tz: dt.tzinfo) -> dt.date:
    return clock_now().astimezone(tz).date()


def _render(search: SearchForm, action: ActionForm, status: int = 200):
    uid = int(current_user.id)
    tz = browse.user_zone(uid)
    valid = search.validate()
    query = search.query() if valid or not _query_errors(search) else browse.Query()
    after = search.after.data if valid else None
    page = browse.search(uid, query, clock_now(), after=after, tz=tz)
    action.search.data = _encode(query.as_args())
    return render_template("study/browse.html", search=search, action=action, page=page, query=query, tz=tz,
                           args=query.as_args(), actions=ACTIONS), status if valid else 422


def _query_errors(search: SearchForm) -> bool:
    """Whether the search itself is wrong (not only its page cursor): then the page shows everything."""
    return any(f.errors for f in search if f.name != "after")


def _encode(args: dict[str, str]) -> str:
    from urllib.parse import urlencode

    return urlencode(args)


@bp.get("/")
@login_required
def index():
    return _render(_search_form(request.args), ActionForm(formdata=None))


@bp.get("/items/<item_id>")
@login_required
def item(item_id: str):
    uid = int(current_user.id)
    try:
        found = browse.detail(uid, item_id)
    except NotFound:
        abort(404)
    action = ActionForm(formdata=None)
    action.back.data = "item"
    return render_template("study/browse_item.html", d=found, tz=browse.user_zone(uid), action=action,
                           actions=ACTIONS, search_args=request.args.to_dict())


@bp.get("/cards/<int:card_id>")
@login_required
def card(card_id: int):
    try:
        item_id = browse.own_card_item(int(current_user.id), card_id)
    except NotFound:
        abort(404)
    return redirect(url_for("browse.item", item_id=item_id))


@bp.post("/actions")
@login_required
def act():
    uid = int(current_user.id)
    tz = browse.user_zone(uid)
    form = ActionForm(today=_today(tz))
    search = _search_form(MultiDict(_decode(form.search.data)))
    if not form.validate_on_submit():
        return _back_with_errors(form, search)
    if not search.validate():
        form.all_matching.errors = ["The search to apply this to is not valid."]
        return _back_with_errors(form, search)
    query = search.query()
    at = clock_now()
    try:
        ids = list(browse.matching_ids(uid, query, at)) if form.all_matching.data else browse.check_visible(form.items.data, uid)
    except NotFound:
        abort(404)
    message = _apply(uid, form.action.data, ids, at, form.date.data, tz)
    db.session.commit()
    flash(message, "success")
    if form.action.data == "study":
        return redirect(url_for("study.index"))
    if form.back.data == "item" and len(ids) == 1:
        return redirect(url_for("browse.item", item_id=ids[0]))
    return redirect(url_for("browse.index", **query.as_args()))


def _decode(text: str | None) -> list[tuple[str, str]]:
    from urllib.parse import parse_qsl

    return parse_qsl(text or "", max_num_fields=20)


def _back_with_errors(form: ActionForm, search: SearchForm):
    if form.back.data == "item" and len(form.items.data) == 1:
        try:
            found = browse.detail(int(current_user.id), form.items.data[0])
        except NotFound:
            abort(404)
        return render_template("study/browse_item.html", d=found, tz=browse.user_zone(int(current_user.id)),
                               action=form, actions=ACTIONS, search_args={}), 422
    return _render(search, form, 422)


def _apply(uid: int, action: str, ids: list[str], at: dt.datetime, day: Any, tz: dt.tzinfo) -> str:
    n = len(ids)
    if action == "suspend":
        return f"Suspended {browse.suspend(uid, ids, at)} of {n} items."
    if action == "unsuspend":
        return f"Unsuspended {browse.unsuspend(uid, ids)} of {n} items; their due dates are as they were."
    if action == "unflag":
        return f"Unflagged {browse.unflag(uid, ids)} of {n} items."
    if action == "reset":
        return f"Reset {browse.reset(uid, ids, at)} of {n} items to new; their review history is kept."
    if action == "reschedule":
        moved, skipped = browse.reschedule(uid, ids, day, tz)
        return f"Rescheduled {moved} items to {day.isoformat()}." + (
            f" {skipped} new items were left alone: a new item has no interval to move." if skipped else "")
    queued = browse.study_now(uid, ids, at)
    return f"{len(queued)} items are due now: study them from the top of your queue."
