"""ITC-2007 track 3 (curriculum-based course timetabling, UD2) as a trainshare benchmark.

``ectt`` parses instances, ``cost`` computes the official UD2 cost of a solution,
``convert`` expresses an instance as a trainshare scenario and maps schedules to
``.sol`` files and back. The instances themselves stay in the shared folder
(:func:`instances_dir`); they are never copied into the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
INSTANCE_NAMES = ("comp01", "comp02", "comp03", "comp04", "comp05", "comp06", "comp07")


def shared_dir(override: str | Path | None = None) -> Path:
    """The shared folder: ``override``, else ``$TRAINSHARE_SHARED``, else ``<repo>/../shared``."""
    if override is not None:
        return Path(override)
    env = os.environ.get("TRAINSHARE_SHARED")
    return Path(env) if env else REPO_ROOT.parent / "shared"


def instances_dir(shared: str | Path | None = None) -> Path:
    """Folder holding ``compNN.ectt``, ``toy.ectt``, ``solutions/`` and the README table."""
    return shared_dir(shared) / "benchmarks" / "itc2007"
