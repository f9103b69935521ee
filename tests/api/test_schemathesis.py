"""Property-based run of every operation of the OpenAPI document (schemathesis):
whatever a client sends, the answer is never a 5xx, and errors keep their JSON shape.

The app runs without its job runner (a queued job would keep an event stream open
forever, so ``/events`` is left out), with a term, a scenario and a job to hit.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.core.errors import InvalidSchema
from schemathesis.core.result import Err, Ok
from schemathesis.schemas import APIOperation

from api.app import create_app
from api.settings import Settings
from tests.api.conftest import BEFORE_TERMS, TINY_PATH, add_keys, open_tiny_term, submit_tiny
from tests.api.conftest import Api as _Api

schema = schemathesis.openapi.from_dict(create_app(Settings(db_url="sqlite://")).openapi())


def _operation(result: Ok[APIOperation] | Err[InvalidSchema]) -> APIOperation:
    """The operation, or the schema error raised: a broken schema must fail the module."""
    if isinstance(result, Err):
        raise result.err()
    return result.ok()


OPERATIONS = [
    op
    for op in (_operation(result) for result in schema.get_all_operations())
    if not op.path.endswith("/events")
]

#: Random examples per operation (valid and invalid, from the schema); 34 operations x 40
#: keep the whole run under a minute.
EXAMPLES = 40


@pytest.fixture(scope="module")
def fuzz_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Api]:
    db = Path(tmp_path_factory.mktemp("fuzz")) / "fuzz.db"
    url = f"sqlite:///{db}"
    settings_ = Settings(db_url=url, max_body_bytes=256 * 1024, today=BEFORE_TERMS)
    with TestClient(create_app(settings_, run_jobs=False)) as client:
        api = _Api(client, settings_, add_keys(url))
        api.post("/api/v1/scenarios", content=TINY_PATH.read_bytes())
        term_id = open_tiny_term(api)
        submit_tiny(api, term_id)
        api.post("/api/v1/scenarios/1/solve")
        yield api


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: f"{op.method.upper()} {op.path}")
def test_no_server_errors(operation: schemathesis.APIOperation, fuzz_api: _Api) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
    )
    def run(case: schemathesis.Case) -> None:
        kwargs = case.as_transport_kwargs(base_url="http://testserver")
        kwargs["headers"] = {**(kwargs.get("headers") or {}), **fuzz_api.as_("planner")}
        kwargs.pop("cookies", None)
        if isinstance(kwargs.get("data"), bytes | str):  # a raw body: httpx's word is content
            kwargs["content"] = kwargs.pop("data")
        response = fuzz_api.client.request(**kwargs)
        assert response.status_code < 500, (case.method, case.formatted_path, response.text[:500])
        if response.status_code >= 400:
            body = response.json()
            assert isinstance(body.get("detail"), str) and isinstance(body.get("errors"), list)

    run()
