"""Limits shared by files and URLs, so both refuse at the same size with the same words."""

from __future__ import annotations

MAX_BYTES = 10 * 1024 * 1024
MAX_PDF_PAGES = 300


def megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"
