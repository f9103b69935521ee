"""A real browser on a real server: ``trainshare serve`` with the Dalian scenario published
as a term (greedy), driven by Playwright through the system Chromium.

Needs ``/usr/bin/chromium`` (``bash .ci/browser.sh`` installs it); Playwright's own
browser download is never used. Leaves screenshots in ``out/web/timetable.png``
(Chinese, the default), ``out/web/timetable-en.png`` and, after a college's extra
request, ``out/web/ask-answered-timetable.png``.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.conftest import ROOT, check

CHROMIUM = Path("/usr/bin/chromium")
DALIAN = ROOT / "scenarios" / "dalian-cnc-consortium.json"
SHOTS = ROOT / "out" / "web"
CLI = [sys.executable, "-c", "from scheduler.cli import main; main()"]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.timeout(300),
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="no /usr/bin/chromium (run: bash .ci/browser.sh)"
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str, str]]:
    """``trainshare serve`` on 127.0.0.1 with a temp SQLite database.

    Yields (url, planner key from ``trainshare api-key create``, database URL).
    """
    pytest.importorskip("solver.pipeline")
    db_url = f"sqlite:///{tmp_path / 'web.db'}"
    key = subprocess.run(
        [*CLI, "api-key", "create", "--role", "planner", "--name", "web", "--db-url", db_url],
        capture_output=True,
        text=True,
        check=True,
        stdin=subprocess.DEVNULL,
    ).stdout.strip()
    port = _free_port()
    log = tmp_path / "serve.log"
    # the eve of the Dalian term, whenever the test runs: extra requests book from its start
    env = {**os.environ, "TRAINSHARE_TODAY": "2026-09-06"}
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [*CLI, "serve", "--host", "127.0.0.1", "--port", str(port), "--db-url", db_url],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            env=env,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, log.read_text()[-3000:]
            try:
                if httpx.get(f"{url}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.2)
        yield url, key, db_url
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def _chromium(pw: Any, tmp_path: Path, width: int) -> Any:
    """The system Chromium, headless, with a fresh profile under ``tmp_path``."""
    return pw.chromium.launch_persistent_context(
        str(tmp_path / "chromium-profile"),
        executable_path=str(CHROMIUM),
        headless=True,
        args=CHROMIUM_ARGS,
        viewport={"width": width, "height": 900},
    )


def _publish(url: str, key: str) -> tuple[int, dict[str, Any], dict[str, Any]]:
    """Dalian as a term through the API; (term id, version as the planner sees it, scenario)."""
    from api.web.demo import publish_scenario

    scenario = json.loads(DALIAN.read_text(encoding="utf-8"))
    headers = {"Authorization": f"Bearer {key}"}
    with httpx.Client(base_url=url, headers=headers, timeout=60) as client:
        term, number, job = publish_scenario(client, scenario, solver="greedy")
        version = client.get(f"/api/v1/terms/{term}/versions/{number}").json()
        assert client.get(f"/api/v1/jobs/{job}").json()["status"] == "done"
    assert number == 1
    return term, version, scenario


def _qualified_cohorts(scenario: dict[str, Any]) -> dict[str, list[str]]:
    """Term request id -> its cohorts' term ids (``<institution>/<id>``, as the API composes)."""
    owner = {c["id"]: c["institution"] for c in scenario["cohorts"]}
    out = {}
    for r in scenario["requests"]:
        cohorts = r.get("cohorts") or [r["cohort"]]
        out[f"{owner[cohorts[0]]}/{r['id']}"] = [f"{owner[c]}/{c}" for c in cohorts]
    return out


def _grid(page: Any) -> set[tuple[str, int, int, int]]:
    rows = page.eval_on_selector_all(
        "#grid td.session",
        "els => els.map(e => [e.dataset.request, +e.dataset.day, +e.dataset.slot,"
        " +e.dataset.duration])",
    )
    return {tuple(r) for r in rows}


def _sessions(schedule: dict[str, Any], week: int, keep: Any) -> set[tuple[str, int, int, int]]:
    return {
        (s["request"], s["day"], s["slot"], s["duration"])
        for s in schedule["sessions"]
        if s["week"] == week and keep(s)
    }


