"""Generated packages pass ruff check, ruff format --check and mypy --strict, and never import
docgen. Run on the nasty fixture and on every connector the corpus yields."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import emit_support

from docgen.emit.fmt import ruff_bin
from docgen.model.spec import Connector

support = emit_support()


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MYPYPATH": str(cwd)}
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False, env=env)


def check_generated(root: Path) -> None:
    packages = sorted(p.name for p in root.iterdir() if p.is_dir())
    assert packages
    ruff = ruff_bin()
    lint = _run([ruff, "check", "--no-cache", "."], root)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    fmt = _run([ruff, "format", "--check", "--no-cache", "."], root)
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr
    args = [sys.executable, "-m", "mypy", "--strict", "--no-incremental"]
    for name in packages:
        args += ["-p", name]
    typed = _run(args, root)
    assert typed.returncode == 0, typed.stdout + typed.stderr
    for path in root.rglob("*.py"):
        text = path.read_text("utf-8")
        assert "import docgen" not in text and "from docgen" not in text, path
        assert "noqa" not in text and "type: ignore" not in text, path


def test_nasty_package_is_clean(tmp_path: Path) -> None:
    check_generated(support.write_packages([support.nasty()], tmp_path))


@pytest.fixture(scope="module")
def corpus_connectors(shared_dir: Path) -> list[Connector]:
    from docgen.readers import read_path
    from docgen.readers.stitch.assemble import assemble

    pages = sorted((shared_dir / "corpus" / "pages").glob("*.html"))
    conns: list[Connector] = assemble([read_path(p) for p in pages]).connectors
    return conns


def test_corpus_packages_are_clean(corpus_connectors: list[Connector], tmp_path: Path) -> None:
    assert len(corpus_connectors) > 100
    root = support.write_packages(corpus_connectors, tmp_path)
    check_generated(root)
    # every package imports, under its own name, with one validator per documented table
    for conn in corpus_connectors:
        pkg = support.import_package(root, conn.name)
        assert pkg.NAME == conn.name
        assert len(pkg.STREAMS) == len({t.name for t in conn.tables or []})
