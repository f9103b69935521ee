"""An institution's timetable of a published version as an ICS, CSV or XLSX file.

The same file the web page's download links give (``api.web.router``); what it holds is
the institution's version view, hosted items included (:mod:`api.exports`).
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Response
from sqlalchemy.orm import Session

from api.deps import DbDep, IdPath, PrincipalDep
from api.errors import ApiError, ErrorBody
from api.exports import MEDIA_TYPES, ExportFile, render_export
from api.published_versions import amendments, effective, get_version
from api.security import Principal
from api.workflow import check_institution, get_term

router = APIRouter(
    prefix="/api/v1/terms/{term_id}",
    tags=["versions"],
    responses={401: {"model": ErrorBody}, 403: {"model": ErrorBody}, 404: {"model": ErrorBody}},
)

ExportFormat = Literal["ics", "csv", "xlsx"]


def institution_export(
    db: Session, who: Principal, term_id: int, number: int, institution: str, fmt: str
) -> ExportFile:
    """``institution``'s timetable of version ``number`` as ``fmt``, when ``who`` may read
    that institution (itself; planners and viewers any): another institution's answers
    404 like a missing one, as its submissions do."""
    from scheduler.exports import CellTooLong

    term = get_term(db, term_id, who)
    check_institution(term, institution, who, write=False)
    version = get_version(db, term, number)
    scenario, schedule = effective(version, amendments(db, version.id), shared=True)
    # the status as solved, as the institution's version view gives it: granted extras
    # turn 'optimal' into 'feasible', which would tell that others were granted some
    schedule = {**schedule, "status": version.schedule.get("status")}
    name = f"term-{term.id}-v{version.number}-{institution}"
    try:
        return render_export(scenario, schedule, institution, fmt, name)
    except CellTooLong as e:
        raise ApiError(409, f"{fmt} export of '{institution}': {e}") from None


@router.get(
    "/versions/{number}/institutions/{institution}/export/{fmt}",
    response_class=Response,
    responses={
        200: {"content": {t.split(";")[0]: {} for t in MEDIA_TYPES.values()}},
        409: {"model": ErrorBody},
    },
)
def export_institution(
    term_id: IdPath,
    number: IdPath,
    institution: str,
    fmt: ExportFormat,
    db: DbDep,
    who: PrincipalDep,
) -> Response:
    """The institution's timetable of the version, with its granted extra requests, as an
    iCalendar file, a CSV table (UTF-8 with BOM) or an XLSX workbook: the rows of
    ``trainshare export ... --institution ID`` on what the institution's view of the
    version shows. Its own requests (ids unqualified), the joint requests its cohorts
    attend, and what it hosts: other institutions' interns on its posts and the parts
    of their sessions its instructors teach (``hosted_placements``,
    ``hosted_sessions``). Other institutions' use of its labs is only counted
    (``GET .../occupancy``), so it is not in the file. An institution key reads its own
    institution; planners and viewers any."""
    out = institution_export(db, who, term_id, number, institution, fmt)
    return Response(
        out.content, media_type=out.media_type, headers={"Content-Disposition": out.disposition}
    )
