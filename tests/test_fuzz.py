"""A small run of scripts/fuzz.py: damaged and hostile pages through parse, update, build
and an import of every generated package, pages saved under other names, and a run stopped
by a signal (the large run's figures are in the README)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from conftest import REPO


def _fuzz_module():
    spec = importlib.util.spec_from_file_location("docgen_fuzz", REPO / "scripts" / "fuzz.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["docgen_fuzz"] = module
    spec.loader.exec_module(module)
    return module


def test_small_fuzz_run(shared_dir: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("DOCGEN_JOBS", "1")
    fuzz = _fuzz_module()
    figures = fuzz.fuzz(seed=12, mutants=28, builds=1, work=tmp_path, names=2, interrupts=1)
    assert figures["packages imported"] >= 1
    assert {k: figures[k] for k in fuzz.BAD_KEYS} == dict.fromkeys(fuzz.BAD_KEYS, 0), figures[
        "failures"
    ]
    exits = figures["exits"]
    assert exits.get("parse exit 2", 0) > 0  # the damaged pages were refused, not read
    assert sum(v for k, v in exits.items() if k.startswith("parse")) == 28
    assert figures["names"] == 2 and figures["interrupts"] == 1
    assert sum(v for k, v in exits.items() if k.startswith("interrupt")) == 1
