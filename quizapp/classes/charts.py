"""The distribution of a paper's scores as an SVG, drawn like the dashboard's charts (CSP-safe, no script)."""

from __future__ import annotations

from typing import Any

import pygal

from quizapp.progress.charts import _config, render


def distribution(summary: dict[str, Any]) -> str:
    bins = summary.get("histogram") or []
    chart = pygal.Bar(**_config(x_label_rotation=30, height=280))
    chart.x_labels = [label for label, _ in bins]
    chart.add("Candidates", [n for _, n in bins])
    return render(chart)


def fmt(value: float | None, digits: int = 2, percent: bool = False) -> str:
    """A stored figure for a page: "n/a" where it divides by a zero variance."""
    if value is None:
        return "n/a"
    return f"{100 * value:.{digits}f}%" if percent else f"{value:.{digits}f}"
