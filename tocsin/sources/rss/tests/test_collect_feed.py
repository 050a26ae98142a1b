"""Collecting RSS and Atom feeds from a real HTTP server on loopback."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tocsin.mentions.models import Mention, WatchQuery
from tocsin.sources import services
from tocsin.sources.models import Source
from tocsin.sources.tests.loopback import Loopback, Reply, Seen
from tocsin.testing import Cast

FEEDS = Path(__file__).parent / "feeds"
RSS = (FEEDS / "rss2.xml").read_bytes()
ATOM = (FEEDS / "atom.xml").read_bytes()
ALERTS = (FEEDS / "google_alerts.xml").read_bytes()
XML = {"Content-Type": "application/rss+xml; charset=utf-8"}

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>lol</title><item><title>Cabinet Alpha &lol9;</title>
<description>x</description></item></channel></rss>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY passwd SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>t</title><item><title>Cabinet Alpha</title>
<description>&passwd;</description></item></channel></rss>"""

pytestmark = pytest.mark.usefixtures("allow_loopback")


def _feed(cast: Cast, loopback: Loopback, path: str = "/feed.xml", **fields: object) -> Source:
    return Source.objects.create(
        firm=cast.firm_a, name="Flux", kind="rss", url=loopback.url(path), **fields
    )


def _mentions(cast: Cast) -> list[Mention]:
    return list(Mention.objects.for_firm(cast.firm_a).order_by("published_at"))


def test_rss2_feed_becomes_mentions(cast: Cast, loopback: Loopback) -> None:
    loopback.route("/feed.xml", Reply(200, RSS, XML))
    source = _feed(cast, loopback)
    report = services.collect(source)
    assert (report.seen, report.created, report.error) == (2, 2, "")
    first = next(m for m in _mentions(cast) if "Alpha" in m.title)
    assert first.external_id == "jdc-2026-11-0042"
    assert first.author == "Sophie Marchand"
    assert first.published_at == datetime(2026, 11, 26, 7, 30, tzinfo=UTC)
    assert (
        first.text == "Un client reproche au Cabinet Alpha une erreur dans sa déclaration de TVA."
    )
    assert first.canonical_url.endswith("/cabinet-alpha-client")  # tracking removed
    source.refresh_from_db()
    assert (source.items_seen, source.mentions_created, source.healthy) == (2, 2, True)
    assert source.last_success_at is not None


def test_atom_feed_becomes_mentions_without_its_script(cast: Cast, loopback: Loopback) -> None:
    loopback.route("/feed.xml", Reply(200, ATOM, {"Content-Type": "application/atom+xml"}))
    services.collect(_feed(cast, loopback))
    [mention] = _mentions(cast)
    assert mention.author == "Jean Dupuis"
    assert mention.external_id == "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a"
    assert mention.url == "https://blog-gestion.example.org/2026/experience-cabinet-alpha"
    assert mention.published_at == datetime(2026, 11, 26, 18, 30, 2, tzinfo=UTC)
    assert mention.text == "Le Cabinet Alpha a répondu vite et bien."
    assert "alert" not in mention.text


def test_google_alerts_links_lead_to_the_article_and_lose_their_bold(
    cast: Cast, loopback: Loopback
) -> None:
    loopback.route("/feed.xml", Reply(200, ALERTS, {"Content-Type": "application/atom+xml"}))
    services.collect(_feed(cast, loopback))
    leak = next(m for m in _mentions(cast) if "Fuite" in m.title)
    assert leak.url == (
        "https://www.actu-regionale.example.fr/economie/fuite-donnees-cabinet-alpha-123.html"
    )
    assert leak.title == "Fuite de données au Cabinet Alpha : les clients inquiets"
    assert "<b>" not in leak.text and "Cabinet Alpha" in leak.text
    assert leak.external_id == "tag:google.com,2013:googlealerts/feed:7351981326719437181"


