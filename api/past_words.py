"""The checker's refusals of a change to days gone by, in Chinese.

A change that breaks bookings of days gone by is refused with one sentence per booking:
the booking (:func:`api.base_changes._labelled`), then what the independent checker
(:mod:`scheduler.checker`) says it breaks. The API answers in English, and colleges read
Chinese pages: :func:`zh` gives each sentence's Chinese, ids kept as written (redaction
reads them there as in English), or None for a sentence no pattern knows (its entry then
has no ``messages``, as :mod:`api.refusal_words` leaves a refusal). Only the sentences a
change to the past can meet are listed: a request withdrawn or changed (its teachers or
skills too), a cohort grown, a base changed (a resource's or teacher's hours, a teacher's
skills or weekly load, say, which the later bookings a base change breaks meet too:
:func:`api.routers.terms._later_warnings`), and a teacher booked twice at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

_DAYS = {"Mon": "周一", "Tue": "周二", "Wed": "周三", "Thu": "周四", "Fri": "周五",
         "Sat": "周六", "Sun": "周日"}  # fmt: skip

#: A time as the checker says it (:func:`scheduler.checker.wording.when`), or as a
#: booking's label does (``week 1, day 2, slot 3``).
_WHEN = re.compile(
    r"week (?P<w>\d+) (?P<day>Mon|Tue|Wed|Thu|Fri|Sat|Sun|day \d+) slot (?P<s>\d+)(?:-(?P<e>\d+))?"
    r"|week (?P<w2>\d+), day (?P<d2>\d+)(?:, slot (?P<s2>\d+))?"
)


def _when(m: re.Match[str]) -> str:
    """``week 1 Mon slot 3-4`` as 第 1 周周一第 3–4 节."""
    if m["w2"] is not None:
        slot = f"第 {m['s2']} 节" if m["s2"] else ""
        return f"第 {m['w2']} 周第 {m['d2']} 天{slot}"
    day = _DAYS.get(m["day"]) or f"第 {m['day'][4:]} 天"
    slots = f"{m['s']}–{m['e']}" if m["e"] else m["s"]
    return f"第 {m['w']} 周{day}第 {slots} 节"


def _times(text: str) -> str:
    """Every time in ``text`` said in Chinese; the rest as it is."""
    return _WHEN.sub(_when, text)


def _booking(text: str) -> str:
    """``request r-1 session 2 (week 1 Mon slot 3-4)`` (a booking the checker names)."""
    m = re.fullmatch(r"request (?P<r>.+?) session (?P<i>\d+)(?: \((?P<at>[^()]*)\))?", text, re.S)
    if m is None:
        raise _Unknown(text)
    at = f"（{_times(m['at'])}）" if m["at"] else ""
    return f"需求 {m['r']} 第 {m['i']} 次课{at}"


class _Unknown(Exception):
    """A part no pattern knows: the sentence has no Chinese."""


Rule = tuple[str, str | Callable[[re.Match[str]], str]]


@cache
def _rules() -> tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...]:
    """(what the checker says, its Chinese): ``{name}`` are the pattern's groups."""
    any_when = r"week \d+ (?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|day \d+) slot \d+(?:-\d+)?"
    rules: list[Rule] = [
        (r"unknown (?P<kind>request|instructor|resource|cohort) (?P<id>'.*')", _unknown),
        (
            r"index (?P<i>\d+) is out of range, request (?P<r>.+) asks for (?P<n>\d+) sessions?",
            "序号 {i} 超出范围：需求 {r} 只要求 {n} 次课",
        ),
        (
            rf"(?P<at>{any_when}) is outside the request's window",
            lambda m: f"{_times(m['at'])}不在该需求的时间窗口内",
        ),
        (r"(?P<n>\d+) people, room for (?P<m>\d+) where it was", "{n} 人，原安排处只容纳 {m} 人"),
        (
            rf"(?P<res>.+?) holds (?P<n>\d+) people in (?P<at>{any_when}) \(capacity "
            r"(?P<c>\d+) \+ overflow (?P<o>\d+)\): (?P<list>.+)",
            lambda m: (
                f"{m['res']} 在{_times(m['at'])}共有 {m['n']} 人（容量 {m['c']} + 超额 "
                f"{m['o']}）：{_held(m['list'])}"
            ),
        ),
        (
            rf"cohort (?P<c>.+?) is not available in (?P<at>{any_when})",
            lambda m: f"班级 {m['c']} 在{_times(m['at'])}没有空",
        ),
        (
            rf"(?P<who>.+?) is not available in (?P<at>{any_when})",
            lambda m: f"{m['who']} 在{_times(m['at'])}不可用",
        ),
        (r"the day is closed", "该日停课"),
        (r"the calendar ends with week (?P<n>\d+)", "学期到第 {n} 周结束"),
        (r"the calendar has weeks 1-(?P<n>\d+)", "学期只有第 1–{n} 周"),
        (
            r"(?P<res>.+?) is not open to (?P<i>.+)",
            lambda m: f"{m['res']} 不向 {'、'.join(m['i'].split(', '))} 开放",
        ),
        (
            rf"(?P<at>{any_when}) of (?P<res>.+?) is kept for its owner (?P<o>.+)'s own cohorts",
            lambda m: f"{m['res']} 的{_times(m['at'])}保留给其所属单位 {m['o']} 自己的班级",
        ),
        (
            r"week (?P<w>\d+) is outside (?P<res>.+)'s 'available'",
            "第 {w} 周不在 {res} 的'available'之内",
        ),
        (
            r"(?P<kind>cohort|instructor) (?P<c>.+?) needs (?P<min>\d+) minutes from (?P<a>\S+) "
            r"\((?P<prev>request .+? session \d+ \([^()]*\))\) to (?P<b>\S+) but has "
            r"(?P<free>\d+) free minutes",
            lambda m: (
                f"{_KINDS[m['kind']]} {m['c']} 从 {m['a']}（{_booking(m['prev'])}）到 {m['b']} "
                f"需要 {m['min']} 分钟，但只有 {m['free']} 分钟空闲"
            ),
        ),
        (
            r"(?P<kind>cohort|instructor) (?P<c>.+?) is at (?P<a>\S+) for "
            r"(?P<prev>request .+? session \d+ \([^()]*\)) the same day, and no travel path "
            r"joins (?P<x>\S+) and (?P<y>\S+): such sites never share a day",
            lambda m: (
                f"{_KINDS[m['kind']]} {m['c']} 同一天在 {m['a']}（{_booking(m['prev'])}），而 "
                f"{m['x']} 与 {m['y']} 之间没有交通路线：这两处不能排在同一天"
            ),
        ),
        # a teacher's rules that a change to its skills or weekly load, or to a
        # request's teachers or skills, breaks
        (
            r"the part in (?P<res>.+?) needs an instructor and names none",
            "{res} 上的部分需要教师，但没有指定教师",
        ),
        (
            r"(?P<who>.+?) lacks the skill\(s\) (?P<k>.+)",
            lambda m: f"{m['who']} 不具备所需技能 {'、'.join(m['k'].split(', '))}",
        ),
        (
            r"(?P<who>.+?) teaches (?P<n>\d+) slots in week (?P<w>\d+), more than "
            r"max_slots_per_week (?P<cap>\d+)",
            "{who} 在第 {w} 周共教 {n} 节，超过'max_slots_per_week' {cap}",
        ),
        (
            r"(?P<who>.+?) already teaches another part of the same session at the same time",
            "{who} 同一时间已在教同一次课的另一部分",
        ),
        (
            r"(?P<who>.+?) already teaches (?P<b>request .+? session \d+ \([^()]*\)) in "
            r"(?P<res>.+) at the same time",
            lambda m: f"{m['who']} 同一时间已在 {m['res']} 教{_booking(m['b'])}",
        ),
        (
            r"(?P<who>.+?) is not among the request's instructors \((?P<ids>.*)\)",
            lambda m: f"{m['who']} 不在该需求的'instructors'（{_listed(m['ids'])}）之中",
        ),
        (
            r"lasts (?P<n>\d+) weeks?, internship (?P<r>.+) asks for (?P<m>\d+)",
            "实习持续 {n} 周，而需求 {r} 要求 {m} 周",
        ),
        (r"(?P<res>.+?) lacks the needed feature\(s\) (?P<f>.+)", "{res} 缺少所需的特征 {f}"),
        (
            r"block request (?P<r>.+?) runs on consecutive open days, but (?P<n>\d+) open days "
            r"pass after (?P<prev>request .+)",
            lambda m: (
                f"集中安排的需求 {m['r']} 须在连续的开放日进行，但在{_booking(m['prev'])}"
                f"之后隔了 {m['n']} 个开放日"
            ),
        ),
    ]
    return tuple((re.compile(p, re.S), zh) for p, zh in rules)


