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
comes back with each field's message; nothing typed is lost. The form itself is
:mod:`api.web.ask_form`, its refused fields :mod:`api.web.ask_refusals`.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from api.deps import DbDep
from api.errors import ApiError
from api.extra import refuse_term_over
from api.extra_answers import refuse_changed_base, submit_extra
from api.limits import MAX_ID_CHARS, MAX_TITLE_CHARS
from api.published_versions import amendments, effective_scenario, latest_version
from api.security import Principal, Role
from api.threads import in_thread
from api.version_schemas import ExtraRequestOut
from api.web import grid
from api.web.ask_form import (
    AskForm,
    cohorts_of,
    form_options,
    new_auto_id,
    request_of,
    typed_values,
)
from api.web.ask_refusals import FORM_FIELDS, api_refused, model_refused
from api.web.i18n import t
from api.web.render import lang_of, render
from api.web.request_checks import file_fields, same_site, url_id
from api.web.router import error_page
from api.web.sources import own_part, principal
from api.workflow import check_institution, get_term
from scheduler.calendar import date_of_day, day_of_date
from scheduler.models import localized
from solver.words.names import label

log = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)


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
    return form_options(
        own_part(scenario, who.institution), term.id, latest.number, who.institution
    )


@router.get("/terms/{term_id}/ask")
async def ask_page(request: Request, term_id: str, db: DbDep) -> Response:
    """The extra-request form of the term's latest version (institution keys)."""
    who = await in_thread(principal, request, db)
    if who is None:
        return RedirectResponse("/", status_code=303)
    try:
        form = await in_thread(_form_of, db, who, url_id(term_id, "term"))
        # once the term is over, say so now rather than after the form is filled in
        refuse_term_over(form.calendar, request.app.state.settings.first_bookable_date())
    except ApiError as e:
        return _error(request, e)
    except Exception:
        log.exception("web extra-request form of term %s failed", term_id)
        return _error(request, ApiError(500, ""))
    # the service's today (TRAINSHARE_TODAY when pinned), as every date it books by
    form.auto_id = new_auto_id(request.app.state.settings.current_date())
    form.bookable_from = _bookable_from(form, request.app.state.settings.first_bookable_date())
    return render(request, "ask.html.j2", _context(who, form, None))


def _bookable_from(form: AskForm, first_date: dt.date) -> tuple[int, int, dt.date] | None:
    """The first bookable day as the form says it (week, weekday, date), once the term
    has begun (:func:`api.extra.bookable_day` books from it); before it, none."""
    day = day_of_date(form.calendar, first_date)
    if day == 0:
        return None
    date = date_of_day(form.calendar, day)
    return day // form.calendar.days_per_week + 1, date.weekday() + 1, date


@router.post("/terms/{term_id}/ask")
async def ask(request: Request, term_id: str, db: DbDep) -> Response:
    """Answer the form through the API's extra-request path; an invalid form comes back
    with its messages and what was typed."""
    if not same_site(request):
        return _error(request, ApiError(403, "send the form from this site's own pages"))
    who = await in_thread(principal, request, db)
    if who is None:
        return RedirectResponse("/", status_code=303)
    try:
        form = await in_thread(_form_of, db, who, url_id(term_id, "term"))
    except ApiError as e:
        return _error(request, e)
    except Exception:
        log.exception("web extra-request form of term %s failed", term_id)
        return _error(request, ApiError(500, ""))
    form.bookable_from = _bookable_from(form, request.app.state.settings.first_bookable_date())
    posted = await request.form()  # a malformed form: the site's 400, named
    values = typed_values(posted)
    files = file_fields(posted)
    try:
        doc = request_of(form, values, request.app.state.settings.current_date())
        # the model's refusals beside the form's own, all at once (one round trip)
        refused = model_refused(form, doc, lang_of(request))
        unknown = sorted(set(values) - {*FORM_FIELDS, "auto_id"})  # posted by hand: not dropped
        form.general += [t("form_no_such_field", lang_of(request), name=n) for n in unknown]
        form.general += [t("form_file_not_text", lang_of(request), name=n) for n in files]
        if form.errors or refused or unknown or files:
            return _again(request, who, form)
        term = await in_thread(get_term, db, form.term_id, who)
        first_date = request.app.state.settings.first_bookable_date()
        institution = who.institution or ""
        out = await submit_extra(db, term, institution, doc, who, first_date)
    except ApiError as e:
        if e.status in (409, 422) and e.errors:
            for err in e.errors:
                api_refused(form, e, err, lang_of(request))
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
        people=sum(form.sizes.get(c, 0) for c in cohorts_of(form.values)),
    )
