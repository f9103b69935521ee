"""A term's scenario, composed from the planner's base and the institutions' submissions.

Institutions name their cohorts and requests freely; ids only have to be unique within
the institution, so one institution can never learn another's ids through a clash. In
the composed scenario each id is qualified ``<institution>/<id>``; an institution's views
show its own items with the prefix stripped and nothing of the others.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from api.db.models import TermCohort, TermRequest

SEP = "/"
_ITEM_PATH = re.compile(r"^(cohorts|requests)\[(\d+)\](.*)$")


def qualify(institution: str, ref: str) -> str:
    """A reference as written by ``institution``: plain ids are its own items."""
    return ref if SEP in ref else f"{institution}{SEP}{ref}"


def owner_of(qualified: str) -> str:
    """The institution part of a qualified id; ``""`` for an unqualified one."""
    return qualified.split(SEP, 1)[0] if SEP in qualified else ""


def local(qualified: str) -> str:
    """A qualified id without its institution prefix; other ids unchanged."""
    return qualified.split(SEP, 1)[1] if SEP in qualified else qualified


@dataclass(frozen=True, slots=True)
class Item:
    """A submitted cohort or request, detached from the database (edits are tried on these)."""

    institution: str
    local_id: str
    document: dict[str, Any]
    order: float  # row id; a new item sorts last

    @classmethod
    def of(cls, row: TermCohort | TermRequest) -> Item:
        """A detached copy of a submission row, so that edits can be tried before any write."""
        return cls(row.institution, row.local_id, row.document, row.id)


def cohort_doc(item: Item) -> dict[str, Any]:
    """A submitted cohort as the composed scenario holds it: id qualified, ``institution`` set to
    the submitter whatever the document says (no one files cohorts for another).
    """
    return {
        **item.document,
        "id": qualify(item.institution, item.local_id),
        "institution": item.institution,
    }


def request_doc(institution: str, document: dict[str, Any]) -> dict[str, Any]:
    """A submitted request with its references to cohorts and requests qualified."""
    doc = copy.deepcopy(document)
    doc["id"] = qualify(institution, doc["id"])
    if doc.get("cohort") is not None:
        doc["cohort"] = qualify(institution, doc["cohort"])
    if doc.get("cohorts") is not None:
        doc["cohorts"] = [qualify(institution, c) for c in doc["cohorts"]]
    if doc.get("after"):
        doc["after"] = [qualify(institution, a) for a in doc["after"]]
    return doc


def compose(
    base: dict[str, Any], cohorts: Iterable[Item], requests: Iterable[Item]
) -> tuple[dict[str, Any], list[tuple[str, str]], list[tuple[str, str]]]:
    """The scenario data, plus (institution, local id) of each cohort and request position."""
    cohorts = sorted(cohorts, key=lambda r: (r.institution, r.order))
    requests = sorted(requests, key=lambda r: (r.institution, r.order))
    data = copy.deepcopy(base)
    data["cohorts"] = [cohort_doc(c) for c in cohorts]
    data["requests"] = [request_doc(r.institution, r.document) for r in requests]
    return (
        data,
        [(c.institution, c.local_id) for c in cohorts],
        [(r.institution, r.local_id) for r in requests],
    )


def relocate(
    path: str,
    cohort_ids: list[tuple[str, str]],
    request_ids: list[tuple[str, str]],
    focus: tuple[str, str, str] | None,
    show_institution: bool,
) -> tuple[str, bool]:
    """Rewrite a composed-scenario path for the submitter.

    ``focus`` is (list, institution, local id) of the item in the body: its paths become
    relative to the body. Other items are named by id, not by position in a list the
    caller never sees. Returns the path and whether it lies inside the body.
    """
    m = _ITEM_PATH.match(path)
    if m is None:
        return path, False
    kind, index, rest = m.group(1), int(m.group(2)), m.group(3)
    ids = cohort_ids if kind == "cohorts" else request_ids
    if index >= len(ids):
        return path, False
    inst, lid = ids[index]
    if focus is not None and focus == (kind, inst, lid):
        return rest.lstrip("."), True
    name = f"{inst}{SEP}{lid}" if show_institution else lid
    return f"{kind}[{name}]{rest}", False


_QUOTED_ID = re.compile(r"'([^'/]+)/([^']*)'")
#: An id alone in a Chinese sentence, in the pages' quotes (``“col-b/r-7”``); the ASCII
#: shape above is kept for sentences stored before.
_CURLY_ID = re.compile(r"“([^“”/]+)/([^“”]*)”")
#: A named item in a solver sentence (:func:`solver.words.names.label`): its name in curly
#: quotes, then its qualified id in brackets, English or full-width
#: (``“Welding practice” (col-b/r-7)``, ``“焊接实训”（col-b/r-7）``). An id may hold spaces,
#: quotes and brackets (``数控（1）班``): it runs to the bracket that closes the one before
#: it (groups 1, 2). A name whose id begins with an institution but does not close so (an
#: unbalanced bracket in it) is matched alone (group 3), to be hidden all the same. A
#: number after it in a list (``“Class 1” (col-a/a1) 25,``, a size) is read with it
#: (group 4), hidden with it as after a bare id.
#: ``{owners}`` is filled with the known institutions.
_NAMED_ID = (
    r"“[^“”]*”(?:\s?[(（]({owners})/((?:[^()（）]|[(（][^()（）]*[)）])+)[)）]"
    r"|(?=\s?[(（]({owners})/))(\s\d+(?=[,)，）、；]))?"
)
OTHERS = "another institution's item"
#: What hides another institution's id in a sentence of ``messages`` (by language).
OTHERS_IN = {"zh": "其他单位的项目"}
#: A list of several hidden ids, said once with their number (by language).
OTHERS_MANY = {"en": "{n} items of other institutions", "zh": "其他单位的{n}个项目"}
_LIST_SEPARATORS = (", ", " and ", ", and ", "、", "和", "，")


#: Characters that end an id in :func:`redact`'s patterns (white space, quotes, brackets,
#: list punctuation): an id holding one is read whole only from the scenario's ids.
_ID_ENDS = re.compile(r"[\s'\",;()\[\]，、；（）：。“”]")
#: While a sentence is read, an awkward id stands in it as ``<institution>/`` and a token:
#: its number between two of the first of these characters the sentence does not hold
#: (an id of one's own holding it cannot pass for another's).
_MARKS = tuple(map(chr, range(0xE000, 0xF900)))


def _mark(v: str) -> str:
    """The first character of :data:`_MARKS` that ``v`` does not hold."""
    return next(c for c in _MARKS if c not in v)


@lru_cache(maxsize=256)
def _bare(names: str, mark: str) -> re.Pattern[str]:
    r"""Unquoted qualified ids of the institutions ``names`` (an alternation), a masked one
    (``mark``) read to its token's end.

    ``headcount 36 (col-b/b1 11, col-a/a1 25)``: the number after an id in such a list (a
    cohort size) is read with it. The look-behind is ASCII: Chinese characters are ``\w``
    and may touch an id; a Chinese sentence's list ends in full-width punctuation; a
    masked id ends with its token, a Chinese character after it or not."""
    token = f"{mark}\\d+{mark}|" if mark else ""
    return re.compile(
        rf"(?<![0-9A-Za-z_'/.-])({names})/({token}[^\s'\",;()\[\]，、；（）：。“”]+)"
        r"(\s\d+(?=[,)，）、；]))?"
    )


def item_ids(scenario: dict[str, Any]) -> frozenset[str]:
    """The qualified ids of a composed scenario's cohorts and requests: what
    :func:`redact` reads whole, whatever they hold."""
    return frozenset(
        str(x["id"])
        for kind in ("cohorts", "requests")
        for x in scenario.get(kind) or []
        if isinstance(x, dict) and SEP in str(x.get("id", ""))
    )


@lru_cache(maxsize=64)
def _awkward(
    ids: frozenset[str], institutions: frozenset[str]
) -> tuple[re.Pattern[str], dict[str, int], tuple[str, ...]] | None:
    """A pattern finding the ids of known institutions that :func:`redact`'s shapes would cut
    short (a space, an apostrophe, a bracket in them), longest first, and those ids' local
    number and local part; ``None`` when there is none (the usual case)."""
    odd = sorted(
        (i for i in ids if owner_of(i) in institutions and _ID_ENDS.search(local(i))),
        key=len,
        reverse=True,
    )
    if not odd:
        return None
    owners = "|".join(re.escape(i) for i in sorted({owner_of(i) for i in odd}))
    alternatives = "|".join(re.escape(i) for i in odd)
    # the look-ahead fails fast where no such institution's id begins
    pattern = re.compile(rf"(?<![0-9A-Za-z_/.-])(?=(?:{owners}){SEP})(?:{alternatives})")
    return pattern, {i: k for k, i in enumerate(odd)}, tuple(local(i) for i in odd)


def redact(
    value: Any,
    institution: str,
    institutions: Iterable[str],
    visible: Collection[str] = frozenset(),
    ids: frozenset[str] = frozenset(),
) -> Any:
    """Texts as an institution may read them: its own ids plain, others' ids hidden
    but for the qualified ids in ``visible`` (the joint requests it takes part in).

    Solver messages name items in quotes (``busy with 'col-b/r-7'``), or by name with the
    id after it (``busy with “Welding practice” (col-b/r-7)``); another institution's
    item becomes ``'another institution's item'``, its name with it. Validation messages
    also name qualified ids unquoted; those are rewritten the same way, and a number
    right after another institution's id in a list (``col-a/a1 25,``, a size) is dropped.
    The sentences of a ``messages`` dict (``{"zh": ...}``) are rewritten the same way,
    hiding ids in their own language (:data:`OTHERS_IN`).

    Ids are free text, so where one ends is not in the sentence's shape: ``ids``, the
    scenario's qualified ids (:func:`item_ids`), are read whole wherever they stand,
    spaces, apostrophes and brackets and all (``'col-b/o'work'``, ``col-b/r b work``
    left ``work`` readable when read by shape).
    """
    known = set(institutions)
    names = "|".join(re.escape(i) for i in sorted(known, key=len, reverse=True))
    named = re.compile(_NAMED_ID.format(owners=names)) if names else None
    awkward = _awkward(ids, frozenset(known)) if ids and names else None
    mark = ""  # of the sentence being read (``_mark``); none when no id is awkward

    def mask(v: str) -> str:
        """Awkward ids of ``v`` as their institution and a token the patterns read whole."""
        if awkward is None or mark == "":
            return v
        find, number, _ = awkward
        return find.sub(lambda m: f"{owner_of(m[0])}{SEP}{mark}{number[m[0]]}{mark}", v)

    def unmask(v: str) -> str:
        """The tokens of :func:`mask` as the local ids they stand for."""
        if awkward is None or mark == "" or mark not in v:
            return v
        return re.sub(f"{mark}(\\d+){mark}", lambda m: awkward[2][int(m[1])], v)

    def text(v: str, hidden: str) -> str:
        """One sentence with other institutions' ids replaced by ``hidden`` and runs of them said
        once.
        """

        def fix(m: re.Match[str]) -> str:
            """A quoted qualified id: the institution's own unqualified; visible or unknown owners'
            left as written; others hidden.
            """
            owner, rest = m.group(1), m.group(2)
            if owner not in known or unmask(f"{owner}{SEP}{rest}") in visible:
                return m.group(0)
            left, right = m.group(0)[0], m.group(0)[-1]  # the quotes it was written in
            return f"{left}{rest if owner == institution else hidden}{right}"

        def fix_bare(m: re.Match[str]) -> str:
            """An unquoted qualified id: the institution's own unqualified, visible ones left;
            others hidden together with the number after them.
            """
            owner, rest, number = m.group(1), m.group(2), m.group(3) or ""
            if unmask(f"{owner}{SEP}{rest}") in visible:
                return m.group(0)
            return f"{rest}{number}" if owner == institution else hidden

        def fix_named(m: re.Match[str]) -> str:
            """A named item: the institution's own with its id unqualified, visible ones
            left as written, others' hidden name and all (a name whose id did not read
            whole: hidden but for the institution's own)."""
            owner, rest = m.group(1), m.group(2)
            if owner is None:
                return m.group(0) if m.group(3) == institution else gone
            if unmask(f"{owner}{SEP}{rest}") in visible:
                return m.group(0)
            if owner == institution:
                return m.group(0).replace(f"{owner}{SEP}{rest}", rest)
            return gone

        # a hidden named item, in the quotes of the sentence's language (“” in Chinese)
        gone = f"“{hidden}”" if hidden in OTHERS_IN.values() else f"'{hidden}'"

        def qualified_ids(v: str) -> str:
            """Quoted and bare qualified ids, rewritten."""
            v = _CURLY_ID.sub(fix, _QUOTED_ID.sub(fix, v))
            return bare_ids.sub(fix_bare, v) if names else v

        # named items first, and what they become is not read again (a joint request's
        # id with a space in it would lose its tail to the bare rewrite)
        nonlocal mark
        mark = _mark(v) if awkward is not None else ""
        bare_ids = _bare(names, mark)
        v = mask(v)
        out, at = [], 0
        for m in named.finditer(v) if named is not None else ():
            out += [qualified_ids(v[at : m.start()]), fix_named(m)]
            at = m.end()
        return _merge_runs(unmask("".join([*out, qualified_ids(v[at:])])), hidden)

    def walk(v: Any) -> Any:
        """Redact every string in a JSON-like value; a ``messages`` dict per language."""
        if isinstance(v, str):
            return text(v, OTHERS)
        if isinstance(v, list):
            return [walk(x) for x in v]
        if isinstance(v, dict):
            return {
                k: translated(x) if k == "messages" and isinstance(x, dict) else walk(x)
                for k, x in v.items()
            }
        return v

    def translated(messages: dict[Any, Any]) -> dict[Any, Any]:
        """A ``messages`` dict (language -> sentence), each hidden in its own language."""
        return {
            lang: text(x, OTHERS_IN.get(lang, OTHERS)) if isinstance(x, str) else walk(x)
            for lang, x in messages.items()
        }

    return walk(value)


