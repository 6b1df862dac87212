"""`quizapp progress ...` commands: export and import without the web upload's size limit."""

from __future__ import annotations

import json
import sys

import click
from flask.cli import AppGroup

from quizapp.accounts import find_user
from quizapp.progress import transfer
from quizapp.web.appstate import now

cli = AppGroup("progress", help="Progress: export and import a user's study data.")


def _user_id(name: str) -> int:
    user = find_user(name)  # case-insensitive, as everywhere else
    if user is None:
        raise click.ClickException(f"no user named {name!r}")
    return int(user.id)


@cli.command("export")
@click.argument("username")
@click.argument("path", type=click.Path(dir_okay=False, writable=True, allow_dash=True))
def export_command(username: str, path: str) -> None:
    """Write USERNAME's data to PATH ("-" for standard output)."""
    body = json.dumps(transfer.export_user(_user_id(username), now()), ensure_ascii=False, separators=(",", ":"))
    if path == "-":
        sys.stdout.write(body + "\n")
    else:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(body)
        click.echo(f"exported {username} to {path}")


@cli.command("import")
@click.argument("username")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_command(username: str, path: str) -> None:
    """Import PATH into USERNAME, a fresh account (nothing is written if the file is refused)."""
    with open(path, "rb") as fh:
        raw = fh.read()
    try:
        counts = transfer.import_user(_user_id(username), raw, now())
    except transfer.ImportRefused as err:
        raise click.ClickException(str(err)) from None
    click.echo(f"imported {counts['cards']} cards and {counts['review_logs']} reviews into {username}")
