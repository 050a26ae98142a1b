"""The vulnerability audit: start one, answer it, run the automated checks, see progress.

Views, API, the Celery task and the ``audit-site`` command all call these functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone

from tocsin.firms import audit as journal
from tocsin.preparedness import questionnaire
from tocsin.preparedness.checks_mail import check_mail_domain
from tocsin.preparedness.checks_web import check_site
from tocsin.preparedness.findings import CheckConfig, Finding
from tocsin.preparedness.models import Audit

if TYPE_CHECKING:
    from django.http import HttpRequest

    from tocsin.firms.models import Firm, Person


class AuditError(ValueError):
    """A request the audit cannot honour (the message is shown to the person)."""


def guess_mail_domain(firm: Firm) -> str:
    """The domain of the firm's public contact address, else of its website."""
    if "@" in firm.contact_email:
        return firm.contact_email.rsplit("@", 1)[1].lower()
    host = urlsplit(firm.website).hostname or ""
    return host.removeprefix("www.")


def clean_domain(value: str) -> str:
    domain = value.strip().lower().rstrip(".")
    if "@" in domain:
        domain = domain.rsplit("@", 1)[1]
    if domain and (
        len(domain) > 253
        or "." not in domain
        or not all(p and len(p) < 64 and p.replace("-", "").isalnum() for p in domain.split("."))
    ):
        raise AuditError("not a domain name")
    return domain


def start_audit(firm: Firm, *, by: Person | None, request: HttpRequest | None = None) -> Audit:
    """A new audit, starting from the last one's answers, so that only changes are typed."""
    previous = Audit.objects.for_firm(firm).first()
    audit = Audit.objects.create(
        firm=firm,
        created_by=by,
        website=previous.website if previous else firm.website,
        mail_domain=previous.mail_domain if previous else guess_mail_domain(firm),
        answers=dict(previous.answers) if previous else {},
    )
    audit.score = questionnaire.score(audit.answers)
    audit.save(update_fields=["score"])
    journal.record("preparedness.audit.start", firm=firm, actor=by, target=audit, request=request)
    return audit


def save_answers(
    audit: Audit,
    answers: dict[str, Any],
    *,
    by: Person | None,
    website: str | None = None,
    mail_domain: str | None = None,
    request: HttpRequest | None = None,
) -> Audit:
    """Record answers (unknown keys and values are dropped) and rescore."""
    cleaned = questionnaire.clean_answers(answers)
    changed = {k: v for k, v in cleaned.items() if audit.answers.get(k) != v}
    audit.answers = {**audit.answers, **cleaned}
    if website is not None:
        website = website.strip()
        try:
            scheme = urlsplit(website if "://" in website else f"https://{website}").scheme
        except ValueError:  # "[…" is read as an IPv6 address and refused by urlsplit
            scheme = ""
        if website and scheme not in ("http", "https"):
            raise AuditError("the website must be an http or https address")
        audit.website = website
    if mail_domain is not None:
        audit.mail_domain = clean_domain(mail_domain)
    audit.score = questionnaire.score(audit.answers, audit.checks)
    audit.save()
    journal.record(
        "preparedness.audit.answer",
        firm=audit.firm,
        actor=by,
        target=audit,
        summary=f"{len(changed)} answer(s) changed; score {audit.score}",
        detail={"changed": changed},
        request=request,
    )
    return audit


def complete(audit: Audit, *, by: Person | None, request: HttpRequest | None = None) -> Audit:
    audit.completed_at = timezone.now()
    audit.save(update_fields=["completed_at"])
    journal.record(
        "preparedness.audit.complete",
        firm=audit.firm,
        actor=by,
        target=audit,
        summary=f"score {audit.score}",
        request=request,
    )
    return audit


def run_checks(website: str, mail_domain: str, config: CheckConfig | None = None) -> list[Finding]:
    """Every automated check for a site and a domain (either may be empty)."""
    config = config or CheckConfig.from_settings()
    findings: list[Finding] = []
    if website:
        findings.extend(check_site(website, config))
    if mail_domain:
        findings.extend(check_mail_domain(mail_domain, config))
    return findings


def run_audit_checks(
    audit: Audit, *, dkim_selectors: list[str] | None = None, config: CheckConfig | None = None
) -> Audit:
    """Run the checks for an audit and store the findings; the score includes them."""
    config = config or CheckConfig.from_settings(dkim_selectors)
    findings = run_checks(audit.website, audit.mail_domain, config)
    with transaction.atomic():
        audit = Audit.objects.for_firm(audit.firm_id).select_for_update().get(pk=audit.pk)
        audit.checks = [f.as_dict() for f in findings]
        audit.checks_ran_at = timezone.now()
        audit.score = questionnaire.score(audit.answers, audit.checks)
        audit.save(update_fields=["checks", "checks_ran_at", "score"])
    journal.record(
        "preparedness.audit.checks",
        firm=audit.firm,
        target=audit,
        summary=", ".join(f"{f.key}={f.status}" for f in findings)[:500],
    )
    return audit


@dataclass(frozen=True)
class Point:
    at: Any
    score: int


def history(firm: Firm, limit: int = 24) -> list[Point]:
    """Scores of the firm's audits, oldest first (for the progress chart)."""
    rows = (
        Audit.objects.for_firm(firm)
        .filter(score__isnull=False)
        .order_by("-created_at")
        .values_list("created_at", "score")[:limit]
    )
    return [Point(at, score) for at, score in reversed(list(rows))]