def _merge_runs(v: str, hidden: str) -> str:
    """``'X', 'X' and 'X'`` (X the hidden label) said once: ``3 items of other
    institutions``; a lone hidden id stays as it is."""
    many = OTHERS_MANY["zh" if hidden == OTHERS_IN["zh"] else "en"]
    seps = "|".join(re.escape(x) for x in sorted(_LIST_SEPARATORS, key=len, reverse=True))
    one = rf"['“]?{re.escape(hidden)}['”]?"
    run = re.compile(rf"{one}(?:(?:{seps}){one})+")

    def count(m: re.Match[str]) -> str:
        """A run of hidden labels as their number, worded."""
        return many.format(n=m.group(0).count(hidden))

    return run.sub(count, v)


def joint_requests(scenario: dict[str, Any], institution: str) -> frozenset[str]:
    """Qualified ids of other institutions' requests that one of ``institution``'s
    cohorts attends (a planner's joint request): their sessions are its people's too."""
    prefix = institution + SEP
    out = set()
    for r in scenario.get("requests", []):
        if str(r.get("id", "")).startswith(prefix):
            continue
        refs = [r["cohort"]] if r.get("cohort") is not None else list(r.get("cohorts") or [])
        if any(str(c).startswith(prefix) for c in refs):
            out.add(r["id"])
    return frozenset(out)


