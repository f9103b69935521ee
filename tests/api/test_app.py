"""App-wide behaviour: auth, error shape, limits, OpenAPI, keys, the catch-all handler."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient
from pytest import LogCaptureFixture
from sqlalchemy import select

from api.db import make_engine, make_session_factory
from api.db.models import ApiKey, AuditEntry
from tests.api.conftest import TINY_PATH, Api


def test_health_needs_no_key(api: Api) -> None:
    r = api.client.get("/api/v1/health")
    assert r.status_code == 200
    assert r.json()["status"] == "ok"


def test_missing_and_bad_keys_are_401_with_json(api: Api) -> None:
    r = api.client.get("/api/v1/scenarios")
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"
    assert r.json() == {"detail": "missing bearer API key", "errors": []}
    for token in ("nonsense", "ts_abc_def", api.keys["planner"] + "x"):
        r = api.client.get("/api/v1/scenarios", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 401, token


def test_keys_are_stored_hashed_with_a_salt(api: Api) -> None:
    engine = make_engine(api.settings.db_url)
    with make_session_factory(engine)() as s:
        rows = s.scalars(select(ApiKey)).all()
    engine.dispose()
    assert len(rows) == 5
    secrets = [k.split("_", 2)[2] for k in api.keys.values()]
    for row in rows:
        assert all(secret not in (row.hash, row.salt) for secret in secrets)
        assert all(hashlib.sha256(s.encode()).hexdigest() != row.hash for s in secrets)
    assert len({r.salt for r in rows}) == len(rows)


def test_revoked_key_is_refused(api: Api) -> None:
    engine = make_engine(api.settings.db_url)
    key_id = api.keys["viewer"].split("_")[1]
    with make_session_factory(engine)() as s:
        row = s.scalar(select(ApiKey).where(ApiKey.key_id == key_id))
        assert row is not None
        from api.db.models import utcnow

        row.revoked_at = utcnow()
        s.commit()
    engine.dispose()
    assert api.get("/api/v1/scenarios", "viewer").status_code == 401


def test_unknown_route_and_object_are_json_404(api: Api) -> None:
    r = api.get("/api/v1/scenarios/999")
    assert r.status_code == 404
    assert r.json() == {"detail": "scenario not found", "errors": []}
    assert api.client.get("/api/v1/nowhere").json()["detail"] == "Not Found"


def test_bad_path_and_query_parameters_are_422_with_loc(api: Api) -> None:
    r = api.get("/api/v1/scenarios/abc")
    assert r.status_code == 422
    body = r.json()
    assert body["errors"][0]["loc"] == ["path", "scenario_id"]
    r = api.get("/api/v1/scenarios", params={"limit": 0})
    assert r.status_code == 422
    assert r.json()["errors"][0]["loc"] == ["query", "limit"]
    # in the words of every other error, one problem said so (a bad-input audit read
    # "Input should be greater than or equal to 1" and "1 problem(s)")
    assert r.json()["detail"] == "invalid request: 1 problem"
    assert r.json()["errors"][0]["msg"] == 'must be at least 1 (got "0")'
    r = api.get("/api/v1/scenarios/abc")
    assert r.json()["errors"][0]["msg"] == 'must be an integer (got "abc")'


def test_body_over_the_limit_is_413(make_api: Callable[..., Api], sqlite_url: str) -> None:
    api = make_api(sqlite_url, max_body_bytes=2048)
    big = json.dumps({"name": "x" * 5000})
    r = api.post("/api/v1/scenarios", content=big)
    assert r.status_code == 413
    assert "2048" in r.json()["detail"]

    # A chunked body without Content-Length is counted while it is read.
    def chunks() -> Iterator[bytes]:
        for _ in range(10):
            yield b" " * 1000

    r = api.post("/api/v1/scenarios", content=chunks())
    assert r.status_code == 413


def test_scenario_with_too_many_entities_is_413(
    make_api: Callable[..., Api], sqlite_url: str
) -> None:
    api = make_api(sqlite_url, max_scenario_entities=10)
    r = api.post("/api/v1/scenarios", content=TINY_PATH.read_bytes())
    assert r.status_code == 413
    assert "at most 10" in r.json()["detail"]


def test_a_term_grows_only_to_the_entities_a_scenario_may_list(
    make_api: Callable[..., Api], sqlite_url: str
) -> None:
    """Submissions count like an upload (a security audit grew a term past the cap),
    and one item's lists are bounded (half a million needs took seconds to check)."""
    from tests.api.conftest import open_tiny_term, tiny_base

    base = sum(len(tiny_base()[k]) for k in ("sites", "travel", "institutions", "resources"))
    base += len(tiny_base()["instructors"])
    api = make_api(sqlite_url, max_scenario_entities=base + 2)
    term = f"/api/v1/terms/{open_tiny_term(api)}/institutions/col-a"
    for k in (1, 2):
        assert (
            api.post(f"{term}/cohorts", "col-a", json={"id": f"c{k}", "size": 5}).status_code == 201
        )
    r = api.post(f"{term}/cohorts", "col-a", json={"id": "c3", "size": 5})
    assert r.status_code == 413 and f"at most {base + 2}" in r.json()["detail"]
    needs = [f"f{k}" for k in range(10_001)]
    r = api.post(
        f"{term}/requests", "col-a", json={"id": "r", "cohort": "c1", "sessions": 1, "needs": needs}
    )
    assert r.status_code == 422
    assert (
        r.json()["errors"][0]["path"] == "needs" and "at most 10000" in r.json()["errors"][0]["msg"]
    )


