"""Infeasible required sets: status infeasible, a small core named in planners' words."""

from __future__ import annotations

from typing import Any

from pytest import MonkeyPatch

from scheduler.compile import compile_scenario
from scheduler.models import Scenario
from solver.cpsat.conflicts.describe import describe
from tests.solver.cpsat.helpers import base, greedy_objective, scenario, sessions_req, solve
from tests.solver.zh_check import assert_same_facts

COHORTS = [
    {"id": "c1", "institution": "col", "size": 20},
    {"id": "c2", "institution": "col", "size": 20},
    {"id": "c3", "institution": "col", "size": 20},
]


def test_required_requests_competing_for_one_lab_are_named() -> None:
    sc = scenario(
        cohorts=COHORTS,
        requests=[
            sessions_req("r-1", 4, cohort="c1", required=True),
            sessions_req("r-2", 3, cohort="c2", required=True),
            sessions_req("r-3", 1, cohort="c3", required=True, window=[{"days": [2]}]),
            sessions_req("free", 2, cohort="c3"),
        ],
    )
    res = solve(sc)
    sch = res.schedule
    assert sch.status.value == "infeasible"
    # the rest is scheduled all the same: r-3, still required and outside the conflict,
    # in full, and the lab's other five open slots for r-1 and r-2 (priority 1, as free)
    assert [s.request for s in res.sessions_of("r-3")] == ["r-3"]
    assert len(sch.sessions) == 6 and sch.objective == sch.bound == 6000
    assert sch.metrics["conflicting_requests"] == ["r-1", "r-2"]
    (conflict,) = sch.conflicts
    # r-1 and r-2 alone already need 7 of the lab's 6 slots; r-3 is not needed
    assert set(conflict.items) >= {"requests[0]", "requests[1]", "resources[0]"}
    assert "requests[2]" not in conflict.items
    assert "r-1" in conflict.message and "r-2" in conflict.message and "lab" in conflict.message
    short = {u.request: u for u in sch.unmet}
    assert {r for r, u in short.items() if u.reason.value == "infeasible"} <= {"r-1", "r-2"}
    assert sum(short[r].missing for r in ("r-1", "r-2") if r in short) == 2
    assert short["free"].reason.value == "capacity" and short["free"].missing == 2
    # a conflicting request left short also says what keeps it out of this schedule
    for r in {"r-1", "r-2"} & short.keys():
        assert "; in this schedule, every candidate ('lab') is occupied" in short[r].message
    # the same conflict in Chinese: ids quoted (redaction finds them), numbers the same
    assert conflict.messages is not None
    zh = conflict.messages["zh"]
    assert zh.startswith("必需需求“r-1”和“r-2”无法同时完全满足：它们只能使用“lab”")
    assert "has 6 open slot(s) where they can run (week 1), against the 7" in conflict.message
    assert_same_facts(conflict.message, zh, ids=("r-1", "r-2", "lab"))
    for u in sch.unmet:
        assert u.messages is not None
        assert_same_facts(u.message, u.messages["zh"])
        assert ("见冲突说明" in u.messages["zh"]) == (u.reason.value == "infeasible")


def _two_labs_asked_too_much(*extra: dict) -> Scenario:
    """Two labs of 6 open slots, each asked for 7 by two required requests (a-1 and a-2
    in lab-a, b-1 and b-2 in lab-b): two separate conflicts; ``extra`` requests added."""
    labs = [
        {"id": "lab-a", "kind": "lab", "owner": "col", "site": "s1", "capacity": 30},
        {"id": "lab-b", "kind": "lab", "owner": "col", "site": "s1", "capacity": 30},
    ]
    return scenario(
        resources=labs,
        cohorts=[*COHORTS, {"id": "c4", "institution": "col", "size": 20}],
        requests=[
            sessions_req("a-1", 4, cohort="c1", required=True, resources=["lab-a"]),
            sessions_req("a-2", 3, cohort="c2", required=True, resources=["lab-a"]),
            sessions_req("b-1", 5, cohort="c3", required=True, resources=["lab-b"]),
            sessions_req("b-2", 2, cohort="c4", required=True, resources=["lab-b"]),
            *extra,
        ],
    )


