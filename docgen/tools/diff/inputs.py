"""Where ``docgen diff`` reads its two sides: a spec file, a spec folder or a git revision
(``HEAD~1``, ``main``, ``v1.2:specs``) whose ``specs/`` (or the other side's path) is read with
``git show``. Files whose bytes are equal on both sides are neither parsed nor compared.

Every file read is loaded by the one spec loader (:func:`docgen.model.specio.load_data`) and a
folder side, in the work tree or at a revision, is held to the folder rules
(:func:`docgen.model.specio.check_folder`: a spec is ``<name>.yaml``), its unchanged files
by their ``name:`` line: diff refuses what build refuses (a stray second spec of a
connector is not a "connector-added"). Problems are located ``FILE:LINE:COL`` with the path
as given (``REV:path`` for a revision's file) and all reported together."""

from __future__ import annotations

import functools
import hashlib
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from docgen import inputs
from docgen.model.spec import Connector, Problem
from docgen.tools.diff.rules import Change, diff_connectors, diff_sets

# OLD or NEW is not a spec file, a spec directory or a git revision (exit 2)
InputError = inputs.InputError


@dataclass
class _Raw:
    """One spec file of a side, not parsed yet: where it is, the git blob id of its bytes
    (equal ids: equal bytes, nothing to compare), how to get them, and the bytes themselves
    when they are already read (work-tree files)."""

    where: str
    blob: str
    read: Callable[[], bytes]
    data: bytes | None = None


@dataclass
class _Side:
    files: dict[str, _Raw]  # file name -> spec file
    single: bool  # the argument named one spec file
    folder: bool = False  # a spec folder (work tree or revision): the folder rules apply


