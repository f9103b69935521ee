"""The audit trail: every write records who did what to which object, in its transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from api.db.models import AuditEntry
from api.security import Principal


def record(
    session: Session,
    who: Principal,
    action: str,
    target_type: str,
    target_id: object,
    detail: dict[str, Any] | None = None,
) -> None:
    """Add an audit row; committed together with the write it describes."""
    session.add(
        AuditEntry(
            actor=who.actor,
            role=who.role.value,
            institution=who.institution,
            action=action,
            target_type=target_type,
            target_id=str(target_id),
            detail=detail,
        )
    )
