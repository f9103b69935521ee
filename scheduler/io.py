"""Reading and writing scenario and schedule documents, with errors people can act on.

Every way a document can be wrong - unreadable file, malformed JSON, wrong types,
unknown keys, dangling ids, hopeless requests - ends in one :class:`ScenarioError`
whose :class:`Issue` list names each place (``requests[4].cohort``) and problem
("unknown cohort 'x'"). Callers (CLI, API) print the issues; nobody sees a traceback.

Documents are written with ``by_alias=True, exclude_none=True``, 2-space indent, UTF-8
with non-ASCII kept readable (Chinese names stay Chinese), so that
``load(dump(x)) == x``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from scheduler.models import SCENARIO_FORMAT, SCHEDULE_FORMAT, FieldError, Scenario, Schedule

log = logging.getLogger(__name__)

Source = str | Path | bytes | Mapping[str, Any]
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem in a document: where (``requests[4].cohort``; ``""`` = the whole
    document) and what, in words a planner understands."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path or '(document)'}: {self.message}"


class ScenarioError(Exception):
    """A document was rejected; ``issues`` lists every reason (never empty)."""

    def __init__(self, issues: Iterable[Issue], warnings: Iterable[Issue] = ()) -> None:
        self.issues: list[Issue] = list(issues)
        self.warnings: list[Issue] = list(warnings)
        n = len(self.issues)
        head = "1 problem" if n == 1 else f"{n} problems"
        super().__init__(f"{head}: " + "; ".join(str(i) for i in self.issues))


# --------------------------------------------------------------------------- paths


def format_path(loc: Iterable[str | int]) -> str:
    """``("requests", 4, "cohort")`` -> ``"requests[4].cohort"``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


# --------------------------------------------------------------------------- reading


class _JsonObject(dict[str, Any]):
    """A parsed JSON object that remembers keys given more than once."""

    duplicate_keys: tuple[str, ...] = ()  # set on the rare object that repeats a key


def _object_hook(pairs: list[tuple[str, Any]]) -> _JsonObject:
    obj = _JsonObject(pairs)  # a repeated key keeps its first place and its last value
    if len(obj) < len(pairs):  # checked key by key only then: 58,000 objects in L1
        obj.duplicate_keys = _repeated_keys(pairs)
    return obj


def _repeated_keys(pairs: list[tuple[str, Any]]) -> tuple[str, ...]:
    """Keys given more than once, in the order they are first repeated."""
    seen: set[str] = set()
    repeated: dict[str, None] = {}
    for key, _ in pairs:
        if key in seen:
            repeated.setdefault(key, None)
        seen.add(key)
    return tuple(repeated)


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")


#: Largest document file read (the API takes 16 MiB; the generated L tier is ~15 MB).
MAX_FILE_BYTES = 256 * 1024 * 1024


def _read_text(path: Path) -> str:
    if str(path) in ("", "."):
        raise ScenarioError([Issue("", "no file given: the path is empty")])
    try:
        # a pipe would wait for a writer, a device read without end (a bad-input audit)
        if path.exists() and not path.is_dir() and not path.is_file():
            raise ScenarioError(
                [Issue("", f"{path} is not a regular file (a pipe or a device); give a JSON file")]
            )
        size = path.stat().st_size if path.is_file() else 0
    except OSError:
        size = 0  # read_bytes below says what is wrong
    if size > MAX_FILE_BYTES:
        raise ScenarioError(
            [Issue("", f"{path} is {size:,} bytes; a document may have {MAX_FILE_BYTES:,}")]
        )
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ScenarioError([Issue("", f"file not found: {path}")]) from None
    except IsADirectoryError:
        raise ScenarioError([Issue("", f"{path} is a directory, not a JSON file")]) from None
    except PermissionError:
        raise ScenarioError([Issue("", f"permission denied: cannot read {path}")]) from None
    except OSError as e:
        raise ScenarioError([Issue("", f"cannot read {path}: {e.strerror or e}")]) from None
    return _decode(raw, where=str(path))


