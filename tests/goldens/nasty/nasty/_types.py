"""Shared runtime of the Nasty \"Connector\" \\ \"\"\" models (pydantic): the value types, checked
exactly as
validators.py checks them, and the base models. The same in every package docgen generates."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    StrictInt,
    StrictStr,
    TypeAdapter,
    model_validator,
)

from ._runtime import is_date, is_date_time, is_decimal, is_email, is_time, is_uri


def _integral(value: Any) -> Any:
    """JSON Schema counts 3.0 as an integer; so do the models."""
    if type(value) is float and value.is_integer():
        return int(value)
    return value


def _format(check: Callable[[str], bool], name: str) -> Callable[[str], str]:
    def validate(value: str) -> str:
        if not check(value):
            raise ValueError(f"bad {name} format")
        return value

    return validate


def matching(pattern: str, rule: str) -> AfterValidator:
    """A check that the text contains a match of ``pattern`` (Python ``re.search``); the
    error states ``rule``, the docs' words for it."""
    compiled = re.compile(pattern)

    def validate(value: Any) -> Any:
        if isinstance(value, str) and compiled.search(value) is None:
            raise ValueError(rule)
        return value

    return AfterValidator(validate)


def checked(inner: Any, pattern: str | None = None, rule: str = "") -> BeforeValidator:
    """For a secret with a format or pattern: the value is checked as ``inner`` (and against
    ``pattern``, the error stating ``rule``) before SecretStr hides it."""
    adapter: TypeAdapter[Any] = TypeAdapter(inner)
    compiled = None if pattern is None else re.compile(pattern)

    def validate(value: Any) -> Any:
        if isinstance(value, str):
            adapter.validate_python(value)
            if compiled is not None and compiled.search(value) is None:
                raise ValueError(rule)
        return value

    return BeforeValidator(validate)


Integer = Annotated[StrictInt, BeforeValidator(_integral)]
DateTime = Annotated[StrictStr, AfterValidator(_format(is_date_time, "date-time"))]
Date = Annotated[StrictStr, AfterValidator(_format(is_date, "date"))]
Time = Annotated[StrictStr, AfterValidator(_format(is_time, "time"))]
DecimalString = Annotated[StrictStr, AfterValidator(_format(is_decimal, "singer.decimal"))]
Email = Annotated[StrictStr, AfterValidator(_format(is_email, "email"))]
Uri = Annotated[StrictStr, AfterValidator(_format(is_uri, "uri"))]


# ---- base models: a field is given by its documented name or by its Python name ----

_PYTHON_NAMES: dict[type[BaseModel], dict[str, str]] = {}


def python_names(model: type[BaseModel]) -> dict[str, str]:
    """Python field name -> documented name, for the fields whose documented name is not a
    Python name. A Python name that is another field's documented name is that field's."""
    names = _PYTHON_NAMES.get(model)
    if names is None:
        if not model.__pydantic_complete__:
            # validated inside another model before its own build: its fields' aliases are
            # known only once its annotations are resolved
            model.model_rebuild()
        fields = model.model_fields
        documented = {info.alias or name for name, info in fields.items()}
        names = {
            name: info.alias
            for name, info in fields.items()
            if info.alias and info.alias != name and name not in documented
        }
        _PYTHON_NAMES[model] = names
    return names


def by_documented_name(model: type[BaseModel], data: Any) -> Any:
    """``data`` with every Python field name replaced by the field's documented name, so the
    value is checked as the field (never kept unchecked as an extra property); a field given
    under both names is refused."""
    if not isinstance(data, dict):
        return data
    names = python_names(model)
    if not names or names.keys().isdisjoint(data):
        return data
    out: dict[Any, Any] = {}
    for key, value in data.items():
        documented = names.get(key) if isinstance(key, str) else None
        if documented is None:
            out[key] = value
        elif documented in data:
            raise ValueError(
                f"{key!r} and {documented!r} are the same field; give it once, as {documented!r}"
            )
        else:
            out[documented] = value
    return out


class Record(BaseModel):
    """Base of the record models: properties the catalog does not list are allowed."""

    model_config = ConfigDict(extra="allow")

    @model_validator(mode="before")
    @classmethod
    def _documented_names(cls, data: Any) -> Any:
        return by_documented_name(cls, data)


class Config(BaseModel):
    """Base of the config models: exactly the documented properties, values never echoed."""

    model_config = ConfigDict(extra="forbid", strict=True, hide_input_in_errors=True)

    @model_validator(mode="before")
    @classmethod
    def _documented_names(cls, data: Any) -> Any:
        return by_documented_name(cls, data)
