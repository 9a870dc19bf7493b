#!/usr/bin/env python3
"""Compare two datamodel-code-generator versions on what docgen gives them: the model-schema
documents of every committed spec and of seeded mutations of them (column names hostile,
colliding, in any case; types, nesting, arrays; table descriptions), each run through
docgen's own ``records._generate`` (the pinned options, no repair of shadowing fields) by
this interpreter and by ``--other`` (a Python where docgen imports and the other version is
installed). Prints how many documents give the same text, and the first differences; exit 1
unless all are the same.

    python3 -m venv /tmp/other && /tmp/other/bin/pip install -e . datamodel-code-generator==X
    .venv/bin/python scripts/generator_compare.py --other /tmp/other/bin/python --mutants 3000

(pip warns that docgen pins another version: expected.)
"""

from __future__ import annotations

import argparse
import difflib
import pickle
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

#: names that met the generator's renaming rules: keywords, builtins, its imports, docgen's
#: types, pydantic's attributes, names that snake-case alike, odd characters
_WORDS = (
    "class def None True from import self cls model_config model_fields Record BaseModel Field"
    " Annotated Any StrictStr StrictBool StrictFloat Integer DateTime Date Time DecimalString"
    " ConfigDict annotations Literal Optional Union builtins pydantic typing str_aliased list"
    " dict str Str STR int float bool type bytes id ID Id _id __id __init__ _private 1st 9lives"
    " a-b a.b a__b A_B aB Ab AB ünïcode 名前 emoji😀 $ref @type #hash schema json copy validate"
    " fields construct items keys values Item Items Object camelCase snake_case PascalCase"
)
HOSTILE = [
    *_WORDS.split(),
    "a b",
    'with"quote',
    "with'quote",
    "back\\slash",
    "tab\tname",
    "  lead",
    "x" * 120,
]
DESCRIPTIONS = (
    '"""',
    "'''",
    "ends with a backslash \\",
    "line\u2028separator",
    "{{ jinja }} {% if %} {f-string}",
    "x" * 300,
    "quote \" and ' both",
    "unicode é 名前 😀",
    "\n\nparagraphs\n\n",
    "trailing space   ",
    '\\n literal, r"raw"',
)


def documents(seed: int, mutants: int) -> list[tuple[dict[str, Any], str]]:
    """The documents docgen gives the generator: every committed spec's, then ``mutants``
    mutated ones (the generator itself is not run here)."""
    import warnings

    import docgen.emit as emit
    from docgen.emit import records
    from docgen.model import specio
    from docgen.model.spec import TYPE_LABELS, Column

    rnd = random.Random(seed)
    conns = [
        specio.load_data(p.read_bytes(), str(p)) for p in sorted((REPO / "specs").glob("*.yaml"))
    ]
    with_tables = [c for c in conns if c.tables]
    labels = [k for k in TYPE_LABELS if k not in ("object", "array")]

    def name() -> str:
        r = rnd.random()
        if r < 0.5:
            return rnd.choice(HOSTILE)
        if r < 0.8:
            return rnd.choice(["user", "address", "item", "line_items", "data"]) + rnd.choice(
                ["", "_", "s", "Id", "_id", "2"]
            )
        return "".join(rnd.choice("abcXYZ_-. 1é") for _ in range(rnd.randint(1, 8))).strip() or "z"

    def types() -> tuple[str, ...]:
        return tuple(rnd.sample(labels, rnd.choice([1, 1, 1, 2, 3])))

    def column(depth: int) -> Column:
        kind = rnd.random()
        if depth < 3 and kind < 0.15:
            kids = tuple(column(depth + 1) for _ in range(rnd.randint(0, 4)))
            return Column(name=name(), types=("object",), children=kids)
        if depth < 3 and kind < 0.25:
            kids = tuple(column(depth + 1) for _ in range(rnd.randint(0, 3)))
            return Column(name=name(), types=("array",), children=kids)
        return Column(name=name(), types=types())

    docs: list[tuple[dict[str, Any], str]] = []

    def capture(schema: dict[str, Any], package: str) -> str:
        docs.append((schema, package))
        return "".join(f"class {name}(Record):\n    pass\n" for name in schema["$defs"])

    real = records.generate_models
    records.generate_models = capture
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for conn in with_tables:
                emit.render_unformatted(conn)
            made = tries = 0
            while made < mutants and tries < 10 * mutants:
                tries += 1
                base = rnd.choice(with_tables)
                tables = []
                for t in rnd.sample(base.tables, min(len(base.tables), rnd.randint(1, 4))):
                    cols = list(t.columns)
                    for _ in range(rnd.randint(0, 6)):
                        op = rnd.random()
                        if op < 0.4 and cols:
                            i = rnd.randrange(len(cols))
                            cols[i] = cols[i].model_copy(update={"name": name()})
                        elif op < 0.7:
                            cols.insert(rnd.randrange(len(cols) + 1), column(0))
                        elif op < 0.85 and cols:
                            cols.pop(rnd.randrange(len(cols)))
                        elif cols:
                            i = rnd.randrange(len(cols))
                            cols[i] = cols[i].model_copy(update={"types": types()})
                    desc = t.description
                    if rnd.random() < 0.4:
                        desc = (desc or "") + rnd.choice(DESCRIPTIONS)
                    update = {"columns": cols, "description": desc, "primary_keys": []}
                    update |= {"replication_keys": [], "foreign_keys": []}
                    if rnd.random() < 0.4:
                        update["name"] = name()
                    tables.append(t.model_copy(update=update))
                before = len(docs)
                try:
                    emit.render_unformatted(base.model_copy(update={"tables": tables}))
                except Exception:  # a mutation docgen refuses (a duplicate table name, ...)
                    continue
                made += len(docs) > before
    finally:
        records.generate_models = real
    return docs


