"""`quizapp classes sweep`, `quizapp results import CLASS_TEST FILE.csv` and `quizapp users role NAME ROLE`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup, with_appcontext

cli = AppGroup("classes", help="Classes and live tests.")
results_cli = AppGroup("results", help="Results of class papers.")


@cli.command("sweep")
def sweep_command() -> None:
    """Submit sittings past their deadline, then store ranks and statistics of every closed paper (cron)."""
    from quizapp.classes import compute
    from quizapp.practice.attempts import sweep

    submitted = sweep()
    click.echo(f"Submitted {submitted} test(s) past their deadline; computed {compute.sweep()} closed paper(s).")


@results_cli.command("import")
@click.argument("class_test", type=int)
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def import_command(class_test: int, file: Path) -> None:
    """Import an OMR sheet (roll,q1,…,qN with A–D or blank) for paper CLASS_TEST; all or nothing."""
    from quizapp.classes import compute, omr
    from quizapp.extensions import db
    from quizapp.models.classes import ClassPaper

    paper = db.session.get(ClassPaper, class_test)
    if paper is None:
        raise click.ClickException(f"No class test {class_test}.")
    try:
        done = omr.import_sheet(paper, file)
    except omr.SheetError as err:
        raise click.ClickException(f"{err} (nothing was imported)") from None
    if compute.closed(paper, compute.clock_now()):
        compute.compute(paper)
    click.echo(f"Imported {done.rows} sheet(s): {done.matched} matched to learners, {done.named} kept as named rows.")


@click.command("role")
@click.argument("name")
@click.argument("role")
@with_appcontext
def role_command(name: str, role: str) -> None:
    """Set NAME's role: learner, teacher, editor or admin (teachers and editors may run classes)."""
    from quizapp.accounts import find_user
    from quizapp.classes.groups import ClassError, set_role

    user = find_user(name)
    if user is None:
        raise click.ClickException(f"No user named {name!r}.")
    try:
        set_role(user, role)
    except ClassError as err:
        raise click.ClickException(err.message) from None
    click.echo(f"{user.username} is now a {role}.")
