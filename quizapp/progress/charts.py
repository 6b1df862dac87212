"""The dashboard's charts and their data tables, drawn on the server by pygal.

Each chart has one table (a title, a header and rows) that the page shows
beside the SVG for screen readers and that downloads as CSV, so the picture,
the text and the file can never disagree. The SVG is self-contained: pygal's
remote tooltip script is switched off (``js=[]``), its inline config script
and comments are removed, and fonts are the system's.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pygal
from pygal.style import Style

from quizapp.clock import zone

# pygal 3 appends a legacy (find_module-only) import hook for its map plugins,
# which we do not use; Python 3.11 warns on every later failed import that
# reaches it (jsonschema's optional ones, say). Take it out again.
sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "PluginImportFixer"]

STYLE = Style(
    background="transparent", plot_background="transparent", foreground="#1d1f21", foreground_strong="#1d1f21",
    foreground_subtle="#8a9099", opacity=".85", opacity_hover="1", transition="0s",
    colors=("#0b5cad", "#b42318", "#1a7f37", "#9a6700", "#6f42c1"),
    font_family='system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif',
    label_font_size=12, major_label_font_size=12, value_font_size=12, title_font_size=16, legend_font_size=13,
)
# pygal's comments carry its web address; its inline <script> holds only the
# tooltip configuration, useless without the (remote) tooltip script. Its
# inline <style> and style="" attributes would break the page's CSP
# (style-src 'self'): static/css/charts.css styles every chart instead. The
# legend's activate-serie ids serve only that script, and repeat across charts.
STRIP = re.compile(r"<!--.*?-->|<script\b.*?</script>|<style\b.*?</style>|\sstyle=\"[^\"]*\"|\sid=\"activate-serie-\d+\"", re.S)
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class Table:
    title: str
    summary: str
    header: tuple[str, ...]
    rows: list[tuple[Any, ...]]

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(self.header)
        writer.writerows([_cell(v) for v in row] for row in self.rows)
        return out.getvalue()


def _cell(value: Any) -> Any:
    """Blank for None; text that a spreadsheet would run as a formula gets a leading quote."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _config(**kw) -> dict[str, Any]:
    return {"js": [], "disable_xml_declaration": True, "style": STYLE, "width": 800, "height": 320,
            "show_legend": False, "explicit_size": False, "value_formatter": _num, **kw}


def _num(value: Any) -> str:
    if value is None:
        return "–"
    return f"{value:g}" if isinstance(value, float) else str(value)


def render(chart: pygal.graph.graph.Graph) -> str:
    svg = STRIP.sub("", chart.render(is_unicode=True))
    return svg.replace("<svg ", '<svg role="img" focusable="false" ', 1)


def _pct(rate: float | None) -> float | None:
    return None if rate is None else round(100 * rate, 1)


def _local_date(iso: str, d: dict) -> str:
    """The day in the user's zone, as the heatmap counts it (a test at 01:00 IST is not yesterday's)."""
    return dt.datetime.fromisoformat(iso).astimezone(zone(d.get("timezone"))).date().isoformat()


def _short(day: str) -> str:
    return dt.date.fromisoformat(day).strftime("%d %b")


# --------------------------------------------------------------------------- tables


def heatmap_table(d: dict) -> Table:
    rows = [(c["date"], c["value"]) for c in d["heatmap"]]
    total = sum(v for _, v in rows)
    active = sum(1 for _, v in rows if v)
    busiest = max(rows, key=lambda r: (r[1], r[0])) if total else None
    summary = f"{total} reviews on {active} of the last {len(rows)} days" + (
        f"; the busiest day was {busiest[0]} with {busiest[1]}." if busiest else ".")
    return Table("Reviews per day, last year", summary, ("date", "reviews"), [r for r in rows if r[1]])


def forecast_table(d: dict) -> Table:
    rows = [(c["date"], c["value"]) for c in d["forecast"]]
    total = sum(v for _, v in rows)
    return Table("Reviews due, next 30 days", f"{total} reviews fall due in the next {len(rows)} days, "
                 f"{rows[0][1]} of them today (overdue included).", ("date", "due"), rows)


def retention_table(d: dict) -> Table:
    r = d["retention"]
    names = (("last_7_days", "Last 7 days"), ("last_30_days", "Last 30 days"), ("all_time", "All time"))
    rows = [(label, r[k]["passed"], r[k]["total"], _pct(r[k]["rate"]), _pct(r["desired"])) for k, label in names]
    week = r["last_7_days"]
    desired = f"desired retention {_num(_pct(r['desired']))}%."
    summary = (f"True retention over the last 7 days: {_num(_pct(week['rate']))}% ({week['passed']} of "
               f"{week['total']} first reviews passed); {desired}" if week["total"] else
               f"No review-state cards answered in the last 7 days; {desired}")
    return Table("True retention", summary, ("window", "passed", "reviews", "retention %", "desired %"), rows)


