"""Drills: the sandbox, the injects on schedule, the score and the report, who may run one."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tocsin.crises import services as crises
from tocsin.firms.models import Firm, Membership
from tocsin.mentions import services as mentions
from tocsin.mentions.models import Mention
from tocsin.preparedness import drills, tasks
from tocsin.preparedness.models import Drill, DrillState
from tocsin.preparedness.sandbox import is_sandbox
from tocsin.testing import Cast


def _client(member: Any) -> Client:
    client = Client()
    client.force_login(member.person)
    return client


def test_every_crisis_type_has_a_bilingual_scenario() -> None:
    shipped = drills.scenarios()
    assert {s.crisis_type for s in shipped.values()} == set(drills.CRISIS_TYPES)
    for scenario in shipped.values():
        assert scenario.injects and {"fr", "en"} <= set(scenario.title)
        for inject in scenario.injects:
            assert {"fr", "en"} <= set(inject["message"]) and inject["source"] and inject["author"]


def test_drill_injects_arrive_in_the_sandbox_only(cast: Cast) -> None:
    start = timezone.now()
    drill = drills.start_drill(
        cast.firm_a, "data_breach", by=cast.alice.person, speed=10, now=start
    )
    sandbox = drill.sandbox
    assert sandbox.slug == "alpha-drill-1" and is_sandbox(sandbox) and not is_sandbox(cast.firm_a)
    # The first inject is due at once; the others wait for their time.
    assert Mention.objects.for_firm(sandbox).count() == 1
    assert Mention.objects.for_firm(cast.firm_a).count() == 0
    assert Mention.objects.for_firm(cast.firm_b).count() == 0
    # Same team, same roles, in the sandbox.
    roles = dict(Membership.objects.filter(firm=sandbox).values_list("person__username", "role"))
    assert roles == {
        "alice": "partner",
        "ada": "admin",
        "colin": "communicator",
        "victor": "viewer",
    }
    mention = Mention.objects.for_firm(sandbox).get()
    assert mention.source_label == "Drill" and "Cabinet Alpha" in mention.text


def test_drill_tick_delivers_injects_on_schedule_at_speed(cast: Cast) -> None:
    start = timezone.now() - timedelta(minutes=3)
    drill = drills.start_drill(
        cast.firm_a, "data_breach", by=cast.alice.person, speed=10, now=start
    )
    # Scenario minutes 0, 10, 25 are due 0, 1 and 2.5 real minutes in at ×10; 45 is not.
    assert tasks.drill_tick.delay().get() == 2
    assert Mention.objects.for_firm(drill.sandbox).count() == 3
    assert drills.tick() == 0  # nothing twice
    assert drills.tick(now=start + timedelta(hours=1)) == 3
    assert Mention.objects.for_firm(drill.sandbox).count() == 6
    assert Mention.objects.for_firm(cast.firm_a).count() == 0


def test_drill_score_counts_time_to_open_the_crisis(cast: Cast) -> None:
    start = timezone.now() - timedelta(minutes=30)
    drill = drills.start_drill(cast.firm_a, "data_breach", by=cast.alice.person, speed=2, now=start)
    sandbox = drill.sandbox
    crises.open_crisis(
        sandbox,
        opened_by=cast.alice.person,
        crisis_type="data_breach",
        title="Exercice",
        awareness_at=start,
        now=start + timedelta(minutes=20),
    )
    first = Mention.objects.for_firm(sandbox).first()
    assert first is not None
    mentions.triage(sandbox, [first.pk], actor=cast.colin.person, status="to_answer")
    report = drills.end_drill(drill, by=cast.alice.person).report
    times = {t["key"]: t for t in report["times"]}
    # 20 real minutes at ×2 = 40 scenario minutes, within the 60-minute target.
    assert times["open_crisis"]["minutes"] == 40.0 and times["open_crisis"]["met"]
    assert times["open_crisis"]["points"] == 100
    assert times["acknowledge"]["minutes"] is not None and not times["acknowledge"]["met"]
    assert (
        times["holding_statement"]["minutes"] is None and times["holding_statement"]["points"] == 0
    )
    assert report["checklist"]["total"] > 0 and report["clocks"]["total"] > 0
    assert 0 < report["score"] < 100
    drill.refresh_from_db()
    assert drill.state == DrillState.ENDED and drill.report["score"] == report["score"]


def test_late_crisis_loses_points_and_never_opening_scores_zero(cast: Cast) -> None:
    assert drills._points(60, 60) == 100
    assert drills._points(120, 60) == 50
    assert drills._points(180, 60) == 0
    assert drills._points(None, 60) == 0


def test_viewer_cannot_start_a_drill(cast: Cast) -> None:
    url = reverse("drill_start", args=["alpha"])
    data = {"scenario": "client_dispute", "speed": "4"}
    assert _client(cast.victor).post(url, data).status_code == 403
    assert _client(cast.colin).post(url, data).status_code == 403
    assert not Drill.objects.for_firm(cast.firm_a).exists()
    assert not Firm.objects.filter(slug__startswith="alpha-drill").exists()
    response = _client(cast.alice).post(url, data)
    drill = Drill.objects.for_firm(cast.firm_a).get()
    assert response.status_code == 302 and response["Location"].endswith(f"/drills/{drill.pk}/")


def test_drill_report_page_and_json(cast: Cast) -> None:
    drill = drills.start_drill(cast.firm_a, "supplier_outage", by=cast.alice.person, language="en")
    page = _client(cast.victor).get(reverse("drill_detail", args=["alpha", drill.pk]))
    assert page.status_code == 200
    assert b"nothing is ever published" in page.content.lower() or "publié".encode() in page.content
    ended = _client(cast.ada).post(reverse("drill_end", args=["alpha", drill.pk]))
    assert ended.status_code == 302
    body = _client(cast.victor).get(reverse("drill_report_json", args=["alpha", drill.pk])).json()
    assert body["scenario"] == "supplier_outage" and body["sandbox"] == "alpha-drill-1"
    assert {t["key"] for t in body["times"]} == {
        "acknowledge",
        "open_crisis",
        "holding_statement",
        "approval",
    }
    assert body["ended_at"] is not None


def test_a_drill_cannot_start_inside_a_sandbox(cast: Cast) -> None:
    drill = drills.start_drill(cast.firm_a, "client_dispute", by=cast.alice.person)
    try:
        drills.start_drill(drill.sandbox, "client_dispute", by=cast.alice.person)
    except drills.DrillError:
        pass
    else:
        raise AssertionError("a sandbox started a drill")


def test_the_api_starts_and_ends_a_drill(cast: Cast) -> None:
    from tocsin.firms.models import ApiToken

    _, token = ApiToken.issue(firm=cast.firm_a, person=cast.alice.person, name="t")
    headers = {"Authorization": f"Bearer {token}"}
    client = Client()
    created = client.post(
        "/api/v1/preparedness/drills",
        {"scenario": "accounting_error", "speed": 60},
        content_type="application/json",
        headers=headers,
    )
    assert created.status_code == 201, created.content
    drill_id = created.json()["id"]
    ended = client.post(f"/api/v1/preparedness/drills/{drill_id}/end", headers=headers)
    assert ended.status_code == 200 and ended.json()["state"] == "ended"
    again = client.post(f"/api/v1/preparedness/drills/{drill_id}/end", headers=headers)
    assert again.status_code == 409


def test_demo_has_two_audits_and_a_finished_drill(cast: Cast) -> None:
    from tocsin.preparedness import demo
    from tocsin.preparedness.models import Audit

    demo.populate(cast.firm_a)
    audits = list(Audit.objects.for_firm(cast.firm_a).order_by("created_at"))
    assert len(audits) == 2 and audits[0].score < audits[1].score
    drill = Drill.objects.for_firm(cast.firm_a).get()
    assert drill.state == DrillState.ENDED
    times = {t["key"]: t for t in drill.report["times"]}
    assert times["open_crisis"]["met"]


def test_sandbox_pages_say_they_are_a_drill(cast: Cast) -> None:
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from tocsin.preparedness.context import drill_sandbox

    drill = drills.start_drill(cast.firm_a, "client_dispute", by=cast.alice.person)
    request = RequestFactory().get("/")
    request.membership = Membership.objects.get(firm=drill.sandbox, person=cast.victor.person)  # type: ignore[attr-defined]
    context = drill_sandbox(request)
    assert context["drill_sandbox"] == drill
    banner = render_to_string("preparedness/_sandbox_banner.html", context)
    assert "sandbox" in banner or "bac à sable" in banner
    request.membership = cast.victor  # type: ignore[attr-defined]
    assert drill_sandbox(request) == {}


def test_the_team_works_the_drill_through_the_real_pages(cast: Cast) -> None:
    """Alice starts a drill, Colin triages in the sandbox inbox, Alice opens the crisis from
    the sandbox's crisis room, ends the drill, and the report counts both; the real firm's
    inbox stays empty."""
    alice, colin = _client(cast.alice), _client(cast.colin)
    alice.post(reverse("drill_start", args=["alpha"]), {"scenario": "data_breach", "speed": "1"})
    drill = Drill.objects.for_firm(cast.firm_a).get()
    slug = drill.sandbox.slug
    assert colin.get(reverse("inbox", args=[slug])).status_code == 200
    mention = Mention.objects.for_firm(drill.sandbox).get()
    triaged = colin.post(
        reverse("triage", args=[slug]), {"ids": [mention.pk], "status": "to_answer"}
    )
    assert triaged.status_code == 302
    opened = alice.post(
        reverse("crisis_open", args=[slug]),
        {
            "title": "Fuite de bulletins (exercice)",
            "crisis_type": "data_breach",
            "severity": "2",
            "awareness_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert opened.status_code == 302, opened.content[:500]
    alice.post(reverse("drill_end", args=["alpha", drill.pk]))
    drill.refresh_from_db()
    times = {t["key"]: t for t in drill.report["times"]}
    assert times["acknowledge"]["met"] and times["open_crisis"]["met"]
    assert drill.report["mentions"] == {"total": 1, "triaged": 1}
    assert Mention.objects.for_firm(cast.firm_a).count() == 0