def test_unexpected_errors_are_a_generic_500_without_traceback(
    api: Api, caplog: LogCaptureFixture
) -> None:
    boom = APIRouter()

    @boom.get("/api/v1/boom")
    def _boom() -> None:
        raise RuntimeError("secret internals at /srv/app.py line 3")

    api.app.include_router(boom)
    client = TestClient(api.app, raise_server_exceptions=False)
    r = client.get("/api/v1/boom")
    assert r.status_code == 500
    assert r.json() == {"detail": "internal server error; the incident was logged", "errors": []}
    assert "secret" not in r.text and "Traceback" not in r.text
    assert any("unhandled error" in rec.message for rec in caplog.records)


def test_a_change_the_database_refuses_as_a_duplicate_is_409_not_500(api: Api) -> None:
    from sqlalchemy.exc import IntegrityError

    clash = APIRouter()

    @clash.post("/api/v1/clash")
    def _clash() -> None:
        raise IntegrityError("INSERT ...", {}, Exception("UNIQUE constraint failed"))

    api.app.include_router(clash)
    client = TestClient(api.app, raise_server_exceptions=False)
    r = client.post("/api/v1/clash")
    assert r.status_code == 409, r.text
    assert r.json()["detail"].startswith("another request changed the same item")
    assert "UNIQUE" not in r.text


def test_openapi_documents_every_body_with_an_example(api: Api) -> None:
    doc = api.client.get("/openapi.json").json()
    bodies = 0
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            body = op.get("requestBody")
            if body is None:
                continue
            bodies += 1
            media = body["content"]["application/json"]
            assert media.get("examples") or media.get("example"), f"{method} {path}"
    assert bodies >= 8
    scenario_example = doc["paths"]["/api/v1/scenarios"]["post"]["requestBody"]["content"][
        "application/json"
    ]["examples"]["tiny"]["value"]
    assert scenario_example == json.loads(TINY_PATH.read_text())
    assert "Scenario" in doc["components"]["schemas"]
    assert api.client.get("/docs").status_code == 200


def test_bundled_example_is_the_tiny_scenario() -> None:
    from api.openapi import tiny_scenario

    assert tiny_scenario() == json.loads(TINY_PATH.read_text())


