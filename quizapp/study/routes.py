"""The study session page: the script over /api/v1/study does the rest."""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from quizapp.enums import FlagReason
from quizapp.errors import ClientError
from quizapp.extensions import db
from quizapp.models import Card, Document, Item, Topic
from quizapp.srs.scheduler import SrsSettings
from quizapp.study import service
from quizapp.study import settings as study_settings
from quizapp.study.forms import CardToggleForm, OptimizeForm, SettingsForm, StudyMoreForm, format_steps, parse_steps
from quizapp.study.optimize import MIN_DAYS, MIN_REVIEWS, can_optimize, optimize_user
from quizapp.web.appstate import now

bp = Blueprint("study", __name__)


@bp.get("/")
@login_required
def index():
    filters = {k: request.args.get(k, "") for k in ("bank", "topic", "tag")}
    banks = db.session.execute(sa.select(Document.id, Document.title).order_by(Document.id)).all()
    topics = db.session.scalars(sa.select(Topic.name).order_by(Topic.name)).all()
    return render_template("study/session.html", filters=filters, banks=banks, topics=topics, more_form=StudyMoreForm(),
                           flag_reasons=list(FlagReason),
                           set_filters={k: v for k, v in filters.items() if v})


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings():
    uid = int(current_user.id)
    current = study_settings.load(uid)
    form = SettingsForm()
    if request.method == "GET":
        form.desired_retention.data = Decimal(str(current.desired_retention))
        form.learning_steps.data = format_steps(current.learning_steps)
        form.relearning_steps.data = format_steps(current.relearning_steps)
        form.maximum_interval.data = current.maximum_interval
        form.new_per_day.data = current.new_per_day
        form.reviews_per_day.data = current.reviews_per_day
        form.new_order.data = service.new_order(uid)
    elif form.validate_on_submit():
        candidate = {
            **current.to_dict(),
            "desired_retention": float(form.desired_retention.data),
            "learning_steps": [s.total_seconds() for s in parse_steps(form.learning_steps.data)],
            "relearning_steps": [s.total_seconds() for s in parse_steps(form.relearning_steps.data)],
            "maximum_interval": form.maximum_interval.data,
            "new_per_day": form.new_per_day.data,
            "reviews_per_day": form.reviews_per_day.data,
        }
        try:
            new = SrsSettings.from_dict(candidate)
        except ValueError as err:  # the form's checks should catch all of these; the scheduler has the last word
            form.desired_retention.errors = [*form.desired_retention.errors, str(err)]
        else:
            study_settings.save(uid, new)
            study_settings.save_new_order(uid, form.new_order.data)
            moved = study_settings.reschedule_cards(uid, new) if form.reschedule.data else 0
            db.session.commit()
            flash("Settings saved." + (f" {moved} cards rescheduled." if form.reschedule.data else ""), "success")
            return redirect(url_for("study.settings"))
    status = 200 if request.method == "GET" else 422
    return render_template("study/settings.html", form=form, optimise_form=OptimizeForm(), can_optimise=can_optimize(uid),
                           min_reviews=MIN_REVIEWS, min_days=MIN_DAYS, current=current,
                           held=_held_cards(uid), toggle_form=CardToggleForm()), status


def _held_cards(uid: int) -> dict[str, list]:
    """Suspended and flagged cards, each listed with its item, so they can be released from here."""
    rows = db.session.execute(
        sa.select(Card.item_id, Card.suspended, Card.flagged, Item.stem)
        .join(Item, Item.id == Card.item_id)
        .where(Card.user_id == uid, sa.or_(Card.suspended.is_(True), Card.flagged.is_(True)))
        .order_by(Card.item_id)
    ).all()
    return {"suspended": [r for r in rows if r.suspended], "flagged": [r for r in rows if r.flagged]}


@bp.post("/settings/cards")
@login_required
def release_card():
    form = CardToggleForm()
    if not form.validate_on_submit():
        flash("Could not change that card.", "warning")
        return redirect(url_for("study.settings")), 303
    uid = int(current_user.id)
    card = db.session.scalar(sa.select(Card).where(Card.user_id == uid, Card.item_id == form.item_id.data))
    if card is None:
        return "no such card", 404
    setattr(card, form.field.data, False)
    db.session.commit()
    flash("Unsuspended." if form.field.data == "suspended" else "Flag removed.", "success")
    return redirect(url_for("study.settings")), 303


@bp.get("/summary")
@login_required
def summary():
    """JSON for the end-of-session card (the study page fetches it when the queue is empty)."""
    return jsonify(service.session_summary(int(current_user.id), now()))


@bp.post("/more")
@login_required
def study_more():
    form = StudyMoreForm()
    if form.validate_on_submit():
        try:
            extra = service.study_more(int(current_user.id), form.extra.data, now())
        except ClientError as err:
            flash(str(err), "warning")
        else:
            flash(f"{extra} more new items today.", "success")
    else:
        flash("Choose from 1 to 100 extra new items.", "warning")
    return redirect(url_for("study.index", **{k: v for k, v in request.args.items() if k in ("bank", "topic", "tag")})), 303


@bp.post("/settings/optimise")
@login_required
def optimize():
    form = OptimizeForm()
    if form.validate_on_submit():
        try:
            result = optimize_user(int(current_user.id))
        except ValueError as err:
            flash(str(err), "warning")
        else:
            verdict = "The new parameters are in use." if result.kept else "Your current parameters predict better; kept them."
            flash(f"Log loss {result.before.log_loss:.4f} → {result.after.log_loss:.4f}, RMSE(bins) "
                  f"{result.before.rmse_bins:.4f} → {result.after.rmse_bins:.4f} on held-out reviews. {verdict}", "info")
    return redirect(url_for("study.settings"))
