"""An institution's own cohorts and requests in a term.

``/api/v1/terms/{term}/institutions/{institution}/cohorts`` and ``.../requests``. An
institution key reaches only its own institution (others answer 404, exactly like ids
that do not exist); planners reach every institution; viewers read. Every write checks
the whole term as it would be afterwards, with the CLI's validation, and is audited.
What an item names of others is :mod:`api.submission_refs`, that a change keeps the
bookings of days gone by :mod:`api.submission_past`.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response, status
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from api import audit
from api.body import json_data, to_model
from api.compose import Item
from api.db.models import Term, TermCohort, TermRequest, utcnow
from api.deps import DbDep, IdPath, PrincipalDep, SettingsDep
from api.errors import ApiError, ErrorBody, not_found
from api.limits import count_entities
from api.openapi import json_body, tiny_scenario
from api.schemas import CohortSubmission, Message, RequestSubmission, SubmissionOut
from api.security import Principal
from api.submission_past import keeps_the_past
from api.submission_refs import (
    Kind,
    as_seen,
    not_referenced_elsewhere,
    not_used_by_own_requests,
    own_refs_only,
)
from api.term_checks import CHECK_ATTEMPTS, check_composition
from api.term_locks import holding
from api.threads import in_thread
from api.workflow import check_institution, get_term, items, items_stamp

router = APIRouter(
    prefix="/api/v1/terms/{term_id}/institutions/{institution}",
    tags=["submissions"],
    responses={
        401: {"model": ErrorBody},
        403: {"model": ErrorBody},
        404: {"model": ErrorBody},
    },
)

_MODELS: dict[str, tuple[Any, type[BaseModel]]] = {
    "cohorts": (TermCohort, CohortSubmission),
    "requests": (TermRequest, RequestSubmission),
}


def _example(kind: Kind) -> dict[str, Any]:
    tiny = tiny_scenario()
    if kind == "cohorts":
        doc = dict(tiny["cohorts"][0])
        doc.pop("institution")
        return doc
    return dict(tiny["requests"][0])


def _out(
    row: TermCohort | TermRequest,
    warnings: list[Message] | None = None,
    who: Principal | None = None,
) -> SubmissionOut:
    return SubmissionOut(
        id=row.local_id,
        institution=row.institution,
        document=as_seen(row.document, who),
        origin=getattr(row, "origin", "submission"),
        created_at=row.created_at,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
        warnings=warnings or [],
    )


def _within_entities(db: DbDep, term: Term, settings: SettingsDep) -> None:
    """413 when one more item would make the term list more entities than an uploaded
    scenario may (``TRAINSHARE_MAX_SCENARIO_ENTITIES``): the term is solved as one."""
    (cohorts, _), (requests, _) = items_stamp(db, term.id)
    n = count_entities(term.base) + int(cohorts) + int(requests) + 1
    if n > settings.max_scenario_entities:
        raise ApiError(
            413,
            f"the term would list {n} entities; this server accepts at most "
            f"{settings.max_scenario_entities} in a scenario",
        )


async def _document(request: Request, kind: Kind, institution: str, who: Principal) -> dict:
    data = await json_data(request)
    model = _MODELS[kind][1]
    # validating a body (and the term with it, below) takes CPU time: off the event loop
    parsed = await run_in_threadpool(to_model, data, model, kind[:-1])
    doc = parsed.model_dump(mode="json", by_alias=True, exclude_none=True)
    if kind == "cohorts":
        if doc.get("institution", institution) != institution:
            raise ApiError(
                422,
                "the cohort belongs to the institution in the URL",
                [
                    {
                        "loc": ["body", "institution"],
                        "path": "institution",
                        "msg": f"must be '{institution}' or left out",
                    }
                ],
            )
        doc.pop("institution", None)
    else:
        own_refs_only(doc, who)
    return doc


def _checked_change(
    db: DbDep,
    term: Term,
    kind: Kind,
    institution: str,
    local_id: str,
    doc: dict[str, Any],
    who: Principal,
) -> list[Message]:
    """The term as it would be with ``doc`` submitted, checked (422 on its errors; CPU
    seconds on a large term); its warnings. Checked again when the term's base changed
    meanwhile (``PUT .../base``)."""
    for attempt in range(CHECK_ATTEMPTS):
        if attempt:
            db.expire_all()  # the term and its items as they are now
        seen = term.updated_at
        cohorts, requests = _with_change(db, term.id, kind, institution, local_id, doc)
        warnings = check_composition(
            term,
            cohorts,
            requests,
            who,
            (kind, institution, local_id),
            institution=institution,
        )
        db.refresh(term)
        if term.updated_at == seen:
            check_institution(term, institution, who, write=True)  # closed meanwhile?
            return warnings
    raise ApiError(409, "the term changed while this change was checked; retry")


def _row(db: DbDep, kind: Kind, term_id: IdPath, institution: str, local_id: str):  # type: ignore[no-untyped-def]
    table = _MODELS[kind][0]
    return db.scalar(
        select(table).where(
            table.term_id == term_id,
            table.institution == institution,
            table.local_id == local_id,
        )
    )


def _with_change(
    db: DbDep, term_id: IdPath, kind: Kind, institution: str, local_id: str, doc: dict | None
) -> tuple[list[Item], list[Item]]:
    """The term's items as they would be after the change (``doc=None``: deleted)."""
    cohorts, requests = items(db, term_id)
    target = cohorts if kind == "cohorts" else requests
    order = float("inf")
    for i, it in enumerate(target):
        if it.institution == institution and it.local_id == local_id:
            order = it.order
            del target[i]
            break
    if doc is not None:
        target.append(Item(institution, local_id, doc, order))
    return cohorts, requests


