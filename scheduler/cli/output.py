"""Writing output files: an unwritable path ends a command like bad input, not a traceback."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

EXIT_INVALID = 2  # as ``trainshare solve``: the options name a place we cannot write


@contextmanager
def writing(path: Path) -> Iterator[None]:
    """Make ``path``'s folder when missing (as ``solve``, ``report`` and ``export`` do)
    and wrap the writes to ``path``; any OSError (a file in the way of a folder, no
    permission, disk full) prints ``error: PATH: cannot write: ...`` and exits 2."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        yield
    except OSError as e:
        typer.echo(f"error: {path}: cannot write: {os_problem(e)}", err=True)
        raise typer.Exit(EXIT_INVALID) from None


def os_problem(e: OSError) -> str:
    """What went wrong, in words (``[Errno 17] File exists: 'out'`` says little)."""
    where = f"'{e.filename}'" if e.filename else "the path"
    if e.errno in (errno.EEXIST, errno.ENOTDIR):
        return f"{where} is a file where a folder is needed"
    if e.errno == errno.EISDIR:
        return f"{where} is a folder, not a file"
    if e.errno in (errno.EACCES, errno.EPERM):
        return f"no permission to write {where}"
    if e.errno == errno.EROFS:
        return f"{where} is on a read-only file system"
    if e.errno == errno.ENOSPC:
        return "no space left on the device"
    return e.strerror or str(e)


def probe_writable(path: Path) -> None:
    """Make ``path``'s folder and try opening ``path`` for writing, before a long job
    whose result would be lost; leaves an existing file as it was and no new one.
    Raises the :class:`OSError` that writing would raise."""
    path.parent.mkdir(parents=True, exist_ok=True)
    existed = path.exists()
    with path.open("a", encoding="utf-8"):
        pass
    if not existed:
        path.unlink()


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (the same file through links, or one yet to be)."""
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        return False
    return a.resolve() == b.resolve()


def refuse_overwriting(outputs: list[Path], inputs: list[Path | str | None]) -> None:
    """Exit 2, writing nothing, when an output would replace one of the command's input
    files: ``solve s.json -o s.json`` must not destroy the scenario the user gave."""
    for out in outputs:
        for given in inputs:
            if given and same_file(out, Path(given)):
                typer.echo(
                    f"error: {out}: is also an input of this command ({given}); writing it "
                    "would destroy that input: choose another output path",
                    err=True,
                )
                raise typer.Exit(EXIT_INVALID)


def refuse_one_file_for_two_outputs(first: Path, second: Path) -> None:
    """Exit 2 when two outputs of a command name the same file (one would be lost)."""
    if same_file(first, second):
        typer.echo(
            f"error: {second}: is also the command's other output ({first}); one would "
            "overwrite the other: choose two paths",
            err=True,
        )
        raise typer.Exit(EXIT_INVALID)
