"""GET /api/v1/progress/summary returns the dashboard's figures, described in the OpenAPI document."""

from __future__ import annotations

import jsonschema
import pytest

from quizapp.progress import dashboard
from quizapp.web.appstate import progress_caches
from tests.web.test_progress import trends  # noqa: F401  (fixture)
from tests.web.test_progress_history import EXPECTED, NOW, seed_history


@pytest.fixture
def asha(app, auth):
    app.config["CLOCK"] = lambda: NOW
    auth.register()
    return seed_history(app)


def test_summary_is_the_dashboard(app, client, asha, trends):  # noqa: F811
    response = client.get("/api/v1/progress/summary")
    assert response.status_code == 200
    body = response.json
    with app.app_context():
        assert body == dashboard.build(asha, NOW, progress_caches())
    assert body["due"] == EXPECTED["due"] and body["streak"]["days"] == EXPECTED["streak"]
    assert body["retention"]["last_30_days"] == {"passed": 3, "total": 4, "rate": 0.75}
    assert [t["title"] for t in body["tests"]] == ["GS Mock 1", "GS Mock 2"]
    doc = client.get("/api/v1/openapi.json").json
    schema = {**doc["components"]["schemas"]["ProgressSummary"], "components": doc["components"]}
    jsonschema.validate(body, schema)
    assert "/api/v1/progress/summary" in doc["paths"]


def test_summary_needs_auth_and_accepts_a_token(app, client, asha, runner):
    anonymous = app.test_client()
    response = anonymous.get("/api/v1/progress/summary")
    assert response.status_code == 401 and response.json["status"] == 401
    token = runner.invoke(args=["users", "token", "asha"]).output.strip()
    with_token = anonymous.get("/api/v1/progress/summary", headers={"Authorization": f"Bearer {token}"})
    assert with_token.status_code == 200 and with_token.json["reviews_total"] == 11
