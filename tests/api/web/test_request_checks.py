"""What every page checks of a request before trusting it: an id in its URL, the origin
of a form post (:mod:`api.web.request_checks`)."""

from __future__ import annotations

import pytest
from starlette.requests import Request

from api.errors import ApiError
from api.web.request_checks import MAX_URL_ID, same_site, url_id


@pytest.mark.parametrize("value", ["1", "42", str(MAX_URL_ID)])
def test_a_url_id_is_a_whole_number_the_database_can_hold(value: str) -> None:
    assert url_id(value, "term") == int(value)


@pytest.mark.parametrize("value", ["0", "-1", "1.0", "abc", "", "١٢", str(MAX_URL_ID + 1)])
def test_anything_else_in_a_url_names_nothing(value: str) -> None:
    with pytest.raises(ApiError) as caught:
        url_id(value, "schedule version")
    assert caught.value.status == 404
    assert caught.value.detail == "schedule version not found"


def _post(headers: dict[str, str]) -> Request:
    raw = [(k.encode(), v.encode()) for k, v in {"host": "testserver", **headers}.items()]
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/signin",
        "query_string": b"",
        "headers": raw,
        "scheme": "http",
        "server": ("testserver", 80),
    }
    return Request(scope)


@pytest.mark.parametrize(
    ("headers", "ours"),
    [
        ({"origin": "http://testserver"}, True),
        ({"sec-fetch-site": "same-origin"}, True),
        ({"sec-fetch-site": "none"}, True),  # typed in the address bar
        ({}, True),  # an old browser or a script: the cookie's SameSite keeps others off
        ({"origin": "https://evil.example"}, False),
        ({"origin": "null"}, False),
        ({"sec-fetch-site": "cross-site"}, False),
        ({"sec-fetch-site": "same-site"}, False),
    ],
)
def test_a_form_post_is_ours_only_from_this_site(headers: dict[str, str], ours: bool) -> None:
    assert same_site(_post(headers)) is ours
