"""Files written ahead (docgen.writes.Transaction.write_ahead): a build writes each
rendered package's files as temporary files while the other packages render, and the
commit renames them into place. Properties: what is written ahead is in place only after a
commit of the same content, with the mode a write would give it; anything else (another
content, no commit, a refusal, an error or an interrupt after it) leaves no file and no
folder behind; a folder that cannot take it changes nothing but who reports the error."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from docgen import pipeline, writes
from docgen.writes import Transaction, WriteError


def _debris(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith((".tmp", ".bak"))]


def test_what_is_written_ahead_is_committed_in_place(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        target = tmp_path / "out" / "pkg" / "a.py"
        tx = Transaction(root=tmp_path / "out")
        tx.write_ahead(target, b"ahead")
        assert not target.exists() and len(_debris(tmp_path)) == 1
        tx.write(target, b"ahead")
        tx.commit()
        assert target.read_bytes() == b"ahead"
        assert stat.S_IMODE(target.stat().st_mode) == 0o640
        assert _debris(tmp_path) == []
    finally:
        os.umask(old)


def test_a_replaced_file_keeps_its_mode_and_another_content_wins(tmp_path: Path) -> None:
    target = tmp_path / "a.py"
    target.write_bytes(b"old")
    target.chmod(0o600)
    tx = Transaction(root=tmp_path)
    tx.write_ahead(target, b"first")
    target.chmod(0o640)  # changed after the file was written ahead: the commit's view wins
    tx.write(target, b"second")
    tx.commit()
    assert target.read_bytes() == b"second"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert _debris(tmp_path) == []


def test_what_no_commit_uses_is_deleted_with_its_new_folders(tmp_path: Path) -> None:
    out = tmp_path / "out"
    tx = Transaction(root=out)
    tx.write_ahead(out / "pkg" / "deep" / "a.py", b"x")
    tx.write_ahead(out / "other.py", b"y")
    tx.write(out / "other.py", b"y")
    tx.commit()  # used one, the other one is deleted, its empty folders too
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == ["other.py"]
    tx2 = Transaction(root=tmp_path / "new")
    tx2.write_ahead(tmp_path / "new" / "pkg" / "a.py", b"x")
    tx2.discard()
    assert not (tmp_path / "new").exists()


def test_a_folder_that_cannot_take_it_is_reported_by_the_commit(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where a folder goes")
    tx = Transaction(root=tmp_path)
    tx.write_ahead(blocker / "a.py", b"x")  # no error here: writing ahead is best effort
    tx.write_ahead(tmp_path / "b.py", b"y")  # and off after the first failure
    assert _debris(tmp_path) == []
    tx.write(blocker / "a.py", b"x")
    with pytest.raises(WriteError, match="file"):
        tx.commit()
    assert _debris(tmp_path) == [] and blocker.read_text().startswith("a file")


def _specs(small_specs: Path, broken: bool) -> Path:
    if broken:  # loads only in a worker: a problem found after the others were rendered
        spec = small_specs / "segment.yaml"
        spec.write_text(spec.read_text().replace("tables:", "tables: {oops: 1}\nx:", 1))
    return small_specs


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_build_that_fails_after_rendering_leaves_nothing(small_specs: Path, jobs: int) -> None:
    out = small_specs.parent / "gen"
    result = pipeline.build(_specs(small_specs, broken=True), out, jobs=jobs)
    assert any(p.severity == "error" for p in result.problems)
    assert not out.exists()  # nothing written, no folder made


def test_an_interrupt_while_rendering_leaves_nothing(
    small_specs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = small_specs.parent / "gen"
    render = pipeline._render_batch
    calls: list[int] = []

    def stop_at_the_second(items: list[tuple[str, bytes]]) -> list[object]:
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return render(items)  # type: ignore[return-value]

    monkeypatch.setattr(pipeline, "_render_batch", stop_at_the_second)
    monkeypatch.setattr(pipeline, "_batches", lambda stale, jobs: [[s] for s in stale])
    with pytest.raises(KeyboardInterrupt):
        pipeline.build(small_specs, out, jobs=1)
    assert len(calls) == 2
    assert not out.exists()


@pytest.fixture()
def written_ahead(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every path the build writes ahead (Transaction.write_ahead, spied on)."""
    written: list[Path] = []
    original = writes.Transaction.write_ahead

    def spy(self: Transaction, path: Path, data: bytes) -> None:
        written.append(path)
        original(self, path, data)

    monkeypatch.setattr(writes.Transaction, "write_ahead", spy)
    return written


def test_a_refused_build_writes_nothing_ahead_in_someone_s_folder(
    small_specs: Path, written_ahead: list[Path]
) -> None:
    theirs = small_specs.parent / "theirs"
    shutil.copytree(small_specs, theirs / "segment")  # a folder of their own, no manifest
    before = sorted(p.relative_to(theirs).as_posix() for p in theirs.rglob("*"))
    pipeline.build(small_specs, theirs, jobs=1)
    assert written_ahead == []
    assert _debris(theirs) == []
    after = [p for p in sorted(theirs.rglob("*")) if p.relative_to(theirs).as_posix() in before]
    assert len(after) == len(before)


def test_a_cold_build_commits_what_it_wrote_ahead(
    small_specs: Path, written_ahead: list[Path]
) -> None:
    out = small_specs.parent / "gen"
    result = pipeline.build(small_specs, out, jobs=2)
    assert not result.problems
    package_files = {p for p in out.rglob("*") if p.is_file() and p.parent != out}
    assert set(written_ahead) == package_files
    assert _debris(out) == []
