"""Practice tests tables."""

from __future__ import annotations
