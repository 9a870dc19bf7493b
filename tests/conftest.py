"""Shared test helpers: where ../shared is, the corpus pages in it, and the expensive
things the suite makes once.

The suite runs on both cores (pytest-xdist, ``-n auto`` in the README's test command) and
within a budget (80 s on 2 cores). Before a test parses the corpus, builds specs/ or makes a
virtualenv of its own, use what is already made (read-only: copy before changing anything):

* ``corpus_parse`` (session fixture): ``pipeline.parse_pages`` of every corpus page, the
  ParseResult (``inputs`` are the pages' paths as strings), once per test process;
  ``corpus_page(corpus_parse, path)`` is one page's model.
* ``repo_build`` (session fixture): the folder ``docgen build`` makes from specs/ (an empty
  folder built once per test run, shared by the xdist workers; its build reported no
  problem). Compare or copy it (``shutil.copytree``); never write into it.
* ``repo_specs()``: every committed spec as a Connector, loaded once per process.
* ``pydantic_python`` (session fixture): a fresh virtualenv with pydantic and nothing else
  of ours, made once per test run.
* ``once_per_run(name, make)``: the pattern behind the shared folders: ``make(folder)``
  runs in one process of the run, under a lock, and the others wait and reuse the folder.

Every test stays isolated: its own ``tmp_path`` for anything it writes, no order
dependence (a shared thing is made by whichever test asks first).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
#: the committed goldens hold generated projects with tests of their own (the scaffold's
#: tests/test_core.py): they are files to compare, not tests of docgen
collect_ignore = ["goldens"]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"


def _require_shared() -> Path:
    if not (CORPUS / "pages").is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but the shared corpus is missing at {CORPUS}")
        pytest.skip(f"shared corpus not found at {CORPUS}")
    return SHARED


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return _require_shared()


@pytest.fixture()
def small_specs(tmp_path: Path) -> Path:
    """Three committed specs (tables only, config only, both) in a scratch directory."""
    specs = tmp_path / "specs"
    specs.mkdir()
    for name in ("autopilot", "segment", "asana"):
        shutil.copy(REPO / "specs" / f"{name}.yaml", specs)
    return specs


def corpus_pages() -> list[Path]:
    """Every corpus page, sorted (empty when ../shared is absent; tests then skip/fail)."""
    pages = CORPUS / "pages"
    return sorted(pages.glob("*.html")) if pages.is_dir() else []


def truth_for(page: Path) -> dict:
    return json.loads((CORPUS / "truth" / (page.stem + ".json")).read_text())


def template(node):
    """Key shape of a truth value (as the corpus scorer builds it)."""
    if isinstance(node, dict):
        return {k: template(v) for k, v in node.items()}
    if isinstance(node, list) and node and all(isinstance(x, dict) for x in node):
        merged: dict = {}
        for item in node:
            for k, v in template(item).items():
                if k not in merged or merged[k] in ([], None):
                    merged[k] = v
        return [merged]
    return None


def restrict(out, shape, item_shape=None):
    """``out`` reduced to the keys ``shape`` has (recursively), order kept."""
    if isinstance(shape, dict) and isinstance(out, dict):
        return {k: restrict(out.get(k), v, shape) for k, v in shape.items()}
    if isinstance(out, list) and out and all(isinstance(o, dict) for o in out):
        inner = shape[0] if isinstance(shape, list) and shape else item_shape
        if inner is not None:
            return [restrict(o, inner, inner) for o in out]
    return out


DESCRIPTIVE = {"page", "integration", "version", "layout", "slug"}


def compare_to_truth(contract: dict, truth: dict) -> tuple[dict, dict]:
    """(got, want): the contract restricted to the truth's keys, minus descriptive keys."""
    want = {k: v for k, v in truth.items() if k not in DESCRIPTIVE}
    return restrict(contract, template(want)), want


def import_validators(name: str, root: Path = REPO / "generated"):
    """Only the validators module of the committed package ``root/name`` (standard library
    only: no pydantic model is built), under a package of its own that runs no
    ``__init__`` (cached). For what tests decide while they are collected: cheap, where
    importing every package's models would cost each test worker seconds."""
    import importlib
    import sys
    import types

    package = f"_generated_validators_{name}"
    if package not in sys.modules:
        stub = types.ModuleType(package)
        stub.__path__ = [str(root / name)]
        sys.modules[package] = stub
    return importlib.import_module(f"{package}.validators")


