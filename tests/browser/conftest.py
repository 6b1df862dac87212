"""Real Chromium (Debian's, never a downloaded one) against the app under gunicorn.

One gunicorn serves the whole session (starting one per test cost seconds each);
tests stay apart because each one gets an emptied database (the ``app`` fixture),
its own browser context (cookies, storage) and so its own user. A test that kills
the server (kill -9 journeys) leaves it to the next ``live_server`` to start again.

The server sends the Content-Security-Policy the app is to send (issue 15 #6):
``csp_app`` adds it only where the app has not set one itself, so once the app
sends its own header, that one is what the tests see.

Locally, without Chromium or Playwright, these tests skip and say why. With
CI=true or QUIZAPP_REQUIRE_BROWSER=1 a missing browser is a failure, so CI can
never go green by skipping them.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import TEST_SECRET

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-quic", "--no-first-run", "--disable-sync"]
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
       "base-uri 'self'; form-action 'self'; object-src 'none'")


def csp_app():
    """The app gunicorn serves in these tests: the real factory, plus the CSP header if the app sets none."""
    from quizapp import create_app

    app = create_app()

    @app.after_request
    def _csp(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        return response

    return app


def _browser_required() -> bool:
    return os.environ.get("CI", "").lower() == "true" or os.environ.get("QUIZAPP_REQUIRE_BROWSER") == "1"


def _unavailable_reason() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (make test installs it)"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """The app under gunicorn in its own process, restartable (kill -9 included)."""

    def __init__(self, database_url: str, instance_path: Path, log_path: Path) -> None:
        self.database_url = database_url
        self.instance_path = instance_path
        self.log_path = log_path
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "SECRET_KEY": TEST_SECRET,
            "QUIZAPP_INSTANCE_PATH": str(self.instance_path),
            "QUIZAPP_SRS_FUZZ": "0",
        }
        gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [gunicorn, "--workers", "1", "--threads", "4", "--bind", f"127.0.0.1:{self.port}",
             "--graceful-timeout", "2", "--pythonpath", str(ROOT), "tests.browser.conftest:csp_app()"],
            env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        self._wait_until_up()

    def _wait_until_up(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.proc.returncode}; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1) as resp:
                    if resp.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.05)  # polling for readiness, not synchronising a test
        raise RuntimeError(f"server not up after {timeout}s; see {self.log_path}")

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """SIGTERM: gunicorn's graceful stop. SIGKILL: a crash, so the whole process group at once (a worker
        whose master alone was killed goes on answering for a moment)."""
        if self.proc and self.proc.poll() is None:
            if sig == signal.SIGKILL:
                os.killpg(self.proc.pid, sig)
            else:
                self.proc.send_signal(sig)
            self.proc.wait(timeout=15)
        if getattr(self, "_log", None):
            self._log.close()

    def restart(self, sig: int = signal.SIGKILL) -> None:
        self.stop(sig)
        self.start()


@pytest.fixture(scope="session")
def _playwright():
    reason = _unavailable_reason()
    if reason:
        if _browser_required():
            pytest.fail(f"browser tests are required here (CI / QUIZAPP_REQUIRE_BROWSER) but: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import expect, sync_playwright

    # As long as the pages' own timeout: on two shared cores a 5 s wait for a page to react can run out.
    expect.set_options(timeout=10_000)
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(_playwright):
    browser = _playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def _server(_schema, database_url, tmp_path_factory) -> Iterator[LiveServer]:
    base = tmp_path_factory.mktemp("live")
    server = LiveServer(database_url, base / "instance", base / "gunicorn.log")
    yield server
    server.stop()


@pytest.fixture
def live_server(app, _server) -> LiveServer:
    """The session's server, on this test's (already emptied) database; started if a test before stopped it."""
    if not _server.running:
        _server.stop()  # closes the log of a killed one
        _server.start()
    return _server


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-failure.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
