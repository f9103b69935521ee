"""Cell text <-> JSON values for each column kind (see :mod:`.columns` for the syntax).

Reading is lenient where the meaning is clear (a number typed into an id column is
that id as text; ``08:00`` that Excel turned into a time is still ``08:00``) and
strict where it is not: an unreadable list or window raises :class:`CellError`, a
value of the wrong type is passed through so validation names the cell and the type.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from typing import Any, Literal

from openpyxl.cell.cell import ERROR_CODES

from scheduler.spreadsheet.habits import (
    clock_text,
    date_text,
    enum_value,
    folded,
    number_with_unit,
    weekday_numbers,
)

EMPTY_LIST = "[]"
ALL_WINDOW = "all"


class CellError(ValueError):
    """A cell whose text cannot be read as its column's kind."""


class Percent(float):
    """A number the cell shows as a percentage (``1`` shown as ``100%``): its text in a
    text column, an error where a count is meant (``priority`` ``100%`` is not 1)."""

    def __str__(self) -> str:
        return f"{self * 100:.10g}%"


# --------------------------------------------------------------------------- writing


def _list_text(items: list[Any]) -> str:
    if not items:
        return EMPTY_LIST
    texts = [str(i) for i in items]
    if any(
        _LIST_SEPARATORS.search(t)
        or any(c in t for c in _COMMAS)
        or t != t.strip()
        or not t
        or t.startswith("[")
        for t in texts
    ):
        return json.dumps(items, ensure_ascii=False)
    return ";".join(texts)


def _ints(values: list[int]) -> str:
    return ",".join(str(v) for v in values) if values else EMPTY_LIST


def window_text(window: dict[str, Any]) -> str:
    """``{"weeks": [3, 12], "days": [1, 2]}`` -> ``weeks=3-12 days=1,2``."""
    parts = []
    weeks = window.get("weeks")
    if weeks is not None:
        lo, hi = weeks
        parts.append(f"weeks={lo}" if lo == hi else f"weeks={lo}-{hi}")
    for key in ("days", "slots"):
        if window.get(key) is not None:
            parts.append(f"{key}={_ints(window[key])}")
    return " ".join(parts) or ALL_WINDOW


def to_cell(kind: str, value: Any) -> Any:
    """The cell value that stands for a JSON ``value`` (``None``: leave the cell empty)."""
    if value is None:
        return None
    if kind == "date":
        return dt.date.fromisoformat(value) if isinstance(value, str) else value
    if kind in ("list", "times"):
        return _list_text(list(value))
    if kind == "windows":
        if not value:
            return EMPTY_LIST
        return " | ".join(window_text(w) for w in value)
    if kind == "str":
        return value if value != "" else None
    return value


# --------------------------------------------------------------------------- reading


def blank(value: Any) -> bool:
    """An empty cell: nothing, or only white space (the key it stands for is absent)."""
    return value is None or (isinstance(value, str) and not value.strip())


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise CellError(f"'{text}' is not valid JSON: {e.msg} at character {e.pos + 1}") from None
    except (ValueError, RecursionError):
        # a number of over 4,300 digits, or lists nested thousands deep
        raise CellError(
            f"'{_shown(text)}' holds a number too long or lists nested too deep to read"
        ) from None


#: Digits a whole number in a cell may have: beyond every limit of the format (10^9)
#: with room to say so; int() refuses over 4,300 and a window range would fill memory.
MAX_DIGITS = 18


