"""One derived value per corpus, kept while the corpus stays the same.

Generation and the gate run per document, but much of what they consult is a view of the whole corpus
(its fact base, every first-sentence, every country named). Computing such a view for each document
made the build grow as N²; computing it once per build keeps it linear. The corpus is recognised by
identity and size (a build appends to no corpus while it runs), and only the latest one is kept, so a
long-running process holds one corpus's views at most.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sized
from typing import TypeVar

C = TypeVar("C", bound=Sized)
T = TypeVar("T")


def per_corpus(build: Callable[[C], T]) -> Callable[[C], T]:
    held: list[tuple[C, int, T]] = []

    @functools.wraps(build)
    def cached(corpus: C) -> T:
        if held and held[0][0] is corpus and held[0][1] == len(corpus):
            return held[0][2]
        value = build(corpus)
        held[:] = [(corpus, len(corpus), value)]
        return value

    return cached
