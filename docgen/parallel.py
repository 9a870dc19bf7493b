"""A process-pool map for the CPU-bound part of a build (datamodel-code-generator)."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

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
) -> list[R]:
    """``[fn(x) for x in items]``, in worker processes when there is more than one item
    and more than one job; results in input order either way (so output never depends on
    the number of workers). Put the most expensive items first. ``done`` is called after
    each result (a progress bar)."""
    jobs = default_jobs() if jobs is None else jobs
    results: list[R] = []
    if jobs <= 1 or len(items) <= 1:
        for x in items:
            results.append(fn(x))
            if done is not None:
                done()
        return results
    ctx = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    with ProcessPoolExecutor(max_workers=min(jobs, len(items)), mp_context=ctx) as pool:
        for result in pool.map(fn, items, chunksize=1):
            results.append(result)
            if done is not None:
                done()
    return results
