"""The web timetable's pages at ``/`` (server-rendered; a little plain JavaScript).

Routes
------
``GET /``                                  sign-in form, or the terms, versions and jobs
``POST /signin``, ``POST /signout``        keep / drop the API key in an HttpOnly cookie
``GET /lang/{zh|en}?next=``                switch the language (cookie ``lang``)
``GET /open?src=``                         go to a schedule chosen in the source picker
``GET /terms/{id}``                        the term's latest published version
``GET /terms/{id}/versions/{n}``           timetable of a published version
``GET /jobs/{id}``                         timetable of a finished job's schedule
``GET /terms/{id}/versions/{n}/export/{ics|csv|xlsx}?institution=``
                                           an institution's timetable as a file
``GET /static/{file}``                     the page's CSS, JavaScript and icon

A timetable page takes ``view`` (resource, cohort, instructor, institution), the id of
the shown item in the parameter named after the view (``?view=cohort&cohort=...``) and
``week``. Unknown ids answer 404 with a friendly page; errors never show a traceback.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from collections.abc import Callable
from typing import Annotated, Any, cast
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.deps import DbDep
from api.errors import ApiError, not_found
from api.exports import FORMATS
from api.published_versions import latest_version_ref
from api.routers.exports import institution_export
from api.security import Principal
from api.web import grid, moves, panels
from api.web.i18n import detail as localized_detail
from api.web.i18n import plain_size, short_date, t
from api.web.render import LANG_COOKIE, STATIC, lang_of, render
from api.web.request_checks import file_fields, same_site, url_id
from api.web.sources import (
    KEY_COOKIE,
    TermEntry,
    Timetable,
    check_key,
    finished_jobs,
    job_timetable,
    metrics_of,
    principal,
    recent_jobs,
    terms_with_versions,
    version_timetable,
)
from api.workflow import get_term

log = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)

#: Longest text accepted as an API key (real keys are about 60 characters).
MAX_KEY_LENGTH = 512
_STATIC_FILES = {
    "web.css": "text/css",
    "web.js": "text/javascript",
    "icon.svg": "image/svg+xml",  # the tab icon (browsers asked for /favicon.ico: a 404 each page)
}


#: A job page's 409 for a job that ended without a schedule (``api.web.sources``).
_JOB_ENDED = re.compile(r"job \d+ (failed|interrupted): ")


def error_page(request: Request, status: int, detail: str) -> Response:
    """The HTML error page for ``status``; a 5xx shows no detail, so nothing internal reaches the
    browser.
    """
    title = {404: "error_404", 403: "error_403", 409: "error_409", 413: "error_413"}.get(
        status, "error"
    )
    if status == 409 and _JOB_ENDED.match(detail):
        title = "error_job_ended"  # not "not available yet": it never will be
    if status == 409 and detail.startswith("the term's last day ("):
        title = "error_term_over"  # nor here
    if status >= 500:
        detail = ""
    detail = localized_detail(detail, lang_of(request))
    return render(
        request,
        "error.html.j2",
        {"status": status, "title_key": title, "detail": detail, "who": None},
        status=status,
    )


def too_large_page(request: Request, max_bytes: int) -> Response:
    """The 413 page for a form whose body is over ``max_bytes``
    (:class:`api.limits.BodySizeLimitMiddleware`), the limit in plain words."""
    lang = lang_of(request)
    detail = t("error_413_body", lang, size=plain_size(max_bytes, lang))
    return render(
        request,
        "error.html.j2",
        {"status": 413, "title_key": "error_413", "detail": detail, "who": None},
        status=413,
    )


def bad_length_page(request: Request) -> Response:
    """The 400 page for a form whose ``Content-Length`` is not a number
    (:class:`api.limits.BodySizeLimitMiddleware`), said in plain words."""
    return render(
        request,
        "error.html.j2",
        {
            "status": 400,
            "title_key": "error_400",
            "detail": t("error_400_length", lang_of(request)),
            "who": None,
        },
        status=400,
    )


def friendly(fn: Callable[..., Response]) -> Callable[..., Response]:
    """Answer the API's errors (404, 403, 409...) and unexpected ones as an HTML page."""

    @functools.wraps(fn)
    def page(*args: Any, **kwargs: Any) -> Response:
        """Run the page; an :class:`ApiError` becomes its error page, anything else a logged 500
        page.
        """
        request: Request = kwargs["request"]
        try:
            return fn(*args, **kwargs)
        except ApiError as e:
            return error_page(request, e.status, e.detail)
        except Exception:
            log.exception("web page %s failed", request.url.path)
            return error_page(request, 500, "")

    return page


