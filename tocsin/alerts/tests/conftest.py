from __future__ import annotations

from tocsin.alerts.tests.loopback import http

__all__ = ["http"]
