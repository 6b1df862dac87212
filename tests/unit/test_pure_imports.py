"""The domain modules import no Flask: each is imported alone in a fresh interpreter and ``sys.modules`` is read."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

PURE = ["quizapp.srs", "quizapp.banks", "quizapp.practice.marking", "quizapp.practice.analysis",
        "quizapp.practice.builder", "quizapp.writing.coverage", "quizapp.writing.rating", "quizapp.progress.figures",
        "quizapp.enums", "quizapp.clock", "quizapp.progress.history", "quizapp.web", "quizapp.errors", "quizapp.practice", "quizapp.writing", "quizapp.study",
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


# Services that take "now" and the fuzz flag from their callers (issue 16): only `quizapp.web.appstate` reads the app.
TAKE_FROM_CALLERS = ["quizapp/study/service.py", "quizapp/clock.py", "quizapp/progress/history.py"]
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("path", TAKE_FROM_CALLERS)
def test_services_do_not_read_the_app(path):
    text = (ROOT / path).read_text(encoding="utf-8")
    found = [f"{path}:{n}: {line.strip()}" for n, line in enumerate(text.splitlines(), 1)
             if re.search(r"\bcurrent_app\b|\bhas_app_context\b|^\s*(from|import) flask\b", line)]
    assert found == []


def test_the_web_layer_is_where_the_app_is_read():
    # The grep above would see it: the one module that reads the clock, the fuzz flag and the caches does.
    text = (ROOT / "quizapp/web/appstate.py").read_text(encoding="utf-8")
    assert 'current_app.config.get("CLOCK")' in text and 'current_app.config.get("SRS_FUZZ"' in text
