"""An httpx transport with safe_http's SSRF guard, for clients built on httpx that we do
not write (atproto, for Bluesky; :mod:`tocsin.lib.safe_requests` is the same for requests).

atproto's client builds its own ``httpx.Client`` and follows redirects; a PDS address also
comes from the server (the DID document of the session). Handing it this transport puts the
same SSRF guard as :func:`tocsin.lib.safe_http.fetch` on every hop: the address is resolved
and vetted, the connection goes to the vetted IP, and the name stays in Host and SNI.
"""

from __future__ import annotations

import httpx

from tocsin.lib import safe_http

TIMEOUT = httpx.Timeout(15.0, connect=5.0)
MAX_BYTES = 5 * 1024 * 1024


class Refused(httpx.TransportError):
    """safe_http refused the address; the message says why, for the health view."""


class SafeTransport(httpx.BaseTransport):
    def __init__(self) -> None:
        self._inner = httpx.HTTPTransport(trust_env=False)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        try:
            target = safe_http.vet(request.url)
        except safe_http.FetchError as exc:
            raise Refused(str(exc), request=request) from None
        request.url = target.pinned
        request.headers["Host"] = target.host_header
        request.extensions = {**request.extensions, "sni_hostname": target.name}
        response = self._inner.handle_request(request)
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_BYTES:
            response.close()
            raise Refused(f"{target.name} announced an answer larger than 5 MB", request=request)
        return response

    def close(self) -> None:
        self._inner.close()


def client_options() -> dict[str, object]:
    """Keyword arguments for an ``httpx.Client`` (or atproto's ``Request``) that is safe."""
    return {"transport": SafeTransport(), "timeout": TIMEOUT, "trust_env": False}
