"""The floor every quizapp row is compared with: Flask under the same gunicorn, doing nothing.

A ratio to this endpoint separates what quizapp's own code costs (database,
sessions, templates) from what Flask, gunicorn and the machine cost anyway.
The page is a constant of about the login page's size (~2.1 KB), so the two
differ in work done, not in bytes sent.

Served as ``bare_app:app`` with ``--pythonpath bench``.
"""

from __future__ import annotations

from flask import Flask

FIELDS = "".join(
    f'<p class="field"><label for="f{i}">Field {i}</label>'
    f'<input id="f{i}" name="f{i}" type="text" autocomplete="off" required></p>\n'
    for i in range(10)
)
PAGE = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bare page</title>
<link rel="stylesheet" href="/static/css/app.css">
</head>
<body>
<header class="site-header"><nav><a class="brand" href="/">Bare</a>
<a href="/study">Study</a> <a href="/practice">Practice</a> <a href="/writing">Writing</a></nav></header>
<main class="container">
<section class="card narrow">
<h1>A page of about the login page's size</h1>
<form method="post" action="/" novalidate>
{FIELDS}<p><button type="submit" class="button">Submit</button></p>
</form>
<p>This endpoint has no database, no session and no template rendering.
It is the baseline that the quizapp rows in bench/RESULTS.md are divided by.</p>
</section>
</main>
<footer class="site-footer"><p>Benchmark baseline served by gunicorn with the same settings as quizapp.</p></footer>
</body>
</html>
"""

app = Flask(__name__)


@app.get("/")
def page() -> tuple[str, int, dict[str, str]]:
    return PAGE, 200, {"Content-Type": "text/html; charset=utf-8"}


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}
