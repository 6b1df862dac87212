"""How an answer becomes a rating for the prompt's own card.

The mapping (also in the README, "Answer writing"):

1. An empty answer is **Again**.
2. Key-point coverage sets the base rating: under 40 % of the points is
   **Again**, under 60 % **Hard**, under 85 % **Good**, 85 % or more **Easy**.
3. The self-assessment (content, structure, examples, presentation, each 1-4)
   can only lower it: a mean under 2 caps it at **Hard**, a mean under 3.5
   turns **Easy** into **Good**. Keywords can be present in a poor answer;
   the writer knows that better than a matcher does.
4. More than 10 % over the word limit caps it at **Good**: the examiner stops
   reading, so the answer is not exam-ready however complete.

The card is rated once, when the self-assessment is saved; until then the
attempt shows coverage only. Missed points are queued at submission, because
they do not depend on the self-assessment.
"""

from __future__ import annotations

from collections.abc import Mapping

from quizapp.srs.scheduler import Rating

RUBRIC = ("content", "structure", "examples", "presentation")
SCALE = (1, 2, 3, 4)
OVER_TOLERANCE = 0.10


def rate(covered: int, total: int, self_assessment: Mapping[str, int], words: int, word_limit: int) -> tuple[Rating, list[str]]:
    """The rating and the reasons, in the order the rules applied."""
    problems = [f"{k} must be one of 1-4" for k in RUBRIC if self_assessment.get(k) not in SCALE]
    if problems:
        raise ValueError("; ".join(problems))
    if words == 0:
        return Rating.AGAIN, ["The answer is empty."]
    fraction = covered / total if total else 1.0
    pct = f"{covered} of {total} key points ({fraction:.0%})" if total else "no key points to check"
    if fraction < 0.40:
        rating, reasons = Rating.AGAIN, [f"Coverage {pct} is under 40 %: Again."]
    elif fraction < 0.60:
        rating, reasons = Rating.HARD, [f"Coverage {pct} is under 60 %: Hard."]
    elif fraction < 0.85:
        rating, reasons = Rating.GOOD, [f"Coverage {pct} is under 85 %: Good."]
    else:
        rating, reasons = Rating.EASY, [f"Coverage {pct} is 85 % or more: Easy."]
    mean = sum(self_assessment[k] for k in RUBRIC) / len(RUBRIC)
    if mean < 2 and rating > Rating.HARD:
        rating = Rating.HARD
        reasons.append(f"Your self-assessment averages {mean:.2f} (under 2): at most Hard.")
    elif mean < 3.5 and rating == Rating.EASY:
        rating = Rating.GOOD
        reasons.append(f"Your self-assessment averages {mean:.2f} (under 3.5): Good, not Easy.")
    if words > word_limit * (1 + OVER_TOLERANCE) and rating > Rating.GOOD:
        rating = Rating.GOOD
        reasons.append(f"{words} words is more than 10 % over the {word_limit}-word limit: at most Good.")
    return rating, reasons
