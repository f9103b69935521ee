"""The Chinese of the parts of a refusal that vary: lists, kinds of resource, why a
resource or instructor is no candidate, the bounds of a window or of sessions that fit.

The sentence patterns of :mod:`api.refusal_words` call these on their groups; a part
no pattern here knows raises :class:`UnknownPart`, and the whole sentence then has no
Chinese.
"""

from __future__ import annotations

import re

from api.refusal_naming import LIST_SEP


def quoted_list(text: str) -> str:
    """``'a', 'b'`` (quoted ids, features: :func:`scheduler.validation.phrasing.names`)
    as a Chinese list, ``'a'、'b'``."""
    return re.sub(r"(?<=')(, )(?=')", LIST_SEP["zh"], text)


def counted_list(text: str) -> str:
    """``weld-shop 20, cnc-lab 30`` (ids with their people or places) as a Chinese list."""
    return re.sub(r"(?<=\d), ", LIST_SEP["zh"], text)


#: The groups of a sentence that hold lists, and how each reads in Chinese.
LIST_GROUPS = {"ids": quoted_list, "sites": quoted_list, "listing": counted_list}


KIND_ZH = {
    "cohort": "班级",
    "request": "需求",
    "resource": "资源",
    "instructor": "教师",
    "site": "地点",
    "institution": "单位",
}


QUOTED_ID = r"'(?:[^']|'(?![\s,;:)]|$))*'"  # a quoted id, an apostrophe inside it allowed


#: What a resource named but never usable costs (a warning's end).
NEVER_ZH = {
    "it is never used for this request": "该需求永远不会使用它",
    "the preference can never be honoured": "该偏好永远无法满足",
}


def cycle_zh(m: re.Match[str]) -> str:
    """``'after' forms a cycle: 'a' after 'b' after 'a'; ...``: each link said."""
    ids = re.findall(QUOTED_ID, m["cycle"])
    links = "，".join(f"{a}排在{b}之后" for a, b in zip(ids, ids[1:], strict=False))
    why = (
        "没有任何顺序能满足它，且它们都是必需需求：无法全部完整满足（冲突）"
        if m["why"].startswith("no order")
        else "无法全部安排（并非都是必需需求：未安排的将作为未满足的需求报告）"
    )
    return f"'after'形成循环：{links}；{why}"


def pushed_zh(m: re.Match[str]) -> str:
    """A request that must start after a required one ends, and what then fits."""
    fits = m["fits"]
    if (b := re.fullmatch(r"at most (?P<k>\d+) of its (?P<n>\d+) sessions? fit after "
                          r"that \((?P<why>.+)\)", fits, re.S)) is not None:  # fmt: skip
        said = f"之后其 {b['n']} 次课中最多只能安排 {b['k']} 次（{parts_zh(b['why'], BOUNDS)}）"
    elif fits == "none of its sessions fits after that":
        said = "之后一次课也排不下"
    elif (w := re.fullmatch(r"no run of (?P<n>\d+) weeks fits after that", fits)) is not None:
        said = f"之后没有连续 {w['n']} 周的时间"
    else:
        raise UnknownPart(fits)
    both = "；两者都是必需需求：无法都完整满足（冲突）" if m["both"] else ""
    return (
        f"{m['id']}须在必需需求{m['first']}结束后开始，而后者最早在第 {m['w']} 周第 {m['d']} 天"
        f"第 {m['s']} 节结束；{said}{both}"
    )


_KIND_WORDS = {
    "lab": "实训室",
    "workshop": "车间",
    "training_base": "实训基地",
    "internship_post": "实习岗位",
}


def kinds_zh(text: str) -> str:
    """``lab, workshop or training_base`` as 实训室、车间或实训基地."""
    words = re.split(r", | or ", text)
    if not all(w in _KIND_WORDS for w in words):
        raise UnknownPart(text)
    said = [_KIND_WORDS[w] for w in words]
    return "、".join(said[:-1]) + "或" + said[-1] if len(said) > 1 else said[0]


def reasons_zh(item: str) -> str:
    """``'cnc-lab' is a lab, lacks 'x'`` (why a resource or instructor is no candidate)."""
    m = re.fullmatch(rf"(?P<id>{QUOTED_ID}) (?P<why>.+)", item, re.S)
    if m is None:
        raise UnknownPart(item)
    said, rest = [], m["why"]
    reasons = (
        (
            r"is an? (?P<k>\w+) \(internships use only internship posts\)",
            "是{k}（实习只使用实习岗位）",
        ),
        (r"is an internship_post \(sessions never use posts\)", "是实习岗位（课程不使用实习岗位）"),
        (r"is an? (?P<k>\w+)", "是{k}"),
        (r"lacks (?P<f>'[^']*'(?:, '[^']*')*)", "缺少{f}"),
        (r"is not open to (?P<i>'[^']*'(?:, '[^']*')*)", "不向{i}开放"),
        (r"is not in 'resources'", "不在'resources'中"),
    )
    while rest:
        for pattern, zh in reasons:
            r = re.match(pattern + r"(?:, |$)", rest)
            if r is not None:
                fields = {k: quoted_list(v) for k, v in r.groupdict().items()}
                if "k" in fields:
                    fields["k"] = kinds_zh(fields["k"])
                said.append(zh.format(**fields))
                rest = rest[r.end() :]
                break
        else:
            raise UnknownPart(rest)
    return m["id"] + "，".join(said)


