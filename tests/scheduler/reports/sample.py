"""A hand-built schedule of ``scenarios/tiny.json`` whose report numbers are worked out by hand.

Calendar: 2 weeks x 5 days x 4 slots of 90 minutes (1.5 h); week 1 Wednesday closed,
so week 1 has 16 open slots and week 2 has 20 (36 in all).

=========  ==========================  ==========  ============  ==========
request    when (week, day, slot)      resource    headcount     instructor
=========  ==========================  ==========  ============  ==========
r-a-cnc    1/1/1 x2, 1/2/1 x2          cnc-lab     25 (col-a)    t-li
r-b-cnc    1/4/3 x1, 2/4/3 x1          cnc-lab     18 (col-b)    -
r-b-weld   1/1/3 x2                    weld-shop   18 (col-b)    m-zhao (ent-x)
r-x-weld   1/2/4 x1, 2/2/4 x1          weld-shop   8 (ent-x)     m-zhao
r-a-intern week 2, 1 week              post-x      25 (col-a)
=========  ==========================  ==========  ============  ==========
"""

from __future__ import annotations

from scheduler.models import Placement, Schedule, Session, SessionPart, Status, Unmet, UnmetReason


def _session(
    request: str,
    index: int,
    week: int,
    day: int,
    slot: int,
    duration: int,
    resource: str,
    headcount: int,
    instructor: str | None = None,
) -> Session:
    return Session(
        request=request,
        index=index,
        week=week,
        day=day,
        slot=slot,
        duration=duration,
        parts=[SessionPart(resource=resource, headcount=headcount, instructor=instructor)],
    )


def tiny_schedule() -> Schedule:
    return Schedule(
        scenario="tiny-two-colleges",
        status=Status.FEASIBLE,
        objective=1.0,
        solver="hand",
        sessions=[
            _session("r-a-cnc", 1, 1, 1, 1, 2, "cnc-lab", 25, "t-li"),
            _session("r-a-cnc", 2, 1, 2, 1, 2, "cnc-lab", 25, "t-li"),
            _session("r-b-cnc", 1, 1, 4, 3, 1, "cnc-lab", 18),
            _session("r-b-cnc", 2, 2, 4, 3, 1, "cnc-lab", 18),
            _session("r-b-weld", 1, 1, 1, 3, 2, "weld-shop", 18, "m-zhao"),
            _session("r-x-weld", 1, 1, 2, 4, 1, "weld-shop", 8, "m-zhao"),
            _session("r-x-weld", 2, 2, 2, 4, 1, "weld-shop", 8, "m-zhao"),
        ],
        placements=[
            Placement(request="r-a-intern", resource="post-x", headcount=25, first_week=2, weeks=1)
        ],
        unmet=[
            Unmet(request="r-a-cnc", missing=1, reason=UnmetReason.CAPACITY, message="lab full"),
            Unmet(request="r-b-weld", missing=1, reason=UnmetReason.TRADE_OFF, message="gave way"),
        ],
    )
