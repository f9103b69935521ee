"""A published schedule held compiled, to answer many mid-term extra requests fast.

:func:`scheduler.solving.extra.insert_into_schedule` compiles the whole term, reads the whole
published schedule back into indices and rebuilds its occupancy for every extra
request; on a large term that is most of the answer's time. :class:`PublishedTerm` does
that once per published state. Each extra request is then compiled alone
(:func:`scheduler.compile.compile_request`) and placed on a copy of the cached
occupancy; a granted request gives the next state by adding only what it got
(:meth:`PublishedTerm.with_granted`). Answers are the same as
:func:`~scheduler.solving.extra.insert_into_schedule` on the same documents, field for field.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import partial

from scheduler.compile import compile_request, compile_scenario
from scheduler.models import Request, Scenario, Schedule
from scheduler.problem import Problem, Solution
from scheduler.solving.extra import (
    InsertAnswer,
    answer_documents,
    compiled_variant,
    solution_from_schedule,
)
from scheduler.weights import weights_with
from solver.insert import InsertResult, insert_request
from solver.occupancy import Occupancy


@dataclass(frozen=True, slots=True)
class Answered:
    """An extra request answered on a :class:`PublishedTerm` (:meth:`~PublishedTerm.answer`)."""

    answer: InsertAnswer
    result: InsertResult
    scenario: Scenario  # the term's scenario with the request appended
    problem: Problem  # its compiled problem


@dataclass(frozen=True, slots=True)
class PublishedTerm:
    """A term's effective scenario and schedule, compiled; never changed once built.

    ``occupancy`` is that of ``solution`` for ``problem``, as
    :meth:`Occupancy.from_solution` builds it; answers work on copies of it.
    """

    scenario: Scenario
    problem: Problem
    solution: Solution
    occupancy: Occupancy

    @classmethod
    def build(cls, scenario: Scenario, schedule: Schedule) -> PublishedTerm:
        """Compile ``scenario`` and read ``schedule`` (published on it) into indices.

        Raises ``ValueError`` naming the first schedule item whose id is unknown.
        """
        problem = compile_scenario(scenario)
        solution = solution_from_schedule(problem, schedule)
        return cls(scenario, problem, solution, Occupancy.from_solution(problem, solution))

    def answer(self, request: Request, *, max_suggestions: int = 5, from_day: int = 0) -> Answered:
        """Grant what fits of ``request`` (validated, its ids in the term) around the term.

        The same answer as :func:`~scheduler.solving.extra.insert_into_schedule` with ``request``
        appended to the scenario, except that the whole amended schedule is neither built
        nor scored (``answer.schedule`` is None). Nothing is booked, nor offered, before
        0-based day ``from_day`` (:meth:`CalendarIndex.bookable_from`): days gone by.
        """
        scenario = self.scenario.model_copy(update={"requests": [*self.scenario.requests, request]})
        base = dataclasses.replace(
            self.problem, calendar=self.problem.calendar.bookable_from(from_day)
        )
        compiled = compile_request(self.scenario, base, request)
        # a request that may cost more than any before raises the resolved ``demand``
        weights = weights_with(self.scenario, self.problem.weights, request)
        problem = dataclasses.replace(
            base, requests=(*self.problem.requests, compiled), weights=weights
        )
        result = insert_request(
            problem,
            self.solution,
            compiled.index,
            variants=partial(compiled_variant, scenario, problem),
            max_suggestions=max_suggestions,
            occupancy=self.occupancy.extended(problem),
            score=False,
        )
        return Answered(answer_documents(problem, result), result, scenario, problem)

    def with_granted(self, extra: Answered) -> PublishedTerm:
        """The term once ``extra`` (answered on this term) is kept as an amendment.

        A rejected request leaves the term as it was; otherwise the request joins the
        scenario and what it got the schedule, in the order a reload of the stored
        documents gives (sessions by number, placements by resource, its unmet entry).
        The solve's objective and bound were for the term without it, and ``optimal``
        no longer holds: the figures are left unset and the status is ``feasible`` (the
        API restates the stored figures from the documents).
        """
        if extra.answer.outcome == "rejected":
            return self
        result = extra.result
        sessions = sorted(result.sessions, key=lambda s: s.index)
        placements = sorted(result.placements, key=lambda p: p.resource)
        status = "feasible" if self.solution.status == "optimal" else self.solution.status
        solution = dataclasses.replace(
            self.solution,
            status=status,
            objective=None,
            bound=None,
            sessions=[*self.solution.sessions, *sessions],
            placements=[*self.solution.placements, *placements],
            unmet=[*self.solution.unmet, *([result.unmet] if result.unmet else [])],
            conflicts=list(self.solution.conflicts),
            metrics=dict(self.solution.metrics),
        )
        # the term keeps its whole calendar: the next answer may book from another day
        problem = dataclasses.replace(extra.problem, calendar=self.problem.calendar)
        occupancy = self.occupancy.extended(problem)
        occupancy.load_more_sessions(self.solution.sessions, sessions)
        for p in placements:
            occupancy.apply_placement(p)
        return PublishedTerm(extra.scenario, problem, solution, occupancy)
