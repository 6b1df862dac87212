"""The dashboard page, its charts and CSVs, and the home page summary, for the constructed history."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest

from quizapp.progress import providers
from quizapp.progress.figures import TestResult, WritingResult
from tests.web.test_progress_history import EXPECTED, NOW, TODAY, seed_history

UTC = dt.UTC


@pytest.fixture
def history(app, auth):
    app.config["CLOCK"] = lambda: NOW
    auth.register()
    return seed_history(app)


def fake_tests(user_id: int) -> list[TestResult]:
    return [TestResult(dt.datetime(2026, 3, 1, 5, tzinfo=UTC), "GS Mock 1", 93.34, 200.0, 10.66, 60, 40, 16),
            TestResult(dt.datetime(2026, 3, 8, 5, tzinfo=UTC), "GS Mock 2", 121.32, 200.0, 6.68, 70, 55, 10)]


def fake_writing(user_id: int) -> list[WritingResult]:
    return [WritingResult(dt.datetime(2026, 3, 2, 5, tzinfo=UTC), "Cooperative federalism", 231, 250, 615, 660, 3, 5),
            WritingResult(dt.datetime(2026, 3, 9, 5, tzinfo=UTC), "Monsoon and agriculture", 148, 150, 402, 420, 4, 4)]


@pytest.fixture
def trends():
    with providers.registered("tests", trend=fake_tests), providers.registered("writing", trend=fake_writing):
        yield


def text(html: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}"[^>]*>([^<]*)<', html)
    assert match, f"no {testid} on the page"
    return match.group(1).strip()


def chart(html: str, name: str) -> str:
    match = re.search(rf'data-testid="chart-{name}">(.*?</svg>)', html, re.S)
    assert match, f"no {name} chart on the page"
    return match.group(1)


def values(svg: str) -> list[str]:
    return re.findall(r'<desc class="value">([^<]*)</desc>', svg)


def table(html: str, name: str) -> list[list[str]]:
    body = re.search(rf'data-testid="table-{name}">.*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    return [re.findall(r"<td>([^<]*)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_dashboard_shows_every_figure(client, history, trends):
    response = client.get("/progress/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    due = EXPECTED["due"]
    assert [text(html, f"due-{k}") for k in ("new", "learning", "review")] == [str(due[k]) for k in ("new", "learning", "review")]
    assert text(html, "streak-days") == str(EXPECTED["streak"])
    assert text(html, "reviews-total") == "11" and text(html, "reviews-today") == "3"
    assert text(html, "minutes-today") == "0.8"
    for key, window in (("7", "last_7_days"), ("30", "last_30_days"), ("all", "all_time")):
        passed, total = EXPECTED["retention"][window]
        assert text(html, f"retention-{key}") == f"{100 * passed / total:.1f}%"
    assert text(html, "retention-desired") == "90.0%"

    # Forecast: the table and the bars agree with the hand-worked due days.
    forecast = table(html, "forecast")
    assert len(forecast) == 30 and forecast[0] == ["2026-03-10", "2"] and forecast[20] == ["2026-03-30", "1"]
    assert values(chart(html, "forecast")) == ["2"] + ["0"] * 19 + ["1"] + ["0"] * 9

    # Heatmap: only active days in the table; the dots carry the counts.
    heat = {(dt.date.fromisoformat(d) - TODAY).days: int(n) for d, n in table(html, "heatmap")}
    assert heat == EXPECTED["heatmap"]
    assert sorted(map(int, values(chart(html, "heatmap")))) == sorted(EXPECTED["heatmap"].values())

    # Retention bars: 7d, 30d, all time, then desired three times.
    assert values(chart(html, "retention")) == ["100", "75", "60", "90", "90", "90"]

    # Mastery tables and bars, by topic and by bank.
    for kind in ("topics", "banks"):
        rows = {r[0]: r for r in table(html, kind)}
        assert set(rows) == set(EXPECTED[kind])
        plotted = values(chart(html, kind))
        for name, (seen, mature, recall, correct, graded) in EXPECTED[kind].items():
            r = rows[name]
            assert r[1:3] == [str(seen), str(mature)] and r[5] == str(graded)
            assert float(r[3]) == round(100 * recall, 1) and float(r[4]) == round(100 * correct / graded, 1)
            assert f"{float(r[3]):g}" in plotted and f"{float(r[4]):g}" in plotted

    # Time per day: the last bar is today's 0.8 minutes.
    assert values(chart(html, "time"))[-3:] == ["0.3", "0.2", "0.8"]

    # Trends from the registered providers.
    assert table(html, "tests") == [["2026-03-01", "GS Mock 1", "93.34", "200.0", "46.7", "10.66"],
                                    ["2026-03-08", "GS Mock 2", "121.32", "200.0", "60.7", "6.68"]]
    assert values(chart(html, "tests")) == ["93.34", "121.32", "10.66", "6.68"]
    assert "lost 6.68 marks to negative marking" in text(html, "summary-tests")
    assert table(html, "writing") == [["2026-03-02", "Cooperative federalism", "231", "250", "10.2", "3", "5", "60.0"],
                                      ["2026-03-09", "Monsoon and agriculture", "148", "150", "6.7", "4", "4", "100.0"]]
    assert sorted(values(chart(html, "writing"))) == sorted(["92.4", "98.7", "60", "100"])  # words as % of the limit


def test_svgs_on_the_page_load_nothing_from_outside(client, history, trends):
    html = client.get("/progress/").get_data(as_text=True)
    svgs = re.findall(r"<svg .*?</svg>", html, re.S)
    assert len(svgs) == 8
    for svg in svgs:
        assert "<script" not in svg
        assert set(re.findall(r"https?://[^\s\"'<>)]+", svg)) <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}


def test_without_providers_the_trends_say_so(client, history):
    html = client.get("/progress/").get_data(as_text=True)
    assert text(html, "summary-tests") == "No mock tests yet."
    assert text(html, "summary-writing") == "No answers written yet."
    assert 'data-testid="chart-tests"' not in html


@pytest.mark.parametrize("name", ["heatmap", "forecast", "retention", "topics", "banks", "time", "tests", "writing"])
def test_csv_matches_the_table(client, history, trends, name):
    html = client.get("/progress/").get_data(as_text=True)
    response = client.get(f"/progress/{name}.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == f'attachment; filename="quizapp-{name}.csv"'
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert [[v or "–" for v in r] for r in rows[1:]] == table(html, name)


def test_unknown_csv_is_404(client, history):
    assert client.get("/progress/nothing.csv").status_code == 404


def test_home_page_is_the_dashboard_summary(client, history):
    html = client.get("/").get_data(as_text=True)
    assert text(html, "due-new") == "2" and text(html, "due-review") == "1"
    assert text(html, "streak-days") == "3"
    assert 'href="/progress/"' in html


def test_streak_waits_for_today(client, history, app):
    app.config["CLOCK"] = lambda: NOW + dt.timedelta(days=1)  # tomorrow, nothing reviewed yet
    html = client.get("/").get_data(as_text=True)
    assert text(html, "streak-days") == "3" and "review today to keep it" in html
    app.config["CLOCK"] = lambda: NOW + dt.timedelta(days=2)
    assert text(client.get("/").get_data(as_text=True), "streak-days") == "0"


def test_pages_need_login(client):
    for path in ("/progress/", "/progress/forecast.csv", "/progress/export"):
        response = client.get(path)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_other_users_see_only_their_own(app, client, history):
    from tests.conftest import AuthActions

    other = app.test_client()
    AuthActions(other).register("ravi")
    html = other.get("/progress/").get_data(as_text=True)
    assert text(html, "reviews-total") == "0" and text(html, "streak-days") == "0"
    assert text(html, "retention-7") == "–"
