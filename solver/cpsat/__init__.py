"""CP-SAT backend: ``solve_cpsat(problem, options, progress, stop) -> Solution``.

Layout (PyJobShop's ortools backend, OR-Tools samples' API): :mod:`.params` (typed
parameters), :mod:`.variables` (typed bundles), :mod:`.constraints` (one module per
family), :mod:`.objective` (terms and weights), :mod:`.model` (variables -> constraints
-> objective), :mod:`.solve` (warm start, status, progress, conflicts),
:mod:`.decompose` (independent parts).
"""

from solver.cpsat.solve import solve_cpsat

__all__ = ["solve_cpsat"]
