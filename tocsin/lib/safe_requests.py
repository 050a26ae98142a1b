"""A ``requests`` session with safe_http's SSRF guard, for clients built on ``requests``.

Mastodon.py talks through ``requests``. :func:`session` gives it a session whose adapter
vets every request with :func:`tocsin.lib.safe_http.vet` (the first one, pagination links
the server hands back, anything) and then connects to the address it vetted: the URL
handed to urllib3 holds the IP, while the name stays in the Host header, in TLS's SNI and
in the certificate check. A DNS answer that changes between the check and the connection
(DNS rebinding) therefore changes nothing. The session follows no redirect and reads no
proxy or ``.netrc`` from the environment.
"""

from __future__ import annotations

from typing import Any

import requests
from requests.adapters import HTTPAdapter

from tocsin.lib import safe_http


class Refused(requests.ConnectionError):
    """safe_http refused the address; the message says why."""


class PinnedAdapter(HTTPAdapter):
    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        try:
            target = safe_http.vet(str(request.url))
        except safe_http.FetchError as exc:
            raise Refused(f"address refused: {exc}", request=request) from None
        request.url = str(target.pinned)
        request.headers["Host"] = target.host_header
        request.tocsin_name = target.name  # type: ignore[attr-defined]
        return super().send(request, **kwargs)

    def build_connection_pool_key_attributes(
        self, request: requests.PreparedRequest, verify: Any, cert: Any = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(
            request, verify, cert
        )
        name = getattr(request, "tocsin_name", None)
        if name and host_params.get("scheme") == "https":
            # The connection goes to the IP; TLS must still speak to and check the name.
            pool_kwargs["server_hostname"] = name
            pool_kwargs["assert_hostname"] = name
        return host_params, pool_kwargs


def session() -> requests.Session:
    """A session that fetches only what safe_http allows, at the address it vetted."""
    out = requests.Session()
    out.trust_env = False  # no proxy from the environment, no ~/.netrc
    out.max_redirects = 0
    adapter = PinnedAdapter()
    out.mount("http://", adapter)
    out.mount("https://", adapter)
    return out
