"""The Library: documents, their facts in context, and every item with its source."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required

from quizapp import open_tests
from quizapp.content.render import render_blocks
from quizapp.extensions import db
from quizapp.models import Document, Fact, Item, item_fact
from quizapp.web.appstate import now

bp = Blueprint("library", __name__)


@bp.before_request
@login_required
def _require_login():
    return None


@bp.get("/")
def index():
    fact_counts = (
        sa.select(Fact.document_id, sa.func.count().label("n")).group_by(Fact.document_id).subquery()
    )
    item_counts = (
        sa.select(Item.document_id, Item.type, sa.func.count().label("n"))
        .where(Item.live(), Item.visible_to(_uid()))
        .group_by(Item.document_id, Item.type)
    )
    docs = db.session.execute(
        sa.select(Document, sa.func.coalesce(fact_counts.c.n, 0))
        .outerjoin(fact_counts, fact_counts.c.document_id == Document.id)
        .where(_visible_doc())
        .order_by(Document.id)
    ).all()
    per_type: dict[str, dict[str, int]] = {}
    for doc_id, type_, n in db.session.execute(item_counts):
        per_type.setdefault(doc_id, {})[type_] = n
    return render_template("library/index.html", docs=docs, per_type=per_type)


@bp.get("/documents/<doc_id>")
def document(doc_id: str):
    doc = db.get_or_404(Document, doc_id)
    if doc.owner_id is not None and doc.owner_id != _uid():
        abort(404)
    if doc.kind == "import":  # no text to show: the bank's items, with export (issue 19)
        from quizapp.interchange.routes import bank_page

        return bank_page(doc)
    facts = list(doc.facts)
    blocks = render_blocks(doc.text, doc.blocks, [(f.id, f.kind, f.start, f.end) for f in facts])
    selected = None
    selected_items: list[Item] = []
    fact_id = request.args.get("fact")
    if fact_id:
        selected = next((f for f in facts if f.id == fact_id), None)
        if selected is None:
            abort(404)
        selected_items = list(
            db.session.scalars(
                sa.select(Item)
                .join(item_fact, item_fact.c.item_id == Item.id)
                .where(item_fact.c.fact_id == selected.id, Item.live())
                .order_by(Item.type, Item.id)
            )
        )
    highlight = _span_arg(request.args.get("quote"))
    return render_template(
        "library/document.html", doc=doc, blocks=blocks, facts=facts, selected=selected,
        selected_items=selected_items, highlight=highlight,
    )


def _span_arg(value: str | None) -> tuple[int, int] | None:
    if not value or "-" not in value:
        return None
    a, _, b = value.partition("-")
    return (int(a), int(b)) if a.isdigit() and b.isdigit() else None


@bp.get("/items/<item_id>")
def item(item_id: str):
    item = db.get_or_404(Item, item_id)
    if not item.visible(_uid()):
        abort(404)
    from quizapp.interchange.display import also_stated
    from quizapp.review.service import own_flags

    hidden = open_tests.in_open_test(_uid(), item.id, now())
    return render_template("library/item.html", item=item, also_stated=also_stated(item, _uid()),
                           hidden=open_tests.HIDDEN_MESSAGE if hidden else None, own_flags=own_flags(_uid(), item.id))


def _uid() -> int:
    return int(current_user.id)


def _visible_doc():
    return sa.or_(Document.owner_id.is_(None), Document.owner_id == _uid())

from quizapp.library import add_routes  # noqa: E402,F401  (the add page lives on this blueprint)
