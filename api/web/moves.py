"""What a version's re-solve moved, in sentences for the timetable page.

The version route hands each caller its part of the version's ``moved`` (an institution:
its own requests' and the joint ones its cohorts attend, ``api.hosting.moves_seen``) and
the sessions its instructors teach for others that moved (``hosted_session_moves``):
already cut down and redacted by the API, so this module only puts them into words,
each place as week, day, clock time, rooms and teachers. Without this the page showed a
re-solved timetable with no word of what had changed, and a college that asked for more
mid-term could not tell which of its sessions had moved.
"""

from __future__ import annotations

from typing import Any

from api.web.grid import Lookup, calendar_of, slots_of
from api.web.i18n import t, weekday
from api.web.panels import placements_text


def lines(
    moved: list[dict[str, Any]],
    taught: list[Any],
    scenario: dict[str, Any],
    schedule: dict[str, Any],
    look: Lookup,
    lang: str,
) -> list[str]:
    """One sentence per entry of ``moved`` (sessions moved or dropped, kept with other
    teachers, internships moved) and of ``taught`` (``HostedSessionMove``), in ``lang``.
    ``scenario`` and ``schedule`` are the page's (a teacher change published before its
    place held its duration is looked up in the schedule). Another institution's interns
    moved on a host's posts are said in the host notices (``hosted_moves``), not here;
    a joint internship the host's cohorts attend is said here only (``host_notices``)."""
    slots = slots_of(calendar_of(scenario))
    comma = "、" if lang == "zh" else ", "

    def when(place: dict[str, Any]) -> str:
        """Week, weekday and clock times of a session's place."""
        first = slots[min(int(place["slot"]), len(slots)) - 1]
        end = int(place["slot"]) + int(place.get("duration") or 1) - 1
        last = slots[min(end, len(slots)) - 1]
        return t(
            "move_when",
            lang,
            week=place["week"],
            day=weekday(int(place["day"]), lang),
            start=first.start,
            end=last.end,
        )

    def teachers(ids: list[str]) -> str:
        return comma.join(look.name(look.instructors, i) for i in ids) or t("host_none", lang)

    def place(p: dict[str, Any] | None) -> str:
        """A session's place and teachers; a dropped session's words when ``None``."""
        if p is None:
            return t("move_dropped", lang)
        parts = p.get("parts")
        rooms = [x["resource"] for x in parts] if parts is not None else p.get("resources", [])
        said = [when(p), comma.join(look.name(look.resources, r) for r in rooms if r)]
        if parts is not None:  # versions published before moves held their parts: none
            said.append(teachers([x["instructor"] for x in parts if x.get("instructor")]))
        return " · ".join(s for s in said if s)

    def placed(ps: list[dict[str, Any]] | None) -> str:
        return t("move_dropped", lang) if ps is None else placements_text(ps, look, lang)

    out = []
    for m in moved:
        what = look.title(m["request"])
        if m.get("kind") == "internship":
            out.append(
                t(
                    "move_internship",
                    lang,
                    what=what,
                    before=placed(m["from"]),
                    after=placed(m["to"]),
                )
            )
        elif m.get("kind") == "teacher":
            at = m["at"]
            if "duration" not in at:  # published before entries held it
                at = {**at, "duration": _duration(schedule, m["request"], at)}
            out.append(
                t(
                    "move_teacher",
                    lang,
                    what=what,
                    n=m["index"],
                    at=place(at),
                    before=teachers(m["from"]),
                    after=teachers(m["to"]),
                )
            )
        else:
            out.append(
                t(
                    "move_session",
                    lang,
                    what=what,
                    n=m["index"],
                    before=place(m["from"]),
                    after=place(m["to"]),
                )
            )
    for h in taught:
        out.append(
            t(
                "move_taught",
                lang,
                what=h.title or h.request,
                n=h.index,
                before=place(h.before) if h.before else t("move_not_taught", lang),
                after=place(h.after) if h.after else t("move_not_taught_now", lang),
            )
        )
    return out


def _duration(schedule: dict[str, Any], request: str, at: dict[str, Any]) -> int:
    """Slots of ``request``'s session held at ``at`` in ``schedule`` (1 if none is)."""
    key = (at["week"], at["day"], at["slot"])
    return next(
        (
            int(s.get("duration") or 1)
            for s in schedule.get("sessions", [])
            if s["request"] == request and (s["week"], s["day"], s["slot"]) == key
        ),
        1,
    )
