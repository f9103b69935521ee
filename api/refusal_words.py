"""Validation refusals as colleges read them: things named, and the sentence in Chinese.

The validator (:mod:`scheduler.validation`) quotes ids (``cohort 'col-b/b-weld-1' is
never available ...``); a refusal of a submission or an extra request has its scenario
at hand, so :func:`worded` names those things by their name with the id after it, as
the explanations of a schedule do (:class:`~api.refusal_naming.Naming`).

:func:`zh` gives the Chinese of the refusals and warnings a request (a submitted one or
an extra request) or a cohort can meet, one pattern per sentence of the validator (the
parts that vary within a sentence: :mod:`api.refusal_zh_parts`); a sentence no pattern
knows has no Chinese (``messages`` leaves ``zh`` out), as a schedule's ``messages``
leave out a language they lack.
``tests/api/test_refusal_words.py`` sends each through.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from api.refusal_naming import no_naming
from api.refusal_zh_parts import (
    BOUNDS,
    EMPTY_PARTS,
    IGNORED_PARTS,
    KIND_ZH,
    LIST_GROUPS,
    NEVER_ZH,
    UnknownPart,
    counted_list,
    cycle_zh,
    hint_zh,
    no_candidate_zh,
    parts_zh,
    pushed_zh,
    reasons_zh,
    who_zh,
)
from api.refusal_zh_parts import QUOTED_ID as _ID  # short: the patterns read it often


@cache
def _zh_rules() -> tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...]:
    """(English sentence, its Chinese): ``{name}`` are the pattern's groups, quoted ids
    kept as written (named afterwards in each language). The errors the validator gives a
    request's own fields (scheduler/validation: references, shapes, windows, times,
    feasibility, instructors, internships) and the extra-request route's own, then the
    warnings a request or cohort can meet (:func:`_warning_rules`); a request that is not
    required is warned of its refusals, with the tail :func:`zh` adds."""

    def unknown(m: re.Match[str]) -> str:
        hint = f"（是否指{m['close']}？）" if m["close"] else ""
        return f"未知的{KIND_ZH[m['kind']]}{m['id']}{hint}"

    kinds = "|".join(KIND_ZH)
    rules: list[tuple[str, str | Callable[[re.Match[str]], str]]] = [
        (
            rf"unknown (?P<kind>{kinds}) (?P<id>{_ID})(?: \(did you mean (?P<close>{_ID})\?\))?",
            unknown,
        ),
        (
            rf"duplicate id (?P<id>{_ID}) \(already used by (?P<where>[^)]*)\)",
            "编号{id}重复（已被 {where} 使用）",
        ),
        (
            rf"cohort (?P<id>{_ID}) is listed twice \(also cohorts\[(?P<n>\d+)\]\); a joint "
            r"session counts each cohort once",
            "班级{id}重复列出（另见 cohorts[{n}]）；联合课程中每个班级只计一次",
        ),
        (rf"request (?P<id>{_ID}) cannot come after itself", "需求{id}不能排在它自己之后"),
        # an extra request's own refusals (api/extra_answers.py)
        (
            rf"cohort (?P<id>{_ID}) was submitted after version (?P<n>\d+) was published, so "
            r"it is not in that timetable; ask the planner to re-solve the term with it",
            "班级{id}是在第 {n} 版发布之后提交的，不在该课表中；请排程管理员把它加入后重新求解",
        ),
        (
            rf"(?P<kind>cohort|request) (?P<id>{_ID}) was withdrawn from the term after it was "
            r"published, so an extra request cannot name it",
            lambda m: f"{KIND_ZH[m['kind']]}{m['id']}在发布后已从学期中撤回，追加申请不能再使用它",
        ),
        (
            rf"(?P<id>{_ID}) is already used by a published request",
            "{id}已被已发布的需求使用",
        ),
        (rf"(?P<id>{_ID}) is already used", "{id}已被使用"),
        (
            r"max_per_week 0 allows no session of a free request; leave it out for no weekly "
            r"limit, or give at least 1",
            "max_per_week 为 0 时，自由安排的需求一次课也排不了；不限每周次数请留空，否则至少填 1",
        ),
        (
            r"duration (?P<d>\d+) is longer than a day \((?P<spd>\d+) slots per day\); a "
            r"session stays within one day",
            "每次课 {d} 节，超过一天的节数（每天 {spd} 节）；一次课须在一天之内",
        ),
        (
            r"'window' is empty: the (?P<what>request|internship) can never be placed",
            "'window'为空：该需求永远无法安排",
        ),
        (
            r"the window \(without closed days\) has no room for one (?:(?P<d>\d+)-slot )?session",
            lambda m: (
                "时间窗口（除去停课日）内连一次课"
                + (f"（{m['d']} 节）" if m["d"] else "")
                + "的时间都没有"
            ),
        ),
        (
            rf"cohort (?P<id>{_ID}) is never available for a (?P<what>.+?) inside (?P<who>.*?)"
            r"the window; widen the window or the cohort's 'available'",
            lambda m: (
                f"班级{m['id']}在时间窗口内"
                + ("与其他班级都有空的时间里" if m["who"] else "")
                + "没有一段可用时间能安排一次课；请放宽时间窗口或该班级的'available'"
            ),
        ),
        (
            r"no candidate resource \((?P<ids>.+)\) is available for a (?P<what>.+?) at a time "
            r"the window and the cohorts allow",
            "在时间窗口和班级允许的时间内，没有一个候选资源（{ids}）可用",
        ),
        (
            r"the candidate resources \((?P<ids>.+)\) are reserved for their owners "
            r"\('owner_windows'\) at every time the window and the cohorts allow; widen the "
            r"window or narrow 'owner_windows'",
            "在时间窗口和班级允许的所有时间，候选资源（{ids}）都为其所属单位保留（owner_windows）"
            "；请放宽时间窗口或缩小'owner_windows'",
        ),
        (
            r"no qualified instructor \((?P<ids>.+)\) is available at a time the window, the "
            r"cohorts and the resources allow",
            "在时间窗口、班级和资源都允许的时间内，没有一位符合条件的教师（{ids}）可用",
        ),
        (
            r"'instructors' is empty: no instructor may teach it",
            "'instructors'为空：没有教师可以授课",
        ),
        (
            r"an instructor is needed but the scenario has none(?: among 'instructors' "
            r"(?P<among>\[.*\]))?",
            lambda m: (
                "需要教师，但"
                + (f"'instructors' {m['among']} 中" if m["among"] else "场景中")
                + "没有教师"
            ),
        ),
        (
            r"(?P<weeks>\d+) weeks of internship exceed the calendar's (?P<n>\d+) weeks",
            "实习 {weeks} 周，超过了学期的 {n} 周",
        ),
        (
            r"no run of (?P<weeks>\d+) consecutive weeks lies inside the window and the "
            r"attending cohorts' 'available' \(read by week\)(?:; weeks? (?P<closed>[\d, ]+) "
            r"(?:is|are) closed throughout \(nobody trains in (?:it|them)\))?",
            lambda m: (
                f"在时间窗口和参加班级的'available'（按周计）之内，没有连续 {m['weeks']} 周的时间"
                + (
                    f"；第 {m['closed'].replace(', ', '、')} 周全周停课（无人上课）"
                    if m["closed"]
                    else ""
                )
            ),
        ),
        (
            r"in no run of (?P<weeks>\d+) consecutive weeks inside the window are enough "
            r"candidate posts available for (?P<n>\d+) interns \(posts' 'available', and "
            r"'owner_windows' for other institutions' interns, are read by week\)",
            "在时间窗口内的任何连续 {weeks} 周里，都没有足够的候选实习岗位可接收 {n} 名实习生"
            "（岗位的'available'以及对其他单位实习生适用的'owner_windows'均按周计）",
        ),
        (
            r"(?P<n>\d+) interns exceed all candidate internship posts together "
            r"\((?P<total>\d+) places a week: (?P<listing>.+)\); add posts or raise their "
            r"capacity",
            "{n} 名实习生超过了全部候选实习岗位的容量之和（每周 {total} 个名额：{listing}）；"
            "请增加岗位或提高其容量",
        ),
        (
            r"headcount (?P<n>\d+) \((?P<who>.+)\) exceeds even all candidate resources "
            r"together \((?P<total>\d+): (?P<listing>.+)\); add resources or shrink the cohort",
            lambda m: (
                f"人数 {m['n']}（{who_zh(m['who'])}）超过了全部候选资源的容量之和"
                f"（{m['total']}：{counted_list(m['listing'])}）；请增加资源或缩小班级"
            ),
        ),
        (
            r"headcount (?P<n>\d+) \((?P<who>.+)\) exceeds every candidate resource: the "
            rf"largest is (?P<id>{_ID}) with capacity (?P<cap>\d+) \+ overflow (?P<over>\d+); "
            r"set 'split': true or add a larger resource",
            lambda m: (
                f"人数 {m['n']}（{who_zh(m['who'])}）超过了每一个候选资源的容量：最大的是"
                f"{m['id']}，容量 {m['cap']} + 超额 {m['over']}；"
                "可设置 'split': true 或增加更大的资源"
            ),
        ),
        (
            r"empty window: (?P<parts>.+) - it selects no slot",
            lambda m: "时间窗口为空：" + parts_zh(m["parts"], EMPTY_PARTS) + "——它选不出任何节次",
        ),
        (
            r"at most (?P<most>\d+) of the (?P<n>\d+) sessions? can ever be placed: (?P<why>.+) "
            r"\(pattern '(?P<pattern>\w+)', window, availability and closed days considered\); "
            r"lower 'sessions' or widen the window",
            lambda m: (
                f"{m['n']} 次课中最多只能安排 {m['most']} 次："
                + parts_zh(m["why"], BOUNDS)
                + f"（已考虑排课方式'{m['pattern']}'、时间窗口、可用时间和停课日）；"
                "请减少'sessions'或放宽时间窗口"
            ),
        ),
        (
            r"at most (?P<most>\d+) of the (?P<n>\d+) sessions? can ever be placed: the "
            r"qualified instructors \((?P<ids>.+)\) may teach (?P<per>\d+) (?P<d>\d+)-slot "
            r"session\(s\) a week between them \('max_slots_per_week'\) in the "
            r"(?P<weeks>\d+) weeks? it can run; lower 'sessions', add an instructor or raise "
            r"their weekly load",
            "{n} 次课中最多只能安排 {most} 次：符合条件的教师（{ids}）在可上课的 {weeks} 周里"
            "每周合计最多教 {per} 次 {d} 节的课（'max_slots_per_week'）；"
            "请减少'sessions'、增加教师或提高其每周课时上限",
        ),
        (
            r"every qualified instructor \((?P<ids>.+)\) may teach at most (?P<most>\d+) "
            r"slot\(s\) a week \('max_slots_per_week'\), less than one (?P<d>\d+)-slot "
            r"session; raise it or add an instructor",
            "每位符合条件的教师（{ids}）每周最多只能教 {most} 节（'max_slots_per_week'），"
            "不够上一次 {d} 节的课；请提高该上限或增加教师",
        ),
        (
            r"the cohort needs at least (?P<parts>\d+) parallel parts \(split\) and so "
            r"(?P<same>\d+) instructors at once, but only (?P<n>\d+) qualify \((?P<ids>.+)\)",
            "班级至少需要分成 {parts} 个平行部分（split），因此需要同时有 {parts} 位教师，"
            "但符合条件的只有 {n} 位（{ids}）",
        ),
        (
            r"'resource_kinds' is empty: no candidate (?P<what>resource|internship post)",
            lambda m: (
                "'resource_kinds'为空：没有候选的"
                + ("实习岗位" if m["what"] == "internship post" else "资源")
            ),
        ),
        (
            r"'resource_kinds' (?P<kinds>\[.*?\]) names no internship_post, and an internship "
            r"uses only internship posts: no candidate internship post",
            "'resource_kinds' {kinds} 中没有实习岗位，而实习只使用实习岗位：没有候选的实习岗位",
        ),
        (
            r"'resource_kinds' names only internship_post, and sessions never use internship "
            r"posts: no candidate resource \(use kind 'internship' for a placement\)",
            "'resource_kinds' 只列了实习岗位，而课程不使用实习岗位：没有候选资源"
            "（实习请使用 kind 'internship'）",
        ),
        (
            r"no candidate (?P<what>resource|internship post) \((?P<want>[^()]*)\)"
            r"(?::(?P<none> the scenario has no .+)|; closest: (?P<closest>.+?)"
            r"(?: \(and (?P<more>\d+) more\))?)(?: \((?P<hint>no \w+ lists .+)\))?",
            no_candidate_zh,
        ),
        (
            r"no instructor(?: among 'instructors' (?P<among>\[.*?\]))? has skills "
            r"(?P<skills>\[.*?\]); closest: (?P<closest>.+?)(?: \((?P<hint>no \w+ lists .+)\))?",
            lambda m: (
                "没有教师"
                + (f"（在'instructors' {m['among']} 中）" if m["among"] else "")
                + f"具备技能 {m['skills']}；最接近的："
                + "；".join(reasons_zh(c) for c in m["closest"].split("; "))
                + hint_zh(m["hint"])
            ),
        ),
        *_warning_rules(),
    ]
    return tuple((re.compile(p, re.S), zh) for p, zh in rules)


def _warning_rules() -> list[tuple[str, str | Callable[[re.Match[str]], str]]]:
    """The validator's warnings about a request or a cohort (scheduler/validation:
    references, shapes, precedence, no_candidate, feasibility, windows, sites), which a
    college reads with its submission."""
    return [
        (
            rf"(?P<id>{_ID}) is listed twice \(also \[(?P<n>\d+)\]\)",
            "{id}重复列出（另见 [{n}]）",
        ),
        (
            r"'(?P<name>\w+)' does not apply to internships; ignored",
            "'{name}'不适用于实习，已忽略",
        ),
        (r"'(?P<name>\w+)' applies to internships only; ignored", "'{name}'只适用于实习，已忽略"),
        (
            r"'(?P<name>\w+)' applies to free requests only, not to pattern '(?P<p>\w+)'; "
            r"ignored",
            "'{name}'只适用于自由安排（free）的需求，不适用于排课方式'{p}'，已忽略",
        ),
        (
            rf"'after' forms a cycle: (?P<cycle>{_ID}(?: after {_ID})+); (?P<why>no order "
            r"satisfies it, and all of them are required: they cannot all be met in full "
            r"\(a conflict\)|not all of them can be scheduled \(not all are required: the "
            r"ones left out will be reported unmet\))",
            cycle_zh,
        ),
        (
            rf"(?P<id>{_ID}) must start after required (?P<first>{_ID}) ends, which is at the "
            r"earliest at the end of week (?P<w>\d+), day (?P<d>\d+), slot (?P<s>\d+); "
            r"(?P<fits>.+?)(?P<both>; both are required: they cannot both be met in full "
            r"\(a conflict\))?",
            pushed_zh,
        ),
        (
            rf"(?P<item>{_ID} .+): (?P<then>it is never used for this request|the preference "
            r"can never be honoured)",
            lambda m: reasons_zh(m["item"]) + "：" + NEVER_ZH[m["then"]],
        ),
        (
            r"headcount (?P<h>\d+) exceeds the cohorts' total size (?P<n>\d+)",
            "人数 {h} 超过了班级的总人数 {n}",
        ),
        (
            r"'windows' is empty: this preference can never be honoured",
            "'windows'为空：该偏好永远无法满足",
        ),
        (
            r"(?P<parts>.+) \(ignored\)",
            lambda m: parts_zh(m["parts"], IGNORED_PARTS) + "（已忽略）",
        ),
        (
            rf"'available' is empty: (?P<kind>cohort|resource|instructor) (?P<id>{_ID}) is "
            r"never available",
            lambda m: f"'available'为空：{KIND_ZH[m['kind']]}{m['id']}永远没有可用时间",
        ),
        (
            rf"(?P<kind>cohort|resource|instructor) (?P<id>{_ID}) is available only on closed "
            r"days: never available",
            lambda m: f"{KIND_ZH[m['kind']]}{m['id']}只在停课日可用：永远没有可用时间",
        ),
        (
            rf"cohort (?P<id>{_ID}) is based at site (?P<site>{_ID}), which has no travel path "
            r"to any candidate resource's site \((?P<sites>.+)\); add a 'travel' edge \(the "
            r"trip is costed as a full day\)",
            "班级{id}所在的地点{site}与任何候选资源所在的地点（{sites}）之间都没有交通路径；"
            "请添加'travel'连接（这样的行程按一整天计）",
        ),
        # an id itself (scheduler/validation/references.py)
        (
            rf"id (?P<id>{_ID}) has spaces around it: a workbook import reads (?P<read>{_ID})",
            "编号{id}前后有空格：从工作簿导入时会读作{read}",
        ),
        (
            rf"id (?P<id>{_ID}) holds an invisible character \(U\+(?P<code>[0-9A-F]+) at position "
            rf"(?P<n>\d+)\): it reads as (?P<read>{_ID}) but is another id",
            "编号{id}含有不可见字符（第 {n} 个字符，U+{code}）：看起来是{read}，实际上是另一个编号",
        ),
        (
            rf"id (?P<id>{_ID}) looks the same as (?P<where>\w+\[\d+\])\.id (?P<other>{_ID}) "
            r"but is another id \(invisible or differently encoded characters\)",
            "编号{id}看起来与 {where}.id {other} 相同，实际上是另一个编号"
            "（含有不可见字符或编码不同）",
        ),
    ]


#: What the validator adds to a refusal of a request that is not required, which is then
#: a warning (:meth:`scheduler.validation.base.ValidatorBase.reporter`).
_NOT_REQUIRED = (
    " (not required: it will be reported unmet)",
    "（非必需需求：将作为未满足的需求报告）",
)


def zh(sentence: str) -> str | None:
    """The Chinese of a validator's refusal (ids quoted as in the English), or of its
    warning for a request that is not required; None for a sentence no pattern knows."""
    en_tail, zh_tail = _NOT_REQUIRED
    if sentence.endswith(en_tail):
        said = zh(sentence[: -len(en_tail)])
        return said + zh_tail if said is not None else None
    for pattern, template in _zh_rules():
        m = pattern.fullmatch(sentence)
        if m is None:
            continue
        if callable(template):
            try:
                return template(m)
            except UnknownPart:
                return None
        return template.format(
            **{k: LIST_GROUPS.get(k, str)(v or "") for k, v in m.groupdict().items()}
        )
    return None


def worded(
    sentence: str, naming: Callable[[str, str], str] = no_naming
) -> tuple[str, dict[str, str]]:
    """A refusal's ``msg`` and ``messages``: things named in each language, and the
    Chinese where :func:`zh` knows the sentence."""
    chinese = zh(sentence)
    return naming(sentence, "en"), ({"zh": naming(chinese, "zh")} if chinese else {})
