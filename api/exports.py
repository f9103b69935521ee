"""An institution's own timetable of a published version as a file: ICS, CSV or XLSX.

``trainshare export ... --institution ID`` needs the whole scenario, which only planners
and viewers may read; an institution's own part of it (``own_part`` in the web pages)
does not validate, so it could not export its own timetable at all. Here the service
cuts the version's whole scenario and schedule down to what the institution's version
view shows, keeping them a valid scenario and schedule, and runs the CLI's own writers
with its ``--institution`` filter on them. What the file holds is therefore exactly
what the web institution page and ``GET .../versions/{n}`` show:

- its own requests, ids without the institution prefix (as in its views);
- the joint requests of others its cohorts attend, ids qualified; the other
  institutions' cohorts in them named :data:`~api.compose.OTHERS`;
- what it hosts (:mod:`api.hosting`): other institutions' interns on its posts and the
  parts of their sessions its instructors teach, with the request's title and cohorts.

Other institutions' use of its labs is counted, not named (``GET .../occupancy``), so it
is not in the file; the CLI, run by a planner on the whole scenario, lists it too.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from api.compose import OTHERS, SEP, joint_requests, local, owner_of
from api.hosting import hosted

#: Media type of each export format (CSV: UTF-8 with a byte-order mark, as the CLI writes).
MEDIA_TYPES = {
    "ics": "text/calendar; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS = tuple(MEDIA_TYPES)


def institution_documents(
    scenario: dict[str, Any], schedule: dict[str, Any], institution: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The version's whole (composed, ids qualified) ``scenario`` and ``schedule`` cut to
    what ``institution`` may see of them, still a valid scenario and schedule.

    Requests keep what the exports read (title, cohorts, sessions, kind); ``after`` is
    dropped (it may name requests left out). Another institution's cohort in a joint
    request is one :data:`OTHERS` cohort, id and name, as the institution's page shows
    it, unless the institution hosts that cohort (a host is told the cohorts it
    receives or teaches, :mod:`api.hosting`).
    """
    prefix = institution + SEP
    joint = joint_requests(scenario, institution)

    def seen(request: str) -> bool:
        """The institution's own request or a joint one it takes part in."""
        return request.startswith(prefix) or request in joint

    def plain(ref: str) -> str:
        """A reference as the institution reads it: its own ids unqualified."""
        return local(ref) if owner_of(ref) == institution else ref

    placed, taught = hosted(scenario, schedule, institution)
    about = ("title", "cohorts")
    sessions = [
        {**s, "request": plain(s["request"])}
        for s in schedule.get("sessions", [])
        if seen(s.get("request", ""))
    ] + [{k: v for k, v in s.items() if k not in about} for s in taught]
    placements = [
        {**p, "request": plain(p["request"])}
        for p in schedule.get("placements", [])
        if seen(p.get("request", ""))
    ] + [{k: v for k, v in p.items() if k not in about} for p in placed]
    unmet = [
        {**u, "request": plain(u["request"])}
        for u in schedule.get("unmet", [])
        if seen(u.get("request", ""))
    ]
    hosts = {h["request"] for h in (*placed, *taught)}
    named = {c["id"] for h in (*placed, *taught) for c in h["cohorts"]}
    ours = {c["id"] for c in scenario.get("cohorts", []) if c.get("institution") == institution}

    def shown(ref: str) -> str:
        """A cohort reference as the institution's page shows it: its own unqualified,
        the ones it hosts qualified, any other as :data:`OTHERS` (its id is not shown)."""
        return plain(ref) if ref in ours or ref in named else OTHERS

    requests = []
    for r in scenario.get("requests", []):
        if not (seen(r["id"]) or r["id"] in hosts):
            continue
        doc = {k: v for k, v in r.items() if k != "after"}
        doc["id"] = plain(r["id"])
        if doc.get("cohort") is not None:
            doc["cohort"] = shown(doc["cohort"])
        if doc.get("cohorts") is not None:
            doc["cohorts"] = list(dict.fromkeys(shown(c) for c in doc["cohorts"]))
        requests.append(doc)
    cohorts = [
        {**c, "id": plain(c["id"])}
        for c in scenario.get("cohorts", [])
        if c["id"] in ours or c["id"] in named
    ]
    if any(OTHERS in ([r["cohort"]] if r.get("cohort") else r["cohorts"]) for r in requests):
        # the hidden cohorts of a request, said once; sizes are not read (headcounts are
        # the sessions' own)
        cohorts.append({"id": OTHERS, "name": OTHERS, "institution": OTHERS, "size": 1})
    cut_scenario = {**scenario, "cohorts": cohorts, "requests": requests}
    cut_schedule = {
        "format": schedule.get("format", "trainshare/schedule@1"),
        "scenario": schedule.get("scenario", scenario.get("name", "")),
        "status": schedule.get("status"),
        "sessions": sessions,
        "placements": placements,
        "unmet": unmet,
    }
    return cut_scenario, cut_schedule


@dataclass(frozen=True)
class ExportFile:
    """A rendered export: its bytes, media type and the file name offered to save it as."""

    content: bytes
    media_type: str
    filename: str

    @property
    def disposition(self) -> str:
        """``Content-Disposition``: an ASCII fallback name and the UTF-8 one (RFC 6266), as
        an institution id may be Chinese."""
        ascii_name = "".join(
            c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in self.filename
        )
        return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(self.filename)}"


def render_export(
    scenario: dict[str, Any], schedule: dict[str, Any], institution: str, fmt: str, name: str
) -> ExportFile:
    """``institution``'s timetable of the version as ``fmt`` (``ics``, ``csv``, ``xlsx``),
    written by the CLI's exporters on :func:`institution_documents` with its
    ``--institution`` filter; ``name`` (no extension) is the offered file name."""
    from scheduler.exports import Scope, Selection
    from scheduler.exports.csv_export import render_csv
    from scheduler.exports.ics import build_calendar
    from scheduler.exports.xlsx_export import build_workbook
    from scheduler.models import Scenario, Schedule
    from scheduler.reports import ScheduleContext

    cut_scenario, cut_schedule = institution_documents(scenario, schedule, institution)
    ctx = ScheduleContext.build(
        Scenario.model_validate(cut_scenario), Schedule.model_validate(cut_schedule)
    )
    selection = Selection(Scope.INSTITUTION, institution)

    def xlsx() -> bytes:
        """The workbook's bytes (``CellTooLong`` is the caller's to answer)."""
        buffer = io.BytesIO()
        build_workbook(ctx, selection).save(buffer)
        return buffer.getvalue()

    writers: dict[str, Callable[[], bytes]] = {
        "ics": lambda: build_calendar(ctx, selection).to_ical(),
        "csv": lambda: render_csv(ctx, selection).encode("utf-8-sig"),
        "xlsx": xlsx,
    }
    return ExportFile(writers[fmt](), MEDIA_TYPES[fmt], f"{name}.{fmt}")