_KINDS = {"request": "需求", "instructor": "教师", "resource": "资源", "cohort": "班级"}


def _unknown(m: re.Match[str]) -> str:
    """A thing the change took away (a request withdrawn, a teacher gone)."""
    return f"{_KINDS[m['kind']]}{m['id']}已不存在"


def _listed(ids: str) -> str:
    """``a, b`` (or ``none``), a request's teachers, with the Chinese enumeration comma."""
    return "无" if ids == "none" else "、".join(ids.split(", "))


def _held(listing: str) -> str:
    """``request r-1 session 1 (week 1 Mon slot 1): 24, request r-2 ...: 20``: who is in
    a room, with their people."""
    parts = re.findall(r"(request .+? session \d+ \([^()]*\)): (\d+)(?:, |$)", listing)
    if ", ".join(f"{b}: {n}" for b, n in parts) != listing:
        raise _Unknown(listing)
    return "、".join(f"{_booking(b)} {n} 人" for b, n in parts)


def _said(rest: str) -> str:
    """The checker's sentence in Chinese (:class:`_Unknown` if no pattern knows it)."""
    for pattern, template in _rules():
        m = pattern.fullmatch(rest)
        if m is None:
            continue
        if callable(template):
            return template(m)
        return template.format(**m.groupdict())
    raise _Unknown(rest)


#: The booking a sentence is about, before the checker's words.
_HEAD = (
    (
        re.compile(
            r"request (?P<r>.+?) placement in (?P<res>.+?) \(week (?P<w>\d+)\): (?P<rest>.+)", re.S
        ),
        lambda m: f"需求 {m['r']} 在 {m['res']} 的实习（第 {m['w']} 周）",
    ),
    (
        re.compile(r"request (?P<r>.+?) internship from week (?P<w>\d+): (?P<rest>.+)", re.S),
        lambda m: f"需求 {m['r']} 的实习（第 {m['w']} 周起）",
    ),
    (
        re.compile(r"(?P<b>request .+? session \d+(?: \([^()]*\))?): (?P<rest>.+)", re.S),
        lambda m: _booking(m["b"]),
    ),
)


def zh(sentence: str) -> str | None:
    """The Chinese of a refusal of a booking of days gone by; None for one no pattern
    knows."""
    for pattern, head in _HEAD:
        m = pattern.fullmatch(sentence)
        if m is None:
            continue
        try:
            return f"{head(m)}：{_said(m['rest'])}"
        except _Unknown:
            continue
    return None
