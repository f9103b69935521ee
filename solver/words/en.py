"""English templates: the words of ``message``, which the spec and other tools read.

Changing one changes every schedule's ``message``; keep them as they are unless the
sentence itself is wrong.
"""

from __future__ import annotations

TEMPLATES: dict[str, str] = {
    # separators and lists
    "sep_list": ", ",
    "sep_and": " and ",
    "sep_clause": "; ",
    "ids_more": "{ids} and {n} more",
    "top_more": "{names} and {n} other request{s}",
    "internship_id": "internship {id}",
    "paren": " ({x})",
    # times
    "when": "week {week}, {day}, slot {slot}",
    "day_1": "Mon",
    "day_2": "Tue",
    "day_3": "Wed",
    "day_4": "Thu",
    "day_5": "Fri",
    "day_6": "Sat",
    "day_7": "Sun",
    "day_n": "day {day}",
    "possible_weeks": " (possible weeks: {weeks})",
    # how much fits
    "sessions_fit": "only {fit} of {n} sessions fit",
    "no_session_fits": "no session fits",
    "tail": "; {also}, {some}",
    # trade_off
    "fits_sessions": "it would fit on its own ({n} session{s} against the final schedule)",
    "fits_internship": "it would fit on its own ({headcount} interns for {weeks} weeks)",
    "trade_off_search": "{fits} and raise the objective by {change:,.0f}; the search ended first",
    "time_limit_search": (
        "{fits} and raise the objective by {change:,.0f}; the search stopped at its limit "
        "before booking it"
    ),
    "trade_off_penalty": (
        "{fits}, but booking it there would cost more in penalties{why} than its demand is "
        "worth under the scenario's weights (objective {change:+,.0f})"
    ),
    "trade_off_tie": (
        "{fits}, but booking it there would cost as much in penalties{why} as its demand is "
        "worth under the scenario's weights (objective +0): the schedule scores the same "
        "either way"
    ),
    "left_out_search": (
        "; {n} more session{s} would fit against the final schedule and raise the objective "
        "by {change:,.0f}; the search ended first"
    ),
    "left_out_time_limit": (
        "; {n} more session{s} would fit against the final schedule and raise the objective "
        "by {change:,.0f}; the search stopped at its limit before booking more"
    ),
    "left_out_penalty": (
        "; {n} more session{s} would fit against the final schedule, but would cost more in "
        "penalties{why} than their demand is worth under the scenario's weights "
        "(objective {change:+,.0f})"
    ),
    "left_out_tie": (
        "; {n} more session{s} would fit against the final schedule, at a cost in "
        "penalties{why} as large as their demand is worth under the scenario's weights "
        "(objective +0)"
    ),
    "term_cost": "{term} +{value:,}",
    "term_preference_misses": "preference misses",
    "term_extra_resources": "extra resources",
    "term_travel_minutes": "travel minutes",
    "term_overflow_person_slots": "people over capacity (per slot)",
    "term_missing_days": "missing days",
    "term_isolated_sessions": "isolated sessions",
    # no_resource
    "no_post": ("no internship post matches {id} (features, candidate list, open_to of the hosts)"),
    "posts_too_small": (
        "the matching posts ({posts}) take only {room} of the {headcount} interns at once"
    ),
    "no_resource": (
        "no resource matches {id}: none has the needed kind and features, is on its "
        "candidate list, is open to {institutions} and holds its {headcount} people{one_room}"
    ),
    "in_one_room": " in one room",
    "split_too_small": (
        "the matching resources ({resources}) hold only {room} of the {headcount} people "
        "even all together"
    ),
    # the first stage that takes sessions away
    "window_no_start": (
        "the window, closed days and the availability of {cohorts} leave no start time: {some}"
    ),
    "window_too_little": (
        "the window, closed days and the availability of {cohorts} and of {resources}"
        "{owners} leave too little room: {some}{where}"
    ),
    "owners_keep": " (and the times their owners keep for their own cohorts, 'owner_windows')",
    "precedence": "{order}; {some} in between",
    "conflict": "{cohorts} {be} busy whenever a matching resource is free{busy}: {some}",
    "cohorts_is": "is",
    "cohorts_are": "are",
    "busy_with": " (with {who})",
    "capacity": (
        "every candidate ({resources}) is occupied whenever {cohorts} could come{taken}: {some}"
    ),
    "taken_comma": ", by {who}",
    "instructor_none": "no instructor has the skills and is on the list {id} asks for",
    "instructor_never": (
        "no qualified instructor ({instructors}) is available for a whole session at any "
        "time it could take place, whatever else is booked"
    ),
    "instructor": (
        "no qualified instructor ({instructors}) is available, free and under the weekly load "
        "when room and cohort are free: {some}"
    ),
    "travel": (
        "the travel time between sites{trip} leaves no gap on the days room, cohort and "
        "instructor are free: {some}"
    ),
    "travel_no_instructor": (
        "the travel time between sites{trip} leaves no gap on the days room and cohort are "
        "free: {some}"
    ),
    "trip": " (at least {minutes} minutes, as from {a} to {b})",
    "trip_no_path": " ({a} and {b} have no path between them)",
    "pattern": "single sessions would fit, but {some} {shape}{order}",
    "pattern_cut": ", as {why}",
    "cut_cohort": "{cohorts} {be} busy where more sessions in its pattern would go{busy}",
    "cut_resources": (
        "the candidates ({resources}) are taken where more sessions in its pattern would go{by}"
    ),
    "cut_instructors": (
        "the instructors ({instructors}) are busy or at their weekly load where more sessions "
        "in its pattern would go"
    ),
    # later stages, in the sentence's tail
    "also_must": "and must {clauses}",
    "also_order_binds": "and its order constraints bind",
    "also_conflict": "counting the other sessions of {cohorts} too{by}",
    "busy_with_also": " (busy with {who})",
    "also_capacity": "counting the bookings of {resources} too{by}",
    "taken_by": " (taken by {who})",
    "also_instructor": "counting the instructors ({instructors}) too",
    "also_travel": "counting the travel between sites too{trip}",
    "also_pattern": "keeping to its pattern ({shape}){order}",
    # patterns
    "shape_weekly": "on one day and slot in consecutive weeks",
    "shape_block": "on consecutive open days",
    "shape_max": "at most {n} a week",
    "shape_apart": "{n} days apart",
    "shape_any": "in its pattern",
    # internships
    "intern_window": (
        "no run of {weeks} consecutive weeks lies in the window, in the availability of "
        "cohort {cohorts} and in that of enough posts ({posts}){owners}{closed}"
    ),
    "intern_closed_week": "; week {weeks} is closed throughout (nobody trains in it)",
    "intern_closed_weeks": "; weeks {weeks} are closed throughout (nobody trains in them)",
    "intern_precedence": "{order}; no run of {weeks} weeks fits in between",
    "intern_conflict": (
        "{cohorts} has sessions or another internship in every possible run of {weeks} weeks{busy}"
    ),
    "intern_capacity": "the posts ({posts}) are full in every possible run{by}",
    # precedence
    "must": "it must {clauses}",
    "order_binds": "its order constraints bind",
    "after_clause": "start after {id} ends ({when})",
    "before_clause": "end before {id} starts ({when})",
    # a re-solve that keeps the past (solver/kept_past/)
    "kept": (
        "it is kept as published because {why}: a re-solve changes nothing before week "
        "{week}, day {day}, and adds to a request under way only where its rules allow"
    ),
    "kept_run": "its {pattern} run is under way",
    "kept_before": "{id}, which comes after it, is under way",
    # infeasible scenarios (solver/cpsat/conflicts/)
    "core": (
        "Required requests {names} cannot all be met in full: {parts}. Relax one of them "
        "(make it optional, widen its window or add a resource) and solve again; the "
        "requests still required may then conflict in another way."
    ),
    "count_cohort": (
        "they all take cohort {names}, which attends one session at a time and is free "
        "for {room} slot(s) where they can run ({span}), against the {need} slot(s) they "
        "ask for"
    ),
    "count_resource": (
        "they can only use {names}, which holds one session at a time and has {room} open "
        "slot(s) where they can run ({span}), against the {need} slot(s) they ask for"
    ),
    "count_resources": (
        "they can only use {names}, which hold one session at a time each and have {room} "
        "open slot(s) in all where they can run ({span}), against the {need} slot(s) they "
        "ask for"
    ),
    "count_shared": (
        "they can only use {names}, shared by at most {capacity} people at once, so it "
        "holds at most {at_once} of their sessions at a time (the smallest brings "
        "{smallest}): {room} session-slot(s) where they can run ({span}), against the "
        "{need} slot(s) they ask for"
    ),
    "count_instructor": (
        "their only instructor, {names}, can teach {room} slot(s) where they can run "
        "({span}; availability and weekly limit), against the {need} slot(s) they ask for"
    ),
    "count_instructors": (
        "their only instructors, {names}, can teach {room} slot(s) in all where they can "
        "run ({span}; availability and weekly limits), against the {need} slot(s) they "
        "ask for"
    ),
    "core_cohorts": "they share cohorts {names}, each attending one session at a time",
    "core_weekly_limit": "{name} teaches at most {most} slot(s) a week",
    "core_compete": "{ids} {both} compete for {res} ({kind}) in {span}",
    "core_competes": "{ids} {both} compete for {res} ({kind} each) in {span}",
    "core_resources": "{ids} {both} can only use {res} ({kind} each) in {span}",
    "core_bases": (
        "{ids} {both} {verb} {res} in {span}, shared by at most {capacity} people at once; "
        "their sessions bring {sizes}"
    ),
    "core_only_use": "can only use",
    "core_compete_for": "compete for",
    "core_patterns": "their patterns bind ({items})",
    "core_pat_weekly": "{id} weekly, at one day and slot",
    "core_pat_block": "{id} on consecutive open days",
    "core_pat_max": "{id} at most {n} a week",
    "core_pat_apart": "{id} at least {n} day(s) apart",
    "core_pat_split": (
        "{id} over several resources at once, {people} people and at most {most} in one"
    ),
    "core_names": "{first} and {last}",
    "core_no_week": "no week",
    "core_week": "week {a}",
    "core_weeks": "weeks {a}-{b}",
    "core_weekly": "weekly",
    "core_block": "block",
    "core_pattern": "{p}",
    "core_need_internship": "{weeks} week(s) of internship for {headcount} people",
    "core_need": "{n} session(s) of {d} slot(s){pattern}",
    "core_cohort": (
        "{ids} {both} take cohort {names}, which attends one session at a time "
        "({need} slot(s) of sessions in all)"
    ),
    "core_intern_takes": "internship {id} takes every slot of {names} for {weeks} week(s)",
    "core_travel": (
        "their resources lie at different sites ({sites}), at least {minutes} minutes apart"
    ),
    "core_no_path": "their resources lie at sites with no path between them ({sites})",
    "core_split_sites": (
        "{id} runs its parts at once in resources at {sites} (up to {minutes} minutes apart), "
        "and an instructor on any part counts as at every site of the session"
    ),
    "core_split_no_path": (
        "{id} runs its parts at once in resources at {sites}, some with no path between "
        "them, and an instructor on any part counts as at every site of the session"
    ),
    "core_instructors": "they need the same instructors ({names})",
    "core_after": "the order required by 'after' on {names} leaves no room",
    "core_exclusive": "their patterns, windows and candidates exclude each other",
    "core_posts": (
        "{ids} {both} {verb} posts {res} in {span} ({capacity} place(s) a week); they bring "
        "{sizes} interns for {weeks} week(s)"
    ),
    "core_exclusive_room": "one session at a time",
    "core_resource": "{ids} {both} need {res} ({kind}) in {span}",
    "core_slots": (
        ", where their windows leave {free} open slot(s) for the {need} slot(s) they ask for"
    ),
    "alone_no_post": "Required internship {id} has no matching internship post.",
    "alone_no_run": (
        "Required internship {id} needs {weeks} consecutive week(s) but its window has no such run."
    ),
    "alone_posts": (
        "Required internship {id} needs {need} but its posts ({posts}) hold {cap} a week at "
        "most in the weeks it may use."
    ),
    "alone_no_resource": "Required request {id} has no resource that matches it.",
    "alone_no_instructor": "Required request {id} has no instructor with the skills it needs.",
    "alone_no_start": (
        "Required request {id} has no start time: its window, its cohorts' availability and "
        "its resources' availability never meet."
    ),
    "alone_too_few": (
        "Required request {id} cannot fit {need} into {span} on {resources}: only {starts} "
        "start time(s) on {days} day(s) are open to it{instructors}{split}."
    ),
    "alone_split": (
        "; its {people} people fit in none of its resources alone (at most {most} in one), "
        "so each session needs several of them free at the same time"
    ),
    "alone_instructors": (
        ", and its instructors' availability, weekly load or travel cut that further"
    ),
    "alone_instructor_facts": "{available}{limits}",
    "alone_taught": "; its instructors ({names}) are available for a whole session at {n} of them",
    "alone_limits": "; weekly limits: {items} (travel may cut that further)",
    "alone_limit": "{name} teaches at most {most} slot(s) a week",
    "in_core": "Part of the set of required requests that cannot all hold (see conflicts).",
    "in_core_why": (
        "Part of a set of required requests that cannot all hold (see conflicts); in this "
        "schedule, {why}"
    ),
    "outside_core": (
        "Nothing is scheduled: the required requests cannot all hold (see conflicts)."
    ),
    # infeasible answers
    "nothing_held": ("the required requests cannot all hold; nothing is scheduled (see conflicts)"),
    "required_short": (
        "required request {id} does not fit around the published schedule in full: {message}"
    ),
    # what relaxing an extra request would give (solver/insert.py)
    "offer": "{how}: {what} {where}",
    "offer_weeks": "outside the requested window",
    "offer_resources": "in another resource with the same features",
    "offer_weeks_and_resources": "in other resources and weeks",
    "offer_sessions": "{n} more session{s}",
    "offer_internship": "the internship for all {n} interns",
    "offer_where": "in {resources}, week{s} {weeks}",
    # greedy
    "unproven": (
        "Required, but first-come-first-served booking could not meet it in full; whether "
        "any schedule can is not known (the cpsat solver finds out). "
    ),
    "unproven_rest": (
        "Required, and in no conflict found; the time left once the conflicts were found "
        "did not settle whether it can be met in full beside the rest (a longer time "
        "limit may tell). "
    ),
    "unproven_fallback": (
        "Required, but the CP-SAT search gave no answer in time and the first-come-first-"
        "served booking returned instead could not meet it in full; whether any schedule "
        "can is not known (a longer time limit may tell). "
    ),
}