_GENERATE = r"""
import pickle, sys, time
sys.path.insert(0, sys.argv[3])
from docgen.emit import records
from importlib.metadata import version
docs = pickle.load(open(sys.argv[1], "rb"))
out = []
t0 = time.process_time()
for schema, package in docs:
    try:
        out.append(records._generate(schema, package))
    except Exception as exc:
        out.append(f"error: {type(exc).__name__}: {exc}")
took = time.process_time() - t0
pickle.dump((version("datamodel-code-generator"), took, out), open(sys.argv[2], "wb"))
"""


def generate(python: str, docs_file: Path, out_file: Path) -> tuple[str, float, list[str]]:
    """Every document through ``records._generate`` in ``python``; exits with one line when
    that Python cannot (docgen or the generator not installed there)."""
    cmd = [python, "-c", _GENERATE, str(docs_file), str(out_file), str(REPO)]
    try:
        run = subprocess.run(cmd, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise SystemExit(f"generator_compare: cannot run {python}: {exc.strerror}") from None
    if run.returncode != 0:
        last = (run.stderr.strip().splitlines() or ["no output"])[-1]
        hint = "docgen (pip install -e .) and datamodel-code-generator installed there?"
        raise SystemExit(f"generator_compare: {python} failed: {last} ({hint})")
    with out_file.open("rb") as f:
        result: tuple[str, float, list[str]] = pickle.load(f)
    return result


_BUILTIN_IMPORT = re.compile(r"^from builtins import (.*)\n", re.MULTILINE)
_AS = re.compile(r"(\w+) as (\w+)")


def _unaliased(text: str) -> str:
    """The text with its builtins imported under aliases (``from builtins import list as
    list_aliased, str as str_aliased``) named plainly again, and those imports left out."""
    for line in _BUILTIN_IMPORT.findall(text):
        for name, alias in _AS.findall(line):
            text = re.sub(rf"\b{alias}\b", name, text)
    return _BUILTIN_IMPORT.sub("", text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--other", required=True, help="a Python with the other version")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--mutants", type=int, default=1000)
    parser.add_argument("--show", type=int, default=3, help="differences printed in full")
    args = parser.parse_args()
    t0 = time.perf_counter()
    docs = documents(args.seed, args.mutants)
    with tempfile.TemporaryDirectory() as tmp:
        docs_file = Path(tmp) / "docs.pickle"
        docs_file.write_bytes(pickle.dumps(docs))
        ours = generate(sys.executable, docs_file, Path(tmp) / "ours.pickle")
        theirs = generate(args.other, docs_file, Path(tmp) / "theirs.pickle")
    differ = [i for i, (a, b) in enumerate(zip(ours[2], theirs[2], strict=True)) if a != b]
    # the differences an alias does not explain first: those are the ones to read
    differ.sort(key=lambda i: _unaliased(ours[2][i]) == _unaliased(theirs[2][i]))
    for i in differ[: args.show]:
        diff = difflib.unified_diff(
            ours[2][i].splitlines(), theirs[2][i].splitlines(), ours[0], theirs[0], lineterm="", n=1
        )
        print(f"--- document {i} ({docs[i][1]})")
        print("\n".join(list(diff)[:40]))
    aliased = sum(_unaliased(ours[2][i]) == _unaliased(theirs[2][i]) for i in differ)
    print(
        f"{len(docs) - len(differ)} of {len(docs)} documents the same "
        f"({aliased} of the others differ only by builtins imported under an alias, "
        "e.g. `from builtins import str as str_aliased`) "
        f"({len(docs) - args.mutants} committed specs, {args.mutants} mutants, seed {args.seed}); "
        f"generator CPU {ours[0]} {ours[1]:.2f} s, {theirs[0]} {theirs[1]:.2f} s; "
        f"{time.perf_counter() - t0:.0f} s"
    )
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
