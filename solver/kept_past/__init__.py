"""Re-solving mid-term: what has happened stays as published, the rest is planned on.

A re-solve in week 13 must not move a session of week 2, nor book a new one there.
:func:`keep_past` turns the problem, a published reference and the first day that may
still change into the problem a solver sees:

- a request *under way* (a reference session, or an internship begun, before that day)
  keeps its published timetable, future sessions included: its patterns, weekly caps,
  spacing and ``after`` links were met by that timetable and are kept met by keeping
  it. So do the requests it comes ``after`` (adding to one now would break the link).
  Each of its sessions becomes a one-session required request that can only start
  where it was, in its published resources, with its published instructors (an
  internship: its week and posts), with its cohorts' people as they are now. A
  ``free`` one may gain its missing sessions from the day on, as a request kept clear
  of its published sessions' weeks (under a weekly cap) and days (``min_days_apart``);
  a weekly or block run may go on in its next cells (one the changed term allows none
  of starts afresh from the day, nothing of it being kept); otherwise what it missed stays
  missing, as a request that can never be placed, so each institution's demand, and so
  fairness, are unchanged;
- every other request keeps its rules and may start only from that day on.

:meth:`KeptPast.restore` maps the answer back onto the problem's requests with the kept
bookings exactly as published (the solver may have split a session's people or an
internship's interns otherwise), the solver's other bookings where they still fit
beside them, and greedy booking of what is left.

Parts: :mod:`.keep` (:func:`~.keep.keep_past`), :mod:`.kept` (:class:`~.kept.KeptPast`
and its answer read back), :mod:`.pieces` (the requests cut from the originals),
:mod:`.headcounts` (published bookings for the cohorts' people now), :mod:`.reasons`
(what a kept request misses, and why).
"""
