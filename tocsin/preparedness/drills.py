"""Drills: a shipped scenario replayed into a sandbox copy of the firm, then scored.

The sandbox is a real Firm (so the team works it in the real interface, with the real
playbooks and checker) whose only link to the real firm is the :class:`Drill` row. Mentions
arrive through the ordinary ingest pipeline, labelled "Drill", on the scenario's schedule
divided by the chosen speed. Nothing is published from a sandbox (see ``sandbox.py``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from django.db import IntegrityError, transaction
from django.utils import timezone

from tocsin.crises import playbook as playbooks
from tocsin.crises.models import Crisis, Playbook
from tocsin.firms import audit as journal
from tocsin.firms.audit_models import AuditEvent
from tocsin.firms.models import Firm, Membership
from tocsin.lib import crisis_types
from tocsin.mentions.models import Mention
from tocsin.mentions.pipeline import Incoming, ingest
from tocsin.preparedness.models import Drill, DrillInject, DrillState
from tocsin.preparedness.questionnaire import pick

if TYPE_CHECKING:
    from django.http import HttpRequest

    from tocsin.firms.models import Person

SCENARIOS = Path(__file__).parent / "data" / "scenarios"
SPEEDS = (1.0, 2.0, 4.0, 10.0, 60.0)
CRISIS_TYPES = crisis_types.CRISIS_TYPES


class DrillError(ValueError):
    """A drill request that cannot be honoured (shown to the person)."""


@dataclass(frozen=True)
class Scenario:
    key: str
    crisis_type: str
    title: dict[str, str]
    summary: dict[str, str]
    targets: dict[str, float]
    injects: tuple[dict[str, Any], ...]

    def title_in(self, lang: str | None = None) -> str:
        return pick(self.title, lang)

    def summary_in(self, lang: str | None = None) -> str:
        return pick(self.summary, lang)

    @property
    def length_minutes(self) -> float:
        return max((float(i["at"]) for i in self.injects), default=0.0)


@functools.cache
def scenarios() -> dict[str, Scenario]:
    """The shipped scenarios, one per crisis type, validated when first read."""
    found: dict[str, Scenario] = {}
    for path in sorted(SCENARIOS.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        injects = tuple(doc["injects"])
        for i in injects:
            if not {"fr", "en"} <= set(i["message"]):
                raise ValueError(f"{path.name}: every message needs French and English")
        if [float(i["at"]) for i in injects] != sorted(float(i["at"]) for i in injects):
            raise ValueError(f"{path.name}: injects must be in time order")
        found[doc["key"]] = Scenario(
            key=doc["key"],
            crisis_type=doc["crisis_type"],
            title=doc["title"],
            summary=doc["summary"],
            targets={k: float(v) for k, v in doc["targets"].items()},
            injects=injects,
        )
    return found


def _sandbox_slug(firm: Firm, number: int) -> str:
    suffix = f"-drill-{number}"
    return firm.slug[: 60 - len(suffix)] + suffix


def _copy_team(firm: Firm, sandbox: Firm) -> None:
    """The same people with the same roles and deputies: the drill tests this team."""
    copies: dict[int, Membership] = {}
    originals = list(Membership.objects.filter(firm=firm).select_related("person"))
    for m in originals:
        copies[m.pk] = Membership.objects.create(
            firm=sandbox, person=m.person, role=m.role, title=m.title, on_call=m.on_call
        )
    for m in originals:
        if m.deputy_id in copies:
            copy = copies[m.pk]
            copy.deputy = copies[m.deputy_id]
            copy.save(update_fields=["deputy"])


def _copy_playbooks(firm: Firm, sandbox: Firm) -> None:
    """The firm's own current playbooks, so the drill exercises what the firm wrote."""
    newest: dict[tuple[str, str], Playbook] = {}
    for pb in Playbook.objects.for_firm(firm).order_by("version"):
        newest[(pb.crisis_type, pb.language)] = pb
    for pb in newest.values():
        if pb.created_by_id is None and pb.version == 1:
            continue  # the shipped text: the sandbox seeds it by itself when needed
        playbooks.save_version(sandbox, pb.source, actor=None, note=f"copied from {firm.slug}")


