"""Ranks, percentiles and item statistics of a paper, computed once and stored.

Run by the sweep (`quizapp classes sweep`) once a window closes, or by the
first page view after it; pages then read `class_paper_result` and
`class_paper_item` rows. The figures themselves come from the pure
`quizapp.stats.items` (Moodle's definitions, competition ranks, NTA percentiles).

A candidate is either an online attempt of the paper or an offline (OMR) row;
both are scored by the paper's scheme from the original option chosen per
question, so the two kinds rank together.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from fractions import Fraction

import sqlalchemy as sa

from quizapp.enums import OPEN, SUBMITTED, SubmittedBy
from quizapp.extensions import db
from quizapp.models import Item, Topic, User
from quizapp.models.classes import ClassPaper, ItemFlag, PaperItem, PaperResult
from quizapp.models.practice import PracticeAttempt, PracticeResponse
from quizapp.practice import attempts, marking
from quizapp.review import versions
from quizapp.stats import items as stats
from quizapp.web.appstate import now as clock_now

STATISTICS = "statistics"
BINS = 10


def closed(paper: ClassPaper, at: dt.datetime) -> bool:
    """Past the window and the engine's grace, so every sitting can be submitted by now."""
    return at >= paper.closes_at + attempts.GRACE


def released(paper: ClassPaper, at: dt.datetime, attempt: PracticeAttempt | None = None, teacher: bool = False) -> bool:
    """Results are shown after the window closes, or once one's own sitting is in if the teacher allows it."""
    if closed(paper, at):
        return True
    return paper.results_at_once and (teacher or (attempt is not None and attempt.status == SUBMITTED))


def _sweep_paper(paper: ClassPaper, at: dt.datetime) -> None:
    ids = db.session.scalars(sa.select(PracticeAttempt.id).where(
        PracticeAttempt.paper_id == paper.id, PracticeAttempt.status == OPEN,
        PracticeAttempt.deadline <= at - attempts.GRACE)).all()
    for attempt_id in ids:
        attempts.submit(attempt_id, at, by=SubmittedBy.DEADLINE, only_if_expired=True)


def _online(paper: ClassPaper, positions: dict[str, int]) -> list[dict]:
    rows = db.session.execute(
        sa.select(PracticeAttempt.id, PracticeAttempt.user_id, User.username, PracticeResponse.item_id,
                  PracticeResponse.choice, PracticeResponse.item_version)
        .join(User, User.id == PracticeAttempt.user_id)
        .join(PracticeResponse, PracticeResponse.attempt_id == PracticeAttempt.id)
        .where(PracticeAttempt.paper_id == paper.id, PracticeAttempt.status == SUBMITTED))
    out: dict[int, dict] = {}
    for attempt_id, user_id, username, item_id, choice, version in rows:
        c = out.setdefault(attempt_id, {"key": f"a{attempt_id}", "user_id": user_id, "name": username,
                                        "source": "online", "choices": [None] * len(positions),
                                        "versions": [None] * len(positions)})
        if item_id in positions:
            c["choices"][positions[item_id]] = choice
            c["versions"][positions[item_id]] = version
    return list(out.values())


def stale(paper: ClassPaper) -> bool:
    """True when a sitting was submitted since the stored figures (results shown at once recompute then).

    Counted, not timed: two submissions in the same clock tick must not hide one another.
    """
    if paper.computed_at is None:
        return True
    submitted = db.session.scalar(sa.select(sa.func.count()).select_from(PracticeAttempt).where(
        PracticeAttempt.paper_id == paper.id, PracticeAttempt.status == SUBMITTED))
    return submitted != (paper.summary or {}).get("online")


def ensure(paper: ClassPaper, at: dt.datetime | None = None) -> bool:
    """Compute and store the figures if they are due and not yet stored; True if they are now there."""
    at = at or clock_now()
    if closed(paper, at):
        if paper.computed_at is None or paper.computed_at < paper.closes_at + attempts.GRACE:
            compute(paper, at)
        return True
    if paper.results_at_once:
        if stale(paper):
            compute(paper, at)
        return paper.computed_at is not None
    return False


