"""The term workflow's shared rules: who may see a term and an institution's part of it,
and the items submitted to it.

Composing and checking a term is :mod:`api.term_checks`; a published version and its
effective schedule (the version plus its amendments) :mod:`api.published_versions`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.compose import Item
from api.db.models import Term, TermCohort, TermRequest
from api.errors import ApiError, not_found
from api.security import Principal, Role


def institutions_of(term: Term) -> list[str]:
    """Ids of the institutions the term's base lists: who may take part in it."""
    return [i["id"] for i in term.base.get("institutions", [])]


def term_institutions(db: Session) -> set[str] | None:
    """Every institution some term lists; None while there is no term (a key made for an
    institution no term lists sees nothing, so its maker is warned).

    Only each base's ``institutions`` list is read: a base is megabytes on a large term
    (its resources and calendar), and making a key loaded every term's whole."""
    lists = db.scalars(select(Term.base["institutions"])).all()
    if not lists:
        return None
    return {i["id"] for listed in lists for i in listed or []}


def get_term(db: Session, term_id: int, who: Principal) -> Term:
    """The term, or 404; an institution sees only terms it takes part in."""
    term = db.get(Term, term_id)
    if term is None:
        raise not_found("term")
    if who.role is Role.INSTITUTION and who.institution not in institutions_of(term):
        raise not_found("term")
    return term


def check_institution(term: Term, institution: str, who: Principal, write: bool) -> None:
    """May ``who`` read (or write) ``institution``'s submissions in ``term``?

    Another institution's space answers 404 like a missing one, so its existence is not
    revealed; viewers never write (403); institutions write only while the term is open.
    """
    if institution not in institutions_of(term) or not who.may_see_institution(institution):
        raise not_found("institution")
    if write:
        if who.role is Role.VIEWER:
            raise ApiError(403, "viewer keys are read-only")
        if who.role is Role.INSTITUTION and term.status != "open":
            raise ApiError(409, "submissions to this term are closed")


def items(db: Session, term_id: int) -> tuple[list[Item], list[Item]]:
    """Every cohort and request submitted to the term, as detached :class:`Item` copies."""
    cohorts = db.scalars(select(TermCohort).where(TermCohort.term_id == term_id))
    requests = db.scalars(select(TermRequest).where(TermRequest.term_id == term_id))
    return [Item.of(c) for c in cohorts], [Item.of(r) for r in requests]


def items_stamp(db: Session, term_id: int) -> tuple[tuple[Any, ...], ...]:
    """How many cohorts and requests the term has and when the latest changed: a change
    checked against its submissions is stale once this moves (checks take seconds on a
    large term, and another write may land meanwhile)."""
    return tuple(
        tuple(
            db.execute(
                select(func.count(), func.max(table.updated_at)).where(table.term_id == term_id)
            ).one()
        )
        for table in (TermCohort, TermRequest)
    )