def _shown(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters for a message (a 5,000-digit value was echoed)."""
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text):,} characters)"


def _whole(digits: str, what: str = "") -> int:
    """``digits`` (a run of digits) as an int, or a CellError (``what``: the key)."""
    if len(digits) > MAX_DIGITS:
        where = f"{what}: " if what else ""
        raise CellError(f"{where}{_shown(digits)} is beyond every limit of the format")
    return int(digits)


def _number_text(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    return value


#: What a comma between list items is (:func:`_read_list`).
Commas = Literal["refuse", "split", "keep"]

# ';', the full-width '；' a Chinese keyboard types, and a line break (Alt+Enter)
_LIST_SEPARATORS = re.compile(r"[;；\r\n]")


def _read_list(value: Any, commas: Commas = "refuse") -> list[Any]:
    """The items of a list cell. ``commas``: what a comma in a plain item is, since an
    id may hold one: ``refuse`` it, ``split`` there (tags and kinds), or ``keep`` the
    item whole for the reader to split where every piece is a known id. Items written
    as JSON are never split."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return [_number_text(value)]
    if isinstance(value, bool | dt.date | dt.time):
        # '3-4' typed into a features cell is a date to Excel: 2026-03-04 00:00:00 would
        # be a feature no resource has
        kind = (
            "true/false value"
            if isinstance(value, bool)
            else "time"
            if isinstance(value, dt.time)
            else "date"
        )
        raise CellError(
            f"the spreadsheet stored a {kind} ({value}) here, not text: format the cell "
            "as Text and type the items again"
        )
    text = str(value).strip()
    if text.startswith("["):
        items = _json(text)
        if not isinstance(items, list):
            raise CellError(f"'{text}' is not a list")
        return items
    items = [t.strip() for t in _LIST_SEPARATORS.split(text) if t.strip()]
    if commas == "split":
        return [p.strip() for t in items for p in COMMAS.split(t) if p.strip()]
    if commas == "keep":
        return items
    for item in items:
        comma = next((c for c in _COMMAS if c in item), None)
        if comma is not None:
            # 'cnc-3axis,safety-cert' was read as one feature, and the rooms it needs lost
            raise CellError(
                f"'{item}': items are separated by ';' (or a line break), not '{comma}'; "
                f"write {'; '.join(t.strip() for t in item.split(comma))} "
                '(an item with a comma in it: ["a,b"])'
            )
    return items


#: Separators a planner may type that are not list separators here.
_COMMAS = (",", "，", "、")
#: The same, to split a list of tags or kinds, or of ids that are all known.
COMMAS = re.compile("[,，、]")


def _read_time(value: Any) -> Any:
    if isinstance(value, dt.time):
        if value.second or value.microsecond:
            raise CellError(f"{value}: start times are whole minutes (HH:MM), not seconds")
        return value.strftime("%H:%M")
    if isinstance(value, str):
        try:
            return clock_text(value)
        except ValueError as e:
            raise CellError(str(e)) from None
    return value


def _read_times(value: Any) -> list[Any]:
    if isinstance(value, dt.time):
        return [_read_time(value)]
    # a date (or a date and time) is refused by _read_list: '8/10' typed as a time is
    # 10 August to Excel, and its clock reads 00:00
    return [_read_time(v) for v in _read_list(value)]


# '3-12', and '3~12' as Chinese texts write a range ('３～１２' once folded)
_RANGE = re.compile(r"^(\d+)(?:\s*[-~]\s*(\d+))?$")


#: Beyond every week, day and slot number a calendar can have (104, 7 and 48).
MAX_WINDOW_NUMBER = 1000


def _read_ints(key: str, text: str) -> list[int]:
    if text in (EMPTY_LIST, ""):
        return []
    out: list[int] = []
    for item in re.split("[,、]", text):  # 'days=1、2、3': numbers, so 、 cannot be in one
        item = item.strip()
        m = _RANGE.match(item)
        if not m:
            raise CellError(f"{key}={text}: '{item}' is not a number or a range like 2-4")
        lo = _whole(m.group(1), key)
        hi = _whole(m.group(2) or m.group(1), key)
        if hi < lo:
            raise CellError(f"{key}={text}: range {item} runs backwards")
        if hi > MAX_WINDOW_NUMBER:  # '1-1000000000' would be a billion numbers in memory
            raise CellError(f"{key}={text}: {hi} is beyond any calendar's {key}")
        out.extend(range(lo, hi + 1))
    return out


def read_window(text: str) -> dict[str, Any]:
    """``weeks=3-12 days=1,2,3 slots=1,2`` (or ``all``) -> a window dict."""
    text = text.strip()
    if text.lower() == ALL_WINDOW:
        return {}
    window: dict[str, Any] = {}
    for token in text.split():
        key, sep, rest = token.partition("=")
        key = key.strip().lower()
        if not sep or key not in ("weeks", "days", "slots"):
            raise CellError(
                f"cannot read '{token}' in window '{text}': expected weeks=, days= or slots="
            )
        if key in window:
            raise CellError(f"window '{text}' gives {key} twice")
        if key == "weeks":
            m = _RANGE.match(rest.strip())
            if not m:
                raise CellError(f"weeks={rest}: expected a week or a range like 3-12")
            lo = _whole(m.group(1), key)
            window["weeks"] = [lo, _whole(m.group(2), key) if m.group(2) else lo]
        else:
            window[key] = _read_ints(key, rest.strip())
    return window


def _read_windows(value: Any) -> list[Any]:
    # full-width ＝ － ｜ ， and digits, spaces of any width; 'days=周一-周三' is days=1-3
    text = weekday_numbers(folded(str(value)))
    if text.startswith("[") or text.startswith("{"):
        data = _json(text)
        return data if isinstance(data, list) else [data]
    parts = text.split("|")
    if any(not part.strip() for part in parts):
        # an empty piece would read as {} (the whole calendar): a typo must not widen a window
        raise CellError(
            f"window '{text}' has an empty piece between or after '|'; "
            f"write '{ALL_WINDOW}' for an unlimited window"
        )
    return [read_window(part) for part in parts]


_TRUE = {"true", "yes", "y", "1", "是", "t", "√", "✓", "✔"}
_FALSE = {"false", "no", "n", "0", "否", "f", "×", "✗", "✘"}


def _read_bool(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = folded(str(value)).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return value  # validation says "must be true or false" at this cell


def _read_int(value: Any, unit: str = "") -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and not math.isfinite(value):
        raise CellError(f"{value} is not a number a count can be")
    if isinstance(value, float) and abs(value - round(value)) < 1e-9:
        # a formula's 8.000000000000002 is the 8 the planner sees
        return int(round(value))
    # '60', '６０' and '60.0' typed as text; '60.5' is left for validation to name
    m = re.fullmatch(r"(-?)(\d+)(?:\.0*)?", folded(value)) if isinstance(value, str) else None
    if m:
        number = _whole(m.group(2))
        return -number if m.group(1) else number
    if isinstance(value, str):
        # '60人' under capacity is 60; '60分钟' there is refused, not read as 60
        try:
            digits = number_with_unit(value, unit)
        except ValueError as e:
            raise CellError(str(e)) from None
        if digits is not None:
            return _whole(digits)
    return value


def _read_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        if value.time() != dt.time():
            # '2026-09-07 08:30' read as 2026-09-07 dropped the 08:30 without a word
            shown = value.strftime("%Y-%m-%d %H:%M" + (":%S" if value.second else ""))
            raise CellError(
                f"the cell holds a date and a time ({shown}); this column is a date: type "
                f"the date alone ({value.date().isoformat()})"
            )
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    try:
        return date_text(text) or text
    except ValueError as e:
        raise CellError(str(e)) from None


def _enum(value: Any, allowed: tuple[str, ...]) -> Any:
    """A kind's value from its text (a number or other type is left for validation)."""
    if not isinstance(value, str):
        return value
    try:
        return enum_value(value, allowed)
    except ValueError as e:
        raise CellError(str(e)) from None


def _read_day(value: Any) -> Any:
    """A day of the week: its number, or its name (周四, 星期四)."""
    if isinstance(value, str):
        named = weekday_numbers(folded(value))
        if named.isdigit() and named != folded(value):
            return int(named)
    return _read_int(value)


def from_cell(
    kind: str,
    value: Any,
    unit: str = "",
    allowed: tuple[str, ...] = (),
    commas: Commas = "refuse",
) -> tuple[bool, Any]:
    """``(present, json value)`` of a cell; an empty cell is ``(False, None)``. ``unit``:
    what an ``int`` column counts (``people``), so that ``60人`` reads as 60 there;
    ``allowed``: the values of an ``enum`` column or of a list of them, also read from
    their Chinese words (``实训室``) and refused when unknown; ``commas``: what a comma
    between the items of a ``list`` is (:func:`_read_list`; a list of kinds splits).

    Raises
    ------
    CellError
        When a list, time list or window list cannot be read, or a count is no number
        at all (infinite, or longer than any limit).
    """
    if blank(value):
        return False, None
    if isinstance(value, str) and "_x" in value:
        value = _unescaped(value)
    if isinstance(value, Percent):
        if kind == "str":
            return True, str(value)  # the text the cell shows
        raise CellError(
            f"the cell shows a percentage ({value}); type the number itself, without %, "
            "in a cell formatted as a number"
        )
    if kind == "str":
        return True, _number_text(value)  # text as typed; a number typed as an id is text
    if kind == "enum":
        # every allowed value is lower-case ASCII: 'Lab' and 'ｌａｂ' are lab, 实训室 too
        return True, _enum(value, allowed)
    if kind == "int":
        return True, _read_int(value, unit)
    if kind == "day":
        return True, _read_day(value)
    if kind == "bool":
        return True, _read_bool(value)
    if kind == "date":
        return True, _read_date(value)
    if kind == "list":
        items = _read_list(value, "split" if allowed else commas)
        return True, [_enum(x, allowed) for x in items] if allowed else items
    if kind == "times":
        return True, _read_times(value)
    if kind == "windows":
        return True, _read_windows(value)
    raise ValueError(f"unknown column kind {kind!r}")


#: Control characters a workbook cell (XML 1.0) and an iCalendar text cannot hold; tab
#: and line breaks can.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def printable(value: Any) -> Any:
    """``value`` with each control character a file format cannot hold shown as U+FFFD
    (JSON carries them; writing one raised deep inside openpyxl); other values as they are."""
    return _CONTROL.sub("\ufffd", value) if isinstance(value, str) else value


#: How a workbook's XML writes a character it cannot hold as itself (ECMA-376 ST_Xstring):
#: ``_x000D_`` is a carriage return, ``_x005F_`` an underscore that starts such a text.
_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
#: The underscore that starts text reading like an escape (written ``_x005F_``).
_ESCAPE_START = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")


def cell_text(value: Any) -> Any:
    """``value`` as a workbook cell holds it: :func:`printable`, then a carriage return
    (which XML reads back as a line feed) and text that reads like an escape written the
    way Excel writes them, so that :func:`from_cell` and Excel read back what was meant."""
    value = printable(value)
    if not isinstance(value, str):
        return value
    return _ESCAPE_START.sub("_x005F_", value).replace("\r", "_x000D_")


def _unescaped(text: str) -> str:
    """Excel's ``_xHHHH_`` escapes read back as their characters (``welding_x000D_``
    is "welding" and a line break: the item was lost in a list)."""
    return _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def keep_text(cells: Any) -> None:
    """Store text that begins with ``=`` as text, not as a formula, and text that reads
    like a spreadsheet error (``#N/A``) as text, not as that error (openpyxl takes such
    strings for them): the workbook imports back to the same value, and a spreadsheet
    never evaluates user text."""
    for cell in cells:
        if isinstance(cell.value, str) and (
            cell.value.startswith("=") or cell.value in ERROR_CODES
        ):
            cell.data_type = "s"