def compute(paper: ClassPaper, at: dt.datetime | None = None) -> None:
    """Score every candidate, rank them, analyse every question, raise suspect-key flags; one transaction."""
    at = at or clock_now()
    _sweep_paper(paper, at)
    paper = db.session.get(ClassPaper, paper.id)
    scheme = marking.scheme(paper.scheme)
    pitems = list(paper.items)
    positions = {p.item_id: k for k, p in enumerate(pitems)}
    info = {i: (answer, len(options or []), topic) for i, answer, options, topic in db.session.execute(
        sa.select(Item.id, Item.answer, Item.options, Topic.name).outerjoin(Topic, Topic.id == Item.topic_id)
        .where(Item.id.in_(list(positions))))}
    keys = [int(info[p.item_id][0]) for p in pitems]  # today's keys: the item statistics judge these
    try:
        online = _online(paper, positions)
        offline = list(db.session.scalars(sa.select(PaperResult).where(PaperResult.paper_id == paper.id,
                                                                       PaperResult.source == "omr")))
        cands = online + [{"key": f"r{r.id}", "row": r, "choices": list(r.choices),
                           "versions": list(r.item_versions or [None] * len(pitems))} for r in offline]
        # Each candidate is marked against the key of the version they answered (an editor may have fixed
        # a key since), so a result never changes under them; the statistics below judge today's key.
        items = {i.id: i for i in db.session.scalars(sa.select(Item).where(Item.id.in_(list(positions))))}
        seen = versions.keys_seen((items[p.item_id], c["versions"][k]) for c in cands for k, p in enumerate(pitems))
        marks: dict[str, list[Fraction]] = {}
        right_by: dict[str, list[bool]] = {}
        for c in cands:
            cand_keys = [int(seen(items[p.item_id], c["versions"][k])) for k, p in enumerate(pitems)]
            right_by[c["key"]] = [ch is not None and ch == k for ch, k in zip(c["choices"], cand_keys, strict=False)]
            marks[c["key"]] = [marking.mark(scheme, None if ch is None else ch == k)
                               for ch, k in zip(c["choices"], cand_keys, strict=False)]
        totals = {k: sum(m, Fraction(0)) for k, m in marks.items()}
        rank = stats.ranks(totals) if totals else {}
        pct = stats.percentiles(totals) if totals else {}

        db.session.execute(sa.delete(PaperResult).where(PaperResult.paper_id == paper.id, PaperResult.source == "online"))
        new_rows = [{"paper_id": paper.id, "user_id": c["user_id"], "name": c["name"], "source": "online",
                     "choices": c["choices"], "item_versions": c["versions"], "score": str(totals[c["key"]]), "score_value": float(totals[c["key"]]),
                     "rank": rank[c["key"]], "percentile": pct[c["key"]]} for c in online]
        if new_rows:
            db.session.execute(sa.insert(PaperResult), new_rows)
        for c in cands:
            if "row" in c:
                r = c["row"]
                r.score, r.score_value = str(totals[c["key"]]), float(totals[c["key"]])
                r.rank, r.percentile = rank[c["key"]], pct[c["key"]]

        top, bottom = _thirds({k: float(v) for k, v in totals.items()})
        topic_acc: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        max_mark = float(scheme.right)
        for k, p in enumerate(pitems):
            col = {c["key"]: c["choices"][k] for c in cands}
            item_marks = [float(marks[key][k]) for key in col]
            rest = [float(totals[key] - marks[key][k]) for key in col]
            s = stats.item_stats(p.item_id, item_marks, max_mark, rest)
            split = stats.option_split(col, top, bottom)
            reasons = stats.suspect_reasons(s, split, keys[k]) if cands else []
            right = sum(1 for key in col if right_by[key][k])
            answered = sum(1 for ch in col.values() if ch is not None)
            topic = info[p.item_id][2] or "No topic"
            topic_acc[topic][0] += right
            topic_acc[topic][1] += answered
            p.n, p.facility, p.sd = s.n, s.facility, s.sd
            p.discrimination_index, p.discriminative_efficiency = s.discrimination_index, s.discriminative_efficiency
            p.right_share = right / len(col) if col else None
            p.split = {name: {_opt(o): n for o, n in part.items()}
                       for name, part in (("all", split.all), ("top", split.top), ("bottom", split.bottom))}
            p.reasons = reasons
            if reasons:
                _flag(paper, p, s, reasons, keys[k])
        values = sorted(float(v) for v in totals.values())
        paper.summary = {
            "candidates": len(values),
            "online": len(online),
            "mean": sum(values) / len(values) if values else None,
            "top": values[-1] if values else None,
            "max_score": float(marking.max_score(scheme, len(pitems))),
            "histogram": _histogram(values, float(scheme.wrong) * len(pitems), float(marking.max_score(scheme, len(pitems)))),
            "topics": {t: v for t, v in sorted(topic_acc.items())},
            "thirds": [len(top), len(bottom)],
        }
        paper.computed_at = at
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