def _decode(raw: bytes, where: str) -> str:
    nul = raw.find(b"\x00")
    if nul >= 0:  # valid UTF-8 all the same, but never JSON: UTF-16 without its mark
        raise ScenarioError(
            [
                Issue(
                    "",
                    f"{where} is not UTF-8 text (a NUL byte at offset {nul}: saved as "
                    "UTF-16?); a document must be JSON in UTF-8",
                )
            ]
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ScenarioError(
            [
                Issue(
                    "",
                    f"{where} is not UTF-8 text (byte 0x{raw[e.start]:02x} at offset {e.start}); "
                    "a document must be JSON",
                )
            ]
        ) from None


#: Python's own limit on reading an integer (``sys.int_info.default_max_str_digits``).
_MAX_INT_DIGITS = 4300


def _parse_int(digits: str) -> int:
    # Python's own error here names sys.set_int_max_str_digits(), nothing a planner can use
    n = len(digits.lstrip("-"))
    if n > _MAX_INT_DIGITS:
        raise ValueError(f"a number of {n} digits (at most {_MAX_INT_DIGITS})")
    return int(digits)


def _parse_json(text: str) -> Any:
    if not text.strip():
        raise ScenarioError([Issue("", "the document is empty")])
    try:
        return json.loads(
            text,
            object_pairs_hook=_object_hook,
            parse_constant=_reject_constant,
            parse_int=_parse_int,
        )
    except json.JSONDecodeError as e:
        raise ScenarioError(
            [Issue("", f"malformed JSON at line {e.lineno}, column {e.colno}: {e.msg}")]
        ) from None
    except ValueError as e:  # NaN / Infinity, or too many digits
        where = _where_not_json(text)
        raise ScenarioError([Issue("", f"malformed JSON{where}: {e}")]) from None
    except RecursionError:
        raise ScenarioError([Issue("", f"malformed JSON: {_deepest(text)}")]) from None


#: Strings (skipped), and the number-like tokens json.loads reads but a document may
#: not hold: NaN and Infinity, and integers too long to read.
_TOO_LONG = rf"-?\d{{{_MAX_INT_DIGITS + 1},}}"
_NOT_JSON = re.compile(rf'"(?:[^"\\]|\\.)*"|(NaN|-?Infinity|{_TOO_LONG})')


#: Strings (skipped) and the brackets that open or close a level.
_BRACKETS = re.compile(r'"(?:[^"\\]|\\.)*"|([\[{])|([\]}])')


def _deepest(text: str) -> str:
    """Where a document too deep to read first reaches its greatest depth: the reader's
    own error names no place, and a planner needs one to find the stray brackets."""
    depth = deepest = at = 0
    for m in _BRACKETS.finditer(text):
        if m.group(1) is not None:
            depth += 1
            if depth > deepest:
                deepest, at = depth, m.start(1)
        elif m.group(2) is not None:
            depth -= 1
    line = text.count("\n", 0, at) + 1
    column = at - text.rfind("\n", 0, at)
    return (
        f"nested too deeply ({deepest} levels of brackets at line {line}, column {column}; "
        "a scenario or schedule needs fewer than ten)"
    )


def _where_not_json(text: str) -> str:
    """`` at line L, column C`` of the first such token outside strings, else ``""``."""
    for m in _NOT_JSON.finditer(text):
        if m.group(1) is not None:
            at = m.start(1)
            line = text.count("\n", 0, at) + 1
            return f" at line {line}, column {at - text.rfind(chr(10), 0, at)}"
    return ""


def read_json(source: Source) -> Any:
    """Raw JSON data of ``source``: a file path, JSON text, bytes, or already-parsed data.

    A ``str`` whose first non-blank character is ``{`` or ``[`` is JSON text, any other
    ``str`` a file path.
    """
    if isinstance(source, Mapping):
        return source
    if isinstance(source, bytes | bytearray):
        return _parse_json(_decode(bytes(source), where="the document"))
    if isinstance(source, str) and source.lstrip()[:1] in ("{", "["):
        return _parse_json(source)
    if isinstance(source, str | Path):
        return _parse_json(_read_text(Path(source)))
    raise TypeError(f"cannot read a document from {type(source).__name__}")


def duplicate_key_issues(data: Any, loc: tuple[str | int, ...] = ()) -> list[Issue]:
    """Every key given more than once in an object of ``data`` (as :func:`read_json`
    parsed it), with its path: JSON keeps the last value, and the first is lost unsaid."""
    issues: list[Issue] = []
    if isinstance(data, dict):
        for key in getattr(data, "duplicate_keys", ()):
            issues.append(
                Issue(
                    format_path((*loc, key)),
                    f"key '{key}' is given more than once (only one value is allowed)",
                )
            )
        items: Iterable[tuple[str | int, Any]] = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        return issues
    for key, value in items:
        if isinstance(value, dict | list):  # scalars hold no keys: most of a document
            issues.extend(duplicate_key_issues(value, (*loc, key)))
    return issues


# --------------------------------------------------------------------------- pydantic errors


def shown(value: Any) -> str:
    """``value`` as a message quotes what was found: its JSON, cut to 40 characters."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    # half a surrogate pair (JSON's "\ud800") as its escape: no terminal or response can write it
    text = text.encode("utf-8", "backslashreplace").decode()
    return text if len(text) <= 40 else text[:37] + "..."


def _got(err: Mapping[str, Any]) -> str:
    return f" (got {shown(err['input'])})" if "input" in err else ""


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
        return f"must have at most {n} item{'s' if n != 1 else ''}" + _got(err)
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


def issues_from_validation_error(error: ValidationError, data: Any = None) -> list[Issue]:
    """Every pydantic error as an :class:`Issue` (in pydantic's order, i.e. document order).

    With the document ``data`` that failed, paths follow what was written: a lone window
    object, which the models read as a list of one, is ``window.weeks``, not
    ``window[0].weeks`` (an index the document does not have).

    The items of one list that fail the same way are shown up to :data:`SHOWN_PER_LIST`
    and then counted in one more issue: a window of 20,000 days out of range (129 KB of
    JSON) made 20,000 issues, deduplicated in quadratic time (19 s in an API request).
    """
    issues: dict[Issue, None] = {}
    runs: dict[tuple[tuple[str | int, ...], str], list[int]] = {}
    shapes: dict[tuple[tuple[str | None, ...], str], list[tuple[str | int, ...]]] = {}
    for err in error.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if isinstance(p, int) or _is_key(p))
        cause = (err.get("ctx") or {}).get("error")
        if isinstance(cause, FieldError):
            loc += cause.loc
        if data is not None:
            loc = _as_written(loc, data)
        message = error_message(err, data)
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
        issues.setdefault(Issue(format_path(loc), message), None)
    for (where, message), items in runs.items():
        more = items[SHOWN_PER_LIST:]
        if more:
            first, last = format_path((*where, more[0])), format_path((*where, more[-1]))
            issues.setdefault(
                Issue(
                    format_path(where),
                    f"{len(more):,} more items, from {first} to {last}, {message}",
                ),
                None,
            )
    for (_, message), locs in shapes.items():
        alike = locs[SHOWN_PER_SHAPE:]
        if alike:
            first, last = format_path(alike[0]), format_path(alike[-1])
            issues.setdefault(
                Issue(
                    format_path(_common_prefix(alike)),
                    f"{len(alike):,} more places like {first}, to {last}, {message}",
                ),
                None,
            )
    return list(issues)


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


#: Per model: what it reads, and the other document a user may pass by mistake.
_DOCUMENTS: dict[type[BaseModel], tuple[str, str, str]] = {
    Scenario: ("scenario", "schedule", SCHEDULE_FORMAT),
    Schedule: ("schedule", "scenario", SCENARIO_FORMAT),
}


def _to_model(data: Any, model: type[M]) -> M:
    if model in _DOCUMENTS and isinstance(data, Mapping):
        wanted, other, other_format = _DOCUMENTS[model]
        if data.get("format") == other_format:
            # it would read as a dozen unknown keys: say what it is
            raise ScenarioError(
                [Issue("format", f"this is a {other} ({other_format}), not a {wanted}")]
            )
    issues = duplicate_key_issues(data)
    try:
        result = model.model_validate(data)
    except ValidationError as e:
        issues.extend(issues_from_validation_error(e, data))
        raise ScenarioError(issues) from None
    if issues:
        raise ScenarioError(issues)
    return result


# --------------------------------------------------------------------------- scenarios


def parse_scenario(source: Source | Scenario) -> Scenario:
    """Read and type-check a scenario, *without* the cross-document checks of
    :func:`scheduler.validation.validate` (use :func:`load_scenario` for both)."""
    if isinstance(source, Scenario):
        return source
    return _to_model(read_json(source), Scenario)


def load_scenario_with_warnings(source: Source | Scenario) -> tuple[Scenario, list[Issue]]:
    """Load a scenario and run :func:`~scheduler.validation.validate`.

    Returns the scenario and the warnings; raises :class:`ScenarioError` with every
    error (and the warnings alongside) if there is any.
    """
    from scheduler.validation import validate

    scenario = parse_scenario(source)
    report = validate(scenario)
    if report.errors:
        raise ScenarioError(report.errors, report.warnings)
    return scenario, list(report.warnings)


def load_scenario(source: Source | Scenario) -> Scenario:
    """Load and fully validate a scenario; warnings are logged, errors raise
    :class:`ScenarioError`."""
    scenario, warnings = load_scenario_with_warnings(source)
    for w in warnings:
        log.warning("scenario %s: %s", scenario.name, w)
    return scenario


def scenario_to_json(scenario: Scenario) -> str:
    """The canonical JSON text of a scenario (aliases, no nulls, 2-space indent, UTF-8)."""
    return _to_json(scenario)


def scenario_digest(scenario: Scenario) -> str:
    """SHA-256 of the scenario's canonical content (keys sorted): a schedule keeps it in
    ``metrics.scenario_sha256``, so a scenario edited since under the same name shows,
    and the API stores each distinct scenario once."""
    data = scenario.model_dump(mode="json", by_alias=True, exclude_none=True)
    text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def dump_scenario(scenario: Scenario, path: str | Path) -> None:
    """Write the scenario's canonical JSON (:func:`scenario_to_json`) to ``path`` in UTF-8."""
    _write(Path(path), scenario_to_json(scenario))


# --------------------------------------------------------------------------- schedules


def load_schedule(source: Source | Schedule) -> Schedule:
    """Read and type-check a schedule document; :class:`ScenarioError` on any problem."""
    if isinstance(source, Schedule):
        return source
    return schedule_from_data(read_json(source))


def schedule_from_data(data: Any) -> Schedule:
    """Type-check parsed JSON (any value: a list or a string is an error here, not
    read again as a document or a path) as a schedule."""
    return _to_model(data, Schedule)


def schedule_to_json(schedule: Schedule) -> str:
    """The canonical JSON text of a schedule (aliases, 2-space indent, UTF-8).

    Unset optional fields are left out, but ``objective`` and ``bound`` are written as
    ``null`` when there is no value: the spec shows them in every answer, and a tool
    reading ``doc["objective"]`` of an infeasible answer must not fail.
    """
    data = schedule.model_dump(mode="json", by_alias=True, exclude_none=True)
    ordered: dict[str, object] = {}
    for key, value in data.items():
        ordered[key] = value
        if key == "status":
            ordered["objective"] = data.get("objective")
            ordered["bound"] = data.get("bound")
    return json.dumps(ordered, indent=2, ensure_ascii=False) + "\n"


def dump_schedule(schedule: Schedule, path: str | Path) -> None:
    """Write the schedule's canonical JSON (:func:`schedule_to_json`) to ``path`` in UTF-8."""
    _write(Path(path), schedule_to_json(schedule))


# --------------------------------------------------------------------------- writing


def _to_json(model: BaseModel) -> str:
    # ``exclude_none`` drops unset optional fields only; nulls inside free-form dicts
    # (``metrics``) are kept, so a document reads back equal.
    data = model.model_dump(mode="json", by_alias=True, exclude_none=True)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
