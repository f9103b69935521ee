"""The trainshare HTTP API (FastAPI): thin routes over the domain and the solver.

Run it with ``trainshare serve [--host 127.0.0.1 --port 8000]``; settings are
``TRAINSHARE_*`` variables (:mod:`api.settings`); keys come from ``trainshare api-key
create --role planner|institution|viewer [--institution ID]``. OpenAPI at ``/docs``.

Routes (all under ``/api/v1``, bearer key except ``health``):

- ``scenarios``: ``POST`` (validated like ``trainshare validate``; versioned by name),
  ``GET``, ``GET /{id}``, ``POST /{id}/solve`` (202, a job).
- ``jobs``: ``GET``, ``GET /{id}`` (status and progress), ``GET /{id}/events`` (SSE),
  ``DELETE /{id}`` (cancel, keeps the best schedule), ``GET /{id}/schedule``,
  ``POST /{id}/rerun``.
- ``terms``: ``POST`` (open: a scenario without cohorts/requests), ``GET``, ``GET /{id}``,
  ``POST /{id}/close|reopen``, ``POST /{id}/solve``, ``GET /{id}/occupancy?resource=``.
- ``terms/{id}/institutions/{inst}/cohorts|requests[/{item}]``: an institution's own
  submissions (``GET``, ``POST``, ``PUT``, ``DELETE``).
- ``terms/{id}/versions``: ``POST`` (publish a job), ``GET``, ``GET /{n}``,
  ``POST /{n}/resolve`` (minimal perturbation, a job); ``GET terms/{id}/schedule``;
  ``POST terms/{id}/institutions/{inst}/extra-requests`` (answered at once).
- ``audit`` (planners), ``health``.

Layout: ``app`` (factory and lifespan), ``routers/`` (one per resource), ``deps``
(session, principal, roles), ``schemas``/``version_schemas``, ``db/`` (models, engine,
Alembic in ``migrations/``), ``jobs/`` (runner in the server, worker in child processes),
``workflow``/``term_checks``/``published_versions``/``compose`` (term rules, checks,
published versions, per-institution views), ``errors``, ``limits``.
"""
