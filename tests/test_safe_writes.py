"""What a run may touch, remove or leave behind (issue 19), tried on cases beyond the issue's.

Properties:
- a build removes a package only when its spec is gone from the folder it was built from;
  another spec folder's packages are left alone and named in the summary line;
- ``update --prune`` removes only specs whose every page was read (destinations too);
- a page is known by what it says, not by the name it was saved under;
- writes are all or nothing: an OS error or a signal leaves the folder as it was, with one
  line (exit 2, 130, 143); a killed run's temporary files are removed by the next run;
- runs of one folder take turns (a lock), so none loses another's work, and a stopped
  build leaves no worker process behind.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CORPUS, REPO, SHARED
from test_safety import run  # the CLI in process; fails on any traceback

from docgen import interrupts, locks, pipeline, writes
from docgen.readers.stitch.address import page_address, site_path

PAGES = CORPUS / "pages"
AUTOPILOT = PAGES / "integrations__saas__autopilot.html"
MAMBU = PAGES / "integrations__saas__mambu__v2.html"
PROPERTIES = PAGES / "developers__stitch-connect__guides__source-destination-reference.html"
POSTGRES = CORPUS / "destinations" / "pages" / "destinations__postgresql__reference.html"
AUTOPILOT_TEXT = SHARED / "seeds" / "002_ecc871c58e7e87a5.txt"
PROPERTIES_TEXT = SHARED / "seeds" / "001_5abfe6d57ead8f27.txt"


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != pipeline.GENERATOR_STAMP
    }


def debris(folder: Path) -> list[Path]:
    """docgen's temporary files (``.<name>.docgen-<pid>-<hex>.tmp``/``.bak``) and locks."""
    return [
        p
        for p in folder.rglob(".*")
        if re.search(r"\.docgen-\d+-[0-9a-f]+\.(tmp|bak)$", p.name) or p.name == locks.LOCK_NAME
    ]


