"""The class pages: my classes, one class, scheduling a paper, sitting it, its results and item analysis.

Thin: rules live in `groups`, `papers`, `compute` and `results`. Another
class's pages are a 404 (NotFound from `visible_class`/`visible_paper`).
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup
from wtforms.fields.choices import SelectChoice

from quizapp.classes import charts, compute, groups, papers, results
from quizapp.classes.forms import AnonymousForm, ButtonForm, JoinForm, NewClassForm, PaperForm
from quizapp.classes.groups import ClassError
from quizapp.enums import OPEN
from quizapp.extensions import db
from quizapp.models import Item
from quizapp.models.classes import ClassMember, ItemFlag
from quizapp.practice import marking, queries
from quizapp.web.appstate import now as clock_now

bp = Blueprint("classes", __name__)
UTC = dt.UTC


def _uid() -> int:
    return int(current_user.id)


@bp.get("/")
@login_required
def index():
    teaching, member = groups.classes_of(_uid())
    return render_template("classes/index.html", teaching=teaching, member=member, new_form=NewClassForm(),
                           join_form=JoinForm(), can_teach=groups.can_teach(current_user))


@bp.post("/")
@login_required
def create():
    form = NewClassForm()
    if not groups.can_teach(current_user):
        abort(403)
    if form.validate_on_submit():
        try:
            group = groups.create(current_user, form.name.data)
        except ClassError as err:
            flash(err.message, "warning")
        else:
            return redirect(url_for("classes.show", class_id=group.id))
    teaching, member = groups.classes_of(_uid())
    return render_template("classes/index.html", teaching=teaching, member=member, new_form=form, join_form=JoinForm(),
                           can_teach=True), 422


@bp.route("/join", methods=["POST"])
@login_required
def join():
    form = JoinForm()
    if form.validate_on_submit():
        try:
            group = groups.join(current_user, form.code.data)
        except ClassError as err:
            form.code.errors = [*form.code.errors, err.message]
        else:
            flash(f"You joined {group.name}.", "success")
            return redirect(url_for("classes.show", class_id=group.id))
    teaching, member = groups.classes_of(_uid())
    return render_template("classes/index.html", teaching=teaching, member=member, new_form=NewClassForm(),
                           join_form=form, can_teach=groups.can_teach(current_user)), 422


@bp.get("/join/<code>")
@login_required
def join_link(code: str):
    """The invite link: a page with the code filled in; joining is still a POST with the CSRF token."""
    form = JoinForm(code=groups.normalise_code(code)[:32])
    return render_template("classes/join.html", form=form)


@bp.get("/<int:class_id>")
@login_required
def show(class_id: int):
    group = groups.visible_class(class_id, _uid())
    teacher = group.teacher_id == _uid()
    member = None if teacher else db.session.get(ClassMember, (group.id, _uid()))
    return render_template("classes/show.html", group=group, teacher=teacher,
                           members=groups.members(group) if teacher else None,
                           invite_url=url_for("classes.join_link", code=group.invite_code, _external=True),
                           leave_form=ButtonForm(), anonymous_form=AnonymousForm(anonymous=member.anonymous if member else False),
                           now=clock_now(), state=papers.state)


@bp.post("/<int:class_id>/leave")
@login_required
def leave(class_id: int):
    group = groups.visible_class(class_id, _uid())
    if ButtonForm().validate_on_submit() and group.teacher_id != _uid():
        groups.leave(group, _uid())
        flash(f"You left {group.name}.", "info")
        return redirect(url_for("classes.index"))
    return redirect(url_for("classes.show", class_id=class_id))


@bp.post("/<int:class_id>/anonymous")
@login_required
def anonymous(class_id: int):
    group = groups.visible_class(class_id, _uid())
    form = AnonymousForm()
    if form.validate_on_submit():
        groups.set_anonymous(group, _uid(), bool(form.anonymous.data))
    return redirect(url_for("classes.show", class_id=class_id))


def _paper_form() -> PaperForm:
    form = PaperForm()
    form.banks.choices = [SelectChoice(i, t) for i, t in queries.bank_choices()]
    form.topics.choices = [SelectChoice(t, t) for t in queries.topic_choices()]
    return form


@bp.route("/<int:class_id>/papers/new", methods=["GET", "POST"])
@login_required
def new_paper(class_id: int):
    group = groups.teaching_class(class_id, _uid())
    form = _paper_form()
    if request.method == "GET":
        start = clock_now().replace(second=0, microsecond=0) + dt.timedelta(hours=1)
        form.opens_at.data, form.closes_at.data = start.replace(tzinfo=None), (start + dt.timedelta(hours=3)).replace(tzinfo=None)
    status = 200
    if form.validate_on_submit():
        spec = papers.Schedule(
            title=form.title.data, opens_at=form.opens_at.data.replace(tzinfo=UTC),
            closes_at=form.closes_at.data.replace(tzinfo=UTC), size=form.size.data or papers.UPSC_QUESTIONS,
            minutes=form.minutes.data, scheme=form.scheme.data, banks=tuple(form.banks.data or ()),
            topics=tuple(form.topics.data or ()), tags=form.tag_list(), item_ids=form.id_list(),
            results_at_once=bool(form.results_at_once.data), leaderboard=bool(form.leaderboard.data))
        try:
            paper = papers.schedule(group, spec)
        except ClassError as err:
            form.title.errors = [*form.title.errors, err.message]
        else:
            return redirect(url_for("classes.paper", paper_id=paper.id))
    if form.is_submitted():
        status = 422
    return render_template("classes/new_paper.html", group=group, form=form), status


@bp.get("/papers/<int:paper_id>")
@login_required
def paper(paper_id: int):
    p = papers.visible_paper(paper_id, _uid())
    at = clock_now()
    teacher = papers.is_teacher(p, _uid())
    attempt = None if teacher else papers.attempt_of(p, _uid())
    if attempt is not None and attempt.status == OPEN and attempt.deadline + compute.attempts.GRACE <= at:
        compute.attempts.submit(attempt.id, at, by="deadline", only_if_expired=True)
        db.session.refresh(attempt)
    ready = compute.released(p, at, attempt, teacher) and compute.ensure(p, at)
    mine = results.mine(p, _uid()) if ready and not teacher else None
    show_board = ready and (teacher or p.leaderboard)
    board = results.leaderboard(p, teacher) if show_board else []
    chart = Markup(charts.distribution(p.summary)) if ready and p.summary.get("candidates") else None
    return render_template("classes/paper.html", paper=p, teacher=teacher, attempt=attempt, state=papers.state(p, at),
                           ready=ready, mine=mine, board=board, show_board=show_board, chart=chart,
                           scheme=marking.scheme(p.scheme), start_form=ButtonForm(), fmt=charts.fmt,
                           percentile_convention=results.PERCENTILE_CONVENTION,
                           rank_convention=results.RANK_CONVENTION)


@bp.post("/papers/<int:paper_id>/start")
@login_required
def start(paper_id: int):
    p = papers.visible_paper(paper_id, _uid())
    if not ButtonForm().validate_on_submit():
        return redirect(url_for("classes.paper", paper_id=paper_id))
    try:
        attempt = papers.start(p, _uid())
    except ClassError as err:
        flash(err.message, "warning")
        return redirect(url_for("classes.paper", paper_id=paper_id))
    return redirect(url_for("practice.take", attempt_id=attempt.id))


@bp.get("/papers/<int:paper_id>/items")
@login_required
def items(paper_id: int):
    p = papers.visible_paper(paper_id, _uid())
    if not papers.is_teacher(p, _uid()):
        abort(404)
    at = clock_now()
    ready = compute.released(p, at, None, True) and compute.ensure(p, at)
    return render_template("classes/items.html", paper=p, ready=ready, rows=results.item_analysis(p) if ready else [],
                           fmt=charts.fmt)


@bp.get("/items/<item_id>/flags")
@login_required
def flags(item_id: str):
    """Flags raised on an item, for the people who can act on them (teachers, editors, admins)."""
    if not groups.can_teach(current_user):
        abort(404)
    item = db.get_or_404(Item, item_id)
    if not item.visible(current_user.id):  # a learner's private item is a 404 to a teacher too
        abort(404)
    rows = db.session.scalars(db.select(ItemFlag).where(ItemFlag.item_id == item_id)
                              .order_by(ItemFlag.status, ItemFlag.created_at.desc())).all()
    return render_template("classes/flags.html", item=item, flags=rows)


@bp.app_context_processor
def _item_flags():
    """`item_flags(item_id)` for the library's item page: the open flags, for the people who act on them.

    Teachers and editors on shared items; the owner on their own document's items (they review those).
    """

    def item_flags(item_id: str) -> list[ItemFlag]:
        if not current_user.is_authenticated:
            return []
        item = db.session.get(Item, item_id)
        owner = item.document.owner_id if item is not None else None
        if not (owner == current_user.id or (owner is None and groups.can_teach(current_user))):
            return []
        return list(db.session.scalars(db.select(ItemFlag).where(ItemFlag.item_id == item_id, ItemFlag.status == "open")
                                       .order_by(ItemFlag.created_at.desc())))

    return {"item_flags": item_flags}
