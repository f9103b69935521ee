"""The ``trainshare`` command line (typer + rich).

This package is the composition root: command modules import the solver or the API
lazily inside their functions, so ``scheduler`` itself never depends on them at import.
Each module in :data:`COMMAND_MODULES` exposes ``register(app)``.
"""

from __future__ import annotations

import gc
import importlib

import typer

COMMAND_MODULES: list[str] = [
    "scheduler.cli.schema",
    "scheduler.cli.report",
    "scheduler.cli.export",
    "scheduler.cli.spreadsheet",
    "scheduler.cli.validate",
    "scheduler.cli.check",
    "scheduler.cli.solve",
    "scheduler.cli.bench",
    "scheduler.cli.itc2007",
    "scheduler.cli.serve",
    "scheduler.cli.demo_web",
    "scheduler.cli.generate",
]

app = typer.Typer(
    name="trainshare",
    help="Share training resources between colleges and enterprises: validate, solve, check.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """trainshare: an optimizer for shared labs, workshops and internship posts."""


for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(app)


#: Allocations between collections of the youngest generation (Python's default is 700).
GC_THRESHOLD = 50_000


def main() -> None:
    """Entry point of the ``trainshare`` console script (``[project.scripts]``).

    A command builds a few large documents that live until it exits; collecting every
    700 allocations re-traversed them and took a quarter of ``check`` or ``export`` on
    an L term. Cycles are still collected, 50,000 allocations apart.
    """
    gc.set_threshold(GC_THRESHOLD)
    app()