def test_two_separate_conflicts_are_both_named_and_the_rest_scheduled() -> None:
    """Two labs, each asked for more than it has by two required requests: the first
    conflict is relaxed and the rest's solve names the second; the answer schedules
    what fits and never less than greedy's booking."""
    sc = _two_labs_asked_too_much(
        sessions_req("free", 1, cohort="c4", priority=3, resources=["lab-a"])
    )
    res = solve(sc)
    sch = res.schedule
    assert sch.status.value == "infeasible"
    assert len(sch.conflicts) == 2
    named = [set(c.items) for c in sch.conflicts]
    assert {"requests[0]", "requests[1]"} <= named[0] or {"requests[0]", "requests[1]"} <= named[1]
    assert any({"requests[2]", "requests[3]"} <= items for items in named)
    assert sorted(sch.metrics["conflicting_requests"]) == ["a-1", "a-2", "b-1", "b-2"]
    # both labs full (6 open slots each), the priority-3 request first
    assert len(sch.sessions) == 12 and len(res.sessions_of("free")) == 1
    assert sch.objective == sch.bound == 1000 * (11 + 3)
    assert sch.objective >= greedy_objective(sc)
    assert {u.reason.value for u in sch.unmet} == {"infeasible"}
    assert sum(u.missing for u in sch.unmet) == 4 + 3 + 5 + 2 - 11


def test_the_rest_of_an_infeasible_term_is_the_same_on_a_work_clock() -> None:
    """The rest's solve takes the work that is left: one worker, same schedule twice."""
    sc = scenario(
        cohorts=COHORTS,
        requests=[
            sessions_req("r-1", 4, cohort="c1", required=True),
            sessions_req("r-2", 3, cohort="c2", required=True),
            sessions_req("free", 2, cohort="c3", priority=2),
        ],
    )
    runs = [solve(sc, time_limit=120.0, work_limit=4.0).schedule for _ in range(2)]
    assert runs[0].status.value == "infeasible" and runs[0].sessions
    assert runs[0].sessions == runs[1].sessions
    assert runs[0].metrics["rest_from"] == "cpsat"
    # the answer's clock counts the rest's work too: it says whether the run reproduces
    clock, rest = runs[0].metrics["clock"], runs[0].metrics["rest"]
    assert clock["by"] == "work" and not clock["wall_cut"]
    assert clock["work"] >= rest["clock"]["work"] > 0
    assert rest["trace"]  # the rest's objective over time, for the benchmark plots


def test_with_no_time_for_the_rest_the_start_schedule_is_it_and_says_so(
    monkeypatch: MonkeyPatch,
) -> None:
    """No time left for the rest's solve: greedy's booking is the rest, with a bound and
    a gap all the same, and a required request short outside the conflict found is not
    called conflicting: its entry says the time did not settle it (an audit found its
    ordinary reason alone, as if it were an optional request)."""
    from solver.cpsat import rest

    monkeypatch.setattr(rest, "REST_MIN_TIME", 1e9)
    sc = _two_labs_asked_too_much()
    sch = solve(sc).schedule
    assert sch.status.value == "infeasible" and sch.metrics["rest_from"] == "start"
    (conflict,) = sch.conflicts
    named = sorted(sch.metrics["conflicting_requests"])
    assert named in (["a-1", "a-2"], ["b-1", "b-2"])
    other = ["b-1", "b-2"] if named[0] == "a-1" else ["a-1", "a-2"]
    assert sch.objective == greedy_objective(sc) == 12_000
    assert sch.bound is not None and sch.gap is not None
    short = {u.request: u for u in sch.unmet}
    outside = [short[r] for r in other if r in short]
    assert [u.missing for u in outside] == [1]
    (u,) = outside
    assert u.reason.value != "infeasible"
    assert u.message.startswith("Required, and in no conflict found")
    assert u.messages is not None
    assert u.messages["zh"].startswith("这是必需需求，不在已找到的冲突中")


def test_a_cohort_clause_names_the_requests_that_take_it() -> None:
    """A chain of three where only the first and last share a cohort: the sentence
    named "they all" (a spec audit)."""
    from scheduler.compile import compile_scenario
    from solver.cpsat.conflicts.describe import describe

    sc = scenario(
        cohorts=COHORTS,
        requests=[
            sessions_req("w", 2, cohort="c1", required=True),
            sessions_req("b", 2, cohort="c2", required=True, after=["w"]),
            sessions_req("f", 2, cohort="c1", required=True, after=["b"]),
        ],
    )
    items, message, others = describe(compile_scenario(sc), [0, 1, 2])
    assert "cohorts[0]" in items and "cohorts[1]" not in items
    assert "w and f both take cohort c1, which attends one session at a time" in message
    assert "all take" not in message
    assert "“w”和“f”都包含班级“c1”" in others["zh"]
    assert_same_facts(message, others["zh"], ids=("w", "b", "f", "c1", "lab"))