def _to_home() -> Response:
    return RedirectResponse("/", status_code=303)


def _local(url: str | None) -> str:
    """Only paths of this site are followed (no open redirect)."""
    if not url or not url.startswith("/") or url.startswith("//") or "\\" in url:
        return "/"
    return url


# ----------------------------------------------------------------------------- sign in


@router.get("/")
@friendly
def home(request: Request, db: DbDep) -> Response:
    """The sign-in form, or the caller's terms, versions and recent jobs."""
    who = principal(request, db)
    if who is None:
        # a key kept in the cookie that no longer works (revoked): say so and drop it,
        # rather than show the bare form as if the user had never signed in
        stale = bool(request.cookies.get(KEY_COOKIE))
        context = {"who": None, "failed": False, "stale": stale}
        response = render(request, "signin.html.j2", context, status=401 if stale else 200)
        if stale:
            response.delete_cookie(KEY_COOKIE, path="/", httponly=True, samesite="strict")
        return response
    terms = terms_with_versions(db, who)
    listing: dict[str, Any] = {"who": who, "terms": terms, "jobs": recent_jobs(db, who)}
    if who.institution is not None:
        listing["institution_name"] = _name_in_terms(terms, who.institution)
    return render(request, "home.html.j2", listing)


def _name_in_terms(terms: list[TermEntry], institution: str) -> str | None:
    """The institution's name in the newest of its terms' bases that names it (the top
    bar says the name, as the term's pages do); None when none does."""
    for entry in sorted(terms, key=lambda e: e.term.id, reverse=True):
        for i in entry.term.base.get("institutions") or []:
            if isinstance(i, dict) and i.get("id") == institution and i.get("name"):
                return str(i["name"])
    return None


#: The sign-in form's one field (``signin.html.j2``).
_SIGNIN_FIELDS = frozenset({"key"})


async def _posted(request: Request) -> FormData:
    """The form a sign-in posts (a malformed one: the site's 400, named)."""
    return await request.form()


