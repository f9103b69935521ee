"""Every page has one h1 and headings that skip no level, so that a screen reader's list
of headings is the page's outline (the timetable page had four h1s, the start page two)."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import Any

import html5lib
import pytest

from api.web.sources import KEY_COOKIE
from tests.api.web.conftest import Site

Page = Callable[[Site], Any]


def _post_form(site: Site, data: dict[str, str]) -> Any:
    site.client.cookies.clear()
    site.client.cookies.set(KEY_COOKIE, site.keys["col-b"])
    return site.client.post(f"/terms/{site.term}/ask", data=data, follow_redirects=False)


def _sign_in_refused(site: Site) -> Any:
    site.client.cookies.clear()
    return site.client.post("/signin", data={"key": "not-a-key"})


def _stale_key(site: Site) -> Any:
    site.client.cookies.clear()
    site.client.cookies.set(KEY_COOKIE, "ts_revoked")
    return site.client.get("/")


def _unknown_address(site: Site) -> Any:
    site.client.cookies.clear()
    return site.client.get("/no-such-page", headers={"accept": "text/html"})


_ASK = {"cohort": "b-weld-1", "sessions": "1", "duration": "1"}

#: Each kind of page, with the status it answers.
PAGES: dict[str, tuple[Page, int]] = {
    "sign-in": (lambda s: s.page("/", who=None), 200),
    "sign-in refused": (_sign_in_refused, 401),
    "sign-in stale key": (_stale_key, 401),
    "home, planner": (lambda s: s.page("/"), 200),
    "home, institution": (lambda s: s.page("/", who="col-b"), 200),
    "timetable, planner": (lambda s: s.page(s.version_url), 200),
    "timetable, internship post": (
        lambda s: s.page(f"{s.version_url}?view=resource&resource=post-x&week=2"),
        200,
    ),
    "timetable, institution": (lambda s: s.page(s.version_url, who="col-b"), 200),
    "job timetable": (lambda s: s.page(f"/jobs/{s.job}"), 200),
    "form": (lambda s: s.page(f"/terms/{s.term}/ask", who="col-b"), 200),
    "form refused": (lambda s: _post_form(s, {**_ASK, "sessions": "none"}), 422),
    "form answered": (lambda s: _post_form(s, {**_ASK, "id": "h-1"}), 201),
    "form answered in part": (
        lambda s: _post_form(s, {**_ASK, "sessions": "80", "needs": "cnc", "id": "h-2"}),
        201,
    ),
    "form answered, internship": (
        lambda s: _post_form(s, {**_ASK, "kind": "internship", "weeks": "1", "id": "h-3"}),
        201,
    ),
    "404": (lambda s: s.page("/terms/999"), 404),
    "404, unknown address": (_unknown_address, 404),
    "403": (lambda s: s.page(f"/terms/{s.term}/ask"), 403),
}


def heading_levels(html: str) -> list[int]:
    """The levels of the page's headings in document order, as a browser parses it."""
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    return [int(el.tag[1]) for el in tree.iter() if el.tag in ("h1", "h2", "h3", "h4", "h5", "h6")]


def assert_outline(html: str) -> None:
    levels = heading_levels(html)
    assert levels and levels[0] == 1 and levels.count(1) == 1, levels
    assert all(b <= a + 1 for a, b in pairwise(levels)), levels


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_has_one_h1_and_skips_no_heading_level(site: Site, name: str) -> None:
    get, status = PAGES[name]
    r = get(site)
    assert r.status_code == status, r.text
    assert_outline(r.text)


def test_the_timetable_with_conflicts_and_a_500_page_too(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The conflicts section (an infeasible answer) and the 500 page, without a solve."""
    import api.web.router as web

    monkeypatch.setattr(web.panels, "conflicts_of", lambda schedule, lang: ["why"])
    html = site.page(site.version_url).text
    assert 'id="conflicts-section"' in html
    assert_outline(html)

    def boom(*args: Any) -> None:
        raise RuntimeError("internals")

    monkeypatch.setattr(web, "version_timetable", boom)
    r = site.page(site.version_url)
    assert r.status_code == 500
    assert_outline(r.text)


def test_the_outline_check_fails_on_a_second_h1_or_a_skipped_level() -> None:
    for bad in ("<h1>a</h1><h1>b</h1>", "<h1>a</h1><h3>b</h3>", "<h2>a</h2>"):
        with pytest.raises(AssertionError):
            assert_outline(bad)
    assert_outline("<h1>a</h1><h2>b</h2><h3>c</h3><h2>d</h2>")
