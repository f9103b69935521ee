"""The web pages through TestClient: sign in and out, roles in the rendered HTML,
language, friendly errors."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from html.parser import HTMLParser
from typing import Any

import html5lib
import pytest

from api.web.sources import KEY_COOKIE
from tests.api.conftest import BEFORE_TERMS, DOCUMENTS, columns_read, tiny_data
from tests.api.web.conftest import Site, wait_for_job

pytestmark = pytest.mark.timeout(180)


class _Cells(HTMLParser):
    """The grid's session cells and anonymous occupied cells of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.sessions: set[tuple[str, int, int, int]] = set()
        self.occupied: set[tuple[int, int, int]] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag != "td":
            return
        if a.get("data-request"):
            self.sessions.add(
                (
                    a["data-request"] or "",
                    int(a["data-day"] or 0),
                    int(a["data-slot"] or 0),
                    int(a["data-duration"] or 0),
                )
            )
        elif a.get("data-occupied"):
            self.occupied.add(
                (int(a["data-day"] or 0), int(a["data-slot"] or 0), int(a["data-duration"] or 0))
            )


def cells(html: str) -> _Cells:
    parser = _Cells()
    parser.feed(html)
    return parser


def expected(
    schedule: dict[str, Any], resource: str, week: int, strip: str = ""
) -> set[tuple[str, int, int, int]]:
    return {
        (s["request"].removeprefix(strip), s["day"], s["slot"], s["duration"])
        for s in schedule["sessions"]
        if s["week"] == week and any(p["resource"] == resource for p in s["parts"])
    }


def friendly(r: Any, status: int) -> str:
    assert r.status_code == status, r.text[:500]
    assert r.headers["content-type"].startswith("text/html")
    assert "Traceback" not in r.text and 'File "' not in r.text
    assert 'href="/"' in r.text  # a way back
    return r.text


# ----------------------------------------------------------------------------- sign in