def test_a_required_request_no_instructor_can_teach_is_named_not_a_crash() -> None:
    """Validation refuses such a term, but the solver takes compiled terms as they come:
    describing it alone indexed an empty list of names (a property test under load)."""
    from scheduler.compile import compile_scenario
    from solver.cpsat.conflicts.describe import describe

    sc = scenario(
        instructors=[{"id": "t1", "institution": "col", "skills": ["weld"], "site": "s1"}],
        requests=[sessions_req("cnc", 1, required=True, instructor_skills=["cnc"])],
    )
    items, message, others = describe(compile_scenario(sc), [0])
    assert items[0] == "requests[0]"
    assert message == "Required request cnc has no instructor with the skills it needs."
    assert others["zh"] == "必需需求“cnc”没有具备所需技能的教师。"
    sch = solve(sc).schedule
    assert sch.status.value == "infeasible" and sch.conflicts[0].message == message


def test_a_required_request_that_cannot_fit_alone() -> None:
    sc = scenario(requests=[sessions_req("big", 7, required=True)])
    sch = solve(sc).schedule
    assert sch.status.value == "infeasible"
    (conflict,) = sch.conflicts
    assert conflict.items[0] == "requests[0]"
    assert "big" in conflict.message
    assert conflict.messages is not None
    assert conflict.messages["zh"].startswith(
        "必需需求“big”无法在第 1 周于“lab”上安排 7 次课、每次 1 节"
    )
    assert_same_facts(conflict.message, conflict.messages["zh"], ids=("big", "lab"))


def test_a_request_that_cannot_fit_alone_names_its_instructors_too() -> None:
    """Its only teacher is there on Tuesdays: the sentence blames the instructors'
    availability, so the items name them (an audit found only the lab named)."""
    teachers = [
        {"id": "t", "institution": "col", "skills": ["cnc"], "site": "s1"},
        {
            "id": "t-tue",
            "institution": "col",
            "skills": ["cnc"],
            "site": "s1",
            "available": [{"days": [2]}],
        },
    ]
    req = sessions_req("cnc", 4, required=True, instructors=["t-tue"])
    sch = solve(scenario(instructors=teachers, requests=[req])).schedule
    assert sch.status.value == "infeasible"
    (conflict,) = sch.conflicts
    assert conflict.items == ["requests[0]", "resources[0]", "instructors[1]"]
    assert conflict.message.endswith(
        "only 6 start time(s) on 2 day(s) are open to it; its instructors (t-tue) are "
        "available for a whole session at 3 of them."
    )


def test_required_requests_that_fit_are_met_in_full() -> None:
    sc = scenario(
        cohorts=COHORTS,
        requests=[
            sessions_req("r-1", 3, cohort="c1", required=True, priority=1),
            sessions_req("greedy-bait", 6, cohort="c2", priority=5),
        ],
    )
    res = solve(sc)
    assert res.schedule.status.value == "optimal"
    assert len(res.sessions_of("r-1")) == 3
    assert res.objective == 3000 + 3 * 5000


def test_the_conflict_counts_the_slots_the_windows_leave() -> None:
    # the lab has 6 open slots, but both windows leave it one: the sentence says 1 for 2
    sc = scenario(
        cohorts=COHORTS,
        requests=[
            sessions_req(
                "r-1", 1, cohort="c1", required=True, window=[{"days": [2], "slots": [1]}]
            ),
            sessions_req(
                "r-2", 1, cohort="c2", required=True, window=[{"days": [2], "slots": [1]}]
            ),
        ],
    )
    sch = solve(sc).schedule
    assert sch.status.value == "infeasible"
    (conflict,) = sch.conflicts
    said = "has 1 open slot(s) where they can run (week 1), against the 2 slot(s)"
    assert said in conflict.message
    assert conflict.messages is not None
    said_zh = "在它们可排的时间内（第 1 周）有 1 个可用节次，而它们共需 2 节"
    assert said_zh in conflict.messages["zh"]


