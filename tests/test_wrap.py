"""Generated code stays within 100 characters wherever a break is possible."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

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


def _whole_source_tokenized(source: str) -> str:
    """wrap_long_strings as it is when every token of the source is read (the reference
    for the logical lines it reads instead)."""
    from unittest import mock

    from docgen.emit import wrap

    with mock.patch.object(wrap, "_statement_tokens", return_value=None):
        return wrap.wrap_long_strings(source)


def test_logical_lines_read_alone_cut_what_the_whole_source_cuts() -> None:
    long = f"{LONG!r}"
    sources = [
        f"x = f(description={long})\n",
        f"@decorate(note={long})\ndef f(a={long}):\n    return {{'k': [{long}]}}\n",
        f"class A:\n    '''Doc.\n\n    x = (\n    '''\n\n    b: int = g(\n        {long},  # (\n    )\n",
        f'y = """\n{LONG}\n""" + {long}\n',
        f"if a:\n    z = [{long}]\nelse:\n    z = h({long}); w = {long}\n",
        f"q = (\n    {long}\n    # a comment {long}\n    , 'x'\n)\n",
        f"t = f'{{a}}' + {long}\nu = Literal[{long}]\n",
        f"s = '(' + {long}\nv = ')' + {long}\n",
    ]
    for source in sources:
        assert wrap_long_strings(source) == _whole_source_tokenized(source), source


def test_logical_lines_of_every_generated_module() -> None:
    root = Path(__file__).resolve().parents[1] / "generated"
    modules = sorted(root.glob("*/config.py"))[:40] + sorted(root.glob("*/records.py"))[:40]
    with_long_lines = 0
    for path in modules:
        # the committed module, its strings joined back to long lines
        text = path.read_text(encoding="utf-8").replace('"\n' + " " * 16 + '"', "")
        with_long_lines += any(len(line) > LIMIT for line in text.split("\n"))
        assert wrap_long_strings(text) == _whole_source_tokenized(text), path
    assert with_long_lines >= 30  # 39 of these 80 when this was written


def test_formatting_falls_back_to_the_usual_temporary_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Scratch files go to /dev/shm when there is one; a folder that cannot take them
    (gone, full) or TMPDIR set sends them to the usual temporary folder: same text."""
    from docgen.emit import fmt

    source = f"import re\nx = f(description={LONG!r}, p=re)\n"
    expected = format_many({"m.py": source})
    monkeypatch.setattr(fmt, "_memory_folder", lambda: str(tmp_path / "gone"))
    assert format_many({"m.py": source}) == expected
    monkeypatch.undo()
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    assert fmt._memory_folder() is None
    assert format_many({"m.py": source}) == expected
