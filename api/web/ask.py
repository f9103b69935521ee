"""Asking for more from the web: an institution's extra-request form and its answer.

Colleges and enterprises ask for more sessions, an internship or a named teacher
mid-term; the API answers at once
(``POST /api/v1/terms/{t}/institutions/{i}/extra-requests``), but college staff do not
write JSON. The form builds the same request document and goes through the API's own
path (:func:`api.extra_answers.submit_extra`: checks, the term's lock, the answer
stored as an amendment), so the page and the API can never answer differently.

``GET /terms/{t}/ask`` shows the form; ``POST`` answers on a page listing what was
booked (dates and times) or placed (posts and weeks), why the rest was not, and the
alternatives. An invalid form
comes back with each field's message; nothing typed is lost.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from api.deps import DbDep
from api.errors import ApiError
from api.extra import refuse_term_over
from api.extra_answers import refuse_changed_base, submit_extra
from api.limits import MAX_ID_CHARS, MAX_TITLE_CHARS
from api.schemas import ExtraRequestOut, RequestSubmission
from api.security import Principal, Role
from api.threads import in_thread
from api.web import grid
from api.web.field_errors import field_message
from api.web.render import lang_of, render
from api.web.router import _id, _same_site, error_page
from api.web.sources import own_part, principal
from api.workflow import (
    amendments,
    check_institution,
    effective_scenario,
    get_term,
    latest_version,
)
from scheduler.models import Calendar, localized
from solver.words.names import label

log = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)

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


def new_auto_id(today: dt.date) -> str:
    """A fresh id for one blank form: ``extra-<date>-<12 hex digits>``. The date keeps it
    readable; the random part keeps two forms apart, even when one institution opens
    them in the same second (a clock-only id made the second "already sent")."""
    return f"extra-{today:%Y%m%d}-{secrets.token_hex(6)}"


def _options(scenario: dict[str, Any], term_id: int, version: int, institution: str) -> AskForm:
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
    instructors = [
        grid.Entity(i["id"], _teacher_label(i["id"], i.get("name") or "", i.get("skills") or []))
        for i in teachers
    ]
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
    return AskForm(
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


def _teacher_label(ident: str, name: str, skills: list[str]) -> str:
    """How the form lists an instructor: the name people know, the id, the skills (to
    pick a teacher for the kind of session asked for)."""
    label = f"{name} ({ident})" if name and name != ident else ident
    return f"{label} · {', '.join(skills)}" if skills else label


def _form_of(db: Session, who: Principal, term_id: int) -> AskForm:
    """The form of ``term_id``'s latest version for an institution key (403 for others,
    409 before the first version or once the term's base changed since it)."""
    if who.role is not Role.INSTITUTION or who.institution is None:
        raise ApiError(403, "this needs an institution key")
    term = get_term(db, term_id, who)
    check_institution(term, who.institution, who, write=False)
    latest = latest_version(db, term.id)
    if latest is None:
        raise ApiError(409, "no schedule of this term is published yet")
    # a base changed since publication refuses every extra request (409): say so before
    # the form is filled in rather than after
    refuse_changed_base(term, latest.scenario, latest.number)
    scenario = effective_scenario(latest, amendments(db, latest.id))  # granted extras included
    return _options(own_part(scenario, who.institution), term.id, latest.number, who.institution)


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


