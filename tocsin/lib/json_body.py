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
from datetime import date, datetime, time
from enum import Enum
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, model_validator

_TEXT_TYPES = (str, datetime, date, time)


def fits(value: Any, annotation: Any) -> bool:
    """Whether the JSON ``value`` has a type ``annotation`` accepts (types this check does
    not know are left to pydantic)."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return fits(value, args[0])
    if origin is Union or origin is types.UnionType:
        return any(fits(value, arg) for arg in args)
    if annotation is type(None):
        return value is None
    if annotation is bool:
        return isinstance(value, bool)
    if annotation is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if annotation is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if annotation in _TEXT_TYPES:
        return isinstance(value, str)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return any(fits(value, type(member.value)) for member in annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return isinstance(value, dict)
    if origin in (list, set, frozenset, tuple):
        item = args[0] if args else Any
        return isinstance(value, list) and all(fits(v, item) for v in value)
    if origin is dict:
        item = args[1] if len(args) == 2 else Any
        return isinstance(value, dict) and all(fits(v, item) for v in value.values())
    return True


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
    names = {type(None): "null", bool: "true or false", int: "an integer", float: "a number"}
    if annotation in names:
        return names[annotation]
    if origin in (list, set, frozenset, tuple):
        return "a list"
    return getattr(annotation, "__name__", str(annotation))


class JsonBody(BaseModel):
    """A request body (a plain pydantic model: ninja's ``Schema`` reads ORM objects, which
    a body never is)."""

    @model_validator(mode="before")
    @classmethod
    def _json_types(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        for name, field in cls.model_fields.items():
            key = field.alias or name
            if key in data and not fits(data[key], field.annotation):
                raise ValueError(f"{key}: expected {_described(field.annotation)}")
        return data
