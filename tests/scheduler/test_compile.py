from scheduler.compile import compile_scenario
from scheduler.problem import CInternship, CSessionRequest


def test_tiny_compiles_with_candidates(tiny):
    p = compile_scenario(tiny)
    assert p.calendar.n_slots == 2 * 5 * 4
    by_id = {r.id: r for r in p.requests}
    cnc = by_id["r-a-cnc"]
    assert isinstance(cnc, CSessionRequest)
    assert [p.resources[i].id for i in cnc.resources] == ["cnc-lab"]
    # closed day (week 1, Wednesday) offers no start
    closed = p.calendar.slot(1, 3, 1)
    assert not cnc.starts[closed : closed + 4].any()
    # a 2-slot session cannot start in the last slot of a day
    assert not cnc.starts[p.calendar.slot(1, 1, 4)]
    # College B may not use College A's lab in the owner's Monday morning
    b_cnc = by_id["r-b-cnc"]
    assert not b_cnc.resource_starts[0, p.calendar.slot(1, 1, 1)]
    assert cnc.resource_starts[0, p.calendar.slot(1, 1, 1)]
    intern = by_id["r-a-intern"]
    assert isinstance(intern, CInternship)
    assert intern.first_weeks.tolist() == [False, True]
    assert p.travel[0, 1] == 40
