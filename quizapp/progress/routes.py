"""Placeholder until the progress feature lands."""

from __future__ import annotations

from flask import render_template
from flask_login import login_required

from quizapp.progress import bp


@bp.get("/")
@login_required
def index():
    return render_template("main/placeholder.html", title="Progress", blurb="Due counts, retention, topic mastery and trends.")
