"""How people type dates, times, weekdays and numbers in Excel or WPS, read as the
format's values where the meaning is plain, refused with the reason where it is not.

A Chinese keyboard types full-width forms (``２０２６／９／７``, ``08：00``, ``weeks＝3－12``):
they are folded to the ASCII the format uses, and nothing else is (NFKC would also read
``6²`` as 62). A date is read in year-month-day order only (``2026/9/7``,
``2026年9月7日``); ``9/7`` and ``9月7日`` have no year, which no other date of the
calendar could give (first_monday is its only date): refused so. ``8点`` is refused:
``2点`` after ``10点`` usually means 14:00, and the format would read 02:00 the next day.
"""

from __future__ import annotations

import datetime as dt
import re

#: Weekday names of day 1 (Monday) to 7: 周一, 星期一, 礼拜一; 日 and 天 are Sunday.
_WEEKDAY = re.compile(r"(?:星期|周|礼拜)([一二三四五六日天])")
_WEEKDAY_NUMBER = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7}

_DATE_SEPARATED = re.compile(r"(\d{4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})")
_DATE_CHINESE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?")
_MONTH_DAY = re.compile(r"(\d{1,2})\s*([-/.])\s*(\d{1,2})")
_MONTH_DAY_CHINESE = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
_CHINESE_CLOCK = re.compile(r".*\d+\s*[点點时時].*")


#: Full-width ASCII (U+FF01-U+FF5E) to ASCII, the ideographic space to a space.
_HALF_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_SPACES = re.compile(r"\s+")


def folded(text: str) -> str:
    """``text`` with full-width forms as ASCII and every run of spaces (non-breaking,
    ideographic, a line break) as one space, trimmed."""
    return _SPACES.sub(" ", text.translate(_HALF_WIDTH)).strip()


def weekday_numbers(text: str) -> str:
    """Weekday names replaced by their day numbers: ``周一-周三`` -> ``1-3``."""
    return _WEEKDAY.sub(lambda m: str(_WEEKDAY_NUMBER[m.group(1)]), text)


def date_text(text: str) -> str | None:
    """``2026/9/7``, ``2026-9-7``, ``2026.9.7`` or ``2026年9月7日`` as ``2026-09-07``;
    ``None`` for text of another form (validation names it). Raises ``ValueError`` for a
    date that does not exist (``2026/2/30``)."""
    typed, text = text, folded(text)
    m = _DATE_SEPARATED.fullmatch(text)
    year, month, day = (m.group(1), m.group(3), m.group(4)) if m else (None, None, None)
    if m is None and (m := _DATE_CHINESE.fullmatch(text)):
        year, month, day = m.groups()
    if year is None or month is None or day is None:
        _refuse_without_year(text, typed)
        return None
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        raise ValueError(f"'{text}' is no date: {year} has no day {month}-{day}") from None


def _refuse_without_year(text: str, typed: str) -> None:
    """Raise ``ValueError`` for a month and day without a year (``9/7``, ``9月7日``): the
    year could come only from another date of the calendar, and first_monday is its
    only one (9/7 might also be 9 July to a clerk used to day-month order)."""
    if m := _MONTH_DAY.fullmatch(text):
        written = f"YYYY{m.group(2)}{int(m.group(1))}{m.group(2)}{int(m.group(3))}"
    elif m := _MONTH_DAY_CHINESE.fullmatch(text):
        written = f"YYYY年{int(m.group(1))}月{int(m.group(2))}日"
    else:
        return
    raise ValueError(
        f"'{typed}' has no year, and the calendar has no other date to take one from "
        f"(first_monday is its only date): write the year, as in {written}, year first"
    )


def clock_text(text: str) -> str:
    """``8:00``, ``08：00`` or ``08:00:00`` as the format's ``8:00``/``08:00``; other text
    as it is (validation names it). Raises ``ValueError`` for seconds that are not 00,
    which HH:MM would drop, and for ``8点``, which does not say whether 2点 is 14:00."""
    plain = folded(text)
    m = _CLOCK.fullmatch(plain)
    if m:
        if m.group(3) not in (None, "00"):
            raise ValueError(f"'{text}': start times are whole minutes (HH:MM), not seconds")
        return f"{m.group(1)}:{m.group(2)}"
    if _CHINESE_CLOCK.fullmatch(plain):
        raise ValueError(
            f"'{text}': write times on a 24-hour clock as HH:MM (8点 -> 08:00, 下午2点 -> 14:00)"
        )
    return text


