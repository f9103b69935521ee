"""OpenAPI for bodies we parse ourselves.

Scenario-like bodies are read as raw JSON and checked exactly as the CLI checks files
(:mod:`scheduler.io`), so FastAPI does not see their model. :func:`json_body` documents
such a body (schema and examples) and :func:`install_openapi` adds the models' schemas
to ``components``.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel

_BODY_MODELS: dict[str, type[BaseModel]] = {}


def tiny_scenario() -> dict[str, Any]:
    """The bundled tiny scenario (``scenarios/tiny.json``), the example of every body."""
    text = (Path(__file__).parent / "examples" / "tiny_scenario.json").read_text("utf-8")
    return json.loads(text)


def json_body(model: type[BaseModel], examples: dict[str, Any], summary: str) -> dict[str, Any]:
    """``openapi_extra`` of a route whose JSON body is ``model`` (parsed by the route)."""
    _BODY_MODELS[model.__name__] = model
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {"$ref": f"#/components/schemas/{model.__name__}"},
                    "examples": {
                        name: {"summary": summary, "value": copy.deepcopy(value)}
                        for name, value in examples.items()
                    },
                }
            },
        }
    }


def install_openapi(app: FastAPI) -> None:
    """Have ``app`` build its OpenAPI document with the schemas of the bodies routes parse
    themselves (:func:`json_body`), which FastAPI cannot see, in ``components``.
    """

    def openapi() -> dict[str, Any]:
        """The OpenAPI document, built on first use and kept on the app."""
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
        )
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for name, model in _BODY_MODELS.items():
            js = model.model_json_schema(by_alias=True, ref_template="#/components/schemas/{model}")
            for def_name, def_schema in js.pop("$defs", {}).items():
                components.setdefault(def_name, def_schema)
            components.setdefault(name, js)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
