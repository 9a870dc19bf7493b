"""Writing specs/ and generated/ all or nothing, and cleaning up after runs that were not.

Properties:

- **All or nothing.** A :class:`Transaction` first stages every file it is to write as a
  temporary file beside its target (and a hard link to every file it is to replace or
  remove), so a folder that cannot be written, a full disk or a missing parent fails the
  run before any target has changed. Only then are the temporary files renamed into place
  and the removed files unlinked, the ``last`` files (the build manifest) after all others.
  When anything fails or the run is stopped (:class:`docgen.interrupts.Interrupted`) on
  the way, what was renamed is put back and what was staged is deleted: the folder is as it
  was before the run, its manifest agrees with its files. Temporary files may be written
  ahead (:meth:`Transaction.write_ahead`, while a build waits for its workers): a commit
  of the same content uses them, :meth:`Transaction.discard` deletes the rest and the
  folders made for them.
- **One line per failure.** An OS error while writing becomes :class:`WriteError`: the path
  and the OS's reason in one line (the CLI exits 2), never a traceback.
- **No debris.** Temporary files are named ``.<name>.docgen-<pid>-<random>.tmp`` (and
  ``.bak`` for the links kept for a rollback). A run that was killed outright (SIGKILL, a
  power cut) may leave some; the next run that writes the folder removes them
  (:func:`leftovers`, under the folder's lock, so they cannot be another run's), and so
  does the old ``.<name>.<8 characters>.tmp`` form earlier docgen versions left, when
  ``<name>`` is a file docgen writes there. No other file is ever removed as debris.
- **Modes.** A new file gets the mode the umask gives (0644 under 022), a replaced one
  keeps its mode.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docgen import interrupts

_TEMP = re.compile(r"^\.(?P<name>.+)\.docgen-(?P<pid>\d+)-[0-9a-f]{8}\.(?:tmp|bak)$")
#: what ``tempfile.mkstemp(prefix=".<name>.", suffix=".tmp")`` gave (docgen before locks)
_LEGACY_TEMP = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$")


class WriteError(Exception):
    """A file or folder docgen could not write: one line naming the path and the reason
    the OS gave (the CLI exits 2). Nothing was changed (the transaction was rolled back)."""

    def __init__(self, path: Path | str, exc: OSError, what: str = "cannot write") -> None:
        reason = exc.strerror or str(exc)
        super().__init__(f"{what} {path}: {reason}; nothing was written")
        self.path = Path(path)


def _temp_name(path: Path, kind: str) -> Path:
    return path.with_name(f".{path.name}.docgen-{os.getpid()}-{secrets.token_hex(4)}.{kind}")


def umask() -> int:
    """The process umask (read by setting it and putting it back: there is no getter): the
    one every writer of docgen gives new files and folders."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@dataclass
class _Step:
    target: Path
    data: bytes | None  # None: remove the target
    temp: Path | None = None  # the staged content
    backup: Path | None = None  # a link to the target's old content
    existed: bool = False
    done: bool = False  # renamed into place / unlinked


