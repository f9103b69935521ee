"""Documents around the solver: a scenario solved, a published term re-solved or amended.

The solver (:mod:`solver`) works on the compiled problem only; these modules read the
documents into it (:mod:`scheduler.compile`, a published schedule into indices), call
it, and write the answers as documents (:mod:`scheduler.build`).
"""
