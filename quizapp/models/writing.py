"""Answer writing tables."""

from __future__ import annotations
