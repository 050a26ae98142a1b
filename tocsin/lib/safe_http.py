"""Fetching addresses that users give us, without letting them reach inside our network.

A firm types a feed address; a feed names a WebSub hub; a redirect points elsewhere. Any of
them could aim at ``127.0.0.1``, the cloud metadata service (``169.254.169.254``), a database
on the private network, or a name whose DNS answer changes between our check and our
connection (DNS rebinding). Every such request goes through :func:`fetch`, which:

* accepts only ``http`` and ``https``, on ports 80, 443, 8080 and 8443 (any port for hosts an
  administrator allowed, or when the caller says so);
* resolves the host itself and refuses the request when *any* answer is loopback, private
  (RFC 1918, CGNAT ``100.64.0.0/10``, ``fc00::/7``), link-local (``169.254.0.0/16``,
  ``fe80::/10``), multicast, reserved or unspecified, including IPv4 hidden inside IPv6
  (``::ffff:127.0.0.1``, 6to4, Teredo, NAT64) and numbers written in decimal, octal or
  hexadecimal (``http://2130706433/``, ``http://0x7f.1/``);
* connects to the address it vetted (the URL handed to httpx holds the IP literal) while the
  ``Host`` header and the TLS server name (SNI, and so certificate checking) stay the name the
  user gave, so a second DNS answer can never be used;
* follows redirects itself (at most five), vetting every hop the same way;
* bounds time (connect and read timeouts plus a total deadline) and size (the body is
  streamed and cut at 5 MB, counted after decompression);
* ignores proxy variables of the environment (a proxy would resolve names for us).

Hosts in ``TOCSIN_ALLOWED_PRIVATE_HOSTS`` (a Django setting, else the environment variable of
the same name, comma-separated names as written in URLs) may resolve to private addresses and
use any port: that is how an administrator lets Tocsin read an on-premise feed. The list names
hosts, not addresses: allowing ``feeds.intranet`` does not allow ``http://10.0.0.7/``.

Failures raise :class:`FetchError` or one of its subclasses, with a message written for the
source's health view.
"""

from __future__ import annotations

import ipaddress
import os
import re
import socket
import ssl
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import Any

import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]

DEFAULT_PORTS = frozenset({80, 443, 8080, 8443})
MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 15.0
DEADLINE = 30.0
DNS_TIMEOUT = 5.0
USER_AGENT = "Tocsin/1.0 (reputation monitoring; +https://github.com/tocsin)"
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})

_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
_V4_COMPATIBLE = ipaddress.ip_network("::/96")


class FetchError(Exception):
    """The address could not be fetched; the message is shown on the source's health view."""


class BlockedAddress(FetchError):
    """The address is not public (or not http/https, or on a port we do not use)."""


class TooLarge(FetchError):
    """The answer was larger than the limit; reading stopped there."""


class FetchTimeout(FetchError):
    """Connecting, reading or the whole exchange took longer than allowed."""


class TooManyRedirects(FetchError):
    """More redirects than allowed (a loop, or a chain meant to wear us out)."""


class Unresolvable(FetchError):
    """The host name has no address (today)."""


@dataclass
class Fetched:
    """A complete answer. ``url`` is the final address (after redirects), as named."""

    url: str
    status: int
    headers: httpx.Headers
    content: bytes
    address: str
    redirects: list[str] = field(default_factory=list)
    #: Every redirect on the way was permanent (301, 308): the caller may store ``url``.
    moved_permanently: bool = False


@dataclass(frozen=True)
class Target:
    """A vetted request target: where to connect (``pinned``) and how to name it."""

    url: httpx.URL
    pinned: httpx.URL
    name: str
    address: str
    host_header: str


# -- addresses ---------------------------------------------------------------------------


