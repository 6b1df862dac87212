"""The factory, configuration, database layer and error pages."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from flask import Blueprint

from quizapp import create_app
from quizapp.extensions import db
from quizapp.models import User
from quizapp.timeutil import UTC


def test_factory_has_no_side_effects_on_import():
    import importlib

    import quizapp

    importlib.reload(quizapp)  # importing must not create tables, load data or need a database


def test_templates_and_static_live_outside_the_package(app):
    from quizapp import ROOT_DIR

    assert app.template_folder == str(ROOT_DIR / "templates")
    assert app.static_folder == str(ROOT_DIR / "static")


def test_database_url_defaults_to_instance_sqlite(monkeypatch, tmp_path):
    from quizapp.config import build_config

    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    config = build_config(tmp_path)
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'quizapp.sqlite'}"
    key_file = tmp_path / "secret_key"
    assert key_file.read_text() == config["SECRET_KEY"] and len(config["SECRET_KEY"]) == 64
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert build_config(tmp_path)["SECRET_KEY"] == config["SECRET_KEY"]  # stable across restarts


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql+psycopg://u:p@127.0.0.1/q", "postgresql+psycopg://u:p@127.0.0.1/q"),
        ("postgres://u:p@h/q", "postgresql+psycopg://u:p@h/q"),
        ("postgresql://u:p@h/q", "postgresql+psycopg://u:p@h/q"),
    ],
)
def test_database_url_from_environment(monkeypatch, tmp_path, given, expected):
    from quizapp.config import build_config

    monkeypatch.setenv("DATABASE_URL", given)
    monkeypatch.setenv("SECRET_KEY", "k")
    assert build_config(tmp_path)["SQLALCHEMY_DATABASE_URI"] == expected
    assert not (tmp_path / "secret_key").exists()


def test_sqlite_pragmas(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite pragmas only apply to SQLite (this run is on PostgreSQL)")
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000


def test_datetimes_round_trip_as_aware_utc(app):
    ist = dt.timezone(dt.timedelta(hours=5, minutes=30))
    local = dt.datetime(2026, 3, 1, 9, 0, tzinfo=ist)
    with app.app_context():
        db.session.add(User("asha", "monsoon-syllabus-42", created_at=local))
        db.session.commit()
        db.session.expire_all()
        stored = db.session.scalar(sa.select(User.created_at))
        assert stored.tzinfo is not None and stored.utcoffset() == dt.timedelta(0)
        assert stored == dt.datetime(2026, 3, 1, 3, 30, tzinfo=UTC)


def test_naive_datetime_is_refused(app):
    with app.app_context():
        db.session.add(User("asha", "monsoon-syllabus-42", created_at=dt.datetime(2026, 3, 1)))
        with pytest.raises(sa.exc.StatementError, match="naive datetime"):
            db.session.commit()
        db.session.rollback()


def test_migrations_match_the_models(app):
    """A model change without a migration would pass on create_all but break users' databases."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from quizapp.tasks import jobs

    def ours(obj, name, type_, reflected, compare_to) -> bool:
        # The task queue's job table is made by its store (quizapp.tasks.jobs), not by the migrations: a build
        # test on the same worker may have made it in this database already.
        table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", None)
        return table not in jobs.metadata.tables

    with app.app_context(), db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True,
                                                     "include_object": ours})
        diff = compare_metadata(ctx, db.metadata)
    assert diff == []


@pytest.mark.parametrize("code", [400, 403, 404, 413])
def test_error_pages_html_and_json(database_url, _schema, code):
    from werkzeug.exceptions import abort

    from tests.conftest import make_config

    app = create_app(make_config(database_url))
    bp = Blueprint("boom", __name__)
    bp.add_url_rule("/boom", "boom", lambda: abort(code))
    app.register_blueprint(bp)
    client = app.test_client()
    html = client.get("/boom")
    assert html.status_code == code and html.mimetype == "text/html"
    assert f"{code} ·" in html.get_data(as_text=True)
    js = client.get("/boom", headers={"Accept": "application/json"})
    assert js.status_code == code and js.json["status"] == code


def test_body_over_limit_is_413(client):
    response = client.post("/auth/login", data={"username": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert "KiB" in response.get_data(as_text=True)


def test_500_rolls_back_and_renders(database_url, _schema):
    from tests.conftest import make_config, wipe

    app = create_app(make_config(database_url, TESTING=False))
    wipe(app)

    def explode():
        db.session.add(User("ghost", "monsoon-syllabus-42"))
        db.session.flush()
        raise RuntimeError("boom")

    def commit_something():
        db.session.commit()
        return "ok"

    bp = Blueprint("boom", __name__)
    bp.add_url_rule("/explode", "explode", explode)
    bp.add_url_rule("/commit", "commit", commit_something)
    app.register_blueprint(bp)
    client = app.test_client()
    response = client.get("/explode")
    assert response.status_code == 500
    assert "500 ·" in response.get_data(as_text=True)
    assert client.get("/api/v1/explode-missing").json["status"] == 404
    client.get("/commit")
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0
    wipe(app)


def test_navigation_links_for_logged_in_user(client, auth):
    auth.register()
    html = client.get("/").get_data(as_text=True)
    for label, path in [("Study", "/study/"), ("Library", "/library/"), ("Practice tests", "/practice/"), ("Answer writing", "/writing/"), ("Progress", "/progress/")]:
        assert f'href="{path}"' in html and label in html
        assert client.get(path).status_code == 200


def test_output_is_escaped(app, client):
    with app.app_context():
        db.session.add(User("x", "monsoon-syllabus-42"))
        db.session.commit()
    response = client.get("/auth/login?next=\"><script>alert(1)</script>")
    html = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html or "&#34;&gt;&lt;script&gt;" in html
