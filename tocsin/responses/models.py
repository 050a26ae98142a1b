"""Statements and their versions, approvals, publications, the accounts they go out through,
client contacts for private letters, the crisis freeze, update cadences and answers to
mentions.

The invariants a caller must know:

* a statement's words live in :class:`StatementVersion` rows that are never edited; saving a
  draft appends a version (with the checker's flags at that moment);
* an :class:`Approval` is for one version: any later version voids it (``voided_at``);
* a :class:`Publication` is one statement going to one target (a channel and an account or
  a segment); the pair is unique, so the same statement can never be queued twice for the
  same place, and its state machine (pending → sending → published / failed) is advanced
  with conditional updates, so two workers can never both send it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tocsin.firms.tenancy import FirmOwned
from tocsin.lib import secrets_box


class Channel(models.TextChoices):
    CRISIS_PAGE = "crisis_page", _("Crisis page")
    EMAIL = "email", _("Email to clients")
    MASTODON = "mastodon", _("Mastodon")
    BLUESKY = "bluesky", _("Bluesky")
    LINKEDIN = "linkedin", _("LinkedIn")
    X = "x", _("X")
    FACEBOOK = "facebook", _("Facebook page")
    GOOGLE_REVIEW = "google_review", _("Reply to a Google review")
    RECORDED = "recorded", _("Answered elsewhere (recorded)")


# Channels that go out through a firm's PublishingAccount.
ACCOUNT_CHANNELS = frozenset(
    {Channel.MASTODON, Channel.BLUESKY, Channel.LINKEDIN, Channel.X, Channel.FACEBOOK}
)


class StatementKind(models.TextChoices):
    HOLDING = "holding", _("Holding statement")
    UPDATE = "update", _("Update")
    APOLOGY = "apology", _("Apology")
    REVIEW_ANSWER = "review_answer", _("Answer to a review")
    CLIENT_LETTER = "client_letter", _("Private letter to affected clients")
    REPLY = "reply", _("Reply to a mention")


class StatementState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    APPROVED = "approved", _("Approved")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")


class Segment(models.TextChoices):
    ALL = "all", _("All clients")
    AFFECTED = "affected", _("Affected clients")


class Statement(FirmOwned):
    """A message the firm means to say, from first draft to publication."""

    crisis = models.ForeignKey(
        "crises.Crisis",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="statements",
    )
    mention = models.ForeignKey(
        "mentions.Mention",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="the mention this statement answers, for replies",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=StatementKind.choices)
    language = models.CharField(_("language"), max_length=8, default="fr")
    title = models.CharField(_("title"), max_length=200)
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=StatementState.choices,
        default=StatementState.DRAFT,
        db_index=True,
    )
    # Where and when it goes once approved (chosen by the drafter, confirmed by the approver).
    channels = models.JSONField(default=list, blank=True)
    accounts = models.JSONField(default=list, blank=True, help_text="PublishingAccount ids")
    segment = models.CharField(max_length=12, choices=Segment.choices, default=Segment.AFFECTED)
    public_state = models.CharField(max_length=16, default="investigating", blank=True)
    link = models.URLField(_("link"), max_length=1000, blank=True)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    recorded_where = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        "firms.Person", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("statement")
        ordering = ["-updated_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def current(self) -> StatementVersion | None:
        return self.versions.order_by("-number").first()


class StatementVersion(FirmOwned):
    """One saved wording of a statement. Never edited: an edit is the next version."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    translation = models.TextField(
        blank=True, help_text="the same message in the other language (crisis page)"
    )
    flags = models.JSONField(default=list, blank=True)
    origin = models.CharField(max_length=12, default="person")  # person, template, llm
    created_by = models.ForeignKey(
        "firms.Person", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["statement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "number"], name="one_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.statement} v{self.number}"

    @property
    def flagged(self) -> bool:
        return bool(self.flags)


class ApprovalPolicy(FirmOwned):
    """How many approval steps a channel needs in this firm (1 to 3); a row with an empty
    channel is the firm's default."""

    channel = models.CharField(max_length=20, blank=True, choices=Channel.choices)
    steps = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["firm", "channel"], name="one_policy_per_channel")
        ]

    def __str__(self) -> str:
        return f"{self.channel or '*'}: {self.steps}"


