"""Field types of the documents: what one value may be (no bool for a number, no
control character in a name, bounded counts), and the size limits of a term."""

from __future__ import annotations

import re
from typing import Annotated, Final

from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer
from pydantic_core import PydanticCustomError


def _integer(value: object) -> object:
    """Python counts ``true`` as 1 and pydantic reads ``"30"`` as 30: a typo must not pass."""
    if isinstance(value, bool | str):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


def _number(value: object) -> object:
    """As :func:`_integer`, for the one field that may hold a fraction (travel minutes)."""
    if isinstance(value, bool | str):
        raise PydanticCustomError("float_type", "Input should be a valid number")
    return value


def _whole_if_whole(value: float) -> float:
    """``50`` stays ``50`` (pydantic's ``float`` makes it ``50.0``, and so would the export)."""
    return int(value) if float(value).is_integer() else value


def _boolean(value: object) -> object:
    """Only JSON ``true`` / ``false``: ``"yes"`` or ``0`` is more likely a mistake than a choice."""
    if not isinstance(value, bool):
        raise PydanticCustomError("bool_type", "Input should be a valid boolean")
    return value


def _bad_character(value: str, unfit: re.Pattern[str]) -> PydanticCustomError | None:
    """What makes ``value`` unfit to store and show, if anything: an error whose type
    names the kind of character and whose ``ctx`` holds its code point, so that a page
    can say it in another language (``api.web.field_errors``)."""
    found = unfit.search(value)
    if found is None:
        return None
    ctx = {"code": f"U+{ord(found.group()):04X}"}
    if "\ud800" <= found.group() <= "\udfff":
        return PydanticCustomError(
            "text_half_pair",
            "contains {code}, half of a character pair (a text cut inside an emoji?): "
            "not valid text",
            ctx,
        )
    if found.group() in "\ufffe\uffff":
        return PydanticCustomError(
            "text_noncharacter",
            "contains {code}, which is not a character: a workbook or page cannot hold it",
            ctx,
        )
    if found.group() in "\t\n\r":  # only ids refuse them: a cell or a form can hold them
        return PydanticCustomError(
            "id_line_break",
            "contains a line break or tab ({code}): an id is one line without tabs (it "
            "names files, calendar entries and database rows)",
            ctx,
        )
    return PydanticCustomError(
        "text_control_character",
        "contains the control character {code}, which cannot be stored or shown",
        ctx,
    )


