"""What the recovery stage does: corrective actions and their evidence, the report's
editable parts, positive campaigns, and the public progress the crisis page shows.

Views, the API, tasks, commands and the demo all call these functions. Each change lands on
the crisis timeline through :func:`tocsin.crises.services.record_event`, so the post-crisis
report and any later reader see who decided what. Callers check the role; the functions
check the firm by only ever reaching records through their crisis.
"""

from __future__ import annotations

from datetime import date
from pathlib import PurePosixPath
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from tocsin.crises.models import Crisis
from tocsin.crises.services import record_event
from tocsin.firms.models import Membership, Person
from tocsin.recovery.models import (
    ActionNote,
    ActionState,
    Campaign,
    CampaignItem,
    CorrectiveAction,
    Evidence,
    PostCrisisReport,
)

# Evidence is a proof, not an archive: a certificate, a scan, a short report.
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
# Files a person opens to check a proof; nothing a browser would run (no HTML, SVG, JS).
EVIDENCE_EXTENSIONS = frozenset(
    {".pdf", ".png", ".jpg", ".jpeg", ".txt", ".csv", ".odt", ".ods", ".docx", ".xlsx", ".eml"}
)


class RecoveryError(ValueError):
    """A change recovery refuses (a file too large, an owner from another firm)."""


def _owner_of(crisis: Crisis, owner: Membership | int | None) -> Membership | None:
    if owner is None:
        return None
    owner_id = owner if isinstance(owner, int) else owner.pk
    member = Membership.objects.filter(firm_id=crisis.firm_id, pk=owner_id).first()
    if member is None:
        raise RecoveryError(_("The owner must be a member of the firm."))
    return member


def actions_of(crisis: Crisis) -> list[CorrectiveAction]:
    return list(
        CorrectiveAction.objects.for_firm(crisis.firm_id)
        .filter(crisis=crisis)
        .select_related("owner__person")
    )


def _touch_public_page(crisis: Crisis) -> None:
    """Tell the public crisis page that what it shows changed (its ETag moves, caches
    revalidate). Only when the crisis has a public page: nothing is created here."""
    from tocsin.public import services as public
    from tocsin.public.models import PublicPage

    if PublicPage.objects.for_firm(crisis.firm_id).filter(crisis=crisis).exists():
        public.touch_page(crisis)


def _clamp(percent: int) -> int:
    return max(0, min(100, int(percent)))


@transaction.atomic
def create_action(
    crisis: Crisis,
    *,
    title: str,
    actor: Person | None,
    owner: Membership | int | None = None,
    due_on: date | None = None,
    description: str = "",
    title_en: str = "",
    request: HttpRequest | None = None,
) -> CorrectiveAction:
    """A new planned action. Never public at birth: making it public is a partner's call."""
    action = CorrectiveAction.objects.create(
        firm_id=crisis.firm_id,
        crisis=crisis,
        title=title.strip()[:200],
        title_en=title_en.strip()[:200],
        description=description,
        owner=_owner_of(crisis, owner),
        due_on=due_on,
        created_by=actor,
    )
    record_event(
        crisis,
        "recovery.action",
        _("Corrective action planned: %(title)s") % {"title": action.title},
        actor=actor,
        target=action,
        detail={"action_id": action.pk, "due_on": due_on.isoformat() if due_on else None},
        request=request,
    )
    return action


EDITABLE = ("title", "title_en", "description", "owner", "due_on", "state", "percent")


