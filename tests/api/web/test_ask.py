"""The extra-request form: an institution asks for more from the web and reads the answer,
which is the API's own (same checks, same amendment), with dates and clock times."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from types import SimpleNamespace
from typing import Any

import pytest

from api.web.sources import KEY_COOKIE
from tests.api.conftest import BEFORE_TERMS, check, tiny_data
from tests.api.web.conftest import Site


def _post(site: Site, who: str, data: dict[str, Any], lang: str = "en", **headers: str) -> Any:
    site.client.cookies.clear()
    site.client.cookies.set(KEY_COOKIE, site.keys[who])
    site.client.cookies.set("lang", lang)
    return site.client.post(
        f"/terms/{site.term}/ask", data=data, headers=headers, follow_redirects=False
    )


def _planner_version(site: Site) -> dict[str, Any]:
    """The version as the planner reads it, with its scenario (granted extras included)."""
    planner = {"Authorization": f"Bearer {site.keys['planner']}"}
    url = f"/api/v1/terms/{site.term}/versions/{site.number}"
    version = site.client.get(url, headers=planner).json()
    version["scenario"] = site.client.get(f"{url}/scenario", headers=planner).json()
    return version


#: The form's heading: it asks for sessions or an internship (with instructors and several
#: cohorts as their details), not "more sessions" alone.
ASK_TITLE_EN = "Ask for more sessions or an internship"
ASK_TITLE_ZH = "申请追加课次或实习"


def test_the_heading_and_the_link_say_what_the_form_asks_for(site: Site) -> None:
    """The heading read "Ask for more sessions" once the form asked for internships too."""
    for lang, sessions, internship in (("en", "sessions", "internship"), ("zh", "课次", "实习")):
        html = unescape(site.page(f"/terms/{site.term}/ask", who="col-b", lang=lang).text)
        heading = re.search(r"<h1>([^<]*)</h1>", html)
        assert heading is not None and sessions in heading[1] and internship in heading[1]
        assert f"<title>{heading[1]} · " in html
        page = unescape(site.page(site.version_url, who="col-b", lang=lang).text)
        link = re.search(r'id="ask-link">([^<]*)<', page)
        assert link is not None and sessions in link[1] and internship in link[1], page


def test_the_form_offers_the_institution_s_own_cohorts_features_and_skills(site: Site) -> None:
    for lang, title in (("zh", ASK_TITLE_ZH), ("en", ASK_TITLE_EN)):
        r = site.page(f"/terms/{site.term}/ask", who="col-b", lang=lang)
        html = unescape(r.text)
        assert r.status_code == 200 and f"<h1>{title}</h1>" in html
        cohorts = re.findall(
            r'<option value="([^"]*)"', html.split('id="cohort"')[1].split("</select>")[0]
        )
        assert cohorts == ["b-weld-1"]  # its own cohort only
        assert re.findall(r'name="needs" value="([^"]+)"', html) == ["cnc", "welding"]
    # the timetable links to it, for an institution key only
    assert 'id="ask-link"' in site.page(site.version_url, who="col-b").text
    assert 'id="ask-link"' not in site.page(site.version_url).text
    assert site.page(f"/terms/{site.term}/ask").status_code == 403  # a planner key
    assert site.page(f"/terms/{site.term}/ask", who=None).status_code == 303
    assert site.page("/terms/999/ask", who="col-b").status_code == 404


def test_a_granted_request_is_booked_as_the_api_books_it(site: Site) -> None:
    data = {
        "cohort": "b-weld-1",
        "title": "CNC extra",
        "sessions": "1",
        "duration": "2",  # two slots: the end time is the second slot's
        "pattern": "free",
        "needs": "cnc",
        "id": "web-extra-1",
    }
    r = _post(site, "col-b", data)
    html = unescape(r.text)
    assert r.status_code == 201, html
    assert 'data-outcome="granted"' in html and "1 of 1 session booked" in html
    version = _planner_version(site)
    check(version["scenario"], version["schedule"])  # the amended version keeps every rule
    (booked,) = [s for s in version["schedule"]["sessions"] if s["request"] == "col-b/web-extra-1"]
    row = re.search(r'<table class="list" id="booked">.*?<tbody>(.*?)</tbody>', html, re.S)
    assert row is not None
    # its week, weekday and date, clock times from the calendar, and the lab's name
    assert f"<td>Week {booked['week']}</td>" in row[1] and "<td>CNC lab</td>" in row[1]
    calendar = version["scenario"]["calendar"]
    day = dt.date.fromisoformat(calendar["first_monday"]) + dt.timedelta(
        days=(booked["week"] - 1) * 7 + booked["day"] - 1
    )
    start = 8 * 60 + (booked["slot"] - 1) * calendar["slot_minutes"]  # tiny: from 08:00
    end = start + 2 * calendar["slot_minutes"]
    when = f"<td>{day:%a} {day.day} {day:%b}</td><td>{start // 60:02d}:{start % 60:02d}–"
    assert when + f"{end // 60:02d}:{end % 60:02d}</td>" in row[1], row[1]
    link = re.search(r'href="([^"]+)" id="to-timetable"', html)
    assert link is not None
    page = site.page(link[1].replace("&amp;", "&"), who="col-b")
    assert page.status_code == 200 and 'data-request="web-extra-1"' in page.text


def test_an_invalid_form_comes_back_with_its_messages_and_what_was_typed(site: Site) -> None:
    data = {
        "cohort": "a-cnc-1",
        "title": "Keep me",
        "sessions": "two",
        "duration": "1",
        "pattern": "free",
        "first_week": "0",
    }
    for lang, needed in (
        ("en", "A whole number from 1 to 10,000."),
        ("zh", "请填写 1 到 10000 之间的整数。"),
    ):
        r = _post(site, "col-b", data, lang=lang)
        html = unescape(r.text)
        assert r.status_code == 422
        assert re.search(rf'id="err-sessions" role="alert">{needed}<', html)
        assert 'id="err-first_week"' in html and 'id="err-cohort"' in html  # not its cohort
        assert 'value="Keep me"' in html and 'value="two"' in html  # nothing typed is lost
        assert 'aria-invalid="true" aria-describedby="err-sessions"' in html


def test_the_api_s_refusals_are_shown_on_their_field(site: Site) -> None:
    # an id the term already holds: the API's 409 on `id`
    data = {"cohort": "b-weld-1", "sessions": "1", "duration": "1", "id": "r-b-cnc"}
    html = unescape(_post(site, "col-b", data).text)
    assert re.search(r'id="err-id" role="alert">[^<]*already', html), html
    # a title only the API's model refuses (a control character): its 422, in its own
    # words, beside the field
    data = {"cohort": "b-weld-1", "sessions": "1", "duration": "1", "id": "web-extra-2"}
    r = _post(site, "col-b", {**data, "title": "bell\x07"})
    error = re.search(r'id="err-title" role="alert">([^<]+)<', unescape(r.text))
    assert r.status_code == 422 and error is not None and "control" in error[1], r.text
    # a session longer than the day: the form's own check, in the page's language
    for lang, day in (("en", "at most 4 slots"), ("zh", "每天最多 4 节")):
        r = _post(site, "col-b", {**data, "duration": "9"}, lang=lang)
        error = re.search(r'id="err-duration" role="alert">([^<]+)<', unescape(r.text))
        assert r.status_code == 422 and error is not None and day in error[1], r.text


def test_two_blank_forms_opened_in_the_same_second_are_two_requests(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The blank form's id was the clock to the second: a second form opened by the same
    institution within that second was told it had already been sent. (Before the test
    that fills the cohort's free time: both must be granted.) Its date is the service's
    today (``TRAINSHARE_TODAY``, here 2026-08-31), not the server's clock (2026-09-08),
    also for a form posted without the id it was shown with."""

    class Frozen(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> Frozen:
            return cls(2026, 9, 8, 10, 0, 0)

    class FrozenDate(dt.date):
        @classmethod
        def today(cls) -> FrozenDate:
            return cls(2026, 9, 8)

    clock = SimpleNamespace(datetime=Frozen, date=FrozenDate, timedelta=dt.timedelta)
    monkeypatch.setattr("api.web.ask.dt", clock)
    ids: list[str] = []
    for _ in range(2):
        form = site.page(f"/terms/{site.term}/ask", who="col-b").text
        auto_id = re.search(r'name="auto_id" value="([^"]+)"', form)
        assert auto_id is not None
        ids.append(auto_id[1])
    assert ids[0] != ids[1] and all(re.fullmatch(r"extra-20260831-[0-9a-f]{12}", i) for i in ids)
    ids.append("")  # posted by hand without one: made when sent, on the same day
    for made in ids:
        data = {
            "cohort": "b-weld-1",
            "sessions": "1",
            "duration": "1",
            "id": "",
            "auto_id": made,
        }
        r = _post(site, "col-b", data)
        assert r.status_code == 201 and 'data-outcome="granted"' in r.text, r.text
    version = _planner_version(site)
    check(version["scenario"], version["schedule"])
    booked = {s["request"] for s in version["schedule"]["sessions"]}
    assert {f"col-b/{i}" for i in ids[:2]} <= booked
    made_when_sent = booked - {f"col-b/{i}" for i in ids[:2]}
    assert any(re.fullmatch(r"col-b/extra-20260831-[0-9a-f]{12}", r) for r in made_when_sent)


def test_what_does_not_fit_is_explained(site: Site) -> None:
    data = {
        "cohort": "b-weld-1",
        "sessions": "60",
        "duration": "1",
        "needs": "cnc",
        "id": "web-extra-many",
    }
    # the first takes what is free; the second finds nothing left
    for lang, outcome in (("en", "Granted in part"), ("zh", "无法安排")):
        data["id"] = f"web-extra-many-{lang}"
        r = _post(site, "col-b", data, lang=lang)
        html = unescape(r.text)
        assert r.status_code == 201 and f"<h1>{outcome}</h1>" in html, html
        assert 'id="reasons"' in html
        # a link to the timetable only where something was booked
        assert ('id="to-timetable"' in html) == (lang == "en"), html
    version = _planner_version(site)
    check(version["scenario"], version["schedule"])


def test_a_post_from_another_site_is_refused(site: Site) -> None:
    data = {"cohort": "b-weld-1", "sessions": "1", "duration": "1", "id": "web-extra-x"}
    r = _post(site, "col-b", data, origin="https://evil.example")
    assert r.status_code == 403
    version = _planner_version(site)
    assert not any(s["request"] == "col-b/web-extra-x" for s in version["schedule"]["sessions"])


def test_the_same_form_sent_twice_with_a_blank_id_books_once(site: Site) -> None:
    # a reload of the answer or a second click sends the form again: with a blank id it
    # booked the request twice under two made-up ids
    before = {s["request"] for s in _planner_version(site)["schedule"]["sessions"]}
    form = site.page(f"/terms/{site.term}/ask", who="col-b").text
    auto_id = re.search(r'name="auto_id" value="([^"]+)"', form)
    assert auto_id is not None
    data = {"cohort": "b-weld-1", "sessions": "1", "duration": "1", "id": ""}
    data["auto_id"] = auto_id[1]
    assert _post(site, "col-b", data).status_code == 201
    r = _post(site, "col-b", data)
    assert r.status_code == 422
    assert re.search(r'id="err-id" role="alert">This form was already sent', r.text), r.text
    version = _planner_version(site)
    booked = {s["request"] for s in version["schedule"]["sessions"]}
    assert booked - before == {f"col-b/{auto_id[1]}"}


def test_a_feature_or_skill_the_form_does_not_offer_is_refused_not_dropped(site: Site) -> None:
    # posted by hand, an unknown need was left out and the request booked without it
    for name in ("needs", "instructor_skills"):
        data: dict[str, Any] = {"cohort": "b-weld-1", "sessions": "1", "duration": "1"}
        data["id"] = f"web-x-{name}"
        data[name] = ["cnc", "no-such-thing"]
        r = _post(site, "col-b", data)
        assert r.status_code == 422
        assert f'id="err-{name}" role="alert">Tick only the boxes listed.<' in r.text, r.text
        assert 'value="cnc" checked' in r.text  # what was ticked is kept
    booked = {s["request"] for s in _planner_version(site)["schedule"]["sessions"]}
    assert not any(r.startswith("col-b/web-x-") for r in booked)


def test_weeks_beyond_the_term_or_reversed_are_refused_on_their_field(site: Site) -> None:
    # a last week past the term's was clipped silently; reversed weeks came back as the
    # model's English "weeks range [2, 1] is empty" on the first week, also in Chinese
    weeks = _planner_version(site)["scenario"]["calendar"]["weeks"]
    data = {"cohort": "b-weld-1", "sessions": "1", "duration": "1", "id": "web-weeks"}
    for first, last, name, en, zh in (
        ("1", "99", "last_week", f"A week from 1 to {weeks}.", f"请填写 1 到 {weeks} 之间的周次。"),
        # week 0 was "a whole number from 1 to 10,000" beside the last week's "1 to 2"
        ("0", "1", "first_week", f"A week from 1 to {weeks}.", f"请填写 1 到 {weeks} 之间的周次。"),
        (
            "2",
            "1",
            "last_week",
            "The last week cannot come before the first.",
            "结束周不能早于起始周。",
        ),
    ):
        for lang, needed in (("en", en), ("zh", zh)):
            r = _post(site, "col-b", {**data, "first_week": first, "last_week": last}, lang=lang)
            assert r.status_code == 422
            assert f'id="err-{name}" role="alert">{needed}<' in r.text, r.text
            assert f'value="{first}"' in r.text and f'value="{last}"' in r.text
            # said once: reversed weeks also came back as the model's "range [2, 1] is
            # empty" on the first week
            assert r.text.count('class="error field-error"') == 1, r.text


def test_mid_term_the_form_says_from_which_day_it_books(site: Site) -> None:
    """Mid-term the form offered every week of the term and said nothing of days gone by:
    weeks already over were refused only once sent. It says the first bookable day."""
    settings = site.client.app.state.settings  # type: ignore[attr-defined]
    try:
        settings.today = dt.date(2026, 9, 9)  # week 1, Wednesday: Thursday is next
        pages = {
            lang: unescape(site.page(f"/terms/{site.term}/ask", who="col-b", lang=lang).text)
            for lang in ("zh", "en")
        }
    finally:
        settings.today = BEFORE_TERMS
    said = {
        lang: re.search(r'<p class="muted" id="bookable-from">([^<]*)</p>', html)
        for lang, html in pages.items()
    }
    assert said["zh"] is not None and "第 1 周周四（9月10日）" in said["zh"][1], pages["zh"]
    assert said["en"] is not None and "week 1, Thu 10 Sep" in said["en"][1], pages["en"]
    # before the term nothing is gone: nothing to say
    before = site.page(f"/terms/{site.term}/ask", who="col-b").text
    assert 'id="bookable-from"' not in before


def test_once_the_term_is_over_the_form_says_so_before_it_is_filled_in(site: Site) -> None:
    # the form was shown as usual and only the post said, under "Not available yet" and in
    # English on the Chinese page, that the term was over
    settings = site.client.app.state.settings  # type: ignore[attr-defined]
    try:
        settings.today = dt.date(2026, 10, 1)  # the term is over
        pages = {
            lang: site.page(f"/terms/{site.term}/ask", who="col-b", lang=lang)
            for lang in ("en", "zh")
        }
        data = {"cohort": "b-weld-1", "sessions": "1", "duration": "1", "id": "web-late"}
        posted = _post(site, "col-b", data)
    finally:
        settings.today = BEFORE_TERMS
    assert pages["en"].status_code == 409 and posted.status_code == 409
    for r in (pages["en"], posted):
        assert "The term is over" in r.text and "has passed" in r.text, r.text
    zh = unescape(pages["zh"].text)
    assert "学期已结束" in zh and "不能再追加课次" in zh and 'id="ask-form"' not in zh
    # its days as a Chinese reader writes them (it said "（2026-09-18）", "为 2026-10-02")
    assert "本学期的最后一天（2026年9月18日）已过" in zh, zh
    assert "最早可安排日期为 2026年10月2日" in zh and "2026-" not in zh, zh


def test_refusals_the_form_knows_read_in_the_page_s_language(site: Site) -> None:
    """An id already used, an id with '/' and weeks gone by came back as the API's
    English (or a regex) on the Chinese page (a web-form audit)."""
    used = {"cohort": "b-weld-1", "sessions": "1", "duration": "1", "id": "r-b-cnc"}
    html = unescape(_post(site, "col-b", used, lang="zh").text)
    assert re.search(r'id="err-id" role="alert">该编号在本学期已被使用', html), html
    slash = {"cohort": "b-weld-1", "sessions": "1", "duration": "1", "id": "a/b"}
    r = _post(site, "col-b", slash, lang="zh")
    assert r.status_code == 422 and 'id="err-id" role="alert">编号中不能含有“/”。' in r.text
    settings = site.client.app.state.settings  # type: ignore[attr-defined]
    past = {
        "cohort": "b-weld-1",
        "sessions": "1",
        "duration": "1",
        "first_week": "1",
        "last_week": "1",
        "id": "web-past",
    }
    try:
        settings.today = dt.date(2026, 9, 14)  # week 2 has begun: week 1 is over
        pages = {
            lang: unescape(_post(site, "col-b", past, lang=lang).text) for lang in ("zh", "en")
        }
    finally:
        settings.today = BEFORE_TERMS
    assert re.search(r'id="err-first_week" role="alert">所选周次已经过去', pages["zh"]), pages["zh"]
    assert re.search(
        r'id="err-first_week" role="alert">Those weeks are over: the window ends '
        r"before [^<]+\.<",
        pages["en"],
    ), pages["en"]


def test_weeks_gone_by_are_refused_in_words_that_fit_the_kind_asked(site: Site) -> None:
    """The Chinese of weeks gone by spoke of sessions (课次) when an internship was asked
    for; each language now says what the API said of the kind asked."""
    settings = site.client.app.state.settings  # type: ignore[attr-defined]
    weeks = {"first_week": "1", "last_week": "1", "cohort": "b-weld-1"}
    intern = {**weeks, "kind": "internship", "weeks": "1", "needs": "cnc", "id": "web-past-in"}
    sessions = {**weeks, "sessions": "1", "duration": "1", "id": "web-past-s"}
    try:
        settings.today = dt.date(2026, 9, 14)  # the last week has begun: week 1 is over
        pages = {
            (kind, lang): unescape(_post(site, "col-b", data, lang=lang).text)
            for kind, data in (("internship", intern), ("sessions", sessions))
            for lang in ("zh", "en")
        }
    finally:
        settings.today = BEFORE_TERMS
    said = {
        k: re.search(r'id="err-first_week" role="alert">([^<]*)<', page)
        for k, page in pages.items()
    }
    assert all(m is not None for m in said.values()), pages
    words = {k: m[1] for k, m in said.items() if m is not None}
    assert "实习" in words["internship", "zh"] and "课次" not in words["internship", "zh"], words
    assert "课次" in words["sessions", "zh"] and "实习" not in words["sessions", "zh"], words
    assert "internship" in words["internship", "en"], words
    assert "internship" not in words["sessions", "en"], words
    assert "2026年9月15日" in words["sessions", "zh"], words  # the first bookable day


def test_a_base_changed_since_publication_is_said_before_the_form_is_filled_in(
    site: Site,
) -> None:
    """Every extra request waits for a re-solve once the base changed: the form was
    shown and only its answer said so, losing what was typed (a web-form audit)."""
    planner = {"Authorization": f"Bearer {site.keys['planner']}"}
    url = f"/api/v1/terms/{site.term}/base"
    base = site.client.get(f"/api/v1/terms/{site.term}", headers=planner).json()["base"]
    lab = {
        "id": "cnc-lab-2",
        "kind": "lab",
        "owner": "col-b",
        "site": "campus-b",
        "capacity": 30,
        "features": ["cnc"],
    }
    changed = {**base, "resources": [*base["resources"], lab]}
    r = site.client.put(url, json=changed, headers=planner)
    assert r.status_code == 200, r.text
    try:
        en = site.page(f"/terms/{site.term}/ask", who="col-b", lang="en")
        zh = unescape(site.page(f"/terms/{site.term}/ask", who="col-b", lang="zh").text)
    finally:
        r = site.client.put(url, json=base, headers=planner)
        assert r.status_code == 200, r.text
    assert en.status_code == 409 and "base changed after version" in en.text
    assert 'id="ask-form"' not in en.text
    assert "需等排程管理员按新的基础数据重新求解并发布后，才能追加课次" in zh
    # the base as published again: the form is back
    assert 'id="ask-form"' in site.page(f"/terms/{site.term}/ask", who="col-b").text


def test_an_institution_with_no_cohort_in_the_version_is_told_so_not_given_an_empty_form(
    site: Site,
) -> None:
    """The form's cohort list was empty and required: nothing could be sent, and nothing
    said why."""
    from tests.api.conftest import tiny_data

    scenario = tiny_data()
    scenario["name"] = "tiny-no-staff"
    scenario["cohorts"] = [c for c in scenario["cohorts"] if c["institution"] != "ent-x"]
    scenario["requests"] = [r for r in scenario["requests"] if r["cohort"] != "x-staff"]
    term, _, _ = site.publish(scenario)
    for lang, said in (("en", "holds no cohort of yours"), ("zh", "没有本单位的班级／班组")):
        html = unescape(site.page(f"/terms/{term}/ask", who="ent-x", lang=lang).text)
        assert 'id="no-cohorts"' in html and said in html, html
        assert 'id="ask-form"' not in html
    assert 'id="ask-form"' in site.page(f"/terms/{term}/ask", who="col-b").text


def test_the_model_s_field_messages_read_in_the_page_s_language(site: Site) -> None:
    """The API's field messages from its model ("contains the control character
    U+0007...") reached the Chinese page in English; they are made from pydantic's error
    types (api.web.field_errors) and stay the API's own words in English."""
    data = {"cohort": "b-weld-1", "sessions": "1", "duration": "1", "id": "web-zh-1"}
    for lang, title, ident in (
        ("zh", "含有控制字符 U+0007，无法保存或显示。", "含有控制字符 U+001B，无法保存或显示。"),
        (
            "en",
            "contains the control character U+0007, which cannot be stored or shown",
            "contains the control character U+001B, which cannot be stored or shown",
        ),
    ):
        r = _post(site, "col-b", {**data, "title": "bell\x07", "id": "esc\x1b"}, lang=lang)
        html = unescape(r.text)
        assert r.status_code == 422
        assert f'id="err-title" role="alert">{title}<' in html, html
        assert f'id="err-id" role="alert">{ident}<' in html, html
        assert 'aria-invalid="true" aria-describedby="err-title"' in html
    # an id past the API's 200 characters: the page booked it, the API refuses it
    for lang, said in (
        ("zh", "编号最多 200 个字符。"),
        ("en", "An id has at most 200 characters."),
    ):
        r = _post(site, "col-b", {**data, "id": "x" * 201}, lang=lang)
        assert r.status_code == 422 and f'id="err-id" role="alert">{said}<' in r.text, r.text
    # a post from another site: its 403 page said why in English
    r = _post(site, "col-b", data, lang="zh", origin="https://evil.example")
    assert r.status_code == 403 and "详情：请从本站的页面提交表单" in unescape(r.text)
    booked = {s["request"] for s in _planner_version(site)["schedule"]["sessions"]}
    assert not any(r.startswith(("col-b/web-zh", "col-b/esc", "col-b/xxx")) for r in booked)


def test_an_enterprise_can_ask_for_its_staff_in_a_resource_of_its_choice(site: Site) -> None:
    """The form had no way to say where: an enterprise asking for its staff's sessions in
    one workshop (its own equipment, or the one near its site) got whichever resource
    fitted first (an enterprise-user audit). It offers the resources the institution may
    use, never an internship post, and books only in those ticked."""
    html = unescape(site.page(f"/terms/{site.term}/ask", who="ent-x").text)
    offered = re.findall(r'name="resources" value="([^"]+)"', html)
    assert offered == ["cnc-lab", "weld-shop"]
    outcomes = []
    for resource in offered:
        data = {"cohort": "x-staff", "sessions": "1", "duration": "1", "resources": resource}
        data["id"] = f"web-in-{resource}"
        r = _post(site, "ent-x", data)
        assert r.status_code == 201, r.text
        outcomes.append(re.findall(r'data-outcome="(\w+)"', r.text))
    # earlier tests of the module may have filled the CNC lab's evenings, not both rooms
    assert ["granted"] in outcomes, outcomes
    version = _planner_version(site)
    check(version["scenario"], version["schedule"])
    for resource in offered:
        booked = [
            p["resource"]
            for s in version["schedule"]["sessions"]
            if s["request"] == f"ent-x/web-in-{resource}"
            for p in s["parts"]
        ]
        assert set(booked) <= {resource}, (resource, booked)
    # a post, or any resource the form does not offer, is refused on the field
    data = {"cohort": "x-staff", "sessions": "1", "duration": "1", "resources": "post-x"}
    r = _post(site, "ent-x", {**data, "id": "web-in-post"})
    assert r.status_code == 422 and 'id="err-resources"' in r.text


def test_a_title_is_limited_alike_in_the_api_and_the_form(site: Site) -> None:
    """The form's title had no limit but the browser's maxlength, and the API none at all
    (5,000 characters were booked and shown on every page): both refuse past 200,
    saying so on the field, and take 200."""
    col_b = {"Authorization": f"Bearer {site.keys['col-b']}"}
    url = f"/api/v1/terms/{site.term}/institutions/col-b/extra-requests"
    doc = {"id": "api-long-title", "cohort": "b-weld-1", "sessions": 1, "title": "t" * 201}
    r = site.client.post(url, json=doc, headers=col_b)
    assert r.status_code == 422, r.text
    assert r.json()["errors"] == [
        {
            "loc": ["body", "title"],
            "path": "title",
            "msg": "at most 200 characters (got 201)",
            "messages": {"zh": "最多 200 个字符。"},
        }
    ]
    # a request submitted to an open term and an uploaded scenario's: the same limit
    planner = {"Authorization": f"Bearer {site.keys['planner']}"}
    base = {k: v for k, v in tiny_data().items() if k not in ("cohorts", "requests")}
    base["name"] = "tiny-open-for-titles"
    opened = site.client.post("/api/v1/terms", json=base, headers=planner).json()["id"]
    submit = f"/api/v1/terms/{opened}/institutions/col-b/requests"
    r = site.client.post(submit, json=doc, headers=col_b)
    assert r.status_code == 422 and r.json()["errors"][0]["path"] == "title", r.text
    scenario = tiny_data()
    scenario["requests"][0]["title"] = "t" * 201
    r = site.client.post("/api/v1/scenarios", json=scenario, headers=planner)
    assert r.status_code == 422, r.text
    assert {e["path"]: e["msg"] for e in r.json()["errors"]} == {
        "requests[0].title": "at most 200 characters (got 201)"
    }
    data = {"cohort": "b-weld-1", "sessions": "1", "duration": "1", "title": "t" * 201}
    for lang, said in (
        ("en", "A title has at most 200 characters."),
        ("zh", "名称最多 200 个字符。"),
    ):
        r = _post(site, "col-b", {**data, "id": f"web-long-title-{lang}"}, lang=lang)
        assert r.status_code == 422 and f'id="err-title" role="alert">{said}<' in r.text, r.text
        assert 'maxlength="200"' in r.text and "t" * 201 in r.text  # kept, to be cut
    booked = {s["request"] for s in _planner_version(site)["schedule"]["sessions"]}
    assert not booked & {"col-b/api-long-title", "col-b/web-long-title-en"}
    # 200 is taken by both
    r = site.client.post(url, json={**doc, "title": "t" * 200}, headers=col_b)
    assert r.status_code == 201, r.text
    r = _post(site, "col-b", {**data, "title": "t" * 200, "id": "web-title-200"})
    assert r.status_code == 201, r.text
    version = _planner_version(site)
    check(version["scenario"], version["schedule"])


def _joint_form(joined: list[str]) -> Any:
    """A form of col-b's three cohorts, b-new picked and ``joined`` ticked with it."""
    from api.web.ask_form import AskForm
    from api.web.grid import Entity
    from scheduler.models import Calendar

    calendar = Calendar.model_validate(tiny_data()["calendar"])
    cohorts = [Entity(c, c) for c in ("b-weld-1", "b-new", "b-late")]
    form = AskForm(1, 1, calendar, {}, cohorts, "College B", [], [])
    form.values = {"cohort": "b-new", "with_cohorts": joined, "kind": "sessions"}
    return form


def test_a_refusal_of_the_cohorts_ticked_together_is_shown_beside_them() -> None:
    """The API's refusals of ``cohorts`` (the cohorts asked for together) were put beside
    the single cohort field, away from the boxes ticked; the first of ``cohorts`` is the
    one picked there."""
    from api.errors import ApiError
    from api.web.ask_refusals import api_refused

    late = "cohort 'b-late' was withdrawn from the term after it was published, so an extra "
    late += "request cannot name it"
    for path, msg, field in (
        ("cohorts", late, "with_cohorts"),
        ("cohorts[2]", "unknown cohort 'b-late'", "with_cohorts"),
        ("cohorts[0]", "unknown cohort 'b-new'", "cohort"),
        ("cohorts", late.replace("b-late", "b-new"), "cohort"),
        ("cohorts", late.replace("'b-late'", "“Late class” (b-late)"), "with_cohorts"),
    ):
        form = _joint_form(["b-weld-1", "b-late"])
        err = {"loc": ["body", *path.replace("]", "").split("[")], "path": path, "msg": msg}
        api_refused(form, ApiError(422, "request rejected: 1 problem", [err]), err, "en")
        assert form.errors == {field: msg}, (path, msg, form.errors)


def test_only_weeks_gone_by_are_said_to_be_over() -> None:
    """Every API refusal on the window was shown as "Those weeks are over: ...", an empty
    or reversed window too; only the refusal of weeks gone by (``path`` "window",
    :func:`api.extra.bookable_day`) is, the others say their own sentence."""
    from api.errors import ApiError
    from api.web.ask_refusals import api_refused

    cases = (
        ("window", "the weeks 1-2 have passed", "first_week", "form_window_over"),
        ("window[0].weeks", "empty window: weeks 5-3", "first_week", None),
        ("window[0].weeks[1]", "week 40 is past the term's last", "last_week", None),
    )
    for path, msg, field, code in cases:
        form = _joint_form([])
        err = {"loc": ["body", *path.replace("]", "").split("[")], "path": path, "msg": msg}
        api_refused(form, ApiError(422, "request rejected: 1 problem", [err]), err, "en")
        assert form.errors == {field: code or msg}, (path, form.errors)


def test_the_model_s_refusal_of_a_ticked_cohort_is_shown_beside_the_boxes() -> None:
    from api.web.ask_refusals import model_refused

    form = _joint_form(["b-weld-1"])
    doc = {"id": "x", "cohorts": ["b-new", "b-weld\t1"], "sessions": 1, "duration": 1}
    assert model_refused(form, doc, "en")
    assert set(form.errors) == {"with_cohorts"}, form.errors


def test_the_answer_names_the_request_by_its_title_as_the_timetable_does(site: Site) -> None:
    """The answer said "request web-title-1" where a title was given; the rest of the
    product says “CNC extra” (web-title-1)."""
    data = {"cohort": "b-weld-1", "title": "CNC 加课", "sessions": "1", "duration": "1",
            "needs": "cnc"}  # fmt: skip
    for lang, named in (("en", "“CNC 加课” (web-title-en)"), ("zh", "“CNC 加课”（web-title-zh）")):
        r = _post(site, "col-b", {**data, "id": f"web-title-{lang}"}, lang=lang)
        assert r.status_code == 201, r.text
        summary = re.search(r'id="answer-summary">([^\n]*)</p>', unescape(r.text))
        assert summary is not None and named in summary[1], r.text
    # no title: the id alone, as before
    r = _post(site, "col-b", {**data, "title": "", "id": "web-untitled"})
    summary = re.search(r'id="answer-summary">([^\n]*)</p>', unescape(r.text))
    assert summary is not None and "Request web-untitled ·" in summary[1], summary
    version = _planner_version(site)
    check(version["scenario"], version["schedule"])  # the booked requests keep every rule


def test_a_file_posted_for_a_field_is_refused_not_stored_as_its_python_text(site: Site) -> None:
    # posted by hand as a file part, the title was booked as "UploadFile(filename='a.txt',
    # ...)": the server's own object text, not anything the sender typed
    data = {"cohort": "b-weld-1", "sessions": "1", "duration": "1", "id": "web-file"}
    for lang, said in (
        ("en", "“title” takes typed text, not a file: nothing was asked."),
        ("zh", "“title”一项须填写文字，不能上传文件，未予受理。"),
    ):
        site.client.cookies.clear()
        site.client.cookies.set(KEY_COOKIE, site.keys["col-b"])
        site.client.cookies.set("lang", lang)
        r = site.client.post(
            f"/terms/{site.term}/ask",
            data=data,
            files={"title": ("a.txt", b"CNC extra", "text/plain")},
            follow_redirects=False,
        )
        assert r.status_code == 422, r.text
        assert said in unescape(r.text)
        assert "UploadFile" not in r.text
    requests = _planner_version(site)["scenario"]["requests"]
    assert not any(q["id"] == "col-b/web-file" for q in requests)


def test_an_institution_without_cohorts_is_not_offered_the_form(site: Site) -> None:
    """ent-x with no cohort in the version (as the public training base): its timetable
    offered "Ask for more →", and the form then said it could not ask. The timetable says
    so instead, in either language, and keeps the link for one that can ask."""
    scenario = tiny_data()
    scenario["name"] = "tiny-no-staff"
    scenario["cohorts"] = [c for c in scenario["cohorts"] if c["institution"] != "ent-x"]
    scenario["requests"] = [r for r in scenario["requests"] if r["cohort"] != "x-staff"]
    term, number, _ = site.publish(scenario)
    url = f"/terms/{term}/versions/{number}"
    for lang, why in (
        ("en", "No cohort of yours is in version"),
        ("zh", "本单位没有班级／班组"),
    ):
        html = unescape(site.page(url, who="ent-x", lang=lang).text)
        assert 'id="ask-link"' not in html and "extra-requests" not in html, html
        line = re.search(r'id="ask-none">([^<]+)<', html)
        assert line is not None and why in line[1], html
        assert 'id="ask-link"' in site.page(url, who="col-b", lang=lang).text
