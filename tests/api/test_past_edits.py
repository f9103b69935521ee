"""Mid-term, a request's bookings of days gone by stay: withdrawing or changing it so
that they would not hold is refused (the next re-solve dropped or moved them; an audit
finding), while changes that keep them land."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from tests.api.conftest import Api, check, open_tiny_term, submit_tiny, tiny_data

#: A Sunday: with one day's lead, week 2's Monday is the first bookable day.
BEFORE_WEEK_2 = dt.date(2026, 9, 13)


def _submitted(request_id: str) -> dict[str, Any]:
    return dict(next(r for r in tiny_data()["requests"] if r["id"] == request_id))


def _published_weeks(api: Api, term_id: int) -> dict[str, list[int]]:
    """Publish greedy's timetable of the tiny term (the same every run): institution/
    request id -> the weeks of its sessions."""
    assert api.post(f"/api/v1/terms/{term_id}/close").status_code == 200
    r = api.post(f"/api/v1/terms/{term_id}/solve", json={"solver": "greedy"})
    job = api.wait_job(r.json()["id"])
    r = api.post(f"/api/v1/terms/{term_id}/versions", json={"job_id": job["id"]})
    assert r.status_code == 201, r.text
    version = api.get(f"/api/v1/terms/{term_id}/versions/1").json()
    check(api.get(f"/api/v1/terms/{term_id}/versions/1/scenario").json(), version["schedule"])
    return _weeks(version["schedule"])


def _weeks(schedule: dict[str, Any]) -> dict[str, list[int]]:
    """Institution/request id -> the weeks of its sessions."""
    out: dict[str, list[int]] = {}
    for s in schedule["sessions"]:
        out.setdefault(s["request"], []).append(s["week"])
    return out


def _mid_term(make_api: Callable[..., Api], db_url: str) -> tuple[Api, int, dict[str, list[int]]]:
    """The tiny term published, seen from week 2 on: the API then, the term, and the
    weeks of each request's sessions."""
    api = make_api(db_url, run_jobs=True, job_grace_seconds=5.0)
    term_id = open_tiny_term(api)
    submit_tiny(api, term_id)
    weeks = _published_weeks(api, term_id)
    return make_api(db_url, today=BEFORE_WEEK_2, extra_lead_days=1), term_id, weeks


def test_a_request_under_way_keeps_its_days_gone_by(
    make_api: Callable[..., Api], db_url: str
) -> None:
    later, term_id, weeks = _mid_term(make_api, db_url)
    followed = {a for r in tiny_data()["requests"] for a in r.get("after", [])}
    # took place in full, and no other request comes after it
    gone = [q for q, w in weeks.items() if set(w) == {1} and q.split("/")[1] not in followed]
    assert gone, weeks
    institution, local = gone[0].split("/")
    url = f"/api/v1/terms/{term_id}/institutions/{institution}/requests/{local}"
    doc = _submitted(local)
    held = len(weeks[gone[0]])

    r = later.delete(url)
    assert r.status_code == 409, r.text
    assert "days gone by" in r.json()["detail"] and len(r.json()["errors"]) == held
    assert all(e["loc"][0] == "schedule" for e in r.json()["errors"])
    assert later.get(url).status_code == 200  # still there

    fewer = later.put(url, json={**doc, "sessions": held - 1})
    window = later.put(url, json={**doc, "window": [{"weeks": [2, 2]}]})
    for refused in (fewer, window):
        assert refused.status_code == 409, refused.text
        # every session took place: lowering 'sessions' to them would change nothing
        ended = f"all its {held} sessions took place: it has ended and stays as published"
        assert ended in refused.json()["detail"], refused.text

    # the institution itself reads the refusal without places in the whole timetable
    # (they count others' sessions) and with its own ids plain (a security audit)
    assert later.post(f"/api/v1/terms/{term_id}/reopen").status_code == 200
    own = later.delete(url, institution)
    assert own.status_code == 409 and "days gone by" in own.json()["detail"], own.text
    assert len(own.json()["errors"]) == held
    for e in own.json()["errors"]:
        assert (e["loc"], e["path"]) == (["schedule"], "")
        assert f"'{local}'" in e["msg"] and f"{institution}/" not in e["msg"]
    # each names its booking (they read as one line repeated; a college-user audit), as
    # the rest of the product names it: “Title” (id), its own id plain
    title = doc["title"]
    said = [e["msg"] for e in own.json()["errors"]]
    assert len(set(said)) == held, said
    assert all(m.startswith(f"request “{title}” ({local}) session ") for m in said), said
    # in Chinese too, its ids as it reads them (the checker's sentences came in English)
    chinese = [e["messages"]["zh"] for e in own.json()["errors"]]
    assert all(m.startswith(f"需求“{title}”（{local}）第 ") for m in chinese), chinese
    assert all(f"{institution}/" not in m for m in chinese), chinese

    # what keeps the sessions that took place lands: a new title, the same number
    assert later.put(url, json={**doc, "title": "renamed"}).status_code == 200
    assert later.put(url, json={**doc, "sessions": held}).status_code == 200


