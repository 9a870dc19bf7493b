"""Generated code stays within 100 characters wherever a break is possible."""

from __future__ import annotations

import ast

from docgen.emit.fmt import format_many
from docgen.emit.records import shared_name
from docgen.emit.validators import NAME_LENGTH, short_name
from docgen.emit.wrap import LIMIT, wrap_long_strings

LONG = " ".join(f"word{i}" for i in range(60))


def test_long_strings_are_cut_at_spaces_into_an_equal_value() -> None:
    source = f"x = f(description={LONG!r})\n"
    out = format_many({"m.py": source})["m.py"]  # formatted, strings cut, formatted again
    assert all(len(line) <= LIMIT for line in out.splitlines())
    call = ast.parse(out).body[0].value  # type: ignore[attr-defined]
    assert ast.literal_eval(call.keywords[0].value) == LONG


def test_docstrings_are_reflowed_and_unbreakable_tokens_left_alone() -> None:
    source = f'class A:\n    """\n    {LONG}\n    """\n'
    out = wrap_long_strings(source)
    assert all(len(line) <= LIMIT for line in out.splitlines())
    assert ast.get_docstring(ast.parse(out).body[0]).split() == LONG.split()  # type: ignore[arg-type]
    word = "x" * 150
    for kept in (f"y = {word!r}\n", f'z = Literal["{LONG}"]\n', f'w = f"{LONG}"\n'):
        assert wrap_long_strings(kept) == kept


def test_function_names_keep_the_table_and_the_innermost_parts() -> None:
    name = "_ok_adcreative__object_story_spec__video_data__targeting__excluded_geo__geo_markets"
    short = short_name(name)
    assert len(short) <= NAME_LENGTH
    assert short.startswith("_ok_adcreative__") and short.endswith("__geo_markets")


def test_shared_models_are_named_for_what_the_columns_share() -> None:
    assert shared_name(["Address", "Address"], ["city"]) == "Address"
    assert shared_name(["AnywhereFormSubmitsItem", "AnywherePageVisitsItem"], []) == "AnywhereItem"
    assert shared_name(["DiscountedTotalPriceSet", "OriginalUnitPriceSet"], []) == "PriceSet"
    assert shared_name(["CreatedBy", "Owner"], ["id", "email"]) == "IdEmailObject"
