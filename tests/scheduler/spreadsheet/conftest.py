"""Fixtures shared by the spreadsheet tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.spreadsheet import write_template


@pytest.fixture
def template(tmp_path: Path) -> Path:
    """A fresh template workbook, for a test to fill in as a clerk would."""
    path = tmp_path / "t.xlsx"
    write_template(path)
    return path
