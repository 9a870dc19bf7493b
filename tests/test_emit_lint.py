"""Generated packages pass ruff check, ruff format --check and mypy --strict, and never import
docgen. Run on the committed goldens (the nasty fixture's and generated/): the golden tests
prove they are what the code renders, so nothing is rendered a second time here."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import emit_support

from docgen.emit.fmt import ruff_bin

support = emit_support()


REPO = Path(__file__).resolve().parents[1]
GENERATED = REPO / "generated"
NASTY_GOLDEN = REPO / "tests" / "goldens" / "nasty"


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MYPYPATH": str(cwd)}
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False, env=env)


def check_generated(root: Path, cache: Path) -> None:
    packages = sorted(p.name for p in root.iterdir() if p.is_dir())
    assert packages
    ruff = ruff_bin()
    lint = _run([ruff, "check", "--no-cache", "."], root)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    fmt = _run([ruff, "format", "--check", "--no-cache", "."], root)
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr
    args = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(cache)]
    for name in packages:
        args += ["-p", name]
    typed = _run(args, root)
    assert typed.returncode == 0, typed.stdout + typed.stderr
    for path in root.rglob("*.py"):
        text = path.read_text("utf-8")
        assert "import docgen" not in text and "from docgen" not in text, path
        assert "noqa" not in text and "type: ignore" not in text, path


def test_nasty_package_is_clean(tmp_path: Path) -> None:
    check_generated(NASTY_GOLDEN, tmp_path)
    pkg = support.import_package(NASTY_GOLDEN, "nasty")
    assert pkg.NAME == "nasty"


def test_corpus_packages_are_clean(tmp_path: Path) -> None:
    # that every package imports under its own name, with one validator per documented
    # table, is checked where downstream teams import them: in a virtualenv with pydantic
    # alone (test_generated_committed.test_every_package_is_its_spec_under_its_own_name)
    check_generated(GENERATED, tmp_path)
