"""API latency on loopback: mid-term extra requests and large scenario uploads.

    python -m benchmarks.api_latency [--tier M --seed 1 --requests 50]
                                     [--upload-tier L --uploads 5] [--out out/bench]

1. Starts ``trainshare serve`` on 127.0.0.1 (a free port, a fresh SQLite file).
2. Opens a term from ``scheduler.generator.generate(tier, seed)``, lets every institution
   submit its cohorts and requests through the API, closes, solves (greedy by default),
   publishes.
3. Sends ``--requests`` extra requests (one session each, copied from the institutions'
   own requests, institutions in turn, each with its own key) and times each answer at
   the client: median and p95.
4. Uploads the ``--upload-tier`` scenario ``--uploads`` times (renamed each time so each
   is stored and fully validated) and times each upload.

Writes ``api_latency.json`` and ``api_latency.md`` to ``--out``. Every request goes to
127.0.0.1 only; the loops are bounded by the counts above.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from benchmarks.output import write_results

CLI = [sys.executable, "-c", "from scheduler.cli import main; main()"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _summary(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return {
        "n": len(ordered),
        "median_ms": round(1000 * statistics.median(ordered), 1),
        "p95_ms": round(1000 * p95, 1),
        "min_ms": round(1000 * ordered[0], 1),
        "max_ms": round(1000 * ordered[-1], 1),
    }


def _keys(db_url: str, institutions: list[str]) -> dict[str, str]:
    from api.db import make_engine, make_session_factory, session_scope, upgrade
    from api.security import Role, create_key

    engine = make_engine(db_url)
    upgrade(engine)
    keys = {}
    with session_scope(make_session_factory(engine)) as s:
        keys["planner"] = create_key(s, Role.PLANNER, None, "bench", "")[1]
        for inst in institutions:
            keys[inst] = create_key(s, Role.INSTITUTION, inst, f"bench-{inst}", "")[1]
    engine.dispose()
    return keys


def _start(db_url: str, log: Path, today: str) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {
        **os.environ,
        "TRAINSHARE_DB_URL": db_url,
        "TRAINSHARE_MAX_TIME_LIMIT": "600",
        "TRAINSHARE_TODAY": today,
    }
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [*CLI, "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("server exited:\n" + log.read_text()[-2000:])
        try:
            if httpx.get(f"{url}/api/v1/health", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("server did not start")


def _ok(r: httpx.Response, *codes: int) -> dict[str, Any]:
    if r.status_code not in codes:
        raise RuntimeError(f"{r.request.method} {r.request.url}: {r.status_code} {r.text[:500]}")
    return r.json() if r.content else {}


def _after_first(requests: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Requests ordered so that every ``after`` target is submitted before it is named."""
    by_id = {r["id"]: r for r in requests}
    done: set[str] = set()
    out: list[dict[str, Any]] = []

    def visit(r: dict[str, Any]) -> None:
        if r["id"] in done:
            return
        done.add(r["id"])
        for a in r.get("after", []):
            if a in by_id:
                visit(by_id[a])
        out.append(r)

    for r in requests:
        visit(r)
    return out


def _publish_term(
    c: httpx.Client, keys: dict[str, str], scenario: dict[str, Any], solver: str, time_limit: float
) -> tuple[int, float]:
    planner = {"Authorization": f"Bearer {keys['planner']}"}
    base = {k: v for k, v in scenario.items() if k not in ("cohorts", "requests")}
    term = _ok(c.post("/api/v1/terms", json=base, headers=planner), 201)["id"]
    owner = {co["id"]: co["institution"] for co in scenario["cohorts"]}
    began = time.perf_counter()
    for co in scenario["cohorts"]:
        inst = co["institution"]
        doc = {k: v for k, v in co.items() if k != "institution"}
        _ok(
            c.post(
                f"/api/v1/terms/{term}/institutions/{inst}/cohorts",
                json=doc,
                headers={"Authorization": f"Bearer {keys[inst]}"},
            ),
            201,
        )
    req_owner = {
        r["id"]: owner[(r.get("cohorts") or [r.get("cohort")])[0]] for r in scenario["requests"]
    }
    for req in _after_first(scenario["requests"]):
        cohorts = req.get("cohorts") or [req["cohort"]]
        inst = owner[cohorts[0]]
        foreign = any(owner[x] != inst for x in cohorts) or any(
            req_owner[a] != inst for a in req.get("after", [])
        )
        who = keys["planner"] if foreign else keys[inst]
        if foreign:  # refers across institutions: only the planner may, with qualified ids
            req = dict(req)
            if req.get("cohorts"):
                req["cohorts"] = [f"{owner[x]}/{x}" for x in cohorts]
            elif owner[req["cohort"]] != inst:
                req["cohort"] = f"{owner[req['cohort']]}/{req['cohort']}"
            req["after"] = [f"{req_owner[a]}/{a}" for a in req.get("after", [])]
        _ok(
            c.post(
                f"/api/v1/terms/{term}/institutions/{inst}/requests",
                json=req,
                headers={"Authorization": f"Bearer {who}"},
            ),
            201,
        )
    submit_seconds = time.perf_counter() - began
    _ok(c.post(f"/api/v1/terms/{term}/close", headers=planner), 200)
    job = _ok(
        c.post(
            f"/api/v1/terms/{term}/solve",
            headers=planner,
            json={"solver": solver, "time_limit": time_limit},
        ),
        202,
    )
    while job["status"] in ("queued", "running"):
        time.sleep(0.5)
        job = _ok(c.get(f"/api/v1/jobs/{job['id']}", headers=planner), 200)
    if job["status"] not in ("done", "cancelled"):
        raise RuntimeError(f"solve job ended {job['status']}: {job.get('error')}")
    _ok(c.post(f"/api/v1/terms/{term}/versions", json={"job_id": job["id"]}, headers=planner), 201)
    return term, submit_seconds


