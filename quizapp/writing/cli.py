"""`quizapp writing ...` commands."""

from __future__ import annotations

import click
from flask.cli import AppGroup

cli = AppGroup("writing", help="Answer writing.")
