"""Every command's ``--help`` reads as plain words: no docstring markup leaks into it."""

from __future__ import annotations

import re

import pytest
import typer
from typer.core import TyperGroup
from typer.testing import CliRunner

from scheduler.cli import app

#: reStructuredText a docstring may hold that a terminal shows raw.
MARKUP = re.compile(r"``|:(?:func|mod|class|meth|attr|data):`")


def _commands(group: TyperGroup, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path below ``group``, groups included."""
    found: list[tuple[str, ...]] = [path]
    for name, command in sorted(group.commands.items()):
        if isinstance(command, TyperGroup):
            found += _commands(command, (*path, name))
        else:
            found.append((*path, name))
    return found


COMMANDS = _commands(typer.main.get_group(app))  # typer 0.29 brings its own click


def test_every_command_is_listed() -> None:
    assert ("solve",) in COMMANDS and ("itc2007", "cost") in COMMANDS


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "trainshare")
def test_help_has_no_docstring_markup(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    assert MARKUP.findall(result.output) == [], result.output
