"""An :class:`api.errors.ApiError` no web route caught, as a browser and a program see it.

The web routes catch their own errors (:func:`api.web.router.friendly`), so none reaches
the app's handler today; one that did (a future route forgetting to) showed the API's
bare JSON in the tab. A browser on a web path gets the site's error page in its
language; ``/api/`` and programs keep the JSON. The routes raising here exist only in
this test.
"""

from __future__ import annotations

import pytest

from api.errors import ApiError, not_found
from tests.api.conftest import Api
from tests.api.web.error_pages import BROWSER, assert_error_page


@pytest.fixture
def raising(api: Api) -> Api:
    """The app with a web route and an API route that raise :class:`ApiError` uncaught."""

    def missing() -> None:
        raise not_found("term")

    def locked() -> None:
        raise ApiError(401, "this needs a planner key", headers={"WWW-Authenticate": "Bearer"})

    def broken() -> None:
        raise ApiError(500, "secret internals")

    for path, route in (("missing", missing), ("locked", locked), ("broken", broken)):
        api.app.add_api_route(f"/test-only/{path}", route)
        api.app.add_api_route(f"/api/v1/test-only/{path}", route)
    return api


@pytest.mark.parametrize(
    ("lang", "title", "said"),
    [("zh", "找不到该页面或对象", "找不到该学期"), ("en", "Not found", "term not found")],
)
def test_a_browser_on_a_web_path_gets_the_error_page(
    raising: Api, lang: str, title: str, said: str
) -> None:
    raising.client.cookies.set("lang", lang)
    r = raising.client.get("/test-only/missing", headers=BROWSER)
    assert_error_page(r, 404, title, said)


def test_the_page_keeps_the_errors_headers_and_hides_a_5xx_detail(raising: Api) -> None:
    r = raising.client.get("/test-only/locked", headers=BROWSER)
    assert r.status_code == 401 and r.headers["content-type"].startswith("text/html")
    assert r.headers["www-authenticate"] == "Bearer"
    r = raising.client.get("/test-only/broken", headers=BROWSER)
    assert r.status_code == 500 and r.headers["content-type"].startswith("text/html")
    assert "secret internals" not in r.text


def test_programs_and_the_api_keep_the_json(raising: Api) -> None:
    """Under ``/api/`` (even to a browser) and to a client not asking for HTML."""
    cases = [
        ("/api/v1/test-only/missing", BROWSER, 404, "term not found"),
        ("/api/v1/test-only/missing", {"accept": "application/json"}, 404, "term not found"),
        ("/test-only/missing", {"accept": "*/*"}, 404, "term not found"),
        ("/test-only/locked", {}, 401, "this needs a planner key"),
        ("/test-only/broken", {"accept": "application/json"}, 500, "secret internals"),
    ]
    for url, headers, status, detail in cases:
        r = raising.client.get(url, headers=headers)
        assert r.status_code == status, (url, r.text)
        assert r.headers["content-type"] == "application/json"
        assert r.json() == {"detail": detail, "errors": []}
    r = raising.client.get("/api/v1/test-only/locked", headers=BROWSER)
    assert r.headers["www-authenticate"] == "Bearer"
