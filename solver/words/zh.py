"""Chinese templates for the planners (报告默认语言), in the words of the report labels
(``scheduler/reports/labels.py``): 班级, 实训室, 教师, 时间窗口, 容量, 先修顺序.

Numbers stand apart from the words by a space, and week ranges take an en dash, as
on the pages (``第 1–4、7 周``, ``5 次课``): :func:`solver.words.spaced` puts the spaces
where a fact meets the words, so the templates are written without them.

Things are named as in the English (:mod:`solver.words.names`: ``“名称”（id）``, or an id
alone in the pages' quotes, ``“id”``), so that redaction finds them; ASCII quotes are
left to field names and codes (``'after'``).
"""

from __future__ import annotations

TEMPLATES: dict[str, str] = {
    # separators and lists
    "sep_list": "、",
    "sep_and": "，且",
    "sep_clause": "；",
    "ids_more": "{ids}及另外{n}个",
    "top_more": "{names}及另外{n}个需求",
    "internship_id": "实习{id}",
    "paren": "（{x}）",
    # times
    "when": "第{week}周{day}第{slot}节",
    "day_1": "周一",
    "day_2": "周二",
    "day_3": "周三",
    "day_4": "周四",
    "day_5": "周五",
    "day_6": "周六",
    "day_7": "周日",
    "day_n": "第{day}天",
    "possible_weeks": "（可用周次：第{weeks}周）",
    # how much fits
    "sessions_fit": "{n}次课中只能排下{fit}次",
    "no_session_fits": "一次课也排不下",
    "tail": "；{also}，{some}",
    # trade_off
    "fits_sessions": "单独排入时可以安排（按最终排程可排下全部{n}次课）",
    "fits_internship": "单独排入时可以安排（{headcount}名实习生，{weeks}周）",
    "trade_off_search": "{fits}，且能使目标值提高{change:,.0f}；但搜索在安排它之前已结束",
    "time_limit_search": (
        "{fits}，且能使目标值提高{change:,.0f}；但搜索在安排它之前已达到时间（或工作量）上限"
    ),
    "trade_off_penalty": (
        "{fits}，但若安排在该处，所增加的惩罚{why}会超过按本场景权重计算的需求价值（目"
        "标值变化{change:+,.0f}）"
    ),
    "trade_off_tie": (
        "{fits}，但若安排在该处，所增加的惩罚{why}恰好等于按本场景权重计算的需求价值（"
        "目标值变化 +0）：排与不排得分相同"
    ),
    "left_out_search": (
        "；按最终排程还能再排下{n}次课，且能使目标值提高{change:,.0f}；但搜索已先结束"
    ),
    "left_out_time_limit": (
        "；按最终排程还能再排下{n}次课，且能使目标值提高{change:,.0f}；"
        "但搜索在安排之前已达到时间（或工作量）上限"
    ),
    "left_out_penalty": (
        "；按最终排程还能再排下{n}次课，但所增加的惩罚{why}超过了按本场景权重计算的需求价值"
        "（目标值变化{change:+,.0f}）"
    ),
    "left_out_tie": (
        "；按最终排程还能再排下{n}次课，但所增加的惩罚{why}恰好等于按本场景权重计算的需求价值"
        "（目标值变化 +0）"
    ),
    "term_cost": "{term} +{value:,}",
    "term_preference_misses": "未满足的偏好",
    "term_extra_resources": "额外使用的资源",
    "term_travel_minutes": "交通分钟数",
    "term_overflow_person_slots": "超出容量的人数（按节计）",
    "term_missing_days": "不足的上课天数",
    "term_isolated_sessions": "孤立课次",
    # no_resource
    "no_post": "没有与{id}匹配的实习岗位（涉及所需特征、候选清单及接收单位的开放范围'open_to'）",
    "posts_too_small": "匹配的实习岗位（{posts}）同时只能接收{headcount}名实习生中的{room}名",
    "no_resource": (
        "没有与{id}匹配的资源：没有一个资源同时具备所需类型和特征、在其候选清单中、"
        "向{institutions}开放，并能{one_room}容纳其{headcount}人"
    ),
    "in_one_room": "在同一间实训室内",
    "split_too_small": "匹配的资源（{resources}）全部合起来也只能容纳{headcount}人中的{room}人",
    # the first stage that takes sessions away
    "window_no_start": (
        "在时间窗口、停课日和班级{cohorts}的可用时间限制下，没有可开始上课的时间：{some}"
    ),
    "window_too_little": (
        "时间窗口、停课日以及班级{cohorts}和资源{resources}的可用时间{owners}留下的余地太小："
        "{some}{where}"
    ),
    "owners_keep": "（以及产权单位留给本单位班级的时间，即'owner_windows'）",
    "precedence": "{order}；在此期间{some}",
    "conflict": "每当有匹配的资源空闲时，班级{cohorts}都已有其他安排{busy}：{some}",
    "cohorts_is": "",
    "cohorts_are": "",
    "busy_with": "（时间被{who}占用）",
    "capacity": (
        "在班级{cohorts}能上课的所有时间，全部候选资源（{resources}）都已被占用{taken}：{some}"
    ),
    "taken_comma": "（占用者：{who}）",
    "instructor_none": "没有教师既具备{id}所需的技能又在其指定的教师名单中",
    "instructor_never": (
        "无论其他课程如何安排，合格教师（{instructors}）在本需求可以上课的任何时间"
        "都无法完整上一次课"
    ),
    "instructor": (
        "在实训室和班级都空闲的时间，没有合格教师（{instructors}）同时满足可用、"
        "无其他课程且未超出每周课时上限：{some}"
    ),
    "travel": (
        "在实训室、班级和教师都空闲的日子里，不同地点之间的交通时间{trip}留不出足够的间隔：{some}"
    ),
    "trip": "（至少{minutes}分钟，如从{a}到{b}）",
    "trip_no_path": "（{a}与{b}之间没有通路）",
    "travel_no_instructor": (
        "在实训室和班级都空闲的日子里，不同地点之间的交通时间{trip}留不出足够的间隔：{some}"
    ),
    "pattern": "单次课可以安排，但按排课模式（{shape}），{some}{order}",
    "pattern_cut": "，因为{why}",
    "cut_cohort": "班级{cohorts}在按模式应再排课的时间已有安排{busy}",
    "cut_resources": "候选资源（{resources}）在按模式应再排课的时间已有安排{by}",
    "cut_instructors": "教师（{instructors}）在按模式应再排课的时间已有其他安排或已达每周课时上限",
    # later stages, in the sentence's tail
    "also_must": "再加上必须{clauses}",
    "also_order_binds": "再加上先修顺序约束",
    "also_conflict": "再计入班级{cohorts}的其他课程{by}",
    "busy_with_also": "（时间被{who}占用）",
    "also_capacity": "再计入资源{resources}的其他预订{by}",
    "taken_by": "（被{who}占用）",
    "also_instructor": "再计入教师（{instructors}）的安排",
    "also_travel": "再计入不同地点之间的交通时间{trip}",
    "also_pattern": "再按其排课模式（{shape}）{order}",
    # patterns
    "shape_weekly": "连续各周的同一天同一节",
    "shape_block": "连续的开放日",
    "shape_max": "每周最多{n}次",
    "shape_apart": "至少间隔{n}天",
    "shape_any": "其排课模式",
    # internships
    "intern_window": (
        "在时间窗口内找不到连续{weeks}周，使班级{cohorts}能够参加且有足够的实习岗位（{posts}）可用"
        "{owners}{closed}"
    ),
    "intern_closed_week": "；第{weeks}周全周停课（无人上课或实习）",
    "intern_closed_weeks": "；第{weeks}周全周停课（无人上课或实习）",
    "intern_precedence": "{order}；在此期间排不下连续{weeks}周",
    "intern_conflict": "在每一段可能的连续{weeks}周内，班级{cohorts}都有课程或其他实习{busy}",
    "intern_capacity": "在每一段可能的实习时段内，实习岗位（{posts}）都已满员{by}",
    # precedence
    "must": "本需求必须{clauses}",
    "order_binds": "本需求的先修顺序约束限制了可排时间",
    "after_clause": "在{id}结束（{when}）之后开始",
    "before_clause": "在{id}开始（{when}）之前结束",
    # a re-solve that keeps the past (solver/kept_past/)
    "kept": (
        "本需求按已发布的安排保留，因为{why}：重新求解不改动第{week}周第{day}天之前的安排，"
        "对已开始的需求只在其规则允许时增加课次"
    ),
    "kept_run": "其按{pattern}模式排定的系列课次已经开始",
    "kept_before": "排在它之后的{id}已经开始",
    # infeasible scenarios (solver/cpsat/conflicts/)
    "core": (
        "必需需求{names}无法同时完全满足：{parts}。请放宽其中一个需求（改为非必需、放"
        "宽时间窗口或增加资源）后重新求解；其余必需需求之间仍可能存在其他冲突。"
    ),
    "count_cohort": (
        "它们都包含班级{names}，班级同一时间只能上一个课次，在它们可排的时间内（{span}）"
        "只有{room}个空闲节次，而它们共需{need}节"
    ),
    "count_resource": (
        "它们只能使用{names}，该资源同一时间只能安排一个课次，"
        "在它们可排的时间内（{span}）有{room}个可用节次，而它们共需{need}节"
    ),
    "count_resources": (
        "它们只能使用{names}，这些资源同一时间各只能安排一个课次，"
        "在它们可排的时间内（{span}）共有{room}个可用节次，而它们共需{need}节"
    ),
    "count_shared": (
        "它们只能使用{names}，该资源同时最多容纳{capacity}人，因此同一时间最多容纳其中"
        "{at_once}个课次（人数最少的课次有{smallest}人），在它们可排的时间内（{span}）"
        "共可提供{room}个课次·节，而它们共需{need}节"
    ),
    "count_instructor": (
        "它们仅有的教师{names}在它们可排的时间内（{span}，计入可用时间和每周上限）"
        "最多能授课{room}节，而它们共需{need}节"
    ),
    "count_instructors": (
        "它们仅有的教师{names}在它们可排的时间内（{span}，计入可用时间和每周上限）"
        "合计最多能授课{room}节，而它们共需{need}节"
    ),
    "core_cohorts": "它们共用班级{names}，每个班级同一时间只能上一个课次",
    "core_weekly_limit": "{name}每周最多授课{most}节",
    "core_compete": "{ids}在{span}争用{res}（{kind}）",
    "core_competes": "{ids}在{span}争用{res}（各自{kind}）",
    "core_resources": "{ids}在{span}只能使用{res}（各自{kind}）",
    "core_bases": (
        "{ids}在{span}{verb}{res}（可共享，同时最多{capacity}人，它们的课次分别有{sizes}人）"
    ),
    "core_only_use": "只能使用",
    "core_compete_for": "争用",
    "core_patterns": "它们的排课模式受限（{items}）",
    "core_pat_weekly": "{id}须每周同一天同一节次",
    "core_pat_block": "{id}须在连续的开放日",
    "core_pat_max": "{id}每周最多{n}次",
    "core_pat_apart": "{id}相邻课次至少间隔{n}天",
    "core_pat_split": "{id}须同时使用多个资源：共{people}人，单个资源最多容纳{most}人",
    "core_names": "{first}和{last}",
    "core_no_week": "没有任何可用周次的情况下",
    "core_week": "第{a}周",
    "core_weeks": "第{a}–{b}周",
    "core_weekly": "每周同一时间",
    "core_block": "连续集中",
    "core_pattern": "{p}",
    "core_need_internship": "{headcount}人实习{weeks}周",
    "core_need": "{n}次课、每次{d}节{pattern}",
    "core_cohort": "{ids}都包含班级{names}，而班级同一时间只能上一个课次（共需{need}节）",
    "core_intern_takes": "实习{id}占用{names}连续{weeks}周的全部节次",
    "core_travel": "它们的资源位于不同地点（{sites}），相距至少{minutes}分钟",
    "core_no_path": "它们的资源所在地点之间没有通路（{sites}）",
    "core_split_sites": (
        "{id}的各分组同时在位于{sites}的资源上课（相距最多{minutes}分钟），任一分组的教师都视为身处该课次的所有地点"
    ),
    "core_split_no_path": (
        "{id}的各分组同时在位于{sites}的资源上课，其中有的地点之间没有通路，任一分组的教师都视为身处该课次的所有地点"
    ),
    "core_instructors": "它们需要相同的教师（{names}）",
    "core_after": "{names}的先修顺序（'after'）使它们没有可排的时间",
    "core_exclusive": "它们的排课模式、时间窗口和候选资源相互排斥",
    "core_posts": (
        "{ids}在{span}{verb}实习岗位{res}（每周名额{capacity}个），分别有{sizes}名实习"
        "生、实习{weeks}周"
    ),
    "core_exclusive_room": "同一时间只能安排一个课次",
    "core_resource": "{ids}都需要在{span}使用{res}（{kind}）",
    "core_slots": "，其时间窗口内有{free}个可用节次，而它们共需{need}节",
    "alone_no_post": "必需实习{id}没有匹配的实习岗位。",
    "alone_no_run": "必需实习{id}需要连续{weeks}周，但其时间窗口内没有这样的连续周。",
    "alone_posts": (
        "必需实习{id}需要{need}，但其实习岗位（{posts}）在可用的周内每周最多只能容纳{cap}人。"
    ),
    "alone_no_resource": "必需需求{id}没有匹配的资源。",
    "alone_no_instructor": "必需需求{id}没有具备所需技能的教师。",
    "alone_no_start": (
        "必需需求{id}没有可开始的时间：其时间窗口、班级可用时间和资源可用时间没有交集。"
    ),
    "alone_too_few": (
        "必需需求{id}无法在{span}于{resources}上安排{need}："
        "只有分布在{days}天中的{starts}个开始时间可用{instructors}{split}。"
    ),
    "alone_split": (
        "；其{people}人无法容纳于任何单个资源（单个最多{most}人），每次课需同时使用多个空闲资源"
    ),
    "alone_instructors": "，且教师的可用时间、每周课时上限或交通时间还会进一步减少可排时间",
    "alone_instructor_facts": "{available}{limits}",
    "alone_taught": "；其中教师（{names}）能完整授课的只有{n}个",
    "alone_limits": "；每周课时上限：{items}（交通时间还可能进一步减少可排时间）",
    "alone_limit": "{name}每周最多{most}节",
    "in_core": "属于无法同时满足的一组必需需求（见冲突说明）。",
    "in_core_why": "属于无法同时满足的一组必需需求（见冲突说明）；在本排程中，{why}",
    "outside_core": "未排任何课程：必需需求无法同时满足（见冲突说明）。",
    # infeasible answers
    "nothing_held": "必需需求无法同时满足，因此未排任何课程（见冲突说明）",
    "required_short": "必需需求{id}无法在已发布的排程中完整安排：{message}",
    # what relaxing an extra request would give (solver/insert.py)
    "offer": "{how}：{where}{what}",
    "offer_weeks": "放宽到申请的时间窗口之外",
    "offer_resources": "换用具备相同特征的其他资源",
    "offer_weeks_and_resources": "换用其他资源和周次",
    "offer_sessions": "可再安排{n}次课",
    "offer_internship": "可安排全部{n}名实习生的实习",
    "offer_where": "在{resources}的第{weeks}周",
    # greedy
    "unproven": (
        "这是必需需求，但按先到先得的预订方式无法完全满足；是否存在能满足它的排程尚不确定"
        "（改用'cpsat'求解器可查明）。"
    ),
    "unproven_rest": (
        "这是必需需求，不在已找到的冲突中；找到冲突后剩余的时间不足以查明它能否与其余需求"
        "一起完全满足（延长时限后或可查明）。"
    ),
    "unproven_fallback": (
        "这是必需需求，但 CP-SAT 求解未能在时限内给出结果，改用的先到先得预订方式无法完全满足它；"
        "是否存在能满足它的排程尚不确定（延长时限后或可查明）。"
    ),
}
