"""iCalendar export: parses back with icalendar, with the right local datetimes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

import icalendar
import pytest
from pydantic import BaseModel

from scheduler.exports import Scope, Selection, write_ics
from scheduler.exports.ics import build_calendar
from scheduler.models import Scenario
from scheduler.reports import ScheduleContext
from tests.scheduler.reports.sample import tiny_schedule

SHANGHAI = ZoneInfo("Asia/Shanghai")
M = TypeVar("M", bound=BaseModel)
STAMP = dt.datetime(2026, 8, 1, tzinfo=dt.UTC)


def _events(
    tmp_path: Path, ctx: ScheduleContext, selection: Selection = Selection()
) -> tuple[icalendar.Calendar, dict[str, icalendar.cal.Component]]:
    path = tmp_path / "out.ics"
    n = write_ics(ctx, path, selection, stamp=STAMP)
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    events = cal.walk("VEVENT")
    assert len(events) == n
    return cal, {str(e["UID"]): e for e in events}


@pytest.fixture
def ctx(tiny: Scenario) -> ScheduleContext:
    return ScheduleContext.build(tiny, tiny_schedule())


def test_one_event_per_session_and_placement_with_local_times(
    tmp_path: Path, ctx: ScheduleContext
) -> None:
    cal, events = _events(tmp_path, ctx)
    assert len(events) == 7 + 1
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    first = events["tiny-two-colleges.r-a-cnc.1@trainshare"]
    # week 1, Monday, slots 1-2 of 90 minutes from 08:00: 08:00-11:00 on 2026-09-07
    assert first.decoded("DTSTART") == dt.datetime(2026, 9, 7, 8, 0, tzinfo=SHANGHAI)
    assert first.decoded("DTEND") == dt.datetime(2026, 9, 7, 11, 0, tzinfo=SHANGHAI)
    assert first["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert str(first["SUMMARY"]) == "CNC practice · a-cnc-1"
    assert str(first["LOCATION"]) == "CNC lab, Campus A"
    assert str(first["DESCRIPTION"]) == (
        "request r-a-cnc, session 1 of 3\nCNC lab: 25 people, instructor t-li"
    )
    taster = events["tiny-two-colleges.r-b-cnc.2@trainshare"]
    # week 2, Thursday, slot 3: 2026-09-17 11:00-12:30
    assert taster.decoded("DTSTART") == dt.datetime(2026, 9, 17, 11, 0, tzinfo=SHANGHAI)
    assert taster.decoded("DTEND") == dt.datetime(2026, 9, 17, 12, 30, tzinfo=SHANGHAI)


def test_internship_is_an_all_day_multi_week_event(tmp_path: Path, ctx: ScheduleContext) -> None:
    _, events = _events(tmp_path, ctx)
    intern = events["tiny-two-colleges.r-a-intern.placement.post-x@trainshare"]
    assert intern.decoded("DTSTART") == dt.date(2026, 9, 14)
    assert intern.decoded("DTEND") == dt.date(2026, 9, 19)  # exclusive: through Friday 18th
    assert "25 interns" in str(intern["DESCRIPTION"])


def test_slot_times_give_the_clock_times(tmp_path: Path, tiny: Scenario) -> None:
    calendar = tiny.calendar.model_copy(update={"slot_times": ["08:00", "10:00", "14:00", "19:00"]})
    ctx = ScheduleContext.build(tiny.model_copy(update={"calendar": calendar}), tiny_schedule())
    _, events = _events(tmp_path, ctx)
    staff = events["tiny-two-colleges.r-x-weld.1@trainshare"]  # week 1, Tuesday, slot 4
    assert staff.decoded("DTSTART") == dt.datetime(2026, 9, 8, 19, 0, tzinfo=SHANGHAI)
    assert staff.decoded("DTEND") == dt.datetime(2026, 9, 8, 20, 30, tzinfo=SHANGHAI)


def test_a_day_running_past_midnight_ends_on_the_next_date(tmp_path: Path, tiny: Scenario) -> None:
    doc = tiny.model_dump(mode="json", by_alias=True, exclude_none=True)
    doc["calendar"]["slot_times"] = ["08:00", "10:00", "14:00", "23:00"]
    late = Scenario.model_validate(doc)  # the spec sets no end to a day
    _, events = _events(tmp_path, ScheduleContext.build(late, tiny_schedule()))
    staff = events["tiny-two-colleges.r-x-weld.1@trainshare"]  # week 1, Tuesday, slot 4
    assert staff.decoded("DTSTART") == dt.datetime(2026, 9, 8, 23, 0, tzinfo=SHANGHAI)
    assert staff.decoded("DTEND") == dt.datetime(2026, 9, 9, 0, 30, tzinfo=SHANGHAI)
    # without slot_times, slots follow from 08:00: four of 300 minutes end at 04:00
    del doc["calendar"]["slot_times"]
    doc["calendar"]["slot_minutes"] = 300
    _, events = _events(
        tmp_path, ScheduleContext.build(Scenario.model_validate(doc), tiny_schedule())
    )
    staff = events["tiny-two-colleges.r-x-weld.1@trainshare"]
    assert staff.decoded("DTSTART") == dt.datetime(2026, 9, 8, 23, 0, tzinfo=SHANGHAI)
    assert staff.decoded("DTEND") == dt.datetime(2026, 9, 9, 4, 0, tzinfo=SHANGHAI)


def test_uids_are_stable(ctx: ScheduleContext, tiny: Scenario) -> None:
    def uids(context: ScheduleContext) -> list[str]:
        return [str(e["UID"]) for e in build_calendar(context).walk("VEVENT")]

    # derived from the documents (scenario name, request, index), not from the run: a
    # context built again from fresh copies gives the same UIDs, and they read as such
    again = ScheduleContext.build(tiny.model_copy(deep=True), tiny_schedule())
    assert uids(ctx) == uids(again)
    schedule = tiny_schedule()
    assert uids(ctx) == [
        f"{tiny.name}.{s.request}.{s.index}@trainshare" for s in schedule.sessions
    ] + [f"{tiny.name}.{p.request}.placement.{p.resource}@trainshare" for p in schedule.placements]
    assert len(set(uids(ctx))) == len(uids(ctx))


@pytest.mark.parametrize(("one", "other"), [("r-王", "r-李"), ("r 1", "r_1")])
def test_ids_differing_only_in_unusual_characters_keep_their_own_uids(
    tmp_path: Path, tiny: Scenario, one: str, other: str
) -> None:
    """Calendar clients key events by UID: two sessions sharing one would overwrite
    each other."""
    import json

    from scheduler.models import Schedule

    def renamed(model: M) -> M:
        text = model.model_dump_json(by_alias=True, exclude_none=True)
        text = text.replace('"r-a-cnc"', json.dumps(one)).replace('"r-b-cnc"', json.dumps(other))
        return type(model).model_validate_json(text)

    scenario, schedule = renamed(tiny), renamed(tiny_schedule())
    assert isinstance(schedule, Schedule)
    _, events = _events(tmp_path, ScheduleContext.build(scenario, schedule))
    assert len(events) == len(schedule.sessions) + len(schedule.placements)


def test_resource_timetable_has_one_event_per_part(
    tmp_path: Path, split_ctx: ScheduleContext
) -> None:
    _, weld = _events(tmp_path, split_ctx, Selection(Scope.RESOURCE, "weld-shop"))
    assert "tiny-two-colleges.r-a-cnc.1.weld-shop@trainshare" in weld
    assert len(weld) == 1 + 3  # the split part + r-b-weld + 2 x r-x-weld
    assert str(weld["tiny-two-colleges.r-a-cnc.1.weld-shop@trainshare"]["LOCATION"]) == (
        "Welding workshop, Campus B"
    )
    _, whole = _events(tmp_path, split_ctx)
    location = str(whole["tiny-two-colleges.r-a-cnc.1@trainshare"]["LOCATION"])
    assert location == "CNC lab, Campus A; Welding workshop, Campus B"
    # each part on its own line, an instructor only where the part has one
    assert str(whole["tiny-two-colleges.r-a-cnc.1@trainshare"]["DESCRIPTION"]) == (
        "request r-a-cnc, session 1 of 3\nCNC lab: 15 people, instructor t-li\n"
        "Welding workshop: 10 people"
    )


def test_instructor_timetable_has_no_internships(tmp_path: Path, ctx: ScheduleContext) -> None:
    _, events = _events(tmp_path, ctx, Selection(Scope.INSTRUCTOR, "m-zhao"))
    assert sorted(events) == [
        "tiny-two-colleges.r-b-weld.1.weld-shop@trainshare",
        "tiny-two-colleges.r-x-weld.1.weld-shop@trainshare",
        "tiny-two-colleges.r-x-weld.2.weld-shop@trainshare",
    ]


def test_internship_dates_leave_out_closed_days_at_either_end(
    tmp_path: Path, tiny: Scenario
) -> None:
    """docs/reports.md: all-day from the first through the last working (open) day."""
    from scheduler.models import ClosedDay

    closed = [ClosedDay(week=2, day=1), ClosedDay(week=2, day=4), ClosedDay(week=2, day=5)]
    calendar = tiny.calendar.model_copy(update={"closed": closed})
    ctx = ScheduleContext.build(tiny.model_copy(update={"calendar": calendar}), tiny_schedule())
    _, events = _events(tmp_path, ctx)
    intern = events["tiny-two-colleges.r-a-intern.placement.post-x@trainshare"]
    assert intern.decoded("DTSTART") == dt.date(2026, 9, 15)  # Tuesday: Monday is closed
    assert intern.decoded("DTEND") == dt.date(2026, 9, 17)  # exclusive: through Wednesday
    placement = ctx.schedule.placements[0]
    assert ctx.placement_dates(placement) == (dt.date(2026, 9, 15), dt.date(2026, 9, 16))


def test_calendar_name_and_note_are_escaped_text(tiny: Scenario) -> None:
    # X- properties have no type icalendar knows: written as given, "\C" would be an
    # invalid escape and "," ";" would read as separators
    requests = [
        r.model_copy(update={"required": True}) if r.id == "r-a-cnc" else r for r in tiny.requests
    ]
    scenario = tiny.model_copy(update={"name": "Term, A; B\\C", "requests": requests})
    schedule = tiny_schedule().model_copy(update={"status": "infeasible"})
    text = build_calendar(ScheduleContext.build(scenario, schedule), stamp=STAMP).to_ical()
    assert b"X-WR-CALNAME:Term\\, A\\; B\\\\C\r\n" in text
    desc = next(line for line in text.split(b"\r\n") if line.startswith(b"X-WR-CALDESC:"))
    assert desc.startswith(b"X-WR-CALDESC:Draft\\, ")


def test_an_institution_calendar_does_not_size_other_institutions_requests(
    tmp_path: Path, ctx: ScheduleContext
) -> None:
    """col-a's calendar holds col-b's CNC taster in col-a's lab: when and where, and the
    session's number, but not how many sessions col-b asked for (its own do say it)."""
    _, events = _events(tmp_path, ctx, Selection(Scope.INSTITUTION, "col-a"))
    taster = str(events["tiny-two-colleges.r-b-cnc.1@trainshare"]["DESCRIPTION"])
    assert taster == "request r-b-cnc, session 1\nCNC lab: 18 people"
    own = str(events["tiny-two-colleges.r-a-cnc.1@trainshare"]["DESCRIPTION"])
    assert own.startswith("request r-a-cnc, session 1 of 3\n")
    _, theirs = _events(tmp_path, ctx, Selection(Scope.INSTITUTION, "col-b"))
    taster = str(theirs["tiny-two-colleges.r-b-cnc.1@trainshare"]["DESCRIPTION"])
    assert taster.startswith("request r-b-cnc, session 1 of 2\n")
