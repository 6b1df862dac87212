"""quizapp: sourced question banks, FSRS review, mock tests and answer writing
for UPSC Civil Services aspirants.

`create_app` only wires things together. Schema and data are loaded by CLI
commands (`quizapp init`), never at import or app creation, so tests and
workers start from a known state.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # importing Flask here would drag it into the pure pipeline and scheduler
    from flask import Flask

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT_DIR = PACKAGE_DIR.parent
MIGRATIONS_DIR = PACKAGE_DIR / "migrations"
# A wheel carries templates/ and static/ inside the package (setup.py copies them in);
# a checkout or an editable install has them beside it.
INSTALLED = (PACKAGE_DIR / "templates").is_dir()
WEB_DIR = PACKAGE_DIR if INSTALLED else ROOT_DIR


def create_app(config: dict[str, Any] | None = None) -> Flask:
    from flask import Flask

    from quizapp import cli, errors, headers
    from quizapp.config import build_config
    from quizapp.database import init_db
    from quizapp.security import init_security

    # Installed, Flask's own default (<prefix>/var/quizapp-instance), never inside site-packages.
    instance_path = os.environ.get("QUIZAPP_INSTANCE_PATH") or (None if INSTALLED else str(ROOT_DIR / "instance"))
    app = Flask(
        __name__,
        instance_path=instance_path,
        template_folder=str(WEB_DIR / "templates"),
        static_folder=str(WEB_DIR / "static"),
    )
    app.config.from_mapping(build_config(Path(app.instance_path), config))

    app.url_map.converters["int"] = _converters()
    init_db(app)
    init_security(app)
    headers.init_app(app)
    errors.init_app(app)
    _register_blueprints(app)
    cli.init_app(app)
    return app


MAX_ID = 2**31 - 1


def _converters():
    """``<int:...>`` bounded to a database id, so a larger one is a 404 (it cannot name a row).

    Ids are INTEGER columns: 32 bits on PostgreSQL, which refuses a bigger
    parameter ("integer out of range"), and SQLite overflows past 2**63.
    """
    from werkzeug.routing import IntegerConverter

    class IdConverter(IntegerConverter):
        def __init__(self, map, *args, **kwargs) -> None:
            kwargs.setdefault("max", MAX_ID)
            super().__init__(map, *args, **kwargs)

    return IdConverter


def _register_blueprints(app: Flask) -> None:
    """Every feature's routes and dashboard parts are wired here, so importing a feature package loads nothing."""
    from importlib import import_module

    from quizapp.api import ENDPOINTS
    from quizapp.auth import bp as auth_bp
    from quizapp.practice import progress as practice_progress
    from quizapp.writing import progress as writing_progress

    for name in ENDPOINTS:
        import_module(f"quizapp.api.{name}")
    practice_progress.register()
    writing_progress.register()

    routes = {name: import_module(f"quizapp.{name}.routes")
              for name in ("main", "library", "study", "api", "writing", "practice", "progress", "classes")}
    app.register_blueprint(routes["main"].bp)
    app.register_blueprint(routes["library"].bp, url_prefix="/library")
    app.register_blueprint(import_module("quizapp.interchange.routes").bp, url_prefix="/library")  # issue 19
    app.register_blueprint(routes["study"].bp, url_prefix="/study")
    app.register_blueprint(import_module("quizapp.study.browse_routes").bp, url_prefix="/study/browse")
    app.register_blueprint(routes["api"].bp, url_prefix="/api/v1")
    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(routes["writing"].bp, url_prefix="/writing")
    app.register_blueprint(routes["practice"].bp, url_prefix="/practice")
    app.register_blueprint(routes["progress"].bp, url_prefix="/progress")
    app.register_blueprint(routes["classes"].bp, url_prefix="/classes")
    app.register_blueprint(import_module("quizapp.review.routes").bp, url_prefix="/review")
    app.register_blueprint(import_module("quizapp.admin.routes").bp, url_prefix="/admin")
    app.register_blueprint(import_module("quizapp.progress.zones").bp)  # the user's time zone: filter and setting
