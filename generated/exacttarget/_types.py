"""Value types of the Salesforce Marketing Cloud models, checked exactly as validators.py checks them."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, StrictInt, StrictStr, TypeAdapter

from .validators import is_date, is_date_time, is_decimal, is_email, is_time, is_uri


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


def matching(pattern: str) -> AfterValidator:
    """A check that the text contains a match of ``pattern`` (Python ``re.search``)."""
    compiled = re.compile(pattern)

    def validate(value: str) -> str:
        if compiled.search(value) is None:
            raise ValueError(f"does not match the pattern {pattern}")
        return value

    return AfterValidator(validate)


def checked(inner: Any) -> BeforeValidator:
    """For a secret with a format or pattern: the value is checked as ``inner`` before
    SecretStr hides it."""
    adapter: TypeAdapter[Any] = TypeAdapter(inner)

    def validate(value: Any) -> Any:
        if isinstance(value, str):
            adapter.validate_python(value)
        return value

    return BeforeValidator(validate)


Integer = Annotated[StrictInt, BeforeValidator(_integral)]
DateTime = Annotated[StrictStr, AfterValidator(_format(is_date_time, "date-time"))]
Date = Annotated[StrictStr, AfterValidator(_format(is_date, "date"))]
Time = Annotated[StrictStr, AfterValidator(_format(is_time, "time"))]
DecimalString = Annotated[StrictStr, AfterValidator(_format(is_decimal, "singer.decimal"))]
Email = Annotated[StrictStr, AfterValidator(_format(is_email, "email"))]
Uri = Annotated[StrictStr, AfterValidator(_format(is_uri, "uri"))]
