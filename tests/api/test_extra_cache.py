"""Extra requests answered on the cached published state give the uncached answer.

Each answer stored by the route is compared with :func:`api.extra.answer_extra_request`
(everything compiled again) on the documents the database holds at that moment: over
several requests in a row, after an amendment stored by another process (which the
cache never saw), and after a new version is published.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from api.compose import request_doc
from api.db import make_engine, make_session_factory
from api.db.models import Amendment, Term
from api.extra import answer_extra_request, cached_states
from api.published_versions import amendments, effective, latest_version
from tests.api.conftest import Api, PublishTiny, check

EXTRAS: list[tuple[str, dict[str, Any]]] = [
    ("col-b", {"id": "e-weld-1", "cohort": "b-weld-1", "sessions": 1, "needs": ["welding"]}),
    ("col-b", {"id": "e-weld-2", "cohort": "b-weld-1", "sessions": 2, "needs": ["welding"]}),
    (
        "col-b",
        {
            "id": "e-huge",
            "cohort": "b-weld-1",
            "sessions": 30,
            "duration": 2,
            "needs": ["welding"],
            "window": [{"weeks": [1, 1]}],
        },
    ),
    ("ent-x", {"id": "e-intern", "cohort": "x-staff", "kind": "internship", "weeks": 1}),
    ("col-a", {"id": "e-cnc", "cohort": "a-cnc-1", "sessions": 2, "needs": ["cnc"]}),
]


class Db:
    """Reads the term's documents as the route sees them."""

    def __init__(self, api: Api) -> None:
        self.engine = make_engine(api.settings.db_url)
        self.factory = make_session_factory(self.engine)
        self.app_factory = api.app.state.session_factory  # the server's engine

    def effective(self, term_id: int) -> tuple[int, dict[str, Any], dict[str, Any]]:
        with self.factory() as s:
            version = latest_version(s, term_id)
            assert version is not None
            scenario, schedule = effective(version, amendments(s, version.id))
            return version.id, scenario, schedule

    def last_amendment(self, version_id: int) -> Amendment:
        with self.factory() as s:
            last = s.scalars(
                select(Amendment)
                .where(Amendment.version_id == version_id)
                .order_by(Amendment.seq.desc())
            ).first()
            assert last is not None
            return last

    def cached(self, term_id: int) -> list[tuple[int, tuple[int, ...]]]:
        with self.app_factory() as s:
            assert s.get(Term, term_id) is not None
            return cached_states(s)


def ask(api: Api, db: Db, term_id: int, institution: str, extra: dict[str, Any]) -> str:
    """Post ``extra``; the stored answer must equal the uncached one. Returns the outcome."""
    version_id, scenario, schedule = db.effective(term_id)
    data = {**scenario, "requests": [*scenario["requests"], request_doc(institution, extra)]}
    reference = answer_extra_request(data, schedule, len(data["requests"]) - 1)
    url = f"/api/v1/terms/{term_id}/institutions/{institution}/extra-requests"
    r = api.post(url, institution, json=extra)
    assert r.status_code == 201, r.text
    got = db.last_amendment(version_id)
    assert got.request["id"] == f"{institution}/{extra['id']}"
    assert (got.outcome, got.sessions, got.placements, got.reasons, got.alternatives) == (
        reference.outcome,
        reference.sessions,
        reference.placements,
        reference.reasons,
        reference.alternatives,
    )
    return got.outcome


def test_cached_answers_equal_uncached_ones(
    publish_tiny_term: PublishTiny, monkeypatch: pytest.MonkeyPatch
) -> None:
    api, term_id, _ = publish_tiny_term()
    db = Db(api)

    outcomes = [ask(api, db, term_id, inst, extra) for inst, extra in EXTRAS[:3]]
    assert outcomes[0] == "granted" and outcomes[2] in ("partial", "rejected")
    version_id, scenario, schedule = db.effective(term_id)
    with db.factory() as s:
        ids = tuple(a.id for a in amendments(s, version_id))
    # the state after the last answer is cached under the stored amendments: no rebuild
    assert db.cached(term_id)[-1] == (version_id, ids)
    check(scenario, schedule)

    # Another server process stores an amendment this one's cache never saw.
    with monkeypatch.context() as m:
        m.setattr("api.extra.remember_answer", lambda *a, **k: None)
        ask(api, db, term_id, *EXTRAS[3])
    assert db.cached(term_id)[-1] == (version_id, ids)  # stale, so never used again
    ask(api, db, term_id, *EXTRAS[4])
    with db.factory() as s:
        ids = tuple(a.id for a in amendments(s, version_id))
    assert db.cached(term_id)[-1] == (version_id, ids)
    check(*db.effective(term_id)[1:])

    # A new version: answers are built on it, not on the first version's state.
    r = api.post(
        f"/api/v1/terms/{term_id}/versions/1/resolve",
        json={"move_penalty": 1000, "options": {"time_limit": 10}},
    )
    assert r.status_code == 202, r.text
    job = api.wait_job(r.json()["id"])
    assert job["status"] == "done", job
    assert (
        api.post(f"/api/v1/terms/{term_id}/versions", json={"job_id": job["id"]}).status_code == 201
    )
    again = {**EXTRAS[0][1], "id": "e-weld-v2"}
    ask(api, db, term_id, "col-b", again)
    new_version, scenario, schedule = db.effective(term_id)
    assert new_version != version_id
    assert db.cached(term_id)[-1][0] == new_version
    check(scenario, schedule)
    db.engine.dispose()
