"""`quizapp worker` is registered and refuses bad options with click's usage message."""

from __future__ import annotations


def test_worker_command_is_registered(runner):
    result = runner.invoke(args=["worker", "--help"])
    assert result.exit_code == 0, result.output
    assert "Run background builds" in result.output


def test_worker_rejects_an_unknown_worker_type(runner):
    result = runner.invoke(args=["worker", "--worker-type", "greenlet"])
    assert result.exit_code == 2
    assert "Invalid value for '--worker-type'" in result.output
