"""An institution downloads its own timetable of a published version (ICS, CSV, XLSX):
the rows ``trainshare export ... --institution ID`` writes, as its version view shows
them (``api.exports``)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import icalendar
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from api.web.sources import KEY_COOKIE
from scheduler.cli import app
from tests.api.conftest import (
    Api,
    PublishTiny,
    publish_tiny,
    submit_tiny,
    tiny_base,
    tiny_data,
)


def _published(
    publish_tiny_term: PublishTiny,
) -> tuple[Api, str, dict[str, Any], dict[str, Any]]:
    """The tiny term solved (one worker, seed 0) and published: the app, the version's
    URL, the planner's view of it and its whole scenario (checked by ``publish_tiny``)."""
    api, term, planner = publish_tiny_term(time_limit=20, workers=1, seed=0)
    url = f"/api/v1/terms/{term}/versions/{planner['number']}"
    return api, url, planner, api.get(f"{url}/scenario").json()


def _cli_rows(
    tmp_path: Path, scenario: dict[str, Any], schedule: dict[str, Any], institution: str
) -> list[dict[str, str]]:
    """The CSV rows of ``trainshare export csv ... --institution`` on the whole version."""
    (tmp_path / "sc.json").write_text(json.dumps(scenario))
    (tmp_path / "sched.json").write_text(json.dumps(schedule))
    out = tmp_path / f"{institution}.csv"
    args = ["export", "csv", str(tmp_path / "sc.json"), str(tmp_path / "sched.json")]
    result = CliRunner().invoke(app, [*args, "-o", str(out), "--institution", institution])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))


def _rows(content: bytes) -> list[dict[str, str]]:
    assert content.startswith("\ufeff".encode())  # UTF-8 with BOM, as the CLI writes
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def _unqualified(row: dict[str, str], institution: str) -> dict[str, str]:
    """A CLI row with the institution's own ids unqualified, as its views show them."""
    prefix = institution + "/"
    plain = {
        k: "; ".join(x.removeprefix(prefix) for x in v.split("; "))
        for k, v in row.items()
        if k in ("request", "cohorts")
    }
    return {**row, **plain}


def test_an_institution_downloads_its_own_timetable_as_the_cli_writes_it(
    publish_tiny_term: PublishTiny, tmp_path: Path
) -> None:
    """Only ``trainshare export --institution`` on the whole scenario (planners' and
    viewers') wrote an institution's timetable; an institution key had no way to get
    its own. ent-x's file holds its staff's welding refresher, the col-a interns on its
    post and the welding its mentor teaches col-b: the CLI's rows, own ids unqualified."""
    api, url, planner, scenario = _published(publish_tiny_term)
    r = api.get(f"{url}/institutions/ent-x/export/csv", "ent-x")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    cli = _cli_rows(tmp_path, scenario, planner["schedule"], "ent-x")
    assert _rows(r.content) == [_unqualified(row, "ent-x") for row in cli]
    kinds = {(row["kind"], row["request"]) for row in _rows(r.content)}
    assert kinds == {
        ("session", "r-x-weld"),
        ("session", "col-b/r-b-weld"),
        ("internship", "col-a/r-a-intern"),
    }
    # the planner (and a viewer) downloads the same file for it
    assert api.get(f"{url}/institutions/ent-x/export/csv").content == r.content
    assert api.get(f"{url}/institutions/ent-x/export/csv", "viewer").content == r.content

    xlsx = api.get(f"{url}/institutions/ent-x/export/xlsx", "ent-x")
    assert xlsx.status_code == 200 and xlsx.headers["content-type"].startswith(
        "application/vnd.openxmlformats"
    )
    book = load_workbook(io.BytesIO(xlsx.content))
    sheets = {ws.title: list(ws.iter_rows(min_row=2, values_only=True)) for ws in book}
    assert [s[0] for s in sheets["sessions"]] == [
        row["request"] for row in _rows(r.content) if row["kind"] == "session"
    ]
    assert [s[0] for s in sheets["internships"]] == ["col-a/r-a-intern"]

    ics = api.get(f"{url}/institutions/ent-x/export/ics", "ent-x")
    assert ics.status_code == 200 and ics.headers["content-type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")
    sessions = {(row["request"], row["session"]) for row in cli if row["kind"] == "session"}
    assert len(events) == len(sessions) + 1  # one per session, one per placement


def test_an_institution_export_hides_other_institutions_items(
    publish_tiny_term: PublishTiny, tmp_path: Path
) -> None:
    """col-b's CNC taster is held in col-a's CNC lab: the CLI's col-a rows name it, but
    col-a's version view only counts others' use of its lab (``GET .../occupancy``), so
    its file leaves it out, in every format; each other route refuses another's file."""
    api, url, planner, scenario = _published(publish_tiny_term)
    cli = _cli_rows(tmp_path, scenario, planner["schedule"], "col-a")
    assert any(row["request"].startswith("col-b/") for row in cli)  # the lab's other use
    r = api.get(f"{url}/institutions/col-a/export/csv", "col-a")
    assert r.status_code == 200, r.text
    assert _rows(r.content) == [
        _unqualified(row, "col-a") for row in cli if not row["request"].startswith("col-b/")
    ]
    for fmt in ("csv", "ics", "xlsx"):
        got = api.get(f"{url}/institutions/col-a/export/{fmt}", "col-a")
        assert got.status_code == 200, (fmt, got.text)
        text = got.content.decode("utf-8-sig") if fmt != "xlsx" else _xlsx_text(got.content)
        assert "col-b" not in text and "CNC taster" not in text and "b-weld-1" not in text, fmt
    # another institution's file is not found, as its submissions are not
    for where, status in (
        (f"{url}/institutions/col-b/export/csv", 404),
        (f"{url}/institutions/nobody/export/csv", 404),
        (f"{url.rsplit('/', 1)[0]}/9/institutions/col-a/export/csv", 404),
        (f"{url}/institutions/col-a/export/pdf", 422),
    ):
        got = api.get(where, "col-a")
        assert got.status_code == status, (where, got.text)
        assert got.json()["detail"], where


