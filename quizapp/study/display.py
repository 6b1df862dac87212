"""What the study page shows of an item's explanation, given that the source quote sits just below it.

Generated explanations end with their evidence ("Source: Publisher (2018): “…”")
so they read whole on their own (in a mock test's review, in a bank file);
on the study card the quote is shown below in its own block with a link to
the source, so repeating it in the explanation is noise.
"""

from __future__ import annotations

import re

_SPACE = re.compile(r"\s+")
# Where explanations cite their evidence, most specific first: the trailing "Source: …: “…”" sentence, a
# parenthetical (“…”), a bare “…”.
_CITATIONS = (re.compile(r"\s*Source:[^“”]*:\s*“(?P<q>[^“”]*)”\.?"),
              re.compile(r"\s*\(“(?P<q>[^“”]*)”\)"),
              re.compile(r"\s*“(?P<q>[^“”]*)”"))
# A cited passage shorter than this is a phrase ("So the answer is “Only two”"), not the quote cut short.
MIN_EXCERPT = 20


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text or "").strip()


def _cites(cited: str, quoted: str) -> bool:
    """Whether the passage in curly quotes is the item's quote, whole or cut short with "…" (long lists are)."""
    cited = _norm(cited).rstrip(".").rstrip("…").rstrip(".").strip()
    return bool(cited) and (cited == quoted or (len(cited) >= MIN_EXCERPT and cited in quoted))


def without_quote(explanation: str | None, quote: str | None) -> str:
    """The explanation with the item's own quote (and its "Source: …:" lead-in) taken out."""
    text, quoted = _norm(explanation or ""), _norm(quote or "").rstrip(".")
    if not quoted:
        return text
    # Every citation of it goes: a statements item cites each statement's sentence and then the whole passage.
    for pattern in _CITATIONS:
        text = pattern.sub(lambda m: "" if _cites(m.group("q"), quoted) else m.group(0), text)
    return _norm(text)
