"""`quizapp run` (what `make run` calls) serves through gunicorn, so slow clients cannot take every worker."""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

from tests.conftest import TEST_SECRET

READY_TIMEOUT = 90  # seconds for the first answer on a busy 2-core machine


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _lines(stream, into: queue.Queue) -> None:
    for line in iter(stream.readline, ""):
        into.put(line)
    into.put(None)


def _slow_client(port: int) -> socket.socket:
    """A client that started a request and sends one header line now and then (slowloris)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    return sock


def _healthz(port: int) -> tuple[int, str]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as resp:
        return resp.status, resp.headers.get("Server", "")


def test_quizapp_run_uses_gunicorn_and_answers_while_two_slow_clients_hold_connections(app, database_url, tmp_path):
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": TEST_SECRET,
           "QUIZAPP_INSTANCE_PATH": str(tmp_path / "instance"), "PYTHONUNBUFFERED": "1"}
    quizapp = Path(sys.executable).parent / "quizapp"
    proc = subprocess.Popen([str(quizapp), "run", "--host", "127.0.0.1", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_lines, args=(proc.stdout, lines), daemon=True).start()
    slow: list[socket.socket] = []
    try:
        seen = []
        while True:
            line = lines.get(timeout=READY_TIMEOUT)
            assert line is not None, "quizapp run exited:\n" + "".join(seen)
            seen.append(line)
            if "quizapp is running at" in line:
                break
        assert f"http://127.0.0.1:{port}" in line
        assert "Werkzeug" not in "".join(seen) and "development server" not in "".join(seen)
        # Printed only once the server answers: it answers now, and it is gunicorn.
        status, server = _healthz(port)
        assert status == 200 and server.startswith("gunicorn")
        slow = [_slow_client(port), _slow_client(port)]
        for n in range(3):
            for sock in slow:
                sock.sendall(f"X-Slow-{n}: still here\r\n".encode())
            assert _healthz(port)[0] == 200
        for sock in slow:  # the slow clients are still connected, not dropped
            sock.settimeout(0.2)
            try:
                assert sock.recv(1) != b""
            except TimeoutError:
                pass
    finally:
        for sock in slow:
            sock.close()
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        proc.stdout.close()
