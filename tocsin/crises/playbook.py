"""Playbooks: the written protocols, as YAML documents a firm can read, edit and version.

The product ships one playbook per crisis type and language in
``tocsin/crises/playbooks/<language>/<crisis_type>.yaml``. A firm starts from those (copied
as its version 1 the first time it needs one) and then edits its own: every save or import
is a new version, and a crisis keeps the version it was started from.

Shape of a document (``format: tocsin-playbook/1``)::

    crisis_type: data_breach          # one of CrisisType
    language: fr
    title: …
    summary: …
    review_every_days: 365            # the evergreen review reminder
    activation_criteria:              # "is this a crisis?": answered at assessment
      - {key: personal_data, question: …}
    roles:                            # who holds each crisis role, filled from the team
      - {role: lead, duty: …, from_team: [partner], title_hint: [associé]}
    steps:                            # become tasks
      - key: contain
        title: …
        owner: it                     # a crisis role
        due: {from: awareness, hours: 4}     # or {from: opening, working_days: 5}
        description: …
        checklist: [… , …]
        templates: [holding_statement]
    clocks:                           # regulatory and contractual deadlines
      - {kind: cnil_notification, label: …, basis: …, owner: dpo,
         due: {from: awareness, hours: 72}}
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import yaml
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tocsin.crises.models import ClockKind, CrisisRoleKind, CrisisType, Playbook
from tocsin.crises.workdays import add_working_days
from tocsin.firms import audit
from tocsin.firms.models import Firm, Person
from tocsin.lib import untrusted_yaml

SHIPPED_DIR = Path(__file__).resolve().parent / "playbooks"
FORMAT = "tocsin-playbook/1"
LANGUAGES = ("fr", "en")
ROLE_KEYS = {k.value for k in CrisisRoleKind}
CLOCK_KEYS = {k.value for k in ClockKind}
TYPE_KEYS = {k.value for k in CrisisType}
FIRM_ROLES = {"admin", "partner", "communicator", "viewer"}


class PlaybookError(ValueError):
    """A playbook document that cannot be used; ``problems`` lists every fault found."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Due:
    """When a step or clock is due: an offset from awareness or from opening."""

    origin: str  # "awareness" | "opening"
    hours: float = 0
    working_days: int = 0

    def at(self, *, awareness: datetime, opening: datetime) -> datetime:
        start = awareness if self.origin == "awareness" else opening
        if self.working_days:
            return add_working_days(start, self.working_days)
        return start + timedelta(hours=self.hours)


def due_of(spec: dict[str, Any]) -> Due:
    return Due(
        origin=spec.get("from", "awareness"),
        hours=float(spec.get("hours", 0) or 0),
        working_days=int(spec.get("working_days", 0) or 0),
    )


def _check_due(where: str, spec: Any, problems: list[str]) -> None:
    if not isinstance(spec, dict):
        problems.append(
            _("%(where)s: 'due' must be a mapping such as {from: awareness, hours: 4}")
            % {"where": where}
        )
        return
    if spec.get("from", "awareness") not in ("awareness", "opening"):
        problems.append(
            _("%(where)s: due.from must be 'awareness' or 'opening'") % {"where": where}
        )
    hours, days = spec.get("hours"), spec.get("working_days")
    if (hours is None) == (days is None):
        problems.append(
            _("%(where)s: give exactly one of due.hours or due.working_days") % {"where": where}
        )
    for name, value in (("hours", hours), ("working_days", days)):
        if value is not None and (not isinstance(value, int | float) or value < 0):
            problems.append(
                _("%(where)s: due.%(name)s must be a positive number")
                % {"where": where, "name": name}
            )


