"""Number options: a time or work limit given ``nan`` or an infinity is refused by flag.

Typer reads ``nan``, ``inf`` and ``1e999`` as floats; the solver options then said
``options: time_limit: nan seconds is out of range (0, 86400]``, naming its own field
and not the flag typed, and ``demo-web`` passed NaN on to the API in a thread.
"""

from __future__ import annotations

import math

import typer

from scheduler.cli.output import EXIT_INVALID


def finite(ctx: typer.Context, param: typer.CallbackParam, value: float | None) -> float | None:
    """A typer callback: ``value`` when it is a finite number (or not given), else
    ``error: --flag: must be a number (got "nan")`` and exit 2 before the command runs."""
    if ctx.resilient_parsing or value is None or math.isfinite(value):
        return value
    from scheduler.error_messages import not_finite  # pydantic and the models: not at start

    flag = param.opts[0] if param.opts else str(param.name)
    typer.echo(f'error: {flag}: {not_finite(value)} (got "{value}")', err=True)
    raise typer.Exit(EXIT_INVALID)
