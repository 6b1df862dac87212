"""`quizapp practice ...` commands."""

from __future__ import annotations

import click
from flask.cli import AppGroup

cli = AppGroup("practice", help="Practice tests.")
