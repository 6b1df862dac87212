"""The home page and the health check."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

bp = Blueprint("main", __name__)


SECTIONS = {
    "practice.index": ("Practice tests", "Prelims-style mock tests with UPSC marking and analysis."),
    "writing.index": ("Answer writing", "Timed Mains-style answers with key-point feedback."),
    "progress.index": ("Progress", "Due counts, retention, topic mastery and trends."),
}


@bp.get("/")
def index():
    if not current_user.is_authenticated:
        return render_template("main/landing.html")
    from quizapp.progress.dashboard import streak_of
    from quizapp.study import service
    from quizapp.study.queue import Filters
    from quizapp.web.appstate import now, progress_caches

    at, uid = now(), int(current_user.id)
    # The dashboard's summary: today's counts and the streak; the rest is at /progress/.
    return render_template("main/home.html", sections=SECTIONS, study_counts=service.summary(uid, Filters(), at),
                           streak=streak_of(uid, at, progress_caches()))


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}


@bp.get("/favicon.ico")
def favicon():
    """Chromium asks for /favicon.ico on some pages despite the page's <link rel="icon"> (seen on the study summary
    in CI): the same icon answers there, so no page logs a failed request."""
    from pathlib import Path

    from flask import Response, current_app

    icon = Path(current_app.static_folder or "static") / "favicon.svg"
    return Response(icon.read_bytes(), mimetype="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"})
