"""The SSRF guard: what a user-given address may and may not reach, against real servers."""

from __future__ import annotations

import datetime as dt
import gzip
import ipaddress
import ssl
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tocsin.lib import safe_http
from tocsin.sources.tests.loopback import Loopback, Reply

REFUSED = [
    "http://127.0.0.1/",
    "http://127.8.9.10/",
    "http://10.0.0.1/",
    "http://172.16.5.4/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",  # carrier-grade NAT
    "http://169.254.169.254/latest/meta-data/",  # cloud metadata
    "http://0.0.0.0/",
    "http://224.0.0.1/",
    "http://255.255.255.255/",
    "http://192.0.2.1/",  # documentation range
    "http://[::1]/",
    "http://[::]/",
    "http://[fc00::1]/",
    "http://[fd12:3456::1]/",
    "http://[fe80::1]/",
    "http://[ff02::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:a9fe:a9fe]/",  # mapped metadata address
    "http://[::127.0.0.1]/",  # IPv4-compatible
    "http://[2002:7f00:1::]/",  # 6to4 around 127.0.0.1
    "http://[2002:a00:1::]/",  # 6to4 around 10.0.0.1
    "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/",  # Teredo around 127.0.0.1
    "http://[64:ff9b::a9fe:a9fe]/",  # NAT64 around the metadata address
    "http://2130706433/",  # 127.0.0.1 in decimal
    "http://0x7f.1/",
    "http://0x7f000001/",
    "http://0177.0.0.1/",
    "http://127.1/",
    "http://017700000001/",
    "http://0xa9.0xfe.0xa9.0xfe/",
    "http://localhost/",
    "http://LOCALHOST./",
    "file:///etc/passwd",
    "gopher://127.0.0.1:70/",
    "ftp://example.org/",
    "http://example.org:22/",  # a port we never use
    "http://example.org:6379/",
]


def _system_then_public(name: str, port: int) -> list[str]:
    """Resolve like the system for localhost, and pretend every other name is public,
    so that these tests never touch the network."""
    if name.startswith("localhost"):
        return ["127.0.0.1", "::1"]
    return ["93.184.216.34"]


@pytest.mark.parametrize("url", REFUSED)
def test_private_and_odd_addresses_are_refused(url: str) -> None:
    with pytest.raises(safe_http.BlockedAddress):
        safe_http.vet(url, allowed_hosts=(), resolver=_system_then_public)


def test_numbers_written_oddly_are_read_as_the_c_library_reads_them() -> None:
    assert safe_http.numeric_ipv4("2130706433") == ipaddress.IPv4Address("127.0.0.1")
    assert safe_http.numeric_ipv4("0x7f.1") == ipaddress.IPv4Address("127.0.0.1")
    assert safe_http.numeric_ipv4("0177.0.0.01") == ipaddress.IPv4Address("127.0.0.1")
    assert safe_http.numeric_ipv4("10.1") == ipaddress.IPv4Address("10.0.0.1")
    assert safe_http.numeric_ipv4("cafe.example") is None
    assert safe_http.numeric_ipv4("08.1.2.3") is None  # not octal: a name


def test_public_address_is_pinned_with_its_name_kept() -> None:
    target = safe_http.vet(
        "https://news.example.fr/flux.xml", allowed_hosts=(), resolver=_system_then_public
    )
    assert target.address == "93.184.216.34"
    assert target.pinned.host == "93.184.216.34"
    assert target.host_header == "news.example.fr"
    assert target.name == "news.example.fr"


def test_dns_answer_to_a_private_address_is_refused() -> None:
    with pytest.raises(safe_http.BlockedAddress, match=r"10\.1\.2\.3.*private"):
        safe_http.vet(
            "http://intranet.example.org/", allowed_hosts=(), resolver=lambda n, p: ["10.1.2.3"]
        )


def test_one_private_answer_among_public_ones_is_enough_to_refuse() -> None:
    with pytest.raises(safe_http.BlockedAddress):
        safe_http.vet(
            "http://mixed.example.org/",
            allowed_hosts=(),
            resolver=lambda n, p: ["93.184.216.34", "169.254.169.254"],
        )


def test_loopback_is_refused_without_the_allow_list(loopback: Loopback, settings: object) -> None:
    loopback.route("/feed", Reply(200, b"secret"))
    with pytest.raises(safe_http.BlockedAddress, match="loopback"):
        safe_http.fetch(loopback.url("/feed"), allow_any_port=True)
    with pytest.raises(safe_http.BlockedAddress, match="loopback"):
        safe_http.fetch(loopback.url("/feed", host="127.0.0.1"), allow_any_port=True)
    assert loopback.seen == []


def test_allowed_private_host_is_reached_on_any_port(
    loopback: Loopback, allow_loopback: None
) -> None:
    loopback.route("/feed", Reply(200, b"hello"))
    answer = safe_http.fetch(loopback.url("/feed"))
    assert (answer.status, answer.content, answer.address) == (200, b"hello", "127.0.0.1")


def test_allow_list_names_hosts_not_addresses(loopback: Loopback, allow_loopback: None) -> None:
    with pytest.raises(safe_http.BlockedAddress):
        safe_http.fetch(loopback.url("/feed", host="127.0.0.1"))


def test_allow_list_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOCSIN_ALLOWED_PRIVATE_HOSTS", "feeds.intranet, Wiki.Local.")
    assert safe_http.allowed_private_hosts() == {"feeds.intranet", "wiki.local"}


