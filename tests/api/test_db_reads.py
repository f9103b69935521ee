"""What the service reads and writes in the database: only what a step needs.

A large term's job holds a scenario of megabytes (and a re-solve's reference as much
again), a term's base megabytes too; the runner saving a finished job's schedule loaded
the job whole, and making an API key loaded every term's base. Timing cannot catch that
on a tiny term, so these tests look at the columns the database returned.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from api.db import make_engine, make_session_factory, session_scope, upgrade
from api.db.models import Job, Term
from api.jobs.runner import JobRunner
from api.jobs.service import new_job
from api.settings import Settings
from api.workflow import term_institutions
from tests.api.conftest import DOCUMENTS, INSTITUTIONS, columns_read, tiny_base, tiny_data

#: A finished schedule as the worker hands it in (the runner stores it as it is).
SCHEDULE = {"status": "feasible", "objective": 12.0, "bound": 10.0, "gap": 0.2, "sessions": []}
#: A reference with one session the new schedule drops: its ``moved`` names it.
REFERENCE = {
    "sessions": [
        {"request": "r1", "index": 1, "week": 1, "day": 1, "slot": 1, "resources": ["lab"]}
    ]
}


@pytest.fixture
def database(db_url: str) -> Iterator[tuple[Engine, sessionmaker[Session]]]:
    engine = make_engine(db_url)
    upgrade(engine)
    yield engine, make_session_factory(engine)
    engine.dispose()


def _running_job(factory: sessionmaker[Session], reference: dict[str, Any] | None) -> int:
    with session_scope(factory) as s:
        job = new_job(
            s,
            kind="resolve" if reference else "scenario",
            scenario=tiny_data(),
            options={"time_limit": 5},
            created_by="test",
            reference=reference,
        )
        job.status = "running"
        return job.id


@pytest.mark.parametrize("reference", [None, REFERENCE], ids=["solve", "resolve"])
def test_finishing_a_job_reads_no_scenario(
    database: tuple[Engine, sessionmaker[Session]], db_url: str, reference: dict[str, Any] | None
) -> None:
    engine, factory = database
    job_id = _running_job(factory, reference)
    runner = JobRunner(factory, Settings(db_url=db_url))
    with columns_read(engine) as names:
        runner._finish_done(job_id, dict(SCHEDULE))
    # the reference only where moved needs it; never the scenario nor the schedule
    assert [n for n in names if n in DOCUMENTS] == ["reference"]
    with factory() as s:
        job = s.scalars(select(Job).where(Job.id == job_id)).one()
        assert (job.status, job.schedule, job.objective, job.bound, job.gap) == (
            "done",
            SCHEDULE,
            12.0,
            10.0,
            0.2,
        )
        assert job.finished_at is not None and job.error is None
        assert job.scenario == tiny_data()  # untouched
        if reference is None:
            assert job.moved is None
        else:
            assert [(m["request"], m["to"]) for m in job.moved or []] == [("r1", None)]


def test_a_cancelled_job_keeps_its_schedule_as_cancelled(
    database: tuple[Engine, sessionmaker[Session]], db_url: str
) -> None:
    _, factory = database
    job_id = _running_job(factory, None)
    with session_scope(factory) as s:
        s.get_one(Job, job_id).cancel_requested = True
    JobRunner(factory, Settings(db_url=db_url))._finish_done(job_id, dict(SCHEDULE))
    with factory() as s:
        job = s.get_one(Job, job_id)
        assert (job.status, job.has_schedule) == ("cancelled", True)
    # a job already ended (interrupted by a newer server, say) is left as it is
    with session_scope(factory) as s:
        s.get_one(Job, job_id).status = "interrupted"
    JobRunner(factory, Settings(db_url=db_url))._finish_done(job_id, {"objective": 1.0})
    with factory() as s:
        assert s.get_one(Job, job_id).objective == 12.0


def test_making_a_key_reads_no_term_base(
    database: tuple[Engine, sessionmaker[Session]], db_url: str
) -> None:
    engine, factory = database
    with factory() as s:
        assert term_institutions(s) is None  # no term yet: nothing to warn against
    base = tiny_base()
    with session_scope(factory) as s:
        s.add(Term(name="a", base=base, created_by="test"))
        s.add(Term(name="b", base={**base, "institutions": []}, created_by="test"))
        s.add(
            Term(
                name="c",
                base={k: v for k, v in base.items() if k != "institutions"},
                created_by="t",
            )
        )
    with factory() as s, columns_read(engine) as names:
        known = term_institutions(s)
    assert known == {i["id"] for i in base["institutions"]} == set(INSTITUTIONS)
    assert "base" not in names and not DOCUMENTS & set(names)
