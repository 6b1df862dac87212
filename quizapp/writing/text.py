"""Counting words and splitting answers into words, the same way everywhere.

The page's live counter splits on whitespace too (static/js/writing.js), so the
count the user watches is the count the server checks.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

WORD = re.compile(r"[^\W_]+", re.UNICODE)
STOPWORDS = frozenset("a an and as at by for from in into is it of on or the to with s".split())


def count_words(text: str) -> int:
    return len(text.split())


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("english")


def stem(word: str) -> str:
    return _stemmer().stemWord(word.lower())


def words(text: str) -> list[str]:
    """Word tokens (hyphenated and apostrophised forms split into their parts)."""
    return WORD.findall(text)
