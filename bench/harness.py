"""Shared machinery for the HTTP benchmarks, so every row is measured the same way.

Figures from different benchmarks are only comparable if they share a server
setup, a load generator setup and a way of reading the numbers. This module
is that single definition: benchmarks import it rather than copying it.

Typical use::

    env = seeded_database(tmp, users={"bench": DEFAULT_PASSWORD})
    with Gunicorn("quizapp:create_app()", env) as server:
        cookie = login_cookie(server.base_url, "bench", DEFAULT_PASSWORD)
        result = run_wrk(server.base_url + "/", env={"BENCH_COOKIE": cookie}, server=server)

On a 2-core machine the server is pinned to one core and wrk to the other
(``SERVER_CPUS`` / ``LOADGEN_CPUS``), so the two never compete for a core and
each run reports how busy both were, and the rest of the machine
(``Result.wrk_cpu``, ``server_cpu``, ``other_cpu``): on a machine shared
with other people's test runs the figures are only as good as that last one.
"""

from __future__ import annotations

import json
import math
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path
from typing import IO
from urllib.parse import urlencode, urljoin, urlsplit

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
LUA_DIR = BENCH_DIR / "lua"
VENV_BIN = ROOT / ".venv" / "bin"

# Flask-Login's "strong" session protection binds a session to the client's
# User-Agent, so the login and every wrk request must send the same one or the
# "logged-in" page silently becomes the anonymous landing page.
USER_AGENT = "quizapp-bench/1"
DEFAULT_PASSWORD = "load-test-pass-not-secret-7"  # must not contain the username
DEFAULT_USERS: Mapping[str, str] = {"bench": DEFAULT_PASSWORD}
PG_ENV = "QUIZAPP_BENCH_DATABASE_URL"
TICKS = os.sysconf("SC_CLK_TCK")


def _split_cpus() -> tuple[str | None, str | None]:
    """Give wrk the last allowed core and the server the rest, if there are two or more.

    With one core there is nothing to separate, so neither is pinned.
    """
    allowed = sorted(os.sched_getaffinity(0))
    if len(allowed) < 2 or shutil.which("taskset") is None:
        return None, None
    return ",".join(map(str, allowed[:-1])), str(allowed[-1])


SERVER_CPUS, LOADGEN_CPUS = _split_cpus()


def venv_tool(name: str) -> str:
    """The venv's copy of a tool, so benchmarks never pick up a system gunicorn."""
    for candidate in (VENV_BIN / name, Path(sys.executable).parent / name):
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} is not installed in {VENV_BIN}")
    return found


def _pinned(cmd: list[str], cpus: str | None) -> list[str]:
    return ["taskset", "-c", cpus, *cmd] if cpus else cmd


# --------------------------------------------------------------------------- database


def seeded_database(tmpdir: str | Path, users: Mapping[str, str] = DEFAULT_USERS) -> dict[str, str]:
    """Build a migrated database with ``users`` and return the env that points at it.

    It goes through the real CLI (``quizapp init`` / ``users create``) so the
    benchmark sees the schema and password hashing production sees. SQLite in
    ``tmpdir`` by default; ``QUIZAPP_BENCH_DATABASE_URL`` switches to a
    (disposable) PostgreSQL database, where users left by an earlier run are
    reused because the passwords are fixed constants.
    """
    tmp = Path(tmpdir)
    instance = tmp / "instance"
    instance.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "GUNICORN_CMD_ARGS"}
    env.update(
        QUIZAPP_INSTANCE_PATH=str(instance),
        DATABASE_URL=os.environ.get(PG_ENV, "").strip() or f"sqlite:///{tmp / 'bench.sqlite'}",
        SECRET_KEY=secrets.token_hex(32),
    )
    env["QUIZAPP_BENCH_BANKS_LOADED"] = "1" if _init(env) else "0"
    for name, password in users.items():
        _create_user(env, name, password)
    return env


