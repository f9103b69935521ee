"""The workbook layout: one sheet per entity, one column per field, one row per item.

This table is the single description of the spreadsheet format: the writer lays out
sheets and header comments from it, the reader maps headers back to document keys
with it, and validation paths (``requests[4].cohort``) go back to cells through it.
Column names are the JSON keys (``prefer_weight`` for ``prefer.weight``), so the
spreadsheet and the JSON document read the same.

Cell kinds
----------
``str``, ``int``, ``bool``, ``date``, ``enum``: one value; ``day``: a weekday, its
number or its name (``4``, ``周四``, ``星期四``).
``list``: items separated by ``;`` (``cnc;safety-cert``); JSON text also accepted;
``、`` or a comma also separates tags and kinds, and ids when every piece is a known id
(the reader decides, since an id may hold one).
``int`` columns with a ``unit`` also read a number followed by that unit (``60人``).
``times``: ``08:00;10:00;14:00``.
``windows``: windows separated by ``|``, each ``weeks=3-12 days=1,2,3 slots=1,2``
(keys optional, ``weeks=5`` = one week, ``all`` = a window without limits); JSON
text also accepted.
Everywhere: an empty cell means the key is absent (its default); ``[]`` means an
explicit empty list (``open_to`` ``[]`` = owner only, ``available`` ``[]`` = never).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from scheduler.models import (
    CohortKind,
    InstitutionKind,
    Pattern,
    RequestKind,
    ResourceKind,
)


@dataclass(frozen=True)
class Column:
    """One column: ``key`` is the dotted path inside the sheet's object."""

    name: str
    key: str
    kind: str
    zh: str
    help: str
    required: bool = False
    allowed: tuple[str, ...] = ()
    #: What an ``int`` column counts (:data:`~scheduler.spreadsheet.habits.UNITS`):
    #: ``60人`` reads as 60 under people, and is refused under minutes.
    unit: str = ""


@dataclass(frozen=True)
class SheetSpec:
    """One sheet; ``path`` is where its rows live in the document (dotted).

    ``single`` sheets hold exactly one row that *is* the object at ``path`` (``""`` is
    the document itself, for the calendar sheet that also carries the scenario name).
    """

    name: str
    path: str
    columns: tuple[Column, ...]
    zh: str
    help: str
    single: bool = False
    required: bool = False


def _values(enum: type[StrEnum]) -> tuple[str, ...]:
    return tuple(e.value for e in enum)


_WINDOWS_HELP = (
    "Windows separated by |, each 'weeks=3-12 days=1,2,3 slots=1,2' (every key optional; "
    "'all' = no limit). Empty = the whole calendar; [] = never."
)

# the columns several sheets have, word for word
_ID = Column("id", "id", "str", "编号", "Unique id.", True)
_NAME = Column("name", "name", "str", "名称", "Display name.")
_INSTITUTION = Column("institution", "institution", "str", "所属单位", "Institution id.", True)
_SITE = Column("site", "site", "str", "所在校区", "Site id.", True)

