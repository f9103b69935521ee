import numpy as np
import pytest

from scheduler.compile import compile_request, compile_scenario
from scheduler.generator import generate
from scheduler.models import Scenario
from scheduler.problem import CInternship, CRequest, CSessionRequest


def test_tiny_compiles_with_candidates(tiny: Scenario) -> None:
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
    assert isinstance(b_cnc, CSessionRequest)
    assert not b_cnc.resource_starts[0, p.calendar.slot(1, 1, 1)]
    assert cnc.resource_starts[0, p.calendar.slot(1, 1, 1)]
    intern = by_id["r-a-intern"]
    assert isinstance(intern, CInternship)
    assert intern.first_weeks.tolist() == [False, True]
    assert p.travel[0, 1] == 40


def _same_request(a: CRequest, b: CRequest) -> None:
    assert type(a) is type(b)
    for name in a.__dataclass_fields__:
        x, y = getattr(a, name), getattr(b, name)
        if isinstance(x, np.ndarray):
            assert x.dtype == y.dtype and np.array_equal(x, y), name
        else:
            assert x == y, name


@pytest.mark.parametrize("tier_seed", [("S", 1), ("S", 3)])
def test_a_request_compiled_alone_equals_it_compiled_with_the_term(
    tier_seed: tuple[str, int],
) -> None:
    scenario = generate(*tier_seed)
    assert any(r.after for r in scenario.requests)
    assert any(r.kind.value == "internship" for r in scenario.requests)
    whole = compile_scenario(scenario)
    # a request appended to the term compiled without it: with ``after``, an internship
    named = {a for r in scenario.requests for a in r.after}
    free = [r for r in scenario.requests if r.id not in named]
    picks = [next(r for r in free if r.after), next(r for r in free if r.kind.value != "sessions")]
    for req in picks:
        head = [r for r in scenario.requests if r is not req]
        term = scenario.model_copy(update={"requests": head})
        appended = scenario.model_copy(update={"requests": [*head, req]})
        _same_request(
            compile_request(appended, compile_scenario(term), req),
            compile_scenario(appended).requests[-1],
        )
    # any request at its own position against the whole term
    for n, req in enumerate(scenario.requests):
        _same_request(compile_request(scenario, whole, req, n), whole.requests[n])
