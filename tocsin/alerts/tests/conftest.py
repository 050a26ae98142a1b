from __future__ import annotations

from tocsin.alerts.tests.loopback import http, smtp

__all__ = ["http", "smtp"]
