"""Reading RSS and Atom documents into pipeline items, safely.

feedparser understands every dialect (RSS 0.9x, 1.0, 2.0, Atom 0.3 and 1.0) and cleans the
HTML inside; this module adds what it does not do for us:

* **no entity expansion**: a document that declares an XML entity (``<!DOCTYPE … [<!ENTITY``)
  is refused before feedparser sees it. Declarations are how the billion-laughs bomb and
  external-entity file reads work, and no real feed needs one. The check is a streaming expat
  pass over the prolog only (it stops at the root element), so it costs nothing and expands
  nothing;
* a **clear error** for a document that is not a feed, or not well-formed XML (an undefined
  HTML entity such as ``&nbsp;`` is tolerated: feedparser's lenient parser reads it right);
* **Google Alerts** links (``https://www.google.com/url?…&url=REAL``) unwrapped to the article.
"""

from __future__ import annotations

import calendar
import re
import xml.sax
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.parsers import expat

import feedparser

from tocsin.mentions.pipeline import Incoming

MAX_ITEMS = 500
_GOOGLE_HOST = re.compile(r"^(www\.)?google\.[a-z]{2,3}(\.[a-z]{2})?$")
_ENTITY = re.compile(rb"<!\s*ENTITY", re.IGNORECASE)
_LINK_HEADER = re.compile(r"<([^>]*)>\s*((?:;\s*[^;,]+)*)")
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


class FeedProblem(Exception):
    """The document cannot be read as a feed; the message is for the source's health view."""


@dataclass
class ParsedFeed:
    title: str
    items: list[Incoming] = field(default_factory=list)
    hub: str = ""
    self_url: str = ""


class _RootReached(Exception):
    pass


def refuse_entity_declarations(content: bytes) -> None:
    """Raise :class:`FeedProblem` when the document declares an entity (see module doc)."""

    def declared(*_args: object) -> None:
        raise FeedProblem(
            "the feed declares XML entities (<!ENTITY> in its DOCTYPE): refused, because "
            "entity expansion is how XML bombs and external-file reads work"
        )

    def root(*_args: object) -> None:
        raise _RootReached

    parser = expat.ParserCreate()
    parser.EntityDeclHandler = declared
    parser.UnparsedEntityDeclHandler = declared
    parser.StartElementHandler = root
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(content, True)
    except _RootReached:
        return
    except expat.ExpatError:
        # Not even the prolog parses: look for a declaration the plain way, so that a
        # broken document cannot smuggle one past us into feedparser's lenient parser.
        if _ENTITY.search(content):
            declared()


def parse(content: bytes, *, url: str = "", headers: dict[str, str] | None = None) -> ParsedFeed:
    """Items of the feed in ``content`` (bytes as fetched; never a URL, which feedparser
    would fetch itself, without our SSRF checks)."""
    if not content.strip():
        raise FeedProblem("the feed is empty")
    refuse_entity_declarations(content)
    headers = dict(headers or {})
    if url:
        headers.setdefault("content-location", url)
    result: Any = feedparser.parse(
        content, response_headers=headers, sanitize_html=True, resolve_relative_uris=True
    )
    problem = result.get("bozo_exception")
    if isinstance(problem, xml.sax.SAXParseException) and "undefined entity" not in str(problem):
        raise FeedProblem(
            f"the feed is not well-formed XML (line {problem.getLineNumber()}, column "
            f"{problem.getColumnNumber()}: {problem.getMessage()}); nothing was imported "
            "from it this time, and what was imported before is kept"
        )
    if not result.get("version") and not result.entries:
        raise FeedProblem("this address does not serve an RSS or Atom feed")
    links = result.feed.get("links", [])
    parsed = ParsedFeed(
        title=str(result.feed.get("title", ""))[:300],
        hub=_link(links, "hub") or _header_link(headers.get("link", ""), "hub"),
        self_url=_link(links, "self") or _header_link(headers.get("link", ""), "self"),
    )
    for entry in result.entries[:MAX_ITEMS]:
        item = _item(entry)
        if item is not None:
            parsed.items.append(item)
    return parsed


def _item(entry: Any) -> Incoming | None:
    title = str(entry.get("title", "") or "")
    body, is_html = _body(entry)
    if not body and not title:
        return None
    author = str(entry.get("author", "") or "")
    return Incoming(
        text=body or title,
        title=title,
        url=unwrap_link(str(entry.get("link", "") or "")),
        author=author[:200],
        published_at=_when(entry.get("published_parsed") or entry.get("updated_parsed")),
        external_id=str(entry.get("id", "") or "")[:500],
        is_html=is_html,
    )


def _body(entry: Any) -> tuple[str, bool]:
    """The richest text of an entry: Atom content, else summary/description."""
    for block in entry.get("content", []) or []:
        if block.get("value"):
            return str(block["value"]), str(block.get("type", "")) in _HTML_TYPES
    detail = entry.get("summary_detail") or {}
    summary = str(entry.get("summary", "") or "")
    kind = str(detail.get("type", "text/html"))
    return summary, kind in _HTML_TYPES or "<" in summary


def _when(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), UTC)
    except (TypeError, ValueError, OverflowError):
        return None


def unwrap_link(link: str) -> str:
    """The article behind a Google redirect link (Google Alerts feeds use them), else ``link``."""
    try:
        parts = urlsplit(link)
    except ValueError:
        return link
    if parts.hostname and _GOOGLE_HOST.match(parts.hostname) and parts.path == "/url":
        query = parse_qs(parts.query)
        for key in ("url", "q"):
            for real in query.get(key, []):
                if real.startswith(("http://", "https://")):
                    return real
    return link


def _link(links: list[Any], rel: str) -> str:
    for link in links:
        if link.get("rel") == rel and link.get("href"):
            return str(link["href"])
    return ""


def _header_link(value: str, rel: str) -> str:
    """A target of an HTTP ``Link`` header with ``rel`` (WebSub allows announcing there)."""
    for target, params in _LINK_HEADER.findall(value):
        rels = re.findall(r'rel\s*=\s*"?([^";]+)"?', params)
        if any(rel in r.split() for r in rels):
            return str(target)
    return ""
