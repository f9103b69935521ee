"""SQLAlchemy 2 tables of the service.

Documents (scenarios, schedules, cohorts, requests) are stored whole as JSON: the
format is the contract, and the database only needs to find them by id, name, term
and institution. Published schedule versions are immutable (see
:func:`_forbid_changes`); later changes are new rows (amendments, new versions).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Mapped, column_property, mapped_column
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator


def utcnow() -> dt.datetime:
    """The current time, timezone-aware in UTC, for the tables' timestamps."""
    return dt.datetime.now(dt.UTC)


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A timestamp that is always timezone-aware UTC, in and out.

    ``DateTime(timezone=True)`` keeps the offset on PostgreSQL, but SQLite stores text
    without one and gives naive datetimes back; the API would then answer the same
    instant as ``...Z`` after a write and without an offset after a read. Values are
    stored as UTC and a naive value read back is UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        """Store ``value`` in UTC (a naive value is taken to be UTC)."""
        return _as_utc(value)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        """Read ``value`` back as aware UTC, whatever the database returned."""
        return _as_utc(value)


def _as_utc(value: dt.datetime | None) -> dt.datetime | None:
    """``value`` in UTC; a naive value is taken to be UTC already."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


class stored(FunctionElement[bool]):  # noqa: N801 -- an SQL function, named as one
    """Whether a column holds a value (``IS NOT NULL``), read without loading it.

    SQLite (3.40) loads the whole value to answer ``IS NOT NULL``: a job's schedule, 5 MB
    on a generated L term, for every job a list shows; ``typeof()`` reads only the
    record's header. PostgreSQL answers from the row's null bitmap, without the value.
    """

    type = Boolean()
    inherit_cache = True


@compiles(stored)
def _stored(element: stored, compiler: SQLCompiler, **kw: Any) -> str:
    return f"({compiler.process(element.clauses, **kw)} IS NOT NULL)"


@compiles(stored, "sqlite")
def _stored_sqlite(element: stored, compiler: SQLCompiler, **kw: Any) -> str:
    return f"(typeof({compiler.process(element.clauses, **kw)}) != 'null')"


class Base(DeclarativeBase):
    """The declarative base of every table; ``dict`` and ``list`` columns are stored as JSON."""

    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class ApiKey(Base):
    """A bearer key: only ``key_id`` (public prefix) and a salted, peppered hash are kept."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_id: Mapped[str] = mapped_column(String(32), unique=True)
    salt: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(16))
    institution: Mapped[str | None] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())


class ScenarioRecord(Base):
    """One version of a named scenario; identical content is never stored twice."""

    __tablename__ = "scenarios"
    __table_args__ = (
        UniqueConstraint("name", "version", name="uq_scenarios_name_version"),
        UniqueConstraint("name", "content_hash", name="uq_scenarios_name_hash"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(400), index=True)
    version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    entities: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))


class Term(Base):
    """A planning term: the planner's base scenario (no cohorts/requests) and its state."""

    __tablename__ = "terms"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(400))
    base: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | closed
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)


class TermCohort(Base):
    """A cohort an institution submitted; ``local_id`` is unique within that institution."""

    __tablename__ = "term_cohorts"
    __table_args__ = (
        UniqueConstraint("term_id", "institution", "local_id", name="uq_term_cohorts"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("terms.id"), index=True)
    institution: Mapped[str] = mapped_column(String(200))
    local_id: Mapped[str] = mapped_column(String(200))
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(200))


class TermRequest(Base):
    """A request an institution submitted (``origin`` submission) or was granted after
    publication (``origin`` extra, with its amendment)."""

    __tablename__ = "term_requests"
    __table_args__ = (
        UniqueConstraint("term_id", "institution", "local_id", name="uq_term_requests"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("terms.id"), index=True)
    institution: Mapped[str] = mapped_column(String(200))
    local_id: Mapped[str] = mapped_column(String(200))
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    origin: Mapped[str] = mapped_column(String(16), default="submission")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(200))


class Job(Base):
    """A solve run in a worker process, with its inputs frozen so it can be re-run."""

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # scenario | term | resolve
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    scenario_id: Mapped[int | None] = mapped_column(ForeignKey("scenarios.id"))
    term_id: Mapped[int | None] = mapped_column(ForeignKey("terms.id"))
    # No foreign key: versions point at jobs, and a cycle would need ALTER on SQLite.
    reference_version_id: Mapped[int | None] = mapped_column(Integer)
    rerun_of: Mapped[int | None] = mapped_column(ForeignKey("jobs.id"))
    #: the scenario's name, for lists that show it without loading the document (0004)
    name: Mapped[str] = mapped_column(String(400), default="", server_default="")
    scenario: Mapped[dict[str, Any]] = mapped_column(JSON)
    reference: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    options: Mapped[dict[str, Any]] = mapped_column(JSON)
    move_penalty: Mapped[int | None] = mapped_column(Integer)
    #: a re-solve changes nothing before this date (today plus the lead days, when the
    #: job was asked for); None: the whole term may change
    keep_before: Mapped[dt.date | None] = mapped_column(Date)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    objective: Mapped[float | None] = mapped_column(Float)
    bound: Mapped[float | None] = mapped_column(Float)
    gap: Mapped[float | None] = mapped_column(Float)
    elapsed: Mapped[float | None] = mapped_column(Float)
    #: ``None`` is stored as SQL NULL (not JSON ``null``), which ``has_schedule`` reads
    schedule: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    #: computed by the database: whether there is a schedule, read without the document
    has_schedule: Mapped[bool] = column_property(stored(schedule))
    moved: Mapped[list[Any] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
    started_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    finished_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    created_by: Mapped[str] = mapped_column(String(200))


class ScheduleVersion(Base):
    """A published schedule of a term: immutable once written."""

    __tablename__ = "schedule_versions"
    __table_args__ = (UniqueConstraint("term_id", "number", name="uq_versions_term_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("terms.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("schedule_versions.id"))
    scenario: Mapped[dict[str, Any]] = mapped_column(JSON)
    schedule: Mapped[dict[str, Any]] = mapped_column(JSON)
    moved: Mapped[list[Any] | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))


class Amendment(Base):
    """An extra request answered on top of a published version (granted or not).

    ``seq`` numbers the amendments of one version; the unique constraint makes two
    concurrent grants against the same state collide instead of double-booking.
    """

    __tablename__ = "amendments"
    __table_args__ = (UniqueConstraint("version_id", "seq", name="uq_amendments_version_seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("schedule_versions.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    institution: Mapped[str] = mapped_column(String(200))
    request: Mapped[dict[str, Any]] = mapped_column(JSON)
    outcome: Mapped[str] = mapped_column(String(16))  # granted | partial | rejected
    sessions: Mapped[list[Any]] = mapped_column(JSON)
    placements: Mapped[list[Any]] = mapped_column(JSON)
    reasons: Mapped[list[Any]] = mapped_column(JSON)
    alternatives: Mapped[list[Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))


class AuditEntry(Base):
    """Who wrote what, when: one row per write, in the write's own transaction."""

    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    institution: Mapped[str | None] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(64))
    target_type: Mapped[str] = mapped_column(String(32))
    target_id: Mapped[str] = mapped_column(String(600))  # term/institution/id (0003)
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class ImmutableError(RuntimeError):
    """Raised when code tries to change or delete a published schedule version."""


@event.listens_for(ScheduleVersion, "before_update")
@event.listens_for(ScheduleVersion, "before_delete")
def _forbid_changes(mapper: Any, connection: Any, target: ScheduleVersion) -> None:
    raise ImmutableError(f"schedule version {target.id} is published and immutable")
