"""The questionnaire, its score and plan, repeated audits, and the audit pages and command."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tocsin.preparedness import questionnaire, services
from tocsin.preparedness.models import Audit
from tocsin.preparedness.tests.servers import DnsServer, Servers
from tocsin.testing import Cast


def _client(member: Any) -> Client:
    client = Client()
    client.force_login(member.person)
    return client


def test_questionnaire_covers_the_guidance_in_both_languages() -> None:
    keys = {q.key for q in questionnaire.questions()}
    for topic in (
        "mfa_email",
        "backups_tested",
        "updates",
        "phishing_training",
        "departures",
        "client_portal",
        "email_domain",
        "supplier_continuity",
    ):
        assert topic in keys
    coaxis = next(q for q in questionnaire.questions() if q.key == "supplier_continuity")
    assert "Coaxis" in coaxis.text["fr"] and "Coaxis" in coaxis.text["en"]


def test_remediation_plan_is_ordered_by_risk_then_effort() -> None:
    answers = {
        "wifi_guest": "no",  # risk 2, effort 1
        "mfa_remote": "no",  # risk 5, effort 2
        "passwords": "partly",  # risk 3, effort 1
        "backups_tested": "unknown",  # risk 5, effort 1
        "cyber_insurance": "no",  # risk 2, effort 2
        "mfa_email": "yes",  # nothing to do
    }
    checks = [
        {
            "key": "hsts",
            "status": "fail",
            "risk": 3,
            "effort": 1,
            "title": {"en": "HSTS"},
            "fix": {"en": "Add it"},
        }
    ]
    plan = questionnaire.plan(answers, checks, "en")
    assert [(i.key, i.risk, i.effort) for i in plan] == [
        ("backups_tested", 5, 1),
        ("mfa_remote", 5, 2),
        ("hsts", 3, 1),
        ("passwords", 3, 1),
        ("wifi_guest", 2, 1),
        ("cyber_insurance", 2, 2),
    ]
    assert plan[0].fix.startswith("Restore")


def test_score_weights_risk_and_counts_unknown_as_a_gap() -> None:
    assert questionnaire.score({}) is None
    assert questionnaire.score({"mfa_email": "yes"}) == 100
    assert questionnaire.score({"mfa_email": "unknown"}) == 0
    # risk 5 yes + risk 2 no = 5 / 7
    assert questionnaire.score({"mfa_email": "yes", "wifi_guest": "no"}) == round(100 * 5 / 7)
    assert questionnaire.score({"mfa_email": "partly"}) == 50


def test_unknown_answers_are_dropped() -> None:
    assert questionnaire.clean_answers({"mfa_email": "yes", "nope": "yes", "updates": "maybe"}) == {
        "mfa_email": "yes"
    }


def test_a_new_audit_starts_from_the_last_answers_and_history_shows_progress(cast: Cast) -> None:
    first = services.start_audit(cast.firm_a, by=cast.ada.person)
    services.save_answers(first, {"mfa_email": "no", "updates": "yes"}, by=cast.ada.person)
    second = services.start_audit(cast.firm_a, by=cast.ada.person)
    assert second.answers == {"mfa_email": "no", "updates": "yes"}
    services.save_answers(second, {"mfa_email": "yes"}, by=cast.ada.person)
    points = services.history(cast.firm_a)
    assert [p.score for p in points] == [first.score, second.score]
    assert points[-1].score > points[0].score
    page = _client(cast.victor).get(reverse("prepare", args=["alpha"]))
    assert page.status_code == 200
    assert b"<svg" in page.content and b"<polyline" in page.content


def test_communicator_answers_through_the_page_and_viewer_cannot(cast: Cast) -> None:
    audit = services.start_audit(cast.firm_a, by=cast.colin.person)
    url = reverse("audit_save", args=["alpha", audit.pk])
    data = {
        "mfa_email": "partly",
        "backups_tested": "no",
        "mail_domain": "alpha.example",
        "website": "",
    }
    assert _client(cast.victor).post(url, data).status_code == 403
    assert _client(cast.colin).post(url, data).status_code == 302
    audit.refresh_from_db()
    assert audit.answers["mfa_email"] == "partly" and audit.mail_domain == "alpha.example"
    page = _client(cast.victor).get(reverse("audit_detail", args=["alpha", audit.pk]))
    plan = page.content.decode().split("<ol>")[1].split("</ol>")[0]
    # The plan on the page: both gaps are risk 5 and effort 1; "no" before "partly".
    by_key = {q.key: q for q in questionnaire.questions()}
    backups, mfa = (by_key[k].text_in("fr") for k in ("backups_tested", "mfa_email"))
    assert plan.index(backups.replace("'", "&#x27;")) < plan.index(mfa)


def test_bad_mail_domain_is_refused(cast: Cast) -> None:
    audit = services.start_audit(cast.firm_a, by=cast.ada.person)
    with pytest.raises(services.AuditError):
        services.save_answers(audit, {}, by=None, mail_domain="not a domain")


@pytest.mark.parametrize("website", ["ftp://cabinet.example", "]\udb95x[", "http://[::1"])
def test_a_website_that_is_not_an_http_address_is_refused(cast: Cast, website: str) -> None:
    audit = services.start_audit(cast.firm_a, by=cast.ada.person)
    with pytest.raises(services.AuditError):
        services.save_answers(audit, {}, by=None, website=website)


def test_audit_checks_run_in_the_task_and_join_the_score_and_plan(
    cast: Cast, start_site: Callable[..., tuple[Servers, str]], dns_server: DnsServer
) -> None:
    _, url = start_site()
    dns_server.records["_dmarc.alpha.example"] = ["v=DMARC1; p=none"]
    audit = Audit.objects.create(
        firm=cast.firm_a, website=url, mail_domain="alpha.example", answers={"mfa_email": "yes"}
    )
    response = _client(cast.colin).post(reverse("audit_checks", args=["alpha", audit.pk]))
    assert response.status_code == 302
    audit.refresh_from_db()
    statuses = {c["key"]: c["status"] for c in audit.checks}
    assert statuses["hsts"] == "pass" and statuses["dmarc"] == "warn"
    assert audit.score is not None and audit.score < 100
    plan = questionnaire.plan(audit.answers, audit.checks, "en")
    assert [i.key for i in plan] == ["dmarc"]


def test_audit_site_command_prints_findings_and_fails_on_a_failure(
    cast: Cast, start_site: Callable[..., tuple[Servers, str]], dns_server: DnsServer
) -> None:
    _, url = start_site()
    out = StringIO()
    call_command("audit_site", firm="alpha", url=url, domain="alpha.example", lang="en", stdout=out)
    assert "PASS  DMARC policy" in out.getvalue()
    del dns_server.records["alpha.example"]
    out = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command(
            "audit_site", firm="alpha", url=url, domain="alpha.example", lang="en", stdout=out
        )
    assert exit_.value.code == 1
    assert "FAIL  SPF record" in out.getvalue()
    assert "v=spf1 include" in out.getvalue()
