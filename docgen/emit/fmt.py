"""Formatting of generated Python with the pinned ruff (imports sorted, then formatted).

The same settings are written to ``generated/ruff.toml`` so ``ruff check`` and
``ruff format --check`` over generated/ agree with what was produced.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Collection, Sequence
from functools import cache
from pathlib import Path

from docgen.emit.imports import fix_imports
from docgen.emit.wrap import wrap_long_strings

LINE_LENGTH = 100
TARGET = "py311"
LINT_RULES = ("E4", "E7", "E9", "F", "W", "I", "UP", "B")

RUFF_TOML = f"""\
# Settings for the generated packages (docgen formats them with exactly these).
line-length = {LINE_LENGTH}
target-version = "{TARGET}"

[lint]
select = [{", ".join(f'"{r}"' for r in LINT_RULES)}]
"""


class FormatError(RuntimeError):
    """ruff refused the generated text (a bug in an emitter: the text is not valid Python)."""


@cache
def ruff_bin() -> str:
    try:
        from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]

        return str(find_ruff_bin())
    except (ImportError, FileNotFoundError):
        found = shutil.which("ruff")
        if found is None:
            raise FormatError("ruff is needed to format generated code; install ruff") from None
        return found


def format_many(
    files: dict[str, str], first_party: Sequence[str] = (), foreign: Collection[str] = ()
) -> dict[str, str]:
    """Format many Python files with two or three ruff runs in all (keys are relative
    paths): imports pruned and sorted (by :func:`~docgen.emit.imports.fix_imports` where it
    can, the rest by ``ruff check --fix-only``), then formatted, then the files whose long
    strings were cut formatted again. Imports of ``first_party`` packages are sorted as the
    project's own (ruff sorts every import then); the ``foreign`` files (another tool wrote
    them: datamodel-code-generator's models) always go through ruff's check, whose
    pyupgrade rules they may need."""
    if not files:
        return {}
    shm = _memory_folder()
    if shm is not None:
        try:
            with tempfile.TemporaryDirectory(prefix="docgen-fmt-", dir=shm) as tmp:
                return _format_in(Path(tmp), files, first_party, foreign)
        except OSError:  # full (a container's 64 MB): the usual temporary folder then
            pass
    with tempfile.TemporaryDirectory(prefix="docgen-fmt-") as tmp:
        return _format_in(Path(tmp), files, first_party, foreign)


def _memory_folder() -> str | None:
    """Where the files ruff formats are put: /dev/shm (memory) on Linux unless TMPDIR says
    where temporary files go. A cold build writes and reads back its 10 MB of Python there
    in batches; on a disk's file system that was ~0.2 s of its CPU."""
    if os.environ.get("TMPDIR") or not sys.platform.startswith("linux"):
        return None
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK | os.X_OK) else None


def _format_in(
    root: Path, files: dict[str, str], first_party: Sequence[str], foreign: Collection[str]
) -> dict[str, str]:
    unsorted: list[str] = []  # modules whose imports ruff prunes and sorts
    theirs = set(foreign)
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        fixed = None if first_party or rel in theirs else fix_imports(text, LINE_LENGTH)
        if fixed is None:
            unsorted.append(rel)
        target.write_text(text if fixed is None else fixed, encoding="utf-8")
    common = [
        "--isolated",
        "--no-cache",
        "--line-length",
        str(LINE_LENGTH),
        "--target-version",
        TARGET,
    ]
    known = ", ".join(f'"{name}"' for name in sorted(set(first_party)))
    isort = ["--config", f"lint.isort.known-first-party = [{known}]"] if known else []
    if unsorted:
        fix = ["check", "--fix-only", "--select", "I,UP,F401", "--exit-zero", *common]
        _ruff([*fix, *isort, *unsorted], root)
    _ruff(["format", *common, "."], root)
    # strings on too-long lines cut in pieces (ruff never splits one), then formatted again
    done: dict[str, str] = {}
    wrapped = []
    for rel in files:
        text = (root / rel).read_text(encoding="utf-8")
        short = wrap_long_strings(text)
        if short != text:
            (root / rel).write_text(short, encoding="utf-8")
            wrapped.append(rel)
        done[rel] = text
    if wrapped:
        _ruff(["format", *common, *wrapped], root)
        for rel in wrapped:
            done[rel] = (root / rel).read_text(encoding="utf-8")
    return done


def _ruff(args: list[str], root: Path) -> None:
    proc = subprocess.run(
        [ruff_bin(), *args], cwd=root, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise FormatError(f"ruff {args[0]} failed:\n{proc.stderr}{proc.stdout}")