def test_a_request_with_sessions_to_come_may_end_from_now_on(
    make_api: Callable[..., Api], db_url: str
) -> None:
    later, term_id, weeks = _mid_term(make_api, db_url)
    both = [q for q, w in weeks.items() if set(w) == {1, 2}]
    assert both, weeks
    institution, local = both[0].split("/")
    url = f"/api/v1/terms/{term_id}/institutions/{institution}/requests/{local}"
    held = weeks[both[0]].count(1)
    gone = later.delete(url)
    assert gone.status_code == 409, gone.text
    assert f"lower its 'sessions' to the {held} that took place" in gone.json()["detail"]
    r = later.put(url, json={**_submitted(local), "sessions": held})
    assert r.status_code == 200, r.text


def test_a_cohort_may_shrink_or_grow_until_its_past_sessions_no_longer_hold_it(
    make_api: Callable[..., Api], db_url: str
) -> None:
    """b-weld-1 (18) welded in week 1 in the 20-seat weld-shop. At 25 those sessions
    could not stand, and the next re-solve dropped them (a second re-solve audit); a
    smaller or a still fitting cohort lands, and the re-solve resizes its sessions."""
    later, term_id, weeks = _mid_term(make_api, db_url)
    assert 1 in weeks["col-b/r-b-weld"]
    url = f"/api/v1/terms/{term_id}/institutions/col-b/cohorts/b-weld-1"
    cohort = dict(next(c for c in tiny_data()["cohorts"] if c["id"] == "b-weld-1"))
    cohort.pop("institution", None)
    r = later.put(url, json={**cohort, "size": 25})
    assert r.status_code == 409, r.text
    assert "cohort of their own" in r.json()["detail"]
    assert all("25 people, room for 20" in e["msg"] for e in r.json()["errors"])
    assert all("25 人，原安排处只容纳 20 人" in e["messages"]["zh"] for e in r.json()["errors"])
    assert len(r.json()["errors"]) == weeks["col-b/r-b-weld"].count(1)
    for size in (16, 20):
        assert later.put(url, json={**cohort, "size": size}).status_code == 200


def _open(
    make_api: Callable[..., Api],
    db_url: str,
    weeks: int,
    colleges: list[str],
    resources: list[dict[str, Any]],
) -> tuple[Api, str]:
    """A term of ``weeks`` from 2026-09-07 on one campus, ``resources`` owned by the
    first college: the API (jobs run) and the term's URL."""
    base = {
        "format": "trainshare/scenario@1",
        "name": "edits",
        "calendar": {"weeks": weeks, "days_per_week": 5, "slots_per_day": 4,
                     "slot_minutes": 90, "first_monday": "2026-09-07"},
        "sites": [{"id": "campus"}],
        "institutions": [{"id": c, "kind": "college", "site": "campus"} for c in colleges],
        "resources": [{"owner": colleges[0], "site": "campus", **r} for r in resources],
    }  # fmt: skip
    api = make_api(db_url, run_jobs=True, job_grace_seconds=5.0)
    return api, f"/api/v1/terms/{api.post('/api/v1/terms', json=base).json()['id']}"


