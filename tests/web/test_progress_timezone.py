"""Every time in the user's zone: the browser's at registration, changed in settings (issue 20, point 19)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models import StudySettings, User
from tests.builders import Clock
from tests.conftest import csrf_from
from tests.web.test_writing import Api, seed_prompt

T0 = dt.datetime(2026, 3, 1, 20, 5, tzinfo=dt.UTC)  # 01:35 on 2 March in Kolkata, 15:05 in New York


def _register(client, zone):
    token = csrf_from(client.get("/auth/register").get_data(as_text=True))
    return client.post("/auth/register", data={"username": "asha", "password": "monsoon-syllabus-42",
                                               "confirm": "monsoon-syllabus-42", "csrf_token": token, "timezone": zone})


def _zone(app):
    with app.app_context():
        uid = db.session.scalar(sa.select(User.id))
        row = db.session.get(StudySettings, uid)
        return row.timezone if row else None


def test_registration_takes_the_browsers_zone_and_ignores_an_unknown_one(app, client):
    page = client.get("/auth/register").get_data(as_text=True)
    assert 'name="timezone"' in page and "js/timezone.js" in page and "<script>" not in page
    assert _register(client, "America/New_York").status_code == 302
    assert _zone(app) == "America/New_York"


def test_unknown_browser_zone_keeps_the_default(app, client):
    assert _register(client, "Mars/Olympus").status_code == 302
    assert _zone(app) in (None, "Asia/Kolkata")


def test_writing_times_show_in_the_users_zone_and_settings_change_it(app, client):
    clock = Clock(T0)
    app.config["CLOCK"] = clock
    item_id = seed_prompt(app)
    _register(client, "America/New_York")
    api = Api(client, csrf_from(client.get("/writing/").get_data(as_text=True)))
    a = api.start(item_id, mode="practice").json
    api.save(a["id"], "Short answer.", 0)
    api.submit(a["id"])
    page = client.get(f"/writing/attempts/{a['id']}").get_data(as_text=True)
    assert "01 Mar 2026 15:05 EST" in page and "UTC" not in page

    settings = client.get("/study/settings").get_data(as_text=True)
    assert '<option value="America/New_York" selected>' in settings and '<option value="Asia/Kolkata">' in settings
    r = client.post("/settings/timezone", data={"csrf_token": csrf_from(settings), "timezone": "Asia/Kolkata"})
    assert r.status_code == 302 and _zone(app) == "Asia/Kolkata"
    assert "02 Mar 2026 01:35 IST" in client.get(f"/writing/attempts/{a['id']}").get_data(as_text=True)

    bad = client.post("/settings/timezone", data={"csrf_token": csrf_from(settings), "timezone": "Nowhere/Else"},
                      follow_redirects=True)
    assert "Unknown time zone" in bad.get_data(as_text=True) and _zone(app) == "Asia/Kolkata"
    assert client.post("/settings/timezone", data={"timezone": "UTC"}).status_code == 400  # CSRF
    assert _zone(app) == "Asia/Kolkata"


def test_a_zone_the_browser_names_by_its_old_name_is_stored_by_its_current_one(app, client):
    """Chromium in India reports ICU's "Asia/Calcutta" (the first-use journey met it): store and show Asia/Kolkata."""
    assert _register(client, "Asia/Calcutta").status_code == 302
    assert _zone(app) == "Asia/Kolkata"
    assert "(Asia/Kolkata)" in client.get("/progress/").get_data(as_text=True)
