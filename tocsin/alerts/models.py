"""Early warning: hourly rollups, detector states, rules, channels, alerts and deliveries."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tocsin.firms.tenancy import FirmOwned
from tocsin.lib import crisis_types, secrets_box

#: Crisis types that have their own hourly series (the mentions app's types but "none").
TYPE_SERIES = crisis_types.CRISIS_TYPES


class Rollup(FirmOwned):
    """A firm's mentions in one hour (UTC), counted once so that curves never scan mentions.

    Rows exist only for hours with at least one mention; an hour without a row counts zero.
    Counts are recomputed from the mentions of the touched hours (not incremented), so a
    mention delivered twice or re-analysed later never skews them.
    """

    hour = models.DateTimeField()
    volume = models.PositiveIntegerField(default=0)
    negative = models.PositiveIntegerField(default=0)
    high_risk = models.PositiveIntegerField(default=0)
    accounting_error = models.PositiveIntegerField(default=0)
    data_breach = models.PositiveIntegerField(default=0)
    inappropriate_communication = models.PositiveIntegerField(default=0)
    client_dispute = models.PositiveIntegerField(default=0)
    supplier_outage = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["firm", "hour"], name="one_rollup_per_hour")]

    def __str__(self) -> str:
        return f"{self.hour:%Y-%m-%d %H}h: {self.volume}"


class Signal(models.TextChoices):
    """What a rule watches: a curve (hourly series) or an instant trigger on one mention."""

    VOLUME = "volume", _("Mention volume")
    NEGATIVE = "negative", _("Negative mentions")
    NEGATIVE_SHARE = "negative_share", _("Share of negative mentions")
    ACCOUNTING_ERROR = "accounting_error", _("Mentions of an accounting error")
    DATA_BREACH = "data_breach", _("Mentions of a data breach")
    INAPPROPRIATE_COMMUNICATION = (
        "inappropriate_communication",
        _("Mentions of inappropriate communication"),
    )
    CLIENT_DISPUTE = "client_dispute", _("Mentions of a client dispute")
    SUPPLIER_OUTAGE = "supplier_outage", _("Mentions of a supplier outage")
    HIGH_RISK = "high_risk", _("A high-risk mention")
    LOW_RATING = "low_rating", _("A 1- or 2-star review")
    BREACH_WORDS = "breach_words", _("Breach or fraud vocabulary")
    LARGE_REACH = "large_reach", _("A negative post by an author with a large reach")


CURVE_SIGNALS = frozenset(
    {Signal.VOLUME, Signal.NEGATIVE, Signal.NEGATIVE_SHARE, *(Signal(t) for t in TYPE_SERIES)}
)
INSTANT_SIGNALS = frozenset(
    {Signal.HIGH_RISK, Signal.LOW_RATING, Signal.BREACH_WORDS, Signal.LARGE_REACH}
)


class Sensitivity(models.TextChoices):
    LOW = "low", _("low (only storms)")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high (weak signals too)")


class Series(FirmOwned):
    """The saved state of one firm's detector for one signal, resumed where it stopped.

    ``next_hour`` is the first hour not learnt yet: hours before it were scored once, when
    they had ended, and are never scored again (a late mention for a closed hour still
    counts in the rollup and the curve, not in the detector).
    """

    signal = models.CharField(max_length=32, choices=Signal.choices)
    state = models.JSONField(default=dict)
    next_hour = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["firm", "signal"], name="one_series_per_signal")
        ]

    def __str__(self) -> str:
        return self.signal


class ChannelKind(models.TextChoices):
    EMAIL = "email", _("Email")
    SLACK = "slack", _("Slack")
    TEAMS = "teams", _("Microsoft Teams")
    MATTERMOST = "mattermost", _("Mattermost")
    WEBHOOK = "webhook", _("Signed webhook")


class AlertChannel(FirmOwned):
    """Where a firm's alerts go: an email list or a chat/webhook address, in one language.

    The address and secrets (a Slack webhook URL is a credential) are sealed at rest.
    Email channels name their recipients by membership, or "the people on call".
    """

    kind = models.CharField(_("kind"), max_length=16, choices=ChannelKind.choices)
    name = models.CharField(_("name"), max_length=120)
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        choices=[("", _("each person's own")), ("fr", "Français"), ("en", "English")],
    )
    sealed_config = models.TextField(blank=True)
    on_call = models.BooleanField(_("the people on call"), default=False)
    recipients = models.ManyToManyField(
        "firms.Membership", blank=True, related_name="+", verbose_name=_("recipients")
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    digest = models.CharField(
        _("digest"),
        max_length=8,
        blank=True,
        default="daily",
        choices=[("", _("none")), ("daily", _("daily")), ("weekly", _("weekly"))],
        help_text=_("Email channels: a summary of alerts and mentions, sent at 8:00."),
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Health, for the "failing" badge: set by deliveries.
    consecutive_failures = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("alert channel")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def config(self) -> dict[str, Any]:
        return secrets_box.unseal(self.sealed_config) if self.sealed_config else {}

    @config.setter
    def config(self, value: dict[str, Any]) -> None:
        self.sealed_config = secrets_box.seal(value)

    @property
    def failing(self) -> bool:
        """A delivery gave up, or the last three attempts failed."""
        return self.consecutive_failures >= 3


class AlertRule(FirmOwned):
    """What a firm watches and whom it tells. One rule per signal; disabled, never deleted.

    ``threshold`` is the trigger's number for instant signals (minimum risk, maximum stars,
    minimum reach); curves use ``sensitivity``. During quiet hours (local time, may span
    midnight) only critical alerts are sent at once; the others wait for the morning.
    """

    signal = models.CharField(_("signal"), max_length=32, choices=Signal.choices)
    enabled = models.BooleanField(_("enabled"), default=True)
    sensitivity = models.CharField(
        _("sensitivity"), max_length=8, choices=Sensitivity.choices, default=Sensitivity.MEDIUM
    )
    threshold = models.PositiveIntegerField(_("threshold"), null=True, blank=True)
    quiet_start = models.TimeField(_("quiet hours from"), null=True, blank=True)
    quiet_end = models.TimeField(_("quiet hours until"), null=True, blank=True)
    channels = models.ManyToManyField(
        AlertChannel, blank=True, related_name="rules", verbose_name=_("channels")
    )
    escalate_after = models.PositiveIntegerField(
        _("escalate after (minutes)"), default=15, help_text=_("0: never escalate")
    )

    class Meta:
        verbose_name = _("alert rule")
        ordering = ["signal"]
        constraints = [
            models.UniqueConstraint(fields=["firm", "signal"], name="one_rule_per_signal")
        ]

    def __str__(self) -> str:
        return str(self.get_signal_display())

    def quiet_at(self, moment: datetime) -> bool:
        """Whether ``moment`` falls in this rule's quiet hours (firm's local time)."""
        if self.quiet_start is None or self.quiet_end is None:
            return False
        now: time = timezone.localtime(moment).time()
        if self.quiet_start <= self.quiet_end:
            return self.quiet_start <= now < self.quiet_end
        return now >= self.quiet_start or now < self.quiet_end

    def quiet_until(self, moment: datetime) -> datetime:
        """The end of the quiet period ``moment`` is in."""
        assert self.quiet_end is not None
        local = timezone.localtime(moment)
        end = local.replace(
            hour=self.quiet_end.hour, minute=self.quiet_end.minute, second=0, microsecond=0
        )
        if end <= local:
            end += timedelta(days=1)
        return end


class Severity(models.TextChoices):
    WARNING = "warning", _("warning")
    CRITICAL = "critical", _("critical")


class AlertState(models.TextChoices):
    OPEN = "open", _("open")
    ACKNOWLEDGED = "acknowledged", _("acknowledged")
    SNOOZED = "snoozed", _("snoozed")
    RESOLVED = "resolved", _("resolved")


class Alert(FirmOwned):
    """One event worth a person's attention, with its why. ``dedup_key`` names the event
    (a story for instant triggers, the storm's first hour for curves): unique per firm,
    so no event is ever alerted twice, whatever worker sees it first."""

    dedup_key = models.CharField(max_length=120)
    rule = models.ForeignKey(AlertRule, null=True, on_delete=models.SET_NULL, related_name="+")
    signal = models.CharField(max_length=32, choices=Signal.choices)
    triggers = models.JSONField(default=list)  # every signal that fired for this event
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.WARNING)
    title = models.CharField(max_length=300)
    why = models.TextField(blank=True)
    facts = models.JSONField(default=dict)  # score, observed, expected, comparison...
    started_at = models.DateTimeField()  # the event's time (hour of a spike, mention's date)
    raised_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    mentions = models.ManyToManyField("mentions.Mention", blank=True, related_name="+")
    suggested_crisis_type = models.CharField(max_length=32, blank=True)
    suggested_risk = models.PositiveSmallIntegerField(default=0)
    state = models.CharField(
        max_length=14, choices=AlertState.choices, default=AlertState.OPEN, db_index=True
    )
    notified = models.BooleanField(default=False)  # False while held by quiet hours
    hold_until = models.DateTimeField(null=True, blank=True)
    responsible = models.ForeignKey(
        "firms.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    told = models.JSONField(default=list)  # membership ids told so far (escalation)
    escalation_level = models.PositiveSmallIntegerField(default=0)
    next_escalation_at = models.DateTimeField(null=True, blank=True, db_index=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    snoozed_until = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    crisis = models.ForeignKey(
        "crises.Crisis", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("alert")
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["firm", "dedup_key"], name="one_alert_per_event")
        ]

    def __str__(self) -> str:
        return self.title


class EventKey(FirmOwned):
    """One event (a story, a storm's first hour) and the alert that told it.

    Unique per firm: whichever worker sees an event first creates its key, and every later
    sighting finds the key and adds to that alert instead of raising another one.
    """

    key = models.CharField(max_length=120)
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="keys")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["firm", "key"], name="one_alert_per_key")]

    def __str__(self) -> str:
        return self.key


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    SENT = "sent", _("sent")
    RETRYING = "retrying", _("retrying")
    FAILED = "failed", _("failed")


class Delivery(FirmOwned):
    """One message to one channel or person: the delivery log, retried with back-off.

    ``key`` is unique per firm (alert, purpose, channel, recipient): a retried task or a
    second worker never sends the same message twice.
    """

    key = models.CharField(max_length=200)
    alert = models.ForeignKey(
        Alert, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.ForeignKey(
        AlertChannel, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    kind = models.CharField(max_length=16, choices=ChannelKind.choices)
    purpose = models.CharField(max_length=40)  # alert, escalation, test, digest
    target = models.CharField(max_length=300, blank=True)  # an email, or "" for the channel
    language = models.CharField(max_length=8, default="fr")
    payload = models.JSONField(default=dict)  # what to say, for digests and tests
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["firm", "key"], name="one_delivery_per_key")]

    def __str__(self) -> str:
        return f"{self.kind} {self.purpose} {self.status}"
