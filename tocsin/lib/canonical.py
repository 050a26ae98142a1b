"""Normal forms of what sources deliver: plain text from HTML, canonical URLs."""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.utils.html import strip_tags

# Parameters that only say where a click came from: two links differing by them are one.
TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|ref|ref_src|ref_url|"
    r"s_cid|at_medium|at_campaign|xtor|cmpid|ncid|_hsenc|_hsmi|spm|si)$",
    re.IGNORECASE,
)
_BLOCK_TAGS = re.compile(r"(?i)<\s*(br|/p|/div|/li|/h[1-6]|/tr|/blockquote)\b[^>]*>")
_SPACES = re.compile(r"[ \t\u00a0\u200b]+")
_NEWLINES = re.compile(r"\n\s*\n+")
# Control characters (Unicode category Cc) except newline and tab.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def html_to_text(value: str) -> str:
    """Readable plain text from an HTML fragment (feeds, Mastodon statuses)."""
    if "<" not in value and "&" not in value:
        return clean_text(value)
    value = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", value)
    value = _BLOCK_TAGS.sub("\n", value)
    return clean_text(html.unescape(strip_tags(value)))


def clean_text(value: str) -> str:
    value = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub("", value)
    value = _SPACES.sub(" ", value)
    return _NEWLINES.sub("\n\n", "\n".join(line.strip() for line in value.split("\n"))).strip()


def canonical_url(url: str) -> str:
    """One spelling per resource: lower-case scheme and host, no default port, no fragment,
    no tracking parameters, sorted query. Returns '' for anything that is not http(s)."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"} or not parts.hostname:
        return ""
    host = parts.hostname.lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    port = parts.port if parts.port not in (None, 80, 443) else None
    netloc = f"[{host}]" if ":" in host else host
    if port:
        netloc += f":{port}"
    query = urlencode(
        sorted(
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not TRACKING_PARAMS.match(k)
        )
    )
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    if len(path) > 1:
        path = path.rstrip("/")
    return urlunsplit(("https" if scheme in {"http", "https"} else scheme, netloc, path, query, ""))
