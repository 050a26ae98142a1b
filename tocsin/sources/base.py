"""The one interface every kind of source implements, and the registry of kinds.

A ``Collector`` turns a configured :class:`~tocsin.sources.models.Source` into items for the
pipeline. Each kind lives in its own package (``sources/rss/``, ``sources/mastodon/`` …) with
its collector, its settings form and its tests against a loopback server, and registers
itself with :func:`register`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from django import forms

    from tocsin.mentions.pipeline import Incoming
    from tocsin.sources.models import Source


class SourceError(Exception):
    """Collection failed in a way the firm should see on the source's health view.

    ``retryable`` errors (timeouts, 5xx, rate limits) back off and try again; others
    (401, a malformed feed) also back off but say what the firm must fix.
    """

    def __init__(
        self, message: str, *, retryable: bool = True, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after


@dataclass
class Collected:
    """What one run of a collector brought back."""

    items: list[Incoming] = field(default_factory=list)
    etag: str = ""
    last_modified: str = ""
    cursor: str = ""  # the newest item id seen, for APIs that page by id
    not_modified: bool = False


class Collector:
    """Base of every collector. Subclasses set ``kind`` and implement :meth:`collect`."""

    kind: ClassVar[str]
    #: A form (Django ``forms.Form``) for the kind's own settings. The pages and the API
    #: validate with it and store its cleaned values this way (``services.apply_settings``):
    #: a field named ``url`` goes to ``Source.url``; fields listed in the form's
    #: ``credential_fields`` class attribute (a tuple of names) go to the encrypted
    #: ``Source.credentials`` and are never shown back (left blank, the stored value stays);
    #: every other field goes to ``Source.config``.
    settings_form: ClassVar[type[forms.Form] | None] = None

    def collect(self, source: Source) -> Collected:
        raise NotImplementedError


_REGISTRY: dict[str, type[Collector]] = {}


def register(cls: type[Collector]) -> type[Collector]:
    _REGISTRY[cls.kind] = cls
    return cls


def collector_for(kind: str) -> Collector:
    _load_builtin()
    try:
        return _REGISTRY[kind]()
    except KeyError:
        raise SourceError(f"no collector for sources of kind {kind!r}", retryable=False) from None


def registered_kinds() -> list[str]:
    _load_builtin()
    return sorted(_REGISTRY)


_loaded = False


def _load_builtin() -> None:
    """Import the collector packages that exist, so that they register themselves."""
    global _loaded
    if _loaded:
        return
    import importlib
    import importlib.util

    for kind in ("rss", "mastodon", "bluesky", "google_reviews"):
        name = f"tocsin.sources.{kind}.collector"
        if importlib.util.find_spec(f"tocsin.sources.{kind}") and importlib.util.find_spec(name):
            importlib.import_module(name)
    _loaded = True