def _conflict(sc: Scenario) -> tuple[str, str]:
    sch = solve(sc).schedule
    assert sch.status.value == "infeasible"
    (conflict,) = sch.conflicts
    assert conflict.messages is not None
    return conflict.message, conflict.messages["zh"]


def test_the_conflict_names_travel_between_sites() -> None:
    """One cohort, two required sessions, one in each lab, a day of two back-to-back
    slots and 40 minutes between the labs: the travel is the cause, and said."""
    sc = scenario(
        calendar={"days_per_week": 1, "slots_per_day": 2},
        sites=[{"id": "s1"}, {"id": "s2"}],
        travel=[{"from": "s1", "to": "s2", "minutes": 40}],
        resources=[
            {"id": "lab", "kind": "lab", "owner": "col", "site": "s1", "capacity": 30},
            {"id": "far", "kind": "lab", "owner": "col", "site": "s2", "capacity": 30},
        ],
        requests=[
            sessions_req("here", 1, required=True, resources=["lab"]),
            sessions_req("there", 1, required=True, resources=["far"]),
        ],
    )
    en, zh = _conflict(sc)
    assert "different sites (s1 and s2), at least 40 minutes apart" in en
    assert "相距至少 40 分钟" in zh


def test_the_conflict_names_the_internship_and_the_order() -> None:
    """The cohort's internship takes both weeks, so its session has no slot; and a
    session that must come after another in a one-slot term has none either."""
    post = {"id": "post", "kind": "internship_post", "owner": "col", "site": "s1"}
    sc = scenario(
        calendar={"weeks": 2, "days_per_week": 1, "slots_per_day": 1},
        resources=[*base()["resources"], {**post, "capacity": 30}],
        requests=[
            {"id": "away", "cohort": "c1", "kind": "internship", "weeks": 2, "required": True},
            sessions_req("lesson", 1, required=True),
        ],
    )
    en, zh = _conflict(sc)
    assert "internship away takes every slot of c1 for 2 week(s)" in en
    assert "实习“away”占用“c1”连续 2 周的全部节次" in zh
    sc = scenario(
        calendar={"days_per_week": 1, "slots_per_day": 2},
        cohorts=COHORTS[:2],
        requests=[
            sessions_req("first", 1, cohort="c1", required=True, window=[{"slots": [2]}]),
            sessions_req("then", 1, cohort="c2", required=True, after=["first"]),
        ],
    )
    en, zh = _conflict(sc)
    assert "the order required by 'after' on then leaves no room" in en


def test_a_split_cohort_larger_than_any_one_resource_is_named_as_the_cause() -> None:
    """A spec audit's request: 9 people, split; the only resource with two slots in a
    row holds 8, the larger one is open one slot at a time. The sentence blamed its
    start times alone; it now says each session needs several resources at once."""
    sc = scenario(
        calendar={"slots_per_day": 3},
        resources=[
            {"id": "small", "kind": "lab", "owner": "col", "site": "s1", "capacity": 8},
            {
                "id": "hall",
                "kind": "lab",
                "owner": "col",
                "site": "s1",
                "capacity": 30,
                "available": [{"slots": [2]}],
            },
        ],
        cohorts=[{"id": "c1", "institution": "col", "size": 9}],
        requests=[{**sessions_req("r-split", 1, required=True), "duration": 2, "split": True}],
    )
    sch = solve(sc).schedule
    assert sch.status.value == "infeasible"
    (conflict,) = sch.conflicts
    assert "its 9 people fit in none of its resources alone (at most 8 in one)" in conflict.message
    assert conflict.messages is not None
    assert_same_facts(conflict.message, conflict.messages["zh"], ids=("r-split", "small"))


def _term(
    resources: list[dict[str, Any]],
    cohorts: list[str],
    requests: list[dict[str, Any]],
    **changes: Any,
) -> Scenario:
    return scenario(
        calendar={"weeks": 1, "days_per_week": 5, "slots_per_day": 4},
        resources=resources,
        cohorts=[{"id": c, "institution": "col", "size": 20} for c in cohorts],
        requests=requests,
        **changes,
    )


LABS3 = [
    {"id": f"l{j}", "kind": "lab", "owner": "col", "site": "s1", "capacity": 40} for j in range(3)
]


