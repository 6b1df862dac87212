"""Results as the page prints them: every figure formatted here so the template only lays them out."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from quizapp.practice.analysis import pct, seconds
from quizapp.practice.attempts import Results
from quizapp.practice.marking import SCHEMES, decimal, fmt, max_score
from quizapp.practice.serialize import shown_options, source_url
from quizapp.review.versions import wording


@dataclass(frozen=True)
class Figure:
    key: str  # data-testid on the page
    label: str
    value: str


def score_text(score: Fraction, max_score: Fraction) -> str:
    """ "−4.93 of 20 (−24.7 %)": the marks, out of what, and the share, so a negative share cannot read as the score."""
    out_of = str(max_score.numerator) if max_score.denominator == 1 else fmt(max_score)
    share = f" ({decimal(score / max_score * 100, 1)} %)" if max_score else ""
    return f"{fmt(score)} of {out_of}{share}"


def figures(res: Results) -> list[Figure]:
    a = res.analysis
    t = a.tally
    return [
        Figure("score", "Score", score_text(a.score, a.max_score)),
        Figure("correct", "Correct", str(t.correct)),
        Figure("wrong", "Wrong", str(t.wrong)),
        Figure("blank", "Not answered", str(t.blank)),
        Figure("accuracy", "Accuracy (correct ÷ attempted)", pct(t.accuracy)),
        Figure("attempt-rate", "Attempt rate (attempted ÷ questions)", pct(t.attempt_rate)),
        Figure("negative-lost", "Negative marks lost", fmt(a.negative_lost)),
        Figure("total-time", "Time used", seconds(a.total_time_ms)),
        Figure("mean-time", "Time per question", seconds(a.mean_time_ms)),
        Figure("mean-time-correct", "… on correct answers", seconds(a.mean_time_by_outcome["correct"])),
        Figure("mean-time-wrong", "… on wrong answers", seconds(a.mean_time_by_outcome["wrong"])),
    ]


def topics(res: Results) -> list[dict[str, str]]:
    return [{"topic": r.topic, "questions": str(r.tally.questions), "attempted": str(r.tally.attempted),
             "correct": str(r.tally.correct), "wrong": str(r.tally.wrong), "accuracy": pct(r.tally.accuracy),
             "marks": fmt(r.marks)} for r in res.analysis.topics]


def comparison(res: Results) -> dict[str, Any]:
    c = res.comparison
    rows = [{"id": s.attempt_id, "when": s.submitted_at.strftime("%d %b %Y %H:%M UTC"),
             "score": score_text(s.score, s.max_score), "share": pct(s.score_share),
             "accuracy": pct(s.tally.accuracy), "attempt_rate": pct(s.tally.attempt_rate)} for s in c.previous]
    change = "–" if c.score_share_change is None else decimal(c.score_share_change * 100, 1, signed=True)
    return {"rows": rows, "score_share_change": change,
            "accuracy_change": pct(c.accuracy_change, signed=True),
            "attempt_rate_change": pct(c.attempt_rate_change, signed=True)}


def review(res: Results) -> list[dict[str, Any]]:
    by_id = {r.item_id: r for r in res.attempt.responses}
    out = []
    for q in res.analysis.questions:
        r = by_id[q.item_id]
        # The wording the candidate answered, even if an editor changed the item since.
        seen = wording(r.item, r.item_version)
        texts = seen.options if len(seen.options) == len(r.item.options) else r.item.options
        options = [{**o, "text": texts[o["index"]]} for o in shown_options(r)]
        letter = {o["index"]: o["letter"] for o in options}
        out.append({
            "position": q.position, "item": r.item, "seen": seen, "topic": q.topic, "marked": q.marked,
            "outcome": {True: "correct", False: "wrong", None: "blank"}[q.outcome],
            "options": [{**o, "chosen": o["index"] == q.choice, "key": o["index"] == q.key} for o in options],
            "your_answer": f"{letter[q.choice]}. {texts[q.choice]}" if q.choice is not None else "Not answered",
            "key": f"{letter[q.key]}. {texts[q.key]}", "time": seconds(q.time_ms),
            "marks": fmt(res.analysis.scheme.right if q.outcome else -res.analysis.scheme.wrong if q.outcome is False
                         else res.analysis.scheme.blank, signed=True),
            "source_url": source_url(r.item),
        })
    return out


def slowest(res: Results) -> list[dict[str, str]]:
    return [{"position": str(q.position), "time": seconds(q.time_ms), "topic": q.topic,
             "outcome": {True: "correct", False: "wrong", None: "not answered"}[q.outcome]} for q in res.analysis.slowest]


def attempt_rows(attempts: list, tallies: dict[int, tuple[int, int, int]]) -> list[dict[str, Any]]:
    """The "Your tests" list: each attempt with its score and correct / wrong / blank once submitted."""
    out = []
    for a in attempts:
        correct, wrong, blank = tallies.get(a.id, (0, 0, a.question_count))
        score = None
        if a.score is not None:
            score = score_text(Fraction(a.score), max_score(SCHEMES[a.scheme], a.question_count))
        out.append({"attempt": a, "score": score, "correct": correct, "wrong": wrong, "blank": blank})
    return out