def test_browser_signs_in_picks_a_version_and_reads_the_grid(
    server: tuple[str, str, str], tmp_path: Path
) -> None:
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    url, key, db_url = server
    term, version, scenario = _publish(url, key)
    schedule = version["schedule"]
    # The busiest (resource, week) and (cohort, week) of the schedule are the ones checked.
    by_resource = Counter(
        (p["resource"], s["week"]) for s in schedule["sessions"] for p in s["parts"]
    )
    (resource, r_week), _ = by_resource.most_common(1)[0]
    cohorts_of = _qualified_cohorts(scenario)
    by_cohort = Counter(
        (c, s["week"]) for s in schedule["sessions"] for c in cohorts_of[s["request"]]
    )
    (cohort, c_week), _ = by_cohort.most_common(1)[0]
    SHOTS.mkdir(parents=True, exist_ok=True)

    with sync_playwright() as pw:
        browser = _chromium(pw, tmp_path, width=1400)
        try:
            page = browser.new_page()
            page.goto(f"{url}/")
            assert page.inner_text("h1") == "登录"  # Chinese by default
            page.fill("#key", key)
            with page.expect_navigation():
                page.click("#signin-form button[type=submit]")
            assert "排程管理员" in page.inner_text(".who")

            with page.expect_navigation():
                page.click(f"li[data-term='{term}'] a[data-version='1']")
            assert page.inner_text("#source-title").endswith("第 1 版")

            with page.expect_navigation():
                page.select_option("#entity", resource)
            with page.expect_navigation():
                page.select_option("#week", str(r_week))
            assert page.get_attribute("#grid", "data-entity") == resource
            want = _sessions(
                schedule, r_week, lambda s: any(p["resource"] == resource for p in s["parts"])
            )
            assert _grid(page) == want and want
            first = sorted(want)[0]
            cell = page.inner_text(
                f"#grid td.session[data-request='{first[0]}'][data-day='{first[1]}']"
            )
            title = next(
                r["title"] for r in scenario["requests"] if first[0].endswith("/" + r["id"])
            )
            assert title.split()[0] in cell and "人" in cell
            # the card's stripe takes its request's colour, not the text's (a CSS rule with
            # the stripe's shorthand overrode it: every stripe was dark, a web audit)
            left, top, text = page.evaluate(
                "(sel) => { const b = getComputedStyle(document.querySelector(sel));"
                " return [b.borderLeftColor, b.borderTopColor, b.color]; }",
                f"#grid td.session[data-request='{first[0]}'] .block",
            )
            assert left == top != text, (left, top, text)
            assert "周一" in page.inner_text("#grid thead")
            page.screenshot(path=str(SHOTS / "timetable.png"), full_page=True)

            # from the keyboard, arrow keys move through the weeks without loading a page
            # for each (every press did, and put the focus back at the page's top); Enter
            # loads the week chosen and the focus stays on the picker
            page.focus("#week")
            shown = page.url
            last = r_week == scenario["calendar"]["weeks"]
            page.keyboard.press("ArrowUp" if last else "ArrowDown")
            page.wait_for_timeout(300)
            assert page.url == shown and page.get_attribute("#grid", "data-week") == str(r_week)
            with page.expect_navigation():
                page.keyboard.press("Enter")
            chosen = str(r_week - 1 if last else r_week + 1)
            assert page.get_attribute("#grid", "data-week") == chosen
            assert page.evaluate("document.activeElement.id") == "week"
            with page.expect_navigation():
                page.keyboard.press("Shift+Tab")  # to the item picker
                page.keyboard.press("Shift+Tab")  # to the view picker
                page.keyboard.press("Enter")  # nothing changed: the same week again
            assert page.get_attribute("#grid", "data-week") == chosen
            assert page.evaluate("document.activeElement.id") == "view"

            with page.expect_navigation():
                page.select_option("#view", "cohort")
            with page.expect_navigation():
                page.select_option("#entity", cohort)
            with page.expect_navigation():
                page.select_option("#week", str(c_week))
            want = _sessions(schedule, c_week, lambda s: cohort in cohorts_of[s["request"]])
            assert _grid(page) == want and want
            assert page.inner_text("label[for=view]") == "视图"

            with page.expect_navigation():
                page.click("#lang-toggle")
            assert page.inner_text("label[for=view]") == "View"
            assert "Mon" in page.inner_text("#grid thead")
            assert page.get_attribute("#grid", "data-entity") == cohort  # same page
            assert _grid(page) == want
            page.screenshot(path=str(SHOTS / "timetable-en.png"), full_page=True)

            with page.expect_navigation():
                page.click("#signout")
            assert page.is_visible("#signin-form")
        finally:
            browser.close()
    _check_published(db_url, term)


