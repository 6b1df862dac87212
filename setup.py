"""Packaging hook, nothing else (the metadata is in pyproject.toml).

templates/ and static/ live at the top of the repository, beside the package,
where the app reads them in a checkout or an editable install. A wheel must
carry them, so the build copies both into the built package as
quizapp/templates and quizapp/static, where `create_app` looks first.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
WEB_FOLDERS = ("templates", "static")


class BuildPyWithWebFolders(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads them from the checkout
        for name in WEB_FOLDERS:
            target = Path(self.build_lib) / "quizapp" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(HERE / name, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*"))


setup(cmdclass={"build_py": BuildPyWithWebFolders})
