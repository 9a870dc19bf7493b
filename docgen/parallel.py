"""A process-pool map for the CPU-bound part of a build (datamodel-code-generator).

Workers end with the run that started them: when the map is left by an exception (a spec
error is not one; :class:`docgen.interrupts.Interrupted` after Ctrl-C or SIGTERM is), the
workers are terminated at once instead of finishing the queue; each worker also asks the
kernel for SIGTERM when its parent dies (Linux ``PR_SET_PDEATHSIG``), so not even a
SIGKILLed build leaves one behind.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

from docgen.interrupts import check, deferred

T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    """Worker processes: DOCGEN_JOBS if set, else one per core (at most 8)."""
    env = os.environ.get("DOCGEN_JOBS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    return min(os.cpu_count() or 1, 8)


def pmap(
    fn: Callable[[T], R],
    items: Sequence[T],
    jobs: int | None = None,
    done: Callable[[], None] | None = None,
    each: Callable[[R], None] | None = None,
) -> list[R]:
    """``[fn(x) for x in items]``, in worker processes when there is more than one item
    and more than one job; results in input order either way (so output never depends on
    the number of workers). Put the most expensive items first. ``each`` is given each
    result as it arrives (in input order; the workers go on meanwhile), then ``done`` is
    called (a progress bar)."""
    jobs = default_jobs() if jobs is None else jobs
    results: list[R] = []
    if jobs <= 1 or len(items) <= 1:
        for x in items:
            results.append(fn(x))
            if each is not None:
                each(results[-1])
            if done is not None:
                done()
        return results
    ctx = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    pool = ProcessPoolExecutor(
        max_workers=min(jobs, len(items)),
        mp_context=ctx,
        initializer=_worker_start,
        initargs=(os.getpid(),),
    )
    try:
        # no signal while the workers start: one landing between a fork and the pool's
        # note of it would leave a worker the pool cannot end (and the exit would wait
        # for it); it is raised once they are all known
        with deferred(), _frozen():
            mapped = pool.map(fn, items, chunksize=1)
        for result in mapped:
            results.append(result)
            if each is not None:
                each(result)
            if done is not None:
                done()
        check()
    except BaseException:
        _end_workers(pool)
        raise
    pool.shutdown()
    return results


@contextmanager
def _frozen() -> Iterator[None]:
    """What the parent holds moved to the collector's permanent generation while the pool
    forks its workers (``pool.map`` forks them all), then moved back: a worker's collections
    never walk the objects it inherited (a caller's loaded specs, the imported modules),
    whose memory pages they would copy besides (a collection writes into each object it
    walks)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _worker_start(parent: int) -> None:
    """In each worker: die with the parent, leave Ctrl-C to it (it ends its workers)."""
    from docgen.interrupts import reset_in_child

    reset_in_child()
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _die_with_parent() -> None:
    """Linux: SIGTERM to this process when its parent ends (PR_SET_PDEATHSIG)."""
    import sys

    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGTERM), 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - no prctl in this libc
        pass


def _end_workers(pool: ProcessPoolExecutor) -> None:
    """Terminate the workers now (shutdown alone waits for every queued item)."""
    workers = list((getattr(pool, "_processes", None) or {}).values())
    workers += [p for p in multiprocessing.active_children() if p not in workers]
    for proc in workers:
        try:
            proc.terminate()
        except (OSError, ValueError):
            pass
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in workers:
        proc.join(timeout=2)
        if proc.is_alive():  # a worker that did not take SIGTERM is ended outright
            proc.kill()
            proc.join(timeout=2)