def _blob_id(data: bytes) -> str:
    """Git's id of a blob with these bytes (what ``git ls-tree`` lists)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


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
    if kind == "blob" and not rel.endswith(".yaml"):
        raise InputError(f"{rev}:{rel}: not a spec file; expected a spec (*.yaml) or a folder")
    target = rel if kind == "blob" else f"{rel}/"
    files: dict[str, _Raw] = {}
    for line in _git(["ls-tree", rev, "--", target], root).splitlines():
        meta, _, file = line.partition("\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == "blob" and file.endswith(".yaml"):
            blob = parts[2]
            files[PurePosixPath(file).name] = _Raw(
                f"{rev}:{file}", blob, functools.partial(_git_blob, blob, root)
            )
    if kind != "blob" and not files:  # a folder there, but not one of specs
        shown = f"{rev}:{rel}" if rel != "." else f"{rev}: (the top of the work tree)"
        raise InputError(f"{shown}: holds no spec file; expected a folder of spec files (*.yaml)")
    return _Side(files, kind == "blob", folder=kind != "blob")


def _git_blob(blob: str, root: Path) -> bytes:
    try:
        proc = subprocess.run(
            ["git", "cat-file", "blob", blob], cwd=root, capture_output=True, check=False
        )
    except OSError as exc:
        raise InputError(f"git is not available: {exc}") from None
    if proc.returncode != 0:
        raise InputError(proc.stderr.decode(errors="replace").strip() or f"no git blob {blob}")
    return proc.stdout


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
    from docgen.model.specio import SpecError

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SpecError(where, f"cannot read it ({exc.strerror or exc})") from None
    return _Raw(where, _blob_id(data), lambda: data, data)


def _side(arg: str, other: str | None, cwd: Path) -> _Side:
    """The spec files named by ``arg``: a file, a folder, ``REV:path`` or ``REV`` (then the
    path is ``other`` when that is a spec path in the work tree, else ``specs``)."""
    from docgen.model.specio import DEFAULT_SPECS, NO_SPECS, spec_folder

    path = cwd / arg
    if path.is_file():
        return _Side({path.name: _file_raw(path, arg)}, True)
    if path.is_dir():
        files = spec_folder(path, option="", shown=arg)
        shown = Path(arg)  # the path as the user gave it: relative stays relative
        return _Side({f.name: _file_raw(f, str(shown / f.name)) for f in files}, False, True)
    if Path(arg) == DEFAULT_SPECS:
        raise InputError(NO_SPECS)
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


def _load(side: _Side, skip: Iterable[str] = ()) -> dict[str, Connector]:
    """The connectors of a side's files (but ``skip``, file names whose bytes the other side
    has too), each loaded by the one spec loader; a folder side is held to the folder rules
    over every file (skipped ones by their ``name:`` line, when their bytes are at hand).
    Raises :class:`docgen.model.specio.SpecErrors` with every problem found."""
    from docgen.model import specio

    skipped = set(skip)
    out: dict[str, Connector] = {}
    problems: list[Problem] = []
    entries: list[specio.FolderEntry] = []
    for file_name, raw in side.files.items():
        if file_name in skipped:
            if raw.data is not None:
                entries.append(specio.entry(raw.where, file_name, raw.data))
            continue
        data = raw.read()
        try:
            conn = specio.load_data(data, raw.where)
        except specio.SpecErrors as exc:
            problems.extend(exc.problems)
            entries.append(specio.entry(raw.where, file_name, None))
            continue
        entries.append(specio.entry(raw.where, file_name, data, loaded=conn.name))
        out[conn.name] = conn
    if side.folder:
        problems.extend(specio.check_folder(entries))
    if problems:
        raise specio.SpecErrors(problems)
    return out


def load_side(arg: str, other: str | None = None, cwd: Path | None = None) -> dict[str, Connector]:
    """The specs named by ``arg`` (see :func:`_side`), loaded, by connector name."""
    return _load(_side(arg, other, cwd or Path.cwd()))


def diff_args(old: str, new: str, cwd: Path | None = None) -> list[Change]:
    """The changes between two CLI arguments. Two files are compared as one connector
    whatever their names; one file against a folder or revision compares that connector
    only; otherwise connectors are matched by name. Files whose bytes are equal on both
    sides are neither parsed nor compared (a review after editing one spec reads two)."""
    from docgen.model.specio import DEFAULT_SPECS, NO_SPECS

    cwd = cwd or Path.cwd()
    if Path(new) == DEFAULT_SPECS and not (cwd / new).exists():
        raise InputError(NO_SPECS)  # outside a project: say so before anything else
    old_side = _side(old, new, cwd)
    new_side = _side(new, old, cwd)
    if old_side.single and new_side.single:  # two files: one connector, whatever the names
        old_set, new_set = _load_both(old_side, new_side, [set(), set()])
        (old_conn,), (new_conn,) = old_set.values(), new_set.values()
        return diff_connectors(old_conn, new_conn)
    single = next((side for side in (old_side, new_side) if side.single), None)
    if single is not None:  # one file against a folder or revision: that file there, if any
        ((file_name, _),) = single.files.items()
        if all(file_name in side.files for side in (old_side, new_side)):
            rest = [set(side.files) - {file_name} for side in (old_side, new_side)]
            old_set, new_set = _load_both(old_side, new_side, rest)
            (old_conn,), (new_conn,) = old_set.values(), new_set.values()
            return diff_connectors(old_conn, new_conn)  # whatever the connectors' names
    same = {
        f
        for f, raw in old_side.files.items()
        if f in new_side.files and new_side.files[f].blob == raw.blob
    }
    old_set, new_set = _load_both(old_side, new_side, [same, same])
    if single is not None:  # ... else the connector of that name, under another file name
        names = set(old_set if single is old_side else new_set)
        old_set = {k: v for k, v in old_set.items() if k in names}
        new_set = {k: v for k, v in new_set.items() if k in names}
    return diff_sets(old_set, new_set)


def _load_both(
    old: _Side, new: _Side, skips: list[set[str]]
) -> tuple[dict[str, Connector], dict[str, Connector]]:
    """Both sides loaded (:func:`_load`), the problems of both reported together."""
    from docgen.model.specio import SpecErrors

    problems = []
    sets: list[dict[str, Connector]] = []
    for side, skip in zip((old, new), skips, strict=True):
        try:
            sets.append(_load(side, skip=skip))
        except SpecErrors as exc:
            problems.extend(exc.problems)
    if problems:
        raise SpecErrors(problems)
    return sets[0], sets[1]
