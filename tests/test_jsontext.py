"""docgen.emit.jsontext.dumps writes exactly what json.dumps(indent=..., ensure_ascii=False)
writes: on every JSON file the build makes, on odd values, and on any JSON-like data."""

from __future__ import annotations

import json
import math
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.emit.jsontext import dumps

REPO = Path(__file__).resolve().parents[1]


def _std(data: object, indent: int = 2) -> str:
    return json.dumps(data, indent=indent, ensure_ascii=False)


def test_every_generated_json_file() -> None:
    files = sorted((REPO / "generated").glob("*/*.json"))
    assert len(files) >= 200  # catalog.json and config.schema.json of every package
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert dumps(json.loads(text)) + "\n" == text, path


@pytest.mark.parametrize(
    "data",
    [
        {},
        [],
        "",
        0,
        -1.5,
        None,
        True,
        {"nan": math.nan, "inf": math.inf, "-inf": -math.inf, "zero": -0.0, "big": 1e300},
        {"text": '\u2028\u2029 \x00\x1f é 𝄞 "quoted" back\\slash \t\n'},
        {"empty": {}, "none": [], "nested": [[{}], [[]], {"a": [1, [2, {"b": None}]]}]},
        (1, (2, 3)),
        {1: "int key", 2.5: "float key", None: "null key", False: "bool key"},
        {"tuple": ("a", "b")},
    ],
)
def test_odd_values(data: object) -> None:
    assert dumps(data) == _std(data)
    assert dumps(data, indent=4) == _std(data, indent=4)


class _Text(str):
    pass


class _Number(int):
    pass


def test_subclasses_and_other_types_are_left_to_the_standard_library() -> None:
    for data in ({"a": _Text("x")}, [_Number(3)], {"k": [1, {"d": 2.0}]}):
        assert dumps(data) == _std(data)
    with pytest.raises(TypeError):
        dumps({"a": Decimal("1.5")})  # what json.dumps says of it


def test_a_cycle_is_refused_as_json_dumps_refuses_it() -> None:
    loop: list[object] = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular reference"):
        dumps(loop)


_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(_json)
def test_any_json_data(data: object) -> None:
    assert dumps(data) == _std(data)
