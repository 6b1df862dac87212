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


def create_app(config: dict[str, Any] | None = None) -> "Flask":
    from flask import Flask

    from quizapp import cli, errors
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

    init_db(app)
    init_security(app)
    errors.init_app(app)
    _register_blueprints(app)
    cli.init_app(app)
    return app


def _register_blueprints(app: "Flask") -> None:
    from quizapp.auth import bp as auth_bp
    from quizapp.practice import bp as practice_bp
    from quizapp.progress import bp as progress_bp
    from quizapp.writing import bp as writing_bp
    from quizapp.api import bp as api_bp
    from quizapp.library import bp as library_bp
    from quizapp.main import bp as main_bp
    from quizapp.study import bp as study_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(library_bp, url_prefix="/library")
    app.register_blueprint(study_bp, url_prefix="/study")
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(writing_bp, url_prefix="/writing")
    app.register_blueprint(practice_bp, url_prefix="/practice")
    app.register_blueprint(progress_bp, url_prefix="/progress")
