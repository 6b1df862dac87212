"""What the test's consumer process runs: ``huey_consumer workerapp.huey``.

Built from the environment the test gives the process (queue file, job
database), with the same task names as the test's own binding.
"""

from __future__ import annotations

import os

import sqlalchemy as sa
from handlers import HANDLERS

from quizapp.tasks import SqlJobStore, bind, make_huey

_engine = sa.create_engine(f"sqlite:///{os.environ['QUIZAPP_TEST_JOBS_DB']}", connect_args={"timeout": 30})
huey = make_huey(os.environ)
queue = bind(huey, lambda: SqlJobStore(_engine), HANDLERS)
