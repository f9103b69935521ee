"""A term composed and checked with the CLI's validation: after a change (only the
changing institution's part and what it names), whole for a solve, or with an extra
request on the published scenario. Each caller reads only its own problems, things
named and ids as it sees them.
"""

from __future__ import annotations

from typing import Any

from api.compose import Item, compose, item_ids, qualify, redact, relocate
from api.db.models import Term
from api.errors import ApiError, path_to_loc
from api.refusal_naming import Naming
from api.refusal_words import worded
from api.schemas import Message
from api.security import Principal, Role
from api.workflow import institutions_of
from scheduler.error_messages import counted_words, grouping
from scheduler.io import load_scenario_with_warnings
from scheduler.issues import Issue, ScenarioError
from scheduler.models import Scenario

#: Checks of a change against a term that moved meanwhile, before giving up (409).
CHECK_ATTEMPTS = 3


def scope(
    cohorts: list[Item], requests: list[Item], institution: str
) -> tuple[list[Item], list[Item]]:
    """One institution's items and whatever they refer to (a planner's joint request may
    name other institutions' cohorts): enough to check a change of that institution.

    Validation costs grow with the whole term (seconds for hundreds of requests), while
    a change can only break the changed institution's items and their references; the
    whole term is validated again when the planner solves it.
    """
    by_id_c = {qualify(c.institution, c.local_id): c for c in cohorts}
    by_id_r = {qualify(r.institution, r.local_id): r for r in requests}
    keep_r = {k: r for k, r in by_id_r.items() if r.institution == institution}
    keep_c = {k: c for k, c in by_id_c.items() if c.institution == institution}
    todo = list(keep_r.values())
    while todo:
        r = todo.pop()
        doc = r.document
        refs = [doc.get("cohort")] + list(doc.get("cohorts") or [])
        for ref in filter(None, refs):
            q = qualify(r.institution, ref)
            if q in by_id_c:
                keep_c.setdefault(q, by_id_c[q])
        for ref in doc.get("after") or []:
            q = qualify(r.institution, ref)
            if q in by_id_r and q not in keep_r:
                keep_r[q] = by_id_r[q]
                todo.append(by_id_r[q])
    return list(keep_c.values()), list(keep_r.values())


def check_composition(
    term: Term,
    cohorts: list[Item],
    requests: list[Item],
    who: Principal,
    focus: tuple[str, str, str] | None,
    status: int = 422,
    institution: str | None = None,
) -> list[Message]:
    """Validate the term as it would be after a change; raise on errors.

    With ``institution``, only that institution's part (:func:`scope`) is checked.
    Only problems with the caller's own items are reported to an institution (others'
    problems are theirs, and naming them would leak them); ids lose the caller's prefix.
    Returns the warnings, filtered the same way.
    """
    return _check(term, cohorts, requests, who, focus, status, institution)[0]


def _check(
    term: Term,
    cohorts: list[Item],
    requests: list[Item],
    who: Principal,
    focus: tuple[str, str, str] | None,
    status: int,
    institution: str | None,
) -> tuple[list[Message], Scenario | None, dict[str, Any]]:
    others: set[str] = set()
    if institution is not None:
        everything = cohorts, requests
        cohorts, requests = scope(cohorts, requests, institution)
        if who.role is Role.INSTITUTION:
            cohorts, requests, others = _with_joint_requests(*everything, cohorts, requests)
    data, cohort_ids, request_ids = compose(term.base, cohorts, requests)
    scenario: Scenario | None = None
    try:
        scenario, warnings = load_scenario_with_warnings(data)
        errors: list[Issue] = []
    except ScenarioError as e:
        errors, warnings = e.issues, e.warnings
    known, ids = institutions_of(term), item_ids(data)
    naming = Naming(data)  # refusals name things as the explanations do
    joint = _joint_warnings([*errors, *warnings], request_ids, others, who, known, ids, naming)
    shown_errors = _shown(errors, cohort_ids, request_ids, who, focus, known, ids, naming)
    if shown_errors:
        n = len(shown_errors)
        raise ApiError(
            status,
            f"rejected: {n} problem{'s' if n != 1 else ''}",
            [
                {
                    "loc": (["body"] if in_body else ["term"]) + path_to_loc(p),
                    "path": p,
                    "msg": m,
                    "messages": others_,
                }
                for p, m, others_, in_body in shown_errors
            ],
        )
    seen = _shown(warnings, cohort_ids, request_ids, who, focus, known, ids, naming)
    return _counted_runs(seen) + joint, scenario, data