def _writable(
    db: DbDep,
    term_id: int,
    institution: str,
    who: Principal,
    kind: Kind | None = None,
    item_id: str | None = None,
) -> Term:
    """The term, when ``who`` may write ``institution``'s items in it (and item
    ``item_id`` of ``kind`` exists): read before the body, in a worker thread."""
    term = get_term(db, term_id, who)
    check_institution(term, institution, who, write=True)
    if (
        kind is not None
        and item_id is not None
        and _row(db, kind, term_id, institution, item_id) is None
    ):
        raise not_found(kind[:-1])
    return term


def _create(
    db: DbDep,
    kind: Kind,
    term: Term,
    institution: str,
    doc: dict[str, Any],
    who: Principal,
    settings: SettingsDep,
) -> SubmissionOut:
    """Check and store a new item (the route's part in a worker thread, its lock held)."""
    table, noun, local_id = _MODELS[kind][0], kind[:-1], doc["id"]
    if _row(db, kind, term.id, institution, local_id) is not None:
        raise ApiError(409, f"{noun} '{local_id}' already exists; PUT to change it")
    _within_entities(db, term, settings)
    warnings = _checked_change(db, term, kind, institution, local_id, doc, who)
    keeps_the_past(db, term, kind, institution, local_id, doc, settings, who)
    row = table(
        term_id=term.id,
        institution=institution,
        local_id=local_id,
        document=doc,
        updated_by=who.actor,
    )
    db.add(row)
    try:
        db.flush()
    except IntegrityError:  # the same id posted at the same moment: the other won
        db.rollback()
        raise ApiError(409, f"{noun} '{local_id}' already exists; PUT to change it") from None
    audit.record(db, who, f"{noun}.create", noun, f"{term.id}/{institution}/{local_id}")
    db.commit()
    return _out(row, warnings)


def _replace(
    db: DbDep,
    kind: Kind,
    term: Term,
    institution: str,
    doc: dict[str, Any],
    who: Principal,
    settings: SettingsDep,
) -> SubmissionOut:
    """Check and store an item's new ``doc`` (in a worker thread, the term's lock held)."""
    noun, item_id = kind[:-1], doc["id"]
    row = _row(db, kind, term.id, institution, item_id)
    if row is None:  # withdrawn meanwhile
        raise not_found(noun)
    if getattr(row, "origin", "submission") == "extra":
        raise ApiError(409, "a granted extra request is part of a published schedule")
    warnings = _checked_change(db, term, kind, institution, item_id, doc, who)
    keeps_the_past(db, term, kind, institution, item_id, doc, settings, who)
    row.document = doc
    row.updated_at = utcnow()
    row.updated_by = who.actor
    audit.record(db, who, f"{noun}.replace", noun, f"{term.id}/{institution}/{item_id}")
    db.commit()
    return _out(row, warnings)


def _delete(
    db: DbDep,
    kind: Kind,
    term_id: int,
    institution: str,
    item_id: str,
    who: Principal,
    settings: SettingsDep,
) -> None:
    """Withdraw an item unless still needed (in a worker thread, the term's lock held)."""
    noun = kind[:-1]
    term = get_term(db, term_id, who)
    check_institution(term, institution, who, write=True)
    row = _row(db, kind, term_id, institution, item_id)
    if row is None:
        raise not_found(noun)
    if getattr(row, "origin", "submission") == "extra":
        raise ApiError(409, "a granted extra request is part of a published schedule")
    cohorts, requests = _with_change(db, term_id, kind, institution, item_id, None)
    not_referenced_elsewhere(requests, kind, institution, item_id)
    not_used_by_own_requests(requests, kind, institution, item_id)
    check_composition(term, cohorts, requests, who, None, status=409, institution=institution)
    keeps_the_past(db, term, kind, institution, item_id, None, settings, who)
    db.delete(row)
    audit.record(db, who, f"{noun}.delete", noun, f"{term_id}/{institution}/{item_id}")
    db.commit()


