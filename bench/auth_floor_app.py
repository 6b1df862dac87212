"""A ceiling for any authenticated quizapp API call: the whole app, a Bearer token checked, nothing else.

Served as ``auth_floor_app:app`` with ``--pythonpath bench`` beside the bare
app: the gap between the two is what every API request pays before doing any
work (quizapp's hooks, a database session, one indexed token lookup). Never
imported by the product.
"""

from __future__ import annotations

from flask import jsonify

from quizapp import create_app
from quizapp.security import bearer_user_id

app = create_app()


@app.get("/bench/auth-only")
def auth_only():
    user_id = bearer_user_id()
    if user_id is None:
        return jsonify(error="Unauthorized"), 401
    return jsonify(user_id=user_id)
