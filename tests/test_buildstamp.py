"""The generator stamp (docgen.buildstamp): a build reads again only files that may have
changed since the last build started, and still notices every change."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from conftest import REPO

from docgen import buildstamp, pipeline


@pytest.fixture()
def specs(tmp_path: Path) -> Path:
    """One small committed spec (config only: no model generation, a quick build)."""
    folder = tmp_path / "specs"
    folder.mkdir()
    shutil.copy(REPO / "specs" / "segment.yaml", folder)
    return folder


@pytest.fixture()
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file of the output folder a build reads to hash it."""
    seen: list[Path] = []
    digest = pipeline._digest

    def counted(path: Path) -> str | None:
        seen.append(path)
        return digest(path)

    monkeypatch.setattr(pipeline, "_digest", counted)
    return seen


def _tick(folder: Path) -> None:
    """Wait until the file system's clock (coarse: a few ms a tick) has moved past every
    file of ``folder``: a build starting in the same tick as a write cannot tell whether
    the write came before it, and reads that file again (right, but not what is tested)."""
    newest = max(os.stat(p).st_ctime_ns for p in [folder, *folder.rglob("*")])
    while (buildstamp.clock(folder) or 0) <= newest:
        time.sleep(0.001)


def _settled(specs: Path, out: Path) -> None:
    """A build, then one more: the second reads what the first wrote and stamps its start."""
    assert pipeline.build(specs, out).problems == []
    _tick(out)
    assert pipeline.build(specs, out).changes == []


def test_files_unchanged_since_the_last_build_are_not_read(
    specs: Path, tmp_path: Path, reads: list[Path]
) -> None:
    out = tmp_path / "gen"
    _settled(specs, out)
    reads.clear()
    again = pipeline.build(specs, out)
    assert again.changes == [] and again.rendered == [] and again.unchanged > 5
    assert reads == []


def test_an_edit_keeping_size_and_time_is_noticed(specs: Path, tmp_path: Path) -> None:
    out = tmp_path / "gen"
    _settled(specs, out)
    target = out / "segment" / "validators.py"
    before = target.stat()
    data = target.read_bytes()
    target.write_bytes(data.replace(b"def ", b"def_", 1)[: len(data)])
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))  # mtime put back
    assert pipeline.build(specs, out, check=True).changes == [f"would write {target}"]
    repaired = pipeline.build(specs, out)
    assert repaired.rendered == ["segment"] and target.read_bytes() == data


def test_an_older_file_moved_into_place_is_noticed(specs: Path, tmp_path: Path) -> None:
    out = tmp_path / "gen"
    assert pipeline.build(specs, out).problems == []
    target = out / "segment" / "validators.py"
    older = tmp_path / "older.py"  # made before the build that stamps its start below
    older.write_bytes(target.read_bytes() + b"# edited\n")
    _tick(tmp_path)
    assert pipeline.build(specs, out).changes == []
    os.replace(older, target)
    assert pipeline.build(specs, out, check=True).changes == [f"would write {target}"]


def test_a_copied_tree_is_read_again(specs: Path, tmp_path: Path, reads: list[Path]) -> None:
    """Copies (times kept or not) of the output folder and its stamp vouch for nothing the
    copy holds: an edit in the copy is noticed either way."""
    out = tmp_path / "gen"
    _settled(specs, out)
    for copy, keep_times in ((tmp_path / "kept", True), (tmp_path / "plain", False)):
        shutil.copytree(out, copy, copy_function=shutil.copy2 if keep_times else shutil.copy)
        target = copy / "segment" / "config.py"
        target.write_text(target.read_text() + "# edited\n")
        reads.clear()
        assert pipeline.build(specs, copy, check=True).changes == [f"would write {target}"]
        assert reads  # the files were read and hashed


def test_the_second_build_of_a_fresh_clone_reads_nothing(
    specs: Path, tmp_path: Path, reads: list[Path]
) -> None:
    """A clone has the committed generated/ (manifest included) and no stamp: its first
    build renders every package and writes only the stamp; the second reads no file."""
    out = tmp_path / "gen"
    _settled(specs, out)
    clone = tmp_path / "clone"
    shutil.copytree(out, clone, ignore=shutil.ignore_patterns(pipeline.GENERATOR_STAMP))
    _tick(clone)  # a checkout is older than the build that follows it
    first = pipeline.build(specs, clone)
    assert first.rendered == ["segment"] and first.written == 0
    assert (clone / pipeline.GENERATOR_STAMP).exists()
    reads.clear()
    second = pipeline.build(specs, clone)
    assert second.rendered == [] and second.changes == [] and reads == []


def test_the_stamp_text_depends_only_on_the_output(specs: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    _settled(specs, one)
    assert pipeline.build(specs, two).problems == []
    stamp = pipeline.GENERATOR_STAMP
    assert (one / stamp).read_bytes() == (two / stamp).read_bytes()
    first_line = (one / stamp).read_text().splitlines()[0]
    # the generator per spec folder (keyed as the manifest keys it), no time, no path of
    # this machine
    assert first_line == f"generator {pipeline.generator_fingerprint()} ../specs"


def test_a_build_of_another_folder_vouches_for_none_of_this_folders_files(
    specs: Path, tmp_path: Path, reads: list[Path]
) -> None:
    """The stamp's time is set by the last writing build, which verified only its own
    folder's packages: an edit to a package of folder B made before a build of folder A
    into the same output is still noticed by the next build of B."""
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(REPO / "specs" / "asana.yaml", other)
    out = tmp_path / "gen"
    _settled(specs, out)
    edited = out / "segment" / "README.md"
    edited.write_text(edited.read_text() + "a hand edit\n")
    _tick(out)
    assert pipeline.build(other, out).problems == []  # sets the stamp's time after the edit
    _tick(out)
    reads.clear()
    again = pipeline.build(specs, out)
    assert edited in reads
    assert f"wrote {edited}" in again.changes and "a hand edit" not in edited.read_text()
