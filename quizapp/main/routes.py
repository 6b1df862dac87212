"""The home page and the sections whose own features have not landed yet."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user, login_required

from quizapp.main import bp

SECTIONS = {
    "practice": ("Practice tests", "Prelims-style mock tests with UPSC marking and analysis."),
    "writing": ("Answer writing", "Timed Mains-style answers with key-point feedback."),
    "progress": ("Progress", "Due counts, retention, topic mastery and trends."),
}


@bp.get("/")
def index():
    if not current_user.is_authenticated:
        return render_template("main/landing.html")
    return render_template("main/home.html", sections=SECTIONS, study_counts=_study_counts())


def _study_counts() -> dict[str, int]:
    from quizapp.study import service
    from quizapp.study.queue import Filters

    return service.summary(int(current_user.id), Filters())


def _placeholder(key: str):
    @login_required
    def view():
        title, blurb = SECTIONS[key]
        return render_template("main/placeholder.html", title=title, blurb=blurb)

    view.__name__ = key
    return view


for _key in SECTIONS:
    bp.add_url_rule(f"/{_key}", endpoint=_key, view_func=_placeholder(_key))


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}
