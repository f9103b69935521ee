"""``trainshare schema scenario|schedule``: print the JSON Schema of a document."""

from __future__ import annotations

import json
from enum import StrEnum

import typer

from scheduler.models import Scenario, Schedule


class Document(StrEnum):
    """The documents ``trainshare schema`` can print a JSON Schema of."""

    scenario = "scenario"
    schedule = "schedule"


def register(app: typer.Typer) -> None:
    """Add ``trainshare schema`` to ``app``."""

    @app.command()
    def schema(document: Document = typer.Argument(..., help="scenario or schedule")) -> None:
        """Print the JSON Schema of the scenario or schedule document."""
        model = Scenario if document is Document.scenario else Schedule
        typer.echo(json.dumps(model.model_json_schema(by_alias=True), indent=2))
