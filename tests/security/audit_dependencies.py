"""pip-audit over the installed environment, saying plainly when it could not audit.

    .venv/bin/python tests/security/audit_dependencies.py     (run by `make security`)

pip-audit asks a vulnerability service on the network (PyPI's JSON API by default) about every
installed package. Its own exit code is 0 when the service cannot answer, with every package
listed as "could not be audited" under "No known vulnerabilities found": a silent pass. This
wrapper reads its JSON report instead:

* a known vulnerability: exit 1, naming the package, the advisory and the fixed versions;
* packages the service could not check (network unreachable, versions it does not know): a
  loud "NOT AUDITED" message naming how many; exit 0 so that an offline machine can still run
  the tests, or exit 1 when ``TOCSIN_AUDIT_REQUIRED=1`` (set it where the network is there);
* pip-audit itself failing (no network at all): the same, with its error.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

PIP_AUDIT = Path(sys.executable).with_name("pip-audit")


def _not_audited(message: str, *, required: bool) -> int:
    print(f"pip-audit: NOT AUDITED: {message}", file=sys.stderr)
    if required:
        print("pip-audit: TOCSIN_AUDIT_REQUIRED=1, so this is a failure.", file=sys.stderr)
        return 1
    print(
        "pip-audit: continuing without a dependency audit (TOCSIN_AUDIT_REQUIRED=1 makes "
        "this a failure).",
        file=sys.stderr,
    )
    return 0


def verdict(report: dict[str, Any], *, required: bool) -> int:
    """Print what the report says and return the exit code."""
    # Tocsin itself, installed editable, is not on PyPI: not a gap in the audit.
    dependencies = [
        d for d in report.get("dependencies", []) if "editable" not in d.get("skip_reason", "")
    ]
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions", [])) or "no fixed version yet"
            print(
                f"pip-audit: {dependency['name']} {dependency.get('version', '')}: "
                f"{vuln.get('id')} (fixed in {fixed})",
                file=sys.stderr,
            )
    if vulnerable:
        return 1
    audited = len(dependencies) - len(skipped)
    if skipped:
        reasons = sorted({d["skip_reason"].split(":")[0] for d in skipped})
        code = _not_audited(
            f"{len(skipped)} of {len(dependencies)} packages could not be checked "
            f"({'; '.join(reasons)}); the vulnerability service did not answer for them.",
            required=required,
        )
        if audited:
            print(f"pip-audit: {audited} packages checked: no known vulnerability.")
        return code
    print(f"pip-audit: {audited} packages checked: no known vulnerability.")
    return 0


def main() -> int:
    required = os.environ.get("TOCSIN_AUDIT_REQUIRED") == "1"
    try:
        run = subprocess.run(
            [str(PIP_AUDIT), "--format", "json", "--progress-spinner", "off", "--skip-editable"],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return _not_audited(
            "pip-audit did not finish within 10 minutes (network?).", required=required
        )
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        error = (run.stderr.strip().splitlines() or ["no output"])[-1]
        return _not_audited(f"pip-audit failed (exit {run.returncode}): {error}", required=required)
    return verdict(report, required=required)


if __name__ == "__main__":
    sys.exit(main())
