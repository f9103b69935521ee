"""A term's writes are checked and committed one at a time (``api.term_locks``): two
writes checked at the same moment used to each see the term without the other, and
both landed on a term that no longer validated."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

import api.routers.submissions as submissions_router
import api.routers.terms as terms_router
from api.term_locks import holding, term_lock
from tests.api.conftest import (
    Api,
    PublishTiny,
    open_tiny_term,
    tiny_base,
)

A1 = {"id": "a1", "kind": "students", "size": 10}
B1 = {"id": "b1", "kind": "students", "size": 10}
JOINT = {"id": "joint", "cohorts": ["b1", "col-a/a1"], "sessions": 1, "needs": ["cnc"]}


def _slowed(monkeypatch: pytest.MonkeyPatch, seconds: float) -> threading.Event:
    """Checking a submission takes ``seconds`` longer, as on a large term; the event
    returned is set when the first such check is under way (its write holds the lock)."""
    real = submissions_router.check_composition
    checking = threading.Event()

    def slow(*args: Any, **kwargs: Any) -> Any:
        checking.set()
        time.sleep(seconds)
        return real(*args, **kwargs)

    monkeypatch.setattr(submissions_router, "check_composition", slow)
    return checking


def test_a_joint_request_and_the_withdrawal_of_its_cohort_never_both_land(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The planner's joint request names col-a's a1 while col-a withdraws a1: whichever
    is checked second sees the first (the request's slow check used to miss the
    withdrawal, and the withdrawal saw no request naming a1 yet)."""
    term = f"/api/v1/terms/{open_tiny_term(api)}"
    assert api.post(f"{term}/institutions/col-a/cohorts", "col-a", json=A1).status_code == 201
    assert api.post(f"{term}/institutions/col-b/cohorts", "col-b", json=B1).status_code == 201
    checking = _slowed(monkeypatch, 1.0)
    answers: dict[str, Any] = {}

    def joint() -> None:
        answers["joint"] = api.post(f"{term}/institutions/col-b/requests", json=JOINT)

    thread = threading.Thread(target=joint)
    thread.start()
    # the joint request's slow check is under way, so the withdrawal comes second
    assert checking.wait(timeout=60)
    answers["delete"] = api.delete(f"{term}/institutions/col-a/cohorts/a1", "col-a")
    thread.join()
    codes = (answers["joint"].status_code, answers["delete"].status_code)
    assert codes == (201, 409), [a.text for a in answers.values()]
    assert "joint request" in answers["delete"].json()["detail"]
    assert api.post(f"{term}/close").status_code == 200
    r = api.post(f"{term}/solve", json={"time_limit": 1})
    assert r.status_code == 202, r.text  # the term validates


def test_many_writes_waiting_on_a_base_change_leave_it_the_threads_it_needs(
    publish_tiny_term: PublishTiny, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Forty-five withdrawals wait while a mid-term base change is checked (slowly, as
    on a large term). Waiting writes once each held one of the thread pool's 40 threads,
    and the base change's second check never got one: the whole service hung (an audit
    finding)."""
    api, term_id, _ = publish_tiny_term(time_limit=2)
    real = terms_router.check_composition

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(1.0)
        return real(*args, **kwargs)

    monkeypatch.setattr(terms_router, "check_composition", slow)
    base = tiny_base()
    base["calendar"]["weeks"] = 3
    answers: dict[str | int, Any] = {}

    def put() -> None:
        answers["base"] = api.put(f"/api/v1/terms/{term_id}/base", json=base)

    def delete(i: int) -> None:
        url = f"/api/v1/terms/{term_id}/institutions/col-a/cohorts/ghost-{i}"
        answers[i] = api.delete(url)  # the planner may still write: a 404 each

    first = threading.Thread(target=put, daemon=True)
    first.start()
    time.sleep(0.3)  # the base change holds the term's lock
    waiting = [threading.Thread(target=delete, args=(i,), daemon=True) for i in range(45)]
    for t in waiting:
        t.start()
    first.join(timeout=30)
    assert not first.is_alive(), "the base change never finished"
    for t in waiting:
        t.join(timeout=30)
    assert answers["base"].status_code == 200, answers["base"].text
    assert {answers[i].status_code for i in range(45)} == {404}
    assert api.get("/api/v1/terms").status_code == 200


def test_an_asynchronous_holder_waits_without_blocking_and_releases_on_errors() -> None:
    import asyncio

    lock = term_lock(-1)
    order: list[str] = []

    async def write(name: str, fail: bool = False) -> None:
        async with holding(-1):
            order.append(f"{name} in")
            await asyncio.sleep(0.05)
            order.append(f"{name} out")
            if fail:
                raise ValueError(name)

    async def main() -> None:
        first = asyncio.create_task(write("a", fail=True))
        await asyncio.sleep(0.01)
        second = asyncio.create_task(write("b"))
        ticks = 0
        while not second.done():  # the event loop keeps running while b waits
            ticks += 1
            await asyncio.sleep(0.005)
        assert ticks > 5
        with pytest.raises(ValueError):
            await first

    asyncio.run(main())
    assert order == ["a in", "a out", "b in", "b out"]
    assert not lock.locked()
    assert term_lock(-1) is lock  # one lock per term
