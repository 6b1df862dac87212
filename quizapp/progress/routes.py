"""The dashboard page, its CSV downloads, and export/import of the user's data.

Thin: figures come from `dashboard.build`, pictures and tables from `charts`,
files from `transfer`. The SVG is inlined as Markup because pygal builds it
with lxml, which escapes every label (topic and bank names come from banks).
"""

from __future__ import annotations

import io
import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, send_file, url_for
from flask_login import current_user, login_required
from markupsafe import Markup

from quizapp.progress import charts, dashboard, transfer
from quizapp.progress.forms import ImportForm
from quizapp.web.appstate import now, progress_caches

bp = Blueprint("progress", __name__)


@bp.app_template_filter("pct")
def pct(rate: float | None) -> str:
    """0.8 -> "80.0%"; no data -> "–" (never a misleading 0%)."""
    return "–" if rate is None else f"{100 * rate:.1f}%"


def _uid() -> int:
    return int(current_user.id)


def _page(form: ImportForm, status: int = 200):
    figures = dashboard.build(_uid(), now(), progress_caches())
    panels = []
    for name, (table_fn, chart_fn) in charts.CHARTS.items():
        svg = chart_fn(figures)
        panels.append({"name": name, "table": table_fn(figures), "svg": Markup(svg) if svg else None})
    return render_template("progress/dashboard.html", d=figures, panels=panels, form=form), status


@bp.get("/")
@login_required
def index():
    return _page(ImportForm())


@bp.get("/<name>.csv")
@login_required
def csv_download(name: str):
    if name not in charts.CHARTS:
        abort(404)
    table = charts.CHARTS[name][0](dashboard.build(_uid(), now(), progress_caches()))
    return Response(table.csv(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="quizapp-{name}.csv"'})


@bp.get("/export")
@login_required
def export():
    at = now()
    body = json.dumps(transfer.export_user(_uid(), at), ensure_ascii=False, separators=(",", ":"))
    name = f"quizapp-{current_user.username}-{at.date().isoformat()}.json"
    # send_file quotes and RFC 5987-encodes the name, whatever characters an old account's name holds.
    return send_file(io.BytesIO(body.encode("utf-8")), mimetype="application/json", as_attachment=True,
                     download_name=name, max_age=0)


@bp.post("/import")
@login_required
def import_data():
    form = ImportForm()
    if form.validate_on_submit():
        try:
            counts = transfer.import_user(_uid(), form.file.data.read(), now())
        except transfer.ImportRefused as err:
            form.file.errors = [*form.file.errors, str(err)]
        else:
            flash(f"Imported {counts['cards']} cards and {counts['review_logs']} reviews.", "success")
            return redirect(url_for("progress.index"))
    return _page(form, 422)