def _register(kind: Kind) -> None:
    table, model = _MODELS[kind]
    noun = kind[:-1]
    body_doc = json_body(model, {"example": _example(kind)}, f"a {noun} from the tiny scenario")

    @router.get(f"/{kind}", response_model=list[SubmissionOut], name=f"list_{kind}")
    def list_items(
        term_id: IdPath, institution: str, db: DbDep, who: PrincipalDep
    ) -> list[SubmissionOut]:
        term = get_term(db, term_id, who)
        check_institution(term, institution, who, write=False)
        rows = db.scalars(
            select(table)
            .where(table.term_id == term_id, table.institution == institution)
            .order_by(table.id)
        )
        return [_out(r, who=who) for r in rows]

    list_items.__doc__ = f"The institution's {kind} in this term."

    @router.post(
        f"/{kind}",
        response_model=SubmissionOut,
        status_code=status.HTTP_201_CREATED,
        openapi_extra=body_doc,
        responses={409: {"model": ErrorBody}, 413: {"model": ErrorBody}, 422: {"model": ErrorBody}},
        name=f"create_{noun}",
    )
    async def create_item(
        term_id: IdPath,
        institution: str,
        request: Request,
        db: DbDep,
        who: PrincipalDep,
        settings: SettingsDep,
    ) -> SubmissionOut:
        term = await in_thread(_writable, db, term_id, institution, who)
        doc = await _document(request, kind, institution, who)
        async with holding(term_id, db):  # checked and committed one write at a time
            # reads, checks (CPU seconds on a large term) and the commit: in a worker thread
            return await in_thread(_create, db, kind, term, institution, doc, who, settings)

    create_item.__doc__ = f"Submit a {noun} (the term must be open for institution keys)."

    @router.get(f"/{kind}/{{item_id}}", response_model=SubmissionOut, name=f"get_{noun}")
    def get_item(
        term_id: IdPath, institution: str, item_id: str, db: DbDep, who: PrincipalDep
    ) -> SubmissionOut:
        """One of the institution's submitted cohorts or requests, by its id."""
        term = get_term(db, term_id, who)
        check_institution(term, institution, who, write=False)
        row = _row(db, kind, term_id, institution, item_id)
        if row is None:
            raise not_found(noun)
        return _out(row, who=who)

    @router.put(
        f"/{kind}/{{item_id}}",
        response_model=SubmissionOut,
        openapi_extra=body_doc,
        responses={409: {"model": ErrorBody}, 422: {"model": ErrorBody}},
        name=f"replace_{noun}",
    )
    async def replace_item(
        term_id: IdPath,
        institution: str,
        item_id: str,
        request: Request,
        db: DbDep,
        who: PrincipalDep,
        settings: SettingsDep,
    ) -> SubmissionOut:
        term = await in_thread(_writable, db, term_id, institution, who, kind, item_id)
        doc = await _document(request, kind, institution, who)
        if doc["id"] != item_id:
            raise ApiError(
                422,
                "the id in the body differs from the URL",
                [{"loc": ["body", "id"], "path": "id", "msg": f"must be '{item_id}'"}],
            )
        async with holding(term_id, db):  # checked and committed one write at a time
            return await in_thread(_replace, db, kind, term, institution, doc, who, settings)

    replace_item.__doc__ = f"Replace one of the institution's {kind}."

    @router.delete(
        f"/{kind}/{{item_id}}",
        status_code=status.HTTP_204_NO_CONTENT,
        response_class=Response,
        responses={409: {"model": ErrorBody}},
        name=f"delete_{noun}",
    )
    async def delete_item(
        term_id: IdPath,
        institution: str,
        item_id: str,
        db: DbDep,
        who: PrincipalDep,
        settings: SettingsDep,
    ) -> Response:
        async with holding(term_id, db):  # checked and committed one write at a time
            await in_thread(_delete, db, kind, term_id, institution, item_id, who, settings)
        return Response(status_code=status.HTTP_204_NO_CONTENT)

    delete_item.__doc__ = f"Withdraw one of the institution's {kind} (refused if still referenced)."


_register("cohorts")
_register("requests")