def _init(env: dict[str, str]) -> bool:
    """``quizapp init``, tolerating only an empty ``questions/banks`` (True if banks were loaded).

    ``init`` refuses to finish without bank files, but the HTTP rows need only
    the schema, so a checkout whose banks are not built yet can still be
    measured. Any other failure, or a failing migration, still raises.
    """
    try:
        _cli(env, "init")
        return True
    except RuntimeError as err:
        if any((ROOT / "questions" / "banks").glob("*.yaml")):
            raise
        print(f"bench: no question banks built; database has the schema only ({str(err).splitlines()[-2:]})",
              file=sys.stderr)
    migrate = "from quizapp import create_app\nfrom quizapp.cli import upgrade_database\n" \
              "with create_app().app_context():\n    upgrade_database()\n"
    proc = subprocess.run([venv_tool("python"), "-c", migrate], env=env, capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        raise RuntimeError(f"migrating the bench database failed:\n{proc.stderr}")
    return False


def _cli(env: Mapping[str, str], *args: str, stdin: str | None = None) -> str:
    proc = subprocess.run(
        [venv_tool("quizapp"), *args], env=dict(env), input=stdin, capture_output=True, text=True, timeout=120
    )
    if proc.returncode != 0:
        raise RuntimeError(f"quizapp {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr or proc.stdout}")
    return proc.stdout


def _create_user(env: Mapping[str, str], name: str, password: str) -> None:
    try:
        _cli(env, "users", "create", name, "--password-stdin", stdin=password + "\n")
    except RuntimeError as err:
        if not (os.environ.get(PG_ENV) and "taken" in str(err).lower()):
            raise


def api_token(env: Mapping[str, str], username: str) -> str:
    """A Bearer token for rows that measure the API without a browser session."""
    return _cli(env, "users", "token", username, "--label", "bench").strip()


# --------------------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """A gunicorn server that is always stopped, however the benchmark ends.

    Every server, app or bare, gets the same command line (sync workers, one
    bind, no control socket so two servers can run side by side) and differs
    only in ``app_spec`` and ``pythonpath``. It runs in its own process group
    so that stopping or ``kill9`` reaches the workers too, never anything else.
    """

    def __init__(
        self,
        app_spec: str,
        env: Mapping[str, str],
        workers: int = 2,
        port: int | None = None,
        *,
        pythonpath: str | Path | None = None,
        cpus: str | None = SERVER_CPUS,
        ready_path: str = "/healthz",
        start_timeout: float = 120.0,  # 4 workers booting on a busy 2-core machine after a kill -9 took over 30 s
    ) -> None:
        self.app_spec = app_spec
        self.env = {k: v for k, v in env.items() if k != "GUNICORN_CMD_ARGS"}
        self.workers = workers
        self.port = port or free_port()
        self.pythonpath = str(pythonpath) if pythonpath else None
        self.cpus = cpus
        self.ready_path = ready_path
        self.start_timeout = start_timeout
        self.proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        cmd = [
            venv_tool("gunicorn"),
            "--workers", str(self.workers),
            "--worker-class", "sync",
            "--bind", f"127.0.0.1:{self.port}",
            "--no-control-socket",
            "--log-level", "warning",
            "--graceful-timeout", "5",
        ]
        if self.pythonpath:
            cmd += ["--pythonpath", self.pythonpath]
        return _pinned([*cmd, self.app_spec], self.cpus)

    def __enter__(self) -> Gunicorn:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        if self.running:
            raise RuntimeError("gunicorn is already running")
        if self._log is None:
            self._log = tempfile.TemporaryFile()
        _become_subreaper()
        self.proc = subprocess.Popen(
            self.command(), env=self.env, cwd=ROOT, stdin=subprocess.DEVNULL,
            stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def _wait_ready(self) -> None:
        """Poll until a worker answers: start-up time varies too much for a fixed wait."""
        assert self.proc is not None
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if _answers(self.base_url + self.ready_path):
                return
            try:
                code = self.proc.wait(timeout=0.05)  # doubles as the poll interval
            except subprocess.TimeoutExpired:
                continue
            raise RuntimeError(f"gunicorn {self.app_spec} exited with {code}:\n{self.log_tail()}")
        raise TimeoutError(f"gunicorn {self.app_spec} did not answer within {self.start_timeout}s:\n{self.log_tail()}")

    def stop(self, timeout: float = 15.0) -> None:
        """SIGTERM the group, escalate to SIGKILL; signals go out only while the master is unreaped."""
        if not self.running:
            self._reap()
            return
        assert self.proc is not None
        self._signal_group(signal.SIGTERM)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self._signal_group(signal.SIGKILL)
            self.proc.wait()

    def kill9(self) -> None:
        """Crash the server (master and workers, no shutdown code runs) and wait until the port is free.

        For crash tests: whatever was half-written stays half-written. The
        orphaned workers are reaped here (we are their subreaper), because
        this machine's init does not reap and they would stay as zombies.
        """
        workers = self.worker_pids()
        if self.running:
            self._signal_group(signal.SIGKILL)
        self._reap()
        for pid in workers:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass  # reaped by someone else or never re-parented to us
        _wait_port_closed(self.port, deadline=time.monotonic() + 10)

    def kill9_worker(self, timeout: float = 10.0) -> int:
        """SIGKILL one worker, wait until the master has reaped it, and return its pid.

        The master then forks a replacement; poll ``worker_pids()`` or the
        app's URL for it rather than assuming when it is ready.
        """
        pids = self.worker_pids()
        if not pids:
            raise RuntimeError("gunicorn has no workers")
        os.kill(pids[0], signal.SIGKILL)
        deadline = time.monotonic() + timeout
        while pids[0] in self.worker_pids():
            if time.monotonic() > deadline:
                raise TimeoutError(f"worker {pids[0]} survived SIGKILL")
            time.sleep(0.01)  # polling interval with a deadline
        return pids[0]

    def restart(self) -> None:
        """Stop (if still up) and start again on the same port, so URLs held by the caller stay valid."""
        self.stop()
        self.start()

    def _signal_group(self, sig: signal.Signals) -> None:
        assert self.proc is not None
        try:
            os.killpg(self.proc.pid, sig)
        except ProcessLookupError:
            pass

    def _reap(self) -> None:
        if self.proc is not None:
            self.proc.wait()

    def worker_pids(self) -> list[int]:
        if not self.running:
            return []
        assert self.proc is not None
        return _children(self.proc.pid)

    def cpu_seconds(self) -> float:
        """CPU time used so far by the master and live workers (to show the server was the busy side)."""
        if not self.running:
            return 0.0
        assert self.proc is not None
        return sum(_proc_cpu_seconds(pid) for pid in [self.proc.pid, *self.worker_pids()])

    def log_tail(self, lines: int = 30) -> str:
        if self._log is None:
            return ""
        self._log.seek(0)
        return b"\n".join(self._log.read().splitlines()[-lines:]).decode(errors="replace")


def _become_subreaper() -> None:
    """Have workers orphaned by ``kill9`` re-parented to us, so that we can reap them."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    PR_SET_CHILD_SUBREAPER = 36
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as resp:
            return resp.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _wait_port_closed(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                pass
        except OSError:
            return
        time.sleep(0.02)  # polling interval with a deadline, not synchronisation
    raise TimeoutError(f"port {port} still accepts connections after SIGKILL")


def _children(pid: int) -> list[int]:
    """Live children only: a worker killed a moment ago stays a zombie until the master reaps it."""
    pids: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            pids += [int(p) for p in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return sorted(p for p in pids if _state(p) not in {"Z", "X", ""})


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return ""


def _proc_cpu_seconds(pid: int) -> float:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()  # the command name may contain spaces
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


# --------------------------------------------------------------------------- HTTP client


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Surface the 302 itself: the redirect target is how a successful login is recognised."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _opener(jar: CookieJar | None = None) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = [_NoRedirect()]
    if jar is not None:
        handlers.append(urllib.request.HTTPCookieProcessor(jar))
    opener = urllib.request.build_opener(*handlers)
    opener.addheaders = [("User-Agent", USER_AGENT)]
    return opener


@dataclass(frozen=True)
class Response:
    status: int
    headers: Mapping[str, str]
    body: str


def fetch(url: str, headers: Mapping[str, str] | None = None, data: bytes | None = None,
          jar: CookieJar | None = None) -> Response:
    """One request with the bench User-Agent and no redirect following, for pre-flight checks."""
    req = urllib.request.Request(url, data=data, headers=dict(headers or {}))
    try:
        with _opener(jar).open(req, timeout=10) as resp:
            return Response(resp.status, dict(resp.headers), resp.read().decode(errors="replace"))
    except urllib.error.HTTPError as err:
        return Response(err.code, dict(err.headers), err.read().decode(errors="replace"))


CSRF_META = re.compile(r'<meta\s+name="csrf-token"\s+content="([^"]+)"')


def login_cookie(base_url: str, username: str, password: str) -> str:
    """Log in through the real form and return a ``Cookie`` header value.

    Goes through GET + POST with the CSRF token, as a browser does, so the
    session is exactly what a logged-in user has. It is checked before it is
    returned (a logged-in user is redirected away from the login page),
    because a bad cookie would not fail the benchmark, only measure the
    anonymous page instead.
    """
    jar = CookieJar()
    page = fetch(base_url + "/auth/login", jar=jar)
    match = CSRF_META.search(page.body)
    if page.status != 200 or match is None:
        raise RuntimeError(f"login page: status {page.status}, csrf token {'found' if match else 'missing'}")
    form = urlencode({"username": username, "password": password, "csrf_token": match.group(1)}).encode()
    posted = fetch(base_url + "/auth/login", data=form, jar=jar)
    if posted.status != 302 or urlsplit(urljoin(base_url, posted.headers.get("Location", ""))).path != "/":
        raise RuntimeError(f"login as {username!r} failed: status {posted.status}")
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    if fetch(base_url + "/auth/login", headers={"Cookie": cookie}).status != 302:
        raise RuntimeError(f"the session cookie for {username!r} does not keep the user logged in")
    return cookie


# --------------------------------------------------------------------------- load generator


@dataclass(frozen=True)
class Result:
    """One wrk run. Latencies are exact (from wrk's histogram via Lua), in milliseconds.

    ``errors`` counts socket errors (connect/read/write/timeout); ``non2xx``
    counts every response outside 200-299, redirects included. ``wrk_cpu``,
    ``server_cpu`` and ``other_cpu`` (everything else on the machine, kernel
    included: other people's tests disturb the figures) are CPU-seconds per
    wall-second, 1.0 being one core fully busy.
    """

    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    non2xx: int
    requests: int = 0
    duration_s: float = 0.0
    p90_ms: float = math.nan
    max_ms: float = math.nan
    bytes_per_response: float = math.nan
    wrk_cpu: float = math.nan
    server_cpu: float = math.nan
    other_cpu: float = math.nan
    connections: int = 0
    threads: int = 0
    raw: str = field(default="", repr=False)


RESULT_LINE = re.compile(r"^BENCH_RESULT (\{.*\})$", re.M)


def run_wrk(
    url: str,
    lua_script: str | Path | None = None,
    headers: Mapping[str, str] | None = None,
    duration: float = 10,
    connections: int = 8,
    threads: int = 1,
    *,
    warmup: float = 2,
    env: Mapping[str, str] | None = None,
    server: Gunicorn | None = None,
    cpus: str | None = LOADGEN_CPUS,
) -> Result:
    """Warm up, then measure ``url`` with wrk and return exact figures.

    ``lua_script`` defaults to ``lua/get.lua``; any script must ``dofile``
    ``report.lua`` so its figures can be read. ``env`` reaches the Lua script
    (``BENCH_COOKIE``, ``BENCH_BODIES_FILE``…). Pass ``server`` to record its
    CPU use over the measured run.
    """
    script = Path(lua_script) if lua_script else LUA_DIR / "get.lua"
    hdrs = {"User-Agent": USER_AGENT, **(headers or {})}
    cmd = ["wrk", "--latency", f"--threads={threads}", f"--connections={connections}", "--script", str(script.resolve())]
    for name, value in hdrs.items():
        cmd += ["--header", f"{name}: {value}"]
    full_env = {**os.environ, **(env or {})}
    if warmup > 0:
        _wrk_once(_pinned([*cmd, f"--duration={_secs(warmup)}", url], cpus), full_env)
    server_before = server.cpu_seconds() if server else math.nan
    busy_before, wall_before = machine_busy_seconds(), time.monotonic()
    out, wrk_cpu = _wrk_once(_pinned([*cmd, f"--duration={_secs(duration)}", url], cpus), full_env)
    wall = time.monotonic() - wall_before
    busy = (machine_busy_seconds() - busy_before) / wall
    server_cpu = (server.cpu_seconds() - server_before) / wall if server else math.nan
    other_cpu = busy - wrk_cpu / wall - (0.0 if math.isnan(server_cpu) else server_cpu)
    return _parse(out, wrk_cpu / wall, server_cpu, max(0.0, other_cpu), connections, threads)


def machine_busy_seconds() -> float:
    """Non-idle CPU time of the whole machine, from /proc/stat (all cores summed)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    guest = sum(fields[8:10])  # already counted in user/nice
    return (sum(fields) - idle - guest) / TICKS


def _secs(seconds: float) -> str:
    return f"{max(1, round(seconds))}s"


def _wrk_once(cmd: list[str], env: Mapping[str, str]) -> tuple[str, float]:
    """Run wrk and return its output and the CPU seconds it used (its own rusage, not a guess)."""
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(cmd, env=dict(env), stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            proc.kill()
            proc.wait()
            raise
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode(errors="replace")
    if proc.returncode != 0:
        raise RuntimeError(f"wrk failed ({proc.returncode}): {' '.join(cmd)}\n{text}")
    return text, usage.ru_utime + usage.ru_stime


def _parse(out: str, wrk_cpu: float, server_cpu: float, other_cpu: float, connections: int, threads: int) -> Result:
    match = RESULT_LINE.search(out)
    if match is None:
        raise RuntimeError("wrk printed no BENCH_RESULT line; does the Lua script dofile report.lua?\n" + out)
    d = json.loads(match.group(1))
    duration = d["duration_us"] / 1e6
    rps = d["requests"] / duration
    text_rps = _text_rps(out)
    if text_rps is not None and abs(text_rps - rps) > 0.02 * rps + 1:
        raise RuntimeError(f"wrk's text ({text_rps} req/s) and Lua ({rps:.2f} req/s) disagree:\n{out}")
    return Result(
        rps=rps, p50_ms=d["p50_us"] / 1000, p95_ms=d["p95_us"] / 1000, p99_ms=d["p99_us"] / 1000,
        errors=d["connect"] + d["read"] + d["write"] + d["timeout"], non2xx=d["non2xx"],
        requests=d["requests"], duration_s=duration, p90_ms=d["p90_us"] / 1000, max_ms=d["max_us"] / 1000,
        bytes_per_response=d["bytes"] / d["requests"] if d["requests"] else math.nan,
        wrk_cpu=wrk_cpu, server_cpu=server_cpu, other_cpu=other_cpu, connections=connections, threads=threads, raw=out,
    )


def _text_rps(out: str) -> float | None:
    """wrk's own summary, used only to cross-check the Lua figures."""
    match = re.search(r"^Requests/sec:\s+([\d.]+)", out, re.M)
    return float(match.group(1)) if match else None


def wrk_version() -> str:
    proc = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
    match = re.search(r"wrk (\S+)", proc.stdout + proc.stderr)
    return match.group(1) if match else "unknown"


# --------------------------------------------------------------------------- reporting


def ratio_table(rows: Sequence[tuple[str, Result]], baseline: str) -> str:
    """Markdown table with each row's throughput and median latency relative to ``baseline``.

    Ratios rather than absolute numbers are what carry over between machines.
    """
    base = dict(rows)[baseline]
    lines = [
        f"| endpoint | req/s | p50 (ms) | p95 (ms) | p99 (ms) | req/s ÷ {baseline} | p50 ÷ {baseline} |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in rows:
        lines.append(
            f"| {name} | {r.rps:,.0f} | {r.p50_ms:.2f} | {r.p95_ms:.2f} | {r.p99_ms:.2f} "
            f"| {r.rps / base.rps:.2f} | {r.p50_ms / base.p50_ms:.2f} |"
        )
    return "\n".join(lines)


def loadgen_check(rows: Sequence[tuple[str, Result]], limit: float = 0.8, noise: float = 0.25) -> tuple[bool, str]:
    """Say whether wrk could have capped the figures, from the CPU each side used.

    If wrk's core is nearly saturated the req/s measure wrk, not the server;
    if other processes were busy (a shared machine running tests), the server
    had less than its core and the text says so, since ratios then drift.
    """
    worst = max(r.wrk_cpu for _, r in rows)
    server = [r.server_cpu for _, r in rows if not math.isnan(r.server_cpu)]
    other = max((r.other_cpu for _, r in rows if not math.isnan(r.other_cpu)), default=0.0)
    pinning = (
        f"gunicorn pinned to CPU {SERVER_CPUS}, wrk to CPU {LOADGEN_CPUS} (taskset)"
        if SERVER_CPUS and LOADGEN_CPUS else "no CPU pinning (fewer than 2 cores available)"
    )
    server_txt = f"; gunicorn used {min(server):.0%}–{max(server):.0%} of a core" if server else ""
    ok = worst < limit
    verdict = "wrk was not the bottleneck" if ok else "WARNING: wrk may have been the bottleneck"
    per_row = "; ".join(
        f"{name.split(' (')[0]} {r.wrk_cpu:.0%} / {r.server_cpu:.0%} / {r.other_cpu:.0%}" for name, r in rows
    )
    quiet = (f" WARNING: other processes (and the kernel) used up to {other:.0%} of a core during the runs, "
             "so these figures are disturbed; rerun on a quiet machine." if other > noise else "")
    return ok, (f"{pinning}. wrk used at most {worst:.0%} of its core{server_txt}: {verdict} "
                f"(CPU per row, wrk / gunicorn / rest of the machine: {per_row}).{quiet}")


def gunicorn_version() -> str:
    proc = subprocess.run([venv_tool("gunicorn"), "--version"], capture_output=True, text=True)
    match = re.search(r"\(version ([^)]+)\)", proc.stdout + proc.stderr)
    return match.group(1) if match else "unknown"


def database_kind(env: Mapping[str, str]) -> str:
    return "PostgreSQL" if env.get("DATABASE_URL", "").startswith("postgres") else "SQLite"


def section_for(name: str, env: Mapping[str, str]) -> str:
    """RESULTS.md section of a benchmark on this engine: SQLite keeps the plain name, PostgreSQL sits beside it."""
    return name if database_kind(env) == "SQLite" else f"{name}-postgresql"


def load_note(before: tuple[float, float, float]) -> str:
    """The machine's load average at the start and end of a run (the machine is shared; 2 cores)."""
    after = os.getloadavg()
    return (f"Load average (1 min) {before[0]:.2f} at the start, {after[0]:.2f} at the end, "
            f"on {os.cpu_count()} cores{' (a busy machine: treat latencies as rough)' if max(before[0], after[0]) > 1.5 else ''}.")
