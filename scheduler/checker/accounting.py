"""Rules 13-14 [required, unmet]: what the schedule lacks is what it says it lacks."""

from __future__ import annotations

import re
from collections import defaultdict

from scheduler.checker.context import Context
from scheduler.checker.wording import plural
from scheduler.evaluate import missing_of, scheduled_counts
from scheduler.models import RequestKind, Status, UnmetReason


def check_required_and_unmet(ctx: Context) -> None:
    """Rules 13-14: required requests met in an optimal or feasible answer, one correct
    ``unmet`` entry per request not met in full, codes that fit the status, and
    ``conflicts`` that name scenario items and explain an infeasible answer.
    """
    sch, lk = ctx.schedule, ctx.lookup
    counts = scheduled_counts(lk, sch)
    entries: dict[str, list[int]] = defaultdict(list)
    for i, u in enumerate(sch.unmet):
        entries[u.request].append(i)
    binding = sch.status in (Status.OPTIMAL, Status.FEASIBLE)
    for req in ctx.scenario.requests:
        missing = missing_of(lk, req, counts)
        unit = "person" if req.kind is RequestKind.INTERNSHIP else "session"
        mine = entries.get(req.id, [])
        if binding and req.required and missing:
            ctx.report(
                "required",
                f"unmet[{mine[0]}]" if mine else "unmet",
                f"request {req.id} is required, but the {sch.status.value} schedule "
                f"misses {plural(missing, unit)} of it",
            )
        if not missing:
            for i in mine:
                ctx.report(
                    "unmet",
                    f"unmet[{i}]",
                    f"request {req.id} is met in full, yet listed as unmet",
                )
            continue
        if not mine:
            ctx.report(
                "unmet",
                "unmet",
                f"request {req.id} misses {plural(missing, unit)} and has no unmet entry",
            )
            continue
        first = sch.unmet[mine[0]]
        if first.missing != missing:
            ctx.report(
                "unmet",
                f"unmet[{mine[0]}].missing",
                f"request {req.id}: the entry says {plural(first.missing, unit)} "
                f"missing, the schedule lacks {missing}",
            )
        for i in mine[1:]:
            ctx.report(
                "unmet",
                f"unmet[{i}]",
                f"request {req.id} has more than one unmet entry",
            )
    for i, u in enumerate(sch.unmet):
        if not (u.message or "").strip():
            ctx.report(
                "unmet", f"unmet[{i}].message", f"request {u.request}: no sentence for people"
            )
    _check_reasons(ctx, counts)
    if sch.status is Status.INFEASIBLE:
        required = [r for r in ctx.scenario.requests if r.required]
        if required and not any(missing_of(lk, r, counts) for r in required):
            ctx.report(
                "required",
                "status",
                "infeasible, yet the schedule meets every required request in full: it "
                "shows the requirements can hold together",
            )
        if not sch.conflicts:
            ctx.report(
                "unmet",
                "conflicts",
                "an infeasible schedule must explain which requirements conflict",
            )
        if not any(r.required for r in ctx.scenario.requests):
            ctx.report(
                "unmet",
                "status",
                "infeasible, but no request is required: only required requests can conflict",
            )
    for i, c in enumerate(sch.conflicts or []):
        for k, item in enumerate(c.items):
            if not _names_an_item(ctx, item):
                ctx.report(
                    "unmet", f"conflicts[{i}].items[{k}]", f"{item!r} names no item of the scenario"
                )


def _check_reasons(ctx: Context, counts: dict[str, int]) -> None:
    """Codes that contradict the answer they stand in (``docs/reasons.md``): ``infeasible``
    outside an infeasible answer, ``time_limit`` in an optimal one, ``no_resource`` (no
    resource could ever hold it) for a request the schedule holds some of."""
    status = ctx.schedule.status
    for i, u in enumerate(ctx.schedule.unmet):
        if u.reason is UnmetReason.INFEASIBLE and status is not Status.INFEASIBLE:
            problem = f"'infeasible' explains only an infeasible answer, not a {status.value} one"
        elif u.reason is UnmetReason.TIME_LIMIT and status is Status.OPTIMAL:
            problem = "'time_limit' in an optimal answer: no search was cut short"
        elif u.reason is UnmetReason.NO_RESOURCE and counts.get(u.request, 0) > 0:
            unit = "session" if ctx.lookup.session_request(u.request) else "placement"
            problem = (
                "'no_resource' says no resource can ever hold it, yet the schedule holds "
                f"{plural(counts[u.request], unit)} of it"
            )
        else:
            continue
        ctx.report("unmet", f"unmet[{i}].reason", f"request {u.request}: {problem}")


#: ``requests[3]``, optionally followed by a field path (``requests[3].window``)
_ITEM = re.compile(r"([a-z_]+)\[(\d+)\](?:\..+)?")
_LISTS = ("sites", "travel", "institutions", "resources", "instructors", "cohorts", "requests")


def _names_an_item(ctx: Context, item: str) -> bool:
    found = _ITEM.fullmatch(item)
    if found is None or found.group(1) not in _LISTS:
        return False
    return int(found.group(2)) < len(getattr(ctx.scenario, found.group(1)))
