"""Every word of the web pages in Chinese and English, in one table: each key's text in
each language, ``{field}`` placeholders filled by :func:`api.web.i18n.t`.
"""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "app_title": {"zh": "实训资源共享课表", "en": "Shared training timetable"},
    "lang_name": {"zh": "中文", "en": "English"},
    "lang_other": {"zh": "English", "en": "中文"},
    # sign in / out
    "signin": {"zh": "登录", "en": "Sign in"},
    "signout": {"zh": "退出", "en": "Sign out"},
    "signin_intro": {
        "zh": "请粘贴您的 API 密钥（由管理员通过 trainshare api-key create 生成）。",
        "en": "Paste your API key (an administrator creates it with trainshare api-key create).",
    },
    "api_key": {"zh": "API 密钥", "en": "API key"},
    "signin_failed": {
        "zh": "密钥无效或已被吊销。",
        "en": "This key is invalid or has been revoked.",
    },
    "signin_stale": {
        "zh": "本浏览器保存的密钥已失效（已被吊销或无法识别），已为您退出。"
        "请粘贴有效的密钥重新登录。",
        "en": "The key saved in this browser no longer works (revoked or unknown), so you "
        "have been signed out. Paste a valid key to sign in again.",
    },
    "signin_no_such_field": {
        "zh": "此表单没有“{name}”一项，未予登录。",
        "en": "This form has no field “{name}”: you were not signed in.",
    },
    "signin_file_not_text": {
        "zh": "“{name}”一项须填写文字，不能上传文件，未予登录。",
        "en": "“{name}” takes typed text, not a file: you were not signed in.",
    },
    "signed_in_as": {"zh": "当前身份", "en": "Signed in as"},
    # after a label ("当前身份：", "Status: "): an ASCII colon read as a slip among a
    # Chinese page's full-width punctuation
    "colon": {"zh": "：", "en": ": "},
    "role_planner": {"zh": "排程管理员", "en": "planner"},
    "role_viewer": {"zh": "只读用户", "en": "viewer"},
    "role_institution": {"zh": "单位用户", "en": "institution"},
    "cookie_note": {
        "zh": "密钥仅保存在本浏览器的 HttpOnly Cookie 中，退出即删除。",
        "en": "The key is kept only in an HttpOnly cookie of this browser; signing out deletes it.",
    },
    # home
    "home_title": {"zh": "首页", "en": "Start page"},
    "terms": {"zh": "学期", "en": "Terms"},
    "term": {"zh": "学期", "en": "Term"},
    "no_terms": {"zh": "暂无学期。", "en": "No terms yet."},
    "term_status_open": {"zh": "收集需求中", "en": "open for submissions"},
    "term_status_closed": {"zh": "已截止", "en": "submissions closed"},
    "versions": {"zh": "已发布版本", "en": "Published versions"},
    "version": {"zh": "版本", "en": "Version"},
    "version_n": {"zh": "第 {n} 版", "en": "version {n}"},
    "no_versions": {"zh": "尚未发布课表。", "en": "No schedule published yet."},
    "latest": {"zh": "最新", "en": "latest"},
    "published_at": {"zh": "发布时间（北京时间）", "en": "Published (Beijing time)"},
    "amendments": {"zh": "追加修订", "en": "Amendments"},
    "jobs": {"zh": "求解任务", "en": "Solve jobs"},
    "jobs_note": {
        "zh": "最近的求解任务（上传的场景和尚未发布的学期求解），最新的在前；"
        "有课表的任务可查看课表，失败的任务可查看原因。",
        "en": "Recent solve jobs (uploaded scenarios and unpublished term solves), newest "
        "first; open one with a schedule to see its timetable, a failed one to see why.",
    },
    "job": {"zh": "任务", "en": "Job"},
    "job_n": {"zh": "任务 {n}", "en": "job {n}"},
    "kind_scenario": {"zh": "场景", "en": "scenario"},
    "kind_term": {"zh": "学期求解", "en": "term solve"},
    "kind_resolve": {"zh": "重新求解", "en": "re-solve"},
    "job_status_done": {"zh": "完成", "en": "done"},
    "job_status_cancelled": {"zh": "已取消（保留最优解）", "en": "cancelled (best kept)"},
    "job_status_queued": {"zh": "排队中", "en": "queued"},
    "job_status_running": {"zh": "求解中", "en": "running"},
    "job_status_failed": {"zh": "求解失败", "en": "failed"},
    "job_status_interrupted": {"zh": "因服务重启而中断", "en": "interrupted"},
    "no_jobs": {"zh": "暂无求解任务。", "en": "No solve jobs yet."},
    "open": {"zh": "查看", "en": "Open"},
    "link": {"zh": "链接", "en": "Link"},
    "slot_header": {"zh": "节次", "en": "Slot"},
    "schedule_source": {"zh": "课表", "en": "Schedule"},
    "back_home": {"zh": "返回首页", "en": "Back to the start page"},
    # timetable pickers
    "view": {"zh": "视图", "en": "View"},
    "view_resource": {"zh": "按资源", "en": "By resource"},
    "view_cohort": {"zh": "按班级", "en": "By cohort"},
    "view_instructor": {"zh": "按教师", "en": "By instructor"},
    "view_institution": {"zh": "按单位", "en": "By institution"},
    "show": {"zh": "显示", "en": "Show"},
    "prev_week": {"zh": "上一周", "en": "Previous week"},
    "next_week": {"zh": "下一周", "en": "Next week"},
    "week_n": {"zh": "第 {n} 周", "en": "Week {n}"},
    "slot_n": {"zh": "第 {n} 节", "en": "Slot {n}"},
    "closed_day": {"zh": "停课", "en": "closed"},
    "today": {"zh": "今天", "en": "today"},
    "occupied": {"zh": "已占用", "en": "occupied"},
    "occupied_by_others": {
        "zh": "其他单位使用（{n} 人）",
        "en": "used by another institution ({n} {n:person|people})",
    },
    "occupied_note": {
        "zh": "灰色“已占用”格为其他单位对共享资源的使用，不显示其内容。",
        "en": "Grey 'occupied' cells are other institutions' use of a shared resource; "
        "their content is not shown.",
    },
    "occupied_latest_only": {
        "zh": "其他单位的占用情况只对最新版本提供。",
        "en": "Other institutions' occupancy is shown for the latest version only.",
    },
    "other_institution_item": {"zh": "其他单位的班级", "en": "another institution's cohort"},
    "headcount": {"zh": "人数", "en": "Headcount"},
    "people_n": {"zh": "{n} 人", "en": "{n} {n:person|people}"},
    "no_sessions_week": {
        "zh": "本周没有安排。",
        "en": "Nothing is scheduled in this week.",
    },
    "placements_week": {"zh": "本周实习", "en": "Internships this week"},
    "weeks_range": {"zh": "第 {a}–{b} 周", "en": "weeks {a}–{b}"},
    # one week in a line ("weeks 2–2" read as a slip; i18n.weeks_span)
    "one_week": {"zh": "第 {n} 周", "en": "week {n}"},
    # a post's site after its name, in the language's brackets (ASCII ones read as a
    # slip among a Chinese line's full-width punctuation)
    "at_site": {"zh": "（{site}）", "en": " ({site})"},
    # a cohort by name with its id after it, in the language's brackets
    "named_id": {"zh": "{name}（{id}）", "en": "{name} ({id})"},
    "sessions_in_week": {"zh": "本周 {n} 次课", "en": "{n} session{n:s} this week"},
    "session_in_week": {"zh": "本周 {n} 次课", "en": "{n} session this week"},
    "others_interns": {
        "zh": "其他单位的实习生：{n} 人（已占用）",
        "en": "Other institutions' interns: {n} (occupied)",
    },
    # sections
    "timetable": {"zh": "课表", "en": "Timetable"},
    "heatmap": {"zh": "资源 × 周利用率", "en": "Utilisation (resource x week)"},
    "skip_heatmap": {
        "zh": "跳过利用率表（{n} 个链接），转到未满足的需求",
        "en": "Skip the utilisation table ({n} link{n:s}) to the unmet requests",
    },
    "heatmap_note": {
        "zh": "颜色越深利用率越高；点击格子查看该资源当周课表。",
        "en": "Darker means busier; click a cell for that resource's week.",
    },
    "heatmap_hidden": {
        "zh": "利用率涉及所有单位，仅对排程管理员和只读用户显示。",
        "en": "Utilisation describes every institution and is shown to planners and viewers only.",
    },
    "not_available": {"zh": "不可用", "en": "not available"},
    "unmet_none": {"zh": "所有需求均已满足。", "en": "Every request is met."},
    "conflicts": {
        "zh": "必需需求冲突（无法同时满足的原因）",
        "en": "Why the required requests cannot all hold (conflicts)",
    },
    "conflicts_note_rest": {
        "zh": "必需需求无法同时满足：其余需求已照常排入，冲突中的需求只排入剩余能排的部分。"
        "修改学期设置并重新求解之前，此结果不能发布。",
        "en": "The required requests cannot all hold: the rest of the term is scheduled "
        "around them, and the conflicting requests get what still fits. This answer "
        "cannot be published until the term is changed and solved again.",
    },
    "conflicts_note_nothing": {
        "zh": "必需需求无法同时满足，因此未排任何课程。",
        "en": "The required requests cannot all hold, so nothing is scheduled.",
    },
    "own_summary_line": {
        "zh": "本单位的需求：已安排 {granted}/{requested} 课次",
        "en": "Your requests: {granted} of {requested} session{requested:s} granted",
    },
    "own_internships_line": {
        "zh": "已安排实习 {placed}/{n} 项",
        "en": "{placed} of {n} internship{n:s} placed",
    },
    # only internships asked for: the line starts with them ("0/0 课次" before them)
    "own_internships_only_line": {
        "zh": "本单位的需求：已安排实习 {placed}/{n} 项",
        "en": "Your requests: {placed} of {n} internship{n:s} placed",
    },
    # nothing asked for ("已安排 0/0 课次" read as a shortfall)
    "own_nothing_line": {
        "zh": "本单位在本版课表中没有需求",
        "en": "You have no requests in this version",
    },
    "hosted_interns_line": {
        "zh": "本单位实习岗位接收其他单位实习生 {n} 人（见各岗位的页面）",
        "en": "your posts host {n} intern{n:s} of other institutions (see each post's page)",
    },
    "ask_more": {
        "zh": "学期进行中可以随时追加，追加的课次排在空档里，实习排在仍有名额的实习岗位上，"
        "已发布的课表保持不变；"
        "程序也可以调用 API：POST {url}（见 docs/api.md 的 “The term workflow” 第 6 步）。",
        "en": "While the term runs: more sessions are booked in the free time, an "
        "internship on the posts with room, and the published timetable stays as it is. "
        "Programs can use the API: POST {url} "
        "(docs/api.md, the term workflow, step 6).",
    },
    "ask_link": {"zh": "申请追加课次或实习", "en": "Ask for more sessions or an internship"},
    "ask_none_line": {
        "zh": "第 {n} 版课表中本单位没有班级／班组，因此不能申请追加课次或实习。",
        "en": "No cohort of yours is in version {n}, so there are no sessions or "
        "internships to ask for.",
    },
    "host_notices": {"zh": "本单位实习岗位的情况", "en": "Your internship posts"},
    "host_unmet": {
        "zh": "{posts}：{who} 有 {n} 名实习生未能安排（实习 {weeks} 周）",
        "en": "{posts}: {n} intern{n:s} of {who} could not be placed (a {weeks}-week internship)",
    },
    "host_moved": {
        "zh": "与上一版相比，{what} 的实习生在本单位岗位上有变动：原为 {before}，现为 {after}",
        "en": "Since the previous version, the interns of {what} on your posts moved: "
        "before {before}; now {after}",
    },
    "host_none": {"zh": "无", "en": "none"},
    # a re-solve's moves and a fresh solve's changes published over a version alike
    "moves_title": {"zh": "与第 {n} 版相比的变动", "en": "What changed from version {n}"},
    "move_when": {
        "zh": "第 {week} 周 {day} {start}–{end}",
        "en": "week {week} {day} {start}–{end}",
    },
    "move_session": {
        "zh": "{what} 第 {n} 次：{before} → {after}",
        "en": "{what} #{n}: {before} → {after}",
    },
    "move_dropped": {"zh": "已取消", "en": "dropped"},
    "move_teacher": {
        "zh": "{what} 第 {n} 次（{at}）：任课教师 {before} → {after}",
        "en": "{what} #{n} ({at}): taught by {before} → {after}",
    },
    # a split session's teacher change, room by room ("Hall taught by A → B")
    "move_room_taught": {"zh": "{room}（{who}）", "en": "{room} ({who})"},
    "move_taught_by": {"zh": "任课教师 {before} → {after}", "en": "taught by {before} → {after}"},
    "move_rooms_retaught": {
        "zh": "{what} 第 {n} 次（{at}）：{changes}",
        "en": "{what} #{n} ({at}): {changes}",
    },
    "move_taught_retaught": {
        "zh": "本单位教师任教的 {what} 第 {n} 次（{at}）：{changes}",
        "en": "{what} #{n} ({at}), with your instructors: {changes}",
    },
    "move_not_yours": {"zh": "非本单位教师", "en": "not your instructors"},
    "move_internship": {"zh": "{what}：{before} → {after}", "en": "{what}: {before} → {after}"},
    "move_taught": {
        "zh": "本单位教师任教的 {what} 第 {n} 次：{before} → {after}",
        "en": "{what} #{n}, taught by your instructors: {before} → {after}",
    },
    "move_not_taught": {"zh": "原不由本单位教师任教", "en": "not taught by your instructors"},
    "move_not_taught_now": {
        "zh": "已取消或不再由本单位教师任教",
        "en": "dropped or no longer taught by your instructors",
    },
    "export_own": {"zh": "下载本单位课表：", "en": "Download your timetable:"},
    "export_of": {"zh": "下载 {name} 的课表：", "en": "Download {name}'s timetable:"},
    "export_note": {
        "zh": "（含本单位的需求、本单位班级参加的联合课程、"
        "在本单位岗位的实习生和本单位教师承担的课程）",
        "en": "(your requests, the joint ones your cohorts attend, the interns on your posts "
        "and the sessions your instructors teach)",
    },
    "ask_title": {"zh": "申请追加课次或实习", "en": "Ask for more sessions or an internship"},
    "ask_intro": {
        "zh": "追加的课次排在第 {n} 版已发布课表的空档里，实习排在各周仍有名额的实习岗位上，"
        "已发布的安排不会移动；结果立即给出并记录。留空的项使用默认值。",
        "en": "More sessions are booked in the free time of published version {n}, an "
        "internship on the posts with room in its weeks; nothing published moves. The "
        "answer comes at once and is recorded. Fields left blank take their defaults.",
    },
    "ask_no_cohorts": {
        "zh": "第 {n} 版课表中没有本单位的班级／班组，因此无法追加申请"
        "（之后提交的班级须等排程管理员重新求解并发布后才能使用）。",
        "en": "Version {n} holds no cohort of yours, so there is nothing to ask for (a cohort "
        "submitted since can be used once the planner publishes a re-solve with it).",
    },
    "ask_field_title": {"zh": "名称（可选）", "en": "Title (optional)"},
    "ask_field_with_cohorts": {
        "zh": "与本单位的这些班级／班组一起（可选；一起上课或一起实习，人数相加）",
        "en": "Together with these cohorts of yours (optional; they attend as one, "
        "their people added up)",
    },
    "ask_field_kind": {"zh": "申请什么", "en": "What to ask for"},
    "ask_kind_sessions": {"zh": "课次（按节安排）", "en": "Sessions (timed, in slots)"},
    "ask_kind_internship": {
        "zh": "实习（连续整周，在实习岗位）",
        "en": "An internship (consecutive whole weeks on internship posts)",
    },
    "ask_for_sessions": {"zh": "课次", "en": "For sessions"},
    "ask_for_internship": {"zh": "实习", "en": "For an internship"},
    "ask_field_internship_weeks": {
        "zh": "连续几周（全班全时实习）",
        "en": "Consecutive weeks (the whole cohort, full time)",
    },
    "ask_field_posts": {
        "zh": "只在这些实习岗位（可选；不选则任何具备所需条件的岗位均可）",
        "en": "Only on these posts (optional; none ticked: any post with the features)",
    },
    "ask_field_instructors": {
        "zh": "只由这些教师任教（可选；勾选一位即指定该教师）",
        "en": "Only these instructors (optional; one ticked: that teacher)",
    },
    "ask_field_sessions": {"zh": "课次数", "en": "Sessions"},
    "ask_field_duration": {"zh": "每次的节数", "en": "Slots per session"},
    "ask_field_pattern": {"zh": "安排方式", "en": "Pattern"},
    "ask_pattern_free": {"zh": "自由安排", "en": "free: anywhere in the window"},
    "ask_pattern_weekly": {
        "zh": "每周同一时间（连续各周）",
        "en": "weekly: same day and slot in consecutive weeks",
    },
    "ask_pattern_block": {"zh": "集中连续几天", "en": "block: consecutive open days"},
    "ask_field_needs": {
        "zh": "场地须具备的条件（可选）",
        "en": "Features every resource used must have (optional)",
    },
    "ask_field_skills": {
        "zh": "需要具备这些技能的教师（可选）",
        "en": "An instructor with these skills (optional)",
    },
    "ask_field_resources": {
        "zh": "只在这些资源中安排（可选；不选则任何符合条件的资源均可）",
        "en": "Only in these resources (optional; none ticked: any that fits)",
    },
    "ask_field_weeks": {"zh": "周次范围（可选，共 {n} 周）", "en": "Weeks (optional, of {n})"},
    "ask_field_first_week": {"zh": "起始周", "en": "from week"},
    "ask_field_last_week": {"zh": "结束周", "en": "to week"},
    "ask_field_id": {
        "zh": "编号（可选，留空则自动生成）",
        "en": "Id (optional; a blank one is made for you)",
    },
    "ask_submit": {"zh": "提交申请", "en": "Ask"},
    "form_required": {"zh": "请填写此项。", "en": "This is needed."},
    "form_whole_number": {
        "zh": "请填写 1 到 10000 之间的整数。",
        "en": "A whole number from 1 to 10,000.",
    },
    "form_longer_than_day": {
        "zh": "一次课须在一天之内：每天最多 {slots} 节。",
        "en": "A session stays within one day: at most {slots} slot{slots:s}.",
    },
    "form_pick_one": {"zh": "请从列表中选择。", "en": "Pick one from the list."},
    "form_sessions_only": {
        "zh": "此项只用于课次，实习不适用。",
        "en": "This is for sessions only; an internship does not use it.",
    },
    "form_internship_only": {
        "zh": "此项只用于实习：请在上方选择“实习”，或留空。",
        "en": "This is for an internship only: choose an internship above, or leave it blank.",
    },
    "form_pick_listed": {"zh": "请只勾选列出的选项。", "en": "Tick only the boxes listed."},
    "form_no_such_field": {
        "zh": "此表单没有“{name}”一项，未予受理。",
        "en": "This form has no field “{name}”: nothing was asked.",
    },
    "form_file_not_text": {
        "zh": "“{name}”一项须填写文字，不能上传文件，未予受理。",
        "en": "“{name}” takes typed text, not a file: nothing was asked.",
    },
    "form_week_range": {"zh": "请填写 1 到 {n} 之间的周次。", "en": "A week from 1 to {n}."},
    "form_internship_weeks_range": {
        "zh": "请填写 1 到 {n} 之间的周数（本学期共 {n} 周）。",
        "en": "A number of weeks from 1 to {n}, the weeks of the term.",
    },
    "form_weeks_reversed": {
        "zh": "结束周不能早于起始周。",
        "en": "The last week cannot come before the first.",
    },
    "form_id_used": {
        "zh": "该编号在本学期已被使用，请换一个（或留空自动生成）。",
        "en": "This id is already used in the term: type another, or leave it blank.",
    },
    "form_id_too_long": {
        "zh": "编号最多 {chars} 个字符。",
        "en": "An id has at most {chars} characters.",
    },
    "form_title_too_long": {
        "zh": "名称最多 {title_chars} 个字符。",
        "en": "A title has at most {title_chars} characters.",
    },
    "form_id_slash": {
        "zh": "编号中不能含有“/”。",
        "en": "An id may not contain '/'.",
    },
    "form_window_over": {
        "zh": "所选周次已经过去：{detail}。",
        "en": "Those weeks are over: {detail}.",
    },
    "form_sent_twice": {
        "zh": "这份表单已经提交过并已答复（见课表）；如需再申请，请重新打开表单或填写新的编号。",
        "en": "This form was already sent and answered (see the timetable); to ask again, "
        "open the form anew or type a new id.",
    },
    "ask_outcome_granted": {"zh": "已全部安排", "en": "Granted in full"},
    "ask_outcome_partial": {"zh": "已部分安排", "en": "Granted in part"},
    "ask_outcome_rejected": {"zh": "无法安排", "en": "Nothing could be booked"},
    "ask_booked_n": {
        "zh": "已安排 {booked}/{asked} 课次",
        "en": "{booked} of {asked} session{asked:s} booked",
    },
    "ask_placed_n": {
        "zh": "已安排实习 {placed}/{people} 人",
        "en": "{placed} of {people} {people:person|people} placed",
    },
    "ask_post": {"zh": "实习岗位", "en": "Post"},
    "ask_people": {"zh": "人数", "en": "People"},
    "ask_dates": {"zh": "日期", "en": "Dates"},
    "ask_from": {"zh": "最早可安排日期 {date}", "en": "booked from {date} on"},
    # the form mid-term: the days before are gone (api.extra.bookable_day)
    "ask_bookable_from": {
        "zh": "本学期已在进行：最早可安排在第 {week} 周{day}（{date}），"
        "实习从该日及以后开始的一周起；此前的日子不再安排。",
        "en": "The term is under way: bookings start on week {week}, {day} {date}, an "
        "internship in a week that begins on or after it; earlier days are not booked.",
    },
    "ask_day": {"zh": "日期", "en": "Day"},
    "ask_time": {"zh": "时间", "en": "Time"},
    "ask_why": {"zh": "未能安排的原因", "en": "Why the rest was not booked"},
    "ask_alternatives": {"zh": "可以考虑的调整", "en": "What would fit more"},
    "ask_alternatives_note": {
        "zh": "以下调整未被预订；如需采用，请按调整后的内容重新申请。",
        "en": "These are not booked: to take one, ask again with the change.",
    },
    "ask_see_timetable": {"zh": "在课表中查看", "en": "See it in the timetable"},
    "ask_again": {"zh": "再申请一项", "en": "Ask for something else"},
    "summary_line": {
        "zh": "安排 {granted}/{requested} 课次，最低满足率 {worst}",
        "en": "{granted}/{requested} session{requested:s} granted, worst share {worst}",
    },
    # a schedule's status and solver in words (the codes stay in data-status, data-solver)
    "status_optimal": {"zh": "最优（已证明）", "en": "optimal (proven best)"},
    "status_feasible": {"zh": "可行（未证明最优）", "en": "feasible (valid, not proven best)"},
    "status_infeasible": {
        "zh": "无解（必需需求互相冲突）",
        "en": "infeasible (the required requests conflict)",
    },
    "status_unknown": {
        "zh": "未定（未证明能满足全部必需需求）",
        "en": "unknown (not proven to hold every required request)",
    },
    "solver_cpsat": {"zh": "CP-SAT 优化求解", "en": "CP-SAT optimisation"},
    "solver_greedy": {"zh": "先到先得（贪心）", "en": "first come, first served (greedy)"},
    "solver_greedy_fallback": {
        "zh": "先到先得（CP-SAT 未及时给出结果时的后备）",
        "en": "first come, first served (CP-SAT gave no answer in time)",
    },
    "source_version": {"zh": "{term} · 第 {n} 版", "en": "{term} · version {n}"},
    "source_job": {"zh": "{name} · 任务 {n}", "en": "{name} · job {n}"},
    # errors
    "error": {"zh": "出错了", "en": "Something went wrong"},
    "error_404": {"zh": "找不到该页面或对象", "en": "Not found"},
    "error_403": {"zh": "无权访问", "en": "Not allowed"},
    "error_409": {"zh": "暂时无法显示", "en": "Not available yet"},
    "error_400": {"zh": "请求有误", "en": "Bad request"},
    "error_400_length": {
        "zh": "请求的长度标头（Content-Length）不是数字。",
        "en": "The request's length header (Content-Length) is not a number.",
    },
    "error_413": {"zh": "提交的内容太大", "en": "Too large"},
    "error_413_body": {
        "zh": "提交的内容超过了本站接受的上限（最多 {size}）。",
        "en": "What was sent is larger than this site accepts: at most {size}.",
    },
    "error_job_ended": {"zh": "求解未完成", "en": "The solve did not finish"},
    "error_term_over": {"zh": "学期已结束", "en": "The term is over"},
    "error_500": {
        "zh": "服务器内部错误，已记录。",
        "en": "Internal error; it has been logged.",
    },
    "detail": {"zh": "详情", "en": "Detail"},
    "schedule_version": {"zh": "课表版本", "en": "schedule version"},
}
