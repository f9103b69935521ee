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

from itertools import zip_longest
from typing import Any

from api.web.grid import Lookup, calendar_of, slots_of
from api.web.i18n import t, weekday
from api.web.panels import placements_text, seen_name


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
    place held its duration is looked up in the schedule). A session of several parts
    whose teachers changed says which room's teacher did, and a host of the rooms its own
    teachers taught or teach (``HostedSessionMove`` holds no other: ``api.hosting``).
    Another institution's interns moved on a host's posts are said in the host notices
    (``hosted_moves``), not here; a joint internship the host's cohorts attend is in
    ``moved`` only, so it is said here."""
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

    def named(table: dict[str, dict[str, Any]], key: str) -> str:
        """``key``'s name; one the reader's view hides in the page's language."""
        return seen_name(look, table, key, lang)

    def teachers(ids: list[str]) -> str:
        return comma.join(named(look.instructors, i) for i in ids) or t("host_none", lang)

    def retaught(before: list[dict[str, Any]], after: list[dict[str, Any]], nobody: str) -> str:
        """Each room whose teacher changed, with its teachers before and after (``nobody``
        where a side has none, or none the reader is told of)."""
        said = []
        for room, was, now in _room_changes(before, after):
            said_was, said_now = (teachers([i]) if i else nobody for i in (was, now))
            change = t("move_taught_by", lang, before=said_was, after=said_now)
            said.append(f"{named(look.resources, room)} {change}" if room else change)
        return ("；" if lang == "zh" else "; ").join(said)

    def rooms_taught(parts: list[dict[str, Any]]) -> str:
        """Each room of a session's parts with its teachers (a room nobody teaches in
        alone): said as two lists, rooms then teachers, nobody could tell who teaches where."""
        said = []
        for room, ids in _teachers_by_room(parts).items():
            shown, who = named(look.resources, room or ""), [i for i in ids if i]
            said.append(
                t("move_room_taught", lang, room=shown, who=teachers(who)) if who else shown
            )
        return comma.join(said)

    def place(p: dict[str, Any] | None) -> str:
        """A session's place and teachers, each room's teachers with it when it is held in
        several; a dropped session's words when ``None``."""
        if p is None:
            return t("move_dropped", lang)
        parts = p.get("parts")
        if parts is not None and len({x.get("resource") for x in parts}) > 1:
            return f"{when(p)} · {rooms_taught(parts)}"
        rooms = [x["resource"] for x in parts] if parts is not None else p.get("resources", [])
        said = [when(p), comma.join(named(look.resources, r) for r in rooms if r)]
        # versions published before moves held their parts: none; a request that asks
        # for no instructor has none to say ("· none" read as a missing teacher)
        taught = [x["instructor"] for x in parts or () if x.get("instructor")]
        if taught:
            said.append(teachers(taught))
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
            head = {"what": what, "n": m["index"], "at": place(at)}
            if len(m.get("to_parts") or ()) > 1:  # a split session: whose room it is
                changes = retaught(m["from_parts"], m["to_parts"], t("host_none", lang))
                out.append(t("move_rooms_retaught", lang, **head, changes=changes))
            else:
                before, after = teachers(m["from"]), teachers(m["to"])
                out.append(t("move_teacher", lang, **head, before=before, after=after))
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
        if h.kind == "teacher":  # held as before: only its own teachers' rooms changed
            side = h.before or h.after or {}
            parts = (h.before or {}).get("parts", []), (h.after or {}).get("parts", [])
            changes = retaught(*parts, t("move_not_yours", lang))
            out.append(
                t(
                    "move_taught_retaught",
                    lang,
                    what=h.title or h.request,
                    n=h.index,
                    at=when(side),
                    changes=changes,
                )
            )
            continue
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


def _room_changes(
    before: list[dict[str, Any]], after: list[dict[str, Any]]
) -> list[tuple[str | None, str | None, str | None]]:
    """(room, teacher before, teacher after) of each part whose teacher changed, parts
    paired by room (a kept session holds the same rooms), in the order ``after`` holds
    them; a side without the room has ``None`` (a host is told its own teachers' parts
    only, ``api.hosting``)."""
    was, now = _teachers_by_room(before), _teachers_by_room(after)
    return [
        (room, old, new)
        for room in dict.fromkeys([*now, *was])
        for old, new in zip_longest(was.get(room, []), now.get(room, []))
        if old != new
    ]


def _teachers_by_room(parts: list[dict[str, Any]]) -> dict[str | None, list[str | None]]:
    """Each room of a session's parts with the teacher of each of its parts (``None`` for
    a part without one), rooms in the parts' order."""
    out: dict[str | None, list[str | None]] = {}
    for p in parts:
        out.setdefault(p.get("resource"), []).append(p.get("instructor"))
    return out
