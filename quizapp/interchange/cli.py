"""`quizapp import` and `quizapp export`: thin wrappers over interchange.service."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from quizapp import formats
from quizapp.formats import FormatError
from quizapp.interchange import service
from quizapp.interchange.service import ImportError_


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(("auto", *formats.FORMATS)), default="auto", show_default=True)
@click.option("--bank", default=None, help="Bank name (default: the deck name, else the file name).")
@click.option("--owner", default=None, help="Make the bank private to this user (default: the shared library).")
@click.option("--dry-run", is_flag=True, help="Print what would be imported; write nothing.")
@click.option("--with-history", is_flag=True, help="apkg: replay Anki's review log into the owner's FSRS cards.")
@with_appcontext
def import_command(file: Path, fmt: str, bank: str | None, owner: str | None, dry_run: bool, with_history: bool) -> None:
    """Import a question bank from another tool, all or nothing."""
    try:
        summary = service.import_file(file, fmt=fmt, bank=bank, owner=owner, dry_run=dry_run, with_history=with_history)
    except FormatError as exc:
        raise click.ClickException(str(exc)) from None
    except ImportError_ as exc:
        raise click.ClickException(f"{file.name}: {exc}") from None
    for line in summary.lines():
        click.echo(line)
    if dry_run:
        click.echo("dry run: nothing written")


@click.command("export")
@click.option("--bank", "bank", default=None, help="A bank id (see the Library).")
@click.option("--library", "library", default=None, help="'shared', or a username for that user's private imports.")
@click.option("--format", "fmt", type=click.Choice(service.EXPORT_FORMATS), required=True)
@click.option("--out", "out", type=click.Path(path_type=Path, dir_okay=False), required=True)
@with_appcontext
def export_command(bank: str | None, library: str | None, fmt: str, out: Path) -> None:
    """Export a bank or a whole library to GIFT, Moodle XML, Anki .apkg or CSV."""
    if (bank is None) == (library is None):
        raise click.UsageError("give exactly one of --bank ID or --library shared|USER")
    try:
        if bank is not None:
            doc, items = service.bank_items(bank, None, any_owner=True)  # the operator may export any bank
            name = doc.title
        else:
            user_id = None
            if library != "shared":
                user = service.find_owner(library)
                user_id = user.id
            items, name = service.library_items(user_id), "quizapp" if user_id is None else f"quizapp {library}"
        data, lines = service.export_items(items, fmt, name)
    except ImportError_ as exc:
        raise click.ClickException(str(exc)) from None
    out.write_bytes(data)
    for line in lines:
        click.echo(f"{out.name}: {line}")
    click.echo(f"{out}: exported {len(items) - sum(': skipped:' in x for x in lines)} of {len(items)} items ({fmt})")
