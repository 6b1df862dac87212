"""The domain modules import no Flask: each is imported alone in a fresh interpreter and ``sys.modules`` is read."""

from __future__ import annotations

import subprocess
import sys

import pytest

PURE = ["quizapp.srs", "quizapp.banks", "quizapp.practice.marking", "quizapp.practice.analysis",
        "quizapp.practice.builder", "quizapp.writing.coverage", "quizapp.writing.rating", "quizapp.progress.figures",
        "quizapp.enums", "quizapp.clock", "quizapp.errors", "quizapp.practice", "quizapp.writing", "quizapp.study",
        "quizapp.progress", "quizapp.api"]
WEB = ("flask", "flask_sqlalchemy", "flask_login", "wtforms", "sqlalchemy")


def test_pure_modules_load_no_web_framework():
    # One interpreter per module: a module that is clean alone must not look dirty because another loaded Flask.
    loaded = {}
    for name in PURE:
        code = f"import importlib, sys; importlib.import_module({name!r}); print(' '.join(sorted(sys.modules)))"
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        loaded[name] = sorted(m for m in run.stdout.split() if m.split(".")[0] in WEB)
    assert {name: mods for name, mods in loaded.items() if mods} == {}


@pytest.mark.parametrize("name", ["quizapp.practice.marking", "quizapp.srs"])
def test_the_check_would_see_flask(name):
    code = f"import importlib, sys; import flask; importlib.import_module({name!r}); print('flask' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "True"
