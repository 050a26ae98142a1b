"""Mentions of a firm, grouped into stories, matched by the firm's watch queries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tocsin.firms.tenancy import FirmOwned


class Sentiment(models.TextChoices):
    NEGATIVE = "negative", _("negative")
    NEUTRAL = "neutral", _("neutral")
    POSITIVE = "positive", _("positive")


class CrisisType(models.TextChoices):
    ACCOUNTING_ERROR = "accounting_error", _("accounting error")
    DATA_BREACH = "data_breach", _("data breach")
    INAPPROPRIATE_COMMUNICATION = "inappropriate_communication", _("inappropriate communication")
    CLIENT_DISPUTE = "client_dispute", _("client dispute")
    SUPPLIER_OUTAGE = "supplier_outage", _("supplier outage")
    NONE = "none", _("none")


class Status(models.TextChoices):
    NEW = "new", _("new")
    TO_ANSWER = "to_answer", _("to answer")
    ANSWERED = "answered", _("answered")
    IGNORED = "ignored", _("ignored")


class WatchQuery(FirmOwned):
    """A boolean query over mention text: ``"Cabinet Dupont" AND (erreur OR fuite)``."""

    name = models.CharField(_("name"), max_length=120)
    query = models.TextField(_("query"))
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("watch query")
        verbose_name_plural = _("watch queries")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Story(FirmOwned):
    """Near-duplicate mentions (reposts, syndicated copies) read as one."""

    title = models.CharField(max_length=300)
    fingerprint = models.BigIntegerField(db_index=True)
    size = models.PositiveIntegerField(default=1)
    first_seen_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    def __str__(self) -> str:
        return self.title


class Mention(FirmOwned):
    """One public item that speaks of the firm, cleaned and enriched."""

    source = models.ForeignKey(
        "sources.Source", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_label = models.CharField(max_length=200, blank=True)
    # Idempotency: the same item delivered twice has the same key and is stored once.
    dedup_key = models.CharField(max_length=64)
    external_id = models.CharField(max_length=500, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    canonical_url = models.URLField(max_length=2000, blank=True)
    title = models.CharField(max_length=500, blank=True)
    text = models.TextField()
    author = models.CharField(max_length=200, blank=True)
    author_handle = models.CharField(max_length=200, blank=True)
    reach = models.PositiveBigIntegerField(null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="review stars, 1 to 5"
    )
    published_at = models.DateTimeField(default=timezone.now, db_index=True)
    collected_at = models.DateTimeField(default=timezone.now)

    lang = models.CharField(max_length=8, default="other")
    sentiment = models.CharField(
        max_length=10, choices=Sentiment.choices, default=Sentiment.NEUTRAL
    )
    sentiment_score = models.FloatField(default=0.0)
    crisis_type = models.CharField(
        max_length=32, choices=CrisisType.choices, default=CrisisType.NONE
    )
    risk = models.PositiveSmallIntegerField(default=0, db_index=True)
    reasons = models.JSONField(default=list, blank=True)
    matched_terms = models.JSONField(default=list, blank=True)
    analysed = models.BooleanField(default=False)

    story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="mentions"
    )
    fingerprint = models.BigIntegerField(default=0)
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.NEW, db_index=True
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set by the alerts app once the work after ingest (rollups, detectors, alerts) is done
    # for this mention. Still empty a minute after storage means that work was lost (the
    # broker was down, a worker died): a beat sweep finds it by this field and does it again.
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mention")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["firm", "dedup_key"], name="one_mention_per_item")
        ]
        indexes = [
            models.Index(fields=["firm", "-published_at"], name="mention_firm_recent"),
            # Partial: only the few mentions whose after-ingest work is not done yet.
            models.Index(
                fields=["collected_at"],
                name="mention_unprocessed",
                condition=models.Q(processed_at__isnull=True),
            ),
            # The inbox's triage filter and the crisis room's "mentions of this type" link:
            # newest first within a status or a type, so a later page of a big firm reads
            # its 50 rows from the index instead of filtering the firm's whole history.
            models.Index(
                fields=["firm", "status", "-published_at"], name="mention_firm_status_recent"
            ),
            models.Index(
                fields=["firm", "crisis_type", "-published_at"], name="mention_firm_type_recent"
            ),
        ]

    def __str__(self) -> str:
        return (self.title or self.text)[:80]


class Correction(FirmOwned):
    """A person's correction of an analysis: kept as labelled data for retraining."""

    mention = models.ForeignKey(Mention, on_delete=models.CASCADE, related_name="corrections")
    field = models.CharField(max_length=20)
    old_value = models.CharField(max_length=40)
    new_value = models.CharField(max_length=40)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    corrected_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.field}: {self.old_value} → {self.new_value}"


class PushReceipt(FirmOwned):
    """An idempotency key seen by the push API, with what it created, for safe retries."""

    key = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    response = models.JSONField(default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["firm", "key"], name="one_receipt_per_key")]

    def __str__(self) -> str:
        return self.key
