"""A ``Content-Length`` that is not a number, as the web pages and the API answer it.

A browser posting one of the pages' forms got the API's JSON 400 (a bare
``{"detail": ...}`` in the tab), though an over-long body already got the pages' error
page (:mod:`tests.api.web.test_too_large`); it gets the pages' 400 page, in its
language. Programs, and anything under ``/api/``, keep the JSON.
"""

from __future__ import annotations

import pytest

from tests.api.conftest import Api
from tests.api.web.error_pages import FORM, PROGRAM_POSTS, assert_error_page

JSON_400 = {"detail": "Content-Length is not a number", "errors": []}
BODY = b"cohort=a-cnc-1&title=x"


@pytest.mark.parametrize(
    ("lang", "title", "said"),
    [
        ("zh", "请求有误", "请求的长度标头（Content-Length）不是数字。"),
        ("en", "Bad request", "The request's length header (Content-Length) is not a number."),
    ],
)
def test_a_browser_posting_a_form_with_a_bad_length_gets_the_error_page(
    api: Api, lang: str, title: str, said: str
) -> None:
    for url in ("/terms/1/ask", "/signin"):
        api.client.cookies.set("lang", lang)
        headers = {**FORM, "content-length": "abc"}
        r = api.client.post(url, content=BODY, headers=headers, follow_redirects=False)
        assert_error_page(r, 400, title, said)


def test_programs_and_the_api_keep_the_json_400(api: Api) -> None:
    """Under ``/api/`` (even to a browser) and to a client that does not ask for HTML,
    the answer is the API's JSON, unchanged."""
    for url, headers in PROGRAM_POSTS:
        r = api.client.post(url, content=BODY, headers={**headers, "content-length": "abc"})
        assert r.status_code == 400, (url, r.text)
        assert r.headers["content-type"] == "application/json"
        assert r.json() == JSON_400
