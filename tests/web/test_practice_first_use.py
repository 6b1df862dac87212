"""Issue 20 (first use), practice: resuming at the question being viewed, and the new-test form's controls."""

from __future__ import annotations

import re

from tests.web.test_practice_api import BASE, T0, Api, seed_mcqs  # noqa: F401  (T0, Api: the api fixture reads them)

API_PAGE = "/practice/"


def test_a_reload_reopens_at_the_question_being_viewed(app, api, clock):
    """Issue 20.9: Q6 was being viewed, Q7 the first unvisited; the reload must say Q6."""
    seed_mcqs(app, n=20)
    attempt = api.create(size=10).json
    qs = attempt["questions"]
    assert attempt["current_position"] is None
    for q in qs[:7]:  # Q1..Q7 visited, then back to Q6
        assert api.put(attempt["id"], {"item_id": q["item_id"], "current": True}).status_code == 200
    assert api.put(attempt["id"], {"item_id": qs[5]["item_id"], "current": True}).status_code == 200
    again = api.get(attempt["id"]).json
    assert again["current_position"] == qs[5]["position"]
    bad = api.put(attempt["id"], {"item_id": qs[0]["item_id"], "current": "yes"})
    assert bad.status_code == 400 and api.get(attempt["id"]).json["current_position"] == qs[5]["position"]


def test_banks_and_topics_are_checkboxes_and_number_inputs_are_styled(app, api, client):
    """Issue 20.12: no Ctrl-click multi-select; the minutes input looks like the rest of the form."""
    seed_mcqs(app, n=20)
    page = client.get("/practice/").get_data(as_text=True)
    assert not any("multiple" in tag for tag in re.findall(r"<select[^>]*>", page))
    boxes = [t for t in re.findall(r"<input[^>]*>", page) if 'type="checkbox"' in t]
    assert len([t for t in boxes if 'name="topics"' in t]) == 3
    assert any('name="banks"' in t and 'value="bank-a"' in t for t in boxes)
    minutes = re.search(r'<input[^>]*name="minutes"[^>]*>', page).group(0)
    assert 'type="number"' in minutes  # styled with the other inputs (app.css input[type=number])
    token = api.token
    started = client.post("/practice/", data={"csrf_token": token, "size": "10", "scheme": "upsc",
                                               "topics": ["Polity", "Economy"]})
    assert started.status_code == 302
    attempt_id = int(started.headers["Location"].rstrip("/").split("/")[-1])
    assert client.get(f"{BASE}/{attempt_id}").json["question_count"] == 10
