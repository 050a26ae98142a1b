"""Sign-in events go to the audit trail; the trail stays append-only after every migrate."""

from __future__ import annotations

import importlib
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db import connections
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from tocsin.firms import audit


@receiver(user_logged_in)
def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit.record("auth.sign_in", actor=user, target=user, request=request)


@receiver(user_logged_out)
def _signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit.record("auth.sign_out", actor=user, target=user, request=request)


@receiver(post_migrate)
def _keep_audit_append_only(sender: Any, using: str = "default", **kwargs: Any) -> None:
    if getattr(sender, "name", "") != "tocsin.firms":
        return
    migration = importlib.import_module("tocsin.firms.migrations.0002_audit_append_only")
    migration.ensure_append_only(connections[using])