def hint_zh(hint: str | None) -> str:
    """``no resource lists 'x'; did you mean 'y'?`` (a misspelt feature or skill)."""
    if not hint:
        return ""
    out = []
    for part in re.split(r"(?<=\?); ", hint):
        m = re.fullmatch(r"no (?P<what>resource|instructor) lists (?P<w>'[^']*'); did you mean "
                         r"(?P<c>'[^']*')\?", part)  # fmt: skip
        if m is None:
            raise UnknownPart(part)
        who = "资源" if m["what"] == "resource" else "教师"
        out.append(f"没有{who}具备{m['w']}，是否指{m['c']}？")
    return "（" + "；".join(out) + "）"


def no_candidate_zh(m: re.Match[str]) -> str:
    """``no candidate resource (kind …, features […], open to …); closest: …``."""
    want = re.fullmatch(
        r"kind (?P<kinds>.+?)(?:, features (?P<needs>\[.*?\]))?"
        r"(?:, one of 'resources' (?P<res>\[.*?\]))?, open to (?P<open>.+)",
        m["want"],
        re.S,
    )
    if want is None:
        raise UnknownPart(m["want"])
    what = "实习岗位" if m["what"] == "internship post" else "资源"
    wanted = [f"类型为{kinds_zh(want['kinds'])}"]
    if want["needs"]:
        wanted.append(f"具备特征 {want['needs']}")
    if want["res"]:
        wanted.append(f"属于'resources' {want['res']}")
    wanted.append(f"向{quoted_list(want['open'])}开放")
    head = f"没有符合条件的{what}（{'，'.join(wanted)}）"
    if m["none"]:
        none = m["none"][len(" the scenario has no ") :].removesuffix(" resource")
        return head + "：场景中没有" + kinds_zh(none)
    closest = "；".join(reasons_zh(c) for c in m["closest"].split("; "))
    more = f"（另有 {m['more']} 个）" if m["more"] else ""
    return f"{head}；最接近的：{closest}{more}{hint_zh(m['hint'])}"


#: The parts of an empty window (:meth:`scheduler.validation.windows.WindowChecks.window`).
EMPTY_PARTS = (
    (
        r"weeks \[(?P<lo>\d+), (?P<hi>\d+)\] are after the calendar's last week (?P<last>\d+)",
        "第 {lo}–{hi} 周在学期最后一周（第 {last} 周）之后",
    ),
    (r"'(?P<key>days|slots)' is empty", "“{key}”为空"),
    (
        r"(?P<key>days|slots) (?P<out>\[[\d, ]*\]) are beyond (?P<name>\w+) (?P<limit>\d+)",
        "{key} {out} 超出了 {name} {limit}",
    ),
)


#: The parts of a window the calendar ignores (a warning of
#: :meth:`scheduler.validation.windows.WindowChecks.window`).
IGNORED_PARTS = (
    (
        r"weeks (?P<lo>\d+)-(?P<hi>\d+) are after the calendar's last week",
        "第 {lo}–{hi} 周在学期最后一周之后",
    ),
    EMPTY_PARTS[2],
)


#: Why only so many sessions fit (:meth:`scheduler.validation.bounds.Bounds.session_bound`).
BOUNDS = (
    (
        r"the longest run of consecutive weeks at one day and slot is (?P<n>\d+)",
        "同一天同一节次最长只有连续 {n} 周",
    ),
    (
        r"the longest run of consecutive open days with room is (?P<n>\d+)",
        "有空位的开放日最长只有连续 {n} 天",
    ),
    (r"only (?P<n>\d+) non-overlapping times exist", "互不重叠的时间只有 {n} 个"),
    (
        r"max_per_week (?P<k>\d+) allows at most (?P<n>\d+)",
        "max_per_week {k} 最多允许 {n} 次",
    ),
    (
        r"min_days_apart (?P<k>\d+) allows at most (?P<n>\d+)",
        "min_days_apart {k} 最多允许 {n} 次",
    ),
)


class UnknownPart(Exception):
    """A part of a sentence no pattern knows: the whole sentence has no Chinese."""


def parts_zh(text: str, table: tuple[tuple[str, str], ...]) -> str:
    """The Chinese of each ``; ``-separated part of ``text``; :class:`UnknownPart` for a part
    no pattern of ``table`` knows."""
    out = []
    for part in text.split("; "):
        for pattern, zh in table:
            m = re.fullmatch(pattern, part)
            if m is not None:
                out.append(zh.format(**m.groupdict()))
                break
        else:
            raise UnknownPart(part)
    return "；".join(out)


def who_zh(who: str) -> str:
    """Whose people a headcount counts: the request's ``headcount``, a cohort, a list."""
    if who == "its 'headcount'":
        return "需求的'headcount'"
    return "班级 " + who[len("cohort ") :] if who.startswith("cohort ") else counted_list(who)