def test_a_required_request_sharing_nothing_is_left_out_of_the_conflict() -> None:
    """Three joint sessions of pairs of three cohorts, 7 each in 20 slots (every two of
    them share a cohort: 21 slots of cohort time, no counting sees it). Beside them an
    unrelated required request with its own cohort and lab. The conflict search ran out
    its time (30 s) and named every required request, the unrelated one too."""
    pairs = {"j01": ["k0", "k1"], "j12": ["k1", "k2"], "j02": ["k0", "k2"]}
    sc = _term(
        [*LABS3, {"id": "lx", "kind": "lab", "owner": "col", "site": "s1", "capacity": 30}],
        ["k0", "k1", "k2", "kx"],
        [
            *({"id": j, "cohorts": ks, "sessions": 7, "duration": 1, "required": True,
               "resources": ["l0", "l1", "l2"]} for j, ks in pairs.items()),
            sessions_req("unrelated", 2, cohort="kx", required=True, resources=["lx"]),
        ],
    )  # fmt: skip
    sch = solve(sc, time_limit=20, workers=2).schedule
    assert sch.status.value == "infeasible"
    (conflict,) = sch.conflicts
    assert [i for i in conflict.items if i.startswith("requests")] == [
        "requests[0]", "requests[1]", "requests[2]"
    ]  # fmt: skip
    assert "unrelated" not in conflict.message
    # one clause for the three labs any of which would do, and the cohorts in the plural
    assert "can only use l0, l1 and l2 (one session at a time each)" in conflict.message
    assert "they share cohorts k0, k1 and k2, each attending one session at a time" in (
        conflict.message
    )
    assert conflict.messages is not None
    assert_same_facts(conflict.message, conflict.messages["zh"], ids=("j01", "l0", "k0"))


def test_a_small_term_with_most_requests_required_is_checked_on_its_own() -> None:
    """Two cohorts fill lab l0 and must meet once together: three of four requests are
    required, so the required requests' own model was skipped and the whole model's
    repair ran 7 s unproven; their own model proves it at once.

    On a work clock with one worker: the check's share of a wall limit (1 s of 20)
    was about what the proof took on an idle machine, and a loaded one ran out of it.
    Its share here, 0.05 x 30 = 1.5 units, against the 1.1 the proof takes on any
    machine."""
    sc = _term(
        [{"id": "l0", "kind": "lab", "owner": "col", "site": "s1", "capacity": 30},
         {"id": "l1", "kind": "lab", "owner": "col", "site": "s1", "capacity": 40}],
        ["k0", "k1"],
        [
            sessions_req("a", 10, cohort="k0", required=True, resources=["l0"]),
            sessions_req("b", 10, cohort="k1", required=True, resources=["l0"]),
            {"id": "j", "cohorts": ["k0", "k1"], "sessions": 1, "duration": 1,
             "required": True, "resources": ["l1"]},
            sessions_req("opt", 1, cohort="k0"),
        ],
    )  # fmt: skip
    sch = solve(sc, time_limit=120, workers=1, work_limit=30).schedule
    assert not sch.metrics["clock"]["wall_cut"]  # else the machine, not the work, decided
    assert sch.status.value == "infeasible"
    assert sch.metrics["mode"] == "required"
    assert sch.metrics["conflicting_requests"] == ["a", "b", "j"]  # each of them needed


def test_the_conflict_names_patterns_weekly_limits_and_an_instructors_travel() -> None:
    blocks = _term(
        LABS3,
        ["k0"],
        [
            sessions_req("a", 3, duration=3, cohort="k0", required=True, pattern="block"),
            sessions_req("b", 3, duration=3, cohort="k0", required=True, pattern="block"),
        ],
    )
    en, zh = _conflict(blocks)
    assert "their patterns bind (a on consecutive open days, b on consecutive open days)" in en
    assert "“a”须在连续的开放日" in zh
    assert "open slot(s)" not in en  # 20 slots for 18 showed no shortage
    teacher = {"id": "t", "institution": "col", "skills": ["x"], "site": "s1",
               "available": [{"days": [1]}], "max_slots_per_week": 3}  # fmt: skip
    apart = _term(
        [{"id": "A", "kind": "lab", "owner": "col", "site": "s1", "capacity": 30},
         {"id": "B", "kind": "lab", "owner": "col", "site": "s2", "capacity": 30}],
        ["k0", "k1"],
        [
            sessions_req("a", 1, cohort="k0", required=True, resources=["A"],
                         instructor_skills=["x"]),
            sessions_req("b", 1, cohort="k1", required=True, resources=["B"],
                         instructor_skills=["x"]),
        ],
        sites=[{"id": "s1"}, {"id": "s2"}],
        travel=[{"from": "s1", "to": "s2", "minutes": 200}],
        instructors=[teacher],
    )  # fmt: skip
    en, zh = _conflict(apart)
    assert "they need the same instructors (t); t teaches at most 3 slot(s) a week" in en
    assert "at least 200 minutes apart" in en
    assert_same_facts(en, zh, ids=("a", "b", "t"))


