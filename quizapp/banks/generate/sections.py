"""What "It" means under a headed section of bullets: the section's own subject, or nothing.

A ministry's review, a scheme page or a coaching note writes a heading
("3. ATAL BHUJAL YOJANA (ATAL JAL)"), opens the first bullet with the name
("Atal Bhujal Yojana, a Central Sector Scheme …, was launched …") and then
goes on "It will be implemented in … seven States: …". Round 23's reader
listed that closed list among the items a setter would have asked, and the
pipeline held it: "in which it will be implemented" names nobody.

The rule resolves "It" only where the text leaves one reading: the heading
and the first bullet's opening name agree word for word, the sentence is in
that section (no heading between), and no bullet in between opens with some
other name it could mean. Anything else stays unresolved, and the gate
holds the item as before.
"""

from __future__ import annotations

import re

from quizapp.banks.types import Document, Sentence

_REACH = 8  # blocks: a section longer than this has moved on to other matters
# the capitalised run that opens a block: "Atal Bhujal Yojana", "Jal Jeevan Mission (JJM)"
_OPENING_NAME = re.compile(r"^(?P<name>(?:[A-Z][\w’'&-]*\s+){1,6}?[A-Z][\w’'&-]*)(?:\s+\([A-Z][\w-]*\))?"
                           r"(?=,|\s+(?:is|was|were|has|had|will|aims|seeks|provides|covers)\b)")
_LEADING_NAME = re.compile(r"^(?:[A-Z][\w’'&-]*\s+)+[A-Z][\w’'&-]*")  # any two capitalised words opening a block
_ENUMERATOR = re.compile(r"^\s*(?:\d+|[IVX]+|[A-Z])[.)]\s+")
_SMALL = frozenset({"of", "and", "for", "the", "on", "in", "to", "&", "a", "an"})
# "It" as a scheme's subject: first word, or after "which"/"that" in a clause a label keeps
IT_SUBJECT = re.compile(r"(?:^|(?<=\bwhich )|(?<=\bthat )|(?<=\bwhere ))(?P<it>[Ii]t)\b"
                        r"(?=\s+(?:will|is|was|has|had|would|shall|aims|seeks|covers|provides|also)\b)")


def _heading_like(text: str) -> bool:
    """A short line without a sentence's end, in capitals or after an enumerator ("3. ATAL BHUJAL YOJANA")."""
    line = text.strip()
    if not line or len(line.split()) > 10 or line[-1] in ".!?;,":
        return False
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and (sum(c.isupper() for c in letters) >= 0.8 * len(letters))


def _words(text: str) -> set[str]:
    return {w.casefold() for w in re.findall(r"[A-Za-z][\w’'-]*", text)} - _SMALL


def _heading_before(doc: Document, j: int) -> str | None:
    """The heading that opens a section at block ``j``: a kept heading block just before it, or a heading line
    the cleaner dropped as a short line between the two blocks (how most pages' section heads end up)."""
    prev = doc.blocks[j - 1] if j > 0 else None
    if prev is not None and (prev.kind == "heading" or _heading_like(prev.text)):
        return prev.text
    gap = doc.text[prev.end if prev is not None else 0:doc.blocks[j].start]
    heads = [line for line in gap.splitlines() if _heading_like(line.lstrip("#-•* "))]
    return heads[-1] if heads else None


def section_subject(doc: Document, sentence: Sentence | None) -> str | None:
    """The name "It" stands for in ``sentence``, by the rule above, or None."""
    if sentence is None or not doc.blocks or not 0 < sentence.block < len(doc.blocks):
        return None
    here = sentence.block
    first, heading = None, None
    for j in range(here, max(-1, here - _REACH), -1):
        heading = _heading_before(doc, j)
        if heading is not None:
            first = j
            break
    if heading is None or first is None or first >= here:
        return None
    m = _OPENING_NAME.match(doc.blocks[first].text.strip())
    if m is None:
        return None
    name = m["name"]
    title = _words(_ENUMERATOR.sub("", heading.lstrip("#-•* ")))
    if not _words(name) or not _words(name) <= title:
        return None
    for block in doc.blocks[first + 1:here]:
        other = _LEADING_NAME.match(block.text.strip())
        if other is not None and not other.group(0).startswith(name):
            return None  # a bullet that opens with another name: "It" may be that one
    return name