def test_same_feed_twice_is_one_mention_each(cast: Cast, loopback: Loopback) -> None:
    loopback.route("/feed.xml", Reply(200, RSS, XML))
    source = _feed(cast, loopback)
    services.collect(source)
    again = services.collect(source)
    assert (again.seen, again.created) == (2, 0)
    assert len(_mentions(cast)) == 2


def test_feed_items_are_kept_only_when_a_watch_query_matches(
    cast: Cast, loopback: Loopback
) -> None:
    WatchQuery.objects.create(firm=cast.firm_a, name="nous", query='"Cabinet Alpha"')
    loopback.route("/feed.xml", Reply(200, RSS, XML))
    report = services.collect(_feed(cast, loopback))
    assert report.created == 1
    assert ["Cabinet Alpha" in m.title for m in _mentions(cast)] == [True]


def test_feed_marked_as_about_the_firm_keeps_every_item(cast: Cast, loopback: Loopback) -> None:
    WatchQuery.objects.create(firm=cast.firm_a, name="nous", query='"Cabinet Dupont"')
    loopback.route("/feed.xml", Reply(200, ALERTS, XML))
    report = services.collect(_feed(cast, loopback, config={"only_matching": False}))
    assert report.created == 2


def _conditional(seen: Seen) -> Reply:
    if seen.headers.get("if-none-match") == '"v1"':
        return Reply(304, headers={"ETag": '"v1"'})
    return Reply(
        200, RSS, {**XML, "ETag": '"v1"', "Last-Modified": "Thu, 26 Nov 2026 08:00:00 GMT"}
    )


def test_not_modified_feed_costs_nothing(cast: Cast, loopback: Loopback) -> None:
    loopback.route("/feed.xml", _conditional)
    source = _feed(cast, loopback)
    services.collect(source)
    source.refresh_from_db()
    assert source.etag == '"v1"'
    assert source.last_modified == "Thu, 26 Nov 2026 08:00:00 GMT"
    report = services.collect(source)
    assert (report.seen, report.created, report.error) == (0, 0, "")
    second = loopback.seen[1].headers
    assert second["if-none-match"] == '"v1"'
    assert second["if-modified-since"] == "Thu, 26 Nov 2026 08:00:00 GMT"
    source.refresh_from_db()
    assert (source.items_seen, source.consecutive_failures) == (2, 0)
    assert source.next_run_at > timezone.now() + timedelta(seconds=800)


def test_server_error_backs_off_exponentially(cast: Cast, loopback: Loopback) -> None:
    loopback.route("/feed.xml", Reply(500, b"oops"), Reply(500, b"oops"), Reply(200, RSS, XML))
    source = _feed(cast, loopback, interval_seconds=600)
    delays = []
    for _ in range(2):
        before = timezone.now()
        report = services.collect(source)
        assert report.error == "the feed answered HTTP 500"
        source.refresh_from_db()
        delays.append((source.next_run_at - before).total_seconds())
    assert 1190 < delays[0] < 1210 and 2390 < delays[1] < 2410
    assert source.consecutive_failures == 2 and not source.healthy
    services.collect(source)
    source.refresh_from_db()
    assert source.healthy and source.last_error == "the feed answered HTTP 500"
    assert source.mentions_created == 2


def test_rate_limit_honours_retry_after(cast: Cast, loopback: Loopback) -> None:
    loopback.route("/feed.xml", Reply(429, b"slow down", {"Retry-After": "7200"}))
    source = _feed(cast, loopback, interval_seconds=60)
    services.collect(source)
    source.refresh_from_db()
    assert "slow down" in source.last_error
    assert source.next_run_at >= timezone.now() + timedelta(seconds=7100)


