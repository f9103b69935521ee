"""The term workflow's shared rules: who may see a term, composing and checking it,
and the effective schedule of a published version (the version plus its amendments)."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session
from sqlalchemy.orm.interfaces import ORMOption

from api import restated
from api.compose import Item, compose, item_ids, qualify, redact, relocate
from api.db.models import Amendment, ScheduleVersion, Term, TermCohort, TermRequest
from api.errors import ApiError, not_found, path_to_loc
from api.refusal_naming import Naming
from api.refusal_words import worded
from api.schemas import Message
from api.security import Principal, Role
from scheduler.calendar import day_of_date, day_words, term_days
from scheduler.io import Issue, ScenarioError, load_scenario_with_warnings
from scheduler.models import Calendar, Scenario


def institutions_of(term: Term) -> list[str]:
    """Ids of the institutions the term's base lists: who may take part in it."""
    return [i["id"] for i in term.base.get("institutions", [])]


def term_institutions(db: Session) -> set[str] | None:
    """Every institution some term lists; None while there is no term (a key made for an
    institution no term lists sees nothing, so its maker is warned).

    Only each base's ``institutions`` list is read: a base is megabytes on a large term
    (its resources and calendar), and making a key loaded every term's whole."""
    lists = db.scalars(select(Term.base["institutions"])).all()
    if not lists:
        return None
    return {i["id"] for listed in lists for i in listed or []}


def get_term(db: Session, term_id: int, who: Principal) -> Term:
    """The term, or 404; an institution sees only terms it takes part in."""
    term = db.get(Term, term_id)
    if term is None:
        raise not_found("term")
    if who.role is Role.INSTITUTION and who.institution not in institutions_of(term):
        raise not_found("term")
    return term


def check_institution(term: Term, institution: str, who: Principal, write: bool) -> None:
    """May ``who`` read (or write) ``institution``'s submissions in ``term``?

    Another institution's space answers 404 like a missing one, so its existence is not
    revealed; viewers never write (403); institutions write only while the term is open.
    """
    if institution not in institutions_of(term) or not who.may_see_institution(institution):
        raise not_found("institution")
    if write:
        if who.role is Role.VIEWER:
            raise ApiError(403, "viewer keys are read-only")
        if who.role is Role.INSTITUTION and term.status != "open":
            raise ApiError(409, "submissions to this term are closed")


def items(db: Session, term_id: int) -> tuple[list[Item], list[Item]]:
    """Every cohort and request submitted to the term, as detached :class:`Item` copies."""
    cohorts = db.scalars(select(TermCohort).where(TermCohort.term_id == term_id))
    requests = db.scalars(select(TermRequest).where(TermRequest.term_id == term_id))
    return [Item.of(c) for c in cohorts], [Item.of(r) for r in requests]


#: Checks of a change against a term that moved meanwhile, before giving up (409).
CHECK_ATTEMPTS = 3


def items_stamp(db: Session, term_id: int) -> tuple[tuple[Any, ...], ...]:
    """How many cohorts and requests the term has and when the latest changed: a change
    checked against its submissions is stale once this moves (checks take seconds on a
    large term, and another write may land meanwhile)."""
    return tuple(
        tuple(
            db.execute(
                select(func.count(), func.max(table.updated_at)).where(table.term_id == term_id)
            ).one()
        )
        for table in (TermCohort, TermRequest)
    )


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
    shown_warnings = [
        Message(path=p, msg=m, messages=others_ or None)
        for p, m, others_, _ in _shown(
            warnings, cohort_ids, request_ids, who, focus, known, ids, naming
        )
    ]
    return shown_warnings + joint, scenario, data


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


# --------------------------------------------------------------------------- versions


