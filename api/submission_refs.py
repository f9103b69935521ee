"""What a submitted cohort or request names of other items, checked and shown: an
institution names only its own, reads others' items in a joint request hidden, and
cannot withdraw an item a request still names.

Shared by the submission routes (:mod:`api.routers.submissions`) and the extra-request
answer (:mod:`api.extra_answers`).
"""

from __future__ import annotations

from typing import Any, Literal

from api.compose import OTHERS, SEP, Item, owner_of, qualify
from api.errors import ApiError
from api.security import Principal, Role

#: The two kinds of submitted item, as their path names them.
Kind = Literal["cohorts", "requests"]


def as_seen(doc: dict[str, Any], who: Principal | None) -> dict[str, Any]:
    """A submitted document as ``who`` may read it: an institution reads a planner's
    joint request in its space with the other institutions' cohorts and requests
    hidden (:data:`~api.compose.OTHERS`), as everywhere else."""
    if who is None or who.role is not Role.INSTITUTION:
        return doc
    out = dict(doc)
    for key in ("cohort", "cohorts", "after"):
        value = doc.get(key)
        if isinstance(value, list):
            out[key] = [_seen_ref(v, who) for v in value]
        elif value is not None:
            out[key] = _seen_ref(value, who)
    return out


def _seen_ref(ref: Any, who: Principal) -> Any:
    if isinstance(ref, str) and SEP in ref and owner_of(ref) != who.institution:
        return OTHERS
    return ref


def own_refs_only(doc: dict[str, Any], who: Principal) -> None:
    """Institutions name only their own cohorts and requests (plain ids)."""
    if who.role is Role.PLANNER:
        return
    errors = []
    for key in ("cohort", "cohorts", "after"):
        value = doc.get(key)
        values = value if isinstance(value, list) else [value] if value is not None else []
        for i, v in enumerate(values):
            if SEP in str(v):
                loc: list[str | int] = ["body", key] + ([i] if isinstance(value, list) else [])
                errors.append(
                    {
                        "loc": loc,
                        "path": key + (f"[{i}]" if isinstance(value, list) else ""),
                        "msg": f"'{v}': name your own items by their plain id",
                    }
                )
    if errors:
        raise ApiError(422, "a request may only refer to your own cohorts and requests", errors)


def _refs(doc: dict[str, Any], kind: Kind) -> list[str]:
    """What a request document names of ``kind``: its cohorts, or the requests it follows."""
    if kind == "cohorts":
        found = [doc.get("cohort"), *(doc.get("cohorts") or [])]
    else:
        found = list(doc.get("after") or [])
    return [str(x) for x in found if x is not None]


def not_referenced_elsewhere(
    requests: list[Item], kind: Kind, institution: str, local_id: str
) -> None:
    """409 when another institution's (planner-made joint) request names the item."""
    target = qualify(institution, local_id)
    for r in requests:
        if r.institution == institution:
            continue
        if target in _refs(r.document, kind):
            raise ApiError(409, f"{kind[:-1]} '{local_id}' is still part of a joint request")


def not_used_by_own_requests(
    requests: list[Item], kind: Kind, institution: str, local_id: str
) -> None:
    """409 naming the institution's own requests that still name the item (the scenario
    check would only say it is unknown)."""
    target = qualify(institution, local_id)
    users = []
    for r in requests:
        if r.institution != institution:
            continue
        if any(qualify(institution, x) == target for x in _refs(r.document, kind)):
            users.append(r.local_id)
    if users:
        named = ", ".join(f"'{u}'" for u in users)
        raise ApiError(
            409,
            f"{kind[:-1]} '{local_id}' is still used by request(s) {named}: change or "
            "withdraw them first",
        )