def docgen() -> list[str]:
    exe = Path(sys.executable).with_name("docgen")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "docgen.cli"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project: three committed specs and the packages they give, built once."""
    root = tmp_path_factory.mktemp("project")
    (root / "specs").mkdir()
    for name in ("autopilot", "segment", "asana"):
        shutil.copy(REPO / "specs" / f"{name}.yaml", root / "specs")
    result = pipeline.build(root / "specs", root / "generated", jobs=1)
    assert result.problems == [] and result.written > 20
    return root


@pytest.fixture()
def project(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    monkeypatch.chdir(root)
    monkeypatch.setenv("DOCGEN_JOBS", "1")
    return root


def manifest(out: Path) -> dict:
    return json.loads((out / pipeline.MANIFEST).read_text())["connectors"]


# --------------------------------------------------------------------------- build folders


def test_another_spec_folder_adds_and_removes_nothing_else(project: Path) -> None:
    other = project / "more specs"
    other.mkdir()
    shutil.copy(REPO / "specs" / "fullstory.yaml", other)
    before = tree(project / "generated")
    for out in ([], ["--out", "generated"], ["--out", "./generated/"]):
        result = run("build", "--specs", other, *out)
        assert result.exit_code == 0, result.stderr
        line = result.stdout.strip()
        assert "0 removed" in line and "left alone: 3 packages built from another" in line
        assert "(specs)" in line
    after = tree(project / "generated")
    assert {k: v for k, v in after.items() if k in before and not k.startswith(".")} == {
        k: v for k, v in before.items() if not k.startswith(".")
    } | {"README.md": after["README.md"]}
    recorded = {n: e["spec_dir"] for n, e in manifest(project / "generated").items()}
    assert recorded == {
        "autopilot": "../specs",
        "segment": "../specs",
        "asana": "../specs",
        "fullstory": "../more specs",
    }
    # the first folder again, spelt another way and through a link: its spec gone, its
    # package goes; the other folder's package stays
    (project / "specs" / "segment.yaml").unlink()
    os.symlink("specs", project / "linked")
    result = run("build", "--specs", "./linked/", "--out", "generated")
    assert result.exit_code == 0
    assert "package segment: its spec is gone" in result.stdout
    assert "left alone: 1 package built from another spec folder (more specs)" in result.stdout
    assert not (project / "generated" / "segment").exists()
    assert (project / "generated" / "fullstory" / "records.py").is_file()
    assert manifest(project / "generated")["asana"]["spec_dir"] == "../specs"  # as recorded


def test_a_spec_moved_to_another_folder_moves_its_package(project: Path) -> None:
    moved = project / "moved"
    moved.mkdir()
    shutil.move(project / "specs" / "asana.yaml", moved / "asana.yaml")
    result = run("build", "--specs", moved)
    assert result.exit_code == 0
    assert "now built from this spec folder: asana (before: specs)" in result.stdout
    assert "left alone: 2 packages" in result.stdout
    again = run("build")  # specs/ no longer has asana.yaml, but asana is moved/'s now
    assert again.exit_code == 0 and "0 removed" in again.stdout
    assert (project / "generated" / "asana" / "config.py").is_file()
    # two folders giving one package name: the folder built last makes it, and says so
    shutil.copy(moved / "asana.yaml", project / "specs")
    back = run("build")
    assert "now built from this spec folder: asana (before: moved)" in back.stdout
    assert manifest(project / "generated")["asana"]["spec_dir"] == "../specs"


# --------------------------------------------------------------------------- update --prune


def test_prune_with_some_pages_removes_only_what_they_account_for(project: Path) -> None:
    specs = project / "specs"
    (specs / "destinations").mkdir()
    for name in ("postgresql", "mysql"):
        shutil.copy(REPO / "specs" / "destinations" / f"{name}.yaml", specs / "destinations")
    before = tree(specs)
    result = run("update", AUTOPILOT, POSTGRES, "--prune")
    assert result.exit_code == 0, result.stderr
    assert tree(specs) == before
    notes = [line for line in result.stdout.splitlines() if "--prune kept" in line]
    assert len(notes) == 1
    assert "kept 3 specs that no page of this run states, because their own pages" in notes[0]
    assert "not among the inputs" in notes[0]


# --------------------------------------------------------------------------- page identity


def test_a_page_is_known_by_what_it_says(project: Path, tmp_path: Path) -> None:
    specs = project / "specs"
    for name in ("mambu_v2", "shopify"):
        shutil.copy(REPO / "specs" / f"{name}.yaml", specs)
    (specs / "destinations").mkdir()
    shutil.copy(REPO / "specs" / "destinations" / "postgresql.yaml", specs / "destinations")
    before = tree(specs)
    saved = tmp_path / "Downloads"
    saved.mkdir()
    copies = {
        MAMBU: "mambu.html",
        AUTOPILOT: "pägé (copy).htm",
        PROPERTIES: "Stitch Connect API reference.html",
        POSTGRES: "pg (1).html",
    }
    for page, name in copies.items():
        shutil.copy(page, saved / name)
    result = run("update", *sorted(saved.iterdir()))
    assert result.exit_code == 0, result.stderr
    after = tree(specs)
    # each page updated its own spec (with nothing new to say); the property reference
    # adds the connectors it describes that had no spec here, under their own names
    assert {k: after[k] for k in before} == before
    assert not [k for k in after if k.endswith("_2.yaml")]
    names = [name.encode() for name in copies.values()]
    assert not [k for k, text in after.items() if any(n in text for n in names)]
    assert "page-address-unstated" not in result.stderr
    assert f"note: {saved / 'mambu.html'} is integrations/saas/mambu/v2.html" in result.stdout
    # text copies under other names: the specs their integration and version, and their
    # property objects' type ids, name (what the HTML pages stated is kept)
    copy = saved / "Autopilot – copy.txt"
    shutil.copy(AUTOPILOT_TEXT, copy)
    shutil.copy(PROPERTIES_TEXT, saved / "Connect API (copy).txt")
    text = run("update", copy, saved / "Connect API (copy).txt")
    assert text.exit_code == 0 and "richer-spec-kept" in text.stderr
    assert tree(specs) == after and "(copy).html" not in text.stderr
    # in a spec folder that records no page for it, the file name is all there is: said so
    fresh = run("update", copy, "--specs", tmp_path / "fresh")
    assert fresh.exit_code == 0 and "[page-address-unstated]" in fresh.stderr
    assert sorted(os.listdir(tmp_path / "fresh")) == ["autopilot.yaml"]  # named as it states


def test_address_evidence() -> None:
    base = b"<html><head>%s</head><body>x</body></html>"
    canonical = base % b'<link href="https://www.stitchdata.com/docs/a/b/" rel="canonical">'
    assert page_address(canonical, "f.html").page == "a/b/index.html"
    saved = b"<!-- saved from url=(0044)https://www.stitchdata.com/docs/x/y -->\n" + base % b""
    assert page_address(saved, "f.html").page == "x/y.html"
    og_site = base % b'<meta property="og:url" content="/docs" />'
    assert page_address(og_site, "f.html") == page_address(base % b"", "f.html")
    assert not page_address(og_site, "f.html").stated
    utf16 = b"\xff\xfe" + canonical.decode().encode("utf-16-le")
    assert page_address(utf16, "f.html").page == "a/b/index.html"
    assert site_path("/docs") is None and site_path("https://h/docs/../etc") is None
    assert page_address(base % b"", "x.html", fetched=True).stated


# --------------------------------------------------------------------------- all or nothing


def _stop_at(monkeypatch: pytest.MonkeyPatch, nth: int, exc: BaseException) -> None:
    """The nth rename of the write phase raises ``exc`` (a signal, an OS error)."""
    real = os.replace
    calls = {"n": 0}

    def replace(src: object, dst: object) -> None:
        calls["n"] += 1
        if calls["n"] == nth:
            raise exc
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(writes.os, "replace", replace)


@pytest.mark.parametrize(
    ("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["INT", "TERM"]
)
def test_a_signal_in_the_write_phase_leaves_the_folder_as_it_was(
    project: Path, monkeypatch: pytest.MonkeyPatch, signum: int, code: int
) -> None:
    spec = project / "specs" / "autopilot.yaml"
    spec.write_text(spec.read_text().replace("Autopilot", "Autopilot!"))
    (project / "specs" / "segment.yaml").unlink()  # a removal too
    before = tree(project / "generated")
    _stop_at(monkeypatch, 4, interrupts.Interrupted(signum))
    result = run("build")
    assert result.exit_code == code
    assert result.stderr.strip() == "docgen build: interrupted; nothing half-written"
    assert tree(project / "generated") == before and debris(project) == []
    monkeypatch.undo()
    monkeypatch.chdir(project)
    assert run("build").exit_code == 0 and not (project / "generated" / "segment").exists()


def test_a_signal_while_update_writes_keeps_the_old_specs(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "specs" / "autopilot.yaml").unlink()
    before = tree(project / "specs")
    _stop_at(monkeypatch, 1, interrupts.Interrupted(signal.SIGTERM))
    result = run("update", AUTOPILOT, PROPERTIES)
    assert result.exit_code == 143 and "interrupted; nothing half-written" in result.stderr
    assert tree(project / "specs") == before and debris(project) == []


def test_a_folder_that_cannot_be_written_is_one_line_and_nothing_changes(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = project / "specs" / "asana.yaml"
    spec.write_text(spec.read_text().replace("Asana", "Asana!"))
    spec = project / "specs" / "autopilot.yaml"
    spec.write_text(spec.read_text().replace("Autopilot", "Autopilot!"))
    before = tree(project / "generated")
    real_open = os.open
    blocked = project / "generated" / "autopilot"

    def read_only(path: str | Path, flags: int, mode: int = 0o777, **kw: object) -> int:
        if Path(path).absolute().parent == blocked and flags & os.O_CREAT:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, mode, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(writes.os, "open", read_only)
    result = run("build")
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert line.startswith("docgen build: cannot write generated/autopilot/"), line
    assert line.endswith(": Permission denied; nothing was written") and "\n" not in line
    assert tree(project / "generated") == before and debris(project) == []
    monkeypatch.undo()
    monkeypatch.chdir(project)
    for out in ("/proc/nope", "/proc/self/nope/deeper"):
        result = run("build", "--out", out)
        assert result.exit_code == 2 and "cannot create /proc/" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


@pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("setpriv") is None, reason="needs root to become nobody"
)
def test_read_only_package_as_an_unprivileged_user(project: Path, tmp_path: Path) -> None:
    import tempfile

    home = Path(tempfile.mkdtemp(prefix="docgen-ro-"))
    try:
        os.chmod(home, 0o755)
        shutil.copytree(project, home / "p", symlinks=True)
        spec = home / "p" / "specs" / "asana.yaml"
        spec.write_text(spec.read_text().replace("Asana", "Asana!"))
        spec = home / "p" / "specs" / "autopilot.yaml"
        spec.write_text(spec.read_text().replace("Autopilot", "Autopilot!"))
        subprocess.run(["chown", "-R", "nobody:nogroup", str(home)], check=True)
        os.chmod(home / "p" / "generated" / "autopilot", 0o555)
        before = tree(home / "p" / "generated")
        proc = subprocess.run(
            ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *docgen(), "build"],
            cwd=home / "p",
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "DOCGEN_JOBS": "1", "HOME": str(home)},
        )
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.startswith("docgen build: cannot write generated/autopilot/")
        assert "Permission denied" in proc.stderr and len(proc.stderr.splitlines()) == 1
        assert tree(home / "p" / "generated") == before  # asana/ not rewritten either
        assert debris(home / "p") == []
    finally:
        subprocess.run(["chmod", "-R", "u+w", str(home)], check=False)
        shutil.rmtree(home, ignore_errors=True)


def test_leftovers_of_a_killed_run_are_removed_and_only_they(project: Path) -> None:
    package = project / "generated" / "autopilot"
    ours = [
        package / ".validators.py.3oj3wx4p.tmp",  # what docgen left before this fix
        package / ".records.py.docgen-99999999-0a1b2c3d.tmp",
        project / "generated" / ".README.md.docgen-4242-deadbeef.bak",
        project / "specs" / ".asana.yaml.docgen-4242-00ff00ff.tmp",
    ]
    users = [
        package / ".notes.py.abcdefgh.tmp",  # not a file docgen writes there
        package / "draft.tmp",
        project / "specs" / ".asana.yaml.bak",
    ]
    for path in ours + users:
        path.write_text("x")
    check = run("build", "--check")
    assert check.exit_code == 1
    for path in ours[:3]:
        assert f"would remove {path.relative_to(project)} (left by an interrupted" in check.stdout
    assert run("build").exit_code == 0
    assert run("update", AUTOPILOT).exit_code == 0
    assert [p for p in ours if p.exists()] == [] and all(p.exists() for p in users)


def test_a_signal_while_docgen_starts_is_the_same_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from docgen import __main__ as entry
    from docgen import cli

    def starting(**_: object) -> None:
        raise interrupts.Interrupted(signal.SIGTERM)  # as if it landed in an import

    previous = {s: signal.getsignal(s) for s in interrupts.SIGNALS}
    monkeypatch.setattr(cli, "app", starting)
    monkeypatch.setattr(sys, "argv", ["docgen", "--debug", "update", "page.html"])
    try:
        with pytest.raises(SystemExit) as stopped:
            entry.main()
        assert stopped.value.code == 143
        assert capsys.readouterr().err == "docgen update: interrupted; nothing half-written\n"
        # the run is over: a late signal no longer changes its exit code
        assert signal.getsignal(signal.SIGTERM) == signal.SIG_IGN
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def test_a_worker_forked_while_signals_are_held_still_dies_on_sigterm() -> None:
    """A worker forked inside deferred() inherits the parent's handler and its held state;
    its parent's terminate() must end it even before its initializer ran. (A signal in the
    instant right after fork() is dropped by Python itself; pmap then kills the worker.)"""
    with interrupts.handled():
        with interrupts.deferred():
            pid = os.fork()
            if pid == 0:  # the child: no initializer, just the inherited state
                time.sleep(30)
                os._exit(0)
        time.sleep(0.3)
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            time.sleep(0.02)
        else:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise AssertionError("the forked child ignored SIGTERM")
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGTERM


# --------------------------------------------------------------------------- real processes


def _session(pid: int) -> list[int]:
    """Processes still alive in the session ``pid`` leads (its workers, if any)."""
    alive = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[3]) == pid and fields[0] != "Z":  # session id, state
                alive.append(int(entry.name))
    return alive


def _workers(pid: int, timeout: float = 20.0) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        children = [p for p in _session(pid) if p != pid]
        if children:
            return children
        time.sleep(0.02)
    return []


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["TERM", "KILL"])
def test_a_stopped_build_leaves_no_worker(project: Path, how: int) -> None:
    (project / "generated" / pipeline.GENERATOR_STAMP).unlink()  # render everything again
    before = tree(project / "generated")
    proc = subprocess.Popen(
        [*docgen(), "build"],
        cwd=project,
        env={**os.environ, "DOCGEN_JOBS": "2"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    workers = _workers(proc.pid)
    assert workers, "the build used no worker process"
    proc.send_signal(how)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == (143 if how == signal.SIGTERM else -signal.SIGKILL)
    if how == signal.SIGTERM:
        assert err.strip() == "docgen build: interrupted; nothing half-written"
    deadline = time.monotonic() + 10
    while _session(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _session(proc.pid) == []
    lock = project / "generated" / locks.LOCK_NAME
    if how == signal.SIGKILL:  # nothing runs on SIGKILL: its lock file stays, unlocked
        assert lock.read_text() == f"{proc.pid} docgen build\n"
        lock.unlink()
    assert tree(project / "generated") == before and debris(project / "generated") == []


def _spawn(args: list[str], cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*docgen(), *args],
        cwd=cwd,
        env={**os.environ, "DOCGEN_JOBS": "1", "DOCGEN_LOCK_WAIT": "60"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _first_line(proc: subprocess.Popen[str], timeout: float = 60.0) -> str:
    """The first line ``proc`` writes on stderr (read in a thread, so a run that never
    writes one fails the test instead of hanging it)."""
    import threading

    got: list[str] = []
    assert proc.stderr is not None
    reader = threading.Thread(target=lambda: got.append(proc.stderr.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    assert got, "no line from the run"
    return got[0]


def test_concurrent_runs_lose_nothing_and_redo_nothing(project: Path) -> None:
    specs, out = project / "specs", project / "generated"
    (specs / "autopilot.yaml").unlink()
    asana = specs / "asana.yaml"  # some work for the builds: one small package to rewrite
    asana.write_text(asana.read_text().replace("display_name: Asana", "display_name: Asana 2"))
    # two updates that both write specs/autopilot.yaml (the pair of pages): each
    # reads its page, then waits for the folder; released, they take turns
    with locks.folder_lock(specs, "docgen test"):
        updates = [_spawn(["update", str(page)], project) for page in (PROPERTIES, AUTOPILOT)]
        for proc in updates:
            line = _first_line(proc)
            assert line.startswith("docgen update: waiting for specs: locked by pid "), line
            assert f"pid {os.getpid()} (docgen test)" in line
    outs = [p.communicate(timeout=60) for p in updates]
    assert [p.returncode for p in updates] == [0, 0], outs
    spec = (specs / "autopilot.yaml").read_text()
    assert "\nconfig:" in spec and "\ntables:" in spec  # both edits kept
    # two builds at once: the second finds the first's manifest and stamp, writes nothing
    with locks.folder_lock(out, "docgen test"):
        builds = [_spawn(["build"], project) for _ in range(2)]
        for proc in builds:
            assert _first_line(proc).startswith("docgen build: waiting for generated: locked")
    done = [p.communicate(timeout=120) for p in builds]
    assert [p.returncode for p in builds] == [0, 0], done
    written = sorted(o.strip().splitlines()[-1].split(",")[0] for o, _ in done)
    assert written[0] == "0 files written" and written[1] != "0 files written", done
    assert not (specs / locks.LOCK_NAME).exists() and not (out / locks.LOCK_NAME).exists()


def test_a_lock_left_by_a_dead_process_is_taken_over(project: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    (project / "generated" / locks.LOCK_NAME).write_text(f"{dead.stdout.strip()} docgen build\n")
    started = time.monotonic()
    result = run("build")
    assert result.exit_code == 0 and "waiting" not in result.stderr
    assert (
        time.monotonic() - started < 10 and not (project / "generated" / locks.LOCK_NAME).exists()
    )


def test_a_lock_held_too_long_is_one_line(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCGEN_LOCK_WAIT", "0.2")
    with locks.folder_lock(project / "specs", "docgen update"):
        result = run("update", AUTOPILOT)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("docgen update: waiting for specs: locked by pid ")
    assert lines[-1].startswith("docgen update: specs is still locked by pid ")
    assert "nothing was written" in lines[-1] and len(lines) == 2


@pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("setpriv") is None, reason="needs root to become nobody"
)
def test_an_up_to_date_read_only_output_builds_without_its_stamp(project: Path) -> None:
    """A fresh clone whose generated/ nobody can write, and nothing to change: the build
    succeeds without writing the generator stamp (a git-ignored cache; the next build that
    can write it renders again), and changes nothing."""
    import tempfile

    home = Path(tempfile.mkdtemp(prefix="docgen-ro-"))
    try:
        os.chmod(home, 0o755)
        shutil.copytree(project, home / "p", symlinks=True)
        out = home / "p" / "generated"
        (out / pipeline.GENERATOR_STAMP).unlink(missing_ok=True)
        subprocess.run(["chown", "-R", "nobody:nogroup", str(home)], check=True)
        subprocess.run(["chmod", "-R", "a-w", str(out)], check=True)
        before = tree(out)
        proc = subprocess.run(
            ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *docgen(), "build"],
            cwd=home / "p",
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "DOCGEN_JOBS": "1", "HOME": str(home)},
        )
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.startswith("0 files written, ") and proc.stderr == ""
        assert tree(out) == before and not (out / pipeline.GENERATOR_STAMP).exists()
    finally:
        subprocess.run(["chmod", "-R", "u+w", str(home)], check=False)
        shutil.rmtree(home, ignore_errors=True)
