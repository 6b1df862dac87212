"""URL fetching against a real HTTP server on 127.0.0.1.

The server is local, so every test that should reach it opens the allow-list
for 127.0.0.1 only; the default policy must refuse it, and must refuse a
redirect from an allowed host to a private one before connecting there.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from quizapp.uploads import FetchPolicy, UploadError, fetch_url, is_allowed
from quizapp.uploads.fetch import networks
from tests.unit.uploads.builders import ARTICLE_HTML, two_page_pdf

LOCAL = FetchPolicy(timeout=5, allowed_networks=networks(["127.0.0.1/32"]))


class Site:
    def __init__(self, server: ThreadingHTTPServer, release: threading.Event) -> None:
        self.server = server
        self.release = release
        self.requests: list[tuple[str, str | None]] = []

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"


@pytest.fixture
def site() -> Iterator[Site]:
    release = threading.Event()
    pdf = two_page_pdf()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, *args) -> None:  # keep test output clean
            pass

        def _send(self, status: int, body: bytes, ctype: str, extra: dict | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            site.requests.append((self.path, self.headers.get("Host")))
            if self.path == "/article":
                self._send(200, ARTICLE_HTML.encode(), "text/html; charset=utf-8")
            elif self.path == "/latin1":
                body = "<html><body><article><p>Le caf\u00e9 est servi chaque matin au village, dit le rapport annuel du conseil.</p></article></body></html>"
                self._send(200, body.encode("latin-1"), "text/html; charset=iso-8859-1")
            elif self.path == "/report":
                self._send(200, pdf, "application/pdf")
            elif self.path == "/moved":
                self._send(302, b"", "text/plain", {"Location": "/article"})
            elif self.path == "/to-private":
                self._send(302, b"", "text/plain", {"Location": "http://10.20.30.40/internal"})
            elif self.path == "/to-metadata":
                self._send(301, b"", "text/plain", {"Location": "http://169.254.169.254/latest/meta-data/"})
            elif self.path == "/loop":
                self._send(302, b"", "text/plain", {"Location": "/loop"})
            elif self.path == "/missing":
                self._send(404, b"not here", "text/plain")
            elif self.path == "/silent":
                release.wait(30)  # never answers while the test runs
            elif self.path == "/huge":
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()  # no Content-Length: only the streamed cap can stop it
                chunk = b"words " * 10000
                try:
                    for _ in range(400):  # 24 MB if nobody stops reading
                        self.wfile.write(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    pass
            elif self.path == "/huge-declared":
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(50 * 1024 * 1024))
                self.end_headers()
            else:
                self._send(404, b"", "text/plain")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site = Site(server, release)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        release.set()
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_fetches_an_html_page_with_its_headline(site):
    got = fetch_url(site.url("/article"), LOCAL)
    assert got.kind == "html"
    assert got.text.startswith("Parliament passes the Water Amendment Bill")
    assert got.publisher_hint == "The Daily Ledger"
    assert got.extra["url"] == site.url("/article")


def test_fetches_a_pdf_by_its_content_type(site):
    got = fetch_url(site.url("/report"), LOCAL)
    assert got.kind == "pdf" and [p.number for p in got.pages] == [1, 2]


def test_declared_charset_is_honoured(site):
    got = fetch_url(site.url("/latin1"), LOCAL)
    assert "Le caf\u00e9 est servi" in got.text


def test_follows_a_redirect_on_an_allowed_host(site):
    got = fetch_url(site.url("/moved"), LOCAL)
    assert got.extra["url"] == site.url("/article")
    assert [path for path, _ in site.requests] == ["/moved", "/article"]


def test_loopback_is_refused_by_default_before_any_request(site):
    with pytest.raises(UploadError, match=r"private or local network addresses \(127\.0\.0\.1\) are not allowed"):
        fetch_url(site.url("/article"))
    with pytest.raises(UploadError, match=r"private or local"):
        fetch_url(site.url("/article").replace("127.0.0.1", "localhost"))
    assert site.requests == []


@pytest.mark.parametrize("path", ["/to-private", "/to-metadata"])
def test_a_redirect_to_a_private_address_is_refused(site, path):
    with pytest.raises(UploadError, match=r"private or local network addresses"):
        fetch_url(site.url(path), LOCAL)
    assert [p for p, _ in site.requests] == [path]


def test_a_site_that_never_answers_times_out(site):
    policy = FetchPolicy(timeout=0.5, allowed_networks=LOCAL.allowed_networks)
    started = time.monotonic()
    with pytest.raises(UploadError, match=r"did not answer within 0\.5 seconds"):
        fetch_url(site.url("/silent"), policy)
    assert time.monotonic() - started < 5


def test_a_body_past_the_cap_is_cut_off_while_streaming(site):
    policy = FetchPolicy(timeout=10, max_bytes=1024 * 1024, allowed_networks=LOCAL.allowed_networks)
    with pytest.raises(UploadError, match=r"larger than 1 MB, the limit"):
        fetch_url(site.url("/huge"), policy)


def test_a_declared_length_past_the_cap_is_refused_before_reading(site):
    with pytest.raises(UploadError, match=r"larger than 10 MB, the limit"):
        fetch_url(site.url("/huge-declared"), LOCAL)


def test_error_status_and_redirect_loops(site):
    with pytest.raises(UploadError, match=r"answered with an error \(404 Not Found\)"):
        fetch_url(site.url("/missing"), LOCAL)
    with pytest.raises(UploadError, match=r"redirected more than 5 times"):
        fetch_url(site.url("/loop"), LOCAL)


@pytest.mark.parametrize(
    "url, message",
    [
        ("ftp://example.org/file.txt", "Only http:// and https://"),
        ("file:///etc/passwd", "Only http:// and https://"),
        ("javascript:alert(1)", "Only http:// and https://"),
        ("http://user:pw@example.org/", "user name or password"),
        ("http:///nohost", "no host name"),
        ("http://example.org:99999/", "not a valid web address"),
        ("http://no-such-host.invalid/", "could not be found"),
        ("http://[::1]:8080/", "private or local"),
        ("http://169.254.169.254/latest/meta-data/", "private or local"),
        ("http://0x7f000001/", "private or local"),
        ("http://2130706433/", "private or local"),
    ],
)
def test_bad_urls_are_refused_with_a_reason(url, message):
    with pytest.raises(UploadError, match=message):
        fetch_url(url)


def test_connects_to_the_checked_address_not_to_a_second_lookup(site, monkeypatch):
    """DNS rebinding: the name answers 127.0.0.1 once (allowed here), then a private address.

    If the HTTP layer looked the name up again it would get 10.x (refused by
    nobody, because the check already passed). Connecting to the checked
    address means the second answer is never asked for.
    """
    real = socket.getaddrinfo
    lookups: list[str] = []

    def rebinding(host, port, *args, **kwargs):
        if host == "rebind.example":
            lookups.append(host)
            address = "127.0.0.1" if len(lookups) == 1 else "10.9.8.7"
            return real(address, port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    port = site.server.server_address[1]
    got = fetch_url(f"http://rebind.example:{port}/article", LOCAL)
    assert got.kind == "html"
    assert lookups == ["rebind.example"]
    assert site.requests == [("/article", f"rebind.example:{port}")]


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
     "224.0.0.251", "240.0.0.1", "255.255.255.255", "::1", "fe80::1", "fc00::1", "ff02::1", "::",
     "::ffff:127.0.0.1", "::ffff:10.0.0.1"],
)
def test_non_public_addresses_are_refused(address):
    assert not is_allowed(address)


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"])
def test_public_addresses_are_allowed(address):
    assert is_allowed(address)


def test_allow_list_opens_only_what_it_names():
    allow = networks(["10.1.0.0/16"])
    assert is_allowed("10.1.2.3", allow)
    assert not is_allowed("10.2.0.1", allow)
    policy = FetchPolicy.from_config({"QUIZAPP_FETCH_ALLOW": "127.0.0.1/32, 10.0.0.0/8", "QUIZAPP_FETCH_TIMEOUT": "3"})
    assert policy.timeout == 3 and len(policy.allowed_networks) == 2


def test_a_resolver_that_hangs_times_out(monkeypatch):
    real = socket.getaddrinfo
    release = threading.Event()

    def hanging(host, port, *args, **kwargs):
        if host == "slow-dns.example":
            release.wait(30)
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", hanging)
    try:
        with pytest.raises(UploadError, match=r"slow-dns\.example did not answer within 0\.3 seconds"):
            fetch_url("http://slow-dns.example/", FetchPolicy(timeout=0.3))
    finally:
        release.set()
