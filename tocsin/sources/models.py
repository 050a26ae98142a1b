"""Where mentions come from: one ``Source`` per feed, account, API or import of a firm."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tocsin.firms.tenancy import FirmOwned
from tocsin.lib import secrets_box


class SourceKind(models.TextChoices):
    RSS = "rss", _("RSS or Atom feed")
    PUSH = "push", _("Push API")
    WEBHOOK = "webhook", _("Signed webhook")
    MASTODON = "mastodon", _("Mastodon")
    BLUESKY = "bluesky", _("Bluesky")
    GOOGLE_REVIEWS = "google_reviews", _("Google Business Profile reviews")
    IMPORT = "import", _("File import")


# Kinds that Tocsin polls on a schedule; the others receive (push, webhook) or are one-off.
POLLED_KINDS = frozenset(
    {SourceKind.RSS, SourceKind.MASTODON, SourceKind.BLUESKY, SourceKind.GOOGLE_REVIEWS}
)
# Kinds whose items are kept only when they match one of the firm's watch queries: they
# search the open web. Push, webhook, reviews and imports are about the firm already.
FILTERED_KINDS = frozenset({SourceKind.RSS, SourceKind.MASTODON, SourceKind.BLUESKY})

MAX_BACKOFF = timedelta(hours=6)


class Source(FirmOwned):
    """A place Tocsin collects from, with its schedule and its health."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=SourceKind.choices)
    url = models.URLField(_("address"), max_length=2000, blank=True)
    config = models.JSONField(_("settings"), default=dict, blank=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    weight = models.FloatField(
        _("weight"),
        default=1.0,
        help_text=_("How much a mention here counts in the risk (1 = ordinary)."),
    )
    interval_seconds = models.PositiveIntegerField(_("check every (seconds)"), default=900)
    # Credentials (OAuth tokens, HMAC secrets) are stored encrypted, never in clear.
    sealed_credentials = models.TextField(blank=True, default="")

    next_run_at = models.DateTimeField(default=timezone.now, db_index=True)
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    cursor = models.CharField(max_length=500, blank=True, help_text="last item id seen (APIs)")
    consecutive_failures = models.PositiveIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    items_seen = models.PositiveIntegerField(default=0)
    mentions_created = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    # The secret part of the public addresses that receive for this source (a signed
    # webhook, WebSub content distribution): unguessable, so that nobody can probe them.
    callback_token = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("source")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def credentials(self) -> dict[str, Any]:
        return secrets_box.unseal(self.sealed_credentials)

    @credentials.setter
    def credentials(self, value: dict[str, Any]) -> None:
        self.sealed_credentials = secrets_box.seal(value)

    @property
    def healthy(self) -> bool:
        return self.consecutive_failures == 0

    @property
    def polled(self) -> bool:
        return self.kind in POLLED_KINDS

    def ensure_callback_token(self) -> str:
        """The token of this source's receiving addresses, created on first use (saved)."""
        if not self.callback_token:
            self.callback_token = secrets.token_urlsafe(24)
            if self.pk:
                Source.objects.for_firm(self.firm_id).filter(pk=self.pk).update(
                    callback_token=self.callback_token
                )
        return self.callback_token

    def ensure_webhook_secret(self) -> str:
        creds = self.credentials
        if "hmac_secret" not in creds:
            creds["hmac_secret"] = secrets.token_urlsafe(32)
            self.credentials = creds
        return str(creds["hmac_secret"])

    def record_success(
        self, *, seen: int, created: int, etag: str = "", last_modified: str = ""
    ) -> None:
        now = timezone.now()
        self.last_attempt_at = self.last_success_at = now
        self.consecutive_failures = 0
        self.items_seen += seen
        self.mentions_created += created
        if etag:
            self.etag = etag[:500]
        if last_modified:
            self.last_modified = last_modified[:100]
        self.next_run_at = now + timedelta(seconds=self.interval_seconds)

    def record_failure(self, error: str) -> None:
        """Exponential back-off: the interval doubles with each failure, up to six hours."""
        now = timezone.now()
        self.last_attempt_at = self.last_error_at = now
        self.last_error = error[:2000]
        self.consecutive_failures += 1
        delay = timedelta(seconds=self.interval_seconds * 2 ** min(self.consecutive_failures, 10))
        self.next_run_at = now + min(delay, MAX_BACKOFF)


class WebSubState(models.TextChoices):
    PENDING = "pending", _("waiting for the hub to verify")
    ACTIVE = "active", _("active")
    DENIED = "denied", _("refused by the hub")
    FAILED = "failed", _("failed")
    UNSUBSCRIBING = "unsubscribing", _("stopping")


class WebSubSubscription(FirmOwned):
    """A feed's hub pushes new items to us (WebSub): which hub, and how the subscription is.

    Kept apart from ``Source`` so that the hub's verification request (which may arrive
    while the source is being collected) never races with the collector's save.
    """

    source = models.OneToOneField(Source, on_delete=models.CASCADE, related_name="websub")
    hub = models.URLField(max_length=2000)
    topic = models.URLField(max_length=2000)
    state = models.CharField(max_length=16, choices=WebSubState.choices)
    requested_at = models.DateTimeField(default=timezone.now)
    verified_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    last_push_at = models.DateTimeField(null=True, blank=True)
    pushes_received = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)


class WebhookDelivery(FirmOwned):
    """A signed webhook delivery already accepted: the same signature twice is a replay."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="+")
    signature = models.CharField(max_length=128)
    received_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "signature"], name="webhook_once")]
