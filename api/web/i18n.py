"""Every word of the web timetable in Chinese (default) and English, from one table
(:data:`api.web.page_words.STRINGS`).

Keys not in the table fall back to the report labels
(:func:`scheduler.reports.labels.label`), so the page and the report name the same thing
(a reason code, a resource kind, "utilisation") in the same words. Dates and weekday
names are localised here too: 周一..周日 and ``9月7日`` in Chinese, Mon..Sun and
``7 Sep`` in English, and the service's moments in Beijing time.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from api.job_errors import error_zh
from api.web.page_words import STRINGS
from scheduler.exports.ics import TIMEZONE
from scheduler.reports.labels import fill
from scheduler.reports.labels import label as report_label

LANGS: tuple[str, ...] = ("zh", "en")
DEFAULT_LANG = "zh"

#: The API's error sentences an error page can show, in Chinese (the API answers in
#: English; a Chinese page showed "详情: job 5 has no schedule (running)", an audit).
_DETAILS_ZH: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?P<what>[a-z ]+) not found"), "找不到该{what}"),
    (
        re.compile(r"job (?P<n>\d+) has no schedule \((?P<status>[a-z]+)\)"),
        "任务 {n} 没有课表（{status}）",
    ),
    (
        re.compile(r"job (?P<n>\d+) (?P<status>failed|interrupted): (?P<why>.+)", re.S),
        "任务 {n} {status}：{why}",
    ),
    (re.compile(r"this needs an? (?P<roles>[a-z ]+) key"), "需要{roles}的密钥"),
    (re.compile(r"no schedule of this term is published yet"), "本学期尚未发布课表"),
    (
        re.compile(
            r"the term's last day \((?P<last>\d{4}-\d{2}-\d{2})\) has passed: extra requests "
            r"can no longer be booked \(the first bookable day is "
            r"(?P<first>\d{4}-\d{2}-\d{2})\)"
        ),
        "本学期的最后一天（{last}）已过，不能再追加课次（最早可安排日期为 {first}）",
    ),
    (
        re.compile(
            r"the term's base changed after version (?P<n>\d+) was published \(a resource, "
            r"instructor or day may be gone\): extra requests wait until the planner "
            r"publishes a re-solve on the new base"
        ),
        "第 {n} 版发布后，学期的基础数据（场地、教师或日期）已有变动："
        "需等排程管理员按新的基础数据重新求解并发布后，才能追加课次",
    ),
    (re.compile(r"sign in from this site's own form"), "请从本站的登录表单登录"),
    (re.compile(r"sign out from this site's own pages"), "请从本站的页面退出"),
    (re.compile(r"send the form from this site's own pages"), "请从本站的页面提交表单"),
    (
        re.compile(r"the schedule changed while answering; ask again"),
        "答复期间课表有变动，请重新提交",
    ),
    (
        re.compile(r"the published scenario no longer validates; ask the planner"),
        "已发布的课表数据已无法通过校验，请联系排程管理员",
    ),
    (
        re.compile(
            r"the document lists (?P<n>\d+) entities; this server accepts at most (?P<max>\d+)"
        ),
        "文档列出了 {n} 项；本站最多接受 {max} 项",
    ),
    (
        re.compile(
            r"the term would list (?P<n>\d+) entities; this server accepts at most "
            r"(?P<max>\d+) in a scenario"
        ),
        "学期将列出 {n} 项；本站一个场景最多接受 {max} 项",
    ),
    (re.compile(r"Not Found"), "没有这个地址"),
    (re.compile(r"Method Not Allowed"), "不支持这种访问方式"),
)

_WEEKDAYS = {
    "zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def pick_lang(value: str | None) -> str:
    """A supported language code; anything else (or nothing) is the default, Chinese."""
    return value if value in LANGS else DEFAULT_LANG


def t(key: str, lang: str, **fields: object) -> str:
    """The text of ``key`` in ``lang`` with ``{field}`` placeholders filled.

    Unknown keys fall back to the report labels, then to the key itself, so a missing
    translation is visible instead of an error.
    """
    entry = STRINGS.get(key)
    text = (entry.get(lang) or entry["en"]) if entry else report_label(key, lang)
    return fill(text, **fields) if fields else text


def detail(text: str, lang: str) -> str:
    """An API error sentence in ``lang``: the API's own English, or its Chinese from
    :data:`_DETAILS_ZH` (a sentence not listed stays as the API wrote it)."""
    if pick_lang(lang) != "zh":
        return text
    for pattern, zh in _DETAILS_ZH:
        m = pattern.fullmatch(text)
        if m is None:
            continue
        fields = m.groupdict()
        if "what" in fields:
            key = fields["what"].replace(" ", "_")
            if t(key, "zh") == key:  # a thing without a Chinese name: the API's words
                return text
            fields["what"] = t(key, "zh")
        if "status" in fields:
            fields["status"] = t(f"job_status_{fields['status']}", "zh")
        if "why" in fields:  # a job's own error (api.job_errors), or as the API wrote it
            fields["why"] = error_zh(fields["why"]) or fields["why"]
        for day in ("last", "first"):  # ISO dates of the API's sentence, as 9月18日 is read
            if day in fields:
                fields[day] = long_date(dt.date.fromisoformat(fields[day]), "zh")
        if "roles" in fields:
            fields["roles"] = "或".join(t(f"role_{r}", "zh") for r in fields["roles"].split(" or "))
        return zh.format(**fields)
    return text


#: The solver names a schedule's ``solver`` holds (solver/greedy.py, solver/deadline.py,
#: solver/cpsat/), by their key in :data:`~api.web.page_words.STRINGS`.
_SOLVERS = {
    "cpsat": "solver_cpsat",
    "greedy": "solver_greedy",
    "greedy (CP-SAT fallback)": "solver_greedy_fallback",
}


def solver_name(code: str, lang: str) -> str:
    """People's words for a schedule's ``solver``; a name not listed stays as it is."""
    key = _SOLVERS.get(code)
    return t(key, lang) if key else code


def plain_size(n: int, lang: str) -> str:
    """A number of bytes as people say it: ``16 MB``, ``2 KB``, ``1.5 MB``, ``900 字节``
    (binary units, one decimal only when the size is not whole). Rounded down: a limit
    said larger than it is (1.99 MB as "2.0 MB") would refuse what it seems to allow."""
    for unit, size in (("MB", 1024 * 1024), ("KB", 1024)):
        if n >= size:
            tenths = n * 10 // size
            return f"{tenths // 10} {unit}" if tenths % 10 == 0 else f"{tenths / 10:.1f} {unit}"
    return f"{n} 字节" if pick_lang(lang) == "zh" else f"{n} bytes"


def weekday(day: int, lang: str) -> str:
    """Name of the 1-based day of the week (1 = Monday)."""
    return _WEEKDAYS[pick_lang(lang)][(day - 1) % 7]


def short_date(date: dt.date, lang: str) -> str:
    """``9月7日`` or ``7 Sep``."""
    if pick_lang(lang) == "zh":
        return f"{date.month}月{date.day}日"
    return f"{date.day} {_MONTHS_EN[date.month - 1]}"


def weeks_span(first: int, last: int, lang: str) -> str:
    """Weeks ``first`` to ``last`` in a line: ``第 2–4 周``, or ``第 2 周`` for one week (a
    one-week internship read "weeks 2–2")."""
    if first == last:
        return t("one_week", lang, n=first)
    return t("weeks_range", lang, a=first, b=last)


def local_time(when: dt.datetime, lang: str) -> str:
    """A moment the service stored (UTC) as Dalian reads a clock: Beijing time, the zone
    the timetable and its ICS export are in (``2026年12月8日 09:32``, ``8 Dec 2026 09:32``);
    the page's header says the zone. A naive moment is taken as UTC, as stored."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    here = when.astimezone(ZoneInfo(TIMEZONE))
    return f"{long_date(here.date(), lang)} {here.hour:02d}:{here.minute:02d}"


def long_date(date: dt.date, lang: str) -> str:
    """A date with its year: ``2026年9月18日`` or ``18 Sep 2026``."""
    if pick_lang(lang) == "zh":
        return f"{date.year}年{date.month}月{date.day}日"
    return f"{date.day} {_MONTHS_EN[date.month - 1]} {date.year}"


def percent(value: float) -> str:
    """A fraction as a whole percentage (0.42 -> ``42%``), the same in every language."""
    return f"{value * 100:.0f}%"
