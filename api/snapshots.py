"""What a term solve or re-solve reads of its term, read in one piece under its lock.

A solve's job keeps the term as one document: its base, cohorts and requests, and the
published timetable (amendments applied) a re-solve or a mid-term solve keeps. Read
a table at a time while a write commits, it mixed two states of the term: an extra
request granted between the read of the amendments and the read of the requests left
a re-solve with the extra's request and not its booked sessions, so the re-solve moved
a granted booking and its ``moved`` did not say so. The reads therefore wait for the
term's lock like its writes (:func:`api.term_locks.holding`); the checks and the solve
itself come after, without it.

The term's lock is this process's: another server on the same PostgreSQL database
writes the term without waiting for it, and each statement of a read-committed
transaction sees the newest commits, so the snapshot could still mix two states. On
PostgreSQL it is read in one REPEATABLE READ transaction: every read sees the term as
it stood at the first. (A SQLite database has one server, its runner lock's holder.)
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from api.compose import Item
from api.db.models import Amendment, ScheduleVersion, Term
from api.published_versions import amendments, get_version, latest_version, latest_version_ref
from api.workflow import items


@dataclass(frozen=True)
class TermSnapshot:
    """The term as one write left it: ``version`` is the latest (a solve) or the one
    re-solved, with its ``amends``; ``latest`` the number of the newest version."""

    term: Term
    cohorts: list[Item]
    requests: list[Item]
    version: ScheduleVersion | None
    amends: list[Amendment]
    latest: int | None


def term_snapshot(db: Session, term: Term, number: int | None = None) -> TermSnapshot:
    """Read ``term`` as it stands, with version ``number`` (``None``: the latest, if any);
    404 when there is no version ``number``. Hold the term's lock meanwhile; ``db`` has
    nothing to write (its transaction ends here, and the snapshot's with its reads)."""
    if db.get_bind().dialect.name == "postgresql":
        db.commit()  # the isolation level is set as a transaction begins
        db.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        try:
            snap = _read(db, term, number)
        except BaseException:
            db.rollback()
            raise
        db.commit()  # the connection goes back to the pool at its default level
        return snap
    return _read(db, term, number)


def _read(db: Session, term: Term, number: int | None) -> TermSnapshot:
    db.refresh(term)
    if number is None:
        version = latest_version(db, term.id)
        newest = version.number if version is not None else None
    else:
        version = get_version(db, term, number)
        ref = latest_version_ref(db, term.id)  # its number: not its documents
        newest = ref[1] if ref is not None else None
    amends = amendments(db, version.id) if version is not None else []
    cohorts, requests = items(db, term.id)
    return TermSnapshot(term, cohorts, requests, version, amends, newest)