def test_signed_out_home_is_the_sign_in_form_in_chinese(site: Site) -> None:
    r = site.page("/", who=None)
    assert r.status_code == 200
    assert 'id="signin-form"' in r.text and "登录" in r.text and 'lang="zh-CN"' in r.text
    assert "default-src 'none'" in r.headers["content-security-policy"]
    css = site.client.get("/static/web.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert site.client.get("/static/../app.py").status_code == 404


def test_sign_in_sets_a_strict_http_only_cookie_and_sign_out_drops_it(site: Site) -> None:
    site.client.cookies.clear()
    r = site.client.post("/signin", data={"key": site.keys["viewer"]}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"
    cookie = r.headers["set-cookie"]
    assert cookie.startswith(f"{KEY_COOKIE}={site.keys['viewer']}")
    assert "HttpOnly" in cookie and "samesite=strict" in cookie.lower()
    home = site.client.get("/")
    assert "只读用户" in home.text and site.version_url in home.text
    out = site.client.post("/signout", follow_redirects=False)
    assert out.status_code == 303 and f'{KEY_COOKIE}=""' in out.headers["set-cookie"]
    site.client.cookies.clear()
    assert 'id="signin-form"' in site.client.get("/").text


@pytest.mark.parametrize("key", ["", "nonsense", "ts_000000000000_wrong", "x" * 5000])
def test_a_bad_key_is_refused_without_a_cookie(site: Site, key: str) -> None:
    site.client.cookies.clear()
    r = site.client.post("/signin", data={"key": key}, follow_redirects=False)
    assert r.status_code == 401
    assert "set-cookie" not in r.headers
    assert 'id="signin-error"' in r.text


@pytest.mark.parametrize(
    ("lang", "said"),
    [("zh", "此表单没有“remember”一项，未予登录。"), ("en", "This form has no field “remember”")],
)
def test_sign_in_refuses_a_field_its_form_does_not_have(site: Site, lang: str, said: str) -> None:
    """A sign-in posted by hand with a field the form lacks signed in without a word of
    it; the other forms refuse such a field (422, named), so this one does too."""
    site.client.cookies.clear()
    site.client.cookies.set("lang", lang)
    fields = {"key": site.keys["viewer"], "remember": "1", "zzz": ""}
    r = site.client.post("/signin", data=fields, follow_redirects=False)
    assert r.status_code == 422
    assert "set-cookie" not in r.headers
    text = unescape(r.text)
    assert 'id="signin-form"' in text and said in text
    assert "“zzz”" in text
    site.client.cookies.clear()
    r = site.client.post("/signin", data={"key": site.keys["viewer"]}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["set-cookie"].startswith(KEY_COOKIE)


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh", "“key”一项须填写文字，不能上传文件，未予登录。"),
        ("en", "“key” takes typed text, not a file: you were not signed in."),
    ],
)
def test_sign_in_refuses_a_key_sent_as_a_file_in_the_pages_words(
    site: Site, lang: str, said: str
) -> None:
    """A key posted as a file part answered FastAPI's JSON 422 ("must be a string (got
    UploadFile(...))") to a browser; the extra-request form says this on its page."""
    site.client.cookies.clear()
    site.client.cookies.set("lang", lang)
    files = {"key": ("key.txt", site.keys["viewer"].encode(), "text/plain")}
    r = site.client.post("/signin", files=files, follow_redirects=False)
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("text/html")
    assert "set-cookie" not in r.headers
    text = unescape(r.text)
    assert 'id="signin-form"' in text and said in text


@pytest.mark.parametrize(
    "headers",
    [{"Origin": "https://evil.example"}, {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"}],
)
def test_sign_in_and_out_refuse_other_sites_forms(site: Site, headers: dict[str, str]) -> None:
    site.client.cookies.clear()
    r = site.client.post(
        "/signin", data={"key": site.keys["planner"]}, headers=headers, follow_redirects=False
    )
    friendly(r, 403)
    assert "set-cookie" not in r.headers
    site.client.cookies.set(KEY_COOKIE, site.keys["planner"])
    r = site.client.post("/signout", headers=headers, follow_redirects=False)
    friendly(r, 403)
    assert "set-cookie" not in r.headers
    same = {"Origin": "http://testserver"}
    r = site.client.post(
        "/signin", data={"key": site.keys["planner"]}, headers=same, follow_redirects=False
    )
    assert r.status_code == 303


def test_pages_need_a_signed_in_key(site: Site) -> None:
    for url in (site.version_url, f"/jobs/{site.job}", f"/terms/{site.term}"):
        r = site.page(url, who=None)
        assert r.status_code == 303 and r.headers["location"] == "/"
    site.client.cookies.set(KEY_COOKIE, "ts_revoked_or_forged")
    assert site.client.get(site.version_url, follow_redirects=False).status_code == 303


def test_a_key_that_stopped_working_is_explained_and_dropped(site: Site) -> None:
    """A revoked key in the cookie showed the bare sign-in form, saying nothing."""
    for lang, text in (("zh", "密钥已失效"), ("en", "no longer works")):
        site.client.cookies.clear()
        site.client.cookies.set("lang", lang)
        site.client.cookies.set(KEY_COOKIE, "ts_revoked_or_forged")
        r = site.client.get(site.version_url, follow_redirects=True)
        assert r.status_code == 401 and 'id="signin-form"' in r.text
        assert 'id="signin-stale"' in r.text and text in r.text
        assert f'{KEY_COOKIE}=""' in r.headers["set-cookie"]
    site.client.cookies.clear()
    r = site.client.get("/")
    assert r.status_code == 200 and 'id="signin-stale"' not in r.text


# ----------------------------------------------------------------------------- planner


def test_home_lists_terms_versions_and_jobs_for_the_planner(site: Site) -> None:
    html = site.page("/").text
    assert f'href="{site.version_url}"' in html
    assert f'href="/jobs/{site.job}"' in html
    r = site.page(f"/terms/{site.term}")
    assert r.status_code == 303 and r.headers["location"] == site.version_url


def test_the_home_page_and_the_source_picker_read_no_documents(site: Site) -> None:
    """They list every term, version and job: loading each one's scenario and schedule
    (megabytes on a large term) took the start page 38 s with 60 jobs."""
    from sqlalchemy.orm import Session

    from api.db import make_engine
    from api.security import authenticate
    from api.web.router import _sources
    from api.web.sources import recent_jobs, terms_with_versions

    state = site.client.app.state  # type: ignore[attr-defined]
    engine = make_engine(state.settings.db_url)  # the app's job runner polls its own
    pepper = state.settings.key_pepper.get_secret_value()
    with Session(engine) as db, columns_read(engine) as names:
        who = authenticate(db, site.keys["planner"], pepper, state.file_keys)
        assert who is not None
        jobs = recent_jobs(db, who)
        terms = terms_with_versions(db, who)
        picked = _sources(db, who, "en")
    engine.dispose()
    assert not DOCUMENTS.intersection(names)
    assert site.job in {j.job.id for j in jobs} and tiny_data()["name"] in {j.name for j in jobs}
    assert [v.number for t in terms if t.term.id == site.term for v in t.versions] == [1]
    assert {site.version_url, f"/jobs/{site.job}"} <= {url for url, _ in picked}


@pytest.mark.parametrize("resource", ["cnc-lab", "weld-shop"])
def test_the_resource_grid_shows_the_sessions_of_the_schedule(site: Site, resource: str) -> None:
    schedule = site.version["schedule"]
    for week in (1, 2):
        r = site.page(f"{site.version_url}?view=resource&resource={resource}&week={week}")
        assert r.status_code == 200
        assert cells(r.text).sessions == expected(schedule, resource, week)
        assert not cells(r.text).occupied  # a planner sees everything


def test_a_timetable_opens_on_the_week_at_hand(site: Site) -> None:
    """Before the term, on the first week with sessions; mid-term, on this week (or the
    next with sessions for the item shown)."""
    url = f"{site.version_url}?view=resource&resource=weld-shop"
    weeks = sorted({s["week"] for s in site.version["schedule"]["sessions"]})
    assert weeks == [1, 2]
    settings = site.client.app.state.settings  # type: ignore[attr-defined]
    try:
        shown = [_week_shown(site.page(url).text)]
        settings.today = dt.date(2026, 9, 16)  # Wednesday of week 2
        shown.append(_week_shown(site.page(url).text))
        settings.today = dt.date(2026, 10, 1)  # the term is over
        shown.append(_week_shown(site.page(url).text))
    finally:
        settings.today = BEFORE_TERMS
    assert shown == [1, 2, 1]


def test_today_is_marked_in_the_week_grid(site: Site) -> None:
    url = f"{site.version_url}?view=resource&resource=weld-shop&week=2"
    settings = site.client.app.state.settings  # type: ignore[attr-defined]
    try:
        settings.today = dt.date(2026, 9, 16)  # Wednesday of week 2
        html = site.page(url, lang="en").text
        other_week = site.page(url.replace("week=2", "week=1"), lang="en").text
    finally:
        settings.today = BEFORE_TERMS
    assert html.count(' today" data-day=') == 1 and 'today" data-day="3"' in html
    assert html.count('class="badge now">today<') == 1
    assert "badge now" not in other_week


def _week_shown(html: str) -> int:
    marker = 'data-week="'
    start = html.index(marker) + len(marker)
    return int(html[start : html.index('"', start)])


def test_cohort_instructor_and_institution_views(site: Site) -> None:
    schedule = site.version["schedule"]
    url = site.version_url
    cohort = cells(site.page(f"{url}?view=cohort&cohort=col-b/b-weld-1&week=1").text)
    assert {c[0] for c in cohort.sessions} == {
        s["request"] for s in schedule["sessions"] if s["week"] == 1 and "col-b/" in s["request"]
    }
    inst = cells(site.page(f"{url}?view=institution&institution=ent-x&week=1").text)
    # its staff's sessions, and those its mentor m-zhao teaches (test_institution_view)
    assert {c[0] for c in inst.sessions} == {
        s["request"]
        for s in schedule["sessions"]
        if s["week"] == 1
        and ("ent-x/" in s["request"] or any(p.get("instructor") == "m-zhao" for p in s["parts"]))
    }
    taught = cells(site.page(f"{url}?view=instructor&instructor=t-li&week=1").text)
    assert {c[0] for c in taught.sessions} == {
        s["request"]
        for s in schedule["sessions"]
        if s["week"] == 1 and any(p.get("instructor") == "t-li" for p in s["parts"])
    }


def test_heatmap_and_unmet_list_come_from_the_report_metrics(site: Site) -> None:
    from scheduler.models import Scenario, Schedule
    from scheduler.reports.metrics import compute_metrics

    html = site.page(site.version_url).text
    assert 'id="heatmap"' in html
    planner = {"Authorization": f"Bearer {site.keys['planner']}"}
    url = f"/api/v1/terms/{site.term}/versions/{site.number}/scenario"
    term_scenario = Scenario.model_validate(site.client.get(url, headers=planner).json())
    metrics = compute_metrics(term_scenario, Schedule.model_validate(site.version["schedule"]))
    shown = {r.resource for r in metrics.resources}
    assert {"cnc-lab", "weld-shop", "post-x"} <= shown
    for r in metrics.resources:
        row = re.search(rf'<tr data-resource="{re.escape(r.resource)}">(.*?)</tr>', html, re.S)
        assert row, r.resource
        weeks = re.findall(r"<a [^>]*>(\d*)</a>", row[1])
        assert weeks == ["" if v is None else str(round(v * 100)) for v in r.by_week]
        assert f'<td class="total">{r.utilisation * 100:.0f}%</td>' in row[1], r.resource
    # the published tiny term meets every request: the unmet list is read on a job
    # whose staff ask for more welding than their one slot a day holds
    planner = {"Authorization": f"Bearer {site.keys['planner']}"}
    scenario = tiny_data()
    scenario["name"] = "tiny-unmet"
    next(r for r in scenario["requests"] if r["id"] == "r-x-weld")["sessions"] = 12
    job, schedule = site.solve(scenario)
    unmet = schedule["unmet"]
    assert [u["request"] for u in unmet] == ["r-x-weld"]
    html = site.page(f"/jobs/{job}").text
    assert 'id="unmet"' in html
    for u in unmet:
        assert f'data-request="{u["request"]}"' in html


def test_a_finished_job_has_a_timetable_too(site: Site) -> None:
    schedule = site.client.get(
        f"/api/v1/jobs/{site.job}/schedule",
        headers={"Authorization": f"Bearer {site.keys['planner']}"},
    ).json()
    r = site.page(f"/jobs/{site.job}?view=resource&resource=cnc-lab&week=1")
    assert r.status_code == 200
    assert cells(r.text).sessions == expected(schedule, "cnc-lab", 1)


def test_an_internship_post_opens_on_the_week_of_its_placement(site: Site) -> None:
    """The default week counts internships too: 'post-x' opened on an empty week 1
    (an audit finding)."""
    (placement,) = site.version["schedule"]["placements"]
    assert (placement["resource"], placement["first_week"]) == ("post-x", 2)
    html = site.page(f"{site.version_url}?view=resource&resource=post-x").text
    assert _week_shown(html) == 2 and 'id="placements"' in html


def test_a_host_sees_whose_interns_are_in_its_post(site: Site) -> None:
    """ent-x's post-x holds col-a's 25 interns in week 2. Its page first said 'nothing is
    scheduled in this week', then 'other institutions' interns: 25' (a college-user
    audit); a host receives its interns for weeks, so it must know which cohort comes
    (an enterprise-user audit): the page names the cohort, post, headcount and weeks."""
    (placement,) = site.version["schedule"]["placements"]
    assert placement["request"] == "col-a/r-a-intern"
    url = f"{site.version_url}?view=resource&resource=post-x&week=2"
    for lang, said, hosted in (
        ("en", "25 people", "your posts host 25 interns"),
        ("zh", "25 人", "接收其他单位实习生 25 人"),
    ):
        html = unescape(site.page(url, who="ent-x", lang=lang).text)
        (row,) = re.findall(r'<li [^>]*data-request="col-a/r-a-intern">(.*?)</li>', html, re.S)
        assert "col-a/a-cnc-1" in row and said in row, row
        assert 'id="others-interns"' not in html and 'id="empty-week"' not in html
        assert hosted in html
    # the post is opened on the week of the interns, and ent-x's own summary does not
    # count col-a's internship as one of its own requests
    html = unescape(
        site.page(f"{site.version_url}?view=resource&resource=post-x", who="ent-x").text
    )
    assert _week_shown(html) == 2 and "internships placed" not in html.split('id="ask-more"')[0]
    # cohort pages stay the institution's own: col-a's cohort is not offered
    assert (
        site.page(f"{site.version_url}?view=cohort&cohort=col-a/a-cnc-1", "ent-x").status_code
        == 404
    )
    # the owner of the interns sees them as its own placement, not as others'
    own = unescape(site.page(url, who="col-a").text)
    assert 'id="placements"' in own and 'id="others-interns"' not in own
    # and a college without posts hosts no one
    assert "hosted-line" not in site.page(url, who="col-b").text


def test_an_internship_line_says_its_site_in_the_page_s_brackets(site: Site) -> None:
    """The week's internship line named the post's site in ASCII brackets on a Chinese
    page too (``Enterprise X line post (Campus B)`` among full-width punctuation)."""
    url = f"{site.version_url}?view=resource&resource=post-x&week=2"
    for lang, said in (("zh", "Enterprise X line post（Campus B）"), ("en", "post (Campus B)")):
        html = unescape(site.page(url, lang=lang).text)
        (row,) = re.findall(r'<li [^>]*data-request="col-a/r-a-intern">(.*?)</li>', html, re.S)
        assert said in row, row
        # its one week said as one ("第 2–2 周", "weeks 2–2")
        assert row.endswith({"zh": " · 第 2 周", "en": " · week 2"}[lang]), row


def test_an_institution_sees_whom_its_mentor_teaches(site: Site) -> None:
    """ent-x's mentor 'm-zhao' teaches col-b's welding: ent-x's page of him showed an
    empty week (an enterprise-user audit). It shows the session with its title and
    cohort, and in the workshop the session is no longer an anonymous block."""
    schedule = site.version["schedule"]
    (first, *_) = [s for s in schedule["sessions"] if s["request"] == "col-b/r-b-weld"]
    week, part = first["week"], first["parts"][0]
    assert part["instructor"] == "m-zhao"
    at = ("col-b/r-b-weld", first["day"], first["slot"], first["duration"])
    url = f"{site.version_url}?view=instructor&instructor=m-zhao&week={week}"
    html = unescape(site.page(url, who="ent-x").text)
    assert at in cells(html).sessions
    assert "Welding basics" in html and "col-b/b-weld-1" in html
    room = site.page(
        f"{site.version_url}?view=resource&resource={part['resource']}&week={week}", "ent-x"
    ).text
    found = cells(room)
    assert at in found.sessions
    assert (first["day"], first["slot"], first["duration"]) not in found.occupied
    # col-a, whose teachers are not involved, still sees only that the room is busy
    other = cells(
        site.page(f"{site.version_url}?view=instructor&instructor=m-zhao&week={week}", "col-a").text
    )
    assert not other.sessions


def test_a_session_and_an_internship_say_where_they_are(site: Site) -> None:
    """Enterprise staff travel to a college's campus: a cell named the room but not the
    site, nor did an internship line (an enterprise-user audit)."""
    schedule = site.version["schedule"]
    (weld, *_) = [s for s in schedule["sessions"] if s["request"] == "ent-x/r-x-weld"]
    assert weld["parts"][0]["resource"] == "weld-shop"  # at Campus B
    url = f"{site.version_url}?view=cohort&cohort=x-staff&week={weld['week']}"
    for lang in ("en", "zh"):
        html = site.page(url, who="ent-x", lang=lang).text
        assert '<span class="sites">Campus B</span>' in html
    post = site.page(f"{site.version_url}?view=resource&resource=post-x&week=2", "col-a").text
    assert "Enterprise X line post（Campus B）" in unescape(post)  # a Chinese page


def test_an_infeasible_job_shows_the_conflicts_its_unmet_rows_point_to(site: Site) -> None:
    """Every unmet row says "see conflicts": the page shows them, in its language."""
    scenario = tiny_data()
    scenario["name"] = "tiny-infeasible"
    cnc = next(r for r in scenario["requests"] if r["id"] == "r-a-cnc")
    taster = next(r for r in scenario["requests"] if r["id"] == "r-b-cnc")
    # t-li teaches 8 slots a week: 16 in the term, against 8 x 2 + 2 x 1 asked together
    # (each alone fits, so validation lets the term through to the solver)
    cnc.update(required=True, sessions=8)
    taster.update(required=True, instructor_skills=["cnc"])
    # the rest scheduled around the conflict keeps every rule (the checker in solve)
    job, schedule = site.solve(scenario, {"solver": "cpsat", "time_limit": 3, "workers": 1})
    assert schedule["status"] == "infeasible"
    (conflict,) = schedule["conflicts"]
    assert schedule["sessions"]  # the rest of the term is scheduled around the conflict
    notes = {"en": "the rest of the term is scheduled around them", "zh": "其余需求已照常排入"}
    for lang, text in (("en", conflict["message"]), ("zh", conflict["messages"]["zh"])):
        html = unescape(site.page(f"/jobs/{job}", lang=lang).text)
        assert 'id="conflicts"' in html and text in html
        assert 'id="conflicts-note"' in html and notes[lang] in html


def test_a_mistyped_page_address_gets_the_friendly_page_and_the_api_json(site: Site) -> None:
    """A browser on an address no page has got the API's JSON 404 (a web audit)."""
    html = {"accept": "text/html,application/xhtml+xml"}
    for url in ("/nope", f"{site.version_url}/x"):
        friendly(site.client.get(url, headers=html), 404)
    r = site.client.get("/api/v1/nope", headers=html)
    assert r.status_code == 404 and r.json()["detail"] == "Not Found"
    assert site.client.get("/nope").headers["content-type"].startswith("application/json")


# ----------------------------------------------------------------------------- roles


OTHERS_OF_COL_A = (
    "b-weld-1",
    "r-b-cnc",
    "r-b-weld",
    "CNC taster",
    "Welding basics",
    "x-staff",
    "r-x-weld",
    "Welding refresher",
    "col-b/",
    "ent-x/",
)


def _col_a_pages(site: Site) -> list[str]:
    url = site.version_url
    pages = [f"{url}?view={v}" for v in ("resource", "cohort", "instructor", "institution")]
    for resource in ("cnc-lab", "weld-shop", "post-x"):
        pages += [f"{url}?view=resource&resource={resource}&week={w}" for w in (1, 2)]
    pages += [f"{url}?view=instructor&instructor={i}&week=1" for i in ("t-li", "m-zhao")]
    return pages + ["/"]


def test_an_institution_sees_no_other_institution_s_ids_or_titles(site: Site) -> None:
    for url in _col_a_pages(site):
        r = site.page(url, who="col-a")
        assert r.status_code == 200, url
        for secret in OTHERS_OF_COL_A:
            assert secret not in r.text, (url, secret)


def test_an_institution_sees_what_it_was_given_and_how_to_ask_for_more(site: Site) -> None:
    """An institution's page had no summary of its own requests (the planner's line is of
    the whole term) and nothing said how to ask for more (a web audit)."""
    schedule = site.version["schedule"]
    scenario = tiny_data()
    owner = {c["id"]: c["institution"] for c in scenario["cohorts"]}
    for who in ("col-a", "col-b", "ent-x"):
        mine = [r for r in scenario["requests"] if owner[r["cohort"]] == who]
        asked = sum(r.get("sessions", 0) for r in mine if r.get("kind") != "internship")
        given = sum(1 for s in schedule["sessions"] if s["request"].startswith(f"{who}/"))
        interns = [r for r in mine if r.get("kind") == "internship"]
        placed = {p["request"] for p in schedule["placements"]}
        for lang, line in (
            ("en", f"Your requests: {given} of {asked} session{'s' * (asked != 1)} granted"),
            ("zh", f"本单位的需求：已安排 {given}/{asked} 课次"),
        ):
            html = unescape(site.page(site.version_url, who=who, lang=lang).text)
            summary = html[
                html.index('id="own-summary"') : html.index("</p>", html.index('id="own-summary"'))
            ]
            assert line in summary, (who, summary)
            if interns:
                n = sum(1 for r in interns if f"{who}/{r['id']}" in placed)
                assert (
                    f"{n} of {len(interns)} internship{'s' * (len(interns) != 1)} placed"
                    if lang == "en"
                    else f"已安排实习 {n}/{len(interns)} 项"
                ) in summary
            else:  # ent-x's line on the interns its post hosts is not about its requests
                own = re.sub(r'<span id="hosted-line">.*?</span>', "", summary)
                assert "internship" not in own and "实习" not in own
            route = f"POST /api/v1/terms/{site.term}/institutions/{who}/extra-requests"
            assert 'id="ask-more"' in html and route in html
        assert given > 0 and asked >= given
    # the top bar names the institution, not only its id (a web audit), on the start
    # page too (it said "col-b")
    names = {"col-a": "College A", "col-b": "College B", "ent-x": "Enterprise X"}
    for who, name in names.items():
        for url in (site.version_url, f"/terms/{site.term}/ask", "/"):
            bar = (
                site.page(url, who=who, lang="en").text.split('class="who"')[1].split("</span>")[0]
            )
            assert f"· {name}" in bar, (url, bar)
    # planners see the whole term's line instead
    html = site.page(site.version_url, lang="en").text
    assert 'id="summary"' in html and 'id="own-summary"' not in html and 'id="ask-more"' not in html


def test_an_institution_reads_its_own_unmet_requests(site: Site) -> None:
    """An institution's unmet list comes from its redacted view of the schedule
    (``panels.unmet_from_schedule``), which no test read (a test audit)."""
    scenario = tiny_data()
    scenario["name"] = "tiny-unmet-published"
    weld = next(r for r in scenario["requests"] if r["id"] == "r-x-weld")
    weld["sessions"] = 12  # more than the staff's one slot a day holds
    del weld["title"]
    term, number, version = site.publish(scenario)
    (unmet,) = version["schedule"]["unmet"]
    assert unmet["request"] == "ent-x/r-x-weld" and unmet["missing"] > 0
    url = f"/terms/{term}/versions/{number}"
    for lang, unit in (("en", "sessions"), ("zh", "课次")):
        html = unescape(site.page(url, who="ent-x", lang=lang).text)
        row = re.search(r'<tr data-request="r-x-weld">(.*?)</tr>', html, re.S)
        assert row is not None, html
        assert "<b>r-x-weld</b>" in row[1]  # untitled: listed by its id
        assert re.search(rf">\s*{unmet['missing']} {unit}\s*<", row[1]), row[1]
        assert f'data-reason="{unmet["reason"]}"' in row[1]
        granted = 12 - unmet["missing"]
        assert (f"{granted} of 12 sessions" if lang == "en" else f"{granted}/12 课次") in html
    for who in ("col-a", "col-b"):
        html = site.page(url, who=who, lang="en").text
        assert 'id="unmet"' not in html and "Every request is met." in html


def test_an_institution_sees_others_use_of_its_lab_only_as_occupied(site: Site) -> None:
    schedule = site.version["schedule"]
    theirs = [
        s
        for s in schedule["sessions"]
        if s["request"].startswith("col-b/") and s["parts"][0]["resource"] == "cnc-lab"
    ]
    assert theirs, "the tiny schedule lends col-a's CNC lab to col-b"
    week = theirs[0]["week"]
    r = site.page(f"{site.version_url}?view=resource&resource=cnc-lab&week={week}", who="col-a")
    got = cells(r.text)
    assert got.sessions == expected(schedule, "cnc-lab", week, strip="col-a/") - {
        (s["request"], s["day"], s["slot"], s["duration"]) for s in theirs
    }
    for s in theirs:
        if s["week"] == week:
            covered = {(d, slot + k) for d, slot, n in got.occupied for k in range(n)}
            assert {(s["day"], s["slot"] + k) for k in range(s["duration"])} <= covered
    assert "已占用" in r.text
    assert 'id="heatmap-hidden"' in r.text and 'id="heatmap"' not in r.text


def test_a_week_of_others_use_only_is_not_said_to_be_empty(site: Site) -> None:
    """An institution's page of a lab in a week only others use showed grey "occupied"
    blocks under "本周没有安排" ("Nothing is scheduled in this week")."""
    used: dict[tuple[str, int], set[str]] = {}
    for x in site.version["schedule"]["sessions"]:
        for part in x["parts"]:
            used.setdefault((part["resource"], x["week"]), set()).add(x["request"].split("/")[0])
    (resource, week, who), *_ = sorted(
        (resource, week, who)
        for (resource, week), users in used.items()
        for who in ("col-a", "col-b", "ent-x")
        if who not in users
    )
    url = f"{site.version_url}?view=resource&resource={resource}&week={week}"
    for lang in ("zh", "en"):
        html = site.page(url, who=who, lang=lang).text
        assert cells(html).occupied and 'id="empty-week"' not in html, (who, url, html)


@pytest.mark.parametrize(
    "query",
    [
        "view=cohort&cohort=col-b/b-weld-1",
        "view=cohort&cohort=b-weld-1",
        "view=institution&institution=col-b",
    ],
)
def test_an_institution_cannot_open_another_s_items(site: Site, query: str) -> None:
    """Another institution's items answer like items that never existed."""
    html = friendly(site.page(f"{site.version_url}?{query}", who="col-a"), 404)
    view = query.split("&")[0].removeprefix("view=")
    never = site.page(f"{site.version_url}?view={view}&{view}=never-was", who="col-a").text
    names = {"cohort": "班级／班组", "institution": "单位"}
    assert _detail(html) == _detail(never) == f"详情：找不到该{names[view]}"


def _detail(html: str) -> str:
    start = html.index('id="error-detail">') + len('id="error-detail">')
    return html[start : html.index("</p>", start)]


def test_jobs_are_for_planners_and_viewers(site: Site) -> None:
    assert site.page(f"/jobs/{site.job}", who="viewer").status_code == 200
    friendly(site.page(f"/jobs/{site.job}", who="col-a"), 403)
    assert f"/jobs/{site.job}" not in site.page("/", who="col-a").text


# ----------------------------------------------------------------------------- language


def test_language_switch_keeps_the_page_and_localises_days(site: Site) -> None:
    url = f"{site.version_url}?view=resource&resource=cnc-lab&week=1"
    zh = site.page(url).text
    assert "周一" in zh and "9月7日" in zh and "按资源" in zh and "Mon" not in zh
    site.client.cookies.clear()
    r = site.client.get(f"/lang/en?next={url.replace('&', '%26')}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == url
    assert r.headers["set-cookie"].startswith("lang=en")
    en = site.page(url, lang="en").text
    assert "Mon" in en and "7 Sep" in en and "By resource" in en and 'lang="en"' in en
    assert "周一" not in en


def test_the_language_link_is_marked_as_the_language_it_is_written_in(site: Site) -> None:
    """The link "English" on a Chinese page (and "中文" on an English one) had no lang of
    its own, so a screen reader read it with the page's voice."""
    for lang, name, code in (("zh", "English", "en"), ("en", "中文", "zh-CN")):
        for url in ("/", site.version_url):
            html = site.page(url, lang=lang).text
            start = html.index('id="lang-toggle"')
            tag = html[html.rindex("<a ", 0, start) : html.index(">", start)]
            assert f'lang="{code}"' in tag and html.index(name, start) > start, (lang, url)


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "\\\\evil"])
def test_language_switch_never_redirects_off_site(site: Site, target: str) -> None:
    r = site.client.get(f"/lang/en?next={target}", follow_redirects=False)
    assert r.headers["location"] == "/"


# ----------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "url",
    [
        "/terms/999/versions/1",
        "/terms/abc/versions/1",
        "/terms/1/versions/99",
        "/terms/99999999999999999999/versions/1",
        "/jobs/999",
        "/jobs/0",
        "/terms/{term}/versions/{n}?view=resource&resource=no-such-lab",
        "/terms/{term}/versions/{n}?view=spaceship",
        "/terms/{term}/versions/{n}?week=99",
        "/terms/{term}/versions/{n}?week=-1",
        # digits str.isdigit takes and int() refuses (were 500s)
        "/terms/²/versions/1",
        "/terms/{term}/versions/²",
        "/jobs/²",
        "/terms/{term}/versions/{n}?week=²",
    ],
)
def test_unknown_ids_answer_a_friendly_404(site: Site, url: str) -> None:
    html = friendly(site.page(url.format(term=site.term, n=site.number)), 404)
    assert "找不到" in html


def test_a_chinese_error_page_says_in_chinese_what_is_wrong(site: Site) -> None:
    """The details came in the API's English ("详情: job 5 has no schedule (running)")."""
    from api.db.models import Job

    planner = {"Authorization": f"Bearer {site.keys['planner']}"}
    r = site.client.post(f"/api/v1/jobs/{site.job}/rerun", headers=planner)
    failed = wait_for_job(site.client, r.json()["id"], planner)["id"]
    with site.client.app.state.session_factory() as db:  # type: ignore[attr-defined]
        row = db.get(Job, failed)
        row.status, row.schedule, row.error = "failed", None, "solver died"
        db.commit()
    cases = [
        (f"/jobs/{failed}", "planner", 409, f"任务 {failed} 求解失败：solver died"),
        (f"/jobs/{site.job}", "col-a", 403, "需要排程管理员或只读用户的密钥"),
        (f"/terms/{site.term}/versions/99", "planner", 404, "找不到该课表版本"),
        (f"{site.version_url}?week=99", "planner", 404, "找不到该周"),
        ("/jobs/999", "planner", 404, "找不到该任务"),
    ]
    for url, who, status, text in cases:
        html = unescape(friendly(site.page(url, who=who), status))
        assert _detail(html) == f"详情：{text}", url
        english = unescape(site.page(url, who=who, lang="en").text)
        assert not re.search(r"[\u4e00-\u9fff]", _detail(english)), _detail(english)


def test_a_job_that_ended_without_a_schedule_says_why(site: Site) -> None:
    """A failed job's page read "Not available yet: job 5 has no schedule (failed)", as if
    it were still running, and never gave the error the job holds."""
    from api.db.models import Job

    planner = {"Authorization": f"Bearer {site.keys['planner']}"}
    ended = {}
    for status, error in (
        ("failed", "the solver process ended unexpectedly (exit code -9)"),
        ("interrupted", "the server stopped during the solve; POST .../rerun to run it again"),
    ):
        r = site.client.post(f"/api/v1/jobs/{site.job}/rerun", headers=planner)
        job = wait_for_job(site.client, r.json()["id"], planner)["id"]
        with site.client.app.state.session_factory() as db:  # type: ignore[attr-defined]
            row = db.get(Job, job)
            row.status, row.schedule, row.error = status, None, error
            db.commit()
        ended[status] = job
        html = unescape(friendly(site.page(f"/jobs/{job}", lang="en"), 409))
        assert "The solve did not finish" in html and "Not available yet" not in html
        assert _detail(html) == f"Detail: job {job} {status}: {error}"
    zh = unescape(friendly(site.page(f"/jobs/{ended['failed']}"), 409))
    assert "求解未完成" in zh and "暂时无法显示" not in zh
    assert _detail(zh) == f"详情：任务 {ended['failed']} 求解失败：求解进程意外结束（退出码 -9）"
    zh = unescape(friendly(site.page(f"/jobs/{ended['interrupted']}"), 409))
    assert _detail(zh).startswith(f"详情：任务 {ended['interrupted']} 因服务重启而中断：")
    assert not re.search("[a-z]{4}", _detail(zh).split("（")[0]), _detail(zh)
    # the start page lists them with their status and a link to why (it listed only
    # jobs with a schedule); a job still running is listed without a link
    home = site.page("/", lang="en").text
    for status, job in ended.items():
        row = re.search(rf'<tr data-job="{job}"[^>]*>(.*?)</tr>', home, re.S)
        assert row is not None and f"<td>{status}</td>" in row[1], home
        assert f'href="/jobs/{job}"' in row[1]
    with site.client.app.state.session_factory() as db:  # type: ignore[attr-defined]
        row = db.get(Job, ended["failed"])
        row.status, row.error = "running", None
        db.commit()
    home = site.page("/", lang="en").text
    running = re.search(rf'<tr data-job="{ended["failed"]}"[^>]*>(.*?)</tr>', home, re.S)
    assert running is not None and "<td>running</td>" in running[1]
    assert "href=" not in running[1]
    # a job still running is not yet available: that page keeps its words
    html = unescape(friendly(site.page(f"/jobs/{ended['failed']}", lang="en"), 409))
    assert "Not available yet" in html
    assert _detail(html) == f"Detail: job {ended['failed']} has no schedule (running)"
    with site.client.app.state.session_factory() as db:  # type: ignore[attr-defined]
        db.get(Job, ended["failed"]).status = "failed"  # as it was: no job left running
        db.commit()


def test_an_unmet_request_without_a_title_is_listed_by_its_id(site: Site) -> None:
    """A planner's unmet table showed an empty bold line for a request with no title, then
    its id twice (as the title and again under it)."""
    scenario = tiny_data()
    scenario["name"] = "tiny-untitled"
    taster = next(r for r in scenario["requests"] if r["id"] == "r-b-cnc")
    del taster["title"]
    taster["sessions"] = 40  # more than the term holds: unmet
    job, schedule = site.solve(scenario)
    assert [u["request"] for u in schedule["unmet"]] == ["r-b-cnc"]
    html = site.page(f"/jobs/{job}").text
    assert re.search(r"<td><b>r-b-cnc</b></td>", html), html
    assert "<td><b></b>" not in html


def test_every_header_cell_has_text_and_pages_have_an_icon(site: Site) -> None:
    """Link columns and the grid's corner had empty header cells, and every page asked
    for a /favicon.ico that is not there (a web audit)."""
    for who, url in (
        ("planner", "/"),
        ("planner", site.version_url),
        ("planner", f"/jobs/{site.job}"),
        ("col-a", "/"),
        ("col-a", site.version_url),
    ):
        for lang in ("zh", "en"):
            html = site.page(url, who=who, lang=lang).text
            cells = re.findall(r"<th\b[^>]*>(.*?)</th>", html, re.S)
            assert cells and all(re.sub(r"<[^>]+>", "", c).strip() for c in cells), (url, cells)
            assert '<link rel="icon" href="/static/icon.svg" type="image/svg+xml">' in html
    icon = site.client.get("/static/icon.svg")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/svg+xml"
    assert icon.text.startswith("<svg")


def test_an_unexpected_error_is_a_friendly_500(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    import api.web.router as web

    def boom(*args: Any) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(web, "version_timetable", boom)
    html = friendly(site.page(site.version_url), 500)
    assert "secret internals" not in html


def _tree(html: str) -> Any:
    return html5lib.parse(html, namespaceHTMLElements=False)


def _text(el: Any) -> str:
    """What a screen reader reads of ``el``: its text without aria-hidden parts."""
    if el.get("aria-hidden") == "true":
        return el.tail or ""
    inner = (el.text or "") + "".join(_text(child) for child in el)
    return inner + (el.tail or "")


def test_links_and_controls_say_what_they_do_to_a_screen_reader(site: Site) -> None:
    """A screen-reader audit: every version and job link read "查看 right arrow", the
    heatmap's links only their number ("44"), the grid that scrolls sideways could not
    be reached from the keyboard, and the sign-in form opened without focus on its key."""
    signin = _tree(site.page("/", who=None).text)
    assert signin.find(".//input[@id='key']").get("autofocus") is not None
    for lang in ("zh", "en"):
        home = _tree(site.page("/", lang=lang).text)
        opens = [" ".join(_text(a).split()) for a in home.iter("a") if a.get("class") == "open"]
        assert len(opens) > 2 and len(set(opens)) == len(opens), opens
        assert not any("→" in o for o in opens), opens
        page = site.page(site.version_url, lang=lang).text
        cells = [a for a in _tree(page).iter("a") if "view=resource" in (a.get("href") or "")]
        heat = [a for a in cells if a.get("title")]
        assert heat and all(a.get("aria-label") == a.get("title") for a in heat)
        assert all(_text(a).strip() in a.get("aria-label") for a in heat)
        region = _tree(page).find(".//div[@role='region']")
        assert region is not None and region.get("tabindex") == "0"
        assert region.get("aria-labelledby") == "grid-title week-label"
        assert region.find(".//table[@id='grid']") is not None
        # the schedule picker has its button with JavaScript on too (Enter or the button)
        assert _tree(page).find(".//form[@id='source-form']/button") is not None


def test_the_summary_says_status_and_solver_in_words_and_keeps_the_codes(site: Site) -> None:
    """The summary line read "状态: 可行 · 求解器: greedy" on a Chinese page and "Status:
    feasible · Solver: greedy" on an English one: the solver's code in both, the status's
    code as the English word. Words now, the codes as attributes."""
    status = site.version["schedule"]["status"]
    solver = site.version["schedule"]["solver"]
    assert solver == "greedy" and status in ("feasible", "unknown", "optimal")
    words = {
        "zh": ("先到先得（贪心）", {"feasible": "可行（未证明最优）", "optimal": "最优（已证明）"}),
        "en": ("first come, first served (greedy)", {"feasible": "feasible (valid, not proven"}),
    }
    for lang, (solver_words, status_words) in words.items():
        html = unescape(site.page(site.version_url, lang=lang).text)
        line = re.search(r'<p class="summary" id="summary">(.*?)</p>', html, re.S)
        assert line is not None, html
        shown = re.search(r'id="solve-status" data-status="(\w+)">([^<]*)<', line[1])
        assert shown is not None and shown[1] == status, line[1]
        assert shown[2] != status  # words, not the code alone
        if status in status_words:
            assert shown[2].startswith(status_words[status]), shown[2]
        by = re.search(r'id="solver" data-solver="([^"]+)">([^<]*)<', line[1])
        assert by is not None and by[1] == "greedy" and by[2] == solver_words, line[1]
        if lang == "zh":
            text = re.sub(r"<[^>]+>", "", line[1])
            assert not re.search(r"[a-z]{4}", text.replace("CP-SAT", "")), text


def test_a_chinese_page_s_labels_end_in_a_full_width_colon(site: Site) -> None:
    """A Chinese page said "当前身份: 排程管理员", "求解状态: 可行" and
    "详情: 任务 5 求解失败：……": an ASCII colon among full-width punctuation, two kinds in
    one line. English keeps ": "."""
    for lang, colon in (("zh", "："), ("en", ": ")):
        page = unescape(site.page(site.version_url, lang=lang).text)
        top = re.search(r'<span class="who"[^>]*>(.*?)</span>', page, re.S)
        assert top is not None and re.sub(r"<[^>]+>", "", top[1]).strip().startswith(
            {"zh": "当前身份", "en": "Signed in as"}[lang] + colon.strip()
        ), top
        line = re.search(r'<p class="summary" id="summary">(.*?)</p>', page, re.S)
        assert line is not None
        said = {"zh": ("求解状态", "求解器"), "en": ("Status", "Solver")}[lang]
        for label in said:
            assert f"{label}{colon}<span" in line[1], line[1]
        missing = unescape(site.page("/terms/999", lang=lang).text)
        assert _detail(missing).startswith({"zh": "详情：", "en": "Detail: "}[lang])


def test_the_start_page_says_when_a_version_was_published_in_beijing_time(site: Site) -> None:
    """The versions' "发布时间" read "2026-12-08 01:32 UTC": a Dalian planner publishing at
    09:32 read a time eight hours off, in a format no Chinese page uses. Beijing time now,
    the calendar's own zone (the ICS export's Asia/Shanghai), said in the header."""
    published = dt.datetime.fromisoformat(site.version["created_at"].replace("Z", "+00:00"))
    here = published.astimezone(dt.timezone(dt.timedelta(hours=8)))
    said = {
        "zh": f"{here.year}年{here.month}月{here.day}日 {here:%H:%M}",
        "en": f"{here.day} {here:%b} {here.year} {here:%H:%M}",
    }
    for lang, header in (("zh", "发布时间（北京时间）"), ("en", "Published (Beijing time)")):
        html = unescape(site.page("/", lang=lang).text)
        assert header in html and said[lang] in html, html
        assert " UTC" not in html


def test_the_start_page_s_open_links_are_named_with_the_page_s_colon(site: Site) -> None:
    """A screen reader read the links "查看: 任务 1" on a Chinese page, an ASCII colon among
    full-width punctuation, as the labels were before."""
    for lang, colon in (("zh", "："), ("en", ": ")):
        html = unescape(site.page("/", lang=lang).text)
        link = r'<a class="open"[^>]*>([^<]*)<span class="sr-only">([^<]*)</span>'
        names = re.findall(link, html)
        assert names, html
        for _, rest in names:
            assert rest.startswith(colon), names


def test_the_start_page_says_statuses_in_words_and_keeps_their_codes(site: Site) -> None:
    """Programs and tests read a job's and a term's status from the start page by its
    code, which a Chinese page shows only in words."""
    html = unescape(site.page("/").text)
    row = re.search(rf'<tr data-job="{site.job}" data-status="(\w+)" data-kind="(\w+)">', html)
    assert row is not None and (row[1], row[2]) == ("done", "scenario"), html
    badge = re.search(r'<span class="badge" data-status="(\w+)">([^<]*)</span>', html)
    assert badge is not None and badge[1] in ("open", "closed") and badge[2] != badge[1]
