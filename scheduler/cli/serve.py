"""``trainshare serve`` (the HTTP API) and ``trainshare api-key create`` (its keys)."""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from api.settings import Settings


class KeyRole(StrEnum):
    """The roles ``trainshare api-key create --role`` accepts; mirrors :class:`api.security.Role`
    so that this module does not import the API until a command runs.
    """

    planner = "planner"
    institution = "institution"
    viewer = "viewer"


def _warn_if_unknown(institution: str, known: set[str] | None) -> None:
    """A key for an institution no term lists sees nothing: likely a typo, so say so
    (the key is still made: the institution may join a later term)."""
    if known is None or institution in known:
        return
    listed = sorted(known)
    shown = ", ".join(listed[:10]) + (f" and {len(listed) - 10} more" if len(listed) > 10 else "")
    typer.echo(
        f"warning: no term lists institution '{institution}' (terms list {shown or 'none'}); "
        "the key sees nothing until a term does",
        err=True,
    )


def db_url_name(db_url: str | None) -> str:
    """Where the database URL of a command came from, as its errors name it: the
    ``--db-url`` it was given, else ``TRAINSHARE_DB_URL`` (or its default)."""
    return "--db-url" if db_url else "TRAINSHARE_DB_URL"


@contextmanager
def database(url: str, name: str) -> Iterator[Engine]:
    """The database at ``url``, migrated; a URL that names no database we can open ends
    the command with exit 2 and the reason (not SQLAlchemy's traceback), naming where the
    URL came from (``name``: :func:`db_url_name`)."""
    from sqlalchemy.exc import SQLAlchemyError

    from api.db import make_engine, upgrade

    try:
        engine = make_engine(url)
        upgrade(engine)
    except (SQLAlchemyError, ValueError) as e:
        reason = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        typer.echo(f"error: {name} {url}: cannot open the database: {reason}", err=True)
        raise typer.Exit(2) from None
    try:
        yield engine
    finally:
        engine.dispose()


def settings_of(db_url: str | None) -> Settings:
    """The service's settings (``--db-url`` before ``TRAINSHARE_DB_URL``); a
    ``TRAINSHARE_*`` variable holding the wrong kind of value, or a ``--db-url`` that is
    no URL, ends the command with exit 2 naming it (not pydantic's traceback): the
    option when the URL came from it, the variable otherwise."""
    from pydantic import ValidationError

    from api.settings import Settings
    from scheduler.error_messages import error_message, shown

    if db_url is not None and not db_url.strip():
        # an unset shell variable, say: falling back would run on another database
        typer.echo("error: --db-url: must not be empty", err=True)
        raise typer.Exit(2)
    try:
        return Settings(db_url=db_url) if db_url else Settings()
    except ValidationError as e:
        for err in e.errors(include_url=False):
            if tuple(err["loc"]) == ("db_url",):
                name = db_url_name(db_url)
            else:
                name = "TRAINSHARE_" + "_".join(map(str, err["loc"])).upper()
            # as a scenario's problems are said ("must be an integer"), with what was given
            said = error_message(err)
            if " (got " not in said:
                said += f" (got {shown(err.get('input'))})"
            typer.echo(f"error: {name}: {said}", err=True)
        raise typer.Exit(2) from None


LOG_LEVELS = ("debug", "info", "warning", "error")


def refuse_served(db_url: str) -> None:
    """Exit 2, saying so, while another server runs the jobs of the database at ``db_url``
    (:mod:`api.db.runner_lock`): the app's start would refuse with a traceback."""
    from api.db.runner_lock import HELD, held_elsewhere

    where = held_elsewhere(db_url)
    if where is not None:
        typer.echo(f"error: {HELD.format(where=where)}", err=True)
        raise typer.Exit(2)


