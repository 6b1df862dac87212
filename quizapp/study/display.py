"""What the study page shows of an item's explanation, given that the source quote sits just below it.

Generated explanations end with their evidence ("Source: Publisher (2018): “…”")
so they read whole on their own (in a mock test's review, in a bank file);
on the study card the quote is shown below in its own block with a link to
the source, so repeating it in the explanation is noise.
"""

from __future__ import annotations

import re

_SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text or "").strip()


def without_quote(explanation: str | None, quote: str | None) -> str:
    """The explanation with the item's own quote (and its "Source: …:" lead-in) taken out."""
    text, quoted = _norm(explanation or ""), _norm(quote or "").rstrip(".")
    if not quoted or quoted not in text:
        return text
    body = re.escape(quoted) + r"\.?"
    for pattern in (r"\s*Source:[^“”]*:\s*“" + body + r"”\.?",   # the trailing evidence sentence
                    r"\s*\(“" + body + r"”\)",                    # a parenthetical citation
                    r"\s*“" + body + r"”"):
        stripped = re.sub(pattern, "", text, count=1)
        if stripped != text:
            return stripped.strip()
    return text
