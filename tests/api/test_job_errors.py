"""A job's own error in Chinese: every sentence the runner writes has its Chinese, the
API gives it in ``error_messages`` beside the English ``error``, and a Chinese page shows
it (it showed "任务 5 求解失败：the solver process ended unexpectedly (exit code -9)")."""

from __future__ import annotations

import re
import threading
import time
from html import unescape
from typing import Any

import pytest

from api.db import make_engine, make_session_factory, session_scope
from api.db.models import Job
from api.job_errors import error_messages, error_zh
from api.jobs.job_ends import INTERRUPTED, INTERRUPTED_KEPT
from api.jobs.runner import JobRunner
from api.jobs.running_job import RunningJob
from api.web.sources import KEY_COOKIE
from tests.api.conftest import Api, tiny_data

_HAN = re.compile(r"[\u4e00-\u9fff]")


class _Process:
    """A worker process the test ends: dead with ``exitcode``, or deaf to its stop."""

    def __init__(self, alive: bool, exitcode: int | None = None) -> None:
        self.alive = alive
        self.exitcode = exitcode

    def is_alive(self) -> bool:
        return self.alive

    def kill(self) -> None:
        self.alive, self.exitcode = False, -9

    def join(self, timeout: float | None = None) -> None:
        pass


def _runner_errors(api: Api) -> list[str]:
    """The errors the real runner stores: a crashed process, and a deaf one killed with
    and without a schedule reported."""
    engine = make_engine(api.settings.db_url)
    factory = make_session_factory(engine)
    runner = JobRunner(factory, api.settings.model_copy(update={"job_grace_seconds": 1.0}))
    ids = []
    for _ in range(3):
        with session_scope(factory) as s:
            job = Job(kind="scenario", scenario=tiny_data(), options={}, created_by="test")
            job.status = "running"
            s.add(job)
            s.flush()
            ids.append(job.id)
    crashed, deaf, silent = ids
    dead = RunningJob(_Process(False, -9), threading.Event(), time.monotonic(), 30)
    dead.exited_at = time.monotonic() - 60  # gone for a minute: not a clean end
    runner._running[crashed] = dead
    runner._reap()
    past = time.monotonic() - 60.0  # 30 s past a 30 s limit
    for job_id in (deaf, silent):
        runner._running[job_id] = RunningJob(_Process(True), threading.Event(), past, 30)
    runner._handle(("progress", deaf, {"objective": 4321.0, "bound": 5000.0, "elapsed": 12.0}))
    runner._enforce_time_limits()
    runner._enforce_time_limits()
    with factory() as s:
        errors = [str(s.get(Job, i).error) for i in ids]  # type: ignore[union-attr]
    engine.dispose()
    return errors


def _worker_error() -> str:
    """What the worker reports of an exception in the solve (a scenario it cannot read)."""
    from api.jobs.worker import run_job

    sent: list[tuple[str, int, Any]] = []

    class _Queue:
        def put(self, message: tuple[str, int, Any]) -> None:
            sent.append(message)

    run_job(7, {"scenario": {"name": "broken"}, "options": {}}, _Queue(), threading.Event())
    kind, _, error = sent[-1]
    assert kind == "failed"
    return str(error)


