"""Every core: a large person table cut into row chunks, each worked on a thread of a pool.

:func:`~integreringslov.rules.assess_frame` (and so
:func:`~integreringslov.rules.assess_panel`) checks a table of at least :data:`MIN_ROWS`
rows for repeated ids on a thread of its own, and hands the table with the threads left to
:func:`spread`, which cuts it into consecutive chunks of at most :data:`MAX_CHUNK` rows
and runs the same work — parsing, checks and the rules — on each, on a pool of threads
(with one thread left, the caller does the work itself). Threads, not processes: the
chunks are views of the caller's table (nothing is copied or pickled), and the work is
numpy, pandas and Arrow kernels that let go of Python's global interpreter lock while they
run, so the threads run at once on as many cores (between the kernels pandas runs Python,
which holds the lock: on two cores two chunks ran no faster than one thread). Chunks of
bounded size keep the memory bounded: only the chunks being worked on hold their
intermediate columns.

Why not polars expressions or Dask here: the rules are written once, as numpy over the
columns (:mod:`integreringslov.rules._grounds`); cutting rows lets that one definition run
on every core unchanged, and gives the same result, value for value and category for
category, as one thread (the chunks' decisions are joined before the outcome columns are
rendered, once).
"""

from __future__ import annotations

import contextvars
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import pandas as pd

from integreringslov._io.frames import Entered
from integreringslov._text.i18n import tr

__all__ = ["MAX_CHUNK", "MIN_ROWS", "spread", "threads_for", "usable_cores"]

T = TypeVar("T")

MIN_ROWS = 200_000
"""Below this many rows one thread does the work: the pool costs more than it gains."""
MAX_CHUNK = 1_000_000
"""The most rows of one chunk: a bound on the memory each thread's work takes."""


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return max(len(os.sched_getaffinity(0)), 1)
    return os.cpu_count() or 1  # pragma: no cover - systems without CPU affinity


def threads_for(threads: int | None) -> int:
    """The number of threads to use: ``threads``, or every usable core when ``None``.

    >>> threads_for(1)
    1
    >>> threads_for(0)
    Traceback (most recent call last):
    ...
    ValueError: threads must be a whole number of at least 1 (or None for every core), not 0
    """
    if threads is None:
        return usable_cores()
    if isinstance(threads, bool) or not isinstance(threads, int) or threads < 1:
        raise ValueError(
            tr(
                "threads must be a whole number of at least 1 (or None for every core), not "
                "{threads!r}",
                threads=threads,
            )
        )
    return threads


def spread(
    table: Entered, work: Callable[[pd.DataFrame], T], *, threads: int | None
) -> list[T] | None:
    """``work`` of each chunk of ``table``'s rows, in order, on ``threads`` threads.

    ``None`` when the table has fewer than :data:`MIN_ROWS` rows, or one thread is asked
    for and the table is no larger than a chunk: then the caller does the work on the
    whole table itself. On one thread a larger table is still worked on chunk by chunk,
    on the calling thread: a million rows' columns are reused from one chunk to the next
    and stay near the processor, where ten million rows' columns are new memory the
    system must hand over page by page (10,000,000 persons: half the time). Each chunk is
    taken from ``table`` by the thread that works on it, just before the work
    (:meth:`~integreringslov._io.frames.Entered.rows`: a polars or Arrow table is turned
    into pandas a chunk at a time, for the same reason).
    """
    used = threads_for(threads)
    n = len(table)
    if n < MIN_ROWS or (used == 1 and n <= MAX_CHUNK):
        return None
    pieces = max(used, -(-n // MAX_CHUNK))
    size = -(-n // pieces)
    starts = range(0, n, size)
    if used == 1:
        return [work(table.rows(start, start + size)) for start in starts]
    context = contextvars.copy_context()  # the caller's language, in every thread

    def run(start: int) -> T:
        return context.copy().run(work, table.rows(start, start + size))

    with ThreadPoolExecutor(max_workers=min(used, len(starts))) as pool:
        return list(pool.map(run, starts))