def latest_version_ref(db: Session, term_id: int) -> tuple[int, int] | None:
    """(id, number) of the newest version, without loading its documents."""
    row = db.execute(
        select(ScheduleVersion.id, ScheduleVersion.number)
        .where(ScheduleVersion.term_id == term_id)
        .order_by(ScheduleVersion.number.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else None


def latest_version(db: Session, term_id: int, *options: ORMOption) -> ScheduleVersion | None:
    """The term's newest version with its documents (but those ``options`` defer), or None
    before the first is published (:func:`latest_version_ref` skips the documents).
    """
    return db.scalar(
        select(ScheduleVersion)
        .options(*options)
        .where(ScheduleVersion.term_id == term_id)
        .order_by(ScheduleVersion.number.desc())
        .limit(1)
    )


def get_version(db: Session, term: Term, number: int) -> ScheduleVersion:
    """Version ``number`` of ``term``, or 404."""
    v = db.scalar(
        select(ScheduleVersion).where(
            ScheduleVersion.term_id == term.id, ScheduleVersion.number == number
        )
    )
    if v is None:
        raise not_found("schedule version")
    return v


def next_version_number(db: Session, term_id: int) -> int:
    """One past the term's highest version number; two publishes at once collide on the unique
    (term, number) constraint instead of sharing it.
    """
    n = db.scalar(
        select(func.max(ScheduleVersion.number)).where(ScheduleVersion.term_id == term_id)
    )
    return (n or 0) + 1


def amendments(db: Session, version_id: int) -> list[Amendment]:
    """The version's amendments in the order they were answered (``seq``), the order in which they
    apply.
    """
    return list(
        db.scalars(
            select(Amendment).where(Amendment.version_id == version_id).order_by(Amendment.seq)
        )
    )


@dataclass(frozen=True)
class PublishedNow:
    """The latest version as institutions know it (amendments applied), and the first
    0-based term day that may still change (``day``: before it, days gone by)."""

    number: int
    scenario: dict[str, Any]
    schedule: dict[str, Any]
    calendar: Calendar
    day: int

    def before_words(self) -> str:
        """``before week 2, Tuesday (2026-09-15)``; ``before today`` once the term is over."""
        if self.day < term_days(self.calendar):
            return f"before {day_words(self.calendar, self.day)}"
        return "before today"


def published_now(db: Session, term_id: int, first_date: dt.date) -> PublishedNow | None:
    """:class:`PublishedNow` of the term, days gone by ending at ``first_date`` (the first
    bookable date), or ``None`` before the first publication."""
    latest = latest_version(db, term_id)
    if latest is None:
        return None
    scenario, schedule = effective(latest, amendments(db, latest.id))
    calendar = Calendar.model_validate(scenario["calendar"])
    day = day_of_date(calendar, first_date)
    return PublishedNow(latest.number, scenario, schedule, calendar, day)


def granted_amendments(amends: list[Amendment]) -> list[Amendment]:
    """The amendments whose bookings stand: granted in full or in part, not rejected."""
    return [a for a in amends if a.outcome != "rejected"]


def effective(
    version: ScheduleVersion, amends: list[Amendment], *, shared: bool = False
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Scenario and schedule of a version with its granted extra requests on top.

    Copies, the caller's to change; ``shared``: only the top level and the lists the
    amendments extend are new, the rest is the version's own, to read and not change
    (a deep copy of a large term's documents takes half a second). The restated figures
    (:func:`restate`) are computed once per version and granted amendments
    (:mod:`api.restated`).
    """
    scenario = effective_scenario(version, amends)
    if not shared:
        scenario = copy.deepcopy(scenario)
    schedule = dict(version.schedule) if shared else copy.deepcopy(version.schedule)
    granted = granted_amendments(amends)
    for key in ("sessions", "placements", "unmet"):
        if granted and key in schedule:
            schedule[key] = list(schedule[key])  # extended below, not the version's list
    for a in granted:
        schedule.setdefault("sessions", []).extend(a.sessions)
        schedule.setdefault("placements", []).extend(a.placements)
        if a.outcome == "partial":
            schedule.setdefault("unmet", []).extend(
                r for r in a.reasons if isinstance(r, dict) and "missing" in r
            )
    if granted:
        _restate_once(version, granted, scenario, schedule)
    return scenario, schedule


def effective_scenario(version: ScheduleVersion, amends: list[Amendment]) -> dict[str, Any]:
    """The scenario :func:`effective` gives, to read and not change: a new top level (and
    ``requests`` list, with granted extras), the rest is the version's own."""
    scenario = dict(version.scenario)
    granted = [a.request for a in granted_amendments(amends)]
    if granted:
        scenario["requests"] = [*scenario.get("requests", []), *granted]
    return scenario


def effective_bookings(
    version: ScheduleVersion, amends: list[Amendment]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The sessions and placements of :func:`effective`'s schedule, to read, not change: the
    version's own and those of its granted amendments, not copied."""
    granted = granted_amendments(amends)
    sessions = [*version.schedule.get("sessions", []), *(s for a in granted for s in a.sessions)]
    placements = [
        *version.schedule.get("placements", []),
        *(p for a in granted for p in a.placements),
    ]
    return sessions, placements


def _restate_once(
    version: ScheduleVersion,
    granted: list[Amendment],
    scenario: dict[str, Any],
    schedule: dict[str, Any],
) -> None:
    """:func:`restate`, or the figures it gave for this version and these amendments."""
    session = object_session(version)
    bind = session.get_bind() if session is not None else None
    key = (version.id, tuple(a.id for a in granted))
    if bind is None or version.id is None or any(i is None for i in key[1]):
        restate(scenario, schedule)
        return
    figures = restated.recall(bind, key)
    if figures is not None:
        schedule.update(figures)
        return
    restate(scenario, schedule)
    restated.keep(bind, key, schedule)


def restate(scenario: dict[str, Any], schedule: dict[str, Any]) -> None:
    """Objective, status and metrics of an amended schedule, recomputed in place.

    The version's figures describe the schedule as solved; granted extras change the
    demand, the fulfilment and the objective, and the solver's bound and its proof of
    optimality were for the scenario without them. The scorer is the checker's own
    (:func:`scheduler.evaluate.evaluate`), so ``trainshare check`` agrees.
    """
    from collections import Counter

    from scheduler.evaluate import evaluate
    from scheduler.io import scenario_digest
    from scheduler.models import Schedule

    model = Scenario.model_validate(scenario)
    ev = evaluate(model, Schedule.model_validate(schedule))
    if schedule.get("status") == "optimal":
        schedule["status"] = "feasible"  # optimal for the scenario as solved, not as amended
    schedule["objective"] = float(ev.objective)
    schedule["bound"] = None
    schedule["gap"] = None
    unmet = [u for u in schedule.get("unmet", []) if isinstance(u, dict)]
    metrics = {
        k: v for k, v in (schedule.get("metrics") or {}).items() if k not in ("bound", "gap")
    }
    metrics.update(
        {
            "shares": dict(ev.shares),
            "worst_share": ev.worst_share,
            "fulfilled_units": dict(ev.fulfilled_by_institution),
            "demanded_units": dict(ev.demanded_units),
            "terms": dict(ev.terms),
            "objective_recomputed": ev.objective,
            # scored with the amended scenario's weights: an extra request may raise the
            # resolved ``demand``, and ``metrics.weights`` must say what the objective used
            "weights": dict(ev.weights),
            "unmet_by_reason": dict(sorted(Counter(str(u.get("reason")) for u in unmet).items())),
            "amended": True,
            # the scenario it answers is the amended one (`check` notes any other)
            "scenario_sha256": scenario_digest(model),
        }
    )
    schedule["metrics"] = metrics


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
