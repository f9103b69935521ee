"""Pydantic's field errors in the page's language, by error type, in one table.

The API answers in English (:func:`scheduler.error_messages.error_message`); the extra-request
form (:mod:`api.web.ask`) shows a refused field's message beside it, and on a Chinese
page "must be at most 48" or "string should match pattern '^[^/]+$'" read as English.
Pydantic tells an error's *type* and its ``ctx`` (the limit, the pattern, the length),
so the Chinese sentence is made from those, not from the English one. Our own checks
say theirs as types too (``text_control_character``, ``weeks_reversed``) or, for a
model-level check placed on a field (:class:`scheduler.models.FieldError`), as its
``code``. English keeps the API's sentence, word for word.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scheduler.error_messages import Said, error_message, shown
from scheduler.issues import Issue
from scheduler.models import FieldError

#: Chinese sentence of each error type the request models raise (``{name}``: a ``ctx``
#: value; ``{key}``: the field; ``{n}``: a list position, 1-based), and of each
#: :class:`~scheduler.models.FieldError` code. ``tests/api/web/test_field_errors.py``
#: checks that every type a request document can raise is here.
ZH: dict[str, str] = {
    "missing": "缺少必填项“{key}”。",
    "missing_item": "列表缺少第 {n} 项。",
    "extra_forbidden": "未知的项“{key}”。",
    "int_type": "须为整数{got}。",
    "int_parsing": "须为整数{got}。",
    "int_from_float": "须为整数，不能有小数{got}。",
    "int_parsing_size": "须为常规大小的整数{got}。",
    "float_type": "须为数字{got}。",
    "float_parsing": "须为数字{got}。",
    "string_type": "须为文字{got}。",
    "string_unicode": "须为有效的文字：其中有无法识别的字符。",
    "bool_type": "须为 true 或 false{got}。",
    "bool_parsing": "须为 true 或 false{got}。",
    "list_type": "须为列表{got}。",
    "tuple_type": "须为列表{got}。",
    "dict_type": "须为对象{got}。",
    "model_type": "须为对象{got}。",
    "model_attributes_type": "须为对象{got}。",
    "enum": "须为以下之一：{expected}{got}。",
    "literal_error": "须为以下之一：{expected}{got}。",
    "greater_than_equal": "不能小于 {ge}{got}。",
    "less_than_equal": "不能大于 {le}{got}。",
    "greater_than": "须大于 {gt}{got}。",
    "less_than": "须小于 {lt}{got}。",
    "string_too_short": "至少 {min_length} 个字符。",
    "string_too_long": "最多 {max_length} 个字符。",
    "string_pattern_mismatch": "格式不符：须符合 {pattern}。",
    "too_short": "至少需要 {min_length} 项{got}。",
    "too_long": "最多 {max_length} 项{got}。",
    "text_control_character": "含有控制字符 {code}，无法保存或显示。",
    "id_line_break": (
        "含有换行符或制表符（{code}）：编号须为一行且不含制表符（它用于文件名、日历条目和数据库记录）。"
    ),
    "text_half_pair": "含有 {code}，这是被截断的半个字符（可能是截断的表情符号），不是有效文字。",
    "text_noncharacter": "含有 {code}，它不是字符，工作簿和网页都无法保存。",
    "weeks_reversed": "周次范围 [{first}, {last}] 为空：起始周在结束周之后。",
    # FieldError codes (scheduler.models.Request)
    "cohort_missing": "缺少班级：请填写“cohort”（联合课程填写“cohorts”）。",
    "cohort_and_cohorts": "“cohort”和“cohorts”只能填写其中一项。",
    "cohorts_empty": "不能为空：联合课程至少需要一个班级。",
    "sessions_missing": "缺少课次数：课次类需求须填写“sessions”。",
    "weeks_missing": "缺少周数：实习类需求须填写“weeks”（连续几周）。",
    # the JSON reader's (scheduler.json_reading: duplicate_key_issues, read_json)
    "duplicate_key": "“{key}”出现了不止一次（只能有一个值）。",
    "json_invalid": "JSON 格式有误（第 {line} 行第 {column} 列）：{detail}。",
    "json_not_number": (
        "JSON 格式有误（第 {line} 行第 {column} 列）：其中有 JSON 不允许的数"
        "（NaN、Infinity 或超过 4300 位的整数）。"
    ),
    "json_too_deep": (
        "JSON 嵌套过深（第 {line} 行第 {column} 列处达 {depth} 层括号；方案或排程文档不到十层）。"
    ),
    "json_empty": "文档是空的。",
    "json_bad_byte": (
        "文档不是 UTF-8 编码的文字（偏移 {offset} 处的字节 {byte}）；文档须为 UTF-8 编码的 JSON。"
    ),
    "json_nul_byte": (
        "文档不是 UTF-8 编码的文字（偏移 {offset} 处有 NUL 字节：是否存成了 UTF-16？）；"
        "文档须为 UTF-8 编码的 JSON。"
    ),
}

#: What Python's JSON reader says went wrong (the ``detail`` of ``json_invalid``).
_JSON_DETAIL: dict[str, str] = {
    "Expecting value": "此处缺少值",
    "Expecting ',' delimiter": "缺少逗号“,”",
    "Expecting ':' delimiter": "缺少冒号“:”",
    "Expecting property name enclosed in double quotes": "键名须用英文双引号括起",
    "Unterminated string starting at": "字符串缺少结尾的引号",
    "Extra data": "文档结束后还有多余的内容",
    "Invalid control character at": "字符串中有控制字符（如换行），须写成转义形式",
    "Invalid \\escape": "无效的转义符“\\”",
    "Invalid \\uXXXX escape": "无效的 \\uXXXX 转义",
    "Illegal trailing comma before end of object": "对象末尾多了逗号",
    "Illegal trailing comma before end of array": "列表末尾多了逗号",
}

#: What a Chinese page says of an error no entry covers (never a request model's: the
#: test above sees to that), rather than English.
ZH_UNKNOWN = "此项的值无效。"


def field_message(err: Mapping[str, Any], lang: str) -> str:
    """The message of one pydantic error (as ``ValidationError.errors()`` lists it) in
    ``lang``: the API's own English, or Chinese from :data:`ZH`."""
    if lang != "zh":
        return error_message(err)
    template = ZH.get(zh_key(err))
    if template is None:
        return ZH_UNKNOWN
    return template.format(**_fields(err))


