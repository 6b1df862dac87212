"""The `quizapp` command: a Flask CLI group bound to create_app.

Each command is a thin wrapper over a plain function that tests call directly.
`flask --app quizapp …` gives the same commands.
"""

from __future__ import annotations

import sys
from pathlib import Path

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
    _load_or_fail(Path(current_app.config["QUIZAPP_BANKS_DIR"]), Path(current_app.config["QUIZAPP_SOURCES_DIR"]))


banks_cli = click.Group("banks", help="Build, check and load the question banks.")


def _table(title: str, counts: dict[str, int]) -> None:
    click.echo(f"  {title}:")
    if not counts:
        click.echo("    (none)")
    for key, value in counts.items():
        click.echo(f"    {key:<26} {value:>6}")


@banks_cli.command("build")
@click.option("--sources", "sources", type=click.Path(path_type=Path), default=None, help="Source documents (default questions/sources).")
@click.option("--out", "out", type=click.Path(path_type=Path), default=None, help="Where to write the banks (default questions/banks).")
@with_appcontext
def banks_build(sources: Path | None, out: Path | None) -> None:
    """Extract facts from the sources and write one YAML bank per document (deterministic)."""
    from quizapp.banks.build import build_banks
    from quizapp.banks.sources import iter_sources

    sources = sources or Path(current_app.config["QUIZAPP_SOURCES_DIR"])
    out = out or Path(current_app.config["QUIZAPP_BANKS_DIR"])
    total = 2 * len(iter_sources(sources)) if sources.is_dir() else 0
    with click.progressbar(length=max(total, 1), label="Building banks", file=sys.stderr) as bar:
        report = build_banks(sources, out, progress=lambda _msg: bar.update(1))
    click.echo(f"Summary: {report.documents} documents written to {out}")
    _table("facts by kind", report.facts_by_kind)
    _table("served items by type", report.items_by_type)
    click.echo(f"  items: {report.served} served, {report.held} held")
    _table("held by reason", report.held_by_reason)
    _table("facts by served items", {f"{n} item(s)": facts for n, facts in report.served_per_fact.items()})
    click.echo(f"  most served items on one fact: {report.max_per_fact}")
    click.echo(f"  conflicts between sources: {len(report.conflicts)}")
    for conflict in report.conflicts:
        click.echo(f"    {conflict}")
    click.echo(f"  warnings: {len(report.warnings)}")
    for warning in report.warnings:
        click.echo(f"    {warning}")
    for error in report.errors:
        click.echo(error, err=True)
    if report.errors:
        raise SystemExit(1)


@banks_cli.command("check")
@click.argument("directory", type=click.Path(path_type=Path), required=False)
@click.option("--sources", "sources", type=click.Path(path_type=Path), default=None)
@with_appcontext
def banks_check(directory: Path | None, sources: Path | None) -> None:
    """Check banks against the schema and their sources; problems as file:line: message."""
    from quizapp.banks.check import check_report

    directory = directory or Path(current_app.config["QUIZAPP_BANKS_DIR"])
    sources = sources or Path(current_app.config["QUIZAPP_SOURCES_DIR"])
    report = check_report(directory, sources)
    problems = report.problems
    for conflict in report.conflicts:
        click.echo(conflict)
    for reason, where in report.held.items():
        click.echo(f"held ({reason}): {len(where)} item(s)")
        for line in where:
            click.echo(f"  {line}")
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        click.echo(f"{len(problems)} problem(s) found.", err=True)
        raise SystemExit(1)
    click.echo(f"{directory}: all banks are consistent.")


@banks_cli.command("load")
@click.argument("directory", type=click.Path(path_type=Path), required=False)
@click.option("--sources", "sources", type=click.Path(path_type=Path), default=None)
@with_appcontext
def banks_load(directory: Path | None, sources: Path | None) -> None:
    """Check the banks, then upsert them into the database in one transaction."""
    _load_or_fail(directory or Path(current_app.config["QUIZAPP_BANKS_DIR"]),
                  sources or Path(current_app.config["QUIZAPP_SOURCES_DIR"]))