def request_of(form: AskForm, values: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    """The extra request document the typed ``values`` describe (``form.errors`` says
    which fields could not be read). A blank id becomes the form's ``auto_id`` (made when
    it was shown: sent twice, it is refused as used), else a fresh one."""
    form.values = values
    form.auto_id = _auto_id(str(values.get("auto_id", ""))) or new_auto_id(now.date())
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
    first = _number(form, "first_week", str(values.get("first_week", "")), False)
    last = _number(form, "last_week", str(values.get("last_week", "")), False)
    for name, week in (("first_week", first), ("last_week", last)):
        if week is not None and week > form.calendar.weeks:
            form.errors[name] = "form_week_range"  # the model would clip it silently
    if first is not None and last is not None and last < first <= form.calendar.weeks:
        form.errors["last_week"] = "form_weeks_reversed"
    if first is not None or last is not None:
        doc["window"] = [{"weeks": [first or 1, last or form.calendar.weeks]}]
    return doc


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
    """The fields of a ``kind: internship`` request: how many consecutive weeks. The
    number goes to the request model as typed, so a missing or out-of-range one is refused
    in the API's own words; what only sessions have is refused if changed from the blank
    form's value (sent on, the API would ignore it: a teacher or lab silently dropped)."""
    doc["kind"] = "internship"
    raw = str(values.get("weeks", "")).strip()
    if re.fullmatch(r"-?\d{1,9}", raw):
        doc["weeks"] = int(raw)
    elif raw:
        form.errors["weeks"] = "form_whole_number"
    if any(v not in {p.id for p in form.posts} for v in values.get("posts", [])):
        form.errors["posts"] = "form_pick_listed"  # posted by hand: not dropped silently
    elif values.get("posts"):
        doc["resources"] = list(values["posts"])  # the candidate posts
    for name, blank in _SESSIONS_ONLY.items():
        value = values.get(name, blank)
        typed = [str(v) for v in value] if isinstance(value, list) else str(value).strip()
        if typed not in (blank, ""):
            form.errors[name] = "form_sessions_only"


def _cohorts_of(values: dict[str, Any]) -> list[str]:
    """The cohorts a form asked for: the one picked and those ticked with it, once each."""
    cohort = str(values.get("cohort", ""))
    return list(dict.fromkeys([cohort, *values.get("with_cohorts", [])]))


def _auto_id(value: str) -> str:
    """A posted ``auto_id`` if it is one the form made (anything else: none); the
    clock-only ids of forms shown before :func:`new_auto_id` still count."""
    return value if _AUTO_ID.fullmatch(value) else ""


def _typed(values: Any) -> dict[str, Any]:
    """The posted form as plain values (lists for the check boxes)."""
    out: dict[str, Any] = {k: values.get(k, "") for k in values}
    out["needs"] = list(values.getlist("needs"))
    out["instructor_skills"] = list(values.getlist("instructor_skills"))
    out["resources"] = list(values.getlist("resources"))
    out["instructors"] = list(values.getlist("instructors"))
    out["with_cohorts"] = list(values.getlist("with_cohorts"))
    out["posts"] = list(values.getlist("posts"))
    return out


@router.get("/terms/{term_id}/ask")
async def ask_page(request: Request, term_id: str, db: DbDep) -> Response:
    """The extra-request form of the term's latest version (institution keys)."""
    who = await in_thread(principal, request, db)
    if who is None:
        return RedirectResponse("/", status_code=303)
    try:
        form = await in_thread(_form_of, db, who, _id(term_id, "term"))
        # once the term is over, say so now rather than after the form is filled in
        refuse_term_over(form.calendar, request.app.state.settings.first_bookable_date())
    except ApiError as e:
        return _error(request, e)
    except Exception:
        log.exception("web extra-request form of term %s failed", term_id)
        return _error(request, ApiError(500, ""))
    form.auto_id = new_auto_id(dt.date.today())
    return render(request, "ask.html.j2", _context(who, form, None))


@router.post("/terms/{term_id}/ask")
async def ask(request: Request, term_id: str, db: DbDep) -> Response:
    """Answer the form through the API's extra-request path; an invalid form comes back
    with its messages and what was typed."""
    if not _same_site(request):
        return _error(request, ApiError(403, "send the form from this site's own pages"))
    who = await in_thread(principal, request, db)
    if who is None:
        return RedirectResponse("/", status_code=303)
    try:
        form = await in_thread(_form_of, db, who, _id(term_id, "term"))
    except ApiError as e:
        return _error(request, e)
    except Exception:
        log.exception("web extra-request form of term %s failed", term_id)
        return _error(request, ApiError(500, ""))
    try:
        doc = request_of(form, _typed(await request.form()), dt.datetime.now())
        # the model's refusals beside the form's own, all at once (one round trip)
        refused = _model_refused(form, doc, lang_of(request))
        if form.errors or refused:
            return _again(request, who, form)
        term = await in_thread(get_term, db, form.term_id, who)
        first_date = request.app.state.settings.first_bookable_date()
        institution = who.institution or ""
        out = await submit_extra(db, term, institution, doc, who, first_date)
    except ApiError as e:
        if e.status in (409, 422) and e.errors:
            for err in e.errors:
                _refused(form, e, err, lang_of(request))
            return _again(request, who, form)
        return _error(request, e)
    except Exception:
        log.exception("web extra request on term %s failed", term_id)
        return _error(request, ApiError(500, ""))
    return render(
        request,
        "ask.html.j2",
        _context(who, form, _answer_view(out, form, lang_of(request))),
        status=201,
    )


def _model_refused(form: AskForm, doc: dict[str, Any], lang: str) -> bool:
    """Put the request model's refusals of ``doc`` beside their fields, in the page's
    language (:mod:`api.web.field_errors`); the API would refuse the same, in English.
    A field the form refused already keeps the form's message (a number it could not
    read is ``None`` in ``doc``, which the model would call "not an integer")."""
    try:
        RequestSubmission.model_validate(doc)
    except ValidationError as e:
        for err in e.errors(include_url=False):
            loc = tuple(err["loc"])
            cause = (err.get("ctx") or {}).get("error")
            loc += getattr(cause, "loc", ())  # a model-level check's field
            name = _posts_field(form, _field_of(loc))
            message = field_message(err, lang)
            if name in _FIELDS:
                form.errors.setdefault(name, message)
            else:
                form.general.append(message)
        return True
    return False


def _field_of(loc: tuple[Any, ...]) -> str:
    """The form field a model error's ``loc`` names (``window[0].weeks[1]``: the last week;
    ``cohorts[0]``: the cohort picked, the others ticked with it)."""
    key = str(loc[0]) if loc else ""
    if key == "window":
        return "last_week" if loc[2:4] == ("weeks", 1) else "first_week"
    if key == "cohorts":
        return "cohort" if loc[1:2] == (0,) else "with_cohorts"
    return key


def _cohorts_field(form: AskForm, path: str, message: str) -> str:
    """The field of a refusal of ``cohorts`` (the picked cohort first, then those ticked
    with it): by its position, else by the cohorts it names (quoted, or by name with
    the id after it); the picked one alone is the cohort field's."""
    m = re.fullmatch(r"cohorts\[(\d+)\].*", path)
    if m is not None:
        return _field_of(("cohorts", int(m[1])))
    picked = str(form.values.get("cohort", ""))
    if len(form.cohorts) < 2:
        return "cohort"  # no boxes to tick are shown
    named = {
        c
        for c in _cohorts_of(form.values)
        if f"'{c}'" in message or f"({c})" in message or f"（{c}）" in message
    }
    return "cohort" if named == {picked} else "with_cohorts"


def _posts_field(form: AskForm, name: str) -> str:
    """An internship's ``resources`` are the form's posts."""
    internship = form.values.get("kind") == "internship"
    return "posts" if name == "resources" and internship else name


def _refused(form: AskForm, e: ApiError, err: dict[str, Any], lang: str) -> None:
    """Put one of the API's refusals beside its field: in the page's language where the
    form knows the case (an id already used, weeks gone by), else the API's sentence in
    the page's language where it has one (its ``messages``)."""
    path = str(err.get("path") or "")
    key = path.split(".")[0].split("[")[0] or "general"
    name = _posts_field(form, {"window": "first_week"}.get(key, key))
    if re.fullmatch(r"window\[\d+\]\.weeks\[1\]", path):
        name = "last_week"
    message = str((err.get("messages") or {}).get(lang) or err.get("msg", e.detail))
    if key == "cohorts":
        name = _cohorts_field(form, path, str(err.get("msg", "")))
    if name == "id" and e.status == 409:
        typed = str(form.values.get("id", "")).strip()
        # a blank id is this very form's, sent twice; a typed one is someone's already
        form.errors["id"] = "form_id_used" if typed else "form_sent_twice"
    elif path == "window":  # weeks gone by (api.extra.bookable_day); others say their own
        form.errors[name] = "form_window_over"
        form.error_details[name] = message
    elif name in _FIELDS:
        form.errors[name] = message
    else:
        form.general.append(message)


#: The form's fields, which a refusal's ``path`` may name.
_FIELDS = (
    "id",
    "cohort",
    "with_cohorts",
    "title",
    "kind",
    "weeks",
    "sessions",
    "duration",
    "pattern",
    "needs",
    "instructor_skills",
    "instructors",
    "resources",
    "posts",
    "first_week",
    "last_week",
)


def _again(request: Request, who: Principal, form: AskForm) -> Response:
    """The form again, with what was typed and why it was refused (422)."""
    return render(request, "ask.html.j2", _context(who, form, None), status=422)


def _context(who: Principal, form: AskForm, answer: AnswerView | None) -> dict[str, Any]:
    """The page's context: the form or its answer, and the institution's name for the top bar."""
    return {
        "who": who,
        "form": form,
        "answer": answer,
        "institution_name": form.institution_name,
        "id_max": MAX_ID_CHARS,
        "title_max": MAX_TITLE_CHARS,
    }


def _error(request: Request, e: ApiError) -> Response:
    return error_page(request, e.status, e.detail)


@dataclass
class BookedSession:
    """A booked session as the answer page lists it."""

    week: int
    date: dt.date
    day: int
    start: str
    end: str
    resources: list[str]


@dataclass
class PlacedInterns:
    """Interns placed on one post, as the answer page lists them: whole weeks, from the
    first week's Monday to the last week's last open day."""

    post: str
    headcount: int
    first_week: int
    last_week: int
    start: dt.date
    end: dt.date


@dataclass
class AnswerView:
    """The API's answer, made readable: booked sessions with dates and clock times, why
    the rest was not booked and the alternatives, in the page's language."""

    outcome: str
    request: str
    booked: list[BookedSession]
    asked: int
    reasons: list[str]
    alternatives: list[str]
    version: int
    bookable_from: dt.date | None
    cohort: str
    first_week: int | None
    #: ``internship``: ``placed`` and ``people`` say what was asked and given, not sessions
    kind: str = "sessions"
    placed: list[PlacedInterns] = field(default_factory=list)
    people: int = 0


def _answer_view(out: ExtraRequestOut, form: AskForm, lang: str) -> AnswerView:
    """The answer with dates, clock times and resource names from the version's calendar."""
    slots = grid.slots_of(form.calendar)
    booked = []
    for s in sorted(out.sessions, key=lambda s: (s["week"], s["day"], s["slot"])):
        last = min(s["slot"] + s.get("duration", 1) - 1, len(slots))
        booked.append(
            BookedSession(
                s["week"],
                grid.date_of(form.calendar, s["week"], s["day"]),
                s["day"],
                slots[s["slot"] - 1].start,
                slots[last - 1].end,
                [form.resource_names.get(p["resource"], p["resource"]) for p in s["parts"]],
            )
        )
    cal = form.calendar
    placed = [
        PlacedInterns(
            form.resource_names.get(p["resource"], p["resource"]),
            p["headcount"],
            p["first_week"],
            p["first_week"] + p["weeks"] - 1,
            grid.date_of(cal, p["first_week"], 1),
            grid.date_of(cal, p["first_week"] + p["weeks"] - 1, cal.days_per_week),
        )
        for p in sorted(out.placements, key=lambda p: (p["first_week"], p["resource"]))
    ]
    internship = form.values.get("kind") == "internship"
    first_week = booked[0].week if booked else placed[0].first_week if placed else None
    title = str(form.values.get("title", "")).strip()
    return AnswerView(
        outcome=out.outcome,
        # by its title with the id after it, as the timetable's sentences name it
        request=label(title, out.request).get(lang) if title else out.request,
        booked=booked,
        asked=int(form.values.get("sessions") or 0),
        reasons=[localized(u.get("message", ""), u.get("messages"), lang) for u in out.reasons],
        alternatives=[
            localized(a.get("message", ""), a.get("messages"), lang) for a in out.alternatives
        ],
        version=out.version,
        bookable_from=out.bookable_from.date if out.bookable_from else None,
        cohort=str(form.values.get("cohort", "")),
        first_week=first_week,
        kind="internship" if internship else "sessions",
        placed=placed,
        people=sum(form.sizes.get(c, 0) for c in _cohorts_of(form.values)),
    )
