"""``trainshare api-key create``: prints a working key once, refuses inconsistent roles."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.db import make_engine, make_session_factory
from api.security import authenticate
from scheduler.cli import app


def test_api_key_create_prints_a_key_that_authenticates(sqlite_url: str) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "api-key",
            "create",
            "--role",
            "institution",
            "--institution",
            "col-a",
            "--db-url",
            sqlite_url,
        ],
    )
    assert result.exit_code == 0, result.output
    key = result.output.strip()
    engine = make_engine(sqlite_url)
    with make_session_factory(engine)() as s:
        who = authenticate(s, key, "", [])
    engine.dispose()
    assert who is not None and who.institution == "col-a" and who.role.value == "institution"


def test_api_key_create_refuses_inconsistent_options(sqlite_url: str) -> None:
    runner = CliRunner()
    for args in (["--role", "institution"], ["--role", "planner", "--institution", "col-a"]):
        result = runner.invoke(app, ["api-key", "create", *args, "--db-url", sqlite_url])
        assert result.exit_code == 2, args
    # longer than the column: PostgreSQL refused it with a traceback (a persistence audit)
    for args in (
        ["--role", "viewer", "--name", "n" * 201],
        ["--role", "institution", "--institution", "i" * 201],
    ):
        result = runner.invoke(app, ["api-key", "create", *args, "--db-url", sqlite_url])
        assert result.exit_code == 2 and "201 characters (at most 200)" in result.output, args


def test_api_key_list_and_revoke(sqlite_url: str) -> None:
    runner = CliRunner()
    key = runner.invoke(
        app, ["api-key", "create", "--role", "viewer", "--name", "ops", "--db-url", sqlite_url]
    ).output.strip()
    _, key_id, secret = key.split("_", 2)  # the secret is URL-safe base64: it may hold "_"
    listed = runner.invoke(app, ["api-key", "list", "--db-url", sqlite_url]).output
    assert key_id in listed and "viewer" in listed and secret not in listed
    result = runner.invoke(app, ["api-key", "revoke", key_id, "--db-url", sqlite_url])
    assert result.exit_code == 0
    engine = make_engine(sqlite_url)
    with make_session_factory(engine)() as s:
        assert authenticate(s, key, "", []) is None
    engine.dispose()
    assert "revoked" in runner.invoke(app, ["api-key", "list", "--db-url", sqlite_url]).output
    unknown = runner.invoke(app, ["api-key", "revoke", "nope", "--db-url", sqlite_url])
    assert unknown.exit_code == 2 and "no key 'nope'" in unknown.output


def test_a_key_for_an_institution_no_term_lists_warns(sqlite_url: str) -> None:
    from api.db import session_scope, upgrade
    from api.db.models import Term

    engine = make_engine(sqlite_url)
    upgrade(engine)
    with session_scope(make_session_factory(engine)) as s:
        base = {"institutions": [{"id": "col-a"}, {"id": "ent-b"}]}
        s.add(Term(name="autumn", base=base, created_by="test"))
    engine.dispose()
    runner = CliRunner()

    def create(institution: str) -> tuple[int, str, str]:
        args = ["--role", "institution", "--institution", institution, "--db-url", sqlite_url]
        result = runner.invoke(app, ["api-key", "create", *args])
        return result.exit_code, result.stdout, result.stderr

    code, out, err = create("col-x")
    assert code == 0 and out.strip().startswith("ts_")  # still made: it may join later
    assert "no term lists institution 'col-x'" in err and "col-a, ent-b" in err
    code, out, err = create("col-a")
    assert code == 0 and out.strip().startswith("ts_") and err == ""


def test_a_database_url_that_opens_nothing_is_a_clear_error(tmp_path: Path) -> None:
    runner = CliRunner()
    missing_dir = f"sqlite:///{tmp_path}/no/such/dir/x.db"
    for args in (
        ["api-key", "list", "--db-url", missing_dir],
        ["api-key", "create", "--role", "planner", "--db-url", "garbage://x"],
        ["api-key", "revoke", "ts_x", "--db-url", missing_dir],
        ["serve", "--db-url", "garbage://x"],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert "cannot open the database" in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_serve_refuses_a_port_or_log_level_it_cannot_use() -> None:
    runner = CliRunner()
    for args in (["--port", "99999"], ["--port", "-1"], ["--log-level", "loud"]):
        result = runner.invoke(app, ["serve", *args])
        assert result.exit_code == 2, (args, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit)


#: The commands that read the database URL (``--db-url`` or ``TRAINSHARE_DB_URL``).
_DB_COMMANDS = [["serve"], ["api-key", "list"], ["api-key", "revoke", "ts_x"]]


@pytest.mark.parametrize(
    ("variable", "option", "named", "not_named"),
    [
        # given as --db-url: named so, even with the variable set
        ("sqlite:///elsewhere.db", ["--db-url", "nonsense"], "--db-url", "TRAINSHARE_DB_URL"),
        # read from the variable: named so, not --db-url (the user gave no option)
        ("nonsense", [], "TRAINSHARE_DB_URL", "--db-url"),
    ],
)
@pytest.mark.parametrize("command", _DB_COMMANDS)
def test_a_malformed_database_url_is_named_by_where_it_came_from(
    command: list[str],
    variable: str,
    option: list[str],
    named: str,
    not_named: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TRAINSHARE_DB_URL", variable)
    result = CliRunner().invoke(app, [*command, *option])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert (
        f"error: {named}: not a database URL: give sqlite:///file.db or "
        'postgresql+psycopg://user@host/db (got "nonsense")'
    ) in result.output.splitlines(), result.output
    assert not_named not in result.output


@pytest.mark.parametrize("command", _DB_COMMANDS)
def test_an_empty_database_url_option_is_refused_not_ignored(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--db-url ""`` (an unset shell variable, say) fell back to TRAINSHARE_DB_URL or the
    default database without a word: the command ran on another database than meant."""
    import uvicorn

    served: list[object] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **_: served.append(app))
    monkeypatch.setenv("TRAINSHARE_DB_URL", f"sqlite:///{tmp_path / 'other.db'}")
    result = CliRunner().invoke(app, [*command, "--db-url", ""])
    assert served == []
    assert result.exit_code == 2, result.output
    assert "error: --db-url: must not be empty" in result.output, result.output
    assert not (tmp_path / "other.db").exists()