@transaction.atomic
def update_action(
    action: CorrectiveAction,
    changes: dict[str, Any],
    *,
    actor: Person | None,
    request: HttpRequest | None = None,
) -> CorrectiveAction:
    """Apply the fields of ``changes`` that are in :data:`EDITABLE` and record what moved.

    Done means 100 %; a done action reopened keeps its percent but loses its done time.
    """
    before = {f: _plain(getattr(action, f if f != "owner" else "owner_id")) for f in EDITABLE}
    for name, value in changes.items():
        if name not in EDITABLE:
            continue
        if name == "owner":
            action.owner = _owner_of(action.crisis, value)
        elif name == "percent":
            if value is None:
                raise RecoveryError(_("The progress is a number from 0 to 100."))
            action.percent = _clamp(value)
        elif name in ("title", "title_en", "description"):
            text = str(value or "").strip()  # null clears an optional text
            if name == "title" and not text:
                raise RecoveryError(_("An action needs a title."))
            setattr(action, name, text if name == "description" else text[:200])
        elif name == "state":
            if value not in ActionState.values:
                raise RecoveryError(_("Unknown state."))
            action.state = value
        else:
            setattr(action, name, value)
    if action.state == ActionState.DONE:
        action.percent = 100
        action.done_at = action.done_at or timezone.now()
    else:
        action.done_at = None
    action.updated_at = timezone.now()
    action.save()
    after = {f: _plain(getattr(action, f if f != "owner" else "owner_id")) for f in EDITABLE}
    moved = {f: [before[f], after[f]] for f in EDITABLE if before[f] != after[f]}
    if moved:
        record_event(
            action.crisis,
            "recovery.action",
            _("Corrective action updated: %(title)s (%(state)s, %(percent)s %%)")
            % {
                "title": action.title,
                "state": action.get_state_display(),
                "percent": action.percent,
            },
            actor=actor,
            target=action,
            detail={"action_id": action.pk, "changes": moved},
            request=request,
        )
        if action.is_public:
            _touch_public_page(action.crisis)
    return action


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


@transaction.atomic
def set_public(
    action: CorrectiveAction,
    public: bool,
    *,
    actor: Person | None,
    request: HttpRequest | None = None,
) -> None:
    """Show or hide an action's progress on the public crisis page (an APPROVE decision)."""
    if action.is_public == public:
        return
    action.is_public = public
    action.updated_at = timezone.now()
    action.save(update_fields=["is_public", "updated_at"])
    record_event(
        action.crisis,
        "recovery.public",
        (
            _("Action shown on the public page: %(title)s")
            if public
            else _("Action removed from the public page: %(title)s")
        )
        % {"title": action.title},
        actor=actor,
        target=action,
        detail={"action_id": action.pk, "public": public},
        request=request,
    )
    _touch_public_page(action.crisis)


@transaction.atomic
def add_note(
    action: CorrectiveAction,
    *,
    text: str,
    actor: Person | None,
    text_en: str = "",
    public: bool = False,
    request: HttpRequest | None = None,
) -> ActionNote:
    """A progress note; ``public`` ones are published on the crisis page (callers check
    APPROVE for those, like any public word)."""
    text = text.strip()
    if not text:
        raise RecoveryError(_("A note cannot be empty."))
    note = ActionNote.objects.create(
        firm_id=action.firm_id,
        action=action,
        text=text,
        text_en=text_en.strip(),
        is_public=public,
        author=actor,
    )
    record_event(
        action.crisis,
        "recovery.note",
        (_("Public progress on %(title)s") if public else _("Note on %(title)s"))
        % {"title": action.title},
        actor=actor,
        target=action,
        detail={"action_id": action.pk, "note_id": note.pk, "public": public},
        request=request,
    )
    if public and action.is_public:
        _touch_public_page(action.crisis)
    return note