def register(app: typer.Typer) -> None:
    """Add ``trainshare serve`` and the ``api-key`` group (``create``, ``list``, ``revoke``)
    to ``app``; the API loads only when a command runs.
    """

    @app.command()
    def serve(
        host: str = typer.Option("127.0.0.1", help="address to bind (loopback by default)"),
        port: int = typer.Option(8000, min=1, max=65535, help="TCP port"),
        db_url: str = typer.Option(
            None, "--db-url", help="database URL (default: TRAINSHARE_DB_URL or ./trainshare.db)"
        ),
        log_level: str = typer.Option("info", help="debug, info, warning or error"),
    ) -> None:
        """Run the HTTP API (OpenAPI docs at /docs). Settings: TRAINSHARE_* variables."""
        import uvicorn

        from api.app import create_app

        if log_level.lower() not in LOG_LEVELS:
            typer.echo(f"error: --log-level takes {', '.join(LOG_LEVELS)}, not '{log_level}'")
            raise typer.Exit(2)
        logging.basicConfig(
            level=log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
        # the migration run at every start made alembic say "setup plugin ..." seven
        # times at INFO before the server's first line: its plugins speak from WARNING
        # (or the level asked for, when that is quieter)
        quiet = max(logging.WARNING, logging.getLevelNamesMapping()[log_level.upper()])
        logging.getLogger("alembic.runtime.plugins").setLevel(quiet)
        from api.security import load_tokens_file

        settings = settings_of(db_url)
        refuse_served(settings.db_url)  # before migrating under it
        with database(settings.db_url, db_url_name(db_url)):
            pass  # reachable and migrated before the server says it is up
        try:
            load_tokens_file(settings.tokens_file)  # a bad entry stops the start in words
        except ValueError as e:
            typer.echo(f"error: TRAINSHARE_TOKENS_FILE: {e}", err=True)
            raise typer.Exit(2) from None
        # at a stop, uvicorn waits for open responses before the app's shutdown stops the
        # jobs; an event stream ends only with its job, so a watched job (and the queued
        # ones after it) kept the server from stopping: open responses get the jobs' grace
        uvicorn.run(
            create_app(settings),
            host=host,
            port=port,
            log_level=log_level,
            timeout_graceful_shutdown=max(1, math.ceil(settings.shutdown_grace_seconds)),
        )

    keys = typer.Typer(help="API keys of the HTTP API.", no_args_is_help=True)
    app.add_typer(keys, name="api-key")

    @keys.command("create")
    def create(
        role: KeyRole = typer.Option(..., help="planner, institution or viewer"),
        institution: str = typer.Option(None, help="the institution id (institution keys)"),
        name: str = typer.Option("", help="a label for the audit trail"),
        db_url: str = typer.Option(None, "--db-url", help="database URL (as for serve)"),
    ) -> None:
        """Create a key and print it once (only a salted hash is stored)."""
        from api.db import make_session_factory, session_scope
        from api.security import Role, create_key
        from api.workflow import term_institutions

        settings = settings_of(db_url)
        if (role is KeyRole.institution) != (institution is not None):
            typer.echo(
                "error: --institution is needed for, and only for, --role institution", err=True
            )
            raise typer.Exit(2)
        for option, value in (("--name", name), ("--institution", institution or "")):
            if len(value) > 200:  # the column's width: PostgreSQL refuses longer
                typer.echo(f"error: {option}: {len(value)} characters (at most 200)", err=True)
                raise typer.Exit(2)
        with (
            database(settings.db_url, db_url_name(db_url)) as engine,
            session_scope(make_session_factory(engine)) as session,
        ):
            if institution is not None:
                _warn_if_unknown(institution, term_institutions(session))
            row, key = create_key(
                session, Role(role.value), institution, name, settings.key_pepper.get_secret_value()
            )
            from api.db.models import AuditEntry

            session.add(
                AuditEntry(
                    actor="cli",
                    role="planner",
                    institution=None,
                    action="api_key.create",
                    target_type="api_key",
                    target_id=row.key_id,
                    detail={"role": role.value, "institution": institution, "name": name},
                )
            )
        typer.echo(key)

    @keys.command("list")
    def list_keys(
        db_url: str = typer.Option(None, "--db-url", help="database URL (as for serve)"),
    ) -> None:
        """Show the stored keys (ids, roles, institutions; never the secrets)."""
        from sqlalchemy import select

        from api.db import make_session_factory
        from api.db.models import ApiKey

        settings = settings_of(db_url)
        with (
            database(settings.db_url, db_url_name(db_url)) as engine,
            make_session_factory(engine)() as session,
        ):
            for k in session.scalars(select(ApiKey).order_by(ApiKey.id)):
                state = f"revoked {k.revoked_at:%Y-%m-%d}" if k.revoked_at else "active"
                typer.echo(f"{k.key_id}\t{k.role}\t{k.institution or '-'}\t{state}\t{k.name}")

    @keys.command("revoke")
    def revoke(
        key_id: str = typer.Argument(..., help="the id shown by `api-key list` (ts_<id>_...)"),
        db_url: str = typer.Option(None, "--db-url", help="database URL (as for serve)"),
    ) -> None:
        """Revoke a key: it stops working at once."""
        from sqlalchemy import select

        from api.db import make_session_factory, session_scope
        from api.db.models import ApiKey, AuditEntry, utcnow

        settings = settings_of(db_url)
        with (
            database(settings.db_url, db_url_name(db_url)) as engine,
            session_scope(make_session_factory(engine)) as session,
        ):
            row = session.scalar(select(ApiKey).where(ApiKey.key_id == key_id))
            if row is None:
                typer.echo(f"error: no key '{key_id}' (see `api-key list`)", err=True)
                raise typer.Exit(2)  # an id that names nothing is bad input
            if row.revoked_at is None:
                row.revoked_at = utcnow()
                session.add(
                    AuditEntry(
                        actor="cli",
                        role="planner",
                        institution=None,
                        action="api_key.revoke",
                        target_type="api_key",
                        target_id=key_id,
                    )
                )
        engine.dispose()
        typer.echo(f"revoked {key_id}")
