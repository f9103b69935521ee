"""What the error-page tests share: a browser's headers, and what makes an answer the
site's error page rather than the API's JSON."""

from __future__ import annotations

from html import unescape

import httpx

BROWSER = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8", "origin": "http://testserver"}
FORM = {**BROWSER, "content-type": "application/x-www-form-urlencoded"}
#: Posts that keep the API's JSON: under ``/api/`` (even from a browser), or from a
#: client that does not ask for HTML (curl, a program).
PROGRAM_POSTS = [
    ("/api/v1/scenarios", BROWSER),
    ("/api/v1/scenarios", {"accept": "application/json"}),
    ("/terms/1/ask", {"accept": "*/*", "origin": "http://testserver"}),
    ("/signin", {"origin": "http://testserver"}),
]


def assert_error_page(r: httpx.Response, status: int, title: str, said: str) -> None:
    """``r`` is the site's HTML error page with ``status``, ``title`` and the words ``said``,
    under the pages' strict content security policy."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("text/html")
    text = unescape(r.text)
    assert "<html" in text and 'id="error-detail"' in text
    assert title in text and said in text
    assert "default-src 'none'" in r.headers["content-security-policy"]