@pytest.mark.parametrize("command", _DB_COMMANDS)
def test_a_database_that_does_not_open_is_named_by_where_its_url_came_from(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A well-formed URL that opens nothing: ``--db-url`` when given so, the variable
    when read from it (it said ``--db-url`` of both)."""
    missing = f"sqlite:///{tmp_path}/no/such/dir/x.db"
    monkeypatch.setenv("TRAINSHARE_DB_URL", missing)
    from_env = CliRunner().invoke(app, command)
    assert from_env.exit_code == 2, from_env.output
    assert f"error: TRAINSHARE_DB_URL {missing}: cannot open the database" in from_env.output
    assert "--db-url" not in from_env.output
    monkeypatch.setenv("TRAINSHARE_DB_URL", "sqlite:///elsewhere.db")
    given = CliRunner().invoke(app, [*command, "--db-url", missing])
    assert given.exit_code == 2, given.output
    assert f"error: --db-url {missing}: cannot open the database" in given.output
    assert "TRAINSHARE_DB_URL" not in given.output


def test_serve_keeps_alembic_s_plugin_chatter_out_of_its_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Every start printed seven "alembic.runtime.plugins: setup plugin ..." INFO lines
    before the server's own; they are kept at WARNING (the migration's own lines stay)."""
    import logging

    import uvicorn

    served: list[object] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **_: served.append(app))
    plugins = logging.getLogger("alembic.runtime.plugins")
    monkeypatch.setattr(plugins, "level", logging.NOTSET)
    caplog.set_level(logging.INFO)
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    result = CliRunner().invoke(app, ["serve", "--db-url", url])
    assert result.exit_code == 0 and served, result.output
    assert not [r for r in caplog.records if r.name.startswith("alembic.runtime.plugins")]
    assert plugins.getEffectiveLevel() == logging.WARNING
