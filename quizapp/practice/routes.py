"""Placeholder until the practice tests feature lands."""

from __future__ import annotations

from flask import render_template
from flask_login import login_required

from quizapp.practice import bp


@bp.get("/")
@login_required
def index():
    return render_template("main/placeholder.html", title="Practice tests", blurb="Prelims-style mock tests with UPSC marking and analysis.")