def test_connection_goes_to_the_vetted_address_with_the_original_host(
    loopback: Loopback, settings: object
) -> None:
    """The name does not exist in any DNS: reaching the server proves we connected to the
    address we vetted, and the Host header proves the server saw the name."""
    settings.TOCSIN_ALLOWED_PRIVATE_HOSTS = ["feed.tocsin.test"]  # type: ignore[attr-defined]
    loopback.route("/feed", Reply(200, b"ok"))
    answer = safe_http.fetch(
        loopback.url("/feed", host="feed.tocsin.test"), resolver=lambda n, p: ["127.0.0.1"]
    )
    assert answer.content == b"ok"
    assert loopback.seen[0].headers["host"] == f"feed.tocsin.test:{loopback.port}"


def test_redirect_to_loopback_is_refused(loopback: Loopback, allow_loopback: None) -> None:
    loopback.route(
        "/start", Reply(302, headers={"Location": loopback.url("/secret", host="127.0.0.1")})
    )
    loopback.route("/secret", Reply(200, b"secret"))
    with pytest.raises(safe_http.BlockedAddress, match=r"127\.0\.0\.1"):
        safe_http.fetch(loopback.url("/start"))
    assert loopback.paths() == ["/start"]


def test_redirect_to_cloud_metadata_is_refused(loopback: Loopback, allow_loopback: None) -> None:
    loopback.route("/start", Reply(301, headers={"Location": "http://169.254.169.254/latest/"}))
    with pytest.raises(safe_http.BlockedAddress, match="link-local"):
        safe_http.fetch(loopback.url("/start"))


def test_relative_redirects_are_followed_up_to_five(
    loopback: Loopback, allow_loopback: None
) -> None:
    for i in range(7):
        loopback.route(f"/r{i}", Reply(302, headers={"Location": f"/r{i + 1}"}))
    loopback.route("/r3", Reply(200, b"arrived"))
    answer = safe_http.fetch(loopback.url("/r0"))
    assert answer.content == b"arrived"
    assert answer.url.endswith("/r3")
    loopback.route("/r3", Reply(302, headers={"Location": "/r4"}))
    with pytest.raises(safe_http.TooManyRedirects):
        safe_http.fetch(loopback.url("/r0"))


def test_announced_large_body_is_refused(loopback: Loopback, allow_loopback: None) -> None:
    loopback.route("/big", Reply(200, b"x" * 5000))
    with pytest.raises(safe_http.TooLarge):
        safe_http.fetch(loopback.url("/big"), max_bytes=1000)


def test_streamed_large_body_is_cut(loopback: Loopback, allow_loopback: None) -> None:
    loopback.route("/big", Reply(200, b"x" * 50_000, headers={"Content-Length": ""}))
    with pytest.raises(safe_http.TooLarge):
        safe_http.fetch(loopback.url("/big"), max_bytes=1000)


def test_gzip_bomb_is_cut_after_decompression(loopback: Loopback, allow_loopback: None) -> None:
    bomb = gzip.compress(b"\0" * 20_000_000)
    assert len(bomb) < 100_000
    loopback.route("/bomb", Reply(200, bomb, headers={"Content-Encoding": "gzip"}))
    with pytest.raises(safe_http.TooLarge):
        safe_http.fetch(loopback.url("/bomb"), max_bytes=1_000_000)


def test_slow_server_times_out(loopback: Loopback, allow_loopback: None) -> None:
    loopback.route("/slow", Reply(200, b"late", delay=2.0))
    with pytest.raises(safe_http.FetchTimeout):
        safe_http.fetch(loopback.url("/slow"), deadline=0.5)


def test_unreachable_port_is_a_clear_error(allow_loopback: None) -> None:
    with pytest.raises(safe_http.FetchError, match="could not reach localhost"):
        safe_http.fetch("http://localhost:9/")


def test_post_is_not_redirected(loopback: Loopback, allow_loopback: None) -> None:
    loopback.route("/hub", Reply(307, headers={"Location": "/elsewhere"}))
    answer = safe_http.fetch(loopback.url("/hub"), method="POST", data={"a": "b"})
    assert answer.status == 307
    assert loopback.seen[0].body == b"a=b"


def _certificate(tmp_path: Path, name: str) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def test_https_connects_to_the_pinned_address_and_checks_the_certificate_for_the_name(
    tmp_path: Path, settings: object
) -> None:
    cert, key = _certificate(tmp_path, "secure.tocsin.test")
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert, key)
    server = Loopback(ssl_context=server_context)
    try:
        server.route("/feed", Reply(200, b"over tls"))
        client_context = ssl.create_default_context(cafile=str(cert))
        settings.TOCSIN_ALLOWED_PRIVATE_HOSTS = ["secure.tocsin.test", "other.tocsin.test"]  # type: ignore[attr-defined]
        answer = safe_http.fetch(
            server.url("/feed", host="secure.tocsin.test"),
            verify=client_context,
            resolver=lambda n, p: ["127.0.0.1"],
        )
        assert answer.content == b"over tls"
        # The same address under a name the certificate does not cover: refused by TLS,
        # which proves the name (not the address) is what the certificate is checked for.
        with pytest.raises(safe_http.FetchError):
            safe_http.fetch(
                server.url("/feed", host="other.tocsin.test"),
                verify=client_context,
                resolver=lambda n, p: ["127.0.0.1"],
            )
    finally:
        server.close()
