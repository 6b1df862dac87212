"""The Library's import page and export downloads (issue 19).

Imports from the page are private to the uploader (the shared library is the
operator's, filled with `quizapp import`). Exports are GET downloads: they
change nothing.
"""

from __future__ import annotations

import io

from flask import Blueprint, abort, render_template, request, send_file
from flask_login import current_user, login_required

from quizapp.formats import MAX_BYTES, FormatError
from quizapp.interchange import service
from quizapp.interchange.forms import ExportForm, ImportForm
from quizapp.models import Document

bp = Blueprint("interchange", __name__)

#: The page accepts a whole 50 MB bank plus the multipart envelope; every other route keeps the app's 2 MB.
UPLOAD_LIMIT = MAX_BYTES + 1024 * 1024


@bp.url_value_preprocessor
def _upload_limit(endpoint, values) -> None:
    """Runs before the app's CSRF hook reads the body, so the raised limit applies to that read too."""
    if endpoint == "interchange.import_page":
        request.max_content_length = UPLOAD_LIMIT


@bp.before_request
@login_required
def _require_login():
    return None


def _uid() -> int:
    return int(current_user.id)


@bp.route("/import", methods=["GET", "POST"])
def import_page():
    form = ImportForm()
    summary = error = None
    status = 200
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read(MAX_BYTES + 1)
        name = (upload.filename or "upload").rsplit("/", 1)[-1].rsplit("\\", 1)[-1] or "upload"
        try:
            summary = service.import_file(data, name=name, fmt=form.format.data, bank=form.bank.data or None,
                                          owner=_uid(), dry_run=form.dry_run.data)
        except (FormatError, service.ImportError_) as exc:
            error, status = str(exc), 422
    elif form.is_submitted():
        status = 422
    return render_template("library/import.html", form=form, summary=summary, error=error), status


def _download(data: bytes, bank: str, fmt: str):
    mimetype = {"apkg": "application/octet-stream", "moodle-xml": "application/xml", "csv": "text/csv",
                "gift": "text/plain"}[fmt]
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=service.export_name(bank, fmt))


def _format() -> str:
    fmt = request.args.get("format", "apkg")
    if fmt not in service.EXPORT_FORMATS:
        abort(400, f"format must be one of {', '.join(service.EXPORT_FORMATS)}")
    return fmt


@bp.get("/banks/<doc_id>/export")
def export_bank(doc_id: str):
    fmt = _format()
    try:
        doc, items = service.bank_items(doc_id, _uid())
    except service.ImportError_:
        abort(404)
    data, _lines = service.export_items(items, fmt, doc.title)
    return _download(data, doc.title, fmt)


@bp.get("/export")
def export_library():
    """The user's own library: every bank they imported."""
    fmt = _format()
    data, _lines = service.export_items(service.library_items(_uid()), fmt, f"quizapp {current_user.username}")
    return _download(data, f"quizapp {current_user.username}", fmt)


def bank_page(doc: Document):
    """An imported bank's page (the library's document route hands over: there is no text to show)."""
    items = service.bank_items(doc.id, _uid())[1]
    return render_template("library/bank.html", doc=doc, items=items, export_form=ExportForm(formdata=None))