def blocked_reason(ip: IPAddress) -> str | None:
    """Why ``ip`` must not be reached (a few words), or None when it is a public address."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_v4(ip)
        if embedded is not None:
            reason = blocked_reason(embedded)
            if reason:
                return f"{reason} (IPv4 {embedded} inside IPv6)"
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local (cloud metadata lives there)"
    if ip.is_multicast:
        return "multicast"
    if isinstance(ip, ipaddress.IPv4Address) and ip in _CGNAT:
        return "shared (carrier-grade NAT)"
    if ip.is_private:
        return "private"
    if ip.is_reserved:
        return "reserved"
    if isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local:
        return "site-local"
    if not ip.is_global:
        return "non-public"
    return None


def _embedded_v4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, compatible, 6to4, Teredo, NAT64)."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64 or ip in _NAT64_LOCAL:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip in _V4_COMPATIBLE and int(ip) > 1:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


_NUMBER = re.compile(r"^(0x[0-9a-f]*|0[0-7]*|[1-9][0-9]*)$", re.IGNORECASE)


def numeric_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """The address that ``inet_aton`` would read in ``host`` (``2130706433``, ``0x7f.1``,
    ``0177.0.0.1``, ``127.1``), or None when ``host`` is a name. Libraries disagree about
    these spellings, which is what SSRF filters get wrong; we read them the way the C library
    (and so the connection) would."""
    parts = host.split(".")
    if not 1 <= len(parts) <= 4 or not all(_NUMBER.match(p) for p in parts):
        return None
    try:
        values = [_c_number(p) for p in parts]
    except ValueError:  # a bare "0x"
        return None
    *head, last = values
    if any(v > 255 for v in head) or last >= 256 ** (5 - len(values)):
        return None
    number = 0
    for v in head:
        number = number << 8 | v
    number = number << 8 * (5 - len(values)) | last
    return ipaddress.IPv4Address(number)


def _c_number(text: str) -> int:
    """A number as C reads it: ``0x`` hexadecimal, leading ``0`` octal, else decimal."""
    if text.lower().startswith("0x"):
        return int(text, 16)
    if len(text) > 1 and text.startswith("0"):
        return int(text, 8)
    return int(text, 10)


def _literal(host: str) -> tuple[IPAddress, bool] | None:
    """``(address, written_oddly)`` when ``host`` is an IP literal, else None."""
    try:
        return ipaddress.ip_address(host.strip("[]")), False
    except ValueError:
        pass
    v4 = numeric_ipv4(host)
    return (v4, True) if v4 is not None else None


_dns_pool: tuple[int, ThreadPoolExecutor] | None = None


def _dns_executor() -> ThreadPoolExecutor:
    """A small thread pool for name resolution, one per process: a pool inherited through
    fork() (Celery's prefork workers) has no live threads and would never answer."""
    global _dns_pool
    if _dns_pool is None or _dns_pool[0] != os.getpid():
        _dns_pool = (
            os.getpid(),
            ThreadPoolExecutor(max_workers=4, thread_name_prefix="safe-http-dns"),
        )
    return _dns_pool[1]


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for ``host``, bounded in time (getaddrinfo
    itself cannot be interrupted, so it runs in a thread we stop waiting for)."""
    future = _dns_executor().submit(socket.getaddrinfo, host, port, 0, socket.SOCK_STREAM)
    try:
        infos = future.result(timeout=DNS_TIMEOUT)
    except FutureTimeout:
        raise FetchTimeout(f"the name {host} did not resolve within {DNS_TIMEOUT:.0f} s") from None
    except (socket.gaierror, UnicodeError) as exc:
        raise Unresolvable(f"the name {host} does not resolve ({exc})") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def allowed_private_hosts() -> frozenset[str]:
    """Host names an administrator allowed to be private (on-premise feeds)."""
    value: Any = None
    try:
        from django.conf import settings

        if settings.configured:
            value = getattr(settings, "TOCSIN_ALLOWED_PRIVATE_HOSTS", None)
    except ImportError:  # pragma: no cover - safe_http used without Django
        pass
    if value is None:
        value = os.environ.get("TOCSIN_ALLOWED_PRIVATE_HOSTS", "")
    names = value.split(",") if isinstance(value, str) else list(value)
    return frozenset(_norm(n) for n in names if n.strip())


def _norm(name: str) -> str:
    return name.strip().lower().rstrip(".").strip("[]")


def vet(
    url: str | httpx.URL,
    *,
    allow_any_port: bool = False,
    allowed_hosts: Iterable[str] | None = None,
    resolver: Resolver | None = None,
) -> Target:
    """Check ``url`` and choose the address to connect to; raise :class:`BlockedAddress`
    when it must not be fetched. Does not connect."""
    try:
        parsed = httpx.URL(str(url))
    except (httpx.InvalidURL, ValueError) as exc:
        # httpx refuses some numeric spellings (``0177.0.0.1``) that C would read: say so
        # as a refusal, since that is what they are meant to be.
        kind = BlockedAddress if "IPv4" in str(exc) or "IPv6" in str(exc) else FetchError
        raise kind(f"not a valid address: {exc}") from None
    if parsed.scheme not in ("http", "https"):
        raise BlockedAddress(f"only http and https addresses are fetched, not {parsed.scheme!r}")
    try:
        name = _norm(parsed.raw_host.decode("ascii"))
    except UnicodeDecodeError:
        raise FetchError("the host name is not valid") from None
    if not name:
        raise FetchError("the address has no host")
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    allowed = name in (
        allowed_private_hosts() if allowed_hosts is None else {_norm(h) for h in allowed_hosts}
    )
    literal = _literal(name)
    if literal is not None:
        address, odd = literal
        addresses = [address]
        if odd and not allowed:
            reason = blocked_reason(address)
            raise BlockedAddress(
                f"{name} is the address {address} written as a number"
                + (
                    f", not a public address ({reason}): refused"
                    if reason
                    else "; write it as a dotted address"
                )
            )
    else:
        answers = (resolver or system_resolver)(name, port)
        if not answers:
            raise Unresolvable(f"the name {name} has no address")
        try:
            addresses = [ipaddress.ip_address(a.split("%")[0]) for a in answers]
        except ValueError as exc:
            raise FetchError(
                f"the name {name} resolved to something that is not an address: {exc}"
            ) from None
    if not allowed:
        for address in addresses:
            reason = blocked_reason(address)
            if reason:
                shown = name if literal else f"{name} resolves to {address}, which"
                raise BlockedAddress(f"{shown} is not a public address ({reason}): refused")
    if not (allowed or allow_any_port or port in DEFAULT_PORTS):
        raise BlockedAddress(
            f"port {port} is not allowed (only 80, 443, 8080 and 8443; an administrator can "
            "allow a private host on any port)"
        )
    # Any answer would do; prefer IPv4, which every test and most networks reach.
    chosen = sorted(addresses, key=lambda a: a.version)[0]
    return Target(
        url=parsed,
        pinned=parsed.copy_with(host=str(chosen)),
        name=name,
        address=str(chosen),
        host_header=parsed.netloc.decode("ascii"),
    )


def check_url(url: str, *, allow_any_port: bool = False) -> None:
    """Refuse ``url`` now (a form's validation) when it could never be fetched.

    A name that does not resolve is accepted: it may resolve later, and is checked then.
    """
    try:
        vet(url, allow_any_port=allow_any_port)
    except (Unresolvable, FetchTimeout):
        return


# -- fetching ----------------------------------------------------------------------------


def fetch(
    url: str,
    *,
    method: str = "GET",
    headers: Mapping[str, str] | None = None,
    data: Mapping[str, str] | None = None,
    content: bytes | None = None,
    max_bytes: int = MAX_BYTES,
    deadline: float = DEADLINE,
    max_redirects: int = MAX_REDIRECTS,
    allow_any_port: bool = False,
    verify: ssl.SSLContext | bool = True,
    resolver: Resolver | None = None,
) -> Fetched:
    """Fetch ``url`` safely and return the whole answer, whatever its status code.

    GET and HEAD follow redirects (each hop vetted); other methods return the redirect as
    it came, except 303 which turns into a GET as HTTP says. Raises :class:`BlockedAddress`,
    :class:`TooLarge`, :class:`FetchTimeout`, :class:`TooManyRedirects` or
    :class:`FetchError` (network failures).
    """
    started = time.monotonic()
    ends_at = started + deadline
    base = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"}
    base.update(headers or {})
    redirects: list[str] = []
    permanent = True
    current = url
    with httpx.Client(
        trust_env=False, follow_redirects=False, verify=verify, http2=False
    ) as client:
        while True:
            target = vet(current, allow_any_port=allow_any_port, resolver=resolver)
            remaining = ends_at - time.monotonic()
            if remaining <= 0:
                raise FetchTimeout(f"{target.name} took longer than {deadline:.0f} s: stopped")
            request = client.build_request(
                method,
                target.pinned,
                headers={**base, "Host": target.host_header},
                data=data,
                content=content,
                timeout=httpx.Timeout(
                    min(READ_TIMEOUT, remaining), connect=min(CONNECT_TIMEOUT, remaining)
                ),
                extensions={"sni_hostname": target.name},
            )
            try:
                response = client.send(request, stream=True)
            except httpx.TimeoutException:
                raise FetchTimeout(f"{target.name} did not answer in time") from None
            except httpx.HTTPError as exc:
                raise FetchError(f"could not reach {target.name}: {_short(exc)}") from None
            try:
                location = response.headers.get("location")
                if (
                    response.status_code in REDIRECT_CODES
                    and location
                    and _follows(method, response.status_code)
                ):
                    if len(redirects) >= max_redirects:
                        raise TooManyRedirects(
                            f"more than {max_redirects} redirects from {url}: stopped"
                        )
                    current = str(target.url.join(location))
                    redirects.append(current)
                    permanent = permanent and response.status_code in (301, 308)
                    if response.status_code == 303 and method not in ("GET", "HEAD"):
                        method, data, content = "GET", None, None
                    if httpx.URL(current).host != target.url.host:
                        base.pop("Authorization", None)
                    continue
                body = _read(response, target.name, max_bytes, ends_at, deadline)
            finally:
                response.close()
            return Fetched(
                url=str(target.url),
                status=response.status_code,
                headers=response.headers,
                content=body,
                address=target.address,
                redirects=redirects,
                moved_permanently=bool(redirects) and permanent,
            )


def _follows(method: str, status: int) -> bool:
    return method in ("GET", "HEAD") or status == 303


def _read(
    response: httpx.Response, name: str, max_bytes: int, ends_at: float, deadline: float
) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise TooLarge(f"{name} announced {_mb(int(declared))}, more than {_mb(max_bytes)}")
    body = bytearray()
    try:
        # iter_bytes() yields decompressed bytes: a gzip bomb is cut like any large body.
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > max_bytes:
                raise TooLarge(f"the answer from {name} is larger than {_mb(max_bytes)}: stopped")
            if time.monotonic() > ends_at:
                raise FetchTimeout(f"{name} took longer than {deadline:.0f} s: stopped")
    except httpx.TimeoutException:
        raise FetchTimeout(f"{name} stopped sending (read timeout)") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"reading from {name} failed: {_short(exc)}") from None
    return bytes(body)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def _short(exc: Exception) -> str:
    return (str(exc) or type(exc).__name__)[:300]
