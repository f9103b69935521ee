"""Run in a child of the job runner's forkserver: which of some modules it has on start.

It imports nothing of the project, so what it reports came with the forkserver.
"""

from __future__ import annotations

import sys
from typing import Any


def report_loaded(names: tuple[str, ...], answer: Any) -> None:
    """Put on ``answer`` the ``names`` already in ``sys.modules``."""
    answer.put([name for name in names if name in sys.modules])
