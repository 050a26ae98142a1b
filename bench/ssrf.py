"""SSRF suite: try every way we know to make Tocsin fetch an internal address; none may work.

    .venv/bin/python bench/ssrf.py

A canary HTTP server listens on 127.0.0.1; the script asks ``tocsin.lib.safe_http.fetch`` for
it (and for private, link-local, metadata and IPv6 addresses) written directly, in encoded
forms, behind redirects from an allowed host, and as DNS answers. It prints one line per
attempt and exits 1 if anything was fetched or the canary saw a request.
"""

from __future__ import annotations

import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# "attacker.test" plays a public site that the attacker controls: it is allowed (and
# resolved to loopback below) only so that its redirects can be followed and tested.
os.environ["TOCSIN_ALLOWED_PRIVATE_HOSTS"] = "attacker.test"

from tests.security.ssrf_targets import DNS_ANSWERS, HOSTS, SCHEMES
from tocsin.lib import safe_http

hits: list[str] = []
redirect_to: dict[str, str] = {}


class Canary(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.headers.get("Host", "").startswith("attacker.test"):
            self.send_response(302)
            self.send_header("Location", redirect_to[self.path])
            self.end_headers()
            return
        hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"canary")

    def log_message(self, format: str, *args: Any) -> None:
        pass


def main() -> int:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Canary)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()

    attempts: list[tuple[str, str, dict[str, Any]]] = []
    for host in HOSTS:
        attempts.append((f"http://{host}:{port}/direct", "direct", {}))
        attempts.append((f"http://{host}/", "direct, usual port", {}))
    for i, host in enumerate(HOSTS):
        redirect_to[f"/r{i}"] = f"http://{host}:{port}/via-redirect"
        attempts.append((f"http://attacker.test:{port}/r{i}", "redirect", {}))
    for address in DNS_ANSWERS:
        attempts.append(
            (f"http://rebind.example:{port}/dns", f"DNS answer {address}", {"answer": address})
        )
    for scheme in SCHEMES:
        attempts.append((scheme, "scheme", {}))

    fetched = 0
    for url, how, extra in attempts:

        def resolver(name: str, port_: int, answer: str = extra.get("answer", "")) -> list[str]:
            if name == "attacker.test":
                return ["127.0.0.1"]
            if answer:
                return [answer]
            return safe_http.system_resolver(name, port_)

        try:
            safe_http.fetch(url, allow_any_port=True, resolver=resolver, deadline=5)
        except safe_http.FetchError as exc:
            verdict = f"refused ({type(exc).__name__}: {exc})"
        else:
            fetched += 1
            verdict = "FETCHED"
        print(f"{how:<22} {url:<60} {verdict[:150]}")
    server.shutdown()
    print(f"\n{len(attempts)} attempts, {fetched} fetched, canary saw {len(hits)} request(s)")
    return 1 if fetched or hits else 0


if __name__ == "__main__":
    sys.exit(main())
