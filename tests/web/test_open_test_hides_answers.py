"""While a mock test is running, neither the library nor study gives away its answers."""

from __future__ import annotations

import datetime as dt

from tests.builders import use_clock
from tests.web.test_practice_api import T0, Api, seed_mcqs


def _start(app, client, auth, n=10, size=10):
    clock = use_clock(app, T0)
    auth.register()
    api = Api(client, auth.csrf("/practice/"))
    keys = seed_mcqs(app, n=n)
    attempt = api.create(size=size, time_limit_minutes=10).json
    return clock, api, keys, attempt


def test_library_hides_the_key_of_an_item_in_an_open_test_and_says_why(app, client, auth):
    clock, api, keys, attempt = _start(app, client, auth)
    item_id = attempt["questions"][0]["item_id"]
    page = client.get(f"/library/items/{item_id}").get_data(as_text=True)
    assert 'data-testid="item-key"' not in page and "(answer)" not in page
    assert "Because the source says so." not in page  # the explanation
    assert 'data-testid="answer-hidden"' in page and "mock test that is still running" in page
    assert api.submit(attempt["id"]).status_code == 200
    page = client.get(f"/library/items/{item_id}").get_data(as_text=True)
    assert 'data-testid="item-key"' in page and 'data-testid="answer-hidden"' not in page


def test_library_shows_the_key_again_once_the_time_is_up(app, client, auth):
    clock, api, keys, attempt = _start(app, client, auth)
    item_id = attempt["questions"][0]["item_id"]
    clock.at = T0 + dt.timedelta(minutes=11)
    assert 'data-testid="item-key"' in client.get(f"/library/items/{item_id}").get_data(as_text=True)


def test_another_users_open_test_hides_nothing(app, client, auth):
    clock, api, keys, attempt = _start(app, client, auth)
    item_id = attempt["questions"][0]["item_id"]
    other = app.test_client()
    type(auth)(other).register("ravi")
    assert 'data-testid="item-key"' in other.get(f"/library/items/{item_id}").get_data(as_text=True)


def test_study_answer_refuses_an_item_in_an_open_test(app, client, auth):
    clock, api, keys, attempt = _start(app, client, auth)
    item_id = attempt["questions"][0]["item_id"]
    response = client.post("/api/v1/study/answer", json={"item_id": item_id, "response": keys[item_id]},
                           headers={"X-CSRFToken": api.token})
    assert response.status_code == 409
    assert "mock test" in response.json["message"]
    assert "correct" not in response.json


def test_study_next_skips_items_in_an_open_test(app, client, auth):
    clock, api, keys, attempt = _start(app, client, auth, n=12, size=10)
    in_test = {q["item_id"] for q in attempt["questions"]}
    served = set()
    for _ in range(5):
        response = client.get("/api/v1/study/next")
        if response.status_code == 204:
            break
        shown = response.json["item"]
        assert shown["id"] not in in_test
        served.add(shown["id"])
        assert client.post("/api/v1/study/answer", json={"item_id": shown["id"], "response": keys[shown["id"]]},
                           headers={"X-CSRFToken": api.token}).status_code == 200
    assert served == set(keys) - in_test  # the two items outside the test, and nothing more
    assert api.submit(attempt["id"]).status_code == 200
    assert client.get("/api/v1/study/next").json["item"]["id"] in in_test
