"""Service settings, read from ``TRAINSHARE_*`` environment variables (pydantic-settings).

Every limit a client could push against (body size, scenario size, solve time, number of
solver processes) lives here so an operator tunes one place.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Configuration of ``trainshare serve``; each field is ``TRAINSHARE_<FIELD>``.

    No time is NaN or infinite: ``inf`` was taken, and a job or a shutdown never ended.
    """

    model_config = SettingsConfigDict(env_prefix="TRAINSHARE_", extra="ignore")

    db_url: str = Field(
        default="sqlite:///./trainshare.db",
        description="SQLAlchemy URL: sqlite:///file.db or postgresql+psycopg://user@host/db",
    )
    tokens_file: Path | None = Field(
        default=None,
        description=(
            "Optional JSON file of extra API keys, a list of objects "
            '{"name", "role", "institution", and "key" or "sha256" (hex digest of the key)}'
        ),
    )
    key_pepper: SecretStr = Field(
        default=SecretStr(""),
        description="Secret mixed into every stored key hash (keep out of the DB)",
    )
    max_body_bytes: int = Field(
        default=16 * 1024 * 1024, ge=1024, description="Largest request body"
    )
    max_scenario_entities: int = Field(
        default=20_000,
        ge=1,
        description="Most sites+institutions+resources+...+requests in one document",
    )
    max_time_limit: float = Field(
        default=600.0,
        gt=0,
        allow_inf_nan=False,
        description="Cap on a client's solve time limit (s)",
    )
    job_time_limit: float = Field(
        default=60.0, gt=0, allow_inf_nan=False, description="Solve time limit when none is given"
    )
    job_grace_seconds: float = Field(
        default=15.0,
        ge=0,
        allow_inf_nan=False,
        description="How long past its time limit a job may run before it is killed",
    )
    shutdown_grace_seconds: float = Field(
        default=5.0,
        ge=0,
        allow_inf_nan=False,
        description="At shutdown, how long running jobs have to hand in their best schedule "
        "before they are ended",
    )
    workers: int = Field(
        default=1, ge=1, description="Solve jobs running at once (one process each)"
    )
    max_solver_threads: int = Field(
        default=2,
        ge=1,
        description="Cap on a job's parallel workers (CP-SAT threads, ruin-and-recreate processes)",
    )

    today: dt.date | None = Field(
        default=None,
        description="The service's today (YYYY-MM-DD) for mid-term extra requests; default "
        "the server's date. Pin it for demonstrations and tests",
    )
    extra_lead_days: int = Field(
        default=1,
        ge=0,
        le=366,
        description="Extra requests are booked from this many days after today on "
        "(0: today too); earlier days are gone",
    )

    def current_date(self) -> dt.date:
        """``today`` when pinned, the server's date otherwise."""
        return self.today or dt.date.today()

    def first_bookable_date(self) -> dt.date:
        """The first date mid-term work may change or book: today plus the lead days."""
        return self.current_date() + dt.timedelta(days=self.extra_lead_days)

    @field_validator("db_url")
    @classmethod
    def _psycopg3(cls, v: str) -> str:
        """Plain ``postgresql://`` would pick psycopg2, which we do not ship; use psycopg 3.
        A value that is no URL at all is refused here, where the command that read it names
        where it came from (``--db-url`` or ``TRAINSHARE_DB_URL``), not when the database
        is opened."""
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            make_url(v)
        except ArgumentError:
            raise ValueError(
                "not a database URL: give sqlite:///file.db or postgresql+psycopg://user@host/db"
            ) from None
        for prefix in ("postgresql://", "postgres://"):
            if v.startswith(prefix):
                return "postgresql+psycopg://" + v[len(prefix) :]
        return v


@lru_cache
def get_settings() -> Settings:
    """Settings from the environment, read once per process."""
    return Settings()