@router.post("/signin")
@friendly
def signin(
    request: Request,
    db: DbDep,
    posted: Annotated[FormData, Depends(_posted)],
) -> Response:
    """Keep a valid key in an HttpOnly, SameSite=Strict cookie; only from this site's form.

    A field the form does not have (posted by hand, a typo) is refused by name (422), as
    the extra-request form refuses one, rather than dropped unsaid; so is a key sent as a
    file (FastAPI's JSON 422 before).
    """
    if not same_site(request):
        raise ApiError(403, "sign in from this site's own form")
    lang = lang_of(request)
    unknown = sorted(set(posted.keys()) - _SIGNIN_FIELDS)
    files = [name for name in file_fields(posted) if name not in unknown]
    if unknown or files:
        general = [t("signin_no_such_field", lang, name=n) for n in unknown]
        general += [t("signin_file_not_text", lang, name=n) for n in files]
        context = {"who": None, "failed": False, "general": general}
        return render(request, "signin.html.j2", context, status=422)
    given = posted.get("key")
    key = given if isinstance(given, str) else ""
    who = check_key(request, db, key) if 0 < len(key) <= MAX_KEY_LENGTH else None
    if who is None:
        return render(request, "signin.html.j2", {"who": None, "failed": True}, status=401)
    response = _to_home()
    response.set_cookie(
        KEY_COOKIE,
        key.strip(),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


@router.post("/signout")
@friendly
def signout(request: Request) -> Response:
    """Drop the key cookie; only from this site's own pages."""
    if not same_site(request):
        raise ApiError(403, "sign out from this site's own pages")
    response = _to_home()
    response.delete_cookie(KEY_COOKIE, path="/", httponly=True, samesite="strict")
    return response


@router.get("/lang/{code}")
def switch_language(code: str, next: str | None = None) -> Response:
    """Set the language cookie (``zh`` or ``en``; others ignored), then go back to ``next`` on this
    site.
    """
    response = RedirectResponse(_local(next), status_code=303)
    if code in ("zh", "en"):
        response.set_cookie(LANG_COOKIE, code, max_age=365 * 86400, samesite="lax", path="/")
    return response


@router.get("/static/{name}")
def static(name: str) -> Response:
    """The page's CSS, JavaScript or icon; only the listed files, so no path reaches the disk."""
    if name not in _STATIC_FILES:
        raise StarletteHTTPException(404, "static file not found")  # a page or JSON, as any
    return FileResponse(
        STATIC / name,
        media_type=_STATIC_FILES[name],
        headers={"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"},
    )


@router.get("/open")
def open_source(src: str | None = None) -> Response:
    """The source picker's target (it works without JavaScript too)."""
    url = _local(src)
    if not url.startswith(("/terms/", "/jobs/")):
        url = "/"
    return RedirectResponse(url, status_code=303)


# ----------------------------------------------------------------------------- timetables


@router.get("/terms/{term_id}")
@friendly
def term_page(request: Request, term_id: str, db: DbDep) -> Response:
    """Redirect to the term's latest published version (409 page before the first)."""
    who = principal(request, db)
    if who is None:
        return _to_home()
    term = get_term(db, url_id(term_id, "term"), who)
    latest = latest_version_ref(db, term.id)  # (id, number): not the documents
    if latest is None:
        raise ApiError(409, "no schedule of this term is published yet")
    return RedirectResponse(f"/terms/{term.id}/versions/{latest[1]}", status_code=303)


@router.get("/terms/{term_id}/versions/{number}")
@friendly
def version_page(request: Request, term_id: str, number: str, db: DbDep) -> Response:
    """Timetable of a published version, as the caller may see it."""
    who = principal(request, db)
    if who is None:
        return _to_home()
    tt = version_timetable(db, who, url_id(term_id, "term"), url_id(number, "schedule version"))
    return _timetable_page(request, db, who, tt)


@router.get("/terms/{term_id}/versions/{number}/export/{fmt}")
@friendly
def export_file(
    request: Request,
    term_id: str,
    number: str,
    fmt: str,
    db: DbDep,
    institution: str | None = None,
) -> Response:
    """An institution's timetable of the version as a file, as the API's export route
    gives it (an institution key: its own, the default; planners and viewers: any)."""
    who = principal(request, db)
    if who is None:
        return _to_home()
    if fmt not in FORMATS:
        raise not_found("file format")
    inst = institution or who.institution
    if not inst:
        raise not_found("institution")
    out = institution_export(
        db, who, url_id(term_id, "term"), url_id(number, "schedule version"), inst, fmt
    )
    return Response(
        out.content, media_type=out.media_type, headers={"Content-Disposition": out.disposition}
    )


@router.get("/jobs/{job_id}")
@friendly
def job_page(request: Request, job_id: str, db: DbDep) -> Response:
    """Timetable of a finished job's schedule (planner and viewer keys)."""
    who = principal(request, db)
    if who is None:
        return _to_home()
    return _timetable_page(request, db, who, job_timetable(db, who, url_id(job_id, "job")))


def _this_week(request: Request, scenario: dict[str, Any], weeks: int) -> int:
    """The week of the service's today while the term runs, else 1: a timetable opens on
    the week at hand."""
    try:
        first = dt.date.fromisoformat(str(scenario["calendar"]["first_monday"]))
    except (KeyError, TypeError, ValueError):
        return 1
    week = (request.app.state.settings.current_date() - first).days // 7 + 1
    return week if 1 <= week <= weeks else 1


def _timetable_page(request: Request, db: DbDep, who: Principal, tt: Timetable) -> Response:
    lang = lang_of(request)
    params = request.query_params
    view_param = params.get("view") or _default_view(tt)
    if view_param not in grid.VIEWS:
        raise not_found("view")
    view = cast(grid.ViewKind, view_param)
    look = grid.Lookup(tt.scenario, hidden=_hidden_label(lang))
    choices = grid.entities(tt.scenario, view)
    if view == "cohort" and tt.hosted:
        # the cohorts interning on its posts are named on the posts' pages, not its own
        choices = [e for e in choices if "/" not in e.id]
    weeks = grid.calendar_of(tt.scenario).weeks
    entity = params.get(view)
    if entity is None:
        entity = _default_entity(tt, view, choices, look)
    elif entity not in {e.id for e in choices}:
        raise not_found(view)
    week_param = params.get("week")
    if week_param is None:
        now = _this_week(request, tt.scenario, weeks)
        week = grid.first_busy_week(tt.schedule, view, entity, look, weeks, now) if entity else now
    elif week_param.isascii() and week_param.isdigit() and 1 <= int(week_param) <= weeks:
        week = int(week_param)
    else:
        raise not_found("week")

    busy = None
    post_used = None
    posts = look.resources.get(entity or "", {}).get("kind") == "internship_post"
    if tt.busy is not None and view == "resource" and entity and not posts:
        busy = tt.busy(entity, week)
    if tt.post_used is not None and view == "resource" and entity and posts:
        # the host sees how full its post is with other institutions' interns (the page
        # showed an empty week where the occupancy route counted 16 of 16; an audit)
        post_used = tt.post_used(entity, week)
    table = (
        grid.build_grid(tt.scenario, tt.schedule, view, entity, week, look, busy, post_used)
        if entity
        else None
    )
    metrics = metrics_of(request, tt)
    base = request.url.path
    # whose timetable the download links give: an institution's own; the one a planner
    # or viewer looks at in the institution view
    exported = tt.institution or (entity if view == "institution" else None)
    return render(
        request,
        "timetable.html.j2",
        {
            "who": who,
            "tt": tt,
            "source_title": _source_title(tt, lang),
            "sources": _sources(db, who, lang),
            "current": base,
            "view": view,
            "views": grid.VIEWS,
            "choices": choices,
            "entity": entity,
            "entity_name": next((e.name for e in choices if e.id == entity), ""),
            "week": week,
            "weeks": list(range(1, weeks + 1)),
            "grid": table,
            "week_dates": _week_dates(tt, week, lang),
            "today": request.app.state.settings.current_date(),
            "heat": panels.heatmap(metrics) if metrics else None,
            "summary": metrics.summary if metrics else None,
            # the top bar names the institution of an institution key, not only its id
            "institution_name": look.name(look.institutions, tt.institution)
            if tt.institution
            else None,
            "own_summary": panels.own_summary(tt.schedule, look, tt.hosted)
            if metrics is None and tt.institution
            else None,
            "unmet": panels.unmet_from_metrics(metrics, lang)
            if metrics
            else panels.unmet_from_schedule(tt.schedule, look, lang),
            "conflicts": panels.conflicts_of(tt.schedule, lang),
            # an infeasible answer schedules the rest around its conflicts, if any fits
            "conflicts_rest": bool(tt.schedule.get("sessions") or tt.schedule.get("placements")),
            "occupancy_shown": busy is not None or post_used is not None,
            "exports": _export_links(tt, exported, look) if exported else None,
            "host_notices": panels.host_notices(
                tt.hosted_unmet,
                tt.hosted_moves,
                look,
                tt.institution_names,
                lang,
            ),
            "moves": moves.lines(
                tt.moved, tt.hosted_session_moves, tt.scenario, tt.schedule, look, lang
            ),
            "url": lambda **kw: _url(base, {"view": view, view: entity, "week": week}, kw),
        },
    )


def _url(base: str, current: dict[str, Any], change: dict[str, Any]) -> str:
    params = {**current, **change}
    if "view" in change and change["view"] != current["view"]:
        params.pop(current["view"], None)
    return base + "?" + urlencode({k: v for k, v in params.items() if v is not None})


def _export_links(tt: Timetable, institution: str, look: grid.Lookup) -> dict[str, Any] | None:
    """The institution's name and its files of a published version (none of a job's)."""
    if tt.kind != "version":
        return None
    base = f"/terms/{tt.term_id}/versions/{tt.number}/export"
    query = urlencode({"institution": institution})
    return {
        "own": institution == tt.institution,
        "name": look.name(look.institutions, institution),
        "links": [(fmt, f"{base}/{fmt}?{query}") for fmt in FORMATS],
    }


def _hidden_label(lang: str) -> str:
    return t("other_institution_item", lang)


def _own_cohorts(tt: Timetable) -> bool:
    """Whether an institution key's institution has cohorts of its own (hosted interns'
    cohorts, qualified ids, are another institution's)."""
    return any("/" not in c["id"] for c in tt.scenario.get("cohorts", []))


def _default_view(tt: Timetable) -> str:
    """An institution opens on what is its own: its cohorts' timetable if it has cohorts,
    else its resources (the public base opened on another college's lab); planners and
    viewers, who see everybody's, on the resources."""
    return "cohort" if tt.institution and _own_cohorts(tt) else "resource"


def _is_own(tt: Timetable, view: grid.ViewKind, item: str, look: grid.Lookup) -> bool:
    """Whether ``item`` of ``view`` belongs to the institution of an institution key."""
    if not tt.institution:
        return False
    if view == "resource":
        return look.resources.get(item, {}).get("owner") == tt.institution
    if view == "instructor":
        return look.instructors.get(item, {}).get("institution") == tt.institution
    if view == "institution":
        return item == tt.institution
    return "/" not in item  # cohorts: the institution's own are unqualified


def _default_entity(
    tt: Timetable, view: grid.ViewKind, choices: list[grid.Entity], look: grid.Lookup
) -> str | None:
    """The caller's own items first (an institution's), then the others; of each, the
    first with something scheduled, else the first: a page is never blank without
    reason, and an institution does not open on another's lab while it has its own."""
    own = [e for e in choices if _is_own(tt, view, e.id, look)]
    for group in (own, choices):
        for e in group:
            if next(grid.busy_weeks(tt.schedule, view, e.id, look), None) is not None:
                return e.id
        if group:
            return group[0].id
    return None


def _week_dates(tt: Timetable, week: int, lang: str) -> str:
    cal = grid.calendar_of(tt.scenario)
    first = grid.date_of(cal, week, 1)
    last = grid.date_of(cal, week, cal.days_per_week)
    return f"{short_date(first, lang)} – {short_date(last, lang)}"


def _source_title(tt: Timetable, lang: str) -> str:
    if tt.kind == "version":
        return t("source_version", lang, term=tt.title, n=tt.number)
    return t("source_job", lang, name=tt.title, n=tt.job_id)


def _sources(db: DbDep, who: Principal, lang: str) -> list[tuple[str, str]]:
    """(url, label) of every schedule the caller may open, for the source picker."""
    out = []
    for entry in terms_with_versions(db, who):
        for v in entry.versions:
            out.append(
                (
                    f"/terms/{entry.term.id}/versions/{v.number}",
                    t("source_version", lang, term=entry.term.name, n=v.number),
                )
            )
    for j in finished_jobs(db, who):
        out.append((f"/jobs/{j.job.id}", t("source_job", lang, name=j.name, n=j.job.id)))
    return out