@banks_cli.command("export")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@click.option("--document", "document", default=None, help="One document by id.")
@click.option("--library", "library", default=None, help="'shared', or a username: that user's private documents.")
@with_appcontext
def banks_export(directory: Path, document: str | None, library: str | None) -> None:
    """Write documents with their items' statuses and versions as banks; `banks load DIR --sources DIR` takes them back."""
    from quizapp.content.export import ExportError, export_documents, select_documents

    try:
        report = export_documents(select_documents(document, library), directory)
    except ExportError as err:
        click.echo(f"error: {err}", err=True)
        raise SystemExit(1) from err
    click.echo(f"Exported {len(report.documents)} document(s), {report.items} item(s), {report.versions} version(s) "
               f"to {directory}. Load them with: quizapp banks load {directory} --sources {directory}")
    for doc_id in report.skipped_imports:
        click.echo(f"  skipped imported bank {doc_id} (use `quizapp export --bank {doc_id}`)")


def _load_or_fail(directory: Path, sources: Path) -> None:
    from quizapp.content.loader import LoadError, load_banks

    try:
        report = load_banks(directory, sources)
    except LoadError as err:
        for problem in err.problems:
            click.echo(problem, err=True)
        click.echo("Nothing was loaded.", err=True)
        raise SystemExit(1) from err
    click.echo(load_summary(report))


def load_summary(report) -> str:
    """What `make run` prints after loading the banks, in words a first-time user follows (issue 20)."""
    def n(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 else 's'}"

    by_status = dict(report.items_by_status)
    ready = sum(by_status.pop(status, 0) for status in ("active", "generated", "reviewed"))
    others = ", ".join(f"{count} {status.replace('_', ' ')}" for status, count in sorted(by_status.items()))
    lines = [f"Loaded {n(report.documents, 'document')} ({n(report.facts, 'fact')}): "
             f"{n(ready, 'question')} ready to study" + (f" ({others} kept out of study)" if others else "") + "."]
    if report.inserted == ready + sum(by_status.values()) and not report.updated and not report.retired:
        lines.append("This is the first load, so every question is new.")
    else:
        changes = [f"{report.inserted} added" if report.inserted else "", f"{report.updated} checked or updated" if report.updated else "",
                   f"{report.retired} withdrawn (your past answers to them are kept)" if report.retired else ""]
        lines.append("Since the last load: " + (", ".join(c for c in changes if c) or "nothing changed") + ".")
    return " ".join(lines)


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


@users_cli.command("tokens")
@click.argument("name")
@with_appcontext
def users_tokens(name: str) -> None:
    """List NAME's API tokens: id, name, created, last used."""
    from quizapp.accounts import list_tokens

    user = _user_or_fail(name)
    tokens = list_tokens(user)
    if not tokens:
        click.echo(f"{user.username} has no API tokens.")
    for token in tokens:
        used = token.last_used_at.isoformat(timespec="seconds") if token.last_used_at else "never"
        click.echo(f"{token.id}\t{token.name or '-'}\tcreated {token.created_at.isoformat(timespec='seconds')}\tlast used {used}")


@users_cli.command("revoke")
@click.argument("name")
@click.argument("token_id", type=int)
@with_appcontext
def users_revoke(name: str, token_id: int) -> None:
    """Revoke NAME's API token TOKEN_ID (see `quizapp users tokens NAME`)."""
    from quizapp.accounts import revoke_token

    user = _user_or_fail(name)
    if not revoke_token(user, token_id):
        raise click.ClickException(f"{user.username} has no token {token_id}.")
    click.echo(f"Revoked token {token_id} of {user.username}.")


def _user_or_fail(name: str):
    user = find_user(name)
    if user is None:
        raise click.ClickException(f"No user named {name!r}.")
    return user


srs_cli = click.Group("srs", help="Spaced-repetition maintenance.")