def _thirds(totals: dict[str, float]) -> tuple[set[str], set[str]]:
    """`stats.thirds`, except that a class of two still has a top and a bottom (the better and the worse).

    A small batch is where a teacher most needs to see that the best candidate
    avoided the key; floor(2/3) = 0 would hide it.
    """
    top, bottom = stats.thirds(totals)
    if not top and len(totals) >= 2:
        order = sorted(totals, key=lambda who: (-totals[who], who))
        top, bottom = {order[0]}, {order[-1]}
    return top, bottom


def _opt(option: int | None) -> str:
    return "blank" if option is None else str(option)


def _histogram(values: list[float], lowest_loss: float, highest: float) -> list[list]:
    """Counts of scores in BINS equal bands from the worst possible score to the best."""
    lo = -lowest_loss
    width = (highest - lo) / BINS or 1.0
    counts = [0] * BINS
    for v in values:
        counts[min(BINS - 1, max(0, int((v - lo) // width)))] += 1
    return [[f"{lo + i * width:g} to {lo + (i + 1) * width:g}", n] for i, n in enumerate(counts)]


def _flag(paper: ClassPaper, p: PaperItem, s: stats.ItemStats, reasons: list[str], key: int) -> None:
    figures = {"paper_id": paper.id, "paper": paper.title, "n": s.n, "facility": s.facility, "sd": s.sd,
               "discrimination_index": s.discrimination_index,
               "discriminative_efficiency": s.discriminative_efficiency, "key": key, "split": p.split}
    reason = "; ".join(reasons)
    for flag in db.session.scalars(sa.select(ItemFlag).where(ItemFlag.item_id == p.item_id, ItemFlag.kind == STATISTICS,
                                                             ItemFlag.status == "open")):
        if (flag.figures or {}).get("paper_id") == paper.id:
            flag.reason, flag.figures = reason, figures
            return
    db.session.add(ItemFlag(item_id=p.item_id, user_id=None, kind=STATISTICS, reason=reason, figures=figures,
                            status="open", created_at=clock_now()))


def sweep(at: dt.datetime | None = None) -> int:
    """Compute every closed paper whose figures are not stored yet; returns how many."""
    at = at or clock_now()
    # Interval arithmetic in SQL is not portable; the closed papers still to do are few, so filter here.
    closed_papers = db.session.scalars(sa.select(ClassPaper).where(ClassPaper.closes_at <= at - attempts.GRACE)
                                       .order_by(ClassPaper.id)).all()
    due = [p for p in closed_papers if p.computed_at is None or p.computed_at < p.closes_at + attempts.GRACE]
    for paper in due:
        compute(paper, at)
    return len(due)