def _extra_requests(
    c: httpx.Client, keys: dict[str, str], scenario: dict[str, Any], term: int, n: int
) -> tuple[list[float], dict[str, int]]:
    owner = {co["id"]: co["institution"] for co in scenario["cohorts"]}
    templates: dict[str, list[dict[str, Any]]] = {}
    for r in scenario["requests"]:
        if r.get("kind", "sessions") == "sessions" and r.get("cohort"):
            templates.setdefault(owner[r["cohort"]], []).append(r)
    institutions = sorted(templates)
    times: list[float] = []
    outcomes: dict[str, int] = {}
    for i in range(n):
        inst = institutions[i % len(institutions)]
        pool = templates[inst]
        src = pool[(i // len(institutions)) % len(pool)]
        doc = {
            k: v
            for k, v in src.items()
            if k not in ("after", "prefer", "max_per_week", "min_days_apart", "min_days")
        }
        doc.update(id=f"extra-{i}", sessions=1, pattern="free", required=False)
        began = time.perf_counter()
        r = c.post(
            f"/api/v1/terms/{term}/institutions/{inst}/extra-requests",
            json=doc,
            headers={"Authorization": f"Bearer {keys[inst]}"},
        )
        times.append(time.perf_counter() - began)
        if r.status_code == 422 and "window is over" in r.text:  # a later --today
            outcome = "window over (422)"
        else:
            outcome = _ok(r, 201)["outcome"]
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return times, outcomes


def _uploads(
    c: httpx.Client, keys: dict[str, str], scenario: dict[str, Any], n: int
) -> list[float]:
    planner = {"Authorization": f"Bearer {keys['planner']}", "Content-Type": "application/json"}
    times = []
    for i in range(n):
        body = json.dumps({**scenario, "name": f"{scenario['name']}-upload-{i}"}).encode()
        began = time.perf_counter()
        r = c.post("/api/v1/scenarios", content=body, headers=planner)
        times.append(time.perf_counter() - began)
        _ok(r, 201)
    return times


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (see the module docstring) against a server of our own on
    loopback, stopped at the end whatever happens; returns the exit code.
    """
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--tier", default="M")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--requests", type=int, default=50)
    p.add_argument("--solver", default="greedy", choices=["greedy", "cpsat"])
    p.add_argument("--time-limit", type=float, default=60.0)
    p.add_argument("--upload-tier", default="L")
    p.add_argument("--uploads", type=int, default=5)
    p.add_argument(
        "--today",
        default=None,
        help="the service's today (YYYY-MM-DD); default the eve of the term, so that every "
        "week may be booked (a later day answers on the days left)",
    )
    p.add_argument("--out", type=Path, default=Path("out/bench"))
    args = p.parse_args(argv)

    from scheduler.generator import generate
    from scheduler.io import scenario_to_json

    scenario = json.loads(scenario_to_json(generate(args.tier, args.seed)))
    upload = json.loads(scenario_to_json(generate(args.upload_tier, args.seed)))
    first_monday = dt.date.fromisoformat(scenario["calendar"]["first_monday"])
    today = args.today or (first_monday - dt.timedelta(days=1)).isoformat()
    results: dict[str, Any] = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "tier": args.tier,
        "seed": args.seed,
        "solver": args.solver,
        "today": today,
        "term": {"cohorts": len(scenario["cohorts"]), "requests": len(scenario["requests"])},
    }
    with tempfile.TemporaryDirectory(prefix="ts-api-bench-") as tmp:
        db_url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        keys = _keys(db_url, [i["id"] for i in scenario["institutions"]])
        proc, url = _start(db_url, Path(tmp) / "serve.log", today)
        try:
            with httpx.Client(base_url=url, timeout=600) as c:
                term, submit_s = _publish_term(c, keys, scenario, args.solver, args.time_limit)
                results["submissions_seconds"] = round(submit_s, 1)
                times, outcomes = _extra_requests(c, keys, scenario, term, args.requests)
                results["extra_request"] = {**_summary(times), "outcomes": outcomes}
                if args.uploads > 0:
                    up = _uploads(c, keys, upload, args.uploads)
                    results["upload"] = {
                        **_summary(up),
                        "tier": args.upload_tier,
                        "bytes": len(json.dumps(upload)),
                        "requests": len(upload["requests"]),
                    }
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
    lines = [
        "# API latency on loopback",
        "",
        f"Term: tier {args.tier} seed {args.seed} ({results['term']['cohorts']} cohorts, "
        f"{results['term']['requests']} requests), published with {args.solver}.",
        "",
        "| what | n | median ms | p95 ms | max ms |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    e = results["extra_request"]
    lines.append(
        f"| extra request (published {args.tier}) | {e['n']} | {e['median_ms']} | "
        f"{e['p95_ms']} | {e['max_ms']} |"
    )
    if "upload" in results:
        u = results["upload"]
        lines.append(
            f"| scenario upload ({u['tier']}, {u['bytes'] // 1024} KiB) | {u['n']} | "
            f"{u['median_ms']} | {u['p95_ms']} | {u['max_ms']} |"
        )
    lines += ["", f"Extra request outcomes: {e['outcomes']}."]
    write_results(args.out, "api_latency", results, "\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