def test_shared_bases_are_one_clause_with_their_places_not_slot_counts() -> None:
    """The joint triangle on two shared bases: a clause per base said "all need b0
    (shared ...)", "all need b1 (shared ...)" where the cause is the cohorts."""
    bases = [
        {"id": f"b{j}", "kind": "training_base", "owner": "col", "site": "s1",
         "capacity": 60, "shareable": True}
        for j in range(2)
    ]  # fmt: skip
    pairs = {"j01": ["k0", "k1"], "j12": ["k1", "k2"], "j02": ["k0", "k2"]}
    sc = _term(
        bases,
        ["k0", "k1", "k2"],
        [{"id": j, "cohorts": ks, "sessions": 7, "duration": 1, "required": True}
         for j, ks in pairs.items()],
    )  # fmt: skip
    en, zh = _conflict(sc)
    assert (
        "can only use b0 and b1 in week 1, shared by at most 60 and 60 people at once; "
        "their sessions bring 40, 40 and 40"
    ) in en
    assert "b0 (shared" not in en and "open slot(s)" not in en
    assert "they share cohorts k0, k1 and k2" in en
    assert_same_facts(en, zh, ids=("j01", "b0", "k0"))


def test_internships_sharing_a_post_name_its_weekly_places() -> None:
    post = {"id": "post", "kind": "internship_post", "owner": "col", "site": "s1",
            "capacity": 10}  # fmt: skip
    sc = scenario(
        calendar={"weeks": 4},
        resources=[post],
        cohorts=[{"id": f"k{i}", "institution": "col", "size": 8} for i in range(3)],
        requests=[{"id": f"i{i}", "cohort": f"k{i}", "kind": "internship", "weeks": 2,
                   "required": True} for i in range(3)],
    )  # fmt: skip
    en, zh = _conflict(sc)
    assert (
        "i0, i1 and i2 all can only use posts post in weeks 1-4 (10 place(s) a week); they "
        "bring 8, 8 and 8 interns for 2, 2 and 2 week(s)"
    ) in en
    assert_same_facts(en, zh, ids=("i0", "post"))


def test_internships_sharing_a_pool_of_posts_name_it_once_with_the_weeks() -> None:
    """Two posts that together take one class at a time: one clause with both posts'
    places and each internship's interns and weeks (a clause per post said each 'needs'
    a post it could do without, and never gave the weeks; a planner audit)."""
    posts = [
        {"id": "big", "kind": "internship_post", "owner": "col", "site": "s1", "capacity": 16},
        {"id": "small", "kind": "internship_post", "owner": "col", "site": "s1", "capacity": 8},
    ]
    window = [{"weeks": [2, 10]}]
    sc = scenario(
        calendar={"weeks": 12},
        resources=posts,
        cohorts=[
            {"id": "w1", "institution": "col", "size": 24},
            {"id": "w2", "institution": "col", "size": 16},
        ],
        requests=[
            {"id": "a", "cohort": "w1", "kind": "internship", "weeks": 6, "window": window,
             "required": True},
            {"id": "b", "cohort": "w2", "kind": "internship", "weeks": 4, "window": window,
             "required": True},
        ],
    )  # fmt: skip
    en, zh = _conflict(sc)
    assert (
        "a and b both can only use posts big and small in weeks 2-10 (16 + 8 place(s) a "
        "week); they bring 24 and 16 interns for 6 and 4 week(s)"
    ) in en, en
    assert "needs" not in en
    assert_same_facts(en, zh, ids=("a", "big", "small"))