def test_every_error_the_runner_writes_reads_in_chinese(api: Api) -> None:
    crashed, killed, killed_silent = _runner_errors(api)
    assert crashed == "the solver process ended unexpectedly (exit code -9)"
    assert "objective 4321" in killed and "no schedule" in killed_silent
    cases = {
        crashed: "求解进程意外结束（退出码 -9）",
        killed: "求解器运行了 60 秒（时限 30 秒），要求停止后仍未停止，已被强制结束；它最后一次报告"
        "（第 12 秒）时已有目标值为 4321 的课表，该课表已丢失。可以重新运行（POST .../rerun），"
        "如再次发生请调低 time_limit",
        killed_silent: "求解器运行了 60 秒（时限 30 秒），要求停止后仍未停止，已被强制结束；"
        "它此前没有报告任何课表（可能仍在建立模型）。可以重新运行（POST .../rerun），"
        "如再次发生请调低 time_limit",
        INTERRUPTED: "求解期间服务器停止了；可以重新运行（POST .../rerun）",
        INTERRUPTED_KEPT: "求解期间服务器停止了；已保留此前找到的最好的课表；"
        "可以重新运行（POST .../rerun）",
        "could not start a solver process: [Errno 12] Cannot allocate memory": (
            "无法启动求解进程：[Errno 12] Cannot allocate memory"
        ),
    }
    for english, chinese in cases.items():
        assert error_zh(english) == chinese, english
        assert error_messages(english) == {"zh": chinese}
    worker = _worker_error()
    assert worker.startswith("ValidationError: ")
    zh = error_zh(worker)
    assert zh is not None and zh.startswith("求解出错（ValidationError）：")
    # a sentence the runner never writes has no Chinese rather than half a sentence
    assert error_zh("solver died") is None and error_messages("solver died") == {}
    assert error_messages(None) is None


@pytest.mark.parametrize(
    ("status", "error", "zh"),
    [
        ("failed", "the solver process ended unexpectedly (exit code -9)", "求解进程意外结束"),
        ("interrupted", INTERRUPTED, "求解期间服务器停止了"),
    ],
)
def test_a_failed_job_says_why_in_chinese_in_the_api_and_on_the_page(
    api: Api, status: str, error: str, zh: str
) -> None:
    engine = make_engine(api.settings.db_url)
    with session_scope(make_session_factory(engine)) as s:
        job = Job(kind="scenario", scenario=tiny_data(), options={}, created_by="test")
        job.status, job.error = status, error
        s.add(job)
        s.flush()
        job_id = job.id
    engine.dispose()
    answer = api.get(f"/api/v1/jobs/{job_id}").json()
    assert answer["error"] == error  # the API's English stays word for word
    assert answer["error_messages"]["zh"].startswith(zh)
    listed = api.get("/api/v1/jobs").json()
    assert (
        next(j for j in listed if j["id"] == job_id)["error_messages"] == answer["error_messages"]
    )
    client = api.client
    client.cookies.set(KEY_COOKIE, api.keys["planner"])
    try:
        page = client.get(f"/jobs/{job_id}")
        client.cookies.set("lang", "en")
        english = client.get(f"/jobs/{job_id}")
    finally:
        client.cookies.clear()
    assert page.status_code == 409
    detail = unescape(re.search(r'id="error-detail">(.*?)</p>', page.text, re.S)[1])  # type: ignore[index]
    assert zh in detail
    assert not re.search(r"[a-z]{4}", detail.replace("rerun", "")), detail
    assert error in unescape(english.text) and not _HAN.search(error)


@pytest.mark.parametrize(
    ("backend", "why"),
    [("postgresql", "PostgreSQL 重启或发生故障切换"), ("sqlite", "锁文件被删除或替换")],
)
def test_a_job_stopped_for_a_lost_runner_lock_says_why_in_chinese(backend: str, why: str) -> None:
    """The runner's sentences for a job stopped when it lost the database's runner lock
    had no Chinese: a Chinese page showed them in English. What took the lock depends
    on the database."""
    from api.jobs.job_ends import lock_lost_error

    stopped = (
        f"求解期间服务器失去了数据库的任务运行锁（{why}），"
        "为免与另一台服务器同时运行任务，已停止其任务；"
    )
    cases = {
        lock_lost_error(backend, kept=False): stopped + "可以重新运行（POST .../rerun）",
        lock_lost_error(backend, kept=True): stopped
        + "已保留此前找到的最好的课表；可以重新运行（POST .../rerun）",
    }
    for english, chinese in cases.items():
        assert error_messages(english) == {"zh": chinese}, english
