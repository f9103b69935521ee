"""Report numbers against values worked out by hand (see ``sample.py``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

import numpy as np
import pytest

from scheduler.models import Request, Scenario, Session, SessionPart
from scheduler.reports import ScheduleReferenceError, compute_metrics
from scheduler.reports.records import ReportMetrics
from tests.scheduler.reports.sample import tiny_schedule

T = TypeVar("T")


@pytest.fixture
def metrics(tiny: Scenario) -> ReportMetrics:
    return compute_metrics(tiny, tiny_schedule())


def _by(items: Iterable[T], key: str, value: object) -> T:
    return next(i for i in items if getattr(i, key) == value)


def test_resource_utilisation_overall_and_per_week(metrics: ReportMetrics) -> None:
    cnc = _by(metrics.resources, "resource", "cnc-lab")
    assert cnc.available == pytest.approx(36 * 1.5)
    assert cnc.used == pytest.approx(6 * 1.5)
    assert cnc.utilisation == pytest.approx(6 / 36)
    assert cnc.by_week == pytest.approx([5 / 16, 1 / 20])
    assert cnc.person_hours_by_institution == pytest.approx({"col-a": 150.0, "col-b": 54.0})
    assert cnc.non_owner_share == pytest.approx(54 / 204)
    assert cnc.seat_utilisation == pytest.approx(204 / (54 * 30))
    weld = _by(metrics.resources, "resource", "weld-shop")
    assert weld.utilisation == pytest.approx(4 / 36)
    assert weld.non_owner_share == pytest.approx(24 / 78)


def test_internship_post_utilisation_by_place_weeks(metrics: ReportMetrics) -> None:
    post = _by(metrics.resources, "resource", "post-x")
    assert post.unit == "place_weeks"
    assert (post.available, post.used) == (50.0, 25.0)
    assert post.by_week == pytest.approx([0.0, 1.0])
    host = _by(metrics.internship_hosts, "institution", "ent-x")
    assert (host.posts, host.posts_used, host.interns_placed, host.intern_weeks) == (1, 1, 25, 25)
    assert host.utilisation == pytest.approx(0.5)
    assert host.interns_by_institution == {"col-a": 25}


def test_sharing_matrix_user_rows_owner_columns(metrics: ReportMetrics) -> None:
    sh = metrics.sharing
    assert sh.institutions == ["col-a", "col-b", "ent-x"]
    # the internship week 2 is full time: 20 open slots x 1.5 h x 25 interns = 750
    assert np.allclose(sh.total, [[150, 0, 750], [54, 54, 0], [0, 24, 0]])
    assert sh.internships[0][2] == pytest.approx(750)
    assert sh.non_owner_share == pytest.approx(828 / 1032)
    assert sh.owner_lent_share["col-a"] == pytest.approx(54 / 204)
    assert sh.user_borrowed_share["col-b"] == pytest.approx(0.5)
    assert sh.owner_lent_share["ent-x"] == pytest.approx(1.0)


def test_institution_fulfilment_and_demand_units(metrics: ReportMetrics) -> None:
    a = _by(metrics.institutions, "institution", "col-a")
    assert (a.sessions_requested, a.sessions_granted) == (3, 2)
    assert (a.internship_people_requested, a.internship_people_placed) == (25, 25)
    assert a.person_hours_granted == pytest.approx(150 + 750)
    assert a.person_hours_requested == pytest.approx(225 + 750)  # the placed week: 30 h
    assert (a.demand_units, a.fulfilled_units) == (13, 9)
    assert a.share == pytest.approx(9 / 13)
    b = _by(metrics.institutions, "institution", "col-b")
    assert b.share == pytest.approx(4 / 6)
    assert {u.request: u.reason for u in b.unmet} == {"r-b-weld": "trade_off"}
    x = _by(metrics.institutions, "institution", "ent-x")
    assert x.share == 1.0
    assert metrics.summary.worst_institution == "col-b"
    assert metrics.summary.unmet_requests == 2


def test_trainee_person_hours_and_person_times(metrics: ReportMetrics) -> None:
    (staff,) = metrics.trainees
    assert staff.cohort == "x-staff"
    assert (staff.sessions, staff.person_times) == (2, 16)
    assert staff.person_hours == pytest.approx(8 * 2 * 1.5)
    (inst,) = metrics.trainee_institutions
    assert (inst.institution, inst.trainees, inst.person_times) == ("ent-x", 8, 16)


def test_instructor_load_and_cross_institution_teaching(metrics: ReportMetrics) -> None:
    li = _by(metrics.instructors, "instructor", "t-li")
    assert (li.parts, li.slots, li.busiest_week_slots, li.cross_institution_parts) == (2, 4, 4, 0)
    zhao = _by(metrics.instructors, "instructor", "m-zhao")
    assert (zhao.parts, zhao.slots) == (3, 4)
    assert zhao.cross_institution_parts == 1  # r-b-weld: an ent-x mentor teaching col-b
    assert zhao.cross_institution_hours == pytest.approx(3.0)
    assert zhao.hours_by_institution == pytest.approx({"col-b": 3.0, "ent-x": 3.0})
    assert metrics.summary.cross_institution_teaching_hours == pytest.approx(3.0)


def test_joint_session_split_between_institutions_by_cohort_size(tiny: Scenario) -> None:
    joint = Request(
        id="r-joint",
        cohorts=["b-weld-1", "x-staff"],
        title="Joint welding",
        sessions=1,
        needs=["welding"],
    )
    scenario = tiny.model_copy(update={"requests": [*tiny.requests, joint]})
    session = Session(
        request="r-joint",
        index=1,
        week=2,
        day=5,
        slot=4,
        duration=1,
        parts=[SessionPart(resource="weld-shop", headcount=26, instructor="t-li")],
    )
    schedule = tiny_schedule().model_copy(update={"sessions": [session]})
    m = compute_metrics(scenario, schedule)
    weld = _by(m.resources, "resource", "weld-shop")
    assert weld.person_hours_by_institution == pytest.approx({"col-b": 27.0, "ent-x": 12.0})
    li = _by(m.instructors, "instructor", "t-li")
    assert li.cross_institution_parts == 1
    (staff,) = m.trainees
    assert (staff.person_times, staff.person_hours) == (8, pytest.approx(12.0))
    fulfilled = {f.institution: f.sessions_granted for f in m.institutions}
    assert fulfilled["col-b"] == 1 and fulfilled["ent-x"] == 1


def test_shortfall_without_unmet_entry_is_reported(tiny: Scenario) -> None:
    schedule = tiny_schedule().model_copy(update={"unmet": []})
    m = compute_metrics(tiny, schedule)
    a = _by(m.institutions, "institution", "col-a")
    assert [(u.request, u.missing, u.reason) for u in a.unmet] == [("r-a-cnc", 1, "")]


def test_unknown_ids_are_rejected_with_their_place(tiny: Scenario) -> None:
    bad = tiny_schedule()
    part = bad.sessions[2].parts[0].model_copy(update={"resource": "nope"})
    sessions = list(bad.sessions)
    sessions[2] = sessions[2].model_copy(update={"parts": [part]})
    with pytest.raises(ScheduleReferenceError, match=r"sessions\[2\]\.parts\[0\]\.resource"):
        compute_metrics(tiny, bad.model_copy(update={"sessions": sessions}))


def test_json_dict_is_rounded_and_complete(metrics: ReportMetrics) -> None:
    d = metrics.to_dict()
    assert set(d) >= {
        "summary",
        "institutions",
        "resources",
        "sharing",
        "trainees",
        "internship_hosts",
        "instructors",
    }
    assert d["resources"][0]["utilisation"] == round(6 / 36, 4)


def test_internship_person_hours_requested_use_the_placed_weeks(tiny: Scenario) -> None:
    """docs/reports.md: interns x the open slots of each placed week. Week 2 of tiny has
    20 open slots against 16 in week 1 (a closed day): a term average (18) priced the
    request below what it was granted."""
    from scheduler.models import Schedule, Status

    placed = {r.request: r for r in compute_metrics(tiny, tiny_schedule()).requests}
    intern = placed["r-a-intern"]
    assert intern.granted == intern.requested == 25
    assert intern.person_hours_requested == intern.person_hours_granted == 25 * 20 * 1.5
    # unplaced: priced at the window's weeks (week 2 only here)
    empty = Schedule(scenario=tiny.name, status=Status.FEASIBLE)
    unplaced = {r.request: r for r in compute_metrics(tiny, empty).requests}["r-a-intern"]
    assert unplaced.person_hours_requested == 25 * 20 * 1.5
    assert unplaced.person_hours_granted == 0


def test_granted_person_hours_never_exceed_requested(tiny: Scenario) -> None:
    m = compute_metrics(tiny, tiny_schedule())
    for r in m.requests:
        assert r.person_hours_granted <= r.person_hours_requested + 1e-9, r.request
    for f in m.institutions:
        assert f.person_hours_granted <= f.person_hours_requested + 1e-9, f.institution


def test_cohort_travel_by_hand_and_as_the_objective_counts_it(tiny: Scenario) -> None:
    """Only b-weld-1 (col-b, Campus B) leaves its site: r-b-cnc twice in cnc-lab on
    Campus A, 40 minutes away; its welding stays home, on another day (a planner
    audit: the report said nothing of travel)."""
    from scheduler.evaluate import evaluate

    m = compute_metrics(tiny, tiny_schedule())
    (trip,) = m.travel
    assert (trip.cohort, trip.home_site, trip.home_site_name) == (
        "b-weld-1",
        "campus-b",
        "Campus B",
    )
    assert (trip.sessions, trip.sessions_away, trip.travel_minutes) == (3, 2, 80)
    assert (trip.farthest_site, trip.farthest_minutes, trip.days_at_two_sites) == (
        "campus-a",
        40,
        0,
    )
    assert trip.travel_minutes == evaluate(tiny, tiny_schedule()).terms["travel_minutes"]
    # its welding moved to the Thursday of week 1, where r-b-cnc takes it to Campus A
    schedule = tiny_schedule()
    sessions = [
        s.model_copy(update={"day": 4, "slot": 1}) if s.request == "r-b-weld" else s
        for s in schedule.sessions
    ]
    (trip,) = compute_metrics(tiny, schedule.model_copy(update={"sessions": sessions})).travel
    assert trip.days_at_two_sites == 1
