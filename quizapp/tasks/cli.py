"""``quizapp worker``: run the Huey consumer that does background builds."""

from __future__ import annotations

import logging

import click


@click.command("worker")
@click.option("--workers", "-w", default=1, show_default=True, help="Builds to run at the same time.")
@click.option("--worker-type", type=click.Choice(["thread", "process"]), default="thread", show_default=True)
def worker_command(workers: int, worker_type: str) -> None:
    """Run background builds until stopped (Ctrl+C). Start it beside the web server."""
    from huey.consumer_options import ConsumerConfig

    from quizapp.tasks import huey

    config = ConsumerConfig(workers=workers, worker_type=worker_type)
    config.validate()
    config.setup_logger(logging.getLogger("huey"))
    huey.create_consumer(**config.values).run()
