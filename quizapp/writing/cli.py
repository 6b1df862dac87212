"""`quizapp writing ...` commands."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from quizapp.timeutil import utcnow

cli = AppGroup("writing", help="Answer writing.")


@cli.command("sweep")
def sweep_command() -> None:
    """Submit every timed attempt whose deadline has passed (run it from cron every minute)."""
    from quizapp.writing.service import sweep

    n = sweep(utcnow())
    click.echo(f"Submitted {n} attempt(s) past their deadline.")
