"""`make run` says in plain words what the bank load did (issue 20, point 24)."""

from __future__ import annotations

import re


def test_first_and_second_load_read_as_sentences(app, runner):
    first = runner.invoke(args=["banks", "load"])
    assert first.exit_code == 0, first.output
    out = " ".join(first.output.split())
    ready = re.search(r"Loaded 5 documents \(\d+ facts\): (\d+) questions? ready to study", out)
    assert ready and int(ready.group(1)) > 0, out  # served items (generated or reviewed) are ready
    assert "This is the first load, so every question is new." in out
    assert " new," not in out and "retired)" not in out  # the old "(447 new, 0 updated, 0 retired)"
    again = " ".join(runner.invoke(args=["banks", "load"]).output.split())
    assert "Since the last load:" in again and "added" not in again
