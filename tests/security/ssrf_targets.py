"""Addresses Tocsin must never fetch, written every way we know: the SSRF suite's list,
shared by ``tests/security/test_ssrf.py`` and ``bench/ssrf.py``."""

HOSTS = [
    "127.0.0.1", "127.0.0.2", "localhost", "LOCALHOST.", "[::1]", "[::ffff:127.0.0.1]",
    "[::ffff:7f00:1]", "[::127.0.0.1]", "[2002:7f00:1::]", "[64:ff9b::7f00:1]",
    "[2001:0:4136:e378:8000:63bf:80ff:fffe]", "2130706433", "0x7f000001", "0x7f.1",
    "0177.0.0.1", "017700000001", "127.1", "0", "0.0.0.0", "[::]",  # noqa: S104
    "10.0.0.1", "172.16.0.1", "192.168.0.1", "100.64.0.1", "169.254.169.254",
    "[fd00:ec2::254]", "[fe80::1]", "[fc00::1]", "224.0.0.1", "255.255.255.255",
    "metadata.google.internal",
]  # fmt: skip
DNS_ANSWERS = [
    "127.0.0.1", "10.1.2.3", "172.31.255.1", "192.168.1.1", "169.254.169.254", "::1",
    "fd00:ec2::254", "fd00::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1", "0.0.0.0",  # noqa: S104
]  # fmt: skip
SCHEMES = ["file:///etc/passwd", "gopher://127.0.0.1:70/", "ftp://127.0.0.1/", "dict://127.0.0.1/"]