@dataclass
class Transaction:
    """Files to write and remove in a folder, committed all or nothing (see the module)."""

    root: Path  # empty folders under it left by removals are removed; never above it
    _steps: list[_Step] = field(default_factory=list)
    _last: list[_Step] = field(default_factory=list)
    _made_dirs: list[Path] = field(default_factory=list)
    _failed_dirs: set[Path] = field(default_factory=set)
    #: target -> (content, its temporary file, the mode given it): written ahead
    _ahead: dict[Path, tuple[bytes, Path, int]] = field(default_factory=dict)
    _ahead_off: bool = False
    _folders: set[Path] = field(default_factory=set)  # known to exist (made or seen)
    _new_mode: int | None = None  # what the umask gives a new file (read once)

    def write(self, path: Path, data: bytes, *, last: bool = False) -> None:
        (self._last if last else self._steps).append(_Step(path, data))

    def write_ahead(self, path: Path, data: bytes) -> None:
        """Write the temporary file of ``path`` now, while the caller waits for other work
        (a build, for its workers); a later ``write(path, data)`` of the same content uses
        it instead of writing it again. Nothing is in place until :meth:`commit`; what the
        commit does not use, :meth:`discard` deletes. Best effort: the first OSError turns
        it off (the commit then stages as usual, and reports what fails there)."""
        if self._ahead_off or path in self._ahead:
            return
        try:
            self._make_parent(path)
            mode = self._mode_for(path)[0]
            temp = _temp_name(path, "tmp")
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            self._ahead[path] = (data, temp, mode)  # noted first: deleted whatever happens
            _write_all(fd, data, mode)
        except OSError:
            self._ahead_off = True

    def discard(self) -> None:
        """Delete the files written ahead that no commit used, and the folders made for them
        that are empty (a build that stops before writing, or writes less)."""
        for _, temp, _ in self._ahead.values():
            _unlink(temp)
        self._ahead.clear()
        for folder in reversed(self._made_dirs):
            try:
                folder.rmdir()
            except OSError:
                pass

    def remove(self, path: Path) -> None:
        self._steps.append(_Step(path, None))

    def commit(self) -> None:
        """Stage, then rename into place; on any failure or interrupt, roll back and
        raise (an OSError as :class:`WriteError`)."""
        steps = [*self._steps, *self._last]
        if not steps:
            self.discard()
            return
        interrupts.check()  # never start writing in a run that was asked to stop
        current: Path = self.root
        try:
            for step in steps:
                current = step.target
                self._stage(step)
            for step in steps:
                current = step.target
                self._apply(step)
        except BaseException as exc:
            with interrupts.deferred():
                self._rollback(steps)
                self.discard()
            if isinstance(exc, OSError):
                missing = exc.filename is not None and Path(exc.filename) in self._failed_dirs
                raise WriteError(exc.filename if missing else current, exc) from None
            raise
        with interrupts.deferred():
            for step in steps:
                if step.backup is not None:
                    _unlink(step.backup)
            for step in steps:
                if step.data is None:
                    _prune_empty(step.target.parent, self.root)
            self.discard()

    def _make_parent(self, target: Path) -> None:
        parent = target.parent
        if parent in self._folders:
            return
        missing = []
        for folder in (parent, *parent.parents):
            if folder in self._folders or folder.exists():
                break
            missing.append(folder)
        for folder in reversed(missing):
            self._made_dirs.append(folder)  # noted first: an interrupt may land after mkdir
            try:
                folder.mkdir()
            except FileExistsError:
                self._made_dirs.pop()
            except OSError:
                self._made_dirs.pop()
                self._failed_dirs.add(folder)
                raise
        self._folders.add(parent)

    def _mode_for(self, target: Path) -> tuple[int, bool]:
        """(the mode ``target``'s new content gets, whether it exists): a replaced file keeps
        its mode, a new one gets what the umask gives."""
        try:
            return target.stat().st_mode & 0o7777, True
        except FileNotFoundError:
            if self._new_mode is None:
                self._new_mode = 0o666 & ~umask()
            return self._new_mode, False

    def _stage(self, step: _Step) -> None:
        self._make_parent(step.target)
        mode, step.existed = self._mode_for(step.target)
        if step.existed:
            backup = _temp_name(step.target, "bak")
            step.backup = backup
            _keep(step.target, backup, mode)
        ahead = self._ahead.pop(step.target, None)
        if ahead is not None:
            data, temp, given = ahead
            if data == step.data:  # written ahead: only its mode may be out of date
                step.temp = temp
                if given != mode:
                    os.chmod(temp, mode)
                return
            _unlink(temp)
        if step.data is None:
            return
        temp = _temp_name(step.target, "tmp")
        step.temp = temp
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        _write_all(fd, step.data, mode)

    def _apply(self, step: _Step) -> None:
        if step.data is None:
            if step.existed:
                os.unlink(step.target)
        else:
            assert step.temp is not None
            os.replace(step.temp, step.target)
        step.done = True

    def _rollback(self, steps: Sequence[_Step]) -> None:
        for step in reversed(steps):
            # a rename done but not yet noted (the interrupt fell between the two) is
            # recognised by its temporary file being gone
            applied = step.done or (
                step.temp is not None and not step.temp.exists() and step.target.exists()
            )
            if step.data is None:
                applied = step.done or (step.existed and not step.target.exists())
            if applied:
                if step.backup is not None and step.backup.exists():
                    try:
                        os.replace(step.backup, step.target)
                    except OSError:
                        pass
                elif not step.existed:
                    _unlink(step.target)
            if step.temp is not None:
                _unlink(step.temp)
            if step.backup is not None:
                _unlink(step.backup)
        # the folders made for the run: removed by discard(), which the commit calls next


