"""Request bodies that hold JSON's own types, as the OpenAPI document promises.

django-ninja parses a body with ``json.loads`` and validates the resulting dict in
pydantic's Python mode, which is lax: ``"2"`` passes for an integer, ``12`` for a date and
time (seconds since 1970), ``1`` for a boolean. A client that sent the wrong type would see
its request accepted with a guessed meaning, and the API would not be the one its document
describes. A body based on :class:`JsonBody` first checks each field's JSON type against
its annotation (numbers are numbers, booleans booleans, moments and days ISO 8601 text,
choices one of their values' type), then lets pydantic validate as usual; a wrong type is a
422 that names the field.

(pydantic's strict JSON mode would say the same, but ninja validates Python objects, and a
model validator makes pydantic treat even ``validate_json`` input as Python objects.)

Query-string schemas must not use it: every value of a query string is text.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from datetime import date, datetime, time
from enum import Enum
from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, model_validator

_TEXT_TYPES = (datetime, date, time)  # ISO 8601 in JSON


Check = Callable[[Any], bool]


def _anything(value: Any) -> bool:
    return True


def _checks_of(*kinds: type) -> Check:
    def check(value: Any) -> bool:
        return isinstance(value, kinds) and not (isinstance(value, bool) and bool not in kinds)

    return check


def checker(annotation: Any) -> Check:
    """A function telling whether a JSON value has a type ``annotation`` accepts (types it
    does not know are left to pydantic). Built once per field."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return checker(args[0])
    if origin is Union or origin is types.UnionType:
        branches = [checker(arg) for arg in args]
        return lambda value: any(branch(value) for branch in branches)
    if annotation is type(None):
        return lambda value: value is None
    if annotation in (bool, int, str):
        return _checks_of(annotation)
    if annotation is float:
        return _checks_of(int, float)
    if annotation in _TEXT_TYPES:
        return _checks_of(str)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return _checks_of(*{type(member.value) for member in annotation})
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _checks_of(dict)
    if origin in (list, set, frozenset, tuple):
        item = checker(args[0]) if args else _anything
        return lambda value: isinstance(value, list) and all(item(v) for v in value)
    if origin is dict:
        item = checker(args[1]) if len(args) == 2 else _anything
        return lambda value: isinstance(value, dict) and all(item(v) for v in value.values())
    return _anything


def _described(annotation: Any) -> str:
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return _described(args[0])
    if origin is Union or origin is types.UnionType:
        return " or ".join(_described(arg) for arg in args)
    if annotation in (datetime, date, time):
        return "ISO 8601 text"
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return "one of " + ", ".join(repr(member.value) for member in annotation)
    names = {
        type(None): "null",
        bool: "true or false",
        int: "an integer",
        float: "a number",
        str: "text",
    }
    if annotation in names:
        return names[annotation]
    if origin in (list, set, frozenset, tuple):
        return "a list"
    return "an object"


class JsonBody(BaseModel):
    """A request body (a plain pydantic model: ninja's ``Schema`` reads ORM objects, which
    a body never is)."""

    @model_validator(mode="before")
    @classmethod
    def _json_types(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        for key, check, annotation in _fields(cls):
            if key in data and not check(data[key]):
                raise ValueError(f"{key}: expected {_described(annotation)}")
        return data


@cache
def _fields(cls: type[BaseModel]) -> list[tuple[str, Check, Any]]:
    return [
        (field.alias or name, checker(field.annotation), field.annotation)
        for name, field in cls.model_fields.items()
    ]