def test_a_host_file_tells_of_a_session_it_teaches_what_its_view_does(solving_api: Api) -> None:
    """col-b's welding is weekly; its own t-wu teaches in week 1 only and ent-x's mentor in
    week 2 only, so ent-x teaches one of the two sessions. Its view lists that session
    (``hosted_sessions``: request, title, cohorts, index, time, its parts), not how many
    the request holds, yet the calendar said "session 2 of 2" of col-b's request."""
    api = solving_api
    base = tiny_base()
    for i in base["instructors"]:
        if i["id"] == "m-zhao":
            i["available"] = [{"weeks": [2, 2]}]
    wu = {"id": "t-wu", "institution": "col-b", "skills": ["welding"], "site": "campus-b"}
    base["instructors"].append({**wu, "available": [{"weeks": [1, 1]}]})
    r = api.post("/api/v1/terms", json=base)
    assert r.status_code == 201, r.text
    term = r.json()["id"]
    submit_tiny(api, term, but=("r-b-weld",))
    (weld,) = [q for q in tiny_data()["requests"] if q["id"] == "r-b-weld"]
    url = f"/api/v1/terms/{term}/institutions/col-b/requests"
    assert api.post(url, "col-b", json={**weld, "pattern": "weekly"}).status_code == 201
    planner = publish_tiny(api, term, time_limit=20, workers=1, seed=0)
    url = f"/api/v1/terms/{term}/versions/{planner['number']}"
    welding = [s for s in planner["schedule"]["sessions"] if s["request"] == "col-b/r-b-weld"]
    teachers = [p["instructor"] for s in welding for p in s["parts"]]
    assert teachers == ["t-wu", "m-zhao"], welding
    (taught,) = api.get(url, "ent-x").json()["hosted_sessions"]
    assert (taught["request"], taught["index"]) == ("col-b/r-b-weld", 2)

    ics = api.get(f"{url}/institutions/ent-x/export/ics", "ent-x")
    assert ics.status_code == 200, ics.text
    events = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")
    (event,) = [e for e in events if "r-b-weld" in str(e["UID"])]
    assert str(event["DESCRIPTION"]) == (
        "request col-b/r-b-weld, session 2\nWelding workshop: 18 people, instructor m-zhao"
    )
    # its own requests keep their size; so do col-b's in col-b's own file
    own = [str(e["DESCRIPTION"]) for e in events if "r-x-weld" in str(e["UID"])]
    assert own and all("of 2" in d for d in own)
    col_b = api.get(f"{url}/institutions/col-b/export/ics", "col-b").content.decode()
    assert "session 2 of 2" in col_b.replace("\r\n ", "")
    # the rows of its csv are what its view says of the session
    rows = [
        row
        for row in _rows(api.get(f"{url}/institutions/ent-x/export/csv", "ent-x").content)
        if row["request"] == "col-b/r-b-weld"
    ]
    part = taught["parts"][0]
    assert [(r["session"], r["resource"], r["headcount"], r["instructor"]) for r in rows] == [
        ("2", part["resource"], str(part["headcount"]), "m-zhao")
    ]


def _xlsx_text(content: bytes) -> str:
    book = load_workbook(io.BytesIO(content))
    return " ".join(
        str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row if v
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_institution_page_links_its_downloads(
    publish_tiny_term: PublishTiny, lang: str
) -> None:
    """The web page of a version offers an institution its own files, and the planner
    the files of the institution it looks at; the links answer the API's bytes."""
    api, url, _, _ = _published(publish_tiny_term)
    term, number = url.split("/")[4], url.split("/")[6]
    page_url = f"/terms/{term}/versions/{number}"
    client = api.client
    client.cookies.set(KEY_COOKIE, api.keys["ent-x"])
    client.cookies.set("lang", lang)
    page = client.get(page_url).text
    word = {"zh": "下载本单位课表", "en": "Download your timetable"}[lang]
    assert word in page
    link = f"{page_url}/export/csv?institution=ent-x"
    assert f'href="{link}"' in page
    got = client.get(link)
    assert got.status_code == 200
    assert got.content == api.get(f"{url}/institutions/ent-x/export/csv", "ent-x").content
    # another institution's file: the friendly 404 page, not its rows
    refused = client.get(f"{page_url}/export/csv?institution=col-a")
    assert refused.status_code == 404 and "r-a-cnc" not in refused.text
    client.cookies.set(KEY_COOKIE, api.keys["planner"])
    page = client.get(f"{page_url}?view=institution&institution=col-b").text
    assert f'href="{page_url}/export/ics?institution=col-b"' in page
    assert client.get(f"{page_url}/export/ics?institution=col-b").status_code == 200
    client.cookies.clear()
