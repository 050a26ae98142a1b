"""A request body holds JSON's own types; pydantic's lax guesses are refused."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.db import models
from pydantic import Field, ValidationError

from tocsin.lib.json_body import JsonBody


class Level(models.IntegerChoices):
    LOW = 1, "low"
    HIGH = 2, "high"


class Kind(models.TextChoices):
    RSS = "rss", "RSS"


class Item(JsonBody):
    n: int


class Body(JsonBody):
    at: datetime | None = None
    day: date | None = None
    count: int = Field(0, ge=0)
    share: float = 0.0
    flag: bool = False
    level: Level = Level.LOW
    kind: Kind = Kind.RSS
    ids: list[int] = []
    items: list[Item] = []
    settings: dict[str, object] = {}


@pytest.mark.parametrize(
    "body",
    [
        {"at": "2026-11-27T10:00:00+01:00", "day": "2026-11-27"},
        {"at": None, "count": 3, "share": 1, "flag": True},
        {"level": 2, "kind": "rss", "ids": [1, 2], "items": [{"n": 1}]},
        {"settings": {"anything": [1, "two", None]}},
    ],
)
def test_json_types_pass(body: dict[str, object]) -> None:
    Body.model_validate(body)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"at": 1764237600}, "at"),
        ({"day": 20261127}, "day"),
        ({"count": "3"}, "count"),
        ({"count": 3.0}, "count"),
        ({"count": True}, "count"),
        ({"share": "0.5"}, "share"),
        ({"flag": 1}, "flag"),
        ({"flag": "true"}, "flag"),
        ({"level": "2"}, "level"),
        ({"kind": 1}, "kind"),
        ({"ids": ["1"]}, "ids"),
        ({"ids": "1,2"}, "ids"),
        ({"items": [{"n": "1"}]}, "items.0"),
    ],
)
def test_lax_guesses_are_refused_and_named(body: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        Body.model_validate(body)
    error = refused.value.errors()[0]
    shown = ".".join(str(part) for part in (*error["loc"], error["msg"]))
    assert field.split(".")[0] in shown


def test_pydantic_rules_still_apply_after_the_type_check() -> None:
    with pytest.raises(ValidationError):
        Body.model_validate({"count": -1})
    with pytest.raises(ValidationError):
        Body.model_validate({"at": "not a moment"})
