"""The CLI conventions of issue 19, tried on every registered command (a command added later
gets them from DocgenCommand / DocgenGroup, and this test tries it too): real metavars in
help, --debug after the command, a usage mistake in one line, a closed pipe ending output
quietly, a closed stderr never leaking onto stdout."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from conftest import CORPUS, REPO
from typer.testing import CliRunner

from docgen import cli, pipeline
from docgen.cli import app

runner = CliRunner()
PAGES = CORPUS / "pages"


def _commands() -> list[str]:
    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def _docgen() -> list[str]:
    exe = Path(sys.executable).with_name("docgen")
    return (
        [str(exe)] if exe.exists() else [sys.executable, "-c", "from docgen.cli import app; app()"]
    )


def test_every_command_is_a_docgen_command() -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, cli.DocgenGroup)
    names = _commands()
    assert {"parse", "update", "build", "diff", "lint", "land", "drift"} <= set(names)
    for name in names:
        assert isinstance(group.commands[name], cli.DocgenCommand), name  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", _commands())
def test_help_shows_real_metavars_and_debug(command: str) -> None:
    result = runner.invoke(app, [command, "-h"])
    assert result.exit_code == 0
    text = result.stdout
    usage = text.splitlines()[0]
    assert usage.startswith(f"Usage: docgen {command} ")
    # typer's type placeholders and brace-wrapped arguments never show
    for leak in ("<list", "<str>", "<path>", "<float>", "<int>", "<bool>", "<Path>", "{"):
        assert leak not in usage, (leak, usage)
    options = text[text.index("Options:") :]
    assert not re.search(r"<[a-z][a-zA-Z\[\]|, ]*>", options), options
    assert re.search(r"^\s+--debug\s", options, re.MULTILINE)
    for line in options.splitlines():  # an option taking a value names it in capitals/choices
        m = re.match(r"^\s+(--[a-z-]+) (\S+)\s", line)
        if m:
            assert re.fullmatch(r"[A-Z][A-Z_,.]*|\[[a-z|-]+\]", m.group(2)), line


def test_choices_are_shown_and_checked() -> None:
    text = runner.invoke(app, ["land", "-h"]).stdout
    assert "--format [text|dbt|mermaid]" in text
    bad = runner.invoke(app, ["land", "x", "--destination", "y", "--format", "xml"])
    assert bad.exit_code == 2
    (line,) = bad.stderr.strip().splitlines()
    assert line.startswith("docgen land: invalid value for '--format'") and "docgen land -h" in line


@pytest.mark.parametrize("command", _commands())
def test_a_usage_mistake_is_one_line(command: str) -> None:
    result = runner.invoke(app, [command, "--no-such-option"])
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"docgen {command}: no such option: --no-such-option")
    assert "Traceback" not in result.stderr and "Usage:" not in result.stderr


def test_unknown_command_is_one_line() -> None:
    result = runner.invoke(app, ["buidl"])
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert "no such command 'buidl'" in line and "build" in line


@pytest.mark.parametrize(
    ("where", "args"),
    [
        ("build", ["build", "--specs", "{specs}", "--out", "{out}", "--debug"]),
        ("lint", ["lint", "--debug", "--specs", "{specs}"]),
        ("parse", ["--debug", "parse", "x.html"]),
    ],
)
def test_debug_is_accepted_before_and_after_the_command(
    monkeypatch: pytest.MonkeyPatch, small_specs: Path, tmp_path: Path, where: str, args: list[str]
) -> None:
    from docgen.tools import lint

    def broken(*a: object, **k: object) -> None:
        raise KeyError("boom")

    target = {
        "build": (pipeline, "build"),
        "lint": (lint, "run"),
        "parse": (pipeline, "parse_pages"),
    }
    monkeypatch.setattr(*target[where], broken)
    argv = [a.format(specs=small_specs, out=tmp_path / "out") for a in args]
    quiet = runner.invoke(app, [a for a in argv if a != "--debug"])
    assert quiet.exit_code == cli.EXIT_BUG and "internal error" in quiet.stderr
    monkeypatch.setattr(cli, "_debug", False)
    loud = runner.invoke(app, argv)
    assert isinstance(loud.exception, KeyError)  # the traceback, as --debug promises
    monkeypatch.setattr(cli, "_debug", False)


def test_debug_after_double_dash_is_an_argument(tmp_path: Path) -> None:
    result = runner.invoke(app, ["parse", "--", "--debug"])
    assert result.exit_code == 2 and "--debug: no such file" in result.stderr


# --------------------------------------------------------------------------- pipes


def _closed_stdout(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """Run docgen with its stdout a pipe whose reading end is closed at once: every write
    meets a closed pipe (what ``| head -0`` gives, without the race)."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run(
            [*_docgen(), *args], stdout=write, stderr=subprocess.PIPE, cwd=cwd, check=False
        )
    finally:
        os.close(write)


