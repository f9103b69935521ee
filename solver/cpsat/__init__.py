"""CP-SAT backend: ``solve_cpsat(problem, options, progress, stop) -> Solution``.

Layout (PyJobShop's ortools backend, the OR-Tools samples' API):

- :mod:`.params` typed CP-SAT parameters (time limit always set);
- :mod:`.variables` typed bundles: sessions, parts, instructor assignments, internships;
- :mod:`.constraints` one module per family, in order (resources, cohorts, instructors,
  travel, patterns, precedence, internships, then redundant capacity cuts);
- :mod:`.objective` every term of ``docs/objective.md``; :mod:`.terms` their weights;
- :mod:`.model` variables -> constraints -> objective, exposing ``.model``;
- :mod:`.solve` the entry point: greedy warm start (:mod:`.hints`), the strategy per
  problem size, never worse than greedy, infeasible cores (:mod:`.conflicts`);
- :mod:`.phases` one CP-SAT run (required requests forced, :mod:`.repair`), progress
  and stop, and the proof-then-polish phases of a whole model;
- :mod:`.decompose` independent parts solved apart, fairness across them;
- :mod:`.lns`, :mod:`.background`, :mod:`.bound`, :mod:`.indexed_bound` large terms:
  neighbourhood search against the fixed rest of the schedule, and LP relaxations for
  the bound;
- :mod:`.bench` side-by-side measurement with greedy on generated tiers.
"""

from solver.cpsat.solve import solve_cpsat

__all__ = ["solve_cpsat"]
