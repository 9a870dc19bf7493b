"""Where ``docgen diff`` reads its two sides: a spec file, a spec folder or a git revision
(``HEAD~1``, ``main``, ``v1.2:specs``) whose ``specs/`` (or the other side's path) is read with
``git show``. Files whose bytes are equal on both sides are neither parsed nor compared."""

from __future__ import annotations

import functools
import hashlib
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from docgen import inputs
from docgen.model.spec import Connector
from docgen.tools.diff.rules import Change, diff_connectors, diff_sets

# OLD or NEW is not a spec file, a spec directory or a git revision (exit 2)
InputError = inputs.InputError


@dataclass
class _Raw:
    """One spec file of a side, not parsed yet: where it is, the git blob id of its bytes
    (equal ids: equal bytes, nothing to compare) and how to get its text."""

    where: str
    blob: str
    read: Callable[[], str]


@dataclass
class _Side:
    files: dict[str, _Raw]  # file name -> spec file
    single: bool  # the argument named one spec file


def _blob_id(data: bytes) -> str:
    """Git's id of a blob with these bytes (what ``git ls-tree`` lists)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def _load_spec_text(text: str, where: str) -> Connector:
    from docgen.model.specio import SpecError, load_text

    try:
        return load_text(text, where)
    except SpecError as exc:
        raise InputError(str(exc)) from None


def _git(args: list[str], cwd: Path) -> str:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise InputError(f"git is not available: {exc}") from None
    if proc.returncode != 0:
        raise InputError(proc.stderr.strip() or f"git {' '.join(args)} failed")
    return proc.stdout


def _git_root(cwd: Path) -> Path:
    return Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())


def _git_side(rev: str, rel: str, cwd: Path) -> _Side:
    """Spec files at ``rev``: ``rel`` is the repo path (a folder of specs or one file)."""
    root = _git_root(cwd)
    rel = rel.strip("/") or "."
    try:
        kind = _git(["cat-file", "-t", f"{rev}:{rel}"], root).strip() if rel != "." else "tree"
    except InputError:
        return _Side({}, False)  # the path did not exist at that revision: all is new since
    target = rel if kind == "blob" else f"{rel}/"
    files: dict[str, _Raw] = {}
    for line in _git(["ls-tree", rev, "--", target], root).splitlines():
        meta, _, file = line.partition("\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == "blob" and file.endswith(".yaml"):
            blob = parts[2]
            files[PurePosixPath(file).name] = _Raw(
                f"{rev}:{file}", blob, functools.partial(_git, ["cat-file", "blob", blob], root)
            )
    return _Side(files, kind == "blob")


def _verify_rev(rev: str, cwd: Path) -> None:
    """``rev`` names a commit of the git work tree around ``cwd``."""
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd)
    except InputError:
        raise InputError(
            f"{rev!r} is not a spec file, a spec directory or a git revision"
        ) from None


def _repo_rel(path: Path, cwd: Path) -> str:
    root = _git_root(cwd)
    try:
        return PurePosixPath(path.resolve().relative_to(root.resolve())).as_posix()
    except ValueError:
        raise InputError(f"{path} is not inside the git work tree {root}") from None


def _file_raw(path: Path, where: str) -> _Raw:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"{where}: cannot read it ({exc.strerror}); expected a spec file"
        ) from None
    return _Raw(where, _blob_id(data), lambda: data.decode("utf-8"))


def _side(arg: str, other: str | None, cwd: Path) -> _Side:
    """The spec files named by ``arg``: a file, a folder, ``REV:path`` or ``REV`` (then the
    path is ``other`` when that is a spec path in the work tree, else ``specs``)."""
    path = cwd / arg
    if path.is_file():
        return _Side({path.name: _file_raw(path, arg)}, True)
    if path.is_dir():
        files = inputs.spec_folder(path, option="")
        return _Side({f.name: _file_raw(f, str(f)) for f in files}, False)
    if ":" in arg and not arg.startswith(":"):
        rev, rel = arg.split(":", 1)
        _verify_rev(rev, cwd)
        base = _repo_rel(cwd / rel, cwd) if rel else "."
        return _git_side(rev, base, cwd)
    _verify_rev(arg, cwd)
    if other is not None and (cwd / other).exists():
        target = cwd / other
    elif (cwd / "specs").exists():
        target = cwd / "specs"
    else:  # from anywhere in the work tree: its top-level specs/
        target = _git_root(cwd) / "specs"
    return _git_side(arg, _repo_rel(target, cwd), cwd)


def _load(files: Iterable[_Raw]) -> dict[str, Connector]:
    out: dict[str, Connector] = {}
    for raw in files:
        try:
            text = raw.read()
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{raw.where}: not UTF-8 text ({exc.reason}); expected a spec"
            ) from None
        conn = _load_spec_text(text, raw.where)
        out[conn.name] = conn
    return out


def load_side(arg: str, other: str | None = None, cwd: Path | None = None) -> dict[str, Connector]:
    """The specs named by ``arg`` (see :func:`_side`), loaded, by connector name."""
    return _load(_side(arg, other, cwd or Path.cwd()).files.values())


def diff_args(old: str, new: str, cwd: Path | None = None) -> list[Change]:
    """The changes between two CLI arguments. Two files are compared as one connector
    whatever their names; one file against a folder or revision compares that connector
    only; otherwise connectors are matched by name. Files whose bytes are equal on both
    sides are neither parsed nor compared (a review after editing one spec reads two)."""
    cwd = cwd or Path.cwd()
    old_side = _side(old, new, cwd)
    new_side = _side(new, old, cwd)
    single = next((side for side in (old_side, new_side) if side.single), None)
    if single is not None:  # one file against a folder or revision: that file there, if any
        ((file_name, _),) = single.files.items()
        for side in (old_side, new_side):
            if file_name in side.files:
                side.files, side.single = {file_name: side.files[file_name]}, True
    if old_side.single and new_side.single:
        (old_conn,) = _load(old_side.files.values()).values()
        (new_conn,) = _load(new_side.files.values()).values()
        return diff_connectors(old_conn, new_conn)
    same = {
        f
        for f, raw in old_side.files.items()
        if f in new_side.files and new_side.files[f].blob == raw.blob
    }
    old_set = _load(raw for f, raw in old_side.files.items() if f not in same)
    new_set = _load(raw for f, raw in new_side.files.items() if f not in same)
    if single is not None:  # ... else the connector of that name, under another file name
        names = set(old_set if single is old_side else new_set)
        old_set = {k: v for k, v in old_set.items() if k in names}
        new_set = {k: v for k, v in new_set.items() if k in names}
    return diff_sets(old_set, new_set)
