"""Charts are self-contained SVG that plot exactly the table's values; CSV carries the same rows."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest

from quizapp.progress import charts
from quizapp.progress import figures as f

UTC = dt.UTC
TODAY = dt.date(2026, 3, 10)


def sample() -> dict:
    day = lambda n: (TODAY + dt.timedelta(days=n)).isoformat()  # noqa: E731
    t0 = dt.datetime(2026, 3, 1, tzinfo=UTC)
    return {
        "heatmap": [{"date": c.day.isoformat(), "value": c.value} for c in f.heatmap({TODAY: 7, TODAY - dt.timedelta(days=3): 13}, TODAY)],
        "forecast": [{"date": day(n), "value": v} for n, v in enumerate([4] + [0] * 19 + [11] + [0] * 9)],
        "retention": {"desired": 0.9, "last_7_days": {"passed": 3, "total": 4, "rate": 0.75},
                      "last_30_days": {"passed": 5, "total": 8, "rate": 0.625},
                      "all_time": {"passed": 0, "total": 0, "rate": None}},
        "mastery": {"topics": [{"key": "Polity", "name": "Polity", "seen": 3, "mature": 1, "retrievability": 0.8123,
                                "accuracy": 0.6667, "answers": 9}],
                    "banks": [{"key": "econ", "name": "Economy <notes>", "seen": 2, "mature": 0, "retrievability": 0.5,
                               "accuracy": None, "answers": 0}]},
        "time_per_day": [{"date": day(n - 29), "minutes": 2.5 if n == 29 else 0.0} for n in range(30)],
        "tests": f.test_trend([f.TestResult(t0, "Mock 1", 93.34, 200.0, 10.66),
                               f.TestResult(t0 + dt.timedelta(days=7), "Mock 2", 121.0, 200.0, 6.0)]),
        "writing": f.writing_trend([f.WritingResult(t0, "Federalism", 236, 250, 612, 660, 3, 5)]),
    }


def values(svg: str) -> list[str]:
    return re.findall(r'<desc class="value">([^<]*)</desc>', svg)


@pytest.mark.parametrize("name", list(charts.CHARTS))
def test_svg_is_self_contained(name):
    svg = charts.CHARTS[name][1](sample())
    assert svg.startswith("<svg ") and 'role="img"' in svg
    assert "<script" not in svg and "@import" not in svg and "url(http" not in svg
    refs = set(re.findall(r"https?://[^\s\"'<>)]+", svg))
    assert refs <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}


def test_charts_plot_the_values():
    d = sample()
    assert sorted(values(charts.heatmap_chart(d)), key=int) == ["7", "13"]
    assert values(charts.forecast_chart(d)) == ["4"] + ["0"] * 19 + ["11"] + ["0"] * 9
    assert values(charts.retention_chart(d)) == ["75", "62.5", "90", "90", "90"]  # no bar without reviews
    assert sorted(values(charts.topics_chart(d))) == ["66.7", "81.2"]
    assert "Economy &lt;notes&gt;" in charts.banks_chart(d)  # labels are escaped
    assert values(charts.time_chart(d))[-1] == "2.5"
    assert values(charts.tests_chart(d)) == ["93.34", "121", "10.66", "6"]
    assert sorted(values(charts.writing_chart(d))) == ["60", "94.4"]  # words as % of the limit, coverage %


def test_no_trend_chart_without_rows():
    d = {**sample(), "tests": [], "writing": []}
    assert charts.tests_chart(d) is None and charts.writing_chart(d) is None
    assert charts.tests_table(d).summary == "No mock tests yet."
    assert charts.writing_table(d).summary == "No answers written yet."


def test_csv_has_the_table_rows():
    table = charts.forecast_table(sample())
    rows = list(csv.reader(io.StringIO(table.csv())))
    assert rows[0] == ["date", "due"] and len(rows) == 31 and rows[1] == ["2026-03-10", "4"]
    assert table.summary.startswith("15 reviews fall due")
    retention = list(csv.reader(io.StringIO(charts.retention_table(sample()).csv())))
    assert retention[3] == ["All time", "0", "0", "", "90.0"]


def test_csv_defuses_formulas_in_text():
    d = sample()
    d["tests"][0]["title"] = "=HYPERLINK(\"http://x\")"
    rows = list(csv.reader(io.StringIO(charts.tests_table(d).csv())))
    assert rows[1][1] == "'=HYPERLINK(\"http://x\")" and rows[1][2] == "93.34"


def test_writing_chart_has_one_axis_and_short_labels():
    svg = charts.writing_chart(sample())
    assert "axis y2" not in svg  # no secondary axis (it read 134-135)
    assert "<path" in svg and "Words, % of the limit" in svg
    tests = charts.tests_chart(sample())
    labels = re.findall(r'<g class="axis x[^"]*">(.*?)</g>\s*</g>', tests, re.S)
    assert "1 · 01 Mar" in tests and "2 · 08 Mar" in tests and "…" not in "".join(labels)


def test_weakest_is_ranked_by_the_measure_it_names():
    d = sample()
    d["mastery"]["topics"] = [
        {"key": "a", "name": "Just studied", "seen": 5, "mature": 0, "retrievability": 1.0, "accuracy": 0.145, "answers": 62},
        {"key": "b", "name": "Old topic", "seen": 5, "mature": 3, "retrievability": 0.7, "accuracy": 0.9, "answers": 40}]
    summary = charts.topics_table(d).summary
    assert "weakest by accuracy (share of answers right) is Just studied at 14.5 %" in summary
    assert "100" not in summary
    assert "weakest by recall (predicted chance of remembering it now) is Economy <notes> at 50 %" in charts.banks_table(d).summary


def test_scores_have_two_decimals_and_dates_are_the_users_day():
    d = sample()
    late = dt.datetime(2026, 3, 1, 20, 0, tzinfo=UTC)  # 01:30 on 2 March in Kolkata
    d["tests"] = f.test_trend([f.TestResult(late, "Mock", 10 / 3, 20.0, 2 / 3)])
    d["timezone"] = "Asia/Kolkata"
    row = charts.tests_table(d).rows[0]
    assert row[0] == "2026-03-02" and row[2] == 3.33 and row[5] == 0.67
    assert "3.33" in charts.tests_table(d).csv() and "3.333" not in charts.tests_table(d).csv()
    assert d["tests"][0]["score"] == 10 / 3  # the JSON keeps the exact value
    d["timezone"] = "UTC"
    assert charts.tests_table(d).rows[0][0] == "2026-03-01"
