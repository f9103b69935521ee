"""Report labels in Chinese (default, for the colleges and enterprises) and English.

One flat table of keys so every renderer (Markdown, HTML, plots, the web page) says
the same thing in the same words. :func:`label` falls back to English, then to the
key itself, so a missing translation shows up as a readable key instead of a crash.
"""

from __future__ import annotations

import string
from typing import Any, Literal

Lang = Literal["zh", "en"]
LANGS: tuple[str, ...] = ("zh", "en")

_LABELS: dict[str, dict[str, str]] = {
    # titles and sections
    # the heading with the scenario's name ("…: schedule report: name" had two colons;
    # Chinese takes its own colon)
    "report_title": {
        "zh": "实训资源共享排程报告：{scenario}",
        "en": "Schedule report of shared training resources: {scenario}",
    },
    "summary": {"zh": "概览", "en": "Summary"},
    "fulfilment": {"zh": "各单位需求满足情况", "en": "Fulfilment per institution"},
    "unmet": {"zh": "未满足的需求及原因", "en": "Unmet requests and reasons"},
    "conflicts": {
        "zh": "必需需求冲突（无法同时满足的原因）",
        "en": "Why the required requests cannot all hold (conflicts)",
    },
    "conflict_items": {"zh": "涉及对象", "en": "Involved"},
    "note_conflicts": {
        "zh": "必需需求无法同时满足。其余需求照常排入，冲突中的需求只排入剩余能排的部分。"
        "请按说明放宽其中一项（改为非必需、放宽时间窗口或增加资源）后重新求解；"
        "其余必需需求之间仍可能存在其他冲突。",
        "en": "The required requests cannot all hold. Everything else is scheduled as "
        "usual, and the conflicting requests get what still fits. Relax one of those "
        "named (make it optional, widen its window or add a resource) and solve again; "
        "the requests still required may then conflict in another way.",
    },
    "note_conflicts_nothing": {
        "zh": "必需需求无法同时满足，因此未排任何课程。"
        "请按说明放宽其中一项（改为非必需、放宽时间窗口或增加资源）。",
        "en": "The required requests cannot all hold, so nothing is scheduled. "
        "Relax one of those named (make it optional, widen its window or add a resource).",
    },
    "utilisation": {"zh": "资源利用率", "en": "Resource utilisation"},
    "utilisation_weekly": {"zh": "资源周利用率", "en": "Utilisation per week"},
    "resource_users": {"zh": "资源使用单位", "en": "Who used each resource"},
    "sharing": {
        "zh": "跨单位资源共享矩阵（人时）",
        "en": "Cross-institution sharing (person-hours)",
    },
    "trainees": {
        "zh": "企业员工培训（人时／人次）",
        "en": "Enterprise trainees (person-hours / person-times)",
    },
    "sharing_sessions": {
        "zh": "其中实训课（不含实习）",
        "en": "Of which training sessions (no internships)",
    },
    "trainee_cohorts": {"zh": "培训班组明细", "en": "Trainee groups"},
    "internship_hosts": {
        "zh": "实习岗位安排（按接收单位）",
        "en": "Internship posts filled per host",
    },
    "instructors": {
        "zh": "教师工作量与跨单位授课",
        "en": "Instructor load and cross-institution teaching",
    },
    "travel": {"zh": "班级／班组跨地点交通", "en": "Travel of cohorts between sites"},
    "home_site": {"zh": "所在地点", "en": "Home site"},
    "sessions_away": {"zh": "外出课次", "en": "Sessions away"},
    "travel_minutes": {"zh": "交通分钟（单程合计）", "en": "Travel minutes (one way, in all)"},
    "farthest_trip": {"zh": "最远一程", "en": "Farthest trip"},
    "days_at_two_sites": {"zh": "同日在两地上课的天数", "en": "Days at two sites"},
    "plots": {"zh": "图表", "en": "Charts"},
    "none": {"zh": "无", "en": "none"},
    "lang_switch": {"zh": "English", "en": "中文"},
    # summary keys
    "scenario": {"zh": "场景", "en": "Scenario"},
    "status": {"zh": "求解状态", "en": "Status"},
    "objective": {"zh": "目标值", "en": "Objective"},
    "solver": {"zh": "求解器", "en": "Solver"},
    "requests": {"zh": "需求数", "en": "Requests"},
    "sessions_requested": {"zh": "申请课次", "en": "Sessions requested"},
    "sessions_granted": {"zh": "安排课次", "en": "Sessions granted"},
    "person_hours_requested": {"zh": "申请人时", "en": "Person-hours requested"},
    "person_hours_granted": {"zh": "安排人时", "en": "Person-hours granted"},
    "interns_requested": {"zh": "申请实习人数", "en": "Interns requested"},
    "interns_placed": {"zh": "安排实习人数", "en": "Interns placed"},
    "unmet_requests": {"zh": "未完全满足的需求", "en": "Requests not met in full"},
    "worst_share": {"zh": "最低满足率（单位）", "en": "Worst fulfilled share (institution)"},
    "mean_utilisation": {"zh": "平均资源利用率", "en": "Mean resource utilisation"},
    "non_owner_share": {"zh": "非产权单位使用占比", "en": "Share of use by non-owners"},
    "trainee_person_hours": {"zh": "企业员工培训人时", "en": "Trainee person-hours"},
    "trainee_person_times": {"zh": "企业员工培训人次", "en": "Trainee person-times"},
    "teaching_hours": {"zh": "授课学时", "en": "Teaching hours"},
    "cross_teaching_hours": {"zh": "跨单位授课学时", "en": "Cross-institution teaching hours"},
    "slot_minutes": {"zh": "每节分钟数", "en": "Minutes per slot"},
    # columns
    "institution": {"zh": "单位", "en": "Institution"},
    "institutions": {"zh": "单位", "en": "Institutions"},
    "kind": {"zh": "类型", "en": "Kind"},
    "request": {"zh": "需求", "en": "Request"},
    "title": {"zh": "名称", "en": "Title"},
    "cohorts": {"zh": "班级／班组", "en": "Cohorts"},
    "missing": {"zh": "缺额", "en": "Missing"},
    "reason": {"zh": "原因", "en": "Reason"},
    "message": {"zh": "说明", "en": "Explanation"},
    "share": {"zh": "满足率", "en": "Fulfilled share"},
    "resource": {"zh": "资源", "en": "Resource"},
    "owner": {"zh": "产权单位", "en": "Owner"},
    "user": {"zh": "使用单位", "en": "User institution"},
    "capacity": {"zh": "容量", "en": "Capacity"},
    "available": {"zh": "可用量", "en": "Available"},
    "used": {"zh": "使用量", "en": "Used"},
    "unit": {"zh": "单位", "en": "Unit"},
    "util": {"zh": "利用率", "en": "Utilisation"},
    "seat_util": {"zh": "座位利用率", "en": "Seat utilisation"},
    "parts": {"zh": "使用次数", "en": "Uses"},
    "person_hours": {"zh": "人时", "en": "Person-hours"},
    "person_times": {"zh": "人次", "en": "Person-times"},
    "users": {"zh": "使用单位（人时）", "en": "Users (person-hours)"},
    "week": {"zh": "周", "en": "Week"},
    "user_owner": {"zh": "使用单位＼产权单位", "en": "User \\ owner"},
    "total": {"zh": "合计", "en": "Total"},
    "borrowed": {"zh": "使用他单位资源占比", "en": "Share in others' resources"},
    "lent": {"zh": "被他单位使用占比", "en": "Share used by others"},
    "cohort": {"zh": "班级／班组", "en": "Cohort"},
    "size": {"zh": "人数", "en": "People"},
    "sessions": {"zh": "课次", "en": "Sessions"},
    "trainees_n": {"zh": "培训人数", "en": "Trainees"},
    "groups": {"zh": "班组数", "en": "Groups"},
    "intern_weeks": {"zh": "实习人周", "en": "Intern-weeks"},
    "posts": {"zh": "岗位数", "en": "Posts"},
    "places": {"zh": "每周名额", "en": "Places per week"},
    "posts_used": {"zh": "已用岗位", "en": "Posts used"},
    "place_weeks": {"zh": "可用名额周", "en": "Place-weeks available"},
    "from_institutions": {"zh": "来源单位（人数）", "en": "From (interns)"},
    "instructor": {"zh": "教师", "en": "Instructor"},
    "slots": {"zh": "节数", "en": "Slots"},
    "hours": {"zh": "学时", "en": "Hours"},
    "busiest_week": {"zh": "周最多节数／上限", "en": "Busiest week / max slots"},
    "cross_parts": {"zh": "跨单位授课次数", "en": "Cross-institution parts"},
    "cross_hours": {"zh": "跨单位授课学时", "en": "Cross-institution hours"},
    "taught": {"zh": "授课对象单位（学时）", "en": "Taught (hours by institution)"},
    "unit_sessions": {"zh": "课次", "en": "sessions"},
    "unit_people": {"zh": "人", "en": "people"},
    "unit_slot_hours": {"zh": "小时", "en": "slot-hours"},
    "unit_place_weeks": {"zh": "名额周", "en": "place-weeks"},
    # English after a count of one (counted); Chinese has no plural
    "unit_sessions_one": {"en": "session"},
    "unit_people_one": {"en": "person"},
    "unit_slot_hours_one": {"en": "slot-hour"},
    "unit_place_weeks_one": {"en": "place-week"},
    # notes
    "note_person_hours": {
        "zh": "人时 = 人数 × 节数 × 每节小时；联合课程按各班人数分摊到单位。"
        "实习按每周全部开放节次计。",
        "en": "Person-hours = headcount x slots x hours per slot; joint sessions are split "
        "between institutions by cohort size. Internships count full time (every open slot "
        "of the week).",
    },
    "note_joint_counts": {
        "zh": "联合课程计入参加它的每个单位，故各行之和可大于总数；未提出需求的单位份额记为“—”。",
        "en": "A joint request counts for every institution whose cohorts attend it, so the "
        "rows can add up to more than the totals; an institution that asked for nothing "
        "shows '—' as its share.",
    },
    "note_utilisation": {
        "zh": "利用率 = 被占用的可用时段 ÷ 全部可用时段（不含停课日）；"
        "实习岗位 = 实习人周 ÷（名额 × 可用周数）。",
        "en": "Utilisation = occupied available slot-hours / available slot-hours (closed days "
        "excluded); internship posts: intern-weeks / (places x available weeks).",
    },
    "note_sharing": {
        "zh": "行：使用单位；列：资源产权单位；对角线以外即跨单位共享。",
        "en": "Rows: user institution; columns: owner institution; everything off the "
        "diagonal is sharing across institutions.",
    },
    "note_travel": {
        "zh": "交通分钟：从班组所属单位的校区到每个课次所在地点的最短单程时间（最多按一天计），"
        "即目标函数中的交通项；从不离开本校区的班组不列出。",
        "en": "Travel minutes: per session part, the shortest trip from the cohort's "
        "institution's site to the part's site, one way, at most a day (the objective's "
        "travel term); cohorts that never leave their site are not listed.",
    },
    "note_cross": {
        "zh": "跨单位授课：教师所属单位不是该课程任何班级所属的单位。",
        "en": "Cross-institution teaching: the instructor's institution is none of the "
        "session's cohorts' institutions.",
    },
    "plot_heatmap": {"zh": "资源 × 周利用率热力图", "en": "Utilisation heatmap (resource x week)"},
    "plot_sharing": {"zh": "共享矩阵热力图", "en": "Sharing matrix heatmap"},
    "plot_fulfilment": {"zh": "各单位满足率", "en": "Fulfilment per institution"},
    "plot_busiest": {
        "zh": "（共{total}个资源，此处为利用率最高的{shown}个；全部见表格）",
        "en": "({shown} busiest of {total} resources; the tables list all)",
    },
    "plot_most_sharing": {
        "zh": "（共{total}个单位，此处为人时最多的{shown}个；全部见表格）",
        "en": "({shown} of {total} institutions with the most person-hours; the tables list all)",
    },
    "plot_least_served": {
        "zh": "（共{total}个单位，此处为满足率最低的{shown}个；全部见表格）",
        "en": "({shown} least served of {total} institutions; the tables list all)",
    },
    # institution, resource and request kinds
    "college": {"zh": "院校", "en": "college"},
    "enterprise": {"zh": "企业", "en": "enterprise"},
    "institute": {"zh": "公共机构", "en": "institute"},
    "lab": {"zh": "实训室", "en": "lab"},
    "workshop": {"zh": "实训车间", "en": "workshop"},
    "training_base": {"zh": "实训基地", "en": "training base"},
    "internship_post": {"zh": "实习岗位", "en": "internship post"},
    "internship": {"zh": "实习", "en": "internship"},
    # unmet reasons (docs/reasons.md)
    # terminal summary of `trainshare solve` (scheduler/summary.py)
    "cli_solver": {"zh": "求解器", "en": "solver"},
    "cli_status": {"zh": "状态", "en": "status"},
    "cli_objective": {"zh": "目标值", "en": "objective"},
    "cli_bound": {"zh": "上界", "en": "bound"},
    "cli_trivial_bound": {
        "zh": "（即全部需求无代价满足时的值；贪心算法无法证明更紧的上界）",
        "en": "(all demand met at no cost: greedy proves no tighter bound)",
    },
    "cli_gap": {"zh": "差距", "en": "gap"},
    "cli_time": {"zh": "用时", "en": "time"},
    "cli_seconds": {"zh": "{s} 秒", "en": "{s} s"},
    "cli_scheduled": {"zh": "已安排", "en": "scheduled"},
    "cli_scheduled_value": {
        "zh": "{sessions} 课次，{placed} 项实习",
        "en": "{sessions} session{sessions:s}, {placed} internship{placed:s}",
    },
    "cli_unmet": {"zh": "未满足", "en": "unmet"},
    # what a re-solve (--published) kept, after the summary
    "cli_term_over": {
        "zh": "学期已结束：已发布的课表原样保留",
        "en": "the term is over: its published timetable is kept as it is",
    },
    "cli_resolved_from": {
        "zh": "从{day}起重新求解；{kept} 项进行中的需求保留已发布的课表",
        "en": "re-solved from {day} on; the published timetable is kept for {kept} request{kept:s} "
        "under way",
    },
    "cli_kept_dropped": {
        "zh": "警告：{dropped} 项已发布的安排不再符合变动后的学期，无法保留"
        "（metrics.kept_dropped）",
        "en": "warning: {dropped} published booking{dropped:s} the changed term no longer allows "
        "could not be kept (metrics.kept_dropped)",
    },
    "cli_conflict": {"zh": "冲突", "en": "conflict"},
    "cli_shares": {
        "zh": "各单位需求满足情况（最差在前）",
        "en": "Fulfilled demand per institution (worst first)",
    },
    "cli_institution": {"zh": "单位", "en": "institution"},
    "cli_fulfilled": {"zh": "已满足", "en": "fulfilled"},
    "cli_demanded": {"zh": "需求", "en": "demanded"},
    "cli_share": {"zh": "满足率", "en": "share"},
    "cli_unmet_title": {"zh": "未满足的需求（按原因）", "en": "Unmet requests by reason"},
    "cli_reason": {"zh": "原因", "en": "reason"},
    "cli_requests": {"zh": "需求数", "en": "requests"},
    "cli_missing": {"zh": "缺额", "en": "missing"},
    "cli_messages": {"zh": "前几条说明", "en": "first messages"},
    "cli_more": {"zh": "……另有 {n} 条", "en": "... and {n} more"},
    "cli_all_met": {"zh": "所有需求均已完全满足。", "en": "Every request is met in full."},
    "cli_util_title": {
        "zh": "资源利用率（已用／可用小时数）",
        "en": "Resource utilisation (used / available slot-hours)",
    },
    "cli_resource": {"zh": "资源", "en": "resource"},
    "cli_kind": {"zh": "类型", "en": "kind"},
    "cli_used_h": {"zh": "已用小时", "en": "used h"},
    "cli_available_h": {"zh": "可用小时", "en": "available h"},
    "cli_utilisation": {"zh": "利用率", "en": "utilisation"},
    "cli_busiest": {"zh": "最忙", "en": "busiest"},
    "cli_idlest": {"zh": "最闲", "en": "idlest"},
    "cli_written": {"zh": "排程已写入 ", "en": "schedule written to "},
    "reason_no_resource": {"zh": "无匹配资源", "en": "no matching resource"},
    "reason_window": {"zh": "时间窗口内无可用时间", "en": "no time in the window"},
    "reason_capacity": {"zh": "资源已满", "en": "resources full"},
    "reason_instructor": {"zh": "无可用教师", "en": "no instructor"},
    "reason_conflict": {"zh": "班级时间冲突", "en": "cohort busy"},
    "reason_precedence": {"zh": "先修顺序限制", "en": "precedence"},
    "reason_pattern": {"zh": "排课模式限制", "en": "pattern"},
    "reason_travel": {"zh": "跨地点交通时间不足", "en": "travel time"},
    "reason_trade_off": {
        "zh": "权衡取舍（可安排，但代价不低于收益或搜索提前结束）",
        "en": "trade-off",
    },
    "reason_time_limit": {"zh": "求解时间用尽", "en": "time limit"},
    "reason_infeasible": {"zh": "必需需求互相冲突", "en": "infeasible"},
    "reason_": {"zh": "未给出原因", "en": "no reason given"},
    # schedule status (the spec's codes; English shows the code itself)
    "status_optimal": {"zh": "最优", "en": "optimal"},
    "status_feasible": {"zh": "可行", "en": "feasible"},
    "status_infeasible": {"zh": "无解（必需需求互相冲突）", "en": "infeasible"},
    "status_unknown": {"zh": "未定（未证明存在满足全部必需需求的排程）", "en": "unknown"},
}


