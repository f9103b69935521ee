"""The extra-request form: what it offers an institution (its cohorts, the term's
features, skills, teachers, labs and posts) and the request document its typed values
describe, with a message on each field it could not read.

The web page (:mod:`api.web.ask`) sends that document through the API's own path.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from api.limits import MAX_ID_CHARS, MAX_TITLE_CHARS
from api.web import grid
from scheduler.models import Calendar

#: Patterns a form may ask for (the spec's).
PATTERNS = ("free", "weekly", "block")


#: What a form may ask for: timed sessions, or an internship (the spec's request kinds).
KINDS = ("sessions", "internship")


#: Fields only a ``sessions`` request reads (the spec: an internship takes whole weeks on
#: posts, with no instructor), with the value a blank form holds.
_SESSIONS_ONLY: dict[str, Any] = {
    "sessions": "1",
    "duration": "1",
    "pattern": "free",
    "instructor_skills": [],
    "instructors": [],
    "resources": [],
}


#: Upper bound of the form's number fields (the model checks the real limits).
_MAX_NUMBER = 10_000


#: The ids :func:`new_auto_id` makes (and the clock-only ones forms showed before it).
_AUTO_ID = re.compile(r"extra-\d{8}-(?:[0-9a-f]{12}|\d{6})")


@dataclass
class AskForm:
    """What the form offers (the caller's cohorts, the term's features and skills) and
    what was typed, with a message per field that was refused (an i18n key ``form_*``
    for the form's own checks, the API's sentence for its refusals)."""

    term_id: int
    version: int
    calendar: Calendar
    resource_names: dict[str, str]
    cohorts: list[grid.Entity]
    institution_name: str
    features: list[str]
    skills: list[str]
    #: the labs, workshops and bases the institution may use (an enterprise's own
    #: equipment for its staff, say): the request's optional ``resources``
    resources: list[grid.Entity] = field(default_factory=list)
    #: the term's instructors (the base, which the API shows every institution of the
    #: term), any of whom a request may name: the request's optional ``instructors``
    instructors: list[grid.Entity] = field(default_factory=list)
    #: people in each of the institution's cohorts (an internship places them all)
    sizes: dict[str, int] = field(default_factory=dict)
    #: the internship posts open to the institution: an internship's optional ``resources``
    posts: list[grid.Entity] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)
    #: the API's own sentence behind a translated message, by field (shown in English)
    error_details: dict[str, str] = field(default_factory=dict)
    #: The id a blank id field stands for, made when the form is shown and sent back with
    #: it, so the same form sent twice (a reload, a second click) is the same request.
    auto_id: str = ""
    #: each instructor's skills, listed beside its name and id (to pick a teacher for
    #: the kind of session asked for), in the page's brackets and list commas
    teacher_skills: dict[str, list[str]] = field(default_factory=dict)
    #: mid-term, the first day that may be booked (week, 1-based weekday, date): said
    #: on the form, so weeks already over are not picked only to be refused
    bookable_from: tuple[int, int, dt.date] | None = None


def new_auto_id(today: dt.date) -> str:
    """A fresh id for one blank form: ``extra-<date>-<12 hex digits>``. The date keeps it
    readable; the random part keeps two forms apart, even when one institution opens
    them in the same second (a clock-only id made the second "already sent")."""
    return f"extra-{today:%Y%m%d}-{secrets.token_hex(6)}"


def form_options(scenario: dict[str, Any], term_id: int, version: int, institution: str) -> AskForm:
    """The form for the institution's view of the latest version (``own_part``): its own
    cohorts (plain ids), every feature of a resource and skill of an instructor it holds."""
    cohorts = [
        grid.Entity(c["id"], c.get("name") or c["id"])
        for c in scenario.get("cohorts", [])
        if "/" not in c["id"]  # another institution's cohort of a joint request
    ]
    features = sorted({f for r in scenario.get("resources", []) for f in r.get("features", [])})
    skills = sorted({s for i in scenario.get("instructors", []) for s in i.get("skills", [])})
    names = {r["id"]: r.get("name") or r["id"] for r in scenario.get("resources", [])}
    open_to_it = [
        r
        for r in scenario.get("resources", [])
        if r.get("owner") == institution
        or r.get("open_to") is None
        or institution in r.get("open_to", [])
    ]
    # sessions never use a post, internships only posts (the spec)
    usable = [
        grid.Entity(r["id"], names[r["id"]])
        for r in open_to_it
        if r.get("kind") != "internship_post"
    ]
    posts = [
        grid.Entity(r["id"], names[r["id"]])
        for r in open_to_it
        if r.get("kind") == "internship_post"
    ]
    # the base's instructors, the caller's own first: GET /terms/{t} shows them all to
    # every institution of the term, and the extra-request route accepts any of them
    teachers = sorted(
        scenario.get("instructors", []), key=lambda i: i.get("institution") != institution
    )
    instructors = [grid.Entity(i["id"], i.get("name") or i["id"]) for i in teachers]
    sizes = {c["id"]: int(c.get("size") or 0) for c in scenario.get("cohorts", [])}
    calendar = grid.calendar_of(scenario)
    name = next(
        (
            i.get("name") or i["id"]
            for i in scenario.get("institutions", [])
            if i["id"] == institution
        ),
        institution,
    )
    form = AskForm(
        term_id,
        version,
        calendar,
        names,
        cohorts,
        name,
        features,
        skills,
        usable,
        instructors,
        sizes,
        posts,
    )
    form.teacher_skills = {i["id"]: list(i.get("skills") or []) for i in teachers}
    return form


def _number(form: AskForm, name: str, raw: str, required: bool) -> int | None:
    """A whole number typed in field ``name``, or a message on that field."""
    raw = raw.strip()
    if not raw:
        if required:
            form.errors[name] = "form_required"
        return None
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= _MAX_NUMBER:
        form.errors[name] = "form_whole_number"
        return None
    return int(raw)


def request_of(form: AskForm, values: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """The extra request document the typed ``values`` describe (``form.errors`` says
    which fields could not be read). A blank id becomes the form's ``auto_id`` (made when
    it was shown: sent twice, it is refused as used), else a fresh one of ``today`` (the
    service's, which may be pinned, not the server's clock)."""
    form.values = values
    form.auto_id = _auto_id(str(values.get("auto_id", ""))) or new_auto_id(today)
    if "/" in str(values.get("id", "")):
        form.errors["id"] = "form_id_slash"  # it separates an institution from its ids
    elif len(str(values.get("id", "")).strip()) > MAX_ID_CHARS:
        form.errors["id"] = "form_id_too_long"  # the API's limit (the page skipped it)
    doc: dict[str, Any] = {
        "id": str(values.get("id", "")).strip() or form.auto_id,
        "cohort": str(values.get("cohort", "")),
    }
    if doc["cohort"] not in {c.id for c in form.cohorts}:
        form.errors["cohort"] = "form_pick_one"
    joined = list(values.get("with_cohorts", []))
    if any(c not in {c.id for c in form.cohorts} for c in joined):
        form.errors["with_cohorts"] = "form_pick_listed"  # another's: not dropped silently
    elif joined:
        # one request the cohorts attend together (the spec's `cohorts`), the first the
        # one picked above, each named once
        doc["cohorts"] = list(dict.fromkeys([doc.pop("cohort"), *joined]))
    if title := str(values.get("title", "")).strip():
        doc["title"] = title
        if len(title) > MAX_TITLE_CHARS:
            form.errors["title"] = "form_title_too_long"  # the API's limit
    kind = str(values.get("kind") or "sessions")
    if kind not in KINDS:
        form.errors["kind"] = "form_pick_one"
    elif kind == "internship":
        _internship_of(form, values, doc)
    else:
        _sessions_of(form, values, doc)
    if any(v not in form.features for v in values.get("needs", [])):
        form.errors["needs"] = "form_pick_listed"  # posted by hand: not dropped silently
    elif values.get("needs"):
        doc["needs"] = list(values["needs"])
    first = _week(form, "first_week", str(values.get("first_week", "")))
    last = _week(form, "last_week", str(values.get("last_week", "")))
    if first is not None and last is not None and last < first:
        form.errors["last_week"] = "form_weeks_reversed"  # said once, on the last week
        return doc  # the model's "range [9, 3] is empty" would say it again
    if first is not None or last is not None:
        doc["window"] = [{"weeks": [first or 1, last or form.calendar.weeks]}]
    return doc


def _week(form: AskForm, name: str, raw: str) -> int | None:
    """A week typed in field ``name`` (blank: none), or the message of the term's weeks on
    it: week 0 was "a whole number from 1 to 10,000" beside a week 40's "1 to 18", and the
    model would clip a week past the term silently."""
    raw = raw.strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= form.calendar.weeks:
        form.errors[name] = "form_week_range"
        return None
    return int(raw)


def _sessions_of(form: AskForm, values: dict[str, Any], doc: dict[str, Any]) -> None:
    """The fields of a ``sessions`` request: how many, how long, the pattern, who teaches
    and where. A number of weeks belongs to an internship: refused, not dropped."""
    doc["sessions"] = _number(form, "sessions", str(values.get("sessions", "")), True)
    doc["duration"] = _number(form, "duration", str(values.get("duration", "")), True)
    if doc["duration"] is not None and doc["duration"] > form.calendar.slots_per_day:
        form.errors["duration"] = "form_longer_than_day"  # a session stays within one day
    pattern = str(values.get("pattern", "free"))
    if pattern not in PATTERNS:
        form.errors["pattern"] = "form_pick_one"
    doc["pattern"] = pattern
    for name, offered in (
        ("instructor_skills", form.skills),
        ("instructors", [i.id for i in form.instructors]),
        ("resources", [r.id for r in form.resources]),
    ):
        if any(v not in offered for v in values.get(name, [])):
            form.errors[name] = "form_pick_listed"  # posted by hand: not dropped silently
        elif values.get(name):
            doc[name] = list(values[name])
    if str(values.get("weeks", "")).strip():
        form.errors["weeks"] = "form_internship_only"
    if values.get("posts"):
        form.errors["posts"] = "form_internship_only"


def _internship_of(form: AskForm, values: dict[str, Any], doc: dict[str, Any]) -> None:
    """The fields of a ``kind: internship`` request: how many consecutive weeks, from 1 to
    the term's (0, 40 and "abc" were a minimum-1 refusal, a booked "rejected" answer and
    "1 to 10,000" in a term of 18 weeks; a missing number is the model's to say); what
    only sessions have is refused if changed from the blank form's value (sent on, the
    API would ignore it: a teacher or lab silently dropped)."""
    doc["kind"] = "internship"
    raw = str(values.get("weeks", "")).strip()
    if not raw:
        pass  # the model says it is needed, and what for
    elif raw.isascii() and raw.isdigit() and 1 <= int(raw) <= form.calendar.weeks:
        doc["weeks"] = int(raw)
    else:
        form.errors["weeks"] = "form_internship_weeks_range"
    if any(v not in {p.id for p in form.posts} for v in values.get("posts", [])):
        form.errors["posts"] = "form_pick_listed"  # posted by hand: not dropped silently
    elif values.get("posts"):
        doc["resources"] = list(values["posts"])  # the candidate posts
    for name, blank in _SESSIONS_ONLY.items():
        value = values.get(name, blank)
        typed = [str(v) for v in value] if isinstance(value, list) else str(value).strip()
        if typed not in (blank, ""):
            form.errors[name] = "form_sessions_only"


def cohorts_of(values: dict[str, Any]) -> list[str]:
    """The cohorts a form asked for: the one picked and those ticked with it, once each."""
    cohort = str(values.get("cohort", ""))
    return list(dict.fromkeys([cohort, *values.get("with_cohorts", [])]))


def _auto_id(value: str) -> str:
    """A posted ``auto_id`` if it is one the form made (anything else: none); the
    clock-only ids of forms shown before :func:`new_auto_id` still count."""
    return value if _AUTO_ID.fullmatch(value) else ""


def typed_values(values: Any) -> dict[str, Any]:
    """The posted form as plain values (lists for the check boxes); a file part posted by
    hand reads as nothing typed, not as its Python text (the route refuses it)."""

    def typed(v: Any) -> str:
        return v if isinstance(v, str) else ""

    out: dict[str, Any] = {k: typed(values.get(k, "")) for k in values}
    for name in ("needs", "instructor_skills", "resources", "instructors", "with_cohorts", "posts"):
        out[name] = [typed(v) for v in values.getlist(name)]
    return out
