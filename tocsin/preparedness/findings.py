"""What an automated check found, and how the checks reach the network (configurable).

A finding carries its own explanation and fix in French and English, so the page, the API,
the command and the remediation plan all say the same thing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

PASS, WARN, FAIL = "pass", "warn", "fail"

# Selectors the big mail providers use; a firm adds its own in the audit form.
DEFAULT_DKIM_SELECTORS = (
    "default",
    "selector1",
    "selector2",
    "google",
    "k1",
    "k2",
    "s1",
    "s2",
    "dkim",
    "mail",
    "smtp",
    "ovh",
    "mx",
)


def texts(fr: str, en: str) -> dict[str, str]:
    return {"fr": fr, "en": en}


@dataclass
class Finding:
    key: str
    status: str
    risk: int
    effort: int
    title: dict[str, str]
    explanation: dict[str, str]
    fix: dict[str, str] = field(default_factory=dict)
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "status": self.status,
            "risk": self.risk,
            "effort": self.effort,
            "title": self.title,
            "explanation": self.explanation,
            "fix": self.fix if self.status != PASS else {},
            "detail": self.detail,
        }


def _setting(name: str, default: Any) -> Any:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name)
    return default if value in (None, "") else value


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v) for v in value]


@dataclass
class CheckConfig:
    """Where the checks look. Production uses the system resolver and the standard ports;
    tests point them at servers on loopback (``TOCSIN_AUDIT_*`` settings)."""

    nameservers: list[str] | None = None
    dns_port: int = 53
    dkim_selectors: tuple[str, ...] = DEFAULT_DKIM_SELECTORS
    http_port: int = 80
    https_port: int = 443
    ca_file: str | None = None
    timeout: float = 5.0
    near_expiry_days: int = 21

    @classmethod
    def from_settings(cls, extra_selectors: list[str] | None = None) -> CheckConfig:
        servers = _names(_setting("TOCSIN_AUDIT_NAMESERVERS", ""))
        selectors = _names(_setting("TOCSIN_AUDIT_DKIM_SELECTORS", list(DEFAULT_DKIM_SELECTORS)))
        for s in extra_selectors or []:
            if s and s not in selectors:
                selectors.insert(0, s)
        return cls(
            nameservers=servers or None,
            dns_port=int(_setting("TOCSIN_AUDIT_DNS_PORT", 53)),
            dkim_selectors=tuple(selectors),
            http_port=int(_setting("TOCSIN_AUDIT_HTTP_PORT", 80)),
            https_port=int(_setting("TOCSIN_AUDIT_HTTPS_PORT", 443)),
            ca_file=_setting("TOCSIN_AUDIT_CA_FILE", None),
            timeout=float(_setting("TOCSIN_AUDIT_TIMEOUT", 5.0)),
        )
