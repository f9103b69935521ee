"""Pydantic's validation errors as :class:`~scheduler.issues.Issue` lists planners can read.

Pydantic's own words and paths speak of its internals (union tags, the index 0 of a lone
object read as a list of one); these say what is wrong in the document's terms, at the
place the document wrote, and count long runs of the same error instead of listing them.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from pydantic import ValidationError

from scheduler.issues import Issue, format_path
from scheduler.models import FieldError


def shown(value: Any) -> str:
    """``value`` as a message quotes what was found: its JSON, cut to 40 characters."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    # half a surrogate pair (JSON's "\ud800") as its escape: no terminal or response can write it
    text = text.encode("utf-8", "backslashreplace").decode()
    return text if len(text) <= 40 else text[:37] + "..."


def _got(err: Mapping[str, Any]) -> str:
    return f" (got {shown(err['input'])})" if "input" in err else ""


def not_finite(value: Any) -> str:
    """What is wrong with NaN or an infinity (a float, or text that reads as one) where a
    number is expected: NaN is no number at all ("must be greater than 0.0" of it read as
    if it were one), an infinity no finite one."""
    try:
        nan = math.isnan(float(value))
    except (TypeError, ValueError, OverflowError):
        nan = False
    return "must be a number" if nan else "must be a finite number"


def _held_at(data: Any, loc: Iterable[object]) -> Any:
    """What ``data`` holds at pydantic's ``loc`` (its union tags skipped; a lone object
    where a list may go is its item 0), ``None`` where it holds nothing."""
    node = data
    for part in loc:
        if isinstance(part, int) and isinstance(node, Mapping) and part == 0:
            continue  # one object where a list may go: the models' list of one
        if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
            node = node[part]
        elif isinstance(part, str) and _is_key(part) and isinstance(node, Mapping):
            node = node.get(part)
        elif not isinstance(part, str) or _is_key(part):
            return None
    return node


def _odd_key(err: Mapping[str, Any], data: Any) -> str | None:
    """The key pydantic could not read as text (half a surrogate pair, ``"\\ud800x"``) in
    the object at ``err``'s place: it says "must be a valid string" of the object, not
    which key; ``None`` when the error is not of a key of ``data``."""
    key = err.get("input")
    if err["type"] != "string_unicode" or not isinstance(key, str):
        return None
    held = _held_at(data, err["loc"])
    return key if isinstance(held, Mapping) and key in held else None


