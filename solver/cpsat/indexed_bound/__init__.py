"""A time-indexed upper bound: which days (or weeks) each request can really use.

:mod:`solver.cpsat.bound` counts, per resource, only the requests whose *whole* window
lies inside a set of slots; two requests whose windows merely overlap never compete
there, so on the generated tiers its bound stays 12-20 % above the best schedules.
This relaxation places every request's sessions in time *buckets* (days, or weeks when
days make the LP too large) and enforces capacity per bucket:

- ``w[r, c, b]``: sessions (parts, with ``split``) of request ``r`` in resource class
  ``c`` starting in bucket ``b``, one variable for all identical sessions; ``b`` ranges
  over the buckets where some start of ``resource_starts`` lies (restricted to starts
  where a candidate instructor is available over the span, when one is needed);
- a resource class is one resource, or (on large terms) the resources that are
  candidates of exactly the same requests, with their capacities summed;
- per (class, bucket) and every slot set ``T`` that is the in-bucket occupancy of one
  of its requests (and their union): the parts that can only occupy slots of ``T``
  fit in the open slots of ``T`` (exclusive: ``duration`` per part; shareable:
  ``duration x headcount`` people-slots against ``capacity + overflow``);
- the same per (cohort, bucket) with the cohort's available slots, and per
  (instructor set, week) for the requests whose usable instructors all lie in the set,
  with each instructor's available slots capped by ``max_slots_per_week``;
- per week at most one session of a ``weekly`` request and ``max_per_week`` of a free
  one; at most one a day for ``block`` and ``min_days_apart >= 1``; a ``weekly`` or
  ``block`` request at most the longest run its starts allow;
- a ``split`` session's parts at least the fewest of its candidates whose rooms hold
  its headcount (:func:`~solver.cpsat.split_parts.fewest_parts`), its starts only where
  that many are open and, with instructors, as many are free
  (:meth:`~.columns.SessionColumns.together`);
- internships placed or not by first week, the interns on a set of posts within its
  room each week, at most ``m`` at once of more than ``room / (m + 1)`` interns
  (:mod:`solver.cpsat.posts`);
- along every ``after`` chain, the requests' runs of weeks follow one another, sharing
  at most a boundary week per link (:mod:`solver.cpsat.chains`);
- objective: demand and fairness exactly; travel, preferred resources and overflow per
  part at the least any member of the class would cost, preferred windows only in
  buckets with no preferred start; other penalties dropped.

Why it is a bound: map any valid schedule by counting, for each request, class and
bucket, its sessions (parts) that start there. A session stays within one day, so it
occupies slots only in its own bucket, all inside the request's occupancy mask there;
the hard rules then give every row above (two parts never share an exclusive resource
slot, people never exceed ``capacity + overflow``, a cohort and an instructor are in
one place at a time, the weekly rules, the order of ``after``). Demand and fairness
are the schedule's; every penalty kept is at most what the schedule pays and all
dropped ones are non-negative. So the mapped point is feasible with an objective at
least the schedule's, and the LP optimum (solved by GLOP, rounded down after a relative
1e-6 margin for floating point) is a proven upper bound.

Parts: :mod:`.lp` (the LP, handed to GLOP as one proto), :mod:`.cuts` (capacity rows
over slot sets), :mod:`.layout` (bucket size and resource classes), :mod:`.state`,
:mod:`.columns` and :mod:`.build` (the LP built), :mod:`.relaxation` (the bound, its
resource hint, and the relaxation in whole numbers).
"""