def validate(document: Any) -> dict[str, Any]:
    """Check a parsed playbook and return it; raise :class:`PlaybookError` listing every fault.

    Checked here rather than at instantiation so that a firm learns about a typo when it
    saves its playbook, not in the middle of a crisis.
    """
    problems: list[str] = []
    if not isinstance(document, dict):
        raise PlaybookError([_("the document must be a YAML mapping")])
    if document.get("format", FORMAT) != FORMAT:
        problems.append(_("format must be %(format)s") % {"format": FORMAT})
    if document.get("crisis_type") not in TYPE_KEYS:
        problems.append(
            _("crisis_type must be one of %(types)s") % {"types": ", ".join(sorted(TYPE_KEYS))}
        )
    if document.get("language") not in LANGUAGES:
        problems.append(_("language must be fr or en"))
    if not isinstance(document.get("title"), str) or not document["title"].strip():
        problems.append(_("title is required"))
    review = document.get("review_every_days", 365)
    if not isinstance(review, int) or review < 1:
        problems.append(_("review_every_days must be a positive whole number"))

    criteria = document.get("activation_criteria", [])
    if not isinstance(criteria, list) or not all(
        isinstance(c, dict) and c.get("key") and c.get("question") for c in criteria
    ):
        problems.append(_("activation_criteria: each needs a key and a question"))

    roles = document.get("roles", [])
    if not isinstance(roles, list):
        problems.append(_("roles must be a list"))
        roles = []
    for n, role in enumerate(roles, 1):
        if not isinstance(role, dict) or role.get("role") not in ROLE_KEYS:
            problems.append(
                _("roles #%(n)s: role must be one of %(roles)s")
                % {"n": n, "roles": ", ".join(sorted(ROLE_KEYS))}
            )
            continue
        if not set(role.get("from_team", [])) <= FIRM_ROLES:
            problems.append(
                _("roles #%(n)s: from_team lists firm roles (%(firm_roles)s)")
                % {"n": n, "firm_roles": ", ".join(FIRM_ROLES)}
            )

    steps = document.get("steps", [])
    if not isinstance(steps, list) or not steps:
        problems.append(_("steps: at least one step is required"))
        steps = []
    keys: set[str] = set()
    for n, step in enumerate(steps, 1):
        where = f"steps #{n}"
        if not isinstance(step, dict):
            problems.append(_("%(where)s: must be a mapping") % {"where": where})
            continue
        key = step.get("key")
        if not key or not isinstance(key, str):
            problems.append(_("%(where)s: key is required") % {"where": where})
        elif key in keys:
            problems.append(
                _("%(where)s: key %(key)r is used twice") % {"where": where, "key": key}
            )
        keys.add(str(key))
        if not step.get("title"):
            problems.append(_("%(where)s: title is required") % {"where": where})
        if step.get("owner") not in ROLE_KEYS:
            problems.append(
                _("%(where)s: owner must be a crisis role (%(roles)s)")
                % {"where": where, "roles": ", ".join(sorted(ROLE_KEYS))}
            )
        _check_due(where, step.get("due"), problems)
        if not isinstance(step.get("checklist", []), list):
            problems.append(_("%(where)s: checklist must be a list") % {"where": where})
        if not isinstance(step.get("templates", []), list):
            problems.append(_("%(where)s: templates must be a list") % {"where": where})

    clocks = document.get("clocks", [])
    if not isinstance(clocks, list):
        problems.append(_("clocks must be a list"))
        clocks = []
    kinds: set[str] = set()
    for n, clock in enumerate(clocks, 1):
        where = f"clocks #{n}"
        if not isinstance(clock, dict) or clock.get("kind") not in CLOCK_KEYS:
            problems.append(
                _("%(where)s: kind must be one of %(kinds)s")
                % {"where": where, "kinds": ", ".join(sorted(CLOCK_KEYS))}
            )
            continue
        if clock["kind"] in kinds:
            problems.append(
                _("%(where)s: clock %(kind)s appears twice")
                % {"where": where, "kind": clock["kind"]}
            )
        kinds.add(clock["kind"])
        if clock.get("owner") not in ROLE_KEYS:
            problems.append(_("%(where)s: owner must be a crisis role") % {"where": where})
        _check_due(where, clock.get("due"), problems)
        if (
            clock.get("kind") == "insurer_declaration"
            and clock.get("due", {}).get("working_days", 5) < 5
        ):
            # L113-2 4°: a contract may not set less than five working days; a shorter clock
            # would be a mistake in the playbook, not a stricter contract.
            problems.append(
                _("%(where)s: the insurer declaration deadline is at least 5 working days")
                % {"where": where}
            )
    if problems:
        raise PlaybookError(problems)
    return document