def said_zh(said: Said) -> str:
    """The Chinese of one issue the API lists for a body its models refused (its
    ``messages.zh``, beside ``msg``): the same table as the form's, so that the API and the
    pages say a refusal in the same words; a counted rest says how many more."""
    zh = field_message(said.err, "zh")
    if said.more is None:
        return zh
    n, first, last = said.more
    if said.alike:
        return f"另有 {n:,} 处同类问题（{first} 至 {last}）：{zh}"
    return f"另有 {n:,} 项（{first} 至 {last}）：{zh}"


def reading_zh(issue: Issue) -> str:
    """The Chinese of a refusal of :func:`scheduler.json_reading.read_json` (malformed JSON,
    not UTF-8, empty): the API's ``messages.zh`` beside its English ``msg``, from the
    issue's code and values (the reader's refusals are not pydantic errors)."""
    if issue.code not in ZH:
        return ZH_UNKNOWN
    fields = dict(issue.params)
    if "detail" in fields:
        fields["detail"] = _JSON_DETAIL.get(str(fields["detail"]), "无法读取")
    return ZH[issue.code].format(**fields)


def zh_key(err: Mapping[str, Any]) -> str:
    """The :data:`ZH` entry of ``err``: its type, a list position's ``missing_item``, or a
    :class:`~scheduler.models.FieldError`'s code."""
    kind = str(err["type"])
    loc = err.get("loc") or ()
    if kind == "missing" and loc and isinstance(loc[-1], int):
        return "missing_item"
    cause = (err.get("ctx") or {}).get("error")
    if kind == "value_error" and isinstance(cause, FieldError) and cause.code:
        return cause.code
    return kind


def _fields(err: Mapping[str, Any]) -> dict[str, Any]:
    """The values a template may name: ``ctx``, the field, the position, what was sent."""
    loc = err.get("loc") or ()
    fields: dict[str, Any] = {str(k): v for k, v in (err.get("ctx") or {}).items()}
    if "expected" in fields:  # "'free', 'weekly' or 'block'"
        fields["expected"] = str(fields["expected"]).replace(" or ", ", ").replace(", ", "、")
    fields["key"] = loc[-1] if loc else ""
    fields["n"] = loc[-1] + 1 if loc and isinstance(loc[-1], int) else ""
    fields["got"] = f"（收到 {shown(err['input'])}）" if "input" in err else ""
    return fields
