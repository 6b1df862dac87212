"""Small counts as a paper writes them, and back.

Why one module: "Name the three countries", "comprises ten member states", "in the last thirty years" and
"comes a year after" are read or written by extraction and generation alike, and one table keeps them in step.
"""

from __future__ import annotations

NUMBER_NAMES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty")
_TENS = {"thirty": 30, "forty": 40, "fifty": 50}


def number_word(n: int) -> str:
    """"three" for 3, up to twenty; larger counts stay in digits."""
    return NUMBER_NAMES[n] if 0 <= n < len(NUMBER_NAMES) else str(n)


def word_number(word: str) -> int | None:
    """3 for "three" or "3", 1 for "a" ("a year after"); None for a word that is no count."""
    w = word.strip().lower()
    if w.isdigit():
        return int(w)
    if w in ("a", "an"):
        return 1
    if w in NUMBER_NAMES:
        return NUMBER_NAMES.index(w)
    return _TENS.get(w)
