"""The study session page: the script over /api/v1/study does the rest."""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from quizapp.extensions import db
from quizapp.models import Document, Topic
from quizapp.srs.scheduler import SrsSettings
from quizapp.study import settings as study_settings
from quizapp.study.forms import OptimizeForm, SettingsForm, format_steps, parse_steps
from quizapp.study.optimize import MIN_DAYS, MIN_REVIEWS, can_optimize, optimize_user

bp = Blueprint("study", __name__)


@bp.get("/")
@login_required
def index():
    filters = {k: request.args.get(k, "") for k in ("bank", "topic", "tag")}
    banks = db.session.execute(sa.select(Document.id, Document.title).order_by(Document.id)).all()
    topics = db.session.scalars(sa.select(Topic.name).order_by(Topic.name)).all()
    return render_template("study/session.html", filters=filters, banks=banks, topics=topics)


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
            moved = study_settings.reschedule_cards(uid, new) if form.reschedule.data else 0
            db.session.commit()
            flash("Settings saved." + (f" {moved} cards rescheduled." if form.reschedule.data else ""), "success")
            return redirect(url_for("study.settings"))
    status = 200 if request.method == "GET" else 422
    return render_template("study/settings.html", form=form, optimise_form=OptimizeForm(), can_optimise=can_optimize(uid),
                           min_reviews=MIN_REVIEWS, min_days=MIN_DAYS, current=current), status


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
