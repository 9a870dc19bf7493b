"""docgen.emit.imports.fix_imports, then ruff's formatter, gives what ``ruff check
--fix-only --select I,UP,F401`` then the formatter gives (the build ran that on every
module before): on modules written to try each rule and its neighbours, and on a few
hundred random ones; the modules it does not take are the ones it says it leaves to ruff.
(The two can differ before formatting: ruff's fix may leave an extra blank line where a
whole import statement was removed, which its formatter takes out.)"""

from __future__ import annotations

import random
import subprocess
import tempfile
from pathlib import Path

import pytest

from docgen.emit.fmt import LINE_LENGTH, TARGET, ruff_bin
from docgen.emit.imports import fix_imports

DOC = '"""A module."""\n\n'


COMMON = ["--isolated", "--no-cache", "--line-length", str(LINE_LENGTH), "--target-version", TARGET]


def _ruff(sources: dict[str, str], *, fix: bool) -> dict[str, str]:
    """Each source formatted as the build formats it (one ruff run for all), after ruff's
    own import fix when ``fix`` (what the build ran on every module before)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name, text in sources.items():
            (root / f"{name}.py").write_text(text, encoding="utf-8")
        steps = [["format", *COMMON, "."]]
        if fix:
            steps.insert(0, ["check", "--fix-only", "--select", "I,UP,F401", "--exit-zero"])
            steps[0] += [*COMMON, "."]
        for args in steps:
            subprocess.run([ruff_bin(), *args], cwd=root, check=True, capture_output=True)
        return {name: (root / f"{name}.py").read_text(encoding="utf-8") for name in sources}


def _same_as_ruff(sources: dict[str, str]) -> None:
    """fix_imports then the formatter gives what ruff's fix then the formatter gives."""
    ours = {name: fix_imports(text, LINE_LENGTH) for name, text in sources.items()}
    taken = {name: text for name, text in ours.items() if text is not None}
    assert taken.keys() == sources.keys()
    expected = _ruff(sources, fix=True)
    got = _ruff(taken, fix=False)
    for name, source in sources.items():
        assert got[name] == expected[name], source


WRITTEN = {
    # uses: code, not strings, comments, attributes or keyword names
    "strings_and_comments": DOC
    + "from __future__ import annotations\n\nimport re\nfrom typing import Any, Literal\n"
    + "from ._runtime import Problem, _key, _unknown\n\n"
    + "X: Any = 'Problem _key re'  # Literal _unknown\n"
    + 'Y = """\nProblem\n_key\n""" + "\\"re\\""\n',
    "f_string_fields_are_code": DOC
    + "from ._runtime import _a, _b, _c, _d\n\n"
    + "X = f'{_a} _b {{_c}}' + rf\"{_d!r:>{10}}\"\n",
    "attributes_are_not_uses": DOC
    + "import re\nimport json\nfrom ._runtime import compile, loads\n\nX = re.compile\nY = x.loads\n",
    "all_lists_names": DOC
    + "from .config import Config\nfrom .records import Record, Other\nfrom ._runtime import D\n\n"
    + "__all__ = [\n    \"Config\",\n    'Record',\n]\n",
    # sorting: sections, styles, modules, names
    "sections_and_styles": DOC
    + "from .validators import check\nfrom ._runtime import walk\nfrom pydantic import Field\n"
    + "from Zeta import zed\nfrom alpha import alf\nimport re\nfrom collections.abc import Callable\n"
    + "import json\nfrom __future__ import annotations\nfrom ..up import upper\n\n"
    + "print(check, walk, Field, zed, alf, re, Callable, json, upper)\n",
    "member_order": DOC
    + "from m import x10, x9, X_2, X_10, Xa, x_a, xA, _x, __x, ab1, a_1, a1b, _ABSENT, _Check\n\n"
    + "print(x10, x9, X_2, X_10, Xa, x_a, xA, _x, __x, ab1, a_1, a1b, _ABSENT, _Check)\n",
    # one line or one name a line
    "fits_exactly": DOC
    + "from ._runtime import "
    + ", ".join(names := [f"name_{c}{c}{c}{c}" for c in "abcdefghijklm"])
    + "\n\nprint("
    + ", ".join(names)
    + ")\n",
    "magic_trailing_comma_kept_after_pruning": DOC
    + "from ._runtime import (\n    one,\n    two,\n    three,\n)\n\nprint(one)\n",
    "parentheses_without_comma": DOC + "from ._runtime import (one,\n    two)\n\nprint(one, two)\n",
    "too_long_unparenthesized": DOC
    + "from ._runtime import "
    + ", ".join(f"helper_number_{i}" for i in range(9))
    + "\n\nprint("
    + ", ".join(f"helper_number_{i}" for i in range(9))
    + ")\n",
    # blank lines after the block
    "class_after": DOC + "import re\nclass A:\n    x = re\n",
    "comment_then_def_after": DOC + "import re\n# a comment\ndef f():\n    return re\n",
    "decorator_after": DOC + "import re\n\n\n\n@dec\nclass A:\n    x = re\n",
    "comment_then_assignment_after": DOC + "import re\n\n\n# a comment\n\nX = re\n",
    "statement_after": DOC + "from typing import Any\n\n\n\nX: Any = 1\n",
    "only_the_future_left": DOC + "from __future__ import annotations\nimport re\n\nX = 1\n",
}

