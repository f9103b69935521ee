"""Every route of the app, found in ``app.routes`` (a new route joins by itself), driven
with malformed requests from every role: no answer is a 5xx or shows a traceback, every
error names its problem and place, and nothing sent is dropped unsaid
(:mod:`tests.api.fuzz_requests` draws the requests and states the rules).

The term is published first by an app running jobs; the fuzzed app runs none (a queued
job would keep its event stream open), so only the done job's id is offered as valid.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import unescape
from pathlib import Path
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings

from api.app import create_app
from api.settings import Settings
from tests.api.conftest import (
    BEFORE_TERMS,
    TINY_PATH,
    Api,
    add_keys,
    open_tiny_term,
    publish_tiny,
    submit_tiny,
)
from tests.api.fuzz_requests import (
    MAX_BODY,
    Probe,
    Route,
    Site,
    assert_answered,
    every_route,
    probes,
)

#: A request that hangs (an event stream that never ends) fails its route, not the run.
pytestmark = pytest.mark.timeout(120)

ROUTES = every_route(create_app(Settings(db_url="sqlite://")))
#: Addresses no route serves, in the API and among the pages.
UNKNOWN = [Route("GET", "/api/v1/terms/{term_id}/nope", ()), Route("POST", "/nope/{job_id}", ())]

#: Requests per route: 54 routes and 2 unknown addresses x 30 take 20-50 s (load).
EXAMPLES = 30


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Site, TestClient]]:
    """A database with the tiny term published (version 1, job 1), another open to
    submissions (their bodies are read only there) and the tiny scenario stored, served
    by an app that runs no jobs."""
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('fuzz')) / 'fuzz.db'}"
    fuzzed = Settings(db_url=url, today=BEFORE_TERMS, max_body_bytes=MAX_BODY)
    solving = fuzzed.model_copy(update={"job_grace_seconds": 5.0})
    with TestClient(create_app(solving, run_jobs=True)) as client:
        api = Api(client, solving, add_keys(url))
        term_id = open_tiny_term(api)
        submit_tiny(api, term_id)
        version = publish_tiny(api, term_id, time_limit=5, workers=1, seed=0)
        assert api.post("/api/v1/scenarios", content=TINY_PATH.read_bytes()).status_code == 201
        open_term = open_tiny_term(api)
        submit_tiny(api, open_term)
    valid = {
        "term_id": [str(term_id), str(open_term)],
        "number": [str(version["number"])],
        "job_id": [str(version["job_id"])],
        "scenario_id": ["1"],
        "institution": ["col-a", "col-b", "ent-x"],
        "item_id": ["a-cnc-1", "r-a-cnc", "b-weld-1"],
        "fmt": ["ics", "csv", "xlsx"],
        "code": ["zh", "en"],
        "name": ["web.css", "icon.svg"],
    }
    with TestClient(create_app(fuzzed, run_jobs=False)) as client:
        yield Site(valid, api.keys, frozenset({"term_id"})), client


@pytest.mark.parametrize("route", ROUTES + UNKNOWN, ids=str)
def test_malformed_requests_get_a_clear_answer(route: Route, site: tuple[Site, TestClient]) -> None:
    data, client = site

    @given(probe=probes(route, data))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.generate, Phase.shrink],
    )
    def run(probe: Probe) -> None:
        response = client.request(
            probe.method,
            probe.url,
            headers=probe.headers,
            content=probe.content,
            follow_redirects=False,
        )
        assert_answered(probe, response)

    run()


# ------------------------------------------------------------ what the fuzzing found


def test_a_form_without_its_multipart_boundary_is_refused_in_words(
    site: tuple[Site, TestClient],
) -> None:
    """A multipart form missing its boundary answered the extra-request form with a 500."""
    data, client = site
    key = data.keys["col-a"]
    response = client.post(
        f"/terms/{data.valid['term_id'][0]}/ask",
        content=b"cohort=a-cnc-1&sessions=1&duration=2",
        headers={
            "content-type": "multipart/form-data",
            "cookie": f"trainshare_key={key}",
            "origin": "http://testserver",
            "accept": "text/html",
        },
    )
    assert response.status_code == 400, response.text
    assert "boundary" in response.text and "Traceback" not in response.text


def test_an_unknown_static_file_is_the_site_s_own_404(site: tuple[Site, TestClient]) -> None:
    """A missing static file answered a bare ``not found``: a browser gets the site's page,
    a program the API's JSON error, both naming the file as missing."""
    _, client = site
    page = client.get("/static/nope.css", headers={"accept": "text/html"})
    assert page.status_code == 404 and "<html" in page.text
    answer = client.get("/static/nope.css", headers={"accept": "application/json"})
    assert answer.status_code == 404
    assert answer.json()["detail"] == "static file not found"


def test_half_a_character_pair_in_an_option_is_named_by_its_code(
    site: tuple[Site, TestClient],
) -> None:
    """``"\\ud800"`` (valid JSON, half a surrogate pair) as a re-solve's move penalty was
    echoed into the 422's message, which no response can encode: a 500."""
    data, client = site
    term, number = data.valid["term_id"][0], data.valid["number"][0]
    response = client.post(
        f"/api/v1/terms/{term}/versions/{number}/resolve",
        content=b'{"move_penalty": "\\ud800"}',
        headers={
            "authorization": f"Bearer {data.keys['planner']}",
            "content-type": "application/json",
        },
    )
    assert response.status_code == 422, response.text
    (error,) = response.json()["errors"]
    assert error["path"] == "move_penalty"
    assert error["msg"] == 'must be an integer (got "\\ud800")'


def test_a_field_the_ask_form_does_not_have_is_refused_not_dropped(
    site: tuple[Site, TestClient],
) -> None:
    """A form posted by hand with a field the form lacks (a request's ``headcount``, a
    typo) was granted without it: what was sent was lost unsaid."""
    data, client = site
    fields = {"cohort": "a-cnc-1", "sessions": "1", "duration": "2", "id": "by-hand"}
    response = client.post(
        f"/terms/{data.valid['term_id'][0]}/ask",
        content=urlencode({**fields, "headcount": "5", "sesions": "2"}).encode(),
        headers={
            "content-type": "application/x-www-form-urlencoded",
            "cookie": f"trainshare_key={data.keys['col-a']}; lang=en",
            "origin": "http://testserver",
        },
    )
    assert response.status_code == 422, response.text
    assert "This form has no field “headcount”" in unescape(response.text)
    assert "This form has no field “sesions”" in unescape(response.text)