def test_tokens_file_keys(make_api: Callable[..., Api], sqlite_url: str, tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    path.write_text(
        json.dumps(
            [
                {"name": "ops", "role": "viewer", "key": "plain-viewer-key"},
                {
                    "name": "a",
                    "role": "institution",
                    "institution": "col-a",
                    "sha256": hashlib.sha256(b"hashed-key").hexdigest(),
                },
            ]
        )
    )
    api = make_api(sqlite_url, tokens_file=path)
    ok = api.client.get("/api/v1/scenarios", headers={"Authorization": "Bearer plain-viewer-key"})
    assert ok.status_code == 200
    r = api.client.get("/api/v1/scenarios", headers={"Authorization": "Bearer hashed-key"})
    assert r.status_code == 403  # an institution key: known, but not allowed here


@pytest.mark.parametrize(
    ("entries", "phrase"),
    [
        ('[{"name": "x", "key": "k"}]', "[0].role: missing required key 'role'"),
        ('[{"role": "boss", "key": "k"}]', "[0].role: must be 'planner', 'institution' or"),
        ('[{"role": "viewer"}]', "[0]: give exactly one of 'key' and 'sha256'"),
        ('[{"role": "viewer", "key": "k", "sha256": "00"}]', "[0].sha256: must be the key's"),
        ('[{"role": "institution", "key": "k"}]', "[0]: an institution key needs"),
        ('[{"role": "viewer", "key": "k", "nmae": "x"}]', "[0].nmae: unknown key 'nmae'"),
        ('[{"role": "viewer", "key": "k", "name": "' + "n" * 196 + '"}]', "[0].name: at most"),
        ('[{"role": "viewer", "key": "k"}, {"role": "planner", "key": "k"}]', "same key as"),
        # JSON keeps the last of a repeated key: this entry loaded as a planner's key
        (
            '[{"role": "viewer", "key": "k", "role": "planner"}]',
            "tokens.json[0].role: key 'role' is given more than once",
        ),
        # the wrong document at the root, or as an entry: pydantic's "Input should be a
        # valid array"; what the file must hold, and what it holds
        (
            '{"role": "viewer"}',
            'tokens.json: must be a list of key entries, [{"role": ..., "key": ...}, ...]'
            ' (got {"role": "viewer"})',
        ),
        ('"keys"', 'tokens.json: must be a list of key entries, [{"role"'),
        ('"keys"', '(got "keys")'),
        ('[{"role": "viewer", "key": "k"}, 7]', "tokens.json[1]: must be a key entry, {"),
        ('[["viewer"]]', '(got ["viewer"])'),
        # broken JSON said as every document's is (pydantic: "Invalid JSON: expected ...")
        ("[1,", "tokens.json: malformed JSON at line 1, column 4"),
        # half a surrogate pair is valid JSON (pydantic refused it as broken), but no
        # key, name or institution can hold it: it cannot be hashed, logged or stored
        ('[{"role": "viewer", "key": "k\\ud800"}]', "tokens.json[0].key: contains U+D800, half"),
        ('[{"role": "viewer", "key": "k", "name": "\\udfff"}]', "[0].name: contains U+DFFF"),
    ],
)
def test_a_bad_tokens_file_stops_the_start_in_words(
    tmp_path: Path, entries: str, phrase: str
) -> None:
    # a missing 'role' was a KeyError traceback at start
    from typer.testing import CliRunner

    from api.security import load_tokens_file
    from scheduler.cli import app

    path = tmp_path / "tokens.json"
    path.write_text(entries)
    with pytest.raises(ValueError, match=re.escape(phrase)):
        load_tokens_file(path)
    env = {"TRAINSHARE_TOKENS_FILE": str(path)}
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    result = CliRunner().invoke(app, ["serve", "--db-url", url], env=env)
    assert result.exit_code == 2 and phrase in result.output, result.output
    assert "Traceback" not in result.output


def test_a_key_file_with_many_problems_says_how_many_are_not_listed(tmp_path: Path) -> None:
    """Only the first 20 problems are listed; the rest were dropped without a word."""
    from api.security import load_tokens_file

    path = tmp_path / "tokens.json"
    path.write_text("[" + ", ".join('{"role": "viewer"}' for _ in range(25)) + "]")
    with pytest.raises(ValueError) as raised:
        load_tokens_file(path)
    said = str(raised.value)
    assert said.count("give exactly one of 'key' and 'sha256'") == 20
    assert said.endswith("; and 5 more problems"), said


#: Pydantic's own words, which no problem of the key file is said in.
_PYDANTIC_WORDS = (
    "Field required",
    "Extra inputs",
    "Input should be",
    "String should",
    "Value error",
)


@pytest.mark.parametrize(
    ("entries", "said"),
    [
        # missing field
        ('[{"name": "x", "key": "k"}]', "[0].role: missing required key 'role'"),
        # extra field, in the second entry
        (
            '[{"role": "viewer", "key": "k"}, {"role": "viewer", "key": "j", "nmae": "x"}]',
            "[1].nmae: unknown key 'nmae'",
        ),
        # wrong types
        ('[{"role": "viewer", "key": 5}]', "[0].key: must be a string (got 5)"),
        (
            '[{"role": "institution", "key": "k", "institution": ["col-a"]}]',
            '[0].institution: must be a string (got ["col-a"])',
        ),
        ('[{"role": "viewer", "key": "k", "name": true}]', "[0].name: must be a string (got true)"),
        (
            '[{"role": null, "key": "k"}]',
            "[0].role: must be 'planner', 'institution' or 'viewer' (got null)",
        ),
        # wrong values
        (
            '[{"role": "boss", "key": "k"}]',
            "[0].role: must be 'planner', 'institution' or 'viewer' (got \"boss\")",
        ),
        (
            '[{"role": "viewer", "sha256": "00"}]',
            '[0].sha256: must be the key\'s SHA-256, 64 hexadecimal digits (got "00")',
        ),
        ('[{"role": "viewer", "key": ""}]', "[0].key: must not be empty"),
        (
            '[{"role": "viewer", "key": "k", "name": "' + "n" * 196 + '"}]',
            "[0].name: at most 195 characters (got 196)",
        ),
    ],
)
def test_each_problem_of_the_key_file_names_its_place_in_plain_words(
    tmp_path: Path, entries: str, said: str
) -> None:
    """The key file's problems were said in pydantic's words ("Field required", "Extra
    inputs are not permitted", "Input should be a valid string"); each now names the file
    and the place in it, and the problem as a scenario's are said."""
    from typer.testing import CliRunner

    from api.security import load_tokens_file
    from scheduler.cli import app

    path = tmp_path / "tokens.json"
    path.write_text(entries)
    with pytest.raises(ValueError) as refused:
        load_tokens_file(path)
    assert str(refused.value) == f"{path}{said}"
    env = {"TRAINSHARE_TOKENS_FILE": str(path)}
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    result = CliRunner().invoke(app, ["serve", "--db-url", url], env=env)
    assert result.exit_code == 2, result.output
    assert f"error: TRAINSHARE_TOKENS_FILE: {path}{said}" in result.output.splitlines()
    assert "Traceback" not in result.output
    assert not any(words in result.output for words in _PYDANTIC_WORDS), result.output


def test_every_problem_of_the_key_file_is_said_at_once(tmp_path: Path) -> None:
    """Problems of several entries, each by its place, in the file's order."""
    from api.security import load_tokens_file

    path = tmp_path / "tokens.json"
    path.write_text('[{"key": "k", "extra": 1}, {"role": "viewer", "key": 7}]')
    with pytest.raises(ValueError) as refused:
        load_tokens_file(path)
    assert str(refused.value) == (
        f"{path}[0].role: missing required key 'role'; {path}[0].extra: unknown key 'extra'; "
        f"{path}[1].key: must be a string (got 7)"
    )


def test_writes_are_audited(api: Api) -> None:
    api.post("/api/v1/scenarios", content=TINY_PATH.read_bytes())
    r = api.get("/api/v1/audit")
    assert r.status_code == 200
    [entry] = r.json()
    assert entry["action"] == "scenario.create"
    assert entry["actor"] == "key:" + api.keys["planner"].split("_")[1]
    assert entry["role"] == "planner"
    assert api.get("/api/v1/audit", "viewer").status_code == 403
    engine = make_engine(api.settings.db_url)
    with make_session_factory(engine)() as s:
        assert s.scalar(select(AuditEntry.at)) is not None
    engine.dispose()


def test_ids_beyond_32_bits_are_422_not_500(api: Api) -> None:
    for url in (
        "/api/v1/scenarios/99999999999",
        "/api/v1/jobs/99999999999",
        "/api/v1/terms/99999999999",
    ):
        assert api.get(url).status_code == 422, url
    assert api.get("/api/v1/scenarios", params={"offset": 2**40}).status_code == 422


def test_timestamps_are_utc_with_an_offset_after_write_and_read(api: Api) -> None:
    from tests.api.conftest import tiny_base

    written = api.post("/api/v1/terms", json=tiny_base()).json()
    read = api.get(f"/api/v1/terms/{written['id']}").json()
    assert written["created_at"] == read["created_at"]
    cohort = {"id": "a1", "kind": "students", "size": 10}
    url = f"/api/v1/terms/{written['id']}/institutions/col-a/cohorts"
    api.post(url, "col-a", json=cohort)
    updated = api.put(f"{url}/a1", "col-a", json={**cohort, "size": 11}).json()
    listed = api.get("/api/v1/terms").json()
    for stamp in (
        read["created_at"],
        updated["created_at"],
        updated["updated_at"],
        *(t["created_at"] for t in listed),
    ):
        assert stamp.endswith("Z"), stamp


def test_an_uploads_repeated_warnings_are_counted_as_the_command_line_counts_them(
    api: Api,
) -> None:
    """2,000 copies of one closed day answered 1,999 warnings; the first few are shown and
    the rest counted at the list's path, as ``trainshare validate`` prints them."""
    d = json.loads(TINY_PATH.read_text())
    d["calendar"]["closed"] = [{"week": 1, "day": 1}] * 2_000
    r = api.post("/api/v1/scenarios", json=d)
    assert r.status_code == 201, r.text
    said = [(w["path"], w["msg"]) for w in r.json()["warnings"]]
    assert len(said) == 6, said
    assert said[-1][0] == "calendar.closed"
    assert said[-1][1].startswith("and 1,994 more of the same kind, from calendar.closed[6] to ")


def test_closed_days_are_bounded_like_every_other_list(api: Api) -> None:
    """400,000 copies of one closed day fit in a 9 MB body and were checked one by one;
    ``calendar.closed`` is refused past the same cap as an item's lists, in both languages."""
    from api.limits import MAX_ITEM_LIST

    d = json.loads(TINY_PATH.read_text())
    d["calendar"]["closed"] = [{"week": 1, "day": 1}] * (MAX_ITEM_LIST + 1)
    r = api.post("/api/v1/scenarios", json=d)
    assert r.status_code == 422, r.text
    [error] = r.json()["errors"]
    assert error["path"] == "calendar.closed"
    assert error["msg"] == f"at most {MAX_ITEM_LIST} entries (got {MAX_ITEM_LIST + 1:,})"
    assert error["messages"]["zh"]
    d["calendar"]["closed"] = d["calendar"]["closed"][:MAX_ITEM_LIST]
    assert api.post("/api/v1/scenarios", json=d).status_code == 201
