"""The practice pages: choose a test, take it (the script over the API does the rest), read the results."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from quizapp.enums import FlagReason
from quizapp.models.practice import OPEN
from quizapp.practice import attempts as service
from quizapp.practice import display, queries
from quizapp.practice.attempts import PracticeError
from quizapp.practice.builder import SECONDS_PER_QUESTION
from quizapp.practice.forms import NewTestForm, RetakeForm, SubmitTestForm
from quizapp.practice.marking import SCHEMES
from quizapp.practice.queries import Spec

bp = Blueprint("practice", __name__)


def _new_test_form() -> NewTestForm:
    form = NewTestForm()
    form.banks.choices = [SelectChoice(i, t) for i, t in queries.bank_choices(int(current_user.id))]
    form.topics.choices = [SelectChoice(t, t) for t in queries.topic_choices()]
    return form


@bp.route("/", methods=["GET", "POST"])
@login_required
def index():
    uid = int(current_user.id)
    form = _new_test_form()
    status = 200
    if form.validate_on_submit():
        spec = Spec(tuple(form.banks.data or ()), tuple(form.topics.data or ()), form.tag_list(), form.size.data,
                    form.scheme.data, form.minutes.data)
        try:
            attempt = service.create(uid, spec)
        except PracticeError as err:
            form.size.errors = [*form.size.errors, err.message]
        else:
            return redirect(url_for("practice.take", attempt_id=attempt.id))
    if form.is_submitted():
        status = 422
    attempts = service.attempts(uid)
    return render_template("practice/index.html", form=form, retake_form=RetakeForm(),
                           attempts=display.attempt_rows(attempts, queries.tallies(uid)),
                           mistakes=len(queries.mistakes(uid)), pool=queries.pool_size(Spec(), uid),
                           seconds_per_question=SECONDS_PER_QUESTION,
                           scheme_labels={k: v.label for k, v in SCHEMES.items()}), status


@bp.post("/retake")
@login_required
def retake():
    if RetakeForm().validate_on_submit():
        try:
            attempt = service.retake(int(current_user.id))
        except PracticeError as err:
            flash(err.message, "warning")
        else:
            return redirect(url_for("practice.take", attempt_id=attempt.id))
    return redirect(url_for("practice.index"))


@bp.get("/<int:attempt_id>")
@login_required
def take(attempt_id: int):
    attempt = service.load(int(current_user.id), attempt_id)
    if attempt.status != OPEN:
        return redirect(url_for("practice.results", attempt_id=attempt.id))
    return render_template("practice/take.html", attempt=attempt, submit_form=SubmitTestForm())


@bp.post("/<int:attempt_id>/submit")
@login_required
def submit(attempt_id: int):
    if SubmitTestForm().validate_on_submit():
        service.submit_own(int(current_user.id), attempt_id)
    return redirect(url_for("practice.results", attempt_id=attempt_id))


@bp.get("/<int:attempt_id>/results")
@login_required
def results(attempt_id: int):
    attempt = service.load(int(current_user.id), attempt_id)
    if attempt.status == OPEN:
        flash("This test is still running: submit it to see the results.", "info")
        return redirect(url_for("practice.take", attempt_id=attempt.id))
    if attempt.paper_id is not None:  # a class paper: its results page has the rank, and keeps keys until the bell
        return redirect(url_for("classes.paper", paper_id=attempt.paper_id))
    res = service.results(attempt)
    return render_template("practice/results.html", attempt=attempt, figures=display.figures(res),
                           topics=display.topics(res), comparison=display.comparison(res), review=display.review(res),
                           slowest=display.slowest(res), scheme=res.analysis.scheme, retake_form=RetakeForm(),
                           flag_reasons=[(r.value, r.label) for r in FlagReason])
