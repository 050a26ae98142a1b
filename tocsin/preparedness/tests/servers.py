"""Real servers on loopback for the checks: an HTTPS site (trustme certificate), a plain HTTP
site that redirects or not, and a UDP DNS server answering TXT from a dict."""

from __future__ import annotations

import socket
import ssl
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import dns.message
import dns.rcode
import dns.rdatatype
import dns.rrset


@dataclass
class Site:
    """What the loopback site serves; tests change it between runs."""

    headers: dict[str, str] = field(default_factory=dict)
    security_txt: str | None = None
    redirect: bool = True
    https_port: int = 0


def _handler(site: Site, secure: bool) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # the http.server API names it so
            if not secure and site.redirect:
                self.send_response(301)
                self.send_header("Location", f"https://localhost:{site.https_port}{self.path}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if self.path == "/.well-known/security.txt":
                if site.security_txt is None:
                    body, status = b"not found", 404
                else:
                    body, status = site.security_txt.encode(), 200
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
            else:
                body = b"<html><body>Cabinet</body></html>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                if secure:
                    for name, value in site.headers.items():
                        self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


class QuietServer(ThreadingHTTPServer):
    """The checks close some connections right after the handshake: not an error here."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


class Servers:
    """An HTTPS and an HTTP server on 127.0.0.1, started and stopped together."""

    def __init__(self, site: Site, context: ssl.SSLContext) -> None:
        self.site = site
        self.https = QuietServer(("127.0.0.1", 0), _handler(site, True))
        self.https.socket = context.wrap_socket(self.https.socket, server_side=True)
        self.http = QuietServer(("127.0.0.1", 0), _handler(site, False))
        site.https_port = self.https.server_address[1]
        self.threads = [
            threading.Thread(target=s.serve_forever, args=(0.05,), daemon=True)
            for s in (self.https, self.http)
        ]
        for t in self.threads:
            t.start()

    @property
    def https_port(self) -> int:
        return int(self.https.server_address[1])

    @property
    def http_port(self) -> int:
        return int(self.http.server_address[1])

    def stop(self) -> None:
        for s in (self.https, self.http):
            s.shutdown()
            s.server_close()


class DnsServer:
    """A tiny authoritative server: TXT answers from ``records``, NXDOMAIN otherwise."""

    def __init__(self, records: dict[str, list[str]]) -> None:
        self.records = records
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = int(self.sock.getsockname()[1])
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.running:
            try:
                wire, peer = self.sock.recvfrom(4096)
            except TimeoutError:
                continue
            except OSError:
                return
            query = dns.message.from_wire(wire)
            response = dns.message.make_response(query)
            question = query.question[0]
            name = question.name.to_text().rstrip(".").lower()
            if name not in self.records:
                response.set_rcode(dns.rcode.NXDOMAIN)
            elif question.rdtype == dns.rdatatype.TXT and self.records[name]:
                quoted = ['"' + t.replace('"', '\\"') + '"' for t in self.records[name]]
                response.answer.append(
                    dns.rrset.from_text_list(question.name, 300, "IN", "TXT", quoted)
                )
            self.sock.sendto(response.to_wire(), peer)

    def stop(self) -> None:
        self.running = False
        self.thread.join(timeout=2)
        self.sock.close()
