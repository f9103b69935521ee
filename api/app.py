"""The FastAPI application: ``create_app(settings)`` wires database, runner and routers.

At start (lifespan) the app takes the database's job-runner lock (``api.db.runner_lock``:
another server running the same database's jobs stops this start), the database is
migrated to the newest schema (``alembic upgrade head``), jobs left running by a
previous process are marked ``interrupted``, and the job runner starts; at shutdown the
runner ends its children and the lock is let go. Both in a worker thread, not on the
event loop.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy import Engine

from api.body import JsonContentTypeMiddleware
from api.db import make_engine, make_session_factory, runner_lock, upgrade
from api.deps import StrictQuery
from api.errors import install_handlers
from api.jobs.job_ends import mark_interrupted
from api.jobs.runner import JobRunner
from api.limits import BodySizeLimitMiddleware
from api.openapi import install_openapi
from api.routers import audit, exports, health, jobs, scenarios, submissions, terms, versions
from api.security import load_tokens_file
from api.settings import Settings, get_settings
from api.threads import in_thread

log = logging.getLogger(__name__)

DESCRIPTION = """
Share training resources between vocational colleges and enterprises.

* **Scenarios**: upload (validated exactly like `trainshare validate`), versioned by name.
* **Jobs**: solves run in worker processes; poll them or follow their server-sent events.
* **Terms**: a planner opens a term, institutions submit their own cohorts and requests,
  the planner solves and publishes immutable schedule versions; afterwards institutions
  ask for extra sessions and get an answer at once.

Authenticate with `Authorization: Bearer <key>`; keys come from
`trainshare api-key create --role planner|institution|viewer [--institution ID]`.
"""


def create_app(settings: Settings | None = None, *, run_jobs: bool = True) -> FastAPI:
    """Build the app; ``run_jobs=False`` leaves queued jobs alone (for tests of routes)."""
    settings = settings or get_settings()

    def start(app: FastAPI) -> Engine:
        """Open the database at the newest schema, mark jobs a previous process left running
        as interrupted, load the key file and start the job runner (database calls and
        waits: :func:`lifespan` runs this in a worker thread)."""
        # the job runner's lock first: a second server must not migrate under the first
        lock = runner_lock.take(settings.db_url)
        if run_jobs and lock is None:
            where = runner_lock.held_elsewhere(settings.db_url) or settings.db_url
            raise RuntimeError(runner_lock.HELD.format(where=where))
        engine = make_engine(settings.db_url)
        try:
            upgrade(engine)
        except BaseException:
            engine.dispose()
            if lock is not None:
                lock.release()
            raise
        factory = make_session_factory(engine)
        if lock is not None:
            mark_interrupted(factory)  # no other server runs them: their process is gone
        if not run_jobs and lock is not None:
            lock.release()  # routes only (tests): another app may run the jobs
            lock = None
        app.state.settings = settings
        app.state.session_factory = factory
        app.state.file_keys = load_tokens_file(settings.tokens_file)
        runner = JobRunner(factory, settings, lock)  # it checks it holds the lock
        app.state.runner = runner
        if run_jobs:
            runner.start()
        log.info("trainshare API ready (%s)", engine.dialect.name)
        return engine

    def stop(app: FastAPI, engine: Engine) -> None:
        """Stop the runner (it waits up to the shutdown grace for its jobs' best schedules
        and marks them), close the engine and let the lock go (the runner's loop does,
        when still in a lock check the database has not answered): in a worker thread too."""
        runner: JobRunner = app.state.runner
        try:
            if run_jobs:
                runner.stop()
            engine.dispose()
        finally:
            runner.release_lock()  # the one it holds now (taken again, say)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        """:func:`start`, serve, :func:`stop`, the first and last in a worker thread.

        Both wait for the database (migrations, marking jobs, a lock, a slow or full
        connection pool) and the last for the jobs' processes, seconds each: on the event
        loop they stopped everything else it runs, at a stop the requests cancelled past
        the grace still finishing (:func:`api.threads.in_thread`) and other applications
        sharing the loop (tests run several).
        """
        engine = await in_thread(start, app)
        try:
            yield
        finally:
            await in_thread(stop, app, engine)

    app = FastAPI(
        title="trainshare",
        version="1.0.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        separate_input_output_schemas=False,
    )
    app.add_middleware(JsonContentTypeMiddleware)
    from api.web.ask import router as ask_router
    from api.web.router import bad_length_page, too_large_page
    from api.web.router import router as web_router

    app.add_middleware(
        BodySizeLimitMiddleware,
        max_bytes=settings.max_body_bytes,
        page=too_large_page,
        bad_length_page=bad_length_page,
    )
    install_handlers(app)
    for module in (health, scenarios, jobs, terms, submissions, versions, exports, audit):
        app.include_router(module.router, dependencies=[StrictQuery])

    app.include_router(web_router)  # the web timetable at /
    app.include_router(ask_router)  # an institution's extra-request form
    install_openapi(app)
    return app
