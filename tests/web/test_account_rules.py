"""One set of username rules for the form and the CLI; names that reach files and headers stay intact."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path

import pytest
import sqlalchemy as sa
from werkzeug.http import parse_options_header

from quizapp.accounts import AccountError, create_user
from quizapp.extensions import db
from quizapp.models import User

PASSWORD = "monsoon-syllabus-42"


@pytest.mark.parametrize(("name", "message"), [
    ("a" * 41, "Use between 3 and 40 characters."),
    ('asha"x', "Use letters, digits"),
    ("ab", "Use between 3 and 40 characters."),
    ("asha kumar", "Use letters, digits"),
])
def test_cli_refuses_names_the_form_refuses(app, runner, name, message):
    result = runner.invoke(args=["users", "create", name, "--password-stdin"], input=PASSWORD + "\n")
    assert result.exit_code != 0 and message in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0
        with pytest.raises(AccountError):
            create_user(name, PASSWORD)


def test_cli_accepts_a_40_character_name(app, runner):
    result = runner.invoke(args=["users", "create", "a" * 40, "--password-stdin"], input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output


def test_export_filename_survives_a_quote_in_an_old_accounts_name(app, client, auth):
    with app.app_context():  # an account made before the rules applied to the CLI
        db.session.add(User('old"name', PASSWORD))
        db.session.commit()
    auth.login('old"name')
    app.config["CLOCK"] = lambda: dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC)
    response = client.get("/progress/export")
    assert response.status_code == 200
    kind, options = parse_options_header(response.headers["Content-Disposition"])
    assert kind == "attachment" and options["filename"] == 'quizapp-old"name-2026-11-01.json'
    assert json.loads(response.get_data())["format"] == "quizapp-progress-export"


def test_progress_cli_finds_users_case_insensitively(app, runner, tmp_path):
    with app.app_context():
        create_user("Asha", PASSWORD)
    out = tmp_path / "asha.json"
    result = runner.invoke(args=["progress", "export", "asha", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["format"] == "quizapp-progress-export"
    with app.app_context():
        create_user("Ravi", PASSWORD)
    imported = runner.invoke(args=["progress", "import", "RAVI", str(out)])
    assert imported.exit_code == 0, imported.output


def test_wtforms_pin_requires_the_version_that_has_selectchoice():
    from packaging.requirements import Requirement

    project = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text())["project"]
    [wtforms] = [Requirement(d) for d in project["dependencies"] if d.lower().startswith("wtforms")]
    assert not wtforms.specifier.contains("3.2.1"), "SelectChoice (used by practice/routes.py) first appears in WTForms 3.3"
    assert wtforms.specifier.contains("3.3.0")
    from wtforms.fields.choices import SelectChoice  # noqa: F401  (the installed version has it)
