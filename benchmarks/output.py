"""Where the stand-alone benchmarks leave their results: a JSON file and a Markdown table."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any


def write_results(out: Path, stem: str, data: Any, markdown: str) -> None:
    """``out/stem.json`` (``data``) and ``out/stem.md`` (``markdown``), then the table
    on standard output; ``out`` is made when missing."""
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{stem}.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    (out / f"{stem}.md").write_text(markdown, encoding="utf-8")
    print(markdown)


def solve_parser(doc: str, time_limit: float) -> argparse.ArgumentParser:
    """A benchmark's command line (described by its module ``doc``'s first line) with the
    options every solving benchmark takes: ``--time-limit``, ``--workers`` (2), ``--out``."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=time_limit)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=Path("out/bench"))
    return parser
