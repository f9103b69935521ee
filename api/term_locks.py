"""One lock per term: a term's writes are checked and committed one at a time.

A submission, a base change, an extra request or a publication is checked against the
term as it stands (seconds on a large term) and then committed. Two such writes checked
at the same time each see the term without the other: a planner's joint request naming
a cohort its institution withdraws meanwhile, or two extra requests granted the same
free lab hour, would both land. ``trainshare serve`` runs one process, so a lock per
term in that process serialises them; the unique keys and the re-checks of
:mod:`api.term_checks` catch what several processes would still race.

Every route that writes a term's submissions, base, versions or amendments is
asynchronous and waits with :func:`holding` (closing and reopening only flip a status
the writes re-read before they commit), and so do a term solve's and a re-solve's reads
of the term (:mod:`api.snapshots`: the lock for the reads, not for the solve), which
polls from the event loop: a worker thread blocked on a term's lock would hold one of
the thread pool's 40 threads, and forty writes waiting on a base change left none for
the base change's own check (the whole service hung). The locks are threading locks,
so any event loop may take them (the tests run several applications at once). A write
that has to wait first ends its session's read transaction: waiting with it open held
one of the database pool's 15 connections per waiter, and fifteen writes queued behind
a slow one left the rest of the service (other terms, the job runner) none. Ending it
and taking a connection again once it has the lock are database calls, made in a worker
thread (:mod:`api.threads`) like every other of these routes: on the event loop, a slow
database or a wait for a free connection would stop every request, the ones that would
free it included.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from api.threads import in_thread

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

_locks: dict[int, threading.Lock] = {}
_guard = threading.Lock()
#: Seconds between two tries of an asynchronous route waiting for a term's lock.
POLL_SECONDS = 0.02


def term_lock(term_id: int) -> threading.Lock:
    """The lock of term ``term_id``: hold it from a write's first read to its commit,
    through :func:`holding` (never wait for it in a worker thread)."""
    with _guard:
        return _locks.setdefault(term_id, threading.Lock())


@asynccontextmanager
async def holding(term_id: int, db: Session | None = None) -> AsyncIterator[None]:
    """Hold term ``term_id``'s lock in an asynchronous route: polled, so waiting never
    blocks the event loop nor leaves the lock taken when the request is cancelled.

    Before waiting, ``db`` (the route's session, with nothing to write yet) ends its
    transaction, so that its connection goes back to the pool; its objects stay loaded
    (sessions keep them after a commit) and are read again where the write needs them.
    With the lock, it takes a connection again. Both in a worker thread, as every
    database call of an asynchronous route: never on the event loop.
    """
    lock = term_lock(term_id)
    if not lock.acquire(blocking=False):
        if db is not None:
            await in_thread(db.commit)  # a database call: never on the event loop
        while not lock.acquire(blocking=False):
            await asyncio.sleep(POLL_SECONDS)
        if db is not None:
            try:
                await in_thread(db.connection)
            except BaseException:
                lock.release()
                raise
    try:
        yield
    finally:
        lock.release()