#: What names and titles may not hold: half a surrogate pair, control characters but
#: tab and line breaks, and U+FFFE / U+FFFF (no XML file, so no workbook, can hold them).
_TEXT_CONTROLS = re.compile("[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


#: Ids may hold no control character at all (they end up in file names, calendar UIDs
#: and database keys).
_ID_CONTROLS = re.compile("[\ud800-\udfff\x00-\x1f\x7f-\x9f\ufffe\uffff]")


def _text(value: str) -> str:
    if (problem := _bad_character(value, _TEXT_CONTROLS)) is not None:
        raise problem
    return value


def _id_text(value: str) -> str:
    if (problem := _bad_character(value, _ID_CONTROLS)) is not None:
        raise problem
    return value


#: Free text (names, titles, tags): any Unicode text but broken surrogates and control
#: characters other than tab and line breaks, which no database, file or page can hold.
Text = Annotated[str, AfterValidator(_text)]


Id = Annotated[str, Field(min_length=1), AfterValidator(_id_text)]


#: Not a bool, not text (see :func:`_integer`). Bounded integers put their ``Field``
#: *before* it (``Annotated[int, Field(ge=1), NOT_BOOL_OR_TEXT]``): after it, pydantic
#: checks the bounds all the same but writes them into the JSON Schema as ``ge``/``le``,
#: which schema validators ignore, instead of ``minimum``/``maximum``.
NOT_BOOL_OR_TEXT = BeforeValidator(_integer)


Bool = Annotated[bool, BeforeValidator(_boolean)]


PositiveInt = Annotated[int, Field(ge=1), NOT_BOOL_OR_TEXT]


#: Size limits of a calendar (docs/format-extensions.md, "Limits"): two school years of
#: weeks, half-hour slots around the clock, and a total that keeps the masks small.
MAX_WEEKS: Final = 104


MAX_DAYS_PER_WEEK: Final = 7


MAX_SLOTS_PER_DAY: Final = 48


MAX_CALENDAR_SLOTS: Final = 20_000


#: Sessions all the requests of a scenario ask for together: each costs memory and time
#: in every step, and a 14 kB file asking for a million took 4.7 GB and minutes to solve.
#: The generated L tier asks for 24,177.
MAX_TOTAL_SESSIONS: Final = 100_000


#: Resources, cohorts and instructors together times the calendar's slots: every check
#: and both solvers hold arrays over all slots for each of them (tens of bytes a cell).
#: 10,000 workshops on the largest calendar asked for gigabytes; the L tier has 1.5 million.
MAX_TIMETABLE_CELLS: Final = 10_000_000


#: Upper bounds of the other numbers (same table): far beyond any term, small enough that
#: every objective term stays well inside CP-SAT's 64-bit integers.
MAX_PEOPLE: Final = 100_000


#: Sites of one scenario: every travel check holds a sites x sites matrix of shortest
#: times (:func:`scheduler.sites.travel_matrix`), so 50,000 sites in a 1 MB file asked
#: for 20 GB. The generated L tier has 23; a consortium's campuses and parks are tens.
MAX_SITES: Final = 500


MAX_SLOTS_PER_WEEK: Final = MAX_DAYS_PER_WEEK * MAX_SLOTS_PER_DAY


MAX_CALENDAR_DAYS: Final = MAX_DAYS_PER_WEEK * MAX_WEEKS


MAX_MINUTES: Final = 24 * 60


#: Minutes from one midnight to the next.
DAY_MINUTES: Final = 24 * 60


#: Travel may be longer than a day (sites that never share one); a week of minutes.
MAX_TRAVEL_MINUTES: Final = 7 * 24 * 60


MAX_PRIORITY: Final = 10_000


MAX_WEIGHT: Final = 10_000


#: ``demand`` goes further: its resolved value (:mod:`scheduler.weights`) outweighs the
#: fairness term's whole range (1000 x ``fairness``) plus a booking's worst penalties, so
#: it passes 10,000 on ordinary terms (21,000 on the Dalian example), and a planner must
#: be able to write it out.
MAX_DEMAND_WEIGHT: Final = 1_000_000_000


Week = Annotated[int, Field(ge=1, le=MAX_WEEKS), NOT_BOOL_OR_TEXT]


Day = Annotated[int, Field(ge=1, le=MAX_DAYS_PER_WEEK), NOT_BOOL_OR_TEXT]


Slot = Annotated[int, Field(ge=1, le=MAX_SLOTS_PER_DAY), NOT_BOOL_OR_TEXT]


People = Annotated[int, Field(ge=1, le=MAX_PEOPLE), NOT_BOOL_OR_TEXT]


ExtraPeople = Annotated[int, Field(ge=0, le=MAX_PEOPLE), NOT_BOOL_OR_TEXT]


CalendarDays = Annotated[int, Field(ge=0, le=MAX_CALENDAR_DAYS), NOT_BOOL_OR_TEXT]


SlotsPerWeek = Annotated[int, Field(ge=0, le=MAX_SLOTS_PER_WEEK), NOT_BOOL_OR_TEXT]


#: Travel minutes may be fractional (the spec does not say whole): ``12.5`` is kept as it
#: is, free minutes are compared with it exactly, and the objective's travel term rounds
#: each trip up (:func:`scheduler.objective_terms.travel_cost_minutes`). Whole numbers
#: are kept as ``int``, so ``50`` is written back as ``50``.
Minutes = Annotated[
    float,
    Field(ge=0, le=MAX_TRAVEL_MINUTES, allow_inf_nan=False),
    BeforeValidator(_number),
    AfterValidator(_whole_if_whole),
    PlainSerializer(_whole_if_whole, return_type=int | float),
]


Weight = Annotated[int, Field(ge=0, le=MAX_WEIGHT), NOT_BOOL_OR_TEXT]


DemandWeight = Annotated[int, Field(ge=0, le=MAX_DEMAND_WEIGHT), NOT_BOOL_OR_TEXT]


_TIME_RE = re.compile(r"([01]?[0-9]|2[0-3]):[0-5][0-9]")


#: A date as the format writes it, and nothing else (see ``Calendar.first_monday``).
DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}")


def _clock_time(value: str) -> str:
    """A start time, written back as HH:MM: ``8:00`` is read as ``08:00`` (the spec
    only shows an example), so times compare in order as text."""
    if not _TIME_RE.fullmatch(value):  # not match: "$" lets a final newline through
        raise ValueError(f"{value!r} is not a time HH:MM")
    return value.zfill(5)


ClockTime = Annotated[str, AfterValidator(_clock_time)]
