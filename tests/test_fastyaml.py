"""docgen.model.fastyaml reads what PyYAML reads, or leaves the text to it: for any text,
``fastyaml.load`` is None or exactly ``yaml.load(text, Loader=specio._Loader)``. Tried on
every committed spec, on data of random content dumped as docgen dumps a spec, and on
committed specs edited and cut at random (where PyYAML refuses, fastyaml leaves it)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.model import fastyaml, specio

REPO = Path(__file__).resolve().parents[1]
SPECS = sorted((REPO / "specs").glob("*.yaml")) + sorted((REPO / "specs").glob("*/*.yaml"))


def _pyyaml(text: str) -> Any:
    return yaml.load(text, Loader=specio._Loader)


def _fast(text: str) -> Any:
    return fastyaml.load(text, specio._implicit_tag)


def _dump(data: Any) -> str:
    """As specio.dump writes a spec."""
    return specio.HEADER + yaml.dump(
        data,
        Dumper=specio._Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )


def _agrees(text: str) -> bool:
    """fastyaml gives None or what PyYAML gives (None too when PyYAML refuses the text)."""
    got = _fast(text)
    try:
        expected = _pyyaml(text)
    except yaml.YAMLError:
        return got is None
    return got is None or (got == expected and _types(got) == _types(expected))


def _types(value: Any) -> Any:
    """The value's shape with the type of every leaf (True == 1, 1 == 1.0 in Python)."""
    if isinstance(value, dict):
        return {k: _types(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_types(v) for v in value]
    return type(value).__name__


def test_every_committed_spec_reads_the_same() -> None:
    taken = 0
    for path in SPECS:
        text = path.read_text(encoding="utf-8")
        got = _fast(text)
        if got is not None:
            taken += 1
            assert got == _pyyaml(text) and _types(got) == _types(_pyyaml(text)), path
    connectors = [p for p in SPECS if p.parent.name == "specs"]
    assert taken >= len(connectors)  # every connector spec (destination specs may be left)


def test_spec_loading_uses_it_and_gives_the_same_connector() -> None:
    path = REPO / "specs" / "autopilot.yaml"
    raw = path.read_bytes()
    assert _fast(raw.decode()) is not None
    assert specio.load_data(raw, str(path)) == specio.load_text(raw.decode(), str(path))


_KEY = st.sampled_from(["name", "type", "description", "a_b", "x1", "value", "on", "null"])
#: words and the characters that change how a scalar is written (quoted, escaped, folded)
_PIECES = ["word", "longer", "text", "x" * 30, " ", "  ", ": ", " #", "'", '"', "\\", "`x`"]
_PIECES += ["é", "“q”", "\n", "\n\n", "\t", "-", "a-b", "1", "yes", "&", "*", "[x]", "{y}"]
_PIECES += ["\u2028", "\x85", "\x07", " - ", "...", "---", "%", "@", "?", "|", ">", ","]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)
_WORDY = st.lists(
    st.sampled_from(["word", "longer", "text", "x" * 30, "`a`", "-", "a: b"]), max_size=40
)
_SCALAR = (
    _TEXT
    | _WORDY.map(" ".join)
    | st.sampled_from(["1", "0x1F", "1_000", "1.5", "-2", "yes", "No", "~", "null", "2017-08-23"])
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=True)
    | st.booleans()
    | st.none()
)
_DATA = st.recursive(
    _SCALAR,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEY, inner, max_size=4),
    max_leaves=25,
)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(_KEY, _DATA, min_size=1, max_size=5))
def test_data_dumped_as_docgen_dumps_reads_the_same(data: dict[str, Any]) -> None:
    assert _agrees(_dump(data))


def test_committed_specs_edited_and_cut_at_random() -> None:
    rng = random.Random(7)
    sources = [p.read_text(encoding="utf-8") for p in SPECS[::10]]
    edits = 0
    for text in sources:
        lines = text.split("\n")
        for _ in range(40):
            edited = list(lines)
            i = rng.randrange(2, len(edited) - 1)
            how = rng.randrange(9)
            if how == 0:
                del edited[i]
            elif how == 1:
                edited.insert(i, edited[i])  # a key twice, or an item twice
            elif how == 2:
                edited[i] = " " + edited[i]
            elif how == 3:
                edited[i] = edited[i][1:]
            elif how == 4:
                edited[i] = edited[i] + " # note"
            elif how == 5:
                edited[i] = edited[i].replace(": ", ": &a ", 1)
            elif how == 6:
                edited[i] = edited[i].replace(" ", "\t", 1)
            elif how == 7:
                edited.insert(i, "")
            else:
                cut = "\n".join(edited)
                edited = cut[: rng.randrange(len(cut))].split("\n")
            assert _agrees("\n".join(edited)), (how, i)
            edits += 1
    assert edits == 40 * len(sources)
