"""A fixed-seed, stratified sample of served items, for blind audits.

The rubric asks for audits drawn with a recorded seed and stratified by type,
style and document, so that a reader's verdicts on the sample speak for the
whole bank and can be drawn again by anyone. The sample is written out as a
plain sheet (stem, options, key, explanation, quote) that a reader can grade
without ever seeing the generator.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

SERVED = ("generated", "reviewed")


def stratum(item: Mapping[str, Any]) -> tuple[str, str, str]:
    return (item["source"]["document"], item["type"], item.get("style") or "-")


def draw(items: Iterable[Mapping[str, Any]], seed: int, size: int) -> list[Mapping[str, Any]]:
    """Draw ``size`` served items: every stratum at least once, the rest in proportion.

    Strata are (document, type, style). Within a stratum items are shuffled by
    ``seed``; the draw is deterministic for the same banks and seed.
    """
    groups: dict[tuple[str, str, str], list[Mapping[str, Any]]] = defaultdict(list)
    for item in items:
        if item.get("status") in SERVED:
            groups[stratum(item)].append(item)
    rng = random.Random(seed)
    for key in sorted(groups):
        groups[key].sort(key=lambda it: it["id"])
        rng.shuffle(groups[key])
    total = sum(len(g) for g in groups.values())
    if total <= size:
        return [it for key in sorted(groups) for it in groups[key]]
    taken = {key: 1 for key in groups}
    left = size - len(groups)
    if left > 0:
        shares = {key: (len(g) - 1) * left / max(1, total - len(groups)) for key, g in groups.items()}
        for key in groups:
            taken[key] += min(len(groups[key]) - 1, int(shares[key]))
        # Hand out what rounding left, largest remainders first (ties by key).
        order = sorted(groups, key=lambda k: (-(shares[k] - int(shares[k])), k))
        while sum(taken.values()) < size:
            grew = False
            for key in order:
                if sum(taken.values()) >= size:
                    break
                if taken[key] < len(groups[key]):
                    taken[key] += 1
                    grew = True
            if not grew:
                break
    out = [it for key in sorted(groups) for it in groups[key][: taken[key]]]
    return sorted(out, key=lambda it: (it["source"]["document"], it["id"]))


def render(sample: list[Mapping[str, Any]], seed: int) -> str:
    """The sheet a blind reader grades: everything a candidate and a setter would see."""
    lines = [f"# Audit sample (seed {seed}, {len(sample)} items)", ""]
    letters = "ABCDEFGH"
    for n, item in enumerate(sample, 1):
        style = f" / {item['style']}" if item.get("style") else ""
        lines.append(f"## {n}. {item['id']} — {item['source']['document']} — {item['type']}{style}")
        lines.append(f"Topic: {item.get('topic', '')}")
        lines.append("")
        lines.append("Stem:")
        lines.append("")
        lines.extend(f"> {ln}" for ln in str(item["stem"]).splitlines() or [""])
        lines.append("")
        if item["type"] == "mcq":
            for i, opt in enumerate(item.get("options", [])):
                lines.append(f"- {letters[i]}. {opt}")
            lines.append("")
            lines.append(f"Key: {letters[int(item['answer'])]}")
        elif item["type"] == "essay":
            limits = ", ".join(
                f"{k.replace('_', ' ')} {item[k]}" for k in ("word_limit", "marks", "time_limit_minutes") if item.get(k)
            )
            lines.append(f"Limits: {limits}")
            for kp in item.get("key_points", []):
                lines.append(f"- Key point: {kp['text']} (keywords: {', '.join(kp.get('keywords', []))})")
        else:
            lines.append(f"Answer: {item.get('answer')}")
        lines.append("")
        if item.get("explanation"):
            lines.append(f"Explanation: {item['explanation']}")
            lines.append("")
        lines.append(f"Source quote: “{item['source']['quote']}”")
        lines.append("")
    return "\n".join(lines) + "\n"