def test_browser_a_college_asks_for_more_and_finds_it_in_its_timetable(
    server: tuple[str, str, str], tmp_path: Path
) -> None:
    """An institution key signs in, follows its timetable's link to the form, asks for a
    weekly run and sees the answer and then the sessions in its cohort's week."""
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    url, planner, db_url = server
    term, _, scenario = _publish(url, planner)
    college = subprocess.run(
        [
            *CLI,
            "api-key",
            "create",
            "--role",
            "institution",
            "--institution",
            "dlvtc",
            "--name",
            "dlvtc",
            "--db-url",
            db_url,
        ],
        capture_output=True,
        text=True,
        check=True,
        stdin=subprocess.DEVNULL,
    ).stdout.strip()
    cohort = next(c["id"] for c in scenario["cohorts"] if c["institution"] == "dlvtc")
    with sync_playwright() as pw:
        browser = _chromium(pw, tmp_path, width=1200)
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(f"{url}/lang/en?next=/")
            page.fill("#key", college)
            with page.expect_navigation():
                page.click("#signin-form button[type=submit]")
            with page.expect_navigation():
                page.click(f"li[data-term='{term}'] a[data-version='1']")
            with page.expect_navigation():
                page.click("#ask-link")
            assert page.inner_text("h1") == "Ask for more sessions or an internship"
            # a refused form puts the focus on its first refused field, which reads its
            # message (it stayed at the page's top, and the message had to be found)
            page.fill("#duration", "99")
            with page.expect_navigation():
                page.press("#duration", "Enter")
            assert page.evaluate("document.activeElement.id") == "duration"
            assert page.get_attribute("#duration", "aria-describedby") == "err-duration"
            page.select_option("#cohort", cohort)
            page.fill("#title", "Extra practice")
            page.fill("#sessions", "2")
            page.fill("#duration", "2")
            page.select_option("#pattern", "weekly")
            with page.expect_navigation():
                page.click("#ask-form button[type=submit]")
            outcome = page.get_attribute("#answer", "data-outcome")
            assert outcome in ("granted", "partial"), page.inner_text("main")
            rows = page.eval_on_selector_all("#booked tbody tr", "els => els.length")
            with httpx.Client(base_url=url, timeout=60) as client:
                planner_auth = {"Authorization": f"Bearer {planner}"}
                version = client.get(
                    f"/api/v1/terms/{term}/versions/1", headers=planner_auth
                ).json()
            booked = [
                s
                for s in version["schedule"]["sessions"]
                if s["request"].startswith("dlvtc/extra-")
            ]
            assert rows == len(booked) > 0
            with page.expect_navigation():
                page.click("#to-timetable")
            week = min(s["week"] for s in booked)
            assert page.get_attribute("#grid", "data-entity") == cohort
            assert page.eval_on_selector_all(
                "#grid td.session[data-request^='extra-']", "els => els.length"
            ) == sum(1 for s in booked if s["week"] == week)
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / "ask-answered-timetable.png"), full_page=True)
            # nothing broke under the page's Content-Security-Policy (the refused form's
            # 422 is logged as a failed load)
            assert [e for e in errors if "422" not in e] == []
        finally:
            browser.close()
    _check_published(db_url, term)


def _check_published(db_url: str, term: int) -> None:
    """The published schedule passes the independent checker against the term's composed
    scenario (publishing already refuses others; every solver answer in a test is checked)."""
    from api.db import make_engine, make_session_factory
    from api.db.models import ScheduleVersion

    engine = make_engine(db_url)
    try:
        with make_session_factory(engine)() as db:
            row = db.query(ScheduleVersion).filter_by(term_id=term, number=1).one()
            check(row.scenario, row.schedule)
    finally:
        engine.dispose()
