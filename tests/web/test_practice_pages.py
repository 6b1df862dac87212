"""The practice pages: the new-test form, the take page, and every figure of the results page."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models import User
from quizapp.models.practice import PracticeAttempt, PracticeResponse
from quizapp.practice import attempts
from tests.builders import make_document, make_item, make_topic
from tests.web.test_practice_api import T0, seed_mcqs  # noqa: F401  (T0 sets the shared clock fixture)


@pytest.fixture
def user(client, auth, clock):
    auth.register()
    return auth


def shown(page: str, key: str) -> str:
    match = re.search(rf'data-testid="{re.escape(key)}"[^>]*>(.*?)</', page, re.S)
    assert match, f"no {key} on the page"
    return html.unescape(match.group(1)).strip()


def table(page: str, key: str) -> list[list[str]]:
    body = re.search(rf'data-testid="{key}".*?<tbody>(.*?)</tbody>', page, re.S).group(1)
    return [[html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_new_test_form_starts_a_test_or_says_why_not(app, client, user):
    seed_mcqs(app, n=30)
    page = client.get("/practice/")
    assert page.status_code == 200 and "30 questions in all" in page.get_data(as_text=True)
    token = user.csrf("/practice/")
    short = client.post("/practice/", data={"csrf_token": token, "size": "50", "scheme": "upsc"})
    assert short.status_code == 422
    assert "Only 30 questions match these banks, topics and tags, not enough for 50: choose 25 questions" in html.unescape(
        short.get_data(as_text=True))
    bad = client.post("/practice/", data={"csrf_token": token, "size": "10", "scheme": "upsc", "minutes": "0"})
    assert bad.status_code == 422 and "Number must be between 1 and 300" in bad.get_data(as_text=True)
    assert client.post("/practice/", data={"size": "10", "scheme": "upsc"}).status_code == 400  # no CSRF token
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PracticeAttempt)) == 0
    ok = client.post("/practice/", data={"csrf_token": token, "size": "10", "scheme": "quarter", "minutes": "15",
                                         "topics": ["Polity"]})
    assert ok.status_code == 302
    attempt_id = int(ok.headers["Location"].rstrip("/").split("/")[-1])
    with app.app_context():
        row = db.session.get(PracticeAttempt, attempt_id)
        assert (row.scheme, row.time_limit_s, row.question_count, row.filters["topics"]) == ("quarter", 900, 10, ["Polity"])
    take = client.get(f"/practice/{attempt_id}")
    assert take.status_code == 200 and 'data-testid="palette"' in take.get_data(as_text=True)
    assert client.get(f"/practice/{attempt_id}/results").status_code == 302  # still open
    listing = client.get("/practice/").get_data(as_text=True)
    assert f'href="/practice/{attempt_id}">Resume' in listing


def constructed(app, clock) -> tuple[int, int]:
    """An earlier test and the test under scrutiny, built row by row so every figure is known.

    Test under scrutiny, UPSC marking, 8 questions:
      pos topic      key shown-order  choice  time  outcome
      1   Polity     0   [3,0,1,2]    0       30 s  correct (shown B)
      2   Polity     1   [0,1,2,3]    2       90 s  wrong
      3   Polity     2   [2,3,0,1]    None     5 s  blank (marked)
      4   Economy    3   [0,1,2,3]    3       60 s  correct
      5   Economy    0   [1,0,3,2]    0       45 s  correct
      6   History    1   [0,1,2,3]    0      120 s  wrong
      7   History    2   [0,1,2,3]    1       10 s  wrong
      8   Geography  0   [0,1,2,3]    None     0 s  blank
    """
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id))
        doc = make_document("bank-r", text="The Constitution of India came into force on 26 January 1950. " * 5)
        rows = [("Polity", 0, [3, 0, 1, 2], 0, 30_000, False), ("Polity", 1, [0, 1, 2, 3], 2, 90_000, False),
                ("Polity", 2, [2, 3, 0, 1], None, 5_000, True), ("Economy", 3, [0, 1, 2, 3], 3, 60_000, False),
                ("Economy", 0, [1, 0, 3, 2], 0, 45_000, False), ("History", 1, [0, 1, 2, 3], 0, 120_000, False),
                ("History", 2, [0, 1, 2, 3], 1, 10_000, False), ("Geography", 0, [0, 1, 2, 3], None, 0, False)]
        items = [make_item(doc, "mcq", id=f"r-{n}", answer=key, topic=make_topic(topic), start=10, end=40,
                           stem=f"Question <b>{n}</b>?", options=[f"Opt{n}{j}" for j in range(4)],
                           explanation=f"Explained {n}.", quote="came into force on 26 January 1950")
                 for n, (topic, key, *_rest) in enumerate(rows, start=1)]
        db.session.flush()
        earlier = PracticeAttempt(user_id=user_id, started_at=T0, deadline=T0 + dt.timedelta(minutes=12), status="open",
                                  scheme="upsc", filters={}, seed=1, question_count=4, time_limit_s=720)
        earlier.responses = [PracticeResponse(position=n, item_id=i.id, option_order=[0, 1, 2, 3],
                                              choice=i.answer if n <= 2 else None, time_spent_ms=1000)
                             for n, i in enumerate(items[:4], start=1)]
        start = T0 + dt.timedelta(hours=1)
        attempt = PracticeAttempt(user_id=user_id, started_at=start, deadline=start + dt.timedelta(minutes=10),
                                  status="open", scheme="upsc", filters={}, seed=2, question_count=8, time_limit_s=600)
        attempt.responses = [PracticeResponse(position=n, item_id=i.id, option_order=order, choice=choice,
                                              time_spent_ms=ms, marked=marked, visited=True)
                             for n, (i, (_t, _k, order, choice, ms, marked)) in enumerate(zip(items, rows, strict=False), start=1)]
        db.session.add_all([earlier, attempt])
        db.session.commit()
        assert attempts.submit(earlier.id, T0 + dt.timedelta(minutes=5))
        assert attempts.submit(attempt.id, start + dt.timedelta(minutes=7))
        return earlier.id, attempt.id


def test_every_figure_on_the_results_page(app, client, user, clock):
    earlier_id, attempt_id = constructed(app, clock)
    page = client.get(f"/practice/{attempt_id}/results").get_data(as_text=True)
    # 3 right (+6), 3 wrong (−2), 2 blank: 4 of 16.
    assert shown(page, "score") == "4.00 of 16 (25.0 %)"  # issue 20.11: marks, out of what, and the share
    assert (shown(page, "correct"), shown(page, "wrong"), shown(page, "blank")) == ("3", "3", "2")
    assert shown(page, "accuracy") == "50.0%"          # 3 / 6 attempted
    assert shown(page, "attempt-rate") == "75.0%"      # 6 / 8
    assert shown(page, "negative-lost") == "2.00"      # 3 × 2/3
    assert shown(page, "total-time") == "6 min 00 s"   # 360 s
    assert shown(page, "mean-time") == "45 s"
    assert shown(page, "mean-time-correct") == "45 s" and shown(page, "mean-time-wrong") == "1 min 13 s"
    assert table(page, "topics") == [
        ["History", "2", "2", "0", "2", "0.0%", "−1.33"],
        ["Polity", "3", "2", "1", "1", "50.0%", "1.33"],
        ["Economy", "2", "2", "2", "0", "100.0%", "4.00"],
        ["Geography", "1", "0", "0", "0", "–", "0.00"],
    ]
    assert [r[:2] for r in table(page, "slowest")] == [["6", "2 min 00 s"], ["2", "1 min 30 s"], ["4", "1 min 00 s"],
                                                        ["5", "45 s"], ["1", "30 s"]]
    # Earlier test: 2 right of 4, none wrong: 4 of 8 = 50 % of the maximum, accuracy 100 %, attempt rate 50 %.
    assert table(page, "previous") == [["02 Mar 2026 04:05 UTC", "4.00 of 8 (50.0 %)", "50.0%", "100.0%", "50.0%"]]
    assert shown(page, "score-change") == "−25.0"  # percentage points of the maximum, said in words beside it
    listing = client.get("/practice/").get_data(as_text=True)
    cells = [[html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(rf'data-testid="{k}">(.*?)</td>', listing, re.S)]
             for k in ("list-score", "list-tally")]
    assert list(zip(*cells, strict=False)) == [("4.00 of 16 (25.0 %)", "3 correct · 3 wrong · 2 blank"),
                                 ("4.00 of 8 (50.0 %)", "2 correct · 0 wrong · 2 blank")]
    assert shown(page, "accuracy-change") == "−50.0%"
    assert shown(page, "attempt-rate-change") == "+25.0%"
    # Review: options in the order shown, the answer and key by the letters the candidate saw.
    q1 = re.search(r'data-testid="review-1".*?</li>\s*</ol>.*?</li>', page, re.S).group(0)
    assert re.findall(r"<li class=\"[^\"]*\">([A-D]\. Opt\d\d)", q1) == ["A. Opt13", "B. Opt10", "C. Opt11", "D. Opt12"]
    assert "Your answer: <strong data-role=\"your-answer\">B. Opt10</strong>" in q1
    assert "Key: <strong data-role=\"key\">B. Opt10</strong>" in q1
    assert "Explained 1." in q1 and "came into force on 26 January 1950" in q1
    assert 'href="/library/documents/bank-r?quote=10-40#at-10"' in q1
    assert '<span data-role="time">30 s</span>' in q1 and "(+2.00)" in q1
    q3 = re.search(r'data-testid="review-3".*?data-role="source"', page, re.S).group(0)
    assert "Not answered" in q3 and "marked for review" in q3 and "Key: <strong data-role=\"key\">A. Opt32</strong>" in q3
    q6 = re.search(r'data-testid="review-6".*?data-role="source"', page, re.S).group(0)
    assert 'data-outcome="wrong"' in q6 and "A. Opt60" in q6 and "(−0.67)" in q6 and "2 min 00 s" in q6
    assert "Question &lt;b&gt;1&lt;/b&gt;?" in page and "<b>1</b>" not in page  # escaped
    first = client.get(f"/practice/{earlier_id}/results").get_data(as_text=True)
    assert 'data-testid="no-previous"' in first


def test_retake_form_and_redirects(app, client, user, clock):
    _earlier, attempt_id = constructed(app, clock)
    assert client.get(f"/practice/{attempt_id}").status_code == 302  # submitted: the take page sends to results
    listing = client.get("/practice/").get_data(as_text=True)
    assert shown(listing, "mistake-count") == "3"
    token = user.csrf("/practice/")
    r = client.post("/practice/retake", data={"csrf_token": token})
    assert r.status_code == 302
    new_id = int(r.headers["Location"].rstrip("/").split("/")[-1])
    with app.app_context():
        ids = db.session.scalars(sa.select(PracticeResponse.item_id).where(PracticeResponse.attempt_id == new_id)).all()
    assert sorted(ids) == ["r-2", "r-6", "r-7"]
    submit = client.post(f"/practice/{new_id}/submit", data={"csrf_token": token})
    assert submit.status_code == 302 and submit.headers["Location"].endswith(f"/practice/{new_id}/results")
    # All three were left blank this time: blanks do not clear a mistake.
    assert shown(client.get("/practice/").get_data(as_text=True), "mistake-count") == "3"
