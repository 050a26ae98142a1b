"""Preparation: vulnerability audits of a firm, and the drills it runs in a sandbox."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tocsin.firms.tenancy import FirmOwned


class Audit(FirmOwned):
    """One sitting of the vulnerability audit: the answers, the automated checks, a score.

    Audits are never edited into the past: each new audit starts from the previous answers,
    so the history of scores shows what the firm changed.
    """

    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        "firms.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    website = models.URLField(_("website"), blank=True)
    mail_domain = models.CharField(_("mail domain"), max_length=253, blank=True)
    # {question key: "yes" | "partly" | "no" | "unknown"}
    answers = models.JSONField(default=dict, blank=True)
    # [Finding.as_dict(), ...] of the last run of the automated checks
    checks = models.JSONField(default=list, blank=True)
    checks_ran_at = models.DateTimeField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("vulnerability audit")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{_('Audit')} {self.created_at:%Y-%m-%d}"


class DrillState(models.TextChoices):
    RUNNING = "running", _("running")
    ENDED = "ended", _("ended")


class Drill(FirmOwned):
    """A crisis exercise: a scenario replayed into a sandbox copy of the firm.

    ``firm`` is the real firm; ``sandbox`` is the firm the team works in during the drill.
    A firm that is some drill's sandbox must never publish anything outside Tocsin: this row
    is the flag the publishing code reads (:func:`tocsin.preparedness.sandbox.is_sandbox`).
    """

    sandbox = models.OneToOneField(
        "firms.Firm", on_delete=models.PROTECT, related_name="drill_of_sandbox"
    )
    is_sandbox = models.BooleanField(default=True, editable=False)
    number = models.PositiveIntegerField()
    scenario = models.CharField(_("scenario"), max_length=60)
    crisis_type = models.CharField(max_length=40)
    language = models.CharField(max_length=8, default="fr")
    speed = models.FloatField(_("speed"), default=1.0)
    state = models.CharField(max_length=12, choices=DrillState.choices, default=DrillState.RUNNING)
    started_at = models.DateTimeField(default=timezone.now)
    started_by = models.ForeignKey(
        "firms.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        "firms.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    report = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("drill")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["firm", "number"], name="one_drill_number_per_firm")
        ]

    def __str__(self) -> str:
        return f"{_('Drill')} {self.number} ({self.scenario})"


class DrillInject(FirmOwned):
    """One scripted mention of a drill, due at a time scaled by the drill's speed."""

    drill = models.ForeignKey(Drill, on_delete=models.CASCADE, related_name="injects")
    position = models.PositiveIntegerField()
    offset_minutes = models.FloatField()
    due_at = models.DateTimeField(db_index=True)
    source = models.CharField(max_length=120)
    author = models.CharField(max_length=200)
    text = models.TextField()
    reach = models.PositiveIntegerField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    mention_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("drill inject")
        ordering = ["drill", "position"]