SHEETS: tuple[SheetSpec, ...] = (
    SheetSpec(
        name="calendar",
        path="",
        single=True,
        required=True,
        zh="日历",
        help="One row: the scenario name and its term calendar.",
        columns=(
            Column("name", "name", "str", "场景名称", "Scenario name (an id).", True),
            Column(
                "weeks", "calendar.weeks", "int", "周数", "Weeks in the term.", True, unit="weeks"
            ),
            Column(
                "days_per_week",
                "calendar.days_per_week",
                "int",
                "每周天数",
                "Teaching days per week, 1-7 (day 1 is Monday).",
                True,
                unit="days",
            ),
            Column(
                "slots_per_day",
                "calendar.slots_per_day",
                "int",
                "每天节数",
                "Slots a day.",
                True,
                unit="slots",
            ),
            Column(
                "slot_minutes",
                "calendar.slot_minutes",
                "int",
                "每节分钟",
                "Minutes per slot.",
                True,
                unit="minutes",
            ),
            Column(
                "first_monday",
                "calendar.first_monday",
                "date",
                "第一周周一",
                "Date of the Monday of week 1 (YYYY-MM-DD).",
                True,
            ),
            Column(
                "slot_times",
                "calendar.slot_times",
                "times",
                "各节开始时间",
                "Optional start time of each slot, e.g. 08:00;10:00;14:00;16:00. "
                "Empty = back to back from 08:00.",
            ),
        ),
    ),
    SheetSpec(
        name="closed",
        path="calendar.closed",
        zh="停课日",
        help="Whole days off for everyone (holidays): one row per day.",
        columns=(
            Column("week", "week", "int", "周", "Week (1-based).", True, unit="week"),
            Column(
                "day", "day", "day", "星期", "Day of the week, 1 = Monday (or 周一 ... 周日).", True
            ),
        ),
    ),
    SheetSpec(
        name="sites",
        path="sites",
        required=True,
        zh="校区／园区",
        help="Places; travel times between them are on the travel sheet.",
        columns=(
            _ID,
            _NAME,
        ),
    ),
    SheetSpec(
        name="travel",
        path="travel",
        zh="交通时间",
        help="Undirected edges of the site graph; travel time is the shortest path.",
        columns=(
            Column("from", "from", "str", "起点", "Site id.", True),
            Column("to", "to", "str", "终点", "Site id.", True),
            Column("minutes", "minutes", "int", "分钟", "Travel minutes.", True, unit="minutes"),
        ),
    ),
    SheetSpec(
        name="institutions",
        path="institutions",
        required=True,
        zh="单位",
        help="Colleges, enterprises and institutes of the consortium.",
        columns=(
            _ID,
            _NAME,
            Column(
                "kind",
                "kind",
                "enum",
                "类型",
                "What it is.",
                True,
                _values(InstitutionKind),
            ),
            Column("site", "site", "str", "所在校区", "Site id of its home.", True),
        ),
    ),
    SheetSpec(
        name="resources",
        path="resources",
        zh="实训资源",
        help="Labs, workshops, training bases and internship posts.",
        columns=(
            _ID,
            _NAME,
            Column("kind", "kind", "enum", "类型", "Resource kind.", True, _values(ResourceKind)),
            Column("owner", "owner", "str", "产权单位", "Institution id of the owner.", True),
            _SITE,
            Column(
                "capacity",
                "capacity",
                "int",
                "容量",
                "People at once (internship posts: interns per week).",
                True,
                unit="people",
            ),
            Column("features", "features", "list", "设备特性", "Features, e.g. cnc;safety-cert."),
            Column(
                "shareable",
                "shareable",
                "bool",
                "可同时多班",
                "TRUE: several sessions at once within capacity; FALSE/empty: one at a time.",
            ),
            Column("available", "available", "windows", "开放时间", _WINDOWS_HELP),
            Column(
                "open_to",
                "open_to",
                "list",
                "开放单位",
                "Institution ids that may use it besides the owner. Empty = everyone; "
                "[] = the owner only.",
            ),
            Column(
                "owner_windows",
                "owner_windows",
                "windows",
                "产权单位保留时间",
                "Windows reserved for the owner's own cohorts. " + _WINDOWS_HELP,
            ),
            Column(
                "overflow",
                "overflow",
                "int",
                "可超员人数",
                "People over capacity tolerated at a cost (default 0).",
                unit="people",
            ),
        ),
    ),
    SheetSpec(
        name="instructors",
        path="instructors",
        zh="教师",
        help="Teachers, dual-qualified teachers and enterprise mentors.",
        columns=(
            _ID,
            Column("name", "name", "str", "姓名", "Display name."),
            _INSTITUTION,
            Column("skills", "skills", "list", "技能", "Skills, e.g. cnc;welding."),
            _SITE,
            Column("available", "available", "windows", "可授课时间", _WINDOWS_HELP),
            Column(
                "max_slots_per_week",
                "max_slots_per_week",
                "int",
                "每周最多节数",
                "Weekly teaching load limit in slots; empty = no limit.",
                unit="slots",
            ),
        ),
    ),
    SheetSpec(
        name="cohorts",
        path="cohorts",
        zh="班级／培训班组",
        help="Student classes and enterprise trainee groups.",
        columns=(
            _ID,
            _NAME,
            _INSTITUTION,
            Column(
                "kind",
                "kind",
                "enum",
                "类型",
                "students (default) or trainees (enterprise staff).",
                False,
                _values(CohortKind),
            ),
            Column("size", "size", "int", "人数", "Number of people.", True, unit="people"),
            Column("major", "major", "str", "专业", "Major or trade."),
            Column("available", "available", "windows", "可上课时间", _WINDOWS_HELP),
        ),
    ),
    SheetSpec(
        name="requests",
        path="requests",
        zh="实训需求",
        help="What each college or enterprise asks of the shared resources.",
        columns=(
            _ID,
            Column(
                "cohort",
                "cohort",
                "str",
                "班级",
                "Cohort id (give this or cohorts, not both).",
            ),
            Column(
                "cohorts",
                "cohorts",
                "list",
                "联合班级",
                "Cohort ids attending together, e.g. a-cnc-1;x-staff (instead of cohort).",
            ),
            Column(
                "headcount",
                "headcount",
                "int",
                "实到人数",
                "Optional: people at each session when only part of the cohorts attend "
                "(default: the sum of their sizes).",
                unit="people",
            ),
            Column("title", "title", "str", "名称", "Title shown in timetables."),
            Column(
                "kind",
                "kind",
                "enum",
                "类型",
                "sessions (default) or internship.",
                False,
                _values(RequestKind),
            ),
            Column(
                "sessions",
                "sessions",
                "int",
                "课次",
                "Sessions wanted (sessions requests).",
                unit="sessions",
            ),
            Column(
                "duration",
                "duration",
                "int",
                "每次节数",
                "Slots per session (default 1).",
                unit="slots",
            ),
            Column(
                "weeks",
                "weeks",
                "int",
                "实习周数",
                "Consecutive weeks (internships).",
                unit="weeks",
            ),
            Column("needs", "needs", "list", "所需特性", "Features every used resource must have."),
            Column(
                "resource_kinds",
                "resource_kinds",
                "list",
                "资源类型",
                "Allowed resource kinds; empty = any.",
                False,
                _values(ResourceKind),
            ),
            Column(
                "resources",
                "resources",
                "list",
                "候选资源",
                "Explicit candidate resource ids; empty = any matching.",
            ),
            Column("window", "window", "windows", "时间窗口", _WINDOWS_HELP),
            Column(
                "pattern",
                "pattern",
                "enum",
                "排课模式",
                "free (default), weekly (same day and slot each week) or block (consecutive days).",
                False,
                _values(Pattern),
            ),
            Column(
                "max_per_week",
                "max_per_week",
                "int",
                "每周最多次数",
                "free pattern only.",
                unit="sessions",
            ),
            Column(
                "min_days_apart",
                "min_days_apart",
                "int",
                "最少间隔天数",
                "free pattern only; calendar days between sessions.",
                unit="days",
            ),
            Column(
                "min_days",
                "min_days",
                "int",
                "最少天数",
                "Soft: distinct days wanted.",
                unit="days",
            ),
            Column(
                "split",
                "split",
                "bool",
                "可分组",
                "TRUE: a session may run as sub-groups in several resources at once.",
            ),
            Column(
                "instructor_skills",
                "instructor_skills",
                "list",
                "教师技能",
                "Skills an instructor must have; empty = no instructor needed.",
            ),
            Column(
                "instructors",
                "instructors",
                "list",
                "指定教师",
                "Candidate instructor ids (one = a fixed teacher).",
            ),
            Column("after", "after", "list", "先修需求", "Request ids that must finish first."),
            Column("priority", "priority", "int", "优先级", "Weight of the demand (default 1)."),
            Column(
                "required",
                "required",
                "bool",
                "必须满足",
                "TRUE: the schedule must contain it in full.",
            ),
            Column(
                "prefer_resources",
                "prefer.resources",
                "list",
                "偏好资源",
                "Preferred resource ids (soft).",
            ),
            Column(
                "prefer_windows",
                "prefer.windows",
                "windows",
                "偏好时间",
                "Preferred windows (soft). " + _WINDOWS_HELP,
            ),
            Column(
                "prefer_weight",
                "prefer.weight",
                "int",
                "偏好权重",
                "Weight of the preference (default 1).",
            ),
        ),
    ),
    SheetSpec(
        name="weights",
        path="weights",
        single=True,
        zh="目标权重",
        help="Optional: one row of objective weights (docs/objective.md); an empty cell keeps "
        "that weight's default, no row keeps them all.",
        columns=tuple(
            Column(w, w, "int", zh, help_)
            for w, zh, help_ in (
                ("demand", "需求", "Per fulfilled unit (empty: resolved, at least 1000)."),
                ("fairness", "公平", "Per mille of the worst institution's share (20)."),
                ("prefer", "偏好", "Per missed preference (20)."),
                ("stability", "稳定", "Per extra resource of a request (10)."),
                ("travel", "交通", "Per travel minute (1)."),
                ("overflow", "超员", "Per person over capacity (50)."),
                ("min_days", "天数", "Per missing day of min_days (0)."),
                ("isolated", "孤立课", "Per isolated session (0)."),
            )
        ),
    ),
)

README_SHEET = "README"
