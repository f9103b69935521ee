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


#: Elements a keyboard's Tab key stops at (html5lib trees, no namespaces).
_FOCUSABLE = ("a", "button", "input", "select", "textarea")


def _tab_stop(el: Any) -> bool:
    if el.get("tabindex") is not None:
        return int(el.get("tabindex")) >= 0
    if el.tag == "a":
        return el.get("href") is not None
    return el.tag in _FOCUSABLE and el.get("type") != "hidden" and el.get("disabled") is None


def presses_to(html: str, target: str) -> int:
    """The fewest key presses (Tab, or Enter on an in-page link) from the top of the page
    until the focus reaches the element with id ``target`` or something after it (or
    leaves the page past its last stop), as a
    browser moves the focus: Tab to the next stop after the current point, Enter on
    ``href="#x"`` to element ``x`` (which Tab then continues from)."""
    elements = list(html5lib.parse(html, namespaceHTMLElements=False).iter())
    at = {el.get("id"): n for n, el in enumerate(elements) if el.get("id")}
    assert target in at, f"the page has no #{target}"
    goal = at[target]
    stops = [n for n, el in enumerate(elements) if _tab_stop(el)]
    best = {-1: 0}
    todo = [-1]
    while todo:  # breadth first: every move costs one press
        here = todo.pop(0)
        if here >= goal:
            return best[here]
        moves = [next((s for s in stops if s > here), len(elements))]
        href = (elements[here].get("href") or "") if here >= 0 else ""
        if href.startswith("#") and href[1:] in at:
            moves.append(at[href[1:]])
        for there in moves:
            if there not in best:  # len(elements): Tab past the last stop
                best[there] = best[here] + 1
                todo.append(there)
    raise AssertionError("unreachable: Tab always moves on")


@pytest.mark.parametrize("url", ["version", "job"])
def test_a_skip_link_passes_the_heatmap(site: Site, url: str) -> None:
    """The heatmap's cells are links, one per resource and week (Dalian: 360 of them),
    and the unmet requests come after it: a keyboard user tabbed through every one. A
    link at its top skips to the unmet requests, whatever the heatmap's size."""
    html = site.page(site.version_url if url == "version" else f"/jobs/{site.job}").text
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    heat = tree.find(".//table[@id='heatmap']")
    assert len(list(heat.iter("a"))) == 3 * 2  # tiny: 3 resources, 2 weeks
    to_heatmap = presses_to(html, "heatmap-section")
    assert presses_to(html, "unmet-section") <= to_heatmap + 2  # Tab to the link, Enter
    skip = tree.find(".//section[@id='heatmap-section']//a[@class='skip']")
    assert skip is not None and skip.get("href") == "#unmet-title"
    assert "6" in "".join(skip.itertext())  # says how many links it passes
    target = tree.find(".//*[@id='unmet-title']")
    assert target is not None and target.get("tabindex") == "-1"  # focusable by script


def test_presses_to_counts_tab_stops_and_follows_in_page_links() -> None:
    page = '<a href="/1">1</a><a href="/2">2</a><h2 id="x">x</h2><a href="/3" id="y">3</a>'
    assert presses_to(page, "x") == 3  # past both links: the third Tab lands after x
    assert presses_to(page, "y") == 3
    skipping = '<a href="#x">skip</a>' + page
    assert presses_to(skipping, "x") == 2  # Tab to the skip link, Enter
