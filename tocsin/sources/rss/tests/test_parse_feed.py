"""Reading feed documents: every dialect, no entity expansion, bounded memory."""

from __future__ import annotations

import tracemalloc

import pytest

from tocsin.sources.rss import feeds
from tocsin.sources.rss.tests.test_collect_feed import BILLION_LAUGHS

RSS091 = b"""<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
 "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Vieux flux</title><link>http://vieux.example.fr/</link>
<description>d</description><language>fr</language>
<item><title>Cabinet Alpha \xe9pingl\xe9</title><link>http://vieux.example.fr/1</link>
<description>Un article&nbsp;ancien.</description></item></channel></rss>"""

RSS10 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
 <channel rdf:about="http://rdf.example.org/"><title>RDF</title><link>http://rdf.example.org/</link>
  <description>d</description></channel>
 <item rdf:about="http://rdf.example.org/a1"><title>Cabinet Alpha en RDF</title>
  <link>http://rdf.example.org/a1</link><dc:creator>Marie</dc:creator>
  <dc:date>2026-11-20T09:00:00+01:00</dc:date><description>Texte.</description></item>
</rdf:RDF>"""


def test_rss_091_with_its_netscape_doctype_is_read() -> None:
    parsed = feeds.parse(RSS091)
    [item] = parsed.items
    assert item.title == "Cabinet Alpha épinglé"
    assert "ancien" in item.text


def test_rss_10_rdf_is_read() -> None:
    [item] = feeds.parse(RSS10).items
    assert (item.title, item.author, item.url) == (
        "Cabinet Alpha en RDF",
        "Marie",
        "http://rdf.example.org/a1",
    )
    assert item.published_at is not None and item.published_at.hour == 8


def test_billion_laughs_is_refused_with_memory_bounded() -> None:
    tracemalloc.start()
    try:
        with pytest.raises(feeds.FeedProblem, match="declares XML entities"):
            feeds.parse(BILLION_LAUGHS)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000


@pytest.mark.parametrize(
    "document",
    [
        # a parameter entity pulling an external DTD
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % ext SYSTEM "http://169.254.169.254/">%ext;]><rss/>',
        # quadratic blow-up: one big entity referenced many times
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "'
        + b"x" * 50_000
        + b'">]><rss>'
        + b"&a;" * 50_000
        + b"</rss>",
        # a broken prolog that still declares an entity
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "b" <!ENTITY c "d">]><rss>&a;</rss>',
        # an unparsed entity
        b'<?xml version="1.0"?><!DOCTYPE r [<!NOTATION n SYSTEM "x"><!ENTITY u SYSTEM "y" NDATA n>]><rss/>',
    ],
    ids=["parameter-entity", "quadratic", "broken-prolog", "unparsed"],
)
def test_every_entity_declaration_is_refused(document: bytes) -> None:
    with pytest.raises(feeds.FeedProblem, match="declares XML entities"):
        feeds.parse(document)


def test_an_article_about_entities_inside_cdata_is_fine() -> None:
    document = b"""<rss version="2.0"><channel><title>S\xc3\xa9curit\xc3\xa9</title><item>
    <title>XXE expliqu\xc3\xa9</title><description><![CDATA[Ne jamais accepter <!ENTITY x SYSTEM "file:///">.]]></description>
    </item></channel></rss>"""
    [item] = feeds.parse(document).items
    assert "ENTITY" in item.text


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        (
            "https://www.google.com/url?rct=j&sa=t&url=https://a.example/x%3Fy%3D1&ct=ga",
            "https://a.example/x?y=1",
        ),
        ("https://www.google.fr/url?q=https://b.example/&sa=U", "https://b.example/"),
        (
            "https://www.google.com/url?url=javascript:alert(1)",
            "https://www.google.com/url?url=javascript:alert(1)",
        ),
        (
            "https://evil.example/url?url=https://c.example/",
            "https://evil.example/url?url=https://c.example/",
        ),
        ("https://news.example/article", "https://news.example/article"),
    ],
)
def test_google_redirect_links_are_unwrapped_and_only_those(link: str, expected: str) -> None:
    assert feeds.unwrap_link(link) == expected


def test_hub_announced_in_the_link_header_is_found() -> None:
    parsed = feeds.parse(
        RSS10,
        url="https://rdf.example.org/feed",
        headers={
            "link": '<https://hub.example/>; rel="hub", <https://rdf.example.org/feed>; rel="self"'
        },
    )
    assert (parsed.hub, parsed.self_url) == ("https://hub.example/", "https://rdf.example.org/feed")


def test_empty_document_is_a_clear_error() -> None:
    with pytest.raises(feeds.FeedProblem, match="empty"):
        feeds.parse(b"  \n")