def test_a_cohort_may_not_grow_past_a_shared_hall_it_filled_with_others(
    make_api: Callable[..., Api], db_url: str
) -> None:
    """Two classes of 20 met weekly in a 40-seat shareable hall. col-a's class at 24 fits
    the hall alone, but not beside col-b's: the change landed, and the next re-solve
    dropped col-b's sessions that had taken place (a term simulation)."""
    hall = {"id": "hall", "kind": "training_base", "capacity": 40, "shareable": True}
    api, term = _open(make_api, db_url, 8, ["col-a", "col-b"], [{**hall, "features": ["safety"]}])
    for inst, cohort, request in (("col-a", "a1", "ra"), ("col-b", "b1", "rb")):
        doc = {"id": cohort, "kind": "students", "size": 20}
        assert api.post(f"{term}/institutions/{inst}/cohorts", inst, json=doc).status_code == 201
        weekly = {"id": request, "cohort": cohort, "sessions": 6, "needs": ["safety"]}
        weekly |= {"pattern": "weekly", "window": [{"weeks": [1, 6], "days": [1], "slots": [1]}]}
        assert (
            api.post(f"{term}/institutions/{inst}/requests", inst, json=weekly).status_code == 201
        )
    assert api.post(f"{term}/close").status_code == 200
    job = api.wait_job(api.post(f"{term}/solve", json={"solver": "greedy"}).json()["id"])
    assert api.post(f"{term}/versions", json={"job_id": job["id"]}).status_code == 201
    later = make_api(db_url, today=dt.date(2026, 9, 30), extra_lead_days=1)  # week 4
    url = f"{term}/institutions/col-a/cohorts/a1"
    r = later.put(url, json={"id": "a1", "kind": "students", "size": 24})
    assert r.status_code == 409, r.text
    assert "cohort of their own" in r.json()["detail"]
    said = [e["msg"] for e in r.json()["errors"]]
    assert len(said) == 4 and all("hall" in m for m in said), said  # weeks 1-4
    assert later.put(url, json={"id": "a1", "kind": "students", "size": 19}).status_code == 200


def test_a_split_class_may_shrink_below_one_of_its_parts(
    make_api: Callable[..., Api], db_url: str
) -> None:
    """A class of 20 split 12 + 8 over two labs shrinks to 8: the growth check wrote a
    part of 0 people and answered 500 (a second term simulation)."""
    labs = [{"id": lab, "kind": "lab", "capacity": 12, "features": ["cnc"]} for lab in "ab"]
    api, term = _open(make_api, db_url, 4, ["col-a"], labs)
    cohort = {"id": "a1", "kind": "students", "size": 20}
    assert api.post(f"{term}/institutions/col-a/cohorts", "col-a", json=cohort).status_code == 201
    split = {"id": "ra", "cohort": "a1", "sessions": 2, "needs": ["cnc"], "split": True}
    split["window"] = [{"weeks": [1, 1]}]
    assert api.post(f"{term}/institutions/col-a/requests", "col-a", json=split).status_code == 201
    assert api.post(f"{term}/close").status_code == 200
    job = api.wait_job(api.post(f"{term}/solve", json={"solver": "greedy"}).json()["id"])
    assert api.post(f"{term}/versions", json={"job_id": job["id"]}).status_code == 201
    later = make_api(db_url, today=BEFORE_WEEK_2, extra_lead_days=1)
    r = later.put(f"{term}/institutions/col-a/cohorts/a1", json={**cohort, "size": 8})
    assert r.status_code == 200, r.text