def test_unavailable_with_a_date_in_retry_after_waits_until_then(
    cast: Cast, loopback: Loopback
) -> None:
    later = (timezone.now() + timedelta(hours=3)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    loopback.route("/feed.xml", Reply(503, b"", {"Retry-After": later}))
    source = _feed(cast, loopback, interval_seconds=60)
    services.collect(source)
    source.refresh_from_db()
    assert source.next_run_at >= timezone.now() + timedelta(hours=2, minutes=58)


def test_malformed_feed_is_a_clear_error_and_loses_nothing(cast: Cast, loopback: Loopback) -> None:
    broken = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>Cabinet Alpha</titl></item>'
    )
    loopback.route("/feed.xml", Reply(200, RSS, {**XML, "ETag": '"v1"'}), Reply(200, broken, XML))
    source = _feed(cast, loopback)
    services.collect(source)
    report = services.collect(source)
    assert "not well-formed XML (line 1" in report.error
    source.refresh_from_db()
    assert "not well-formed XML" in source.last_error
    assert source.etag == '"v1"' and source.mentions_created == 2
    assert len(_mentions(cast)) == 2


def test_html_page_is_not_a_feed(cast: Cast, loopback: Loopback) -> None:
    loopback.route(
        "/feed.xml",
        Reply(200, b"<html><body><p>Bienvenue</p></body></html>", {"Content-Type": "text/html"}),
    )
    report = services.collect(_feed(cast, loopback))
    assert report.error == "this address does not serve an RSS or Atom feed"


@pytest.mark.parametrize("document", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["bomb", "xxe"])
def test_xml_entities_are_refused_before_parsing(
    cast: Cast, loopback: Loopback, document: bytes
) -> None:
    loopback.route("/feed.xml", Reply(200, document, XML))
    report = services.collect(_feed(cast, loopback))
    assert "declares XML entities" in report.error
    assert _mentions(cast) == []


def test_feed_redirect_to_loopback_is_refused(cast: Cast, loopback: Loopback) -> None:
    target = loopback.url("/private.xml", host="127.0.0.1")
    loopback.route("/feed.xml", Reply(302, headers={"Location": target}))
    loopback.route("/private.xml", Reply(200, RSS, XML))
    source = _feed(cast, loopback)
    report = services.collect(source)
    assert "address refused" in report.error and "loopback" in report.error
    assert loopback.paths() == ["/feed.xml"]
    source.refresh_from_db()
    assert source.consecutive_failures == 1


def test_feed_on_loopback_is_refused_without_the_allow_list(
    cast: Cast, loopback: Loopback, settings: object
) -> None:
    settings.TOCSIN_ALLOWED_PRIVATE_HOSTS = []  # type: ignore[attr-defined]
    loopback.route("/feed.xml", Reply(200, RSS, XML))
    report = services.collect(_feed(cast, loopback))
    assert "loopback" in report.error
    assert loopback.seen == []


def test_oversized_feed_is_refused(cast: Cast, loopback: Loopback) -> None:
    huge = b"<rss version='2.0'><channel>" + b" " * (6 * 1024 * 1024) + b"</channel></rss>"
    loopback.route("/feed.xml", Reply(200, huge, XML))
    report = services.collect(_feed(cast, loopback))
    assert report.error.startswith("feed too large")


def test_feed_that_moved_for_good_is_fetched_at_its_new_address(
    cast: Cast, loopback: Loopback
) -> None:
    loopback.route("/old.xml", Reply(301, headers={"Location": "/new.xml"}))
    loopback.route("/new.xml", Reply(200, RSS, XML))
    source = _feed(cast, loopback, path="/old.xml")
    services.collect(source)
    source.refresh_from_db()
    assert source.url == loopback.url("/new.xml")


def test_feed_redirected_for_now_keeps_its_address(cast: Cast, loopback: Loopback) -> None:
    loopback.route("/feed.xml", Reply(302, headers={"Location": "/today.xml"}))
    loopback.route("/today.xml", Reply(200, RSS, XML))
    source = _feed(cast, loopback)
    services.collect(source)
    source.refresh_from_db()
    assert source.url == loopback.url("/feed.xml") and source.mentions_created == 2
