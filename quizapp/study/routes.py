"""The study session page: the script over /api/v1/study does the rest."""

from __future__ import annotations

import sqlalchemy as sa
from flask import render_template, request
from flask_login import login_required

from quizapp.extensions import db
from quizapp.models import Document, Topic
from quizapp.study import bp


@bp.get("/")
@login_required
def index():
    filters = {k: request.args.get(k, "") for k in ("bank", "topic", "tag")}
    banks = db.session.execute(sa.select(Document.id, Document.title).order_by(Document.id)).all()
    topics = db.session.scalars(sa.select(Topic.name).order_by(Topic.name)).all()
    return render_template("study/session.html", filters=filters, banks=banks, topics=topics)
