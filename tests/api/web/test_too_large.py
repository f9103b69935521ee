"""A body over the size limit, as the web pages and the API answer it.

A browser posting one of the pages' forms got the API's JSON 413 (a bare
``{"detail": ...}`` in the tab); it gets the pages' own error page, in its language,
naming the limit in plain words. Programs, and anything under ``/api/``, keep the JSON.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from html import unescape

import pytest
from starlette.requests import Request

from api.web.i18n import plain_size
from api.web.router import error_page
from tests.api.conftest import Api
from tests.api.web.error_pages import FORM, PROGRAM_POSTS, assert_error_page

LIMIT = 2048
JSON_413 = {"detail": f"request body is larger than the limit of {LIMIT} bytes", "errors": []}


@pytest.fixture
def small(make_api: Callable[..., Api], sqlite_url: str) -> Api:
    """An app that accepts bodies of at most :data:`LIMIT` bytes."""
    return make_api(sqlite_url, max_body_bytes=LIMIT)


def _big_form() -> bytes:
    return b"cohort=a-cnc-1&title=" + b"x" * 5000


def _chunks() -> Iterator[bytes]:
    """A body sent without ``Content-Length``: counted while it is read."""
    for _ in range(10):
        yield b"title=" + b"x" * 1000


@pytest.mark.parametrize(
    ("lang", "title", "said"),
    [
        ("zh", "提交的内容太大", "提交的内容超过了本站接受的上限（最多 2 KB）。"),
        ("en", "Too large", "What was sent is larger than this site accepts: at most 2 KB."),
    ],
)
def test_a_browser_posting_a_form_over_the_limit_gets_the_error_page(
    small: Api, lang: str, title: str, said: str
) -> None:
    for url in ("/terms/1/ask", "/signin"):
        small.client.cookies.set("lang", lang)
        for body in (_big_form(), _chunks()):
            r = small.client.post(url, content=body, headers=FORM, follow_redirects=False)
            assert_error_page(r, 413, title, said)


def test_programs_and_the_api_keep_the_json_413(small: Api) -> None:
    """Under ``/api/`` (even to a browser) and to a client that does not ask for HTML,
    the answer is the API's JSON, unchanged."""
    for url, headers in PROGRAM_POSTS:
        for body in (_big_form(), _chunks()):
            r = small.client.post(url, content=body, headers=headers)
            assert r.status_code == 413, (url, r.text)
            assert r.headers["content-type"] == "application/json"
            assert r.json() == JSON_413


def _request(lang: str) -> Request:
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/terms/1/ask",
        "query_string": b"",
        "headers": [(b"cookie", f"lang={lang}".encode()), (b"host", b"testserver")],
        "scheme": "http",
        "server": ("testserver", 80),
    }
    return Request(scope)


@pytest.mark.parametrize(
    ("lang", "detail", "said"),
    [
        (
            "zh",
            "the document lists 25 entities; this server accepts at most 10",
            "文档列出了 25 项；本站最多接受 10 项",
        ),
        (
            "zh",
            "the term would list 11 entities; this server accepts at most 10 in a scenario",
            "学期将列出 11 项；本站一个场景最多接受 10 项",
        ),
        (
            "en",
            "the document lists 25 entities; this server accepts at most 10",
            "the document lists 25 entities; this server accepts at most 10",
        ),
    ],
)
def test_a_413_for_too_many_entities_on_a_page_says_so_in_its_language(
    lang: str, detail: str, said: str
) -> None:
    """The API's other 413 (:func:`api.body.json_data`, a submission growing a term),
    should a page ever show it: the pages' title for it, its sentence in Chinese."""
    r = error_page(_request(lang), 413, detail)
    assert r.status_code == 413
    text = unescape(bytes(r.body).decode())
    assert said in text
    assert ("提交的内容太大" if lang == "zh" else "Too large") in text


@pytest.mark.parametrize(
    ("n", "lang", "said"),
    [
        (16 * 1024 * 1024, "en", "16 MB"),
        (1536 * 1024, "zh", "1.5 MB"),
        (2048, "en", "2 KB"),
        (900, "zh", "900 字节"),
        (900, "en", "900 bytes"),
        # a limit is never said larger than it is: 1.99 MB read "2.0 MB", and a post of
        # 1.995 MB was refused under a limit said to be above it
        (int(1.99 * 1024 * 1024), "en", "1.9 MB"),
        (1024 * 1024 + 1, "en", "1 MB"),
    ],
)
def test_the_limit_is_said_in_plain_units(n: int, lang: str, said: str) -> None:
    assert plain_size(n, lang) == said
