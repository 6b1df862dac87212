"""Item statuses are spelt once, in quizapp.enums: the bank pipeline, the loader, the schema and the
migrations use ItemStatus, so a status cannot be misspelt in one place and silently never match."""

from __future__ import annotations

import subprocess
from pathlib import Path

import jsonschema

from quizapp.banks import bankfile
from quizapp.enums import ItemStatus

ROOT = Path(__file__).resolve().parents[2]


def test_the_retired_literal_appears_only_in_the_enum():
    """The issue's own check: `git grep -n "'retired'\\|\\"retired\\"" quizapp` finds only enums.py."""
    run = subprocess.run(["git", "grep", "-n", "'retired'\\|\"retired\"", "quizapp"], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode in (0, 1), run.stderr  # 1: no match at all, 2+: git itself failed
    files = {line.split(":", 1)[0] for line in run.stdout.splitlines()}
    assert files == {"quizapp/enums.py"}, run.stdout


def test_the_bank_schema_allows_exactly_the_item_statuses():
    item = bankfile.schema()["$defs"]["item"]["properties"]["status"]
    assert item["enum"] == [s.value for s in ItemStatus]
    validator = jsonschema.Draft202012Validator(item)
    assert all(validator.is_valid(s.value) for s in ItemStatus)
    assert not validator.is_valid("retierd")


def test_a_status_is_written_to_yaml_as_its_plain_value():
    """Both dumpers (pure and C) write an ItemStatus as the string an editor reads and the loader compares."""
    for pure in (True, False):
        assert bankfile.dump({"status": ItemStatus.RETIRED}, pure=pure) == "status: retired\n"