@transaction.atomic
def start_drill(
    firm: Firm,
    scenario_key: str,
    *,
    by: Person | None,
    speed: float = 1.0,
    language: str | None = None,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> Drill:
    """Create the sandbox, copy the team, schedule the injects; the first is due at once."""
    scenario = scenarios().get(scenario_key)
    if scenario is None:
        raise DrillError(f"unknown scenario {scenario_key!r}")
    if not 0.1 <= speed <= 600:
        raise DrillError("speed must be between 0.1 and 600")
    if firm.pk is not None and _is_sandbox(firm):
        raise DrillError("a drill cannot run inside another drill's sandbox")
    now = now or timezone.now()
    language = language if language in ("fr", "en") else (firm.language or "fr")
    number = max(Drill.objects.for_firm(firm).values_list("number", flat=True), default=0) + 1
    while Firm.objects.filter(slug=_sandbox_slug(firm, number)).exists():
        number += 1
    sandbox = Firm.objects.create(
        name=f"{firm.name} — exercice {number}"[:200],
        slug=_sandbox_slug(firm, number),
        language=firm.language,
        website=firm.website,
        contact_email=firm.contact_email,
        contact_phone=firm.contact_phone,
        sensitive_words=firm.sensitive_words,
        require_two_factor=firm.require_two_factor,
    )
    _copy_team(firm, sandbox)
    _copy_playbooks(firm, sandbox)
    try:
        drill = Drill.objects.create(
            firm=firm,
            sandbox=sandbox,
            number=number,
            scenario=scenario.key,
            crisis_type=scenario.crisis_type,
            language=language,
            speed=speed,
            started_at=now,
            started_by=by,
        )
    except IntegrityError:
        raise DrillError("another drill started at the same moment; try again") from None
    for position, item in enumerate(scenario.injects):
        offset = float(item["at"])
        DrillInject.objects.create(
            firm=firm,
            drill=drill,
            position=position,
            offset_minutes=offset,
            due_at=now + timedelta(minutes=offset / speed),
            source=str(item.get("source", ""))[:120],
            author=str(item.get("author", ""))[:200],
            text=pick(item["message"], language).replace("{firm}", firm.name),
            reach=item.get("reach"),
        )
    journal.record(
        "preparedness.drill.start",
        firm=firm,
        actor=by,
        target=drill,
        summary=f"{scenario.key} ×{speed:g} in {sandbox.slug}",
        request=request,
    )
    deliver_due(drill, now=now)
    return drill


def _is_sandbox(firm: Firm) -> bool:
    from tocsin.preparedness.sandbox import is_sandbox

    return is_sandbox(firm)


def deliver_due(drill: Drill, now: datetime | None = None) -> int:
    """Inject the drill's due mentions into its sandbox (never the real firm). Idempotent:
    an inject is delivered once, and the pipeline would drop a repeat anyway."""
    if drill.state != DrillState.RUNNING:
        return 0
    now = now or timezone.now()
    delivered = 0
    with transaction.atomic():
        due = list(
            drill.injects.select_for_update().filter(delivered_at__isnull=True, due_at__lte=now)
        )
        if not due:
            return 0
        sandbox = Firm.objects.get(pk=drill.sandbox_id)
        result = ingest(
            sandbox,
            [
                Incoming(
                    text=i.text,
                    author=i.author,
                    title=i.source,
                    reach=i.reach,
                    published_at=i.due_at,
                    url=f"https://drill.invalid/{drill.pk}/{i.position}",
                )
                for i in due
            ],
            source_label="Drill",
        )
        ids = result.created + result.duplicates
        for index, inject in enumerate(due):
            inject.delivered_at = now
            inject.mention_id = ids[index] if index < len(ids) else None
            inject.save(update_fields=["delivered_at", "mention_id"])
            delivered += 1
    return delivered


def tick(now: datetime | None = None) -> int:
    """Deliver every running drill's due injects (the beat task; a system sweep)."""
    total = 0
    for drill in Drill.unscoped.filter(state=DrillState.RUNNING):
        total += deliver_due(drill, now=now)
    return total


# -- scoring -----------------------------------------------------------------------------


def _minutes(start: datetime, at: datetime | None, speed: float) -> float | None:
    """Elapsed scenario minutes (real time × speed), or None when it never happened."""
    if at is None:
        return None
    return round(max((at - start).total_seconds(), 0) / 60 * speed, 1)


def _points(minutes: float | None, target: float) -> int:
    """Full marks within the target, nothing at three times it or never, linear between."""
    if minutes is None:
        return 0
    if minutes <= target:
        return 100
    return max(0, round(100 * (1 - (minutes - target) / (2 * target))))


def _responses(
    sandbox: Firm, ended: datetime
) -> tuple[datetime | None, datetime | None, int, int] | None:
    """(first holding statement, its first approval, versions checked, versions flagged),
    or None when the responses app is not installed."""
    try:
        from tocsin.responses.models import Approval, Statement, StatementVersion
    except ImportError:  # pragma: no cover - the responses app ships with Tocsin
        return None
    holding = (
        Statement.objects.for_firm(sandbox)
        .filter(kind="holding", created_at__lte=ended)
        .order_by("created_at")
        .first()
    )
    approval = (
        Approval.objects.for_firm(sandbox)
        .filter(statement__kind="holding", approved_at__lte=ended)
        .order_by("approved_at")
        .first()
    )
    versions = list(StatementVersion.objects.for_firm(sandbox).values_list("flags", flat=True))
    return (
        holding.created_at if holding else None,
        approval.approved_at if approval else None,
        len(versions),
        sum(1 for f in versions if f),
    )


def score(drill: Drill, now: datetime | None = None) -> dict[str, Any]:
    """The drill's report: each time in scenario minutes against the scenario's target,
    clocks met, checklist done, draft-checker findings, and a score out of 100.

    Times count from the first inject. The score averages what could be measured; a step
    the team never reached counts zero, so ending a drill early does not flatter it.
    """
    now = now or timezone.now()
    scenario = scenarios()[drill.scenario]
    sandbox = Firm.objects.get(pk=drill.sandbox_id)
    ended = drill.ended_at or now
    first = drill.injects.filter(delivered_at__isnull=False).order_by("position").first()
    start = first.delivered_at if first and first.delivered_at else drill.started_at

    triaged = (
        AuditEvent.objects.filter(
            firm_id=sandbox.pk,
            action="mentions.triage",
            at__gte=drill.started_at,
            at__lte=ended,
        )
        .order_by("at")
        .values_list("at", flat=True)
        .first()
    )
    crisis = (
        Crisis.objects.for_firm(sandbox).filter(opened_at__lte=ended).order_by("opened_at").first()
    )
    times: dict[str, datetime | None] = {
        "acknowledge": triaged,
        "open_crisis": crisis.opened_at if crisis else None,
    }
    responses = _responses(sandbox, ended)
    checker: dict[str, Any] = {"measured": responses is not None}
    if responses is not None:
        times["holding_statement"], times["approval"] = responses[0], responses[1]
        checker.update(versions=responses[2], flagged=responses[3])
    measures: list[dict[str, Any]] = []
    for key, at in times.items():
        minutes = _minutes(start, at, drill.speed)
        target = scenario.targets.get(key, 60.0)
        measures.append(
            {
                "key": key,
                "minutes": minutes,
                "target": target,
                "met": minutes is not None and minutes <= target,
                "points": _points(minutes, target),
            }
        )

    clocks = {"total": 0, "met": 0, "missed": 0, "running": 0}
    tasks = {"total": 0, "done": 0, "done_on_time": 0}
    if crisis is not None:
        for clock in crisis.clocks.all():
            clocks["total"] += 1
            if (clock.met_at is not None and clock.met_at <= clock.due_at) or clock.waived_at:
                clocks["met"] += 1
            elif clock.due_at < ended or clock.met_at is not None:
                clocks["missed"] += 1
            else:
                clocks["running"] += 1
        for task in crisis.tasks.all():
            tasks["total"] += 1
            if task.done_at is not None:
                tasks["done"] += 1
                if task.due_at is None or task.done_at <= task.due_at:
                    tasks["done_on_time"] += 1
    parts: list[int] = [int(m["points"]) for m in measures]
    if tasks["total"]:
        parts.append(round(100 * tasks["done"] / tasks["total"]))
    if clocks["met"] + clocks["missed"]:
        parts.append(round(100 * clocks["met"] / (clocks["met"] + clocks["missed"])))
    if checker.get("versions"):
        parts.append(round(100 * (1 - checker["flagged"] / checker["versions"])))
    mentions = Mention.objects.for_firm(sandbox)
    return {
        "drill": drill.number,
        "scenario": scenario.key,
        "crisis_type": scenario.crisis_type,
        "title": scenario.title,
        "speed": drill.speed,
        "sandbox": sandbox.slug,
        "started_at": drill.started_at.isoformat(),
        "ended_at": drill.ended_at.isoformat() if drill.ended_at else None,
        "injects": {
            "total": drill.injects.count(),
            "delivered": drill.injects.filter(delivered_at__isnull=False).count(),
        },
        "mentions": {
            "total": mentions.count(),
            "triaged": mentions.exclude(status="new").count(),
        },
        "times": measures,
        "clocks": clocks,
        "checklist": tasks,
        "checker": checker,
        "crisis_id": crisis.pk if crisis else None,
        "score": round(sum(parts) / len(parts)) if parts else 0,
    }


@transaction.atomic
def end_drill(
    drill: Drill,
    *,
    by: Person | None,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> Drill:
    """Stop injecting, score, and keep the report; the sandbox stays for the debrief."""
    drill = Drill.objects.for_firm(drill.firm_id).select_for_update().get(pk=drill.pk)
    if drill.state == DrillState.ENDED:
        raise DrillError("this drill has already ended")
    drill.state = DrillState.ENDED
    drill.ended_at = now or timezone.now()
    drill.ended_by = by
    drill.report = score(drill, now=drill.ended_at)
    drill.save(update_fields=["state", "ended_at", "ended_by", "report"])
    journal.record(
        "preparedness.drill.end",
        firm=drill.firm,
        actor=by,
        target=drill,
        summary=f"score {drill.report['score']}",
        request=request,
    )
    return drill
