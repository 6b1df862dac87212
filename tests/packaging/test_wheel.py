"""The wheel carries the templates and static files, and an installed (not editable) quizapp serves pages.

Only an editable install used to work: templates/ and static/ sat beside the
package, outside the wheel. These tests build the wheel from a copy of the
source (offline: the test extras bring setuptools and wheel), compare its
templates/ and static/ with the checkout's, file by file, then install it into
a new virtual environment and serve the login page from there with gunicorn.

The new environment gets quizapp only from the wheel; its dependencies are
borrowed from the running environment through a .pth line (a plain path: the
editable install's own .pth hook there is not run), so no network is needed.
"""

from __future__ import annotations

import os
import shutil
import site
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WEB_FOLDERS = ("templates", "static")
SOURCE = ("quizapp", *WEB_FOLDERS, "pyproject.toml", "setup.py", "MANIFEST.in", "README.md")

# One xdist worker for this and the chart test: that one rewrites static/img/landing-study.png, which
# would otherwise land between the copy the wheel is built from and the comparison with the checkout.
pytestmark = [pytest.mark.packaging, pytest.mark.xdist_group("checkout-static")]


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in SOURCE:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(path, src / name)
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                    "--quiet", "--wheel-dir", str(out), str(src)], check=True, timeout=120)
    (found,) = out.glob("quizapp-*.whl")
    return found


def test_the_wheel_carries_every_template_and_static_file(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as whl:
        names = set(whl.namelist())
        for folder in WEB_FOLDERS:
            expected = _files(ROOT / folder)
            assert expected, f"nothing in {folder}/"
            packed = {n[len(f"quizapp/{folder}/"):]: whl.read(n) for n in names if n.startswith(f"quizapp/{folder}/")}
            assert packed == expected, f"{folder}/ in the wheel differs from the checkout's"
        assert "quizapp/templates/auth/login.html" in names
        assert "quizapp/migrations/env.py" in names


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def test_an_installed_wheel_serves_the_login_page(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=60)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                    "--quiet", str(wheel)], check=True, timeout=120)
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                             check=True, capture_output=True, text=True).stdout.strip()
    Path(purelib, "borrowed-deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")

    work = tmp_path / "elsewhere"  # not the checkout: nothing may come from it
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "QUIZAPP_INSTANCE_PATH")}
    env.update(DATABASE_URL=f"sqlite:///{work / 'quizapp.sqlite'}", SECRET_KEY="packaging-test-secret")
    where = subprocess.run([str(python), "-c", "import quizapp; print(quizapp.__file__)"], cwd=work, env=env,
                           check=True, capture_output=True, text=True).stdout.strip()
    assert Path(where).is_relative_to(venv), where

    port = _free_port()
    log = work / "gunicorn.log"
    with open(log, "wb") as out:
        server = subprocess.Popen([str(python), "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{port}",
                                   "quizapp:create_app()"], cwd=work, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 45
        while True:
            assert server.poll() is None, log.read_text()
            try:
                if _get(f"http://127.0.0.1:{port}/healthz")[0] == 200:
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            assert time.monotonic() < deadline, "the installed app never answered"
            time.sleep(0.1)  # polling for readiness, not synchronising the test
        status, html = _get(f"http://127.0.0.1:{port}/auth/login")
        assert status == 200 and 'name="username"' in html and 'name="password"' in html
        status, css = _get(f"http://127.0.0.1:{port}/static/css/app.css")
        assert status == 200 and "--accent" in css
    finally:
        server.terminate()
        server.wait(timeout=15)
