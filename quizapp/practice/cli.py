"""`quizapp practice ...` commands."""

from __future__ import annotations

import click
from flask.cli import AppGroup

cli = AppGroup("practice", help="Practice tests.")


@cli.command("sweep")
def sweep_command() -> None:
    """Submit every practice test past its deadline (run from cron every minute or so)."""
    from quizapp.practice.attempts import sweep

    click.echo(f"Submitted {sweep()} practice test(s) past their deadline.")
