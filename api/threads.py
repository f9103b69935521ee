"""The worker threads of asynchronous routes: their database calls run there, never on
the event loop (a slow database or a wait for a free pooled connection would stop every
request, the ones that would free it included)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from fastapi.concurrency import run_in_threadpool

T = TypeVar("T")


async def in_thread(fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)`` in a worker thread, the request waiting for it even when cancelled.

    :func:`~fastapi.concurrency.run_in_threadpool` alone returns at once when the
    request is cancelled (a server stopping past its grace) and leaves the thread
    running: the request's session was then closed under it, and a term's lock
    (:func:`api.term_locks.holding`) let go while its write had still to commit, so a
    second write could check the term without it.
    """
    future = asyncio.ensure_future(run_in_threadpool(fn, *args))
    try:
        return await asyncio.shield(future)
    except asyncio.CancelledError:
        while not future.done():
            try:
                await asyncio.wait({future})
            except asyncio.CancelledError:
                continue  # cancelled again: the thread still has the session
        if not future.cancelled():
            future.exception()  # retrieved: the request is cancelled all the same
        raise
