from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tocsin.crises import services
from tocsin.crises.models import Crisis, CrisisType
from tocsin.testing import Cast


@pytest.fixture
def breach(cast: Cast) -> Crisis:
    """A data-breach crisis of firm A, opened by alice two hours after the firm became aware."""
    return services.open_crisis(
        cast.firm_a,
        opened_by=cast.alice.person,
        crisis_type=CrisisType.DATA_BREACH,
        title="Fuite de bulletins de paie",
        awareness_at=timezone.now() - timedelta(hours=2),
        description="Bulletins de paie téléchargés après un hameçonnage.",
    )