def _write_all(fd: int, data: bytes, mode: int) -> None:
    """``data`` into the open file ``fd``, given ``mode``, then closed (plain system calls:
    a file object asks whether it is a terminal and where it stands, for nothing here)."""
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fchmod(fd, mode)
    finally:
        os.close(fd)


def _keep(path: Path, backup: Path, mode: int) -> None:
    """``backup``: a hard link to ``path`` (no copy), or a copy where links are not
    supported; a folder that cannot be written fails here, before anything changed."""
    try:
        os.link(path, backup)
        return
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EROFS, errno.ENOSPC, errno.EDQUOT, errno.ENOENT):
            raise
    fd = os.open(backup, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "wb") as fh:
        fh.write(path.read_bytes())


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError:
        pass


def _prune_empty(folder: Path, root: Path) -> None:
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


#: where docgen keeps a person's version of a file it replaces or removes (``build`` in the
#: output folder, ``scaffold`` in the tap project): visible to ``git status``, never read,
#: listed or removed by docgen
KEPT_DIR = ".docgen-kept"


def kept_copy(root: Path, rel: str, data: bytes) -> tuple[Path, bool]:
    """Where ``data``, a person's version of ``rel``, is kept under ``root/KEPT_DIR``:
    ``REL``, or ``REL.N`` beside earlier, different versions; and whether that copy is
    there already (the same version is kept once)."""
    first = root / KEPT_DIR / rel
    path, n = first, 0
    while True:
        try:
            old = path.read_bytes()
        except OSError:
            return path, False
        if old == data:
            return path, True
        n += 1
        path = first.with_name(f"{first.name}.{n}")


def leftovers(folders: Iterable[Path], ours: Callable[[Path, str], bool]) -> list[Path]:
    """Temporary files an earlier, killed run left in ``folders`` (not recursive): every
    ``.<name>.docgen-<pid>-<hex>.tmp``/``.bak`` file, and the older
    ``.<name>.<8 characters>.tmp`` form when ``ours(folder, name)`` says docgen writes
    ``name`` there. Call it holding the folder's lock: then no live run owns them."""
    found: list[Path] = []
    for folder in folders:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if not entry.name.startswith(".") or not entry.is_file(follow_symlinks=False):
                continue
            m = _TEMP.match(entry.name)
            if m is not None and int(m["pid"]) == os.getpid():
                continue  # this run's own (not possible under the lock, but never ours to take)
            legacy = _LEGACY_TEMP.match(entry.name) if m is None else None
            if m is not None or (legacy is not None and ours(Path(folder), legacy["name"])):
                found.append(Path(folder) / entry.name)
    return found


def subfolders(root: Path) -> list[Path]:
    """``root`` and its immediate sub-folders (where docgen writes: packages, destinations)."""
    out = [root]
    try:
        out += sorted(Path(e.path) for e in os.scandir(root) if e.is_dir(follow_symlinks=False))
    except OSError:
        pass
    return out