@transaction.atomic
def add_evidence(
    action: CorrectiveAction,
    upload: UploadedFile,
    *,
    actor: Person | None,
    request: HttpRequest | None = None,
) -> Evidence:
    """Store a proof under MEDIA_ROOT/recovery/<firm>/; refuses large or runnable files."""
    name = PurePosixPath(upload.name or "file").name
    if (upload.size or 0) > MAX_EVIDENCE_BYTES:
        raise RecoveryError(
            _("The file is larger than %(mb)s MB.") % {"mb": MAX_EVIDENCE_BYTES // 1024 // 1024}
        )
    if PurePosixPath(name.lower()).suffix not in EVIDENCE_EXTENSIONS:
        raise RecoveryError(
            _("This kind of file is not accepted (allowed: %(ext)s).")
            % {"ext": ", ".join(sorted(EVIDENCE_EXTENSIONS))}
        )
    evidence = Evidence(
        firm_id=action.firm_id,
        action=action,
        name=name[:200],
        size=upload.size or 0,
        content_type=(upload.content_type or "")[:100],
        uploaded_by=actor,
    )
    evidence.file.save(name, upload, save=False)
    evidence.save()
    record_event(
        action.crisis,
        "recovery.evidence",
        _("Evidence added to %(title)s: %(name)s") % {"title": action.title, "name": evidence.name},
        actor=actor,
        target=action,
        detail={"action_id": action.pk, "evidence_id": evidence.pk, "size": evidence.size},
        request=request,
    )
    return evidence


def report_of(crisis: Crisis) -> PostCrisisReport:
    """The report record of a crisis, created empty on first use."""
    report, _created = PostCrisisReport.objects.for_firm(crisis.firm_id).get_or_create(
        crisis=crisis, defaults={"firm_id": crisis.firm_id}
    )
    return report


@transaction.atomic
def save_lessons(
    crisis: Crisis,
    *,
    lessons: str,
    summary: str,
    actor: Person | None,
    request: HttpRequest | None = None,
) -> PostCrisisReport:
    report = report_of(crisis)
    if report.is_final:
        raise RecoveryError(_("The report is final; its lessons can no longer change."))
    report.lessons, report.summary = lessons.strip(), summary.strip()
    report.updated_at, report.updated_by = timezone.now(), actor
    report.save()
    record_event(
        crisis,
        "recovery.lessons",
        _("Lessons of the post-crisis report edited"),
        actor=actor,
        target=report,
        request=request,
    )
    return report


@transaction.atomic
def finalise_report(
    crisis: Crisis, *, actor: Person | None, request: HttpRequest | None = None
) -> PostCrisisReport:
    """Sign the report off (APPROVE): the lessons freeze, the timeline says who and when."""
    report = report_of(crisis)
    if not report.is_final:
        report.finalised_at, report.finalised_by = timezone.now(), actor
        report.save(update_fields=["finalised_at", "finalised_by"])
        record_event(
            crisis,
            "recovery.report_final",
            _("Post-crisis report finalised"),
            actor=actor,
            target=report,
            request=request,
        )
    return report


@transaction.atomic
def create_campaign(
    crisis: Crisis,
    *,
    kind: str,
    title: str,
    goal: str = "",
    actor: Person | None,
    request: HttpRequest | None = None,
) -> Campaign:
    campaign = Campaign.objects.create(
        firm_id=crisis.firm_id,
        crisis=crisis,
        kind=kind,
        title=title.strip()[:200],
        goal=goal,
        created_by=actor,
    )
    record_event(
        crisis,
        "recovery.campaign",
        _("Positive campaign planned: %(title)s") % {"title": campaign.title},
        actor=actor,
        target=campaign,
        detail={"campaign_id": campaign.pk, "kind": kind},
        request=request,
    )
    return campaign


def add_campaign_item(
    campaign: Campaign,
    *,
    title: str,
    planned_at: Any,
    channel: str,
    draft: str = "",
    language: str = "fr",
) -> CampaignItem:
    """A planned item: a draft to be turned into a statement and approved before it is said."""
    return CampaignItem.objects.create(
        firm_id=campaign.firm_id,
        campaign=campaign,
        title=title.strip()[:200],
        planned_at=planned_at,
        channel=channel,
        draft=draft,
        language=language,
    )


def public_progress(crisis: Crisis) -> list[dict[str, Any]]:
    """The progress of the crisis's public corrective actions, for the public crisis page.

    Only actions a partner made public appear, with only their public notes. Each entry
    gives both languages so that the page picks the visitor's: ``title``, ``state_label``
    and ``note`` are ``{"fr": …, "en": …}`` dicts; ``state`` is the code (planned,
    in_progress, done, dropped), ``percent`` 0–100, ``due_on`` a date or None, ``note_at``
    the time of the last public note or None, ``updated_at`` for feeds and caches.
    """
    actions = (
        CorrectiveAction.objects.for_firm(crisis.firm_id)
        .filter(crisis=crisis, is_public=True)
        .order_by("due_on", "pk")
    )
    rows = []
    for action in actions:
        note = action.notes.filter(is_public=True).order_by("-created_at", "-pk").first()
        labels = {}
        for lang in ("fr", "en"):
            with override(lang):
                labels[lang] = str(action.get_state_display())
        rows.append(
            {
                "id": action.pk,
                "title": {"fr": action.title, "en": action.title_in("en")},
                "state": action.state,
                "state_label": labels,
                "percent": action.percent,
                "due_on": action.due_on,
                "note": {"fr": note.text, "en": note.text_in("en")} if note else None,
                "note_at": note.created_at if note else None,
                "updated_at": max(action.updated_at, note.created_at)
                if note
                else action.updated_at,
            }
        )
    return rows
