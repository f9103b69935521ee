"""Why required requests cannot all hold: a small core, in a planner's words.

Each required request has one literal forcing all its sessions (or its placement).
When the model is infeasible, a model of the required requests alone is solved with
those literals as assumptions (one worker, presolve off: OR-Tools #5141) and
``sufficient_assumptions_for_infeasibility`` gives a subset that cannot hold together;
a deletion pass then drops every request the conflict does not need, while time allows.

The message names what the core's requests compete for: a resource that is a candidate
of several (with the slots they need against the slots it offers in their weeks), a
cohort they share, instructors they share; a single request that cannot fit alone is
described by its window, pattern and candidates.

Parts: :mod:`.core` (finding the core), :mod:`.describe` (its sentence),
:mod:`.pools` (the resources and posts its requests share), :mod:`.alone` (a request
that cannot fit on its own), :mod:`.naming` (names, weeks and needs in those sentences).
"""
