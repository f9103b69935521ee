"""Why a request is not met: reason codes of docs/reasons.md, derived from the data.

Each request not met in full is re-tested *alone* against the final schedule (its
own sessions taken out). The rule families are switched on one at a time, in the
order of docs/reasons.md; the first stage at which the request can no longer be
met in full names the reason::

    no_resource -> window -> precedence -> conflict -> capacity -> instructor
                -> travel -> pattern -> trade_off (it would fit on its own)

The later stages still run: each one that takes away more of the request is named in
the message's tail ("...: only 7 of 9 sessions fit in between; counting the bookings
of 'lab-2' too (taken by 'r-12'), no session fits"), so a planner sees what to relax
first and what would still block after it.

The stages re-run the greedy placement (:mod:`solver.greedy`) on copies of the
schedule's occupancy that hold only the families switched on so far (built once per
stage, shared by all requests). Naming what shortens a pattern's run re-places the
request once per set of families relaxed, so the explanation costs one to three greedy
runs (greedy's L/1 schedule, 1,469 requests unmet: 4.2 s against 1.4 s of placement).
A request that fits on its own and would raise the objective was left out by a search
that stopped first: ``time_limit`` when the explainer is told the search was cut
short (a CP-SAT answer not proven optimal), else ``trade_off``.

Every sentence is a :class:`solver.words.Text`: the facts (what things are called, week
ranges, counts, who takes the rooms) are gathered once and worded by each language's template, so
``message`` (English) and ``messages["zh"]`` cannot disagree.

Parts: :mod:`.stages` (the re-tests, in order), :mod:`.trial` (a request re-placed
alone), :mod:`.phrases` (names, weeks and counts for sentences), :mod:`.facts` (what the
schedule holds and who holds it), :mod:`.static_reasons` (reasons whatever the schedule),
:mod:`.explainer` (the reason and its sentence: :class:`~.explainer.Explainer`).
"""