#: What a count column counts, and the words a clerk writes after the number
#: (``60人``, ``4周``, ``2节``, ``90分钟``); ``week`` is a week's number (``第4周``).
UNITS: dict[str, tuple[str, ...]] = {
    "people": ("人", "名", "位", "people", "persons", "person"),
    "weeks": ("周", "weeks", "week", "wks", "wk"),
    "slots": ("节", "节课", "slots", "slot"),
    "minutes": ("分钟", "分", "minutes", "minute", "mins", "min"),
    "days": ("天", "days", "day"),
    "sessions": ("次", "sessions", "session"),
}
#: A unit as a message names it.
UNIT_NAMES = {
    "people": "people (人)",
    "weeks": "weeks (周)",
    "slots": "slots (节)",
    "minutes": "minutes (分钟)",
    "days": "days (天)",
    "sessions": "sessions (次)",
}
_UNIT_OF = {word: unit for unit, words in UNITS.items() for word in words}
_WITH_UNIT = re.compile(r"(第)?\s*(\d+)(?:\.0*)?\s*个?\s*([^\d\s.].*)")


def unit_of(column_unit: str) -> str:
    """The unit a column's numbers are in: a week's number is in weeks."""
    return "weeks" if column_unit == "week" else column_unit


def number_with_unit(text: str, column_unit: str) -> str | None:
    """The digits of ``60人``, ``4周``, ``第4周`` where the unit fits ``column_unit``;
    ``None`` for text that is no number and a unit word (validation names it). Raises
    ``ValueError`` for a unit that does not fit (``60分钟`` of people: 60 what?)."""
    plain = folded(text)
    m = _WITH_UNIT.fullmatch(plain)
    unit = _UNIT_OF.get(m.group(3).strip().lower()) if m else None
    if m is None or unit is None:
        return None
    ordinal, digits = m.group(1), m.group(2)
    wanted = unit_of(column_unit)
    if not wanted:
        raise ValueError(f"'{text}': this column is a plain number, not {unit}: write {digits}")
    if unit != wanted:
        raise ValueError(
            f"'{text}' is in {UNIT_NAMES[unit]}, but this column counts "
            f"{UNIT_NAMES[wanted]}: write the number of {wanted} ({digits} if that is it)"
        )
    if ordinal and column_unit != "week":
        raise ValueError(
            f"'{text}' names a week, but this column counts weeks: write how many ({digits}?)"
        )
    return digits


#: The Chinese words a college office writes for each kind (the format's values are
#: English): a word stands for one value only, and is read only where that value is
#: allowed (实习 is a request's kind, not a resource's; 实习岗位 is the resource).
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "college": ("学院", "院校", "学校", "高校", "职业院校"),
    "enterprise": ("企业", "公司"),
    "institute": ("研究院", "研究所", "科研院所"),
    "lab": ("实训室", "实验室"),
    "workshop": ("车间", "实训车间"),
    "training_base": ("实训基地", "基地"),
    "internship_post": ("实习岗位", "岗位"),
    "students": ("学生", "学生班级"),
    "trainees": ("学员", "培训学员", "企业学员"),
    "sessions": ("课程", "实训课", "上课"),
    "internship": ("实习", "顶岗实习", "跟岗实习"),
    "free": ("自由", "自由排课"),
    "weekly": ("每周", "每周固定"),
    "block": ("集中", "集中实训", "连续"),
}
_KIND_OF = {word: value for value, words in KIND_WORDS.items() for word in words}


def enum_value(text: str, allowed: tuple[str, ...]) -> str:
    """``text`` as one of ``allowed``: the value in any width and case (``Lab``,
    ``ＬＡＢ``) or its Chinese word (``实训室``). Without ``allowed``, the folded text.
    Raises ``ValueError`` listing the accepted words in both languages."""
    plain = folded(text)
    value = _KIND_OF.get(plain, plain.lower())
    if not allowed or value in allowed:
        return value
    accepted = ", ".join(
        f"{v} ({', '.join(KIND_WORDS[v])})" if v in KIND_WORDS else v for v in allowed
    )
    raise ValueError(f"'{text}' is not a kind this column knows; write one of: {accepted}")
