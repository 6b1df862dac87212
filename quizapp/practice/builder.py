"""Choosing the questions of a test and the order of their options.

Pure and seeded: the same pool, size and seed always give the same paper, so
an attempt can be rebuilt or explained from its stored seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

SIZES = (10, 25, 50, 100)
SECONDS_PER_QUESTION = 72  # the paper's 120 minutes over 100 questions
MIN_MINUTES, MAX_MINUTES = 1, 300


class BuildError(ValueError):
    """The choices cannot make a test; the message says what to change."""


FACT_CAP = 1  # questions per fact in one paper: variants of one fact test one thing, however many there are


@dataclass(frozen=True)
class Candidate:
    item_id: str
    style: str | None
    options: int = 4
    topic: str | None = None
    facts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Planned:
    item_id: str
    # option_order[k] = the original option index shown in place k.
    option_order: list[int]


def default_time_limit_s(questions: int) -> int:
    return questions * SECONDS_PER_QUESTION


def quotas(groups: dict[str, int], size: int) -> dict[str, int]:
    """Split ``size`` across styles in proportion to the pool (largest remainder).

    Every style in the pool gets at least one question when the test has room,
    so a small test still shows the mix; no style gets more than it has.
    """
    total = sum(groups.values())
    exact = {k: size * n / total for k, n in groups.items()}
    out = {k: min(groups[k], int(v)) for k, v in exact.items()}
    if size >= len(groups):
        for k in groups:
            out[k] = max(out[k], 1)
    # Trim any overshoot from the floor-of-one rule, taking from the largest shares first.
    while sum(out.values()) > size:
        k = max(out, key=lambda k: (out[k] - exact[k], k))
        out[k] -= 1
    for k in sorted(groups, key=lambda k: (-(exact[k] - int(exact[k])), k)):
        if sum(out.values()) >= size:
            break
        if out[k] < groups[k]:
            out[k] += 1
    while sum(out.values()) < size:  # remainders exhausted by full styles: fill from any style with room
        k = next(k for k in sorted(groups) if out[k] < groups[k])
        out[k] += 1
    return out


def check_size(available: int, size: int) -> None:
    if size not in SIZES:
        raise BuildError(f"Choose {', '.join(map(str, SIZES[:-1]))} or {SIZES[-1]} questions.")
    if available < size:
        fits = [s for s in SIZES if s <= available]
        hint = f"choose {fits[-1]} questions or " if fits else ""
        raise BuildError(f"Only {available} questions match these banks, topics and tags, not enough for {size}: "
                         f"{hint}widen the choice.")


def plan(pool: list[Candidate], size: int | None, seed: int, balance_topics: bool = True) -> list[Planned]:
    """Pick ``size`` questions (all of the pool when None: a retake) in a seeded order.

    A paper mirrors its pool: questions are shared out over topics in
    proportion to the pool (unless the user chose the topics), then over
    styles within each topic, and no fact is asked more than ``FACT_CAP``
    times while other facts are left; only a pool too small for that lets a
    fact repeat.
    """
    if size is not None:
        check_size(len(pool), size)
    if not pool:
        raise BuildError("There are no questions to put in this test.")
    rng = random.Random(seed)
    ordered = sorted(pool, key=lambda c: c.item_id)
    if size is None:
        chosen = list(ordered)
    else:
        chosen = _balanced(ordered, size, rng, balance_topics)
    rng.shuffle(chosen)
    return [Planned(c.item_id, rng.sample(range(c.options), c.options)) for c in chosen]


def _balanced(ordered: list[Candidate], size: int, rng: random.Random, balance_topics: bool) -> list[Candidate]:
    shuffled = rng.sample(ordered, len(ordered))
    by_topic: dict[str, list[Candidate]] = {}
    for c in shuffled:
        by_topic.setdefault((c.topic or "") if balance_topics else "", []).append(c)
    asked: dict[str, int] = {}
    chosen: list[Candidate] = []
    taken: set[str] = set()

    def fits(c: Candidate) -> bool:
        return all(asked.get(f, 0) < FACT_CAP for f in c.facts)

    def take(c: Candidate) -> None:
        chosen.append(c)
        taken.add(c.item_id)
        for f in c.facts:
            asked[f] = asked.get(f, 0) + 1

    for topic, n_topic in sorted(quotas({k: len(v) for k, v in by_topic.items()}, size).items()):
        by_style: dict[str, list[Candidate]] = {}
        for c in by_topic[topic]:
            by_style.setdefault(c.style or "single", []).append(c)
        for style, n in sorted(quotas({k: len(v) for k, v in by_style.items()}, n_topic).items()):
            got = 0
            for c in by_style[style]:
                if got == n:
                    break
                if fits(c):
                    take(c)
                    got += 1
    # Quotas a fact cap left short: first any question on a fact not yet asked, then (a small pool) any at all.
    for strict in (True, False):
        for c in shuffled:
            if len(chosen) >= size:
                return chosen
            if c.item_id not in taken and (fits(c) or not strict):
                take(c)
    return chosen


def time_limit_s(questions: int, minutes: int | None) -> int:
    if minutes is None:
        return default_time_limit_s(questions)
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise BuildError(f"The time limit must be a whole number of minutes from {MIN_MINUTES} to {MAX_MINUTES}.")
    return minutes * 60