def test_a_request_alone_names_its_teachers_weekly_limits_and_hours() -> None:
    """A block of two 2-slot days against the one teacher's 3 slots a week: the sentence
    gives the limit and how many starts the teachers can take, not 'availability, weekly
    load or travel' (a planner audit)."""
    sc = scenario(
        calendar={"days_per_week": 3},
        instructors=[
            {"id": "t", "institution": "col", "skills": ["x"], "site": "s1",
             "max_slots_per_week": 3, "available": [{"days": [1, 2]}]},
        ],
        requests=[sessions_req("blk", 2, duration=2, pattern="block", required=True,
                               instructor_skills=["x"])],
    )  # fmt: skip
    en, zh = _conflict(sc)
    assert en.endswith(
        "only 6 start time(s) on 3 day(s) are open to it; its instructors (t) are available "
        "for a whole session at 4 of them; weekly limits: t teaches at most 3 slot(s) a week "
        "(travel may cut that further)."
    ), en
    assert_same_facts(en, zh, ids=("blk", "t"))


def test_a_shared_teacher_on_a_split_session_across_sites_is_named_with_the_trip() -> None:
    """60 people split over labs at A and C (70 minutes apart, a teacher each part), t1
    next slot at A: a teacher on any part counts as at every site of the session (rules.md
    9), and the sentence named only the shared teacher and the patterns (a spec audit)."""
    sc = scenario(
        calendar={"days_per_week": 1, "slots_per_day": 2},
        sites=[{"id": "s1"}, {"id": "A"}, {"id": "B"}, {"id": "C"}],
        travel=[{"from": "A", "to": "B", "minutes": 30}, {"from": "B", "to": "C", "minutes": 40}],
        resources=[
            {"id": "la", "kind": "lab", "owner": "col", "site": "A", "capacity": 40},
            {"id": "lc", "kind": "lab", "owner": "col", "site": "C", "capacity": 40},
            {"id": "la2", "kind": "lab", "owner": "col", "site": "A", "capacity": 40},
        ],
        instructors=[
            {"id": "t1", "institution": "col", "skills": ["x"], "site": "A"},
            {"id": "t2", "institution": "col", "skills": ["x"], "site": "C"},
        ],
        cohorts=[
            {"id": "c1", "institution": "col", "size": 60},
            {"id": "c2", "institution": "col", "size": 20},
        ],
        requests=[
            sessions_req("a", 1, split=True, resources=["la", "lc"], instructor_skills=["x"],
                         window=[{"slots": [1]}], required=True),
            sessions_req("b", 1, cohort="c2", resources=["la2"], instructors=["t1"],
                         window=[{"slots": [2]}], required=True),
        ],
    )  # fmt: skip
    en, zh = _conflict(sc)
    assert (
        "a runs its parts at once in resources at A and C (up to 70 minutes apart), and an "
        "instructor on any part counts as at every site of the session"
    ) in en, en
    assert_same_facts(en, zh, ids=("a", "t1"))


def test_a_conflict_names_requests_by_title_and_the_lab_by_name() -> None:
    """The planner relaxes requests it knows by title, in a lab it knows by name: both
    are named so (ids after them, to find them by); a request without a title keeps its
    bare id. Only the sentence changes: the items stay positions."""
    lab = {"id": "lab", "name": "CNC lathe workshop", "kind": "lab", "owner": "col",
           "site": "s1", "capacity": 30}  # fmt: skip
    sc = scenario(
        resources=[lab],
        cohorts=COHORTS,
        requests=[
            sessions_req("r-1", 4, cohort="c1", required=True, title="5-axis practice"),
            sessions_req("r-2", 3, cohort="c2", required=True),
        ],
    )
    items, en, others = describe(compile_scenario(sc), [0, 1])
    assert items == ["requests[0]", "requests[1]", "resources[0]"]
    assert en.startswith(
        "Required requests “5-axis practice” (r-1) and r-2 cannot all be met in full: "
        "“5-axis practice” (r-1) and r-2 both need “CNC lathe workshop” (lab) (one session "
        "at a time) in week 1"
    )
    assert others["zh"].startswith(
        "必需需求“5-axis practice”（r-1）和“r-2”无法同时完全满足：“5-axis practice”（r-1）"
        "和“r-2”都需要在第 1 周使用“CNC lathe workshop”（lab）（同一时间只能安排一个课次）"
    )
    assert_same_facts(en, others["zh"], ids=("r-2",))