def _counted_runs(seen: list[tuple[str, str, dict[str, str], bool]]) -> list[Message]:
    """The warnings ``seen`` as messages, those of one kind on one list after the first few
    counted in both languages (:func:`scheduler.error_messages.grouping`), as ``trainshare
    validate`` prints them: 2,000 repeats of one ``after`` answered 1,999 warnings."""
    issues = [Issue(p, m) for p, m, _, _ in seen]
    out = []
    for x in grouping(issues):
        if isinstance(x, int):
            p, m, others_, _ = seen[x]
            out.append(Message(path=p, msg=m, messages=others_ or None))
            continue
        first, last = seen[x.first][0], seen[x.last][0]
        zh = seen[x.first][2].get("zh", seen[x.first][1])
        words = {"zh": f"另有 {x.n:,} 项同类警告（{first} 至 {last}），第一项：{zh}"}
        out.append(Message(path=x.path, msg=counted_words(x, issues), messages=words))
    return out


def _with_joint_requests(
    all_cohorts: list[Item], all_requests: list[Item], cohorts: list[Item], requests: list[Item]
) -> tuple[list[Item], list[Item], set[str]]:
    """Add other institutions' requests that name the scoped cohorts (a planner's joint
    request in another space) with their cohorts, so that a change which breaks them is
    seen; returns their qualified ids too. Their own ``after`` chains are left out: only
    what the change can touch is checked."""
    scoped = frozenset(qualify(c.institution, c.local_id) for c in cohorts)
    mine = set(scoped)  # grows with the joint requests' other cohorts, added once each
    have_r = {qualify(r.institution, r.local_id) for r in requests}
    by_id_c = {qualify(c.institution, c.local_id): c for c in all_cohorts}
    added: list[Item] = []
    for r in all_requests:
        q = qualify(r.institution, r.local_id)
        doc = r.document
        refs = {
            qualify(r.institution, x) for x in [doc.get("cohort"), *(doc.get("cohorts") or [])] if x
        }
        # only requests naming the scoped cohorts: a joint request's other cohorts must
        # not pull in their own institution's requests (an enterprise was warned about
        # a college's private request on the college's cohort; an API audit)
        if q in have_r or not refs & scoped or doc.get("after"):
            continue
        added.append(r)
        for ref in sorted(refs - mine):  # a set of strings: its order differs per process
            if ref in by_id_c:
                cohorts = [*cohorts, by_id_c[ref]]
                mine.add(ref)
    return cohorts, [*requests, *added], {qualify(r.institution, r.local_id) for r in added}


def _joint_warnings(
    issues: list[Issue],
    request_ids: list[tuple[str, str]],
    joint: set[str],
    who: Principal,
    institutions: list[str],
    ids: frozenset[str] = frozenset(),
    naming: Naming | None = None,
) -> list[Message]:
    """Problems of another institution's joint request that names the caller's cohorts,
    as warnings to the caller (redacted): the change is the caller's to make, the request
    is not theirs to mend, and the planner sees it in full when the term is solved."""
    out = []
    for issue in issues:
        if not issue.path.startswith("requests["):
            continue
        index = issue.path[len("requests[") : issue.path.index("]")]
        if not (index.isascii() and index.isdigit()) or int(index) >= len(request_ids):
            continue
        owner, local_id = request_ids[int(index)]
        if qualify(owner, local_id) not in joint or owner == who.institution:
            continue
        msg, messages = worded(issue.message, naming) if naming else (issue.message, {})
        hidden = redact(
            {"msg": msg, "messages": messages}, who.institution or "", institutions, ids=ids
        )
        zh = hidden["messages"].get("zh")
        out.append(
            Message(
                path="",
                msg="a joint request of another institution that includes your cohort(s) "
                f"has a problem with this change (the planner sees it when solving): "
                f"{hidden['msg']}",
                messages={
                    "zh": "其他单位一项包含贵单位班级的联合需求因此次修改出现问题"
                    f"（排程管理员求解时会看到）：{zh}"
                }
                if zh
                else None,
            )
        )
    return out


