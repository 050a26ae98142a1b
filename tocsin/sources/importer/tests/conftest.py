from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Reasons are matched in English, whatever the French catalogue says."""
    with translation.override("en"):
        yield