def error_message(err: Mapping[str, Any], data: Any = None) -> str:
    """Pydantic's error in words for planners; pydantic's own text where it already reads
    well (also what the API says of a bad query or option). ``data`` is the document
    ``err``'s place is in, where one is at hand: a key it cannot read is named from it."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    loc = err["loc"]
    if kind == "extra_forbidden":
        return f"unknown key '{loc[-1]}'" if loc else "unknown key"
    if (key := _odd_key(err, data)) is not None:
        return f"unknown key {shown(key)}: not a field of this object"
    if kind == "missing":
        if loc and isinstance(loc[-1], int):  # a fixed-length list such as weeks [from, to]
            return f"missing item {loc[-1] + 1} of the list"
        return f"missing required key '{loc[-1]}'" if loc else "missing required key"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "must be an integer" + _got(err)
    if kind == "int_parsing_size":
        return "must be an integer of ordinary size" + _got(err)
    if kind in ("float_type", "float_parsing"):
        return "must be a number" + _got(err)
    if kind == "finite_number":  # NaN as "must be a number (got ...)", as any other non-number
        said = not_finite(err.get("input"))
        return said + _got(err) if said == "must be a number" else said
    if kind in ("string_type",):
        return "must be a string" + _got(err)
    if kind in ("bool_type", "bool_parsing"):
        return "must be true or false" + _got(err)
    if kind in ("list_type", "tuple_type"):
        return "must be a list" + _got(err)
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "must be an object" + _got(err)
    if kind in (
        "date_type",
        "date_parsing",
        "date_from_datetime_parsing",
        "date_from_datetime_inexact",  # a number, read as seconds since 1970
    ):
        return "must be a date YYYY-MM-DD" + _got(err)
    if kind in ("enum", "literal_error"):
        return f"must be {ctx.get('expected', 'one of the allowed values')}" + _got(err)
    if kind == "greater_than_equal":
        return f"must be at least {ctx.get('ge')}" + _got(err)
    if kind == "less_than_equal":
        return f"must be at most {ctx.get('le')}" + _got(err)
    if kind == "greater_than":
        return f"must be greater than {ctx.get('gt')}" + _got(err)
    if kind == "less_than":
        return f"must be less than {ctx.get('lt')}" + _got(err)
    if kind == "string_too_short":
        return "must not be empty" if ctx.get("min_length") == 1 else err["msg"]
    if kind == "too_short":
        n = ctx.get("min_length")
        return f"must have at least {n} item{'s' if n != 1 else ''}" + _got(err)
    if kind == "too_long":
        n = ctx.get("max_length")
        got = ctx.get("actual_length")  # the count, not the list: it may be long
        return f"must have at most {n} item{'s' if n != 1 else ''}" + (
            f" (got {got})" if got is not None else _got(err)
        )
    if kind in ("value_error", "assertion_error"):
        error = ctx.get("error")
        return str(error) if error is not None else err["msg"]
    msg = str(err["msg"])
    if msg.startswith("Input should be"):
        msg = "must be" + msg[len("Input should be") :]
    return msg[:1].lower() + msg[1:]


#: Items of one list with the same error shown one by one; the rest are counted.
SHOWN_PER_LIST = 5
#: The same error at the same place of different items (``window[i].days[0]``) shown
#: one by one; the rest are counted.
SHOWN_PER_SHAPE = 50
_GOT = re.compile(r" \(got .*\)$")


class Said(NamedTuple):
    """One issue of :func:`said_issues` with the pydantic error it says, so that a caller
    may say it in another language (the API's ``messages.zh``) from the error's type."""

    issue: Issue
    err: Mapping[str, Any]
    #: a counted rest, ``(n, first, last)`` of ``"n more items, from first to last"``
    #: (``"places like"`` when ``alike``); ``None`` for one error
    more: tuple[int, str, str] | None = None
    alike: bool = False


def issues_from_validation_error(error: ValidationError, data: Any = None) -> list[Issue]:
    """Every pydantic error as an :class:`Issue` (:func:`said_issues` without the errors)."""
    return [s.issue for s in said_issues(error, data)]


def said_issues(error: ValidationError, data: Any = None) -> list[Said]:
    """Every pydantic error as an :class:`Issue` (in pydantic's order, i.e. document order),
    each with the error it says.

    With the document ``data`` that failed, paths follow what was written: a lone window
    object, which the models read as a list of one, is ``window.weeks``, not
    ``window[0].weeks`` (an index the document does not have).

    The items of one list that fail the same way are shown up to :data:`SHOWN_PER_LIST`
    and then counted in one more issue: a window of 20,000 days out of range (129 KB of
    JSON) made 20,000 issues, deduplicated in quadratic time (19 s in an API request).
    """
    issues: dict[Issue, Said] = {}
    runs: dict[tuple[tuple[str | int, ...], str], list[int]] = {}
    shapes: dict[tuple[tuple[str | None, ...], str], list[tuple[str | int, ...]]] = {}
    first_err: dict[str, Mapping[str, Any]] = {}
    for err in error.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if isinstance(p, int) or _is_key(p))
        cause = (err.get("ctx") or {}).get("error")
        if isinstance(cause, FieldError):
            loc += cause.loc
        if data is not None:
            loc = _as_written(loc, data)
        message = error_message(err, data)
        first_err.setdefault(_GOT.sub("", message), err)
        if loc and isinstance(loc[-1], int):
            run = runs.setdefault((loc[:-1], _GOT.sub("", message)), [])
            run.append(loc[-1])
            if len(run) > SHOWN_PER_LIST:
                continue
        if any(isinstance(p, int) for p in loc):
            # the same error at the same place of many items: window[i].days[0] for
            # 20,000 windows printed 20,000 lines (a bad-input audit)
            shape = tuple(None if isinstance(p, int) else p for p in loc)
            alike = shapes.setdefault((shape, _GOT.sub("", message)), [])
            alike.append(loc)
            if len(alike) > SHOWN_PER_SHAPE:
                continue
        issue = Issue(format_path(loc), message)
        issues.setdefault(issue, Said(issue, err))
    for (where, message), items in runs.items():
        more = items[SHOWN_PER_LIST:]
        if more:
            first, last = format_path((*where, more[0])), format_path((*where, more[-1]))
            issue = Issue(
                format_path(where),
                f"{len(more):,} more items, from {first} to {last}, {message}",
            )
            counted = (len(more), first, last)
            issues.setdefault(issue, Said(issue, first_err[message], counted))
    for (_, message), locs in shapes.items():
        rest = locs[SHOWN_PER_SHAPE:]
        if rest:
            first, last = format_path(rest[0]), format_path(rest[-1])
            issue = Issue(
                format_path(_common_prefix(rest)),
                f"{len(rest):,} more places like {first}, to {last}, {message}",
            )
            counted = (len(rest), first, last)
            issues.setdefault(issue, Said(issue, first_err[message], counted, alike=True))
    return list(issues.values())


_LIST_ITEM = re.compile(r"^(.*)\[(\d+)\]$")
#: What differs between warnings of one kind: quoted values and numbers.
_PARTICULARS = re.compile(r"'[^']*'|\d+")


class Counted(NamedTuple):
    """The rest of a run of :func:`grouping`: ``n`` issues of one kind on the list at
    ``path``, from the issue at position ``first`` to the one at ``last``."""

    path: str
    n: int
    first: int
    last: int


def grouping(issues: Sequence[Issue], shown: int = SHOWN_PER_LIST) -> list[int | Counted]:
    """What to show of ``issues``: the positions of those shown, and in place of the rest
    of each run its :class:`Counted`, where the run's last shown one stood. A run is the
    entries of one list that say the same thing but for the values and numbers they
    quote; 50,000 copies of one closed day printed 50,000 warnings (7 s of printing)."""
    out: list[int | Counted | None] = []
    runs: dict[tuple[str, str], list[int]] = {}
    slot: dict[tuple[str, str], int] = {}
    for at, issue in enumerate(issues):
        m = _LIST_ITEM.match(issue.path)
        if m is not None:
            key = (m.group(1), _PARTICULARS.sub("#", issue.message))
            run = runs.setdefault(key, [])
            run.append(at)
            if len(run) > shown:
                if len(run) == shown + 1:
                    slot[key] = len(out)
                    out.append(None)  # the count's place, filled below
                continue
        out.append(at)
    for key, place in slot.items():
        rest = runs[key][shown:]
        out[place] = Counted(key[0], len(rest), rest[0], rest[-1])
    return [x for x in out if x is not None]


def counted_words(counted: Counted, issues: Sequence[Issue]) -> str:
    """The English of a :class:`Counted` rest: how many, from where to where, and the
    first one's words (each hidden one is in ``--json`` and in the whole list)."""
    first, last = issues[counted.first], issues[counted.last]
    return (
        f"and {counted.n:,} more of the same kind, from {first.path} to {last.path} "
        f"(the first: {first.message})"
    )


def grouped(issues: Sequence[Issue], shown: int = SHOWN_PER_LIST) -> list[Issue]:
    """``issues`` as :func:`grouping` shows them, each counted rest an issue at its list's
    path; callers that must keep every issue (``validate --json``) do not call this."""
    return [
        issues[x] if isinstance(x, int) else Issue(x.path, counted_words(x, issues))
        for x in grouping(issues, shown)
    ]


def _common_prefix(locs: list[tuple[str | int, ...]]) -> tuple[str | int, ...]:
    """The path parts every one of ``locs`` starts with."""
    out: list[str | int] = []
    for parts in zip(*locs, strict=False):
        if any(p != parts[0] for p in parts):
            break
        out.append(parts[0])
    return tuple(out)


def _as_written(loc: tuple[str | int, ...], data: Any) -> tuple[str | int, ...]:
    """``loc`` without the index 0 of a list the document wrote as one object."""
    out: list[str | int] = []
    node: Any = data
    for part in loc:
        if isinstance(part, int) and isinstance(node, Mapping) and part == 0:
            continue  # one object where a list may go: the models' list of one
        out.append(part)
        if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
            node = node[part]
        elif isinstance(part, str) and isinstance(node, Mapping):
            node = node.get(part)
        else:
            node = None
    return tuple(out)


def _is_key(part: object) -> bool:
    # Union members show up in ``loc`` as tags like ``function-after[...]`` or ``str``;
    # they are pydantic internals, not keys of the document.
    return isinstance(part, str) and not any(c in part for c in "[](),")