def _shown(
    issues: list[Issue],
    cohort_ids: list[tuple[str, str]],
    request_ids: list[tuple[str, str]],
    who: Principal,
    focus: tuple[str, str, str] | None,
    institutions: list[str],
    ids: frozenset[str] = frozenset(),
    naming: Naming | None = None,
) -> list[tuple[str, str, dict[str, str], bool]]:
    """The ``issues`` the caller may read: (path, sentence, its other languages, whether
    the path is in the body), an institution's redacted, things named (``naming``)."""
    out = []
    for issue in issues:
        if who.role is Role.INSTITUTION:
            owner = _owner(issue.path, cohort_ids, request_ids)
            if owner != who.institution:
                continue
        path, in_body = relocate(
            issue.path, cohort_ids, request_ids, focus, who.role is not Role.INSTITUTION
        )
        msg, messages = worded(issue.message, naming) if naming else (issue.message, {})
        if who.role is Role.INSTITUTION:
            hidden = redact(
                {"msg": msg, "messages": messages}, who.institution or "", institutions, ids=ids
            )
            msg, messages = hidden["msg"], hidden["messages"]
        out.append((path, msg, messages, in_body))
    return out


def _owner(path: str, cohort_ids: list[tuple[str, str]], request_ids: list[tuple[str, str]]) -> str:
    for kind, ids in (("cohorts[", cohort_ids), ("requests[", request_ids)):
        if path.startswith(kind):
            index = path[len(kind) : path.index("]")]
            if index.isascii() and index.isdigit() and int(index) < len(ids):
                return ids[int(index)][0]
    return ""


def term_scenario(
    term: Term, cohorts: list[Item], requests: list[Item], who: Principal
) -> tuple[Scenario, dict[str, Any]]:
    """The whole term, its items as read (:mod:`api.snapshots`), as a validated scenario
    for a solve; 422 with every problem."""
    _, scenario, data = _check(term, cohorts, requests, who, None, 422, None)
    if scenario is None:  # errors hidden from this caller: not the caller's to fix
        raise ApiError(409, "the term does not validate; the planner must fix it")
    return scenario, data


def check_extra(
    scenario: dict[str, Any], qualified: dict[str, Any], who: Principal, institutions: list[str]
) -> dict[str, Any]:
    """The published scenario with the extra request appended, validated; 422 on its errors.

    The published part was valid when it was solved, so only the new request's problems
    are reported (relative to the body).
    """
    requests = [*scenario.get("requests", []), qualified]
    data = {**scenario, "requests": requests}
    # Check the new request with only what it refers to (fast on a large term): the
    # requests it comes after, theirs in turn (a second link read as an unknown request
    # and refused a valid extra as "no longer validates"), and their cohorts.
    by_id = {r["id"]: r for r in scenario.get("requests", [])}
    needed: list[dict[str, Any]] = []
    todo = [a for a in qualified.get("after") or [] if a in by_id]
    seen = set(todo)
    while todo:
        r = by_id[todo.pop()]
        needed.append(r)
        for a in r.get("after") or []:
            if a in by_id and a not in seen:
                seen.add(a)
                todo.append(a)
    position = {rid: n for n, rid in enumerate(by_id)}
    needed.sort(key=lambda r: position[r["id"]])
    names = {qualified.get("cohort"), *(qualified.get("cohorts") or [])}
    for r in needed:
        names |= {r.get("cohort"), *(r.get("cohorts") or [])}
    part = {
        **scenario,
        "cohorts": [c for c in scenario.get("cohorts", []) if c["id"] in names],
        "requests": [*needed, qualified],
    }
    prefix = f"requests[{len(needed)}]"
    try:
        load_scenario_with_warnings(part)
    except ScenarioError as e:
        own = [i for i in e.issues if i.path == prefix or i.path.startswith(prefix + ".")]
        if not own:
            raise ApiError(
                409, "the published scenario no longer validates; ask the planner"
            ) from None
        naming = Naming(data)  # refusals name things as the explanations do
        items = []
        for i in own:
            msg, messages = worded(i.message, naming)
            said: dict[str, Any] = {"msg": msg, "messages": messages}
            if who.role is Role.INSTITUTION:
                said = redact(said, who.institution or "", institutions, ids=item_ids(data))
            path = i.path[len(prefix) :].lstrip(".")
            items.append({"loc": ["body", *path_to_loc(path)], "path": path, **said})
        raise ApiError(
            422, f"request rejected: {len(own)} problem{'s' if len(own) != 1 else ''}", items
        ) from None
    return data
