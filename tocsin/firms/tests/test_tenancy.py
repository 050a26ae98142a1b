from __future__ import annotations

import pytest

from tocsin.firms.models import ApiToken
from tocsin.firms.tenancy import UnscopedQueryError
from tocsin.testing import Cast


def test_query_without_firm_is_refused(cast: Cast) -> None:
    ApiToken.issue(firm=cast.firm_a, person=cast.alice.person, name="a")
    with pytest.raises(UnscopedQueryError):
        list(ApiToken.objects.all())
    with pytest.raises(UnscopedQueryError):
        ApiToken.objects.filter(name="a").count()
    with pytest.raises(UnscopedQueryError):
        ApiToken.objects.filter(name="a").exists()
    with pytest.raises(UnscopedQueryError):
        ApiToken.objects.update(name="b")
    with pytest.raises(UnscopedQueryError):
        ApiToken.objects.all().delete()


def test_for_firm_sees_only_that_firm(cast: Cast) -> None:
    mine, _ = ApiToken.issue(firm=cast.firm_a, person=cast.alice.person, name="a")
    ApiToken.issue(firm=cast.firm_b, person=cast.bob.person, name="b")
    assert list(ApiToken.objects.for_firm(cast.firm_a)) == [mine]
    # The scope survives further filtering and chaining.
    assert ApiToken.objects.for_firm(cast.firm_a).filter(name="b").count() == 0
    assert ApiToken.objects.for_firm(cast.firm_b).exclude(name="x").count() == 1
