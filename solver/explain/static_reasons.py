"""Reasons that hold whatever the schedule: no resource or post could ever take the
request, or no instructor could ever teach it."""

from __future__ import annotations

import numpy as np

from scheduler.problem import CInternship, CSessionRequest, Problem
from solver.explain.phrases import institution_names, instructor_names, resource_names
from solver.occupancy import Occupancy
from solver.words import EMPTY, Text, say
from solver.words.names import Namer


def no_resource(full: Occupancy, names: Namer, req: CSessionRequest | CInternship) -> Text | None:
    """Why no resource (internships: no set of posts) could ever take ``req``, if so:
    only what holds whatever the time."""
    if isinstance(req, CInternship):
        if len(req.posts) == 0:
            return say("no_post", id=names("request", req.index))
        room = int(full.res_limit[req.posts].sum())
        if room < req.headcount:
            posts = resource_names(names, req.posts)
            return say("posts_too_small", posts=posts, room=room, headcount=req.headcount)
        return None
    # Only what holds whatever the time: a resource left no start time is 'window'.
    if len(req.matching) == 0:
        return say(
            "no_resource",
            id=names("request", req.index),
            institutions=institution_names(names, req.institutions),
            headcount=req.headcount,
            one_room=EMPTY if req.split else say("in_one_room"),
        )
    if req.split:
        room = int(full.res_limit[req.matching].sum())
        if room < req.headcount:
            return say(
                "split_too_small",
                resources=resource_names(names, req.matching),
                room=room,
                headcount=req.headcount,
            )
    return None


def no_instructor(
    problem: Problem, names: Namer, req: CSessionRequest | CInternship
) -> Text | None:
    """A session request whose instructors can never teach it: none qualifies, or
    none is available over a whole session at any time it could start."""
    if not isinstance(req, CSessionRequest) or not req.needs_instructor:
        return None
    if len(req.instructors) == 0:
        return say("instructor_none", id=names("request", req.index))
    starts = np.asarray(req.resource_starts.any(axis=0))
    if not starts.any():
        return None  # no time at all: the window stage says so, not the instructors
    for i in req.instructors:
        free = problem.instructors[int(i)].available
        windows = np.lib.stride_tricks.sliding_window_view(free, req.duration)
        spans = np.asarray(windows.all(axis=1))  # free over a whole session from t
        if (starts[: spans.size] & spans).any():
            return None
    instructors = instructor_names(names, req.instructors)
    return say("instructor_never", instructors=instructors)