class _Counting(string.Formatter):
    """``str.format`` that also reads ``{n:s}`` after an English noun: ``s`` unless the
    whole number ``n`` is 1 ("1 of 1 internship placed", "2 internships"), and
    ``{n:person|people}``: the first word for 1, the second otherwise. Any other field and
    spec is formatted as ``str.format`` does (``{name:s}`` of a text stays the text)."""

    def format_field(self, value: Any, format_spec: str) -> str:
        n = _count(value)
        if n is not None:
            if format_spec == "s":
                return "" if n == 1 else "s"
            one, bar, many = format_spec.partition("|")
            if bar:
                return one if n == 1 else many
        return str(super().format_field(value, format_spec))


def _count(value: Any) -> float | None:
    """``value`` as a count: a number, or a number already written out ("1,234"); ``None``
    for anything else. A float or a written number under ``{n:s}`` raised or printed
    itself, where the noun's ending was meant."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    if isinstance(value, str):
        try:
            return float(value.replace(",", ""))
        except ValueError:
            return None
    return None


_COUNTING = _Counting()


def fill(text: str, **fields: Any) -> str:
    """``text`` with its ``{field}`` placeholders filled, ``{n:s}`` counting (:class:`_Counting`):
    every label and page word with a count is filled here, so one of a thing reads right."""
    return _COUNTING.format(text, **fields)


def counted(n: float, unit: str, lang: str, shown: str | None = None) -> str:
    """``n`` (shown as ``shown``, else as it is) with its unit label (``unit_<unit>``), in
    English singular for one ("1 session", "1 person"; it read "1 sessions")."""
    key = f"unit_{unit}"
    if lang == "en" and n == 1 and f"{key}_one" in _LABELS:
        key += "_one"
    return f"{n if shown is None else shown} {label(key, lang)}"


def label(key: str, lang: str = "zh") -> str:
    """The label of ``key`` in ``lang`` (English, then the key itself, as fallbacks)."""
    entry = _LABELS.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry.get("en") or key


def bracketed(text: str, inner: str, lang: str) -> str:
    """``text`` with ``inner`` after it in brackets: full-width in Chinese, as the rest of
    a Chinese line (``可行（feasible）``, ``66.7%（College B）``), ``text (inner)`` in
    English. The one rule of the reports and the CLI summary, so they write it alike."""
    return f"{text}（{inner}）" if lang == "zh" else f"{text} ({inner})"


def status_text(status: str, solver: str | None, lang: str = "zh") -> str:
    """The status row of a report: people's words, with the code and the solver.

    English shows the spec's code as it is (``optimal (cpsat)``); Chinese says it in
    words and keeps the code for those who search for it (``最优（optimal, cpsat）``).
    """
    text = label(f"status_{status}", lang)
    detail = [status] if text != status else []
    detail += [solver] if solver else []
    return bracketed(text, ", ".join(detail), lang) if detail else text


def reason_label(code: str, lang: str = "zh") -> str:
    """People's words for an unmet reason code (``""`` when the schedule gave none)."""
    return label(f"reason_{code}", lang)
