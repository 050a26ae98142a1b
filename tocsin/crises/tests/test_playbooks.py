"""Playbooks: shipped files, validation, versions, YAML round trip, command and editor."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from django.utils.translation import override

from tocsin.crises import playbook as playbooks
from tocsin.crises import services
from tocsin.crises.models import CrisisType
from tocsin.testing import Cast


@pytest.mark.parametrize("language", playbooks.LANGUAGES)
@pytest.mark.parametrize("crisis_type", CrisisType.values)
def test_every_type_ships_a_valid_playbook(crisis_type: str, language: str) -> None:
    path = playbooks.shipped_path(crisis_type, language)
    document = playbooks.parse(path.read_text(encoding="utf-8"))
    assert document["crisis_type"] == crisis_type and document["language"] == language
    assert document["activation_criteria"] and document["steps"]


def test_french_and_english_playbooks_have_the_same_steps_and_clocks() -> None:
    for crisis_type in CrisisType.values:
        fr, en = (
            playbooks.parse(playbooks.shipped_source(crisis_type, lang)) for lang in ("fr", "en")
        )
        assert [s["key"] for s in fr["steps"]] == [s["key"] for s in en["steps"]]
        assert [(c["kind"], c["due"]) for c in fr["clocks"]] == [
            (c["kind"], c["due"]) for c in en["clocks"]
        ]


def test_invalid_playbook_lists_every_problem() -> None:
    with override("en"), pytest.raises(playbooks.PlaybookError) as caught:
        playbooks.parse("crisis_type: nope\nlanguage: de\nsteps:\n  - {key: a, owner: boss}\n")
    problems = " ".join(caught.value.problems)
    for expected in ("crisis_type", "language", "title", "owner", "due"):
        assert expected in problems


def test_insurer_deadline_below_five_working_days_is_refused() -> None:
    source = playbooks.shipped_source("accounting_error", "fr").replace(
        "working_days: 5}\n", "working_days: 3}\n"
    )
    with override("en"), pytest.raises(playbooks.PlaybookError, match="5 working days"):
        playbooks.parse(source)


def test_yaml_safe_loader_refuses_python_objects() -> None:
    with pytest.raises(playbooks.PlaybookError):
        playbooks.parse("!!python/object/apply:os.system ['true']")


@pytest.mark.parametrize("text", ["reviewed: 2026-13-45\n", "version: !!int 99x\n"])
def test_a_value_yaml_cannot_build_is_a_playbook_error(text: str) -> None:
    with pytest.raises(playbooks.PlaybookError, match="a value cannot be read"):
        playbooks.parse(text)


def test_saving_makes_a_new_version_and_crises_keep_theirs(cast: Cast) -> None:
    first = playbooks.current(cast.firm_a, "other", "fr")
    crisis = services.open_crisis(cast.firm_a, opened_by=None, crisis_type="other", title="x",
                                  awareness_at=timezone.now())  # fmt: skip
    edited = first.source.replace("Établir les faits", "Établir et dater les faits")
    second = playbooks.save_version(cast.firm_a, edited, actor=cast.ada.person)
    assert (first.version, second.version) == (1, 2)
    assert playbooks.current(cast.firm_a, "other", "fr") == second
    crisis.refresh_from_db()
    assert crisis.playbook == first
    assert crisis.tasks.filter(title="Établir les faits").exists()


def test_command_exports_and_imports_yaml(cast: Cast, tmp_path: Path) -> None:
    target = tmp_path / "pb.yaml"
    call_command("playbook", "export", "client_dispute", "--firm", "alpha", "-o", str(target))
    document = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert document["crisis_type"] == "client_dispute"
    document["review_every_days"] = 180
    target.write_text(playbooks.dump(document), encoding="utf-8")
    out = StringIO()
    call_command("playbook", "import", str(target), "--firm", "alpha", stdout=out)
    assert "version 2" in out.getvalue()
    assert playbooks.current(cast.firm_a, "client_dispute", "fr").review_every_days == 180
    shipped = StringIO()
    call_command("playbook", "export", "data_breach", "--language", "en", stdout=shipped)
    assert "GDPR" in shipped.getvalue()
    target.write_text("title: nothing\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("playbook", "validate", str(target))


def test_admin_edits_a_playbook_in_the_editor(cast: Cast, client: Client) -> None:
    playbook = playbooks.current(cast.firm_a, "other", "fr")
    client.force_login(cast.ada.person)
    page = client.get(f"/f/alpha/crises/playbooks/{playbook.pk}/edit/")
    assert page.status_code == 200 and "tocsin-playbook/1" in page.content.decode()
    bad = client.post(f"/f/alpha/crises/playbooks/{playbook.pk}/save/", {"source": "title: x"})
    assert bad.status_code == 400 and "crisis_type" in bad.content.decode()
    source = playbook.source.replace("review_every_days: 365", "review_every_days: 90")
    saved = client.post(f"/f/alpha/crises/playbooks/{playbook.pk}/save/", {"source": source})
    assert saved.status_code == 302
    assert playbooks.current(cast.firm_a, "other", "fr").review_every_days == 90


def test_partner_cannot_edit_a_playbook(cast: Cast, client: Client) -> None:
    playbook = playbooks.current(cast.firm_a, "other", "fr")
    client.force_login(cast.alice.person)
    response = client.post(f"/f/alpha/crises/playbooks/{playbook.pk}/save/", {"source": "x"})
    assert response.status_code == 403
