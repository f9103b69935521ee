"""An asynchronous route's worker thread outlives no request (``api.threads``): a
cancelled request used to return at once, its thread still using the session and its
term's lock already let go."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from api.term_locks import holding, term_lock
from api.threads import in_thread


def test_a_cancelled_write_keeps_its_term_s_lock_until_its_thread_ends() -> None:
    """A server stopping past its grace cancels a write while its thread commits: the
    lock is let go only once the thread is done (a second write would check the term
    without the first one's commit)."""
    lock = term_lock(-3)
    ended = threading.Event()
    held: list[bool] = []

    def commit() -> None:
        time.sleep(0.3)
        held.append(lock.locked())
        ended.set()

    async def write() -> None:
        async with holding(-3):
            await in_thread(commit)

    async def main() -> None:
        task = asyncio.create_task(write())
        await asyncio.sleep(0.1)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert ended.is_set(), "the request ended before its thread"

    asyncio.run(main())
    assert held == [True]
    assert not lock.locked()


def test_a_thread_s_answer_and_error_reach_the_request() -> None:
    def fail() -> None:
        raise ValueError("refused")

    async def main() -> None:
        assert await in_thread(sum, [1, 2]) == 3
        with pytest.raises(ValueError, match="refused"):
            await in_thread(fail)

    asyncio.run(main())
