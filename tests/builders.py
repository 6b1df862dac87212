"""Builders for test content: defaults for everything, override what the test is about."""

from __future__ import annotations

import datetime as dt
import itertools

from quizapp.extensions import db
from quizapp.models import Document, Fact, Item, Topic

_seq = itertools.count(1)


def make_document(doc_id: str = "doc", text: str | None = None, **kw) -> Document:
    text = text or "India and China signed an agreement on 22 October 2018. " * 4
    doc = Document(id=doc_id, file=f"{doc_id}.txt", title=kw.pop("title", f"Document {doc_id}"), sha256="0" * 64,
                   text=text, blocks=[["paragraph", 0, len(text)]], **kw)
    db.session.add(doc)
    return doc


def make_topic(name: str = "India–China relations") -> Topic:
    topic = db.session.query(Topic).filter_by(name=name).one_or_none()
    if topic is None:
        topic = Topic(name=name)
        db.session.add(topic)
    return topic


def make_fact(doc: Document, **kw) -> Fact:
    n = next(_seq)
    fact = Fact(id=kw.pop("id", f"f_{n:06d}"), document=doc, kind=kw.pop("kind", "date"), value=kw.pop("value", "2018-10-22"),
                granularity="day", start=kw.pop("start", 0), end=kw.pop("end", 10), quote=kw.pop("quote", doc.text[0:10]), **kw)
    db.session.add(fact)
    return fact


def make_item(doc: Document, type: str = "fact", facts: list[Fact] | None = None, **kw) -> Item:
    n = next(_seq)
    defaults = {
        "fact": dict(stem=f"Question {n}?", answer=f"Answer {n}", options=[]),
        "cloze": dict(stem=f"India and China signed on _____ ({n}).", answer="22 October 2018", options=[]),
        "mcq": dict(stem=f"Which one? ({n})", options=["Alpha", "Beta", "Gamma", "Delta"], answer=1, style="single"),
        "essay": dict(stem=f"Discuss ({n}).", answer=None, options=[], word_limit=250, marks=15, time_limit_minutes=11),
    }[type]
    defaults.update(kw)
    topic = defaults.pop("topic", None) or make_topic()
    item = Item(id=defaults.pop("id", f"q_{n:06d}"), document=doc, type=type, topic=topic, start=defaults.pop("start", n),
                end=defaults.pop("end", n + 10), quote=defaults.pop("quote", doc.text[n:n + 10]),
                explanation=defaults.pop("explanation", "Because the source says so."), tags=defaults.pop("tags", []), **defaults)
    item.facts = facts if facts is not None else [make_fact(doc)]
    db.session.add(item)
    return item


class Clock:
    """A settable "now" for ``app.config["CLOCK"]``: tests move time instead of sleeping."""

    def __init__(self, at: dt.datetime) -> None:
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at


def use_clock(app, at: dt.datetime) -> Clock:
    clock = Clock(at)
    app.config["CLOCK"] = clock
    return clock
