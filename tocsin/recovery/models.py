"""Recovery after a crisis: corrective actions and their evidence, the post-crisis report,
positive campaigns.

Everything belongs to one firm and hangs off one crisis, so a record is always reached
through a crisis that was itself reached with ``for_firm``. Changes land on the crisis
timeline (the audit journal) through ``services.py``.
"""

from __future__ import annotations

from datetime import date
from pathlib import PurePosixPath
from uuid import uuid4

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tocsin.firms.tenancy import FirmOwned


class ActionState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


# States in which an action is still expected to happen: the ones reminders look at.
OPEN_STATES = (ActionState.PLANNED, ActionState.IN_PROGRESS)


class CorrectiveAction(FirmOwned):
    """Something the firm commits to change after a crisis, with an owner and a due date.

    ``is_public`` puts its progress (title, state, percent, public notes) on the crisis's
    public page; choosing that is a partner's decision (APPROVE), like any public word.
    """

    crisis = models.ForeignKey(
        "crises.Crisis", on_delete=models.CASCADE, related_name="corrective_actions"
    )
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        "firms.Membership",
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=ActionState.choices, default=ActionState.PLANNED
    )
    percent = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    is_public = models.BooleanField(_("shown on the public page"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        "firms.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)
    # The due date each reminder was last sent for: claiming it with a conditional UPDATE is
    # what makes ``recovery.remind_actions`` idempotent, and a moved due date re-arms it.
    reminded_soon_for = models.DateField(null=True, blank=True)
    reminded_late_for = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def title_in(self, lang: str) -> str:
        return (self.title_en if lang == "en" else "") or self.title

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.is_open and self.due_on is not None and self.due_on < today


class ActionNote(FirmOwned):
    """A progress note on an action. Public notes are shown on the crisis page (FR/EN)."""

    action = models.ForeignKey(CorrectiveAction, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("note"))
    text_en = models.TextField(_("note (English)"), blank=True)
    is_public = models.BooleanField(_("public progress note"), default=False)
    author = models.ForeignKey(
        "firms.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("action note")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.text[:60]

    def text_in(self, lang: str) -> str:
        return (self.text_en if lang == "en" else "") or self.text


def evidence_path(instance: Evidence, filename: str) -> str:
    """``recovery/<firm id>/<random>/<name>``: one folder per firm, and a random part so that
    a path can neither be guessed nor collide. Files are never served from MEDIA_URL, only by
    the firm-checked ``evidence_file`` view."""
    name = PurePosixPath(filename).name[-100:] or "file"
    return f"recovery/{instance.firm_id}/{uuid4().hex}/{name}"


class Evidence(FirmOwned):
    """A file proving an action was done (a training certificate, an audit report)."""

    action = models.ForeignKey(CorrectiveAction, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(default=0)
    content_type = models.CharField(max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        "firms.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.name


class PostCrisisReport(FirmOwned):
    """What a report adds to the measured facts: the lessons, and whether it is final.

    The measures themselves are computed when the report is rendered (``report.py``), so a
    draft always shows the latest timeline; finalising freezes the lessons and records who
    signed it off.
    """

    crisis = models.OneToOneField(
        "crises.Crisis", on_delete=models.CASCADE, related_name="recovery_report"
    )
    lessons = models.TextField(_("lessons learnt"), blank=True)
    summary = models.TextField(_("summary for clients and partners"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        "firms.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(
        "firms.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("post-crisis report")

    def __str__(self) -> str:
        return f"report of crisis {self.crisis_id}"

    @property
    def is_final(self) -> bool:
        return self.finalised_at is not None


class CampaignKind(models.TextChoices):
    TESTIMONIALS = "testimonials", _("Client testimonials")
    EVENT = "event", _("Event")
    TRAINING = "training", _("Training")
    CONTENT = "content", _("Expert content")
    OTHER = "other", _("Other")


class Campaign(FirmOwned):
    """Positive communication planned after the storm, to rebuild trust."""

    crisis = models.ForeignKey(
        "crises.Crisis", on_delete=models.CASCADE, related_name="recovery_campaigns"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=CampaignKind.choices)
    title = models.CharField(_("title"), max_length=200)
    goal = models.TextField(_("goal"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        "firms.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("campaign")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class CampaignItem(FirmOwned):
    """One planned publication or event of a campaign: a draft, never published from here.

    ``channel`` uses the responses app's channel codes, so that the item can become a
    statement there and go through the same approval before anything is said in public.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="items")
    planned_at = models.DateTimeField(_("planned for"))
    channel = models.CharField(_("channel"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    draft = models.TextField(_("draft"), blank=True)
    language = models.CharField(_("language"), max_length=8, default="fr")
    done = models.BooleanField(_("done"), default=False)
    # The statement this item became: it is published through the usual approval.
    statement = models.ForeignKey(
        "responses.Statement", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("campaign item")
        ordering = ["planned_at", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def channel_label(self) -> str:
        from tocsin.responses.models import Channel

        return str(dict(Channel.choices).get(self.channel, self.channel))
