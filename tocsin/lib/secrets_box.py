"""Encryption at rest for credentials Tocsin keeps (OAuth tokens, webhook secrets).

The key comes from ``TOCSIN_ENCRYPTION_KEY`` (a Fernet key: ``tocsin generate-key``) or, when
it is unset, is derived from ``SECRET_KEY`` with HKDF, so the embedded setup needs nothing.
Rotating: put the new key first in ``TOCSIN_ENCRYPTION_KEY`` (comma-separated), old ones
after; values are read with any key and written with the first.
"""

from __future__ import annotations

import base64
import json
import os
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


class SecretUnreadable(Exception):
    """A stored secret cannot be decrypted with the configured keys."""


@cache
def _box() -> MultiFernet:
    configured = [
        k.strip() for k in os.environ.get("TOCSIN_ENCRYPTION_KEY", "").split(",") if k.strip()
    ]
    if configured:
        return MultiFernet([Fernet(k) for k in configured])
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"tocsin-secrets-v1", info=b"fernet"
    ).derive(settings.SECRET_KEY.encode())
    return MultiFernet([Fernet(base64.urlsafe_b64encode(derived))])


def seal(value: dict[str, Any]) -> str:
    """Encrypt a JSON-serialisable mapping; empty mappings are stored as ''."""
    if not value:
        return ""
    return _box().encrypt(json.dumps(value, sort_keys=True).encode()).decode()


def unseal(token: str) -> dict[str, Any]:
    if not token:
        return {}
    try:
        return dict(json.loads(_box().decrypt(token.encode())))
    except InvalidToken as exc:
        raise SecretUnreadable(
            "stored credentials cannot be decrypted with the current keys"
        ) from exc
