"""XML bombs and external entities in feeds: refused with a clear error, memory bounded.

Each document is read by the real feed parser (``feeds.parse``) and collected end to end from
a real RSS source on loopback; the peak of Python allocations (tracemalloc) during the read
stays far below what an expansion would take (billion laughs expands to gigabytes).
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.security.outside import loopback_only
from tocsin.mentions.models import Mention
from tocsin.sources import services
from tocsin.sources.models import Source
from tocsin.sources.rss.feeds import FeedProblem, parse
from tocsin.sources.tests.loopback import Loopback, Reply
from tocsin.testing import Cast

PEAK_LIMIT = 8 * 1024 * 1024  # bytes; a real 1 MB feed parses well under this


def billion_laughs() -> bytes:
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    ]
    return _rss("<!DOCTYPE rss [" + "".join(entities) + "]>", "&lol9;")


def quadratic_blowup() -> bytes:
    return _rss(f'<!DOCTYPE rss [<!ENTITY a "{"x" * 100_000}">]>', "&a;" * 20_000)


def external_entity_file() -> bytes:
    return _rss('<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', "&xxe;")


def parameter_entity(url: str) -> bytes:
    return _rss(f'<!DOCTYPE rss [<!ENTITY % remote SYSTEM "{url}"> %remote;]>', "t")


def external_dtd(url: str) -> bytes:
    return _rss(f'<!DOCTYPE rss SYSTEM "{url}">', "t")


def _rss(doctype: str, title: str) -> bytes:
    return (
        f'<?xml version="1.0"?>{doctype}<rss version="2.0"><channel><title>Feed</title>'
        f"<item><title>{title}</title><link>https://news.example/a</link>"
        "<description>Cabinet Alpha</description></item></channel></rss>"
    ).encode()


def _peak(read: Callable[[], Any]) -> tuple[int, BaseException | None]:
    tracemalloc.start()
    failure: BaseException | None = None
    try:
        read()
    except Exception as exc:
        failure = exc
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak, failure


@pytest.fixture
def dtd_server() -> Iterator[Loopback]:
    """Serves a DTD that would define an entity: it must never be asked for."""
    server = Loopback()
    server.route("/evil.dtd", Reply(200, b'<!ENTITY leak "LEAKED">'))
    yield server
    server.close()


@pytest.mark.parametrize(
    "bomb", [billion_laughs, quadratic_blowup, external_entity_file], ids=lambda f: f.__name__
)
def test_entity_bombs_are_refused_with_memory_bounded(bomb: Callable[[], bytes]) -> None:
    peak, failure = _peak(lambda: parse(bomb()))
    assert isinstance(failure, FeedProblem)
    assert "declares XML entities" in str(failure)
    assert peak < PEAK_LIMIT, f"peak {peak / 1e6:.1f} MB"


def test_a_remote_parameter_entity_is_refused_and_never_fetched(dtd_server: Loopback) -> None:
    with loopback_only():
        peak, failure = _peak(lambda: parse(parameter_entity(dtd_server.url("/evil.dtd"))))
    assert isinstance(failure, FeedProblem)
    assert peak < PEAK_LIMIT
    assert dtd_server.paths() == []


def test_an_external_dtd_is_never_fetched(dtd_server: Loopback) -> None:
    """No entity is declared in the document itself: it may be read, but the DTD it names is
    not fetched (that would be an SSRF, and could define entities)."""
    with loopback_only():
        peak, failure = _peak(lambda: parse(external_dtd(dtd_server.url("/evil.dtd"))))
    assert dtd_server.paths() == []
    assert peak < PEAK_LIMIT
    if failure is None:
        feed = parse(external_dtd(dtd_server.url("/evil.dtd")))
        assert all("LEAKED" not in item.text for item in feed.items)
    else:
        assert isinstance(failure, FeedProblem)


@pytest.mark.parametrize(
    "bomb", [billion_laughs, quadratic_blowup, external_entity_file], ids=lambda f: f.__name__
)
def test_a_source_serving_a_bomb_says_why_and_imports_nothing(
    cast: Cast, settings: Any, bomb: Callable[[], bytes]
) -> None:
    settings.TOCSIN_ALLOWED_PRIVATE_HOSTS = ["localhost"]
    server = Loopback()
    try:
        server.route("/feed.xml", Reply(200, bomb(), {"Content-Type": "application/rss+xml"}))
        server.route("/plain.xml", Reply(200, _rss("", "Cabinet Alpha")))
        source, plain = (
            Source.objects.create(firm=cast.firm_a, name=name, kind="rss", url=server.url(path))
            for name, path in (("Feed", "/feed.xml"), ("Plain", "/plain.xml"))
        )
        with loopback_only():
            # The first collection imports and sets up the HTTP client: not the feed's cost.
            services.collect(plain)
            plain_peak, _ = _peak(lambda: services.collect(plain))
            peak, failure = _peak(lambda: services.collect(source))
    finally:
        server.close()
    assert failure is None  # a source's own failure is recorded, never raised
    source.refresh_from_db()
    assert "declares XML entities" in source.last_error
    assert not Mention.objects.for_firm(cast.firm_a).filter(source=source).exists()
    assert peak < PEAK_LIMIT, f"peak {peak / 1e6:.1f} MB (a plain feed: {plain_peak / 1e6:.1f} MB)"
    print(f"{bomb.__name__}: peak {peak / 1e6:.2f} MB, plain feed {plain_peak / 1e6:.2f} MB")
