"""Placeholder until the answer writing feature lands."""

from __future__ import annotations

from flask import render_template
from flask_login import login_required

from quizapp.writing import bp


@bp.get("/")
@login_required
def index():
    return render_template("main/placeholder.html", title="Answer writing", blurb="Timed Mains-style answers with key-point feedback.")
