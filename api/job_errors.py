"""A job's ``error`` in Chinese, for the API's ``error_messages`` and the Chinese pages.

The job runner (:mod:`api.jobs.runner`) stores why a job failed or was interrupted as
one English sentence, and the API keeps that sentence in ``error`` word for word
(clients match on it). A Chinese page showed it as it was ("任务 5 求解失败：the solver
process ended unexpectedly (exit code -9)", an audit), so the Chinese is made here from
the sentence's facts (exit code, seconds, objective), one pattern per sentence the
runner writes. ``tests/api/test_job_errors.py`` sends every one of them through.

A sentence no pattern knows has no Chinese (``error_messages`` leaves ``zh`` out and a
page shows the English), as a schedule's ``messages`` leaves out a language it lacks:
half a sentence in Chinese would read worse.
"""

from __future__ import annotations

import re

_RERUN = "可以重新运行（POST .../rerun）"
#: The Chinese of what took a runner's lock on its database (``LOCK_LOST_WHY`` of
#: :mod:`api.jobs.job_ends`).
_LOST_WHY_ZH = {
    "PostgreSQL restarted or failed over": "PostgreSQL 重启或发生故障切换",
    "its lock file was removed or replaced": "锁文件被删除或替换",
}
#: The start of the runner's two sentences for a job stopped as it lost its runner lock.
_LOCK_LOST = (
    r"the server lost its hold on the database's job runner lock during the solve "
    r"\((?P<lost_why>" + "|".join(map(re.escape, _LOST_WHY_ZH)) + r")\), so it stopped "
    r"its jobs rather than run them beside another server; "
)
_LOCK_LOST_ZH = (
    "求解期间服务器失去了数据库的任务运行锁（{lost_why}），"
    "为免与另一台服务器同时运行任务，已停止其任务；"
)

#: (English sentence, its Chinese) of every error the runner writes; ``{name}`` are the
#: pattern's groups, ``{seen}`` what a killed solver had reported (:data:`_SEEN_ZH`).
_ZH: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"the server stopped during the solve; POST \.\.\./rerun to run it again"),
        "求解期间服务器停止了；" + _RERUN,
    ),
    (
        re.compile(
            r"the server stopped during the solve; the best schedule found by then is kept; "
            r"POST \.\.\./rerun to run it again"
        ),
        "求解期间服务器停止了；已保留此前找到的最好的课表；" + _RERUN,
    ),
    (
        re.compile(_LOCK_LOST + r"POST \.\.\./rerun to run it again"),
        _LOCK_LOST_ZH + _RERUN,
    ),
    (
        re.compile(
            _LOCK_LOST
            + r"the best schedule found by then is kept; POST \.\.\./rerun to run it again"
        ),
        _LOCK_LOST_ZH + "已保留此前找到的最好的课表；" + _RERUN,
    ),
    (
        re.compile(r"the solver process ended unexpectedly \(exit code (?P<code>-?\d+)\)"),
        "求解进程意外结束（退出码 {code}）",
    ),
    (
        re.compile(
            r"the solver ran (?P<ran>\d+) s against a time limit of (?P<limit>\d+) s and did "
            r"not stop when asked, so it was killed; (?P<seen>.+)\. POST \.\.\./rerun to run "
            r"it again, with a lower time_limit if this repeats",
            re.S,
        ),
        "求解器运行了 {ran} 秒（时限 {limit} 秒），要求停止后仍未停止，已被强制结束；{seen}。"
        + _RERUN
        + "，如再次发生请调低 time_limit",
    ),
    (
        re.compile(r"could not start a solver process: (?P<why>.+)", re.S),
        "无法启动求解进程：{why}",
    ),
    # an exception raised by the solve (api.jobs.worker writes ``Type: words``): its
    # words are the exception's own and stay as they are
    (
        re.compile(r"(?P<type>[A-Za-z_]\w*): (?P<why>.*)", re.S),
        "求解出错（{type}）：{why}",
    ),
)

#: What a killed solver had reported by then (the middle part of
#: :func:`api.jobs.running_job.killed_message`).
_SEEN_ZH: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"its last report, at (?P<at>\d+) s, had a schedule of objective (?P<objective>-?\d+), "
            r"which is lost"
        ),
        "它最后一次报告（第 {at} 秒）时已有目标值为 {objective} 的课表，该课表已丢失",
    ),
    (
        re.compile(r"it had reported no schedule \(it may still have been building its model\)"),
        "它此前没有报告任何课表（可能仍在建立模型）",
    ),
)


def _match(text: str, table: tuple[tuple[re.Pattern[str], str], ...]) -> str | None:
    for pattern, zh in table:
        m = pattern.fullmatch(text)
        if m is not None:
            fields = {k: v for k, v in m.groupdict().items() if v is not None}
            if "lost_why" in fields:
                fields["lost_why"] = _LOST_WHY_ZH[fields["lost_why"]]
            if "seen" in fields:
                seen = _match(fields["seen"], _SEEN_ZH)
                if seen is None:
                    return None
                fields["seen"] = seen
            return zh.format(**fields)
    return None


def error_zh(error: str) -> str | None:
    """The Chinese of a job's ``error``; None for a sentence the runner does not write."""
    return _match(error, _ZH)


def error_messages(error: str | None) -> dict[str, str] | None:
    """A job's ``error_messages``: ``error`` in every language but English (none without
    an error; empty when the sentence has no Chinese)."""
    if error is None:
        return None
    zh = error_zh(error)
    return {"zh": zh} if zh is not None else {}
