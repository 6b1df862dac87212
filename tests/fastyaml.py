"""The tests' reads of bank files, through PyYAML's C loader.

``yaml.safe_load`` is PyYAML's pure-Python parser: on the 500 kB shipped banks
it was most of several tests' time. The C loader builds the same data; the
product's own reader (``quizapp.banks.bankfile``) uses it too.
"""

from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str) -> Any:
    return yaml.load(text, Loader=_LOADER)
