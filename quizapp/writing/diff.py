"""A word-level diff between two draft versions, as segments the template escapes.

difflib works on any sequences; words (with the whitespace between them kept as
tokens) make a diff a writer can read, where a line diff of one long paragraph
would just say "everything changed".
"""

from __future__ import annotations

import difflib
import re

TOKEN = re.compile(r"\s+|\S+")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """[(op, text)] with op "same", "del" or "ins", in reading order; text is raw (escape on output)."""
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("del", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(("ins", "".join(b[j1:j2])))
    return out
