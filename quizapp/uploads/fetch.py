"""Fetch a learner-given URL without letting it reach the server's own network.

A URL box on a server is a classic SSRF hole: "http://127.0.0.1:5432/" or a
cloud metadata address would make the server fetch for the attacker. So the
host is resolved here, *every* address is checked, and the connection goes to
the checked address itself (the hostname is only sent as ``Host`` and TLS
SNI), so a DNS answer that changes between check and connect cannot slip
through. Redirects are followed by hand, each hop checked the same way.
urllib3 does the HTTP; nothing here speaks the protocol.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import MaxRetryError, NewConnectionError, ProtocolError, SSLError
from urllib3.exceptions import TimeoutError as Urllib3Timeout

from quizapp.uploads.errors import UploadError
from quizapp.uploads.files import Extracted, read_upload
from quizapp.uploads.limits import MAX_BYTES, megabytes

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
REDIRECTS = (301, 302, 303, 307, 308)
USER_AGENT = "quizapp-fetch/1 (+study material import)"


@dataclass(frozen=True)
class FetchPolicy:
    """What a fetch may do. The defaults are for a server on the internet.

    ``allowed_networks`` opens specific private ranges (an intranet, or
    127.0.0.1 in tests); everything else non-public stays refused.
    """

    timeout: float = 10.0
    max_bytes: int = MAX_BYTES
    max_redirects: int = 5
    allowed_networks: tuple[Network, ...] = field(default_factory=tuple)

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> FetchPolicy:
        """From app config: ``QUIZAPP_FETCH_ALLOW`` (comma-separated CIDRs) and ``QUIZAPP_FETCH_TIMEOUT``."""
        allow = config.get("QUIZAPP_FETCH_ALLOW") or ()
        if isinstance(allow, str):
            allow = [part for part in allow.split(",") if part.strip()]
        return cls(
            timeout=float(config.get("QUIZAPP_FETCH_TIMEOUT") or cls.timeout),
            allowed_networks=networks(allow),
        )


def networks(cidrs: Iterable[str]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(c.strip(), strict=False) for c in cidrs)


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content_type: str | None
    body: bytes


def fetch_url(url: str, policy: FetchPolicy | None = None) -> Extracted:
    """The text behind a URL, read like an uploaded file of the type the server declared."""
    fetched = fetch_bytes(url, policy or FetchPolicy())
    name = urlsplit(fetched.url).path.rsplit("/", 1)[-1]
    body, ctype = _as_utf8(fetched)
    extracted = read_upload(name, body, ctype)
    return Extracted(**{**extracted.__dict__, "extra": {**extracted.extra, "url": fetched.url}})


def fetch_bytes(url: str, policy: FetchPolicy) -> Fetched:
    deadline = time.monotonic() + policy.timeout
    current = url.strip()
    for _hop in range(policy.max_redirects + 1):
        scheme, host, port, target = _parse(current)
        address = _checked_address(host, port, policy)
        response = _request(scheme, host, port, target, address, policy)
        try:
            if response.status in REDIRECTS and response.headers.get("Location"):
                current = urljoin(current, response.headers["Location"])
                continue
            if response.status >= 400:
                raise UploadError(f"The site answered with an error ({response.status} {response.reason or ''}).".replace(" )", ")"))
            body = _read_capped(response, policy, deadline)
            return Fetched(url=current, content_type=response.headers.get("Content-Type"), body=body)
        finally:
            response.release_conn()
            response.close()
    raise UploadError(f"The link redirected more than {policy.max_redirects} times. Try the final address directly.")


def _parse(url: str) -> tuple[str, str, int, str]:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise UploadError("This is not a valid web address.") from None
    if parts.scheme not in ("http", "https"):
        raise UploadError("Only http:// and https:// links can be added.")
    if not parts.hostname:
        raise UploadError("This web address has no host name.")
    if parts.username or parts.password:
        raise UploadError("Links with a user name or password in them cannot be added.")
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80), target


def _checked_address(host: str, port: int, policy: FetchPolicy) -> str:
    infos = _resolve(host, port, policy)
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise UploadError(f"The site {host} could not be found. Check the address.")
    for address in addresses:
        if not is_allowed(address, policy.allowed_networks):
            # One bad address refuses the host: otherwise a name with a public and
            # a private answer would let the connection pick the private one.
            raise UploadError(
                f"Links to private or local network addresses ({host}) are not allowed on this server."
            )
    return addresses[0]


_resolver = ThreadPoolExecutor(max_workers=4, thread_name_prefix="quizapp-dns")


def _resolve(host: str, port: int, policy: FetchPolicy) -> list:
    """getaddrinfo with the fetch timeout: the C resolver has none of its own we can set."""
    future = _resolver.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    try:
        return future.result(timeout=policy.timeout)
    except FutureTimeout:
        raise _timeout(host, policy) from None
    except (socket.gaierror, UnicodeError, OSError):
        raise UploadError(f"The site {host} could not be found. Check the address.") from None


def is_allowed(address: str, allowed: tuple[Network, ...] = ()) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if any(ip in net for net in allowed):
        return True
    return ip.is_global and not (
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
        or ip.is_reserved or ip.is_unspecified
    )


def _request(scheme: str, host: str, port: int, target: str, address: str, policy: FetchPolicy):
    timeout = urllib3.Timeout(connect=policy.timeout, read=policy.timeout)
    common = {"port": port, "timeout": timeout, "retries": False, "maxsize": 1}
    if scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            address, server_hostname=host, assert_hostname=host, cert_reqs="CERT_REQUIRED", **common
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, **common)
    host_header = host if port in (80, 443) else f"{host}:{port}"
    if ":" in host and not host.startswith("["):
        host_header = f"[{host}]" if port in (80, 443) else f"[{host}]:{port}"
    try:
        return pool.urlopen(
            "GET",
            target,
            headers={"Host": host_header, "User-Agent": USER_AGENT, "Accept": "text/html,application/pdf,text/plain,*/*;q=0.5"},
            redirect=False,
            preload_content=False,
            decode_content=True,
            assert_same_host=False,
        )
    except (Urllib3Timeout, TimeoutError):
        raise _timeout(host, policy) from None
    except MaxRetryError as exc:
        if isinstance(exc.reason, (Urllib3Timeout, socket.timeout, TimeoutError)):
            raise _timeout(host, policy) from None
        raise _unreachable(host, exc.reason) from None
    except (NewConnectionError, ProtocolError, SSLError, Urllib3Error, OSError) as exc:
        raise _unreachable(host, exc) from None


def _read_capped(response, policy: FetchPolicy, deadline: float) -> bytes:
    length = response.headers.get("Content-Length")
    if length and length.isdigit() and int(length) > policy.max_bytes:
        raise _too_big(policy)
    chunks: list[bytes] = []
    total = 0
    try:
        for chunk in response.stream(64 * 1024):
            total += len(chunk)
            if total > policy.max_bytes:
                raise _too_big(policy)
            chunks.append(chunk)
            if time.monotonic() > deadline:
                # A server dripping one byte at a time never trips the read
                # timeout; the overall deadline stops it.
                raise _timeout(urlsplit(response.geturl() or "").hostname or "the site", policy)
    except (Urllib3Timeout, TimeoutError):
        raise _timeout("the site", policy) from None
    except (ProtocolError, Urllib3Error, OSError) as exc:
        raise _unreachable("the site", exc) from None
    return b"".join(chunks)


def _as_utf8(fetched: Fetched) -> tuple[bytes, str | None]:
    """Re-encode declared non-UTF-8 text so the file readers see UTF-8 as they require."""
    ctype = fetched.content_type or ""
    main = ctype.split(";")[0].strip().lower()
    charset = None
    for param in ctype.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    if main.startswith("text/") and charset and charset not in ("utf-8", "utf8"):
        try:
            return fetched.body.decode(charset).encode("utf-8"), main
        except (LookupError, UnicodeDecodeError):
            raise UploadError(f"The page's text could not be read in its declared encoding ({charset}).") from None
    return fetched.body, main or None


def _timeout(host: str, policy: FetchPolicy) -> UploadError:
    return UploadError(f"The site {host} did not answer within {policy.timeout:g} seconds. Try again later, or upload the file instead.")


def _too_big(policy: FetchPolicy) -> UploadError:
    return UploadError(f"This page is larger than {megabytes(policy.max_bytes)}, the limit. Download the part you need and upload it.")


def _unreachable(host: str, exc: object) -> UploadError:
    return UploadError(f"The site {host} could not be reached. Check the address and try again.")