@pytest.mark.parametrize(
    "args",
    [
        ["parse", str(PAGES / "integrations__saas__autopilot.html"), "--json"],
        ["lint", "--specs", "{specs}", "--json"],
        ["land", "--all", "--destination", "postgresql", "--specs", "{specs}"],
        ["diff", "{other}", "{specs}"],
        ["build", "-h"],
    ],
)
def test_a_closed_stdout_pipe_ends_output_quietly(
    shared_dir: Path, small_specs: Path, tmp_path: Path, args: list[str]
) -> None:
    (small_specs / "destinations").mkdir()
    (small_specs / "destinations" / "postgresql.yaml").write_bytes(
        (REPO / "specs" / "destinations" / "postgresql.yaml").read_bytes()
    )
    other = tmp_path / "other"
    other.mkdir()
    (other / "segment.yaml").write_bytes((small_specs / "segment.yaml").read_bytes())
    argv = [a.format(specs=small_specs, other=other) for a in args]
    done = _closed_stdout(argv, tmp_path)
    assert done.stderr == b"", done.stderr.decode()
    assert done.returncode == -signal.SIGPIPE  # as any Unix tool ends there (141 in a shell)


def test_head_of_a_long_output(shared_dir: Path, tmp_path: Path) -> None:
    """``docgen parse PAGES --json | head -1``: the first line arrives, nothing else does."""
    pages = sorted(PAGES.glob("integrations__saas__*.html"))[:6]
    proc = subprocess.Popen(
        [*_docgen(), "parse", *map(str, pages), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    code = proc.wait()
    assert first.startswith(b'{"page": ')
    assert b"Traceback" not in err and b"internal error" not in err
    assert code in (0, -signal.SIGPIPE)  # done before the pipe closed, or stopped by it


def test_a_closed_stderr_pipe_ends_quietly(tmp_path: Path) -> None:
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            [*_docgen(), "build", "--specs", "nope"],
            stdout=subprocess.PIPE,
            stderr=write,
            cwd=tmp_path,
            check=False,
        )
    finally:
        os.close(write)
    assert done.returncode == -signal.SIGPIPE and done.stdout == b""


def test_a_closed_stderr_never_leaks_onto_stdout(tmp_path: Path) -> None:
    """``docgen build --specs nope 2>&-``: the error goes nowhere, not onto stdout, and the
    exit code still says bad input."""
    done = subprocess.run(
        [*_docgen(), "build", "--specs", "nope"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=tmp_path,
        check=False,
        preexec_fn=lambda: os.close(2),
    )
    assert done.returncode == 2 and done.stdout == b""


def test_every_package_folder_ships_in_a_plain_install() -> None:
    """Property: a non-editable `pip install .` holds every module of docgen and every
    template: each folder of docgen/ with Python files is a listed package, and each folder
    of templates/ with templates is listed under its docgen._templates name. (Found by a
    drill: docgen.tools.diff was missing, so `update` and `diff` failed with
    ModuleNotFoundError in a plain install while every editable one worked.)"""
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    dirs = {v: k for k, v in config.get("package-dir", {}).items()}
    code = {
        ".".join(p.parent.relative_to(REPO).parts)
        for p in (REPO / "docgen").rglob("*.py")
        if "__pycache__" not in p.parts
    }
    assert code - listed == set(), "add these to [tool.setuptools] packages"
    folders = {p.parent.relative_to(REPO).as_posix() for p in (REPO / "templates").rglob("*.j2")}
    assert folders - set(dirs) == set(), "map these in [tool.setuptools] package-dir"
    assert {dirs[f] for f in folders} <= listed
    patterns = config["package-data"]
    assert all(patterns.get(dirs[f]) == ["*.j2"] for f in folders)
