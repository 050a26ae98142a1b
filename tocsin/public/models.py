"""What the public sees of a crisis: its page, updates, subscribers, FAQ and chatbot talks.

Everything here is firm-owned and hangs off a :class:`~tocsin.crises.models.Crisis`. A crisis
is invisible to the public until a partner makes its :class:`PublicPage` public; the chatbot
answers only from the latest :class:`CrisisFaq` version, which a partner saved.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tocsin.firms.tenancy import FirmOwned

LANGUAGE_CHOICES = [("fr", "Français"), ("en", "English")]


class PublicState(models.TextChoices):
    """The state shown to the public, in the words status pages use."""

    INVESTIGATING = "investigating", _("Investigating")
    IDENTIFIED = "identified", _("Identified")
    MONITORING = "monitoring", _("Monitoring")
    RESOLVED = "resolved", _("Resolved")


class PublicSettings(FirmOwned):
    """A firm's rules for its public side (one row per firm, created on first use)."""

    # The firm's retention rule for chatbot conversations: they hold what visitors typed,
    # personal data the firm must not keep longer than it needs (GDPR art. 5(1)(e)).
    conversation_days = models.PositiveIntegerField(
        _("keep chatbot conversations for (days)"), default=30
    )

    class Meta:
        verbose_name = _("public settings")
        constraints = [models.UniqueConstraint(fields=["firm"], name="one_public_settings")]

    def __str__(self) -> str:
        return f"public settings of firm {self.firm_id}"


class PublicPage(FirmOwned):
    """The public face of one crisis: whether it is shown, its public state and titles."""

    crisis = models.OneToOneField(
        "crises.Crisis", on_delete=models.CASCADE, related_name="public_page"
    )
    is_public = models.BooleanField(_("public"), default=False)
    state = models.CharField(
        _("public state"),
        max_length=16,
        choices=PublicState.choices,
        default=PublicState.INVESTIGATING,
    )
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    # Quoted by the chatbot when it has no approved answer ("call the team on ...").
    contact = models.CharField(_("public contact"), max_length=300, blank=True)
    made_public_at = models.DateTimeField(null=True, blank=True)
    # Moves whenever anything the public sees changes: feeds Last-Modified and ETag.
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("public page")

    def __str__(self) -> str:
        return self.title_fr

    def title(self, lang: str) -> str:
        return (self.title_en if lang == "en" else "") or self.title_fr


class CrisisUpdate(FirmOwned):
    """One published update of a crisis, in French and English. Never edited afterwards."""

    crisis = models.ForeignKey(
        "crises.Crisis", on_delete=models.CASCADE, related_name="public_updates"
    )
    state = models.CharField(_("public state"), max_length=16, choices=PublicState.choices)
    body_fr = models.TextField(_("update (French)"))
    body_en = models.TextField(_("update (English)"), blank=True)
    notify = models.BooleanField(_("email subscribers"), default=True)
    published_at = models.DateTimeField(default=timezone.now, db_index=True)
    published_by = models.ForeignKey(
        "firms.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("public update")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return self.body_fr[:60]

    def body(self, lang: str) -> str:
        return (self.body_en if lang == "en" else "") or self.body_fr


class Subscriber(FirmOwned):
    """Someone who asked to receive a crisis's updates by email (double opt-in)."""

    crisis = models.ForeignKey("crises.Crisis", on_delete=models.CASCADE, related_name="+")
    email = models.EmailField(_("email"))
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES, default="fr")
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("subscriber")
        constraints = [
            models.UniqueConstraint(fields=["crisis", "email"], name="one_subscription_per_email")
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class Delivery(FirmOwned):
    """An update emailed to one subscriber: what keeps a retried task from sending twice."""

    update = models.ForeignKey(CrisisUpdate, on_delete=models.CASCADE, related_name="+")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["update", "subscriber"], name="one_delivery")
        ]


class CrisisFaq(FirmOwned):
    """One version of a crisis's approved FAQ. Saving creates the next version, so what the
    chatbot answered on a given day can always be found again."""

    crisis = models.ForeignKey("crises.Crisis", on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField(default=1)
    # The YAML in the faq-dev format, as the engine reads it (faq.faq_from_yaml).
    source = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        "firms.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("crisis FAQ")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["crisis", "version"], name="one_faq_version")
        ]

    def __str__(self) -> str:
        return f"FAQ v{self.version} of crisis {self.crisis_id}"


class Conversation(FirmOwned):
    """A visitor's talk with the chatbot, deleted after the firm's retention period."""

    crisis = models.ForeignKey("crises.Crisis", on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    last_at = models.DateTimeField(default=timezone.now, db_index=True)
    handed_over_at = models.DateTimeField(null=True, blank=True)
    # The inbox mention a person answers from (a plain id: the mention may be erased first).
    mention_id = models.BigIntegerField(null=True, blank=True)
    email = models.EmailField(_("visitor's email"), blank=True)

    class Meta:
        verbose_name = _("chatbot conversation")
        ordering = ["-last_at"]

    def __str__(self) -> str:
        return f"conversation {self.pk}"


class ChatMessage(FirmOwned):
    """One question and the chatbot's reply."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    question = models.TextField()
    answer = models.TextField()
    answer_id = models.CharField(max_length=100, blank=True)
    escalate = models.BooleanField(default=False)
    lang = models.CharField(max_length=8)
    score = models.FloatField(default=0.0)
    faq_version = models.PositiveIntegerField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.question[:60]
