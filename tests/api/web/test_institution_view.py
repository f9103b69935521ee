"""The web page's institution view holds what the institution's export file holds: its
cohorts' sessions, the interns on its posts and the sessions its instructors teach."""

from __future__ import annotations

import csv
import io
import re
from html import unescape

import pytest

from tests.api.web.conftest import Site
from tests.api.web.test_pages import cells

pytestmark = pytest.mark.timeout(180)

Seen = set[tuple[str, str, int, int]]  # (kind, request, week, day; 0 for a placement)


def _page(site: Site, who: str, institution: str) -> Seen:
    """What the institution view of ``institution`` shows ``who`` over the whole term,
    its own ids unqualified (as its views and files name them)."""
    seen: Seen = set()
    week = 1
    while True:
        url = f"{site.version_url}?view=institution&institution={institution}&week={week}"
        r = site.page(url, who)
        if r.status_code == 404:  # past the last week
            break
        assert r.status_code == 200, r.text
        html = unescape(r.text)
        for request, day, _, _ in cells(html).sessions:
            seen.add(("session", request.removeprefix(institution + "/"), week, day))
        for request in re.findall(r'<li class="[^"]*" data-request="([^"]+)">', html):
            seen.add(("internship", request.removeprefix(institution + "/"), 0, 0))
        week += 1
    return seen


def _file(site: Site, who: str, institution: str) -> Seen:
    """What the institution's CSV file (the page's download link) holds."""
    url = f"{site.version_url}/export/csv?institution={institution}"
    r = site.page(url, who)
    assert r.status_code == 200, r.text
    rows = csv.DictReader(io.StringIO(r.content.decode("utf-8-sig")))
    return {
        (
            row["kind"],
            row["request"],
            int(row["week"] or 0) if row["kind"] == "session" else 0,
            int(row["day"] or 0),
        )
        for row in rows
    }


@pytest.mark.parametrize("who", ["ent-x", "planner"])
def test_the_institution_view_shows_what_it_hosts_as_its_file_does(site: Site, who: str) -> None:
    """ent-x's institution view showed only its staff's welding refresher; the CLI's
    ``--institution ent-x`` (and its export file) also hold col-a's interns on its post
    and the welding its mentor teaches col-b. The page and the file now agree."""
    page, file = _page(site, who, "ent-x"), _file(site, who, "ent-x")
    assert page == file
    assert ("internship", "col-a/r-a-intern", 0, 0) in page
    assert {r for _, r, _, _ in page} == {"r-x-weld", "col-b/r-b-weld", "col-a/r-a-intern"}


@pytest.mark.parametrize("institution", ["col-a", "col-b"])
def test_a_college_view_agrees_with_its_file(site: Site, institution: str) -> None:
    """col-b's CNC taster in col-a's lab is in neither col-a's view nor its file (only
    counted, as occupancy); each college's page and file hold the same items."""
    for who in (institution, "planner"):
        page = _page(site, who, institution)
        assert page == _file(site, who, institution), who
        assert all(not r.startswith("col-b/") for _, r, _, _ in page) or institution == "col-b"


def test_the_summary_line_says_only_what_was_asked_for(site: Site) -> None:
    """An institution that asked for nothing read "本单位的需求：已安排 0/0 课次" ("0 of 0
    sessions granted"), and one that asked only for internships "0/0 课次" before them."""
    from tests.api.conftest import tiny_data

    scenario = tiny_data()
    scenario["name"] = "tiny-nothing-asked"
    # col-b asks for nothing; col-a for its internship alone
    scenario["requests"] = [
        r
        for r in scenario["requests"]
        if r["cohort"] not in ("b-weld-1",) and (r["cohort"] != "a-cnc-1" or r.get("kind"))
    ]
    for r in scenario["requests"]:
        r.pop("after", None)
    term, number, _ = site.publish(scenario)
    url = f"/terms/{term}/versions/{number}"
    for lang, none, intern in (
        ("zh", "本单位在本版课表中没有需求", "本单位的需求：已安排实习 1/1 项"),
        ("en", "You have no requests in this version", "Your requests: 1 of 1 internship placed"),
    ):
        nothing = unescape(site.page(url, who="col-b", lang=lang).text)
        line = re.search(r'<p class="summary" id="own-summary">(.*?)</p>', nothing, re.S)
        assert line is not None and none in line[1] and "0/0" not in line[1], line
        interns = unescape(site.page(url, who="col-a", lang=lang).text)
        line = re.search(r'<p class="summary" id="own-summary">(.*?)</p>', interns, re.S)
        assert line is not None and line[1].strip().startswith(intern), line


def test_a_planner_s_download_line_spaces_the_institution_s_name() -> None:
    """It read "下载College B的课表": a name in Latin letters ran into the Chinese."""
    from api.web.i18n import t

    assert t("export_of", "zh", name="College B") == "下载 College B 的课表："