class Approval(FirmOwned):
    """A person with APPROVE said yes to one version. Voided by any later edit, by a freeze,
    or when the publish time passes before the statement went out."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="approvals")
    version = models.ForeignKey(StatementVersion, on_delete=models.CASCADE, related_name="+")
    step = models.PositiveSmallIntegerField(default=1)
    approved_by = models.ForeignKey("firms.Person", on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(default=timezone.now)
    # Approving a flagged version requires a written reason; the flags are kept as seen.
    override_reason = models.TextField(blank=True)
    flags_seen = models.JSONField(default=list, blank=True)
    # The statement's intended publish time when approved (plus a grace): past it, the
    # situation may have moved on, so the approval lapses and must be given again.
    valid_until = models.DateTimeField(null=True, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    void_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["statement", "step"]

    def __str__(self) -> str:
        return f"{self.statement} step {self.step} by {self.approved_by}"


class PublishingAccount(FirmOwned):
    """A firm's account on a social network; credentials stored encrypted, never shown."""

    kind = models.CharField(_("network"), max_length=20, choices=Channel.choices)
    name = models.CharField(_("name"), max_length=120)
    base_url = models.URLField(
        _("API address"), max_length=500, blank=True, help_text=_("Leave blank for the default.")
    )
    config = models.JSONField(default=dict, blank=True)
    sealed_credentials = models.TextField(blank=True, default="")
    enabled = models.BooleanField(_("enabled"), default=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    healthy = models.BooleanField(null=True)
    health_message = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("publishing account")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"

    @property
    def credentials(self) -> dict[str, Any]:
        return secrets_box.unseal(self.sealed_credentials)

    @credentials.setter
    def credentials(self, value: dict[str, Any]) -> None:
        self.sealed_credentials = secrets_box.seal(value)


class PublicationState(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    PUBLISHED = "published", _("Published")
    FAILED = "failed", _("Failed")


MAX_ATTEMPTS = 5
STUCK_AFTER = timedelta(minutes=10)


class Publication(FirmOwned):
    """One approved statement going to one target. ``target`` is unique per statement."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="publications")
    version = models.ForeignKey(StatementVersion, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    account = models.ForeignKey(
        PublishingAccount, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    target = models.CharField(max_length=60)
    state = models.CharField(
        max_length=12,
        choices=PublicationState.choices,
        default=PublicationState.PENDING,
        db_index=True,
    )
    due_at = models.DateTimeField(default=timezone.now, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sending_since = models.DateTimeField(null=True, blank=True)
    # Parts already out (thread posts, email recipients): a retry continues after them.
    progress = models.JSONField(default=list, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    last_error = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    requested_by = models.ForeignKey(
        "firms.Person", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "target"], name="one_publication_target")
        ]

    def __str__(self) -> str:
        return f"{self.statement} → {self.target} ({self.state})"


class ClientContact(FirmOwned):
    """A client of the firm who may receive private letters. Names feed the checker: a
    client's name must never appear in a public statement."""

    organisation = models.CharField(_("client"), max_length=200, blank=True)
    name = models.CharField(_("contact name"), max_length=200, blank=True)
    email = models.EmailField(_("email"))
    language = models.CharField(_("language"), max_length=8, default="fr")
    affected_in = models.ManyToManyField(
        "crises.Crisis", blank=True, related_name="+", verbose_name=_("affected in")
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("client contact")
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(fields=["firm", "email"], name="one_client_contact_per_email")
        ]

    def __str__(self) -> str:
        return self.organisation or self.name or self.email


class Freeze(FirmOwned):
    """A pause on everything the firm would publish, while a crisis is being assessed."""

    reason = models.TextField(_("reason"))
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(_("until"), null=True, blank=True)
    may_post = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("may still post")
    )
    created_by = models.ForeignKey(
        "firms.Person", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        "firms.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.reason[:80]

    def is_active(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return (
            self.lifted_at is None
            and self.starts_at <= now
            and (self.ends_at is None or now < self.ends_at)
        )


class UpdateCadence(FirmOwned):
    """How often a crisis owes the public an update, and when the team was last reminded."""

    crisis = models.OneToOneField(
        "crises.Crisis", on_delete=models.CASCADE, related_name="update_cadence"
    )
    every_hours = models.PositiveIntegerField(_("update every (hours)"), default=24)
    remind_before_minutes = models.PositiveIntegerField(_("remind before (minutes)"), default=120)
    active = models.BooleanField(default=True)
    reminded_for = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"every {self.every_hours} h"


class MentionAnswer(FirmOwned):
    """Where and how a mention was answered, with the approved statement that answered it."""

    mention = models.ForeignKey("mentions.Mention", on_delete=models.CASCADE, related_name="+")
    statement = models.ForeignKey(
        Statement, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(max_length=20, choices=Channel.choices)
    where = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    answered_by = models.ForeignKey(
        "firms.Person", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-answered_at"]

    def __str__(self) -> str:
        return f"mention {self.mention_id} via {self.channel}"


class LanguageModelSettings(FirmOwned):
    """An OpenAI-compatible endpoint the firm chose to let propose wording. Off by default;
    whatever it writes is only ever a draft version."""

    enabled = models.BooleanField(_("enabled"), default=False)
    base_url = models.URLField(_("endpoint"), max_length=500, blank=True)
    model = models.CharField(_("model"), max_length=120, blank=True)
    sealed_key = models.TextField(blank=True, default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["firm"], name="one_llm_settings")]

    def __str__(self) -> str:
        return f"{self.model or '-'} @ {self.base_url or '-'}"

    @property
    def api_key(self) -> str:
        return str(secrets_box.unseal(self.sealed_key).get("key") or "")

    @api_key.setter
    def api_key(self, value: str) -> None:
        self.sealed_key = secrets_box.seal({"key": value} if value else {})
