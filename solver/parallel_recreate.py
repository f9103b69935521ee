"""Ruin and recreate on every core: one chain per worker, the best shared each round.

:mod:`solver.recreate` is pure Python, so a second thread would only wait for the
interpreter lock. Here each round forks the process (``os.fork``: the child starts
from the parent's exact search state, nothing is rebuilt or sent), the parent and
``workers - 1`` children search from the same schedule with different seeds until the
round ends, the children send back their best schedule, and every chain goes on from
the best of the round (:meth:`~solver.recreate.Chain.adopt` re-books only the
requests that differ). Where there is no ``fork`` (Windows) or one worker, it is
:func:`solver.recreate.improve`.

A child that fails or is late is ignored: the parent's own chain is always there.
Children never report progress (they must not write to the caller's pipes) and end
with ``os._exit``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import select
import signal
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scheduler.problem import Problem, Solution
from solver.recreate import NEIGHBOURHOOD_SESSIONS, Chain, RecreateStats, improve

log = logging.getLogger(__name__)

#: Seconds per round: long enough that forking and handing over schedules (tens of
#: milliseconds on M) cost little, short enough that chains stray little from the best.
ROUND_SECONDS = 10.0
#: Seconds a parent waits past the round's end for a child's answer.
CHILD_GRACE_SECONDS = 5.0


@dataclass(slots=True)
class _Child:
    pid: int
    fd: int


@dataclass(slots=True)
class _Answer:
    solution: Solution
    value: float
    counts: tuple[int, int, int]  # steps, kept steps, improvements
    stalled: bool


def can_fork() -> bool:
    """Whether the platform has ``os.fork`` (not Windows); without it the search runs in one
    process.
    """
    return hasattr(os, "fork")


def improve_parallel(
    problem: Problem,
    start: Solution,
    *,
    deadline: float,
    workers: int,
    seed: int = 0,
    size: int = NEIGHBOURHOOD_SESSIONS,
    progress: Callable[[float], None] | None = None,
    stop: Any = None,
    patience: int | None = None,
    round_seconds: float = ROUND_SECONDS,
    now: Callable[[], float] = time.perf_counter,
    hint: Mapping[int, Sequence[int]] | None = None,
    score: Callable[[Solution], float] | None = None,
    teachers: Mapping[tuple[int, int, int], int] | None = None,
) -> tuple[Solution, float, RecreateStats]:
    """:func:`solver.recreate.improve` with ``workers`` chains (see the module docstring).

    The objective is the score (kept step by step); a ``score`` callable read off the
    whole schedule instead (a re-solve's moves) runs one chain. Ends at ``deadline``
    (``time.perf_counter()``), on ``stop``, or after a round in which no chain improved
    and the parent's chain went ``patience`` steps without an improvement. ``now`` (a
    work clock's, :mod:`solver.clock`) is read by a single chain only: rounds follow the
    wall clock.
    """
    if workers <= 1 or score is not None or not can_fork():
        return improve(
            problem,
            start,
            deadline=deadline,
            score=score,
            seed=seed,
            size=size,
            progress=progress,
            stop=stop,
            patience=patience,
            now=now,
            hint=hint,
            teachers=teachers,
        )
    chain = Chain(problem, start, seed, size=size, hint=hint)
    total = RecreateStats()
    seen = 0  # entries of the parent chain's trace already in ``total``
    round_no = 0
    while time.perf_counter() < deadline and not (stop is not None and stop.is_set()):
        round_no += 1
        end = min(deadline, time.perf_counter() + round_seconds)
        before = chain.best
        children = [
            _fork(chain, _child_seed(seed, round_no, k), end, patience) for k in range(1, workers)
        ]
        try:
            counts = [_run_round(chain, end, patience, progress, stop)]
        except BaseException:  # e.g. KeyboardInterrupt: the children must not outlive it
            _collect(children, 0.0, None)
            raise
        answers = _collect(children, end + CHILD_GRACE_SECONDS, stop)
        for steps, kept, improvements in counts + [a.counts for a in answers]:
            total.steps += steps
            total.kept += kept
            total.improvements += improvements
        total.trace.extend(chain.stats.trace[seen:])
        seen = len(chain.stats.trace)
        best = max(answers, key=lambda a: a.value, default=None)
        if best is not None and best.value > chain.best:
            mine, my_value = chain.solution(), chain.best
            value = chain.adopt(best.solution)
            if value != best.value:  # only if a score drifted: never end up worse
                log.warning("adopted schedule scores %s, its chain said %s", value, best.value)
                if value < my_value:
                    value = chain.adopt(mine)
            if value > my_value:
                total.trace.append((time.perf_counter(), value))
                if progress is not None:
                    progress(value)
        if chain.best <= before and chain.stalled(patience) and all(a.stalled for a in answers):
            break
    return chain.solution(), chain.best, total


def _child_seed(seed: int, round_no: int, k: int) -> int:
    return seed * 1_000_003 + round_no * 7919 + k


def _fork(chain: Chain, seed: int, end: float, patience: int | None) -> _Child | None:
    """Fork a child that searches from the chain's state with ``seed`` until ``end``."""
    read_fd, write_fd = os.pipe()
    try:
        with warnings.catch_warnings():
            # Python 3.12+ warns about forking with threads running; the child touches
            # no lock another thread may hold (no logging, no progress, no I/O but its pipe)
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
    except OSError:
        log.warning("fork failed; this round runs one chain fewer", exc_info=True)
        os.close(read_fd)
        os.close(write_fd)
        return None
    if pid == 0:  # the child: search, send, and leave without running the parent's exit code
        code = 0
        try:
            os.close(read_fd)
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
            chain.search.rnd.seed(seed)
            answer = _search(chain, end, patience)
            with os.fdopen(write_fd, "wb") as out:
                out.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write_fd)
    return _Child(pid, read_fd)


def _run_round(
    chain: Chain,
    end: float,
    patience: int | None,
    progress: Callable[[float], None] | None = None,
    stop: Any = None,
) -> tuple[int, int, int]:
    """Search until ``end``; the steps, kept steps and improvements it took."""
    stats = chain.stats
    before = stats.steps, stats.kept, stats.improvements
    chain.run(end, progress=progress, stop=stop, patience=patience)
    return stats.steps - before[0], stats.kept - before[1], stats.improvements - before[2]


def _search(chain: Chain, end: float, patience: int | None) -> _Answer:
    """A child's round: search until ``end``, then what it found."""
    counts = _run_round(chain, end, patience)
    return _Answer(chain.solution(), chain.best, counts, chain.stalled(patience))


def _collect(children: list[_Child | None], until: float, stop: Any) -> list[_Answer]:
    """The children's answers; a child late past ``until`` (or any, on ``stop``) is killed."""
    answers: list[_Answer] = []
    for child in children:
        if child is None:
            continue
        data = _read_all(child.fd, until, stop)
        if data is None:
            _kill(child.pid)
        os.close(child.fd)
        os.waitpid(child.pid, 0)
        if data:
            try:
                answers.append(pickle.loads(data))
            except Exception:
                log.warning("a ruin-and-recreate child sent an unreadable answer", exc_info=True)
    return answers


def _read_all(fd: int, until: float, stop: Any) -> bytes | None:
    """Everything the child writes until it closes the pipe; None when late or stopped."""
    chunks: list[bytes] = []
    while True:
        if stop is not None and stop.is_set():
            return None
        left = until - time.perf_counter()
        if left <= 0:
            return None
        ready, _, _ = select.select([fd], [], [], min(left, 0.1))
        if not ready:
            continue
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