def import_generated(name: str, root: Path = REPO / "generated"):
    """The committed generated package ``root/name`` as a module (cached; its own module name
    ``_generated_<name>``, so it never collides with an installed package of the same name)."""
    import importlib.util
    import sys

    module_name = f"_generated_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    init = root / name / "__init__.py"
    spec = importlib.util.spec_from_file_location(
        module_name, init, submodule_search_locations=[str(init.parent)]
    )
    assert spec is not None and spec.loader is not None, init
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def once_per_run(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """A folder ``make`` fills once per test run, whichever process asks first (the xdist
    workers share pytest's base temp folder's parent); a ``make`` that fails is tried again
    by the next test that asks, and fails that one too."""
    root = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's folder, above each worker's own
    folder = root / f"shared-{name}"
    with open(root / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = folder / ".made"
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def corpus_parse(shared_dir: Path) -> Any:
    """``pipeline.parse_pages`` of every corpus page (read-only)."""
    from docgen import pipeline

    return pipeline.parse_pages([str(p) for p in corpus_pages()])


def corpus_page(parse: Any, path: Path) -> Any:
    """The model ``corpus_parse`` holds for the corpus page at ``path`` (read-only)."""
    i = parse.inputs.index(str(path))
    page = parse.pages[i]
    assert page is not None, parse.errors.get(i)
    return page


@pytest.fixture(scope="session")
def repo_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """specs/ built into an empty folder by ``pipeline.build``, once per test run
    (read-only). The specs are copied beside it as in the repository (``specs/`` next to
    ``generated/``): the manifest records the spec folder relative to the output folder."""

    def make(folder: Path) -> None:
        from docgen import pipeline

        shutil.copytree(REPO / "specs", folder / "specs")
        result = pipeline.build(folder / "specs", folder / "generated")
        assert result.problems == [], result.problems

    return once_per_run(tmp_path_factory, "repo-build", make) / "generated"


_REPO_SPECS: list = []


def repo_specs() -> list:
    """Every committed spec of the repo (specs/*.yaml) as a Connector, loaded once."""
    if not _REPO_SPECS:
        from docgen.model.specio import load_specs

        conns, problems = load_specs(REPO / "specs")
        assert not problems, problems
        _REPO_SPECS.extend(conns)
    return _REPO_SPECS


def emit_support():
    """tests/fixtures/emit/support.py (the emitter tests' helpers) as a module, loaded once."""
    import importlib.util
    import sys

    if "emit_support" in sys.modules:
        return sys.modules["emit_support"]
    path = REPO / "tests" / "fixtures" / "emit" / "support.py"
    spec = importlib.util.spec_from_file_location("emit_support", path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    sys.modules["emit_support"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def pydantic_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The interpreter of a fresh virtualenv with pydantic and nothing else of ours (made
    once per test run: no pip of its own, pydantic installed by this interpreter's pip)."""
    import subprocess
    import sys
    import venv

    failed: list[str] = []

    def make(env_dir: Path) -> None:
        venv.EnvBuilder(with_pip=False, clear=True).create(env_dir)
        python = env_dir / "bin" / "python"
        pip = [sys.executable, "-m", "pip", "--python", str(python)]
        install = subprocess.run(
            [*pip, "install", "-q", "--disable-pip-version-check", "pydantic>=2.7,<3"],
            capture_output=True,
            text=True,
            check=False,
        )
        if install.returncode != 0:
            failed.append(
                f"pydantic could not be installed into a fresh venv: {install.stderr[-500:]}"
            )
            raise RuntimeError(failed[-1])

    try:
        env_dir = once_per_run(tmp_path_factory, "pydantic-venv", make)
    except RuntimeError:
        if os.environ.get("CI") == "true":
            pytest.fail(failed[-1])
        pytest.skip(failed[-1])
    python = env_dir / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", str(python)]
    listed = subprocess.run(
        [*pip, "list", "--format=json", "--disable-pip-version-check"],
        capture_output=True,
        text=True,
        check=True,
    )
    names = {p["name"].lower() for p in json.loads(listed.stdout)}
    assert "pydantic" in names
    assert not names & {"docgen", "datamodel-code-generator", "jsonschema", "singer-sdk"}
    return python