def _mastery_table(d: dict, kind: str, label: str) -> Table:
    rows = [(m["name"], m["seen"], m["mature"], _pct(m["retrievability"]), _pct(m["accuracy"]), m["answers"])
            for m in d["mastery"][kind]]
    summary = f"{len(rows)} {label.lower()}{'' if len(rows) == 1 else 's'} studied" + _weakest(rows)
    return Table(f"Mastery by {label.lower()}", summary,
                 (label.lower(), "items seen", "mature", "recall %", "accuracy %", "answers"), rows)


def _weakest(rows: list[tuple[Any, ...]]) -> str:
    """Name the weakest row by the measure the sentence states, and say what that measure is.

    Accuracy (answers right) is what the user has shown; recall (FSRS's chance
    of remembering now) is high for anything just studied, so it is only the
    measure when nothing has an accuracy yet. Ties go to the row with more
    answers, the surer figure.
    """
    scored = [r for r in rows if r[4] is not None]
    if scored:
        weakest = min(scored, key=lambda r: (r[4], -(r[5] or 0), r[0]))
        return (f"; the weakest by accuracy (share of answers right) is {weakest[0]} at {_num(weakest[4])} %"
                f" ({weakest[5]} answer{'' if weakest[5] == 1 else 's'}).")
    recalled = [r for r in rows if r[3] is not None]
    if recalled:
        weakest = min(recalled, key=lambda r: (r[3], r[0]))
        return f"; the weakest by recall (predicted chance of remembering it now) is {weakest[0]} at {_num(weakest[3])} %."
    return "."


def _two(value: Any) -> Any:
    """Scores to two decimals for people (3.33, not 3.3333333333333335); the JSON keeps the exact value."""
    return round(value, 2) if isinstance(value, float) else value


def topics_table(d: dict) -> Table:
    return _mastery_table(d, "topics", "Topic")


def banks_table(d: dict) -> Table:
    return _mastery_table(d, "banks", "Bank")


def time_table(d: dict) -> Table:
    rows = [(c["date"], c["minutes"]) for c in d["time_per_day"]]
    total = round(sum(v for _, v in rows), 1)
    return Table("Time spent per day, last 30 days", f"{_num(total)} minutes answering over the last {len(rows)} days; "
                 f"{_num(rows[-1][1])} today.", ("date", "minutes"), rows)


def tests_table(d: dict) -> Table:
    rows = [(_local_date(t["taken_at"], d), t["title"], _two(t["score"]), _two(t["max_score"]), _two(t["percent"]), _two(t["negative"]))
            for t in d["tests"]]
    if not rows:
        return Table("Mock test scores", "No mock tests yet.", ("date", "test", "score", "out of", "%",
                                                                  "lost to negative marking"), [])
    last = rows[-1]
    summary = (f"{len(rows)} mock tests; the latest, {last[1]}, scored {_num(last[2])} of {_num(last[3])} and lost "
               f"{_num(last[5])} marks to negative marking.")
    return Table("Mock test scores", summary, ("date", "test", "score", "out of", "%", "lost to negative marking"), rows)


def writing_table(d: dict) -> Table:
    header = ("date", "question", "words", "word limit", "minutes used", "key points covered", "key points", "coverage %")
    rows = [(_local_date(w["written_at"], d), w["title"], w["words"], w["word_limit"], _two(w["minutes_used"]), w["key_points_covered"],
             w["key_points_total"], _two(_pct(w["coverage"]))) for w in d["writing"]]
    if not rows:
        return Table("Answer writing", "No answers written yet.", header, [])
    last = rows[-1]
    summary = (f"{len(rows)} answers written; the latest, {last[1]}, had {last[2]} words in {_num(last[4])} minutes "
               f"and covered {last[5]} of {last[6]} key points.")
    return Table("Answer writing", summary, header, rows)


# --------------------------------------------------------------------------- charts


