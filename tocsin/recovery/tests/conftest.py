from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from tocsin.crises import services as crises
from tocsin.crises.models import Crisis, CrisisType
from tocsin.mentions.models import Mention
from tocsin.testing import Cast

_keys = count()


def mention(
    firm: Any, at: datetime, *, negative: bool = False, crisis_type: str = "none"
) -> Mention:
    n = next(_keys)
    return Mention.objects.create(
        firm=firm,
        dedup_key=f"k{n}",
        text=f"mention {n}",
        published_at=at,
        sentiment="negative" if negative else "neutral",
        crisis_type=crisis_type,
    )


@pytest.fixture
def crisis(cast: Cast) -> Crisis:
    """An accounting-error crisis of firm A, the firm aware since three days."""
    return crises.open_crisis(
        cast.firm_a,
        opened_by=cast.alice.person,
        crisis_type=CrisisType.ACCOUNTING_ERROR,
        title="Déclaration de TVA en retard",
        awareness_at=timezone.now() - timedelta(days=3),
        now=timezone.now() - timedelta(days=3),
    )


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
