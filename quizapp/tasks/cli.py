"""``quizapp worker``: run the Huey consumer that does background builds."""

from __future__ import annotations

import logging
from pathlib import Path

import click


@click.command("worker")
@click.option("--workers", "-w", default=1, show_default=True, help="Builds to run at the same time.")
@click.option("--worker-type", type=click.Choice(["thread", "process"]), default="thread", show_default=True)
@click.option("--delay", "-d", type=float, default=0.1, show_default=True,
              help="Seconds between the first polls of an empty queue (SQLite storage polls).")
@click.option("--max-delay", "-m", type=float, default=10.0, show_default=True,
              help="The longest wait between polls once the queue has been empty a while.")
@click.option("--hold-mid-write", type=click.Path(file_okay=False, path_type=Path), hidden=True,
              help="Tests only: stop each document build's first attempt inside its write, and leave a sign in DIR.")
def worker_command(workers: int, worker_type: str, delay: float, max_delay: float, hold_mid_write: Path | None) -> None:
    """Run background builds until stopped (Ctrl+C). Start it beside the web server."""
    from huey.consumer_options import ConsumerConfig

    from quizapp.tasks import build_document, huey

    if hold_mid_write is not None:
        build_document.HOLD_DIR = hold_mid_write

    config = ConsumerConfig(workers=workers, worker_type=worker_type, initial_delay=delay, max_delay=max_delay)
    config.validate()
    config.setup_logger(logging.getLogger("huey"))
    huey.create_consumer(**config.values).run()
