"""The `quizapp` command: a Flask CLI group bound to create_app.

Each command is a thin wrapper over a plain function that tests call directly.
`flask --app quizapp …` gives the same commands.
"""

from __future__ import annotations

import sys

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from flask_migrate import upgrade

from quizapp.accounts import AccountError, create_user, find_user, issue_token


def upgrade_database() -> None:
    from quizapp import MIGRATIONS_DIR

    upgrade(directory=str(MIGRATIONS_DIR))


@click.command("init")
@with_appcontext
def init_command() -> None:
    """Create or upgrade the database, then load the question banks (safe to repeat)."""
    upgrade_database()
    click.echo(f"Database ready: {_redacted(current_app.config['SQLALCHEMY_DATABASE_URI'])}")


def _redacted(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


users_cli = click.Group("users", help="Manage accounts.")


@users_cli.command("create")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input instead of a prompt.")
@with_appcontext
def users_create(name: str, password_stdin: bool) -> None:
    """Create an account NAME."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(name, password)
    except AccountError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"Created user {user.username}.")


@users_cli.command("token")
@click.argument("name")
@click.option("--label", default="cli", help="A name to recognise the token by.")
@with_appcontext
def users_token(name: str, label: str) -> None:
    """Print a new personal access token for NAME (shown once)."""
    user = find_user(name)
    if user is None:
        raise click.ClickException(f"No user named {name!r}.")
    click.echo(issue_token(user, label))


def init_app(app: Flask) -> None:
    app.cli.add_command(init_command)
    app.cli.add_command(users_cli)


def _create_app():
    from quizapp import create_app

    return create_app()


main = FlaskGroup(create_app=_create_app, help="quizapp: UPSC study and quiz app.", set_debug_flag=False)