def heatmap_chart(d: dict) -> str:
    """A calendar: one column per week, one row of dots per weekday, dot size by reviews."""
    cells = d["heatmap"]
    first = dt.date.fromisoformat(cells[0]["date"])
    start = first - dt.timedelta(days=first.weekday())
    weeks = (dt.date.fromisoformat(cells[-1]["date"]) - start).days // 7 + 1
    grid = [[None] * weeks for _ in WEEKDAYS]
    for c in cells:
        day = dt.date.fromisoformat(c["date"])
        grid[day.weekday()][(day - start).days // 7] = c["value"] or None
    chart = pygal.Dot(**_config(height=260, show_x_labels=True, x_label_rotation=0, show_y_guides=False,
                                x_labels_major_every=4, show_minor_x_labels=False, truncate_label=-1))
    chart.x_labels = [(start + dt.timedelta(weeks=w)).strftime("%b %d") for w in range(weeks)]
    for name, row in zip(WEEKDAYS, grid, strict=False):
        chart.add(name, row)
    return render(chart)


def forecast_chart(d: dict) -> str:
    chart = pygal.Bar(**_config(x_label_rotation=45, show_minor_x_labels=False, x_labels_major_every=5))
    chart.x_labels = [_short(c["date"]) for c in d["forecast"]]
    chart.add("Due", [c["value"] for c in d["forecast"]])
    return render(chart)


def retention_chart(d: dict) -> str:
    t = retention_table(d)
    chart = pygal.Bar(**_config(show_legend=True, legend_at_bottom=True, range=(0, 100)))
    chart.x_labels = [r[0] for r in t.rows]
    chart.add("True retention %", [r[3] for r in t.rows])
    chart.add("Desired %", [r[4] for r in t.rows])
    return render(chart)


def _mastery_chart(t: Table) -> str:
    chart = pygal.HorizontalBar(**_config(show_legend=True, legend_at_bottom=True, range=(0, 100), truncate_label=40,
                                          height=max(200, 60 + 40 * len(t.rows))))
    chart.x_labels = [r[0] for r in t.rows]
    chart.add("Recall %", [r[3] for r in t.rows])
    chart.add("Accuracy %", [r[4] for r in t.rows])
    return render(chart)


def topics_chart(d: dict) -> str:
    return _mastery_chart(topics_table(d))


def banks_chart(d: dict) -> str:
    return _mastery_chart(banks_table(d))


def time_chart(d: dict) -> str:
    chart = pygal.Bar(**_config(x_label_rotation=45, show_minor_x_labels=False, x_labels_major_every=5))
    chart.x_labels = [_short(c["date"]) for c in d["time_per_day"]]
    chart.add("Minutes", [c["minutes"] for c in d["time_per_day"]])
    return render(chart)


def _numbered(t: Table) -> list[str]:
    """Short x labels ("1 · 02 Dec"): a test's title is in the table, and a long label gets cut off."""
    return [f"{n} · {_short(r[0])}" for n, r in enumerate(t.rows, start=1)]


def tests_chart(d: dict) -> str | None:
    t = tests_table(d)
    if not t.rows:
        return None
    chart = pygal.Bar(**_config(show_legend=True, legend_at_bottom=True, truncate_label=-1, x_label_rotation=0,
                                x_title="Test number and date (titles in the table)"))
    chart.x_labels = _numbered(t)
    chart.add("Score", [r[2] for r in t.rows])
    chart.add("Lost to negative marking", [r[5] for r in t.rows])
    return render(chart)


def writing_chart(d: dict) -> str | None:
    """Both series as a share (words of the limit, key points covered) on one 0-100+ axis.

    Raw word counts on a second axis gave a meaningless scale (134-135) and,
    as a line over one answer, a point drawn on the chart's edge; bars on one
    percentage axis read the same for one answer or fifty.
    """
    t = writing_table(d)
    if not t.rows:
        return None
    words = [round(100 * r[2] / r[3], 1) if r[3] else None for r in t.rows]
    cover = [r[7] for r in t.rows]
    top = max([100.0, *(v for v in words + cover if v is not None)])
    chart = pygal.Bar(**_config(show_legend=True, legend_at_bottom=True, truncate_label=-1, x_label_rotation=0,
                                range=(0, top), x_title="Answer number and date (questions in the table)"))
    chart.x_labels = _numbered(t)
    chart.add("Words, % of the limit", words)
    chart.add("Key points covered %", cover)
    return render(chart)


CHARTS: dict[str, tuple[Callable[[dict], Table], Callable[[dict], str | None]]] = {
    "heatmap": (heatmap_table, heatmap_chart),
    "forecast": (forecast_table, forecast_chart),
    "retention": (retention_table, retention_chart),
    "topics": (topics_table, topics_chart),
    "banks": (banks_table, banks_chart),
    "time": (time_table, time_chart),
    "tests": (tests_table, tests_chart),
    "writing": (writing_table, writing_chart),
}