#: modules fix_imports leaves to ruff (returns None)
LEFT = {
    "alias": DOC + "import re as regex\n\nX = regex\n",
    "star": DOC + "from m import *\n\nX = y\n",
    "a_one_letter_name": DOC + "from m import b\n\nX = b\n",
    "comment_in_block": DOC + "import re  # the regex\n\nX = re\n",
    "module_twice": DOC + "from m import one\nfrom m import two\n\nX = one, two\n",
    "later_import": DOC + "import re\n\nX = re\n\nimport json\n",
    "no_docstring": "import re\n\nX = re\n",
    "all_extended": DOC + "from m import one\n\n__all__ = ['one']\n__all__ += []\n",
    "other_stdlib": DOC + "import sqlite3\n\nX = sqlite3\n",
    "a_name_like_a_prefix": DOC + "from m import f\n\nX = f'{1}'\n",
    "nothing_left": DOC + "import re\n\nX = 1\n",
}


def test_written_cases_equal_ruff() -> None:
    _same_as_ruff(WRITTEN)


@pytest.mark.parametrize("name", sorted(LEFT))
def test_modules_of_other_shapes_are_left_to_ruff(name: str) -> None:
    assert fix_imports(LEFT[name], LINE_LENGTH) is None


_POOL = [
    ("typing", ["Any", "Annotated", "Literal", "NamedTuple"]),
    ("collections.abc", ["Callable", "Iterator"]),
    ("pydantic", ["Field", "StrictStr", "SecretStr", "model_validator"]),
    ("._runtime", ["Problem", "_key", "_Check", "_ABSENT", "is_date_time", "x10", "x9", "FMT"]),
    ("._types", ["Config", "Date", "DateTime", "checked"]),
    ("..shared", ["Base", "helper"]),
]
_STRAIGHT = ["re", "json", "calendar"]


def _random_module(rng: random.Random) -> str:
    lines = ["from __future__ import annotations"] if rng.random() < 0.7 else []
    imported: list[str] = []
    for module in rng.sample(_STRAIGHT, rng.randint(0, 3)):
        lines.append(f"import {module}")
        imported.append(module)
    for module, names in rng.sample(_POOL, rng.randint(1, len(_POOL))):
        chosen = rng.sample(names, rng.randint(1, len(names)))
        imported += chosen
        if rng.random() < 0.5:
            comma = "," if rng.random() < 0.7 else ""
            lines.append(f"from {module} import (\n    " + ",\n    ".join(chosen) + f"{comma}\n)")
        else:
            lines.append(f"from {module} import {', '.join(chosen)}")
    rng.shuffle(lines)
    body: list[str] = []
    for name in imported:  # each name used in one way, or not at all
        uses = [
            f"v_{len(body)} = {name}",  # code
            f"v_{len(body)} = {name!r}",  # a string
            f"# uses {name}?",  # a comment
            f"v_{len(body)} = f'{name} {{1}}'",  # an f-string's text
            f"v_{len(body)} = f'x {{{name}!r}}'",  # an f-string's field
            f"v_{len(body)} = obj.{name}",  # an attribute
            None,
        ]
        use = rng.choice(uses)
        if use is not None:
            body.append(use)
    first = rng.choice(["X = 1", "class A:\n    pass", "def f():\n    pass", "# note\nY = 2"])
    return DOC + "\n".join(lines) + "\n" * rng.randint(1, 4) + first + "\n" + "\n".join(body) + "\n"


def test_random_modules_equal_ruff() -> None:
    rng = random.Random(21)
    sources = {f"m{i}": _random_module(rng) for i in range(300)}
    taken = {name: s for name, s in sources.items() if fix_imports(s, LINE_LENGTH) is not None}
    assert len(taken) > 250  # the shape docgen writes: nearly all are taken
    _same_as_ruff(taken)