def parse(text: str) -> dict[str, Any]:
    """YAML text to a validated document (safe loader: a playbook is untrusted input)."""
    try:
        document = untrusted_yaml.load(text)
    except untrusted_yaml.UnreadableYaml as exc:
        raise PlaybookError([_("not valid YAML: %(error)s") % {"error": exc}]) from exc
    return validate(document)


def dump(document: dict[str, Any]) -> str:
    """A document as YAML that a person can read and edit (keys in the order written)."""
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=96)


def shipped_path(crisis_type: str, language: str) -> Path:
    return SHIPPED_DIR / language / f"{crisis_type}.yaml"


def shipped_source(crisis_type: str, language: str) -> str:
    """The YAML shipped with Tocsin for a type and language (falls back to French)."""
    path = shipped_path(crisis_type, language)
    if not path.exists():
        path = shipped_path(crisis_type, "fr")
    return path.read_text(encoding="utf-8")


def versions(firm: Firm, crisis_type: str, language: str) -> Any:
    return Playbook.objects.for_firm(firm).filter(crisis_type=crisis_type, language=language)


def current(firm: Firm, crisis_type: str, language: str) -> Playbook:
    """The firm's newest version for a type and language; the shipped one the first time."""
    latest = versions(firm, crisis_type, language).order_by("-version").first()
    if latest is not None:
        return latest
    try:
        return save_version(firm, shipped_source(crisis_type, language), actor=None, note="shipped")
    except IntegrityError:
        # Two requests seeded the shipped version at once: the other one won, use it.
        return versions(firm, crisis_type, language).order_by("-version")[0]


@transaction.atomic
def save_version(
    firm: Firm,
    source: str,
    *,
    actor: Person | None,
    note: str = "",
    request: Any = None,
) -> Playbook:
    """Validate YAML and store it as the next version of the firm's playbook for its type."""
    document = parse(source)
    crisis_type, language = document["crisis_type"], document["language"]
    # Lock the existing versions so that two editors saving at once get two versions.
    existing = list(
        versions(firm, crisis_type, language).select_for_update().values_list("version", flat=True)
    )
    playbook = Playbook.objects.create(
        firm=firm,
        crisis_type=crisis_type,
        language=language,
        version=max(existing, default=0) + 1,
        title=document["title"],
        document=document,
        source=source,
        created_by=actor,
        review_every_days=document.get("review_every_days", 365),
    )
    audit.record(
        "playbook.version",
        firm=firm,
        actor=actor,
        target=playbook,
        summary=f"{playbook.title} v{playbook.version} ({language}) {note}".strip(),
        detail={"crisis_type": crisis_type, "language": language, "version": playbook.version},
        request=request,
    )
    return playbook


def mark_reviewed(playbook: Playbook, *, actor: Person, request: Any = None) -> Playbook:
    """Record that someone re-read a playbook and found it still right (no new version)."""
    Playbook.objects.for_firm(playbook.firm_id).filter(pk=playbook.pk).update(
        reviewed_at=timezone.now()
    )
    playbook.refresh_from_db()
    audit.record(
        "playbook.review",
        firm=playbook.firm,
        actor=actor,
        target=playbook,
        summary=f"{playbook.title} v{playbook.version}",
        request=request,
    )
    return playbook


def current_set(firm: Firm) -> list[Playbook]:
    """The newest version of every playbook the firm has, one per type and language,
    creating the shipped ones it does not have yet (so the list is always complete)."""
    return [current(firm, t, lang) for t in CrisisType.values for lang in LANGUAGES]


def due_for_review(firm: Firm, now: datetime | None = None) -> list[Playbook]:
    """Current versions older than their review period (the evergreen reminder)."""
    now = now or timezone.now()
    newest: dict[tuple[str, str], Playbook] = {}
    for playbook in Playbook.objects.for_firm(firm).order_by("version"):
        newest[(playbook.crisis_type, playbook.language)] = playbook
    return [p for p in newest.values() if p.needs_review(now)]
