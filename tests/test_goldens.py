"""Golden files: specs/ and generated/ are exactly what the current code produces.

They change only through ``scripts/regenerate``; these tests regenerate into a temporary
directory and compare byte for byte.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import (
    CORPUS,
    REPO,
    compare_to_truth,
    corpus_pages,
    repo_specs,
    truth_for,
)

from docgen import pipeline

SPECS = REPO / "specs"
GENERATED = REPO / "generated"
#: the hostile-names fixture spec and its committed output: a golden a reviewer can read
NASTY_SPECS = REPO / "tests" / "fixtures" / "emit"
NASTY_GOLDEN = REPO / "tests" / "goldens" / "nasty"


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
        and "__pycache__" not in p.parts
        and ".mypy_cache" not in p.parts
        and ".ruff_cache" not in p.parts
        # the generator stamp is no golden: untracked, it changes with docgen's own code
        and p.name != pipeline.GENERATOR_STAMP
    }


def _assert_same_tree(got: Path, want: Path) -> None:
    a, b = _tree(got), _tree(want)
    assert sorted(a) == sorted(b), "file lists differ (run scripts/regenerate)"
    stale = [k for k in a if a[k] != b[k]]
    assert stale == [], f"stale goldens (run scripts/regenerate): {stale[:10]}"


@pytest.fixture(scope="module")
def regenerated_specs(shared_dir, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("specs")
    pages = [str(p) for p in corpus_pages()]
    # as scripts/regenerate: destination reference pages and the reserved keywords page too
    pages += [str(p) for p in sorted((CORPUS / "destinations" / "pages").glob("*.html"))]
    pages.append(str(CORPUS / "docs" / "replication__loading__reserved-keywords.html"))
    result = pipeline.update_specs(pages, out, progress=False)
    assert not [p for p in result.problems if p.severity == "error"]
    return out


def test_specs_are_what_the_corpus_gives(regenerated_specs: Path):
    _assert_same_tree(regenerated_specs, SPECS)


def _mirrored(specs: Path, out: Path, tmp_path: Path) -> tuple[Path, Path]:
    """``specs`` copied to the same place relative to a scratch ``out`` as in the repository:
    the manifest records the spec folder relative to the output folder."""
    copy = tmp_path / specs.relative_to(REPO)
    shutil.copytree(specs, copy)
    return copy, tmp_path / out.relative_to(REPO)


def test_generated_is_what_the_specs_give(repo_build: Path):
    # specs/ built into an empty folder once per test run (beside a copy of specs/, as in
    # the repository); its build reported no problem
    _assert_same_tree(repo_build, GENERATED)


def test_nasty_golden_is_what_its_spec_gives(tmp_path: Path) -> None:
    """tests/goldens/nasty/: the hostile-names fixture as generated code (scripts/regenerate)."""
    specs, out = _mirrored(NASTY_SPECS, NASTY_GOLDEN, tmp_path)
    result = pipeline.build(specs, out)
    assert result.problems == []
    _assert_same_tree(out, NASTY_GOLDEN)


def test_build_check_is_clean_on_the_repo(repo_build: Path, tmp_path: Path):
    """``build --check`` on the committed tree (a copy: tests write nothing into the repo)
    beside the stamp of the test run's build of specs/ (the generator and the manifest it
    wrote): the check then compares what the repo holds with that build's record instead of
    rendering everything a second time (test_generated_is_what_the_specs_give compares the
    rendered files themselves)."""
    specs = tmp_path / "specs"  # where the manifest says, relative to the output folder
    shutil.copytree(SPECS, specs)
    repo = tmp_path / "generated"
    shutil.copytree(GENERATED, repo, ignore=shutil.ignore_patterns(pipeline.GENERATOR_STAMP))
    shutil.copy2(repo_build / pipeline.GENERATOR_STAMP, repo / pipeline.GENERATOR_STAMP)
    result = pipeline.build(specs, repo, check=True)
    assert result.problems == [] and result.changes == []
    assert result.rendered == []  # the record vouched for every package


def test_every_corpus_page_is_in_a_spec(shared_dir):
    conns = repo_specs()  # loaded once per run; load_specs raised no problem
    pages = {s.page for c in conns for s in c.sources}
    for page in corpus_pages():
        assert page.stem.replace("__", "/") + ".html" in pages


@pytest.mark.parametrize("page", corpus_pages(), ids=lambda p: p.stem)
def test_parse_json_equals_truth(corpus_parse, page: Path):
    """The `docgen parse --json` contract, page by page, through the CLI's own functions
    (on the test run's one parse of the corpus)."""
    i = corpus_parse.inputs.index(str(page))
    one = pipeline.ParseResult(inputs=[str(page)], pages=[corpus_parse.pages[i]])
    if i in corpus_parse.errors:
        one.errors[0] = corpus_parse.errors[i]
    (line,) = pipeline.render_parse(one, as_json=True)
    got, want = compare_to_truth(json.loads(line), truth_for(page))
    assert got == want


def test_corpus_is_where_tests_expect(shared_dir):
    assert len(corpus_pages()) == 31 and (CORPUS / "truth").is_dir()
