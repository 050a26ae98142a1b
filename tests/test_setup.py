"""The embedded default, production settings, the command line and the demo."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from tocsin.firms import demo
from tocsin.firms.models import Firm, Membership

ROOT = Path(__file__).resolve().parent.parent
TOCSIN = [sys.executable, "-m", "tocsin.cli"]


def _env(**extra: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY", "TOCSIN_ENV"}
    }
    env.update(extra)
    return env


def test_embedded_default_keeps_its_own_secret_key(tmp_path: Path) -> None:
    code = (
        "from django.conf import settings as s; "
        "print(s.SECRET_KEY); print(s.DATABASES['default']['ENGINE'])"
    )
    env = _env(TOCSIN_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="tocsin.settings")
    run = lambda: subprocess.run(  # noqa: E731
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout.split()
    first, second = run(), run()
    assert first[0] == second[0] and len(first[0]) > 50
    assert first[1] == "django.db.backends.sqlite3"
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"


def test_production_settings_pass_check_deploy(tmp_path: Path) -> None:
    env = _env(
        TOCSIN_ENV="production",
        SECRET_KEY="k" * 20 + "-production-secret-" + "z" * 30,
        ALLOWED_HOSTS="tocsin.example.org",
        TOCSIN_DATA_DIR=str(tmp_path),
    )
    result = subprocess.run(
        [*TOCSIN, "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret(tmp_path: Path) -> None:
    env = _env(TOCSIN_ENV="production", ALLOWED_HOSTS="x.example", TOCSIN_DATA_DIR=str(tmp_path))
    result = subprocess.run([*TOCSIN, "check"], env=env, capture_output=True, text=True, cwd=ROOT)
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_cli_accepts_hyphenated_subcommands(tmp_path: Path) -> None:
    result = subprocess.run(
        [*TOCSIN, "audit", "--help"],
        env=_env(TOCSIN_DATA_DIR=str(tmp_path)),
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0 and "verify" in result.stdout


@pytest.mark.django_db
def test_demo_is_idempotent_and_prints_sign_in(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("demo")
    call_command("demo")
    firm = Firm.objects.get(slug=demo.DEMO_SLUG)
    assert Membership.objects.filter(firm=firm).count() == len(demo.TEAM)
    out = capsys.readouterr().out
    assert "claire@martin-associes.example" in out and demo.DEMO_PASSWORD in out
    claire = Membership.objects.get(firm=firm, person__email="claire@martin-associes.example")
    assert claire.on_call and claire.deputy is not None


@pytest.mark.django_db
def test_createfirm_makes_an_admin_with_a_password_link(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("createfirm", "Cabinet Dupont", "--admin-email", "marie@dupont.example")
    firm = Firm.objects.get(name="Cabinet Dupont")
    admin = Membership.objects.get(firm=firm)
    assert admin.role == "admin" and not admin.person.has_usable_password()
    assert "/password/reset/" in capsys.readouterr().out


def test_web_and_cli_processes_use_tocsins_celery_app(tmp_path: Path) -> None:
    code = (
        "import sys, tocsin.wsgi; from celery import current_app; "
        "print(current_app.main, current_app.conf.task_acks_late)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=_env(TOCSIN_DATA_DIR=str(tmp_path)),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    ).stdout.split()
    assert out == ["tocsin", "True"]


def test_judgement_commands_start_without_celery(tmp_path: Path) -> None:
    code = (
        "import sys; from tocsin import cli\n"
        "try:\n    cli.main(['analyze', '--help'])\nexcept SystemExit:\n    pass\n"
        "print('celery' in sys.modules)"
    )
    out = (
        subprocess.run(
            [sys.executable, "-c", code],
            env=_env(TOCSIN_DATA_DIR=str(tmp_path)),
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        )
        .stdout.strip()
        .splitlines()
    )
    assert out[-1] == "False"
