"""Keep a test on this machine: while ``loopback_only()`` is active, any connection to an
address outside the loopback range and any name resolution other than of a literal loopback
address or ``localhost`` fails as the network would (``OSError``, ``socket.gaierror``).

This fakes what is outside the machine, at the operating system's door (a CPython audit
hook), so that a fuzzer that invents ``https://1.2.3.4/`` or ``http://a.b/`` cannot send a
packet anywhere, while every line of Tocsin still runs as it does in production.
"""

from __future__ import annotations

import ipaddress
import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_active = threading.Event()
_installed = False
refused: list[str] = []


def _is_loopback(host: object) -> bool:
    if not isinstance(host, str):
        return False
    name = host.strip("[]").lower().rstrip(".")
    if name in {"localhost", ""}:
        return True
    try:
        return ipaddress.ip_address(name.split("%")[0]).is_loopback
    except ValueError:
        return False


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if not _active.is_set():
        return
    if event == "socket.connect":
        address = args[1]
        if isinstance(address, tuple) and not _is_loopback(address[0]):
            refused.append(f"connect {address[0]}")
            raise OSError(f"test network: {address[0]} is outside the loopback range")
    elif event == "socket.getaddrinfo":
        host = args[0]
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        if host is not None and not _is_loopback(host):
            refused.append(f"resolve {host}")
            raise socket.gaierror(socket.EAI_NONAME, "test network: no name outside loopback")


@contextmanager
def loopback_only() -> Iterator[list[str]]:
    """While active, refuse the outside world; yields the list of what was refused."""
    global _installed
    if not _installed:
        # An audit hook cannot be removed: it is installed once and only acts while active.
        sys.addaudithook(_hook)
        _installed = True
    refused.clear()
    _active.set()
    try:
        yield refused
    finally:
        _active.clear()
