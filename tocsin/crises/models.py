"""Crises, the playbooks they follow, their roles, tasks, regulatory clocks and decisions.

The timeline of a crisis is not stored here: it is read from the firm's audit journal
(``AuditEvent`` with ``context="crisis:<pk>"``), which nobody can rewrite. Every service in
``services.py`` that changes a crisis appends its event there.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tocsin.firms.tenancy import FirmOwned


class CrisisType(models.TextChoices):
    ACCOUNTING_ERROR = "accounting_error", _("Accounting error made public")
    DATA_BREACH = "data_breach", _("Compromised client data")
    INAPPROPRIATE_COMMUNICATION = (
        "inappropriate_communication",
        _("Inappropriate public communication"),
    )
    CLIENT_DISPUTE = "client_dispute", _("Public disagreement with a client")
    SUPPLIER_OUTAGE = "supplier_outage", _("Critical supplier outage")
    OTHER = "other", _("Other")


class Severity(models.IntegerChoices):
    LOW = 1, _("Low")
    MODERATE = 2, _("Moderate")
    HIGH = 3, _("High")
    CRITICAL = 4, _("Critical")


class CrisisState(models.TextChoices):
    ASSESSING = "assessing", _("Assessing")
    ACTIVE = "active", _("Active")
    MONITORING = "monitoring", _("Monitoring")
    CLOSED = "closed", _("Closed")


# Which state may follow which. A closed crisis can be reopened (a story that comes back),
# which is itself a decision on the timeline.
TRANSITIONS: dict[str, frozenset[str]] = {
    CrisisState.ASSESSING: frozenset({CrisisState.ACTIVE, CrisisState.CLOSED}),
    CrisisState.ACTIVE: frozenset({CrisisState.MONITORING, CrisisState.CLOSED}),
    CrisisState.MONITORING: frozenset({CrisisState.ACTIVE, CrisisState.CLOSED}),
    CrisisState.CLOSED: frozenset({CrisisState.ACTIVE}),
}


class CrisisRoleKind(models.TextChoices):
    LEAD = "lead", _("Crisis lead")
    SPOKESPERSON = "spokesperson", _("Spokesperson")
    APPROVER = "approver", _("Approver")
    DPO = "dpo", _("Data protection officer")
    IT = "it", _("IT lead")
    INSURER_CONTACT = "insurer_contact", _("Insurer contact")
    LEGAL_CONTACT = "legal_contact", _("Legal contact")


class ClockKind(models.TextChoices):
    CNIL_NOTIFICATION = "cnil_notification", _("Notify the CNIL (GDPR art. 33)")
    DATA_SUBJECTS = "data_subjects", _("Inform the people concerned (GDPR art. 34)")
    BREACH_REGISTER = "breach_register", _("Record in the breach register (GDPR art. 33(5))")
    POLICE_COMPLAINT = (
        "police_complaint",
        _("File a police complaint (Code des assurances L12-10-1)"),
    )
    INSURER_DECLARATION = "insurer_declaration", _("Declare the claim to the insurer")
    OTHER = "other", _("Other deadline")


class Playbook(FirmOwned):
    """One version of a firm's written protocol for one crisis type and language.

    Versions are never edited in place: importing or saving creates the next version, so a
    crisis keeps pointing at the exact text it was started from. ``document`` is the parsed
    YAML (see ``playbook.py`` for its shape); ``source`` is the YAML as written.
    """

    crisis_type = models.CharField(_("crisis type"), max_length=40, choices=CrisisType.choices)
    language = models.CharField(_("language"), max_length=8, default="fr")
    version = models.PositiveIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=200)
    document = models.JSONField(default=dict)
    source = models.TextField(_("YAML"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        "firms.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("last reviewed"), default=timezone.now)
    review_every_days = models.PositiveIntegerField(_("review every (days)"), default=365)

    class Meta:
        verbose_name = _("playbook")
        ordering = ["crisis_type", "language", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["firm", "crisis_type", "language", "version"], name="one_playbook_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version}, {self.language})"

    def review_due_at(self) -> datetime:
        return self.reviewed_at + timedelta(days=self.review_every_days)

    def needs_review(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.review_due_at()


class Crisis(FirmOwned):
    """A crisis of one firm, from the first assessment to its closure."""

    title = models.CharField(_("title"), max_length=200)
    crisis_type = models.CharField(_("crisis type"), max_length=40, choices=CrisisType.choices)
    severity = models.PositiveSmallIntegerField(
        _("severity"), choices=Severity.choices, default=Severity.MODERATE
    )
    state = models.CharField(
        _("state"), max_length=16, choices=CrisisState.choices, default=CrisisState.ASSESSING
    )
    description = models.TextField(_("what we know"), blank=True)
    language = models.CharField(_("language"), max_length=8, default="fr")
    # When the firm became aware: GDPR art. 33 and L12-10-1 count from here, not from opening.
    awareness_at = models.DateTimeField(_("became aware at"))
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    opened_by = models.ForeignKey(
        "firms.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # The alert that opened the crisis. A plain number until the alerts app has its model,
    # so that this app does not depend on the order in which apps are built.
    source_alert_id = models.BigIntegerField(null=True, blank=True)
    playbook = models.ForeignKey(
        Playbook, null=True, blank=True, on_delete=models.PROTECT, related_name="crises"
    )
    # {"answers": {criterion_key: bool}, "decision": "activate"|"dismiss", "reason": str}
    assessment = models.JSONField(default=dict, blank=True)
    # The mentions the crisis is about: pinned by hand in the room or matched by a rule.
    mentions = models.ManyToManyField(
        "mentions.Mention", through="PinnedMention", related_name="crises", blank=True
    )

    class Meta:
        verbose_name = _("crisis")
        verbose_name_plural = _("crises")
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def context(self) -> str:
        """The timeline key of this crisis in the audit journal."""
        return f"crisis:{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.state != CrisisState.CLOSED


class PinnedMention(FirmOwned):
    """A mention attached to a crisis, by a person or by a rule (``rule`` says which)."""

    crisis = models.ForeignKey(Crisis, on_delete=models.CASCADE, related_name="pins")
    mention = models.ForeignKey("mentions.Mention", on_delete=models.CASCADE, related_name="+")
    pinned_by = models.ForeignKey(
        "firms.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pinned_at = models.DateTimeField(default=timezone.now)
    rule = models.CharField(_("matched by"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("pinned mention")
        ordering = ["-pinned_at"]
        constraints = [
            models.UniqueConstraint(fields=["crisis", "mention"], name="one_pin_per_mention")
        ]

    def __str__(self) -> str:
        return f"mention {self.mention_id} on crisis {self.crisis_id}"


class CrisisRole(FirmOwned):
    """Who holds a role in one crisis (lead, spokesperson, DPO, …) and who stands in."""

    crisis = models.ForeignKey(Crisis, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(_("role"), max_length=24, choices=CrisisRoleKind.choices)
    member = models.ForeignKey(
        "firms.Membership",
        verbose_name=_("holder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deputy = models.ForeignKey(
        "firms.Membership",
        verbose_name=_("deputy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Outside the firm: the insurer's claims desk, the lawyer, the hosting provider.
    external_contact = models.CharField(_("external contact"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("crisis role")
        ordering = ["crisis", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["crisis", "kind"], name="one_holder_per_crisis_role")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.member.person if self.member else '—'}"


class Task(FirmOwned):
    """One step of the playbook, instantiated for a crisis with an owner and a due time."""

    crisis = models.ForeignKey(Crisis, on_delete=models.CASCADE, related_name="tasks")
    step_key = models.CharField(max_length=60)
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    owner_role = models.CharField(max_length=24, choices=CrisisRoleKind.choices)
    owner = models.ForeignKey(
        "firms.Membership",
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    # [{"text": str, "done": bool}]
    checklist = models.JSONField(default=list, blank=True)
    templates = models.JSONField(default=list, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        "firms.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("task")
        ordering = ["crisis", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def is_overdue(self, now: datetime | None = None) -> bool:
        return (
            self.done_at is None
            and self.due_at is not None
            and self.due_at < (now or timezone.now())
        )


class Clock(FirmOwned):
    """A regulatory or contractual deadline running on a crisis.

    A clock ends either met (with when, by whom, and a reference such as the CNIL receipt
    number) or waived by a decision with its reason (for instance: the breach is unlikely to
    result in a risk, so art. 33 does not require a notification; the register still
    records it).
    """

    crisis = models.ForeignKey(Crisis, on_delete=models.CASCADE, related_name="clocks")
    kind = models.CharField(_("kind"), max_length=24, choices=ClockKind.choices)
    label = models.CharField(_("label"), max_length=200)
    basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    owner_role = models.CharField(max_length=24, choices=CrisisRoleKind.choices)
    starts_at = models.DateTimeField()
    due_at = models.DateTimeField(_("due at"))
    met_at = models.DateTimeField(_("met at"), null=True, blank=True)
    met_by = models.ForeignKey(
        "firms.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    waived_at = models.DateTimeField(null=True, blank=True)
    waived_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("clock")
        ordering = ["crisis", "due_at"]
        constraints = [models.UniqueConstraint(fields=["crisis", "kind"], name="one_clock_kind")]

    def __str__(self) -> str:
        return self.label

    @property
    def is_running(self) -> bool:
        return self.met_at is None and self.waived_at is None

    def remaining(self, now: datetime | None = None) -> timedelta:
        return self.due_at - (now or timezone.now())

    def met_late(self) -> bool:
        return self.met_at is not None and self.met_at > self.due_at


class BreachNotification(FirmOwned):
    """The draft of the notification to the CNIL, holding every item GDPR art. 33(3) lists.

    Art. 33(4) allows giving the information in phases: the initial notification is sent
    within 72 hours with what is known, the complement later. Both moments are recorded.
    """

    crisis = models.OneToOneField(Crisis, on_delete=models.CASCADE, related_name="notification")
    nature = models.TextField(_("nature of the breach"), blank=True)
    people_categories = models.TextField(_("categories of people concerned"), blank=True)
    people_count = models.PositiveIntegerField(
        _("approximate number of people"), null=True, blank=True
    )
    record_categories = models.TextField(_("categories of personal data records"), blank=True)
    record_count = models.PositiveIntegerField(
        _("approximate number of records"), null=True, blank=True
    )
    dpo_contact = models.TextField(_("DPO name and contact details"), blank=True)
    consequences = models.TextField(_("likely consequences"), blank=True)
    measures_taken = models.TextField(_("measures taken"), blank=True)
    measures_proposed = models.TextField(_("measures proposed"), blank=True)
    delay_reason = models.TextField(_("reasons for any delay beyond 72 hours"), blank=True)
    high_risk = models.BooleanField(_("likely high risk for the people (art. 34)"), default=False)
    initial_sent_at = models.DateTimeField(_("initial notification sent"), null=True, blank=True)
    completed_at = models.DateTimeField(_("complementary notification sent"), null=True, blank=True)
    cnil_reference = models.CharField(_("CNIL reference"), max_length=100, blank=True)

    ITEMS = (
        "nature",
        "people_categories",
        "people_count",
        "record_categories",
        "record_count",
        "dpo_contact",
        "consequences",
        "measures_taken",
        "measures_proposed",
    )

    class Meta:
        verbose_name = _("CNIL notification")

    def __str__(self) -> str:
        return f"CNIL notification for crisis {self.crisis_id}"

    def missing_items(self) -> list[str]:
        """The art. 33(3) items still empty: allowed in the initial stage, not in the last."""
        return [f for f in self.ITEMS if getattr(self, f) in (None, "")]


class BreachRecord(FirmOwned):
    """One line of the breach register GDPR art. 33(5) requires: every personal-data
    breach, notified or not, with its facts, effects and remedial action."""

    crisis = models.OneToOneField(
        Crisis, null=True, blank=True, on_delete=models.SET_NULL, related_name="breach_record"
    )
    occurred_at = models.DateTimeField(_("became aware at"))
    facts = models.TextField(_("facts"), blank=True)
    effects = models.TextField(_("effects"), blank=True)
    remedial_action = models.TextField(_("remedial action"), blank=True)
    notified_to_cnil = models.BooleanField(_("notified to the CNIL"), default=False)
    not_notified_reason = models.TextField(_("why not notified"), blank=True)
    people_informed = models.BooleanField(_("people concerned informed"), default=False)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("breach register entry")
        verbose_name_plural = _("breach register")
        ordering = ["-occurred_at"]

    def __str__(self) -> str:
        return f"Breach {self.occurred_at:%Y-%m-%d}"


class Decision(FirmOwned):
    """A decision taken in a crisis, with its reason: the part a court or an insurer asks for."""

    crisis = models.ForeignKey(Crisis, on_delete=models.CASCADE, related_name="decisions")
    text = models.CharField(_("decision"), max_length=500)
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        "firms.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("decision")
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return self.text


class Reminder(FirmOwned):
    """A reminder or escalation that was sent: the record that keeps it from being sent twice.

    ``key`` names the event ("task:12:overdue:deputy"); the unique constraint is what makes
    ``crises.remind_due`` idempotent even when two workers run it at once.
    """

    key = models.CharField(max_length=120)
    crisis = models.ForeignKey(
        Crisis, null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    recipients = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reminder sent")
        constraints = [models.UniqueConstraint(fields=["firm", "key"], name="one_reminder_per_key")]

    def __str__(self) -> str:
        return self.key
