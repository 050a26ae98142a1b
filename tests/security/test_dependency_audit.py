"""The pip-audit wrapper of `make security` never passes silently (see audit_dependencies.py)."""

from __future__ import annotations

import pytest

from tests.security.audit_dependencies import verdict

CLEAN = {"name": "django", "version": "6.1.3", "vulns": []}
EDITABLE = {"name": "tocsin", "skip_reason": "distribution marked as editable"}
UNKNOWN = {
    "name": "celery",
    "skip_reason": "Dependency not found on PyPI and could not be audited: celery (5.7.0)",
}
VULNERABLE = {
    "name": "django",
    "version": "6.1.0",
    "vulns": [{"id": "PYSEC-2026-1", "fix_versions": ["6.1.3"]}],
}


def test_a_known_vulnerability_fails(capsys: pytest.CaptureFixture[str]) -> None:
    assert verdict({"dependencies": [VULNERABLE, CLEAN]}, required=False) == 1
    assert "django 6.1.0: PYSEC-2026-1 (fixed in 6.1.3)" in capsys.readouterr().err


def test_a_full_audit_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert verdict({"dependencies": [CLEAN, EDITABLE]}, required=True) == 0
    assert "1 packages checked: no known vulnerability" in capsys.readouterr().out


def test_packages_the_service_could_not_check_are_said_not_audited(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert verdict({"dependencies": [CLEAN, UNKNOWN, EDITABLE]}, required=False) == 0
    assert "NOT AUDITED: 1 of 2 packages could not be checked" in capsys.readouterr().err
    assert verdict({"dependencies": [CLEAN, UNKNOWN]}, required=True) == 1
