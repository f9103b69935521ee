"""Raw JSON of a document (file, text, bytes or parsed data), with errors people can act on.

Stricter than :func:`json.loads` where a document needs it: keys given twice, NaN and
Infinity, integers too long to read, a file too large, a pipe or a device, text that is
not UTF-8, nesting too deep each end in a :class:`~scheduler.issues.ScenarioError` that
says where, never in a traceback.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from scheduler.issues import Issue, ScenarioError, format_path

Source = str | Path | bytes | Mapping[str, Any]


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
                    "json_nul_byte",
                    (("offset", nul),),
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
                    "json_bad_byte",
                    (("byte", f"0x{raw[e.start]:02x}"), ("offset", e.start)),
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
        raise ScenarioError([Issue("", "the document is empty", "json_empty")])
    try:
        return json.loads(
            text,
            object_pairs_hook=_object_hook,
            parse_constant=_reject_constant,
            parse_int=_parse_int,
        )
    except json.JSONDecodeError as e:
        place = (("line", e.lineno), ("column", e.colno))
        raise ScenarioError(
            [
                Issue(
                    "",
                    f"malformed JSON at line {e.lineno}, column {e.colno}: {e.msg}",
                    "json_invalid",
                    (*place, ("detail", e.msg)),
                )
            ]
        ) from None
    except ValueError as e:  # NaN / Infinity, or too many digits
        found = _where_not_json(text)
        where = "" if found is None else f" at line {found[0]}, column {found[1]}"
        raise ScenarioError(
            [
                Issue(
                    "",
                    f"malformed JSON{where}: {e}",
                    "" if found is None else "json_not_number",
                    () if found is None else (("line", found[0]), ("column", found[1])),
                )
            ]
        ) from None
    except RecursionError:
        depth, line, column = _deepest(text)
        raise ScenarioError(
            [
                Issue(
                    "",
                    f"malformed JSON: nested too deeply ({depth} levels of brackets at line "
                    f"{line}, column {column}; a scenario or schedule needs fewer than ten)",
                    "json_too_deep",
                    (("depth", depth), ("line", line), ("column", column)),
                )
            ]
        ) from None


#: Strings (skipped), and the number-like tokens json.loads reads but a document may
#: not hold: NaN and Infinity, and integers too long to read.
_TOO_LONG = rf"-?\d{{{_MAX_INT_DIGITS + 1},}}"
_NOT_JSON = re.compile(rf'"(?:[^"\\]|\\.)*"|(NaN|-?Infinity|{_TOO_LONG})')


#: Strings (skipped) and the brackets that open or close a level.
_BRACKETS = re.compile(r'"(?:[^"\\]|\\.)*"|([\[{])|([\]}])')


def _deepest(text: str) -> tuple[int, int, int]:
    """The greatest depth of a document too deep to read, and the line and column where it
    is first reached: the reader's own error names no place, and a planner needs one to
    find the stray brackets."""
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
    return deepest, line, column


def _where_not_json(text: str) -> tuple[int, int] | None:
    """Line and column of the first such token outside strings, else ``None``."""
    for m in _NOT_JSON.finditer(text):
        if m.group(1) is not None:
            at = m.start(1)
            return text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
    return None


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