def institution_view(
    schedule: dict[str, Any],
    institution: str,
    institutions: Iterable[str],
    joint: Collection[str] = frozenset(),
    ids: frozenset[str] = frozenset(),
    told: Collection[str] = frozenset(),
) -> dict[str, Any]:
    """What an institution may see of a schedule: its own requests, ids unqualified, and
    the ``joint`` requests of others its cohorts attend (:func:`joint_requests`), ids
    qualified (a college did not see the joint sessions its students sit in).

    ``told``: the qualified ids of others' requests and cohorts its view names elsewhere
    (what it hosts: :func:`api.hosting.ids_named`). Its unmet rows' messages name those too
    (a host's own internship is unmet because another's interns fill its post, which
    ``hosted_placements`` names beside it); all else of others stays hidden.

    Objective, bound and metrics describe everybody and are left out; of the conflicts
    only those involving its own items or those joint requests are kept. Messages are
    :func:`redact`-ed, reading the scenario's ``ids`` whole (:func:`item_ids`).
    """
    prefix = institution + SEP

    def own(items: list[dict[str, Any]], visible: Collection[str] = joint) -> list[dict[str, Any]]:
        """The rows about the institution's own requests (ids unqualified) or its joint ones (ids
        kept qualified), redacted with ``visible`` shown; all others dropped.
        """
        out = []
        for i in items:
            request = i.get("request", "")
            if request.startswith(prefix):
                plain = {**i, "request": request[len(prefix) :]}
                out.append(redact(plain, institution, institutions, visible, ids))
            elif request in joint:
                out.append(
                    {**redact(i, institution, institutions, visible, ids), "request": request}
                )
        return out

    view = {
        "format": schedule.get("format"),
        "scenario": schedule.get("scenario"),
        "status": schedule.get("status"),
        "sessions": own(schedule.get("sessions", [])),
        "placements": own(schedule.get("placements", [])),
        "unmet": own(schedule.get("unmet", []), frozenset(joint) | frozenset(told)),
    }
    # ``unmet`` rows of an infeasible answer say "see conflicts": keep the conflicts
    # that involve the institution's own items, redacted like every message.
    mine = [
        c
        for c in schedule.get("conflicts") or []
        if any(str(i).startswith(prefix) or i in joint for i in c.get("items", []))
    ]
    if mine:
        known = set(institutions)

        def item(i: str) -> str:
            """A conflict item for the institution: its own unqualified, the joint requests it
            attends qualified (as its sessions and unmet rows show them), another institution's
            hidden, base ids (resources, instructors...) as written.
            """
            if i.startswith(prefix):
                return i[len(prefix) :]
            if i in joint:
                return i
            return OTHERS if i.split(SEP, 1)[0] in known and SEP in i else i

        view["conflicts"] = [
            {
                **redact(c, institution, institutions, joint, ids),
                "items": [item(i) for i in c["items"]],
            }
            for c in mine
        ]
    return view
