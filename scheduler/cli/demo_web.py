"""``trainshare demo-web``: the web timetable of the Dalian scenario in one command.

It creates a throw-away SQLite database, a planner key and an institution key, starts
the HTTP API on 127.0.0.1, and (through the API's own routes, as a planner would) opens
the scenario as a term, submits every cohort and request, solves it and publishes the
schedule. Then it prints the URL and the keys to paste into the sign-in form.
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import typer

from scheduler.cli.numbers import finite

DALIAN = Path(__file__).resolve().parents[2] / "scenarios" / "dalian-cnc-consortium.json"


def register(app: typer.Typer) -> None:
    """Add ``trainshare demo-web`` to ``app``; the API and uvicorn load only when it runs."""

    @app.command("demo-web")
    def demo_web(
        scenario: Path = typer.Option(
            DALIAN, "--scenario", help="scenario JSON to publish (default: the Dalian one)"
        ),
        host: str = typer.Option("127.0.0.1", help="address to bind (loopback by default)"),
        port: int = typer.Option(8000, help="TCP port"),
        db_url: str = typer.Option(
            None, "--db-url", help="database URL (default: a new SQLite file, removed on stop)"
        ),
        solver: str = typer.Option("greedy", help="greedy (seconds) or cpsat"),
        time_limit: float = typer.Option(
            20.0, help="solve time limit in seconds (cpsat)", callback=finite
        ),
    ) -> None:
        """Serve the web timetable of a scenario published as a term (default: Dalian)."""
        import uvicorn

        from api.app import create_app
        from scheduler.cli.serve import refuse_served, settings_of
        from scheduler.issues import ScenarioError
        from scheduler.json_reading import read_json

        if solver not in ("greedy", "cpsat"):
            typer.echo("error: --solver is greedy or cpsat", err=True)
            raise typer.Exit(2)
        try:
            data = read_json(scenario)  # as every command reads a document (a pipe refused)
        except ScenarioError as e:
            typer.echo(f"error: cannot read {scenario}: {'; '.join(map(str, e.issues))}", err=True)
            raise typer.Exit(2) from None
        logging.basicConfig(level="WARNING", format="%(levelname)s %(name)s: %(message)s")
        scratch = None  # a throw-away database's folder, removed when the server stops
        if db_url is not None:
            refuse_served(db_url)  # before its keys are written
        else:
            scratch = tempfile.TemporaryDirectory(prefix="trainshare-demo-")
            db_url = f"sqlite:///{Path(scratch.name) / 'demo.db'}"
        settings = _demo_today(settings_of(db_url), data)
        keys = _create_keys(settings, data)
        server = uvicorn.Server(
            uvicorn.Config(create_app(settings), host=host, port=port, log_level="warning")
        )
        failed: list[str] = []
        seeder = threading.Thread(
            target=_seed,
            args=(server, f"http://{host}:{port}", keys, data, solver, time_limit, failed),
            daemon=True,
        )
        typer.echo(f"database: {db_url}")
        typer.echo(f"publishing {data.get('name', scenario.name)} with the {solver} solver ...")
        seeder.start()
        # uvicorn shuts down gracefully on SIGTERM, then raises it again under the handler
        # it found: Python's default would end the process before ``finally`` cleans up
        signal.signal(signal.SIGTERM, _exit_on_sigterm)
        try:
            server.run()
        finally:
            if scratch is not None:
                scratch.cleanup()
        if failed:
            typer.echo(f"error: {failed[0]}", err=True)
            raise typer.Exit(1)


def _demo_today(settings: Any, data: dict[str, Any]) -> Any:
    """Settings whose today is the eve of the term, unless TRAINSHARE_TODAY pins one.

    The demonstration shows a term about to start: extra requests may book any of its
    weeks whatever the real date (a past term would refuse them all).
    """
    if settings.today is not None:
        return settings
    try:
        first = dt.date.fromisoformat(str(data["calendar"]["first_monday"]))
    except (KeyError, TypeError, ValueError):
        return settings  # the publication names the problem
    today = first - dt.timedelta(days=1)
    typer.echo(f"today is {today.isoformat()} for extra requests (TRAINSHARE_TODAY to change)")
    return settings.model_copy(update={"today": today})


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _create_keys(settings: Any, data: dict[str, Any]) -> dict[str, str]:
    """A planner key and one institution key (of the first institution), as
    ``trainshare api-key create`` makes them."""
    from api.db import make_engine, make_session_factory, session_scope, upgrade
    from api.security import Role, create_key

    engine = make_engine(settings.db_url)
    upgrade(engine)
    pepper = settings.key_pepper.get_secret_value()
    keys = {}
    with session_scope(make_session_factory(engine)) as session:
        keys["planner"] = create_key(session, Role.PLANNER, None, "demo planner", pepper)[1]
        institutions = [i["id"] for i in data.get("institutions", [])]
        if institutions:
            inst = institutions[0]
            keys[inst] = create_key(session, Role.INSTITUTION, inst, f"demo {inst}", pepper)[1]
    engine.dispose()
    return keys


def _seed(
    server: Any,
    url: str,
    keys: dict[str, str],
    data: dict[str, Any],
    solver: str,
    time_limit: float,
    failed: list[str],
) -> None:
    """Publish the scenario once the server answers, then print where to look."""
    import httpx

    from api.web.demo import DemoError, publish_scenario

    while not server.started:
        if server.should_exit:
            return
        time.sleep(0.1)
    headers = {"Authorization": f"Bearer {keys['planner']}"}
    try:
        with httpx.Client(base_url=url, headers=headers, timeout=60) as client:
            term, number, _ = publish_scenario(client, data, solver=solver, time_limit=time_limit)
    except (DemoError, httpx.HTTPError) as e:
        failed.append(str(e))
        server.should_exit = True
        return
    lines = [
        "",
        f"Web timetable: {url}/   (version: {url}/terms/{term}/versions/{number})",
        "Sign in by pasting a key:",
        *(f"  {who:<12} {key}" for who, key in keys.items()),
        f"JSON API docs: {url}/docs      Stop with Ctrl-C.",
        "",
    ]
    typer.echo("\n".join(lines))