@srs_cli.command("optimize")
@click.option("--user", "username", default=None, help="One user (default: every eligible user).")
@with_appcontext
def srs_optimize(username: str | None) -> None:
    """Fit FSRS parameters to each user's reviews; keep them only if better on held-out reviews."""
    import sqlalchemy as sa

    from quizapp.extensions import db
    from quizapp.models import User
    from quizapp.study.optimize import can_optimize, optimize_user

    if username:
        user = find_user(username)
        if user is None:
            raise click.ClickException(f"No user named {username!r}.")
        users = [user]
    else:
        users = list(db.session.scalars(sa.select(User).order_by(User.id)))
    for user in users:
        if not can_optimize(user.id):
            click.echo(f"{user.username}: not enough reviews yet (needs 1,000 over 14+ days).")
            continue
        r = optimize_user(user.id)
        verdict = "kept" if r.kept else "discarded (not better)"
        click.echo(
            f"{user.username}: log loss {r.before.log_loss:.4f} -> {r.after.log_loss:.4f}, "
            f"RMSE(bins) {r.before.rmse_bins:.4f} -> {r.after.rmse_bins:.4f} on {r.n_test} held-out reviews: {verdict}"
        )


def init_app(app: Flask) -> None:
    app.cli.add_command(init_command)
    app.cli.add_command(users_cli)
    app.cli.add_command(banks_cli)
    app.cli.add_command(srs_cli)
    from quizapp.tasks.cli import worker_command  # background builds (issue 17)
    app.cli.add_command(worker_command)
    from quizapp.interchange.cli import export_command, import_command  # issue 19
    app.cli.add_command(import_command)
    app.cli.add_command(export_command)
    from quizapp.practice.cli import cli as practice_cli
    from quizapp.progress.cli import cli as progress_cli
    from quizapp.stats.cli import stats_cli
    from quizapp.writing.cli import cli as writing_cli

    for group in (writing_cli, practice_cli, progress_cli, stats_cli):
        app.cli.add_command(group)
    from quizapp.classes.cli import cli as classes_cli  # issue 18
    from quizapp.classes.cli import results_cli, role_command
    app.cli.add_command(classes_cli)
    app.cli.add_command(results_cli)
    users_cli.add_command(role_command)


@click.command("run")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int, help="gunicorn worker processes.")
@click.option("--threads", default=8, show_default=True, type=int, help="Threads per worker (gthread).")
def run_command(host: str, port: int, workers: int, threads: int) -> None:
    """Serve the app with gunicorn's gthread workers (not Werkzeug's development server).

    A slow client holds one thread, not a whole worker, so two of them cannot
    stop the service; in production put a buffering proxy (nginx) in front too.
    Prints the URL only once the server answers.
    """
    import signal
    import subprocess
    import time
    import urllib.request

    cmd = [sys.executable, "-m", "gunicorn", "--worker-class", "gthread", "--workers", str(workers),
           "--threads", str(threads), "--bind", f"{host}:{port}", "--timeout", "60", "--graceful-timeout", "5",
           "--keep-alive", "5", "quizapp:create_app()"]
    proc = subprocess.Popen(cmd)
    signal.signal(signal.SIGTERM, lambda *_: proc.terminate())
    url = f"http://{host}:{port}"
    probe = f"http://{'127.0.0.1' if host in ('0.0.0.0', '') else host}:{port}/healthz"
    try:
        while proc.poll() is None:
            try:
                with urllib.request.urlopen(probe, timeout=2) as resp:
                    if resp.status == 200:
                        click.echo(f"\n  quizapp is running at {url}  (Ctrl+C to stop)\n")
                        break
            except OSError:
                time.sleep(0.1)  # polling until the server is up
        code = proc.wait()
    except KeyboardInterrupt:  # the terminal sent SIGINT to gunicorn too; let it finish
        code = proc.wait()
    if code not in (0, -signal.SIGTERM, -signal.SIGINT):
        raise SystemExit(code)


def _create_app():
    from quizapp import create_app

    return create_app()


class QuizappGroup(FlaskGroup):
    """Flask's group with our `run` (gunicorn) in place of Werkzeug's development server."""

    def __init__(self, **kwargs) -> None:
        from flask.cli import routes_command, shell_command

        super().__init__(add_default_commands=False, **kwargs)
        self.add_command(run_command)
        self.add_command(shell_command)
        self.add_command(routes_command)


main = QuizappGroup(create_app=_create_app, help="quizapp: UPSC study and quiz app.", set_debug_flag=False)
