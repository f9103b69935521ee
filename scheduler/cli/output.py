"""Writing output files: an unwritable path ends a command like bad input, not a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

EXIT_INVALID = 2  # as ``trainshare solve``: the options name a place we cannot write


@contextmanager
def writing(path: Path) -> Iterator[None]:
    """Wrap the writes to ``path``; any OSError (missing or file-in-the-way directory, no
    permission, disk full) prints ``error: PATH: cannot write: ...`` and exits 2."""
    try:
        yield
    except OSError as e:
        typer.echo(f"error: {path}: cannot write: {e}", err=True)
        raise typer.Exit(EXIT_INVALID) from None
