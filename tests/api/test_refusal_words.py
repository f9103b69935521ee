"""Refusals of a submitted or extra request name things as the explanations do, and say
it in Chinese too (``messages``), other institutions' items hidden name and all.

They quoted bare ids (``unknown cohort 'b-weld-2' (did you mean 'b-weld-1'?)``) in
English only, on a Chinese page too, where a schedule's explanations said
``“焊接1班”（b-weld-1）`` in the page's language.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from api.refusal_naming import Naming
from api.refusal_words import worded, zh
from scheduler.io import load_scenario_with_warnings
from scheduler.issues import ScenarioError
from tests.api.conftest import Api, PublishTiny, open_tiny_term, tiny_data

#: A bad request each (``_cohort``: how its cohort changes), and a word its refusal says
#: (the validator's own sentences).
BAD: list[tuple[dict[str, Any], str]] = [
    ({"cohort": "b-weld-2"}, "unknown cohort"),
    ({"cohorts": ["b-weld-1", "b-weld-1"]}, "listed twice"),
    ({"after": ["SELF"]}, "after itself"),
    ({"duration": 40}, "longer than a day"),
    ({"max_per_week": 0}, "max_per_week 0"),
    ({"window": [{"weeks": [30, 31]}]}, "empty window"),
    ({"window": [{"days": [6, 7]}]}, "empty window"),
    ({"needs": ["weldng"]}, "no candidate resource"),
    ({"instructor_skills": ["weldng"]}, "no instructor"),
    ({"sessions": 200}, "can ever be placed"),
    ({"headcount": 500}, "exceeds every candidate resource"),
    ({"headcount": 500, "split": True}, "exceeds even all"),
    ({"window": [{"weeks": [1, 1], "days": [3]}]}, "has no room"),
    ({"kind": "internship", "weeks": 9, "sessions": None, "needs": ["cnc"]}, "weeks of intern"),
    ({"kind": "internship", "weeks": 1, "sessions": None, "_cohort": {"size": 90}}, "interns"),
    ({"window": [{"weeks": [2, 2]}], "_cohort": {"available": [{"weeks": [1, 1]}]}}, "never"),
    ({"resource_kinds": []}, "'resource_kinds' is empty"),
    ({"resource_kinds": ["internship_post"]}, "names only internship_post"),
    ({"kind": "internship", "weeks": 1, "sessions": None, "resource_kinds": ["lab"]}, "names no"),
    ({"needs": ["cnc"], "instructor_skills": ["cnc"], "duration": 4, "sessions": 7}, "at most"),
]

#: A request each (``_cohort``: how its cohort changes; ``_other``: a second request,
#: ``SELF`` naming the first; ``_travel``: the term's travel) that the validator warns
#: of, and a word the warning says: the warnings a college meets on its own request or
#: cohort (ignored fields, repeats, ``after`` cycles and their order, resources never
#: used, windows partly outside the term, a cohort never available or out of reach).
WARNED: list[tuple[dict[str, Any], str]] = [
    ({"resources": ["weld-shop", "weld-shop"], "needs": ["welding"]}, "listed twice"),
    (
        {"kind": "internship", "weeks": 1, "sessions": None, "needs": ["cnc"], "max_per_week": 2},
        "does not apply to internships",
    ),
    ({"weeks": 2, "needs": ["welding"]}, "applies to internships only"),
    ({"pattern": "weekly", "max_per_week": 1, "needs": ["welding"]}, "free requests only"),
    ({"_other": {"after": ["SELF"], "required": True}}, "no order satisfies it"),
    ({"required": False, "_other": {"after": ["SELF"], "required": True}}, "not all of them"),
    (
        {
            "window": [{"weeks": [2, 2]}],
            "sessions": 4,
            "duration": 4,
            "needs": ["welding"],
            "_other": {
                "required": True,
                "sessions": 4,
                "pattern": "block",
                "duration": 4,
                "window": [{"weeks": [2, 2]}],
            },
        },
        "both are required",
    ),  # fmt: skip
    (
        {
            "window": [{"weeks": [2, 2]}],
            "sessions": 4,
            "duration": 4,
            "needs": ["welding"],
            "required": False,
            "_other": {
                "required": True,
                "sessions": 4,
                "pattern": "block",
                "duration": 4,
                "window": [{"weeks": [2, 2]}],
            },
        },
        "must start after",
    ),  # fmt: skip
    ({"resources": ["weld-shop", "cnc-lab"], "needs": ["welding"]}, "never used"),
    ({"needs": ["welding"], "prefer": {"resources": ["cnc-lab"]}}, "preference can never"),
    ({"headcount": 19, "needs": ["welding"]}, "total size"),
    ({"prefer": {"windows": []}, "needs": ["welding"]}, "'windows' is empty"),
    ({"window": [{"weeks": [2, 5], "days": [1, 6]}], "needs": ["welding"]}, "(ignored)"),
    ({"needs": ["welding"], "_cohort": {"available": []}}, "'available' is empty"),
    (
        {"needs": ["welding"], "_cohort": {"available": [{"weeks": [1, 1], "days": [3]}]}},
        "only on closed days",
    ),
    ({"needs": ["cnc"], "_travel": []}, "no travel path"),
]


_CJK = re.compile(r"[\u4e00-\u9fff]")
_NAMED_EN = re.compile(r"“([^“”]*)” \(([^()]*)\)")
_NUMBER = re.compile(r"\d+")
_ENGLISH = re.compile(r"\b(the|and|of|is|are|no|session|sessions|week|weeks|exceeds?)\b")


def assert_same_facts(en: str, zh: str, ids: frozenset[str]) -> None:
    """``zh`` is Chinese and says every number, quoted id and named thing ``en`` says."""
    assert _CJK.search(zh), zh
    bare = re.sub(r"'[^']*'|“[^”]*”|\[[^\]]*\]", "", zh)
    assert not _ENGLISH.search(bare), (bare, zh)
    for name, id_ in _NAMED_EN.findall(en):
        assert f"“{name}”（{id_}）" in zh, (name, id_, zh)
    for i in ids:
        assert (f"'{i}'" in en) == (f"'{i}'" in zh), (i, en, zh)
    for number in _NUMBER.findall(en):
        assert number in zh, (number, en, zh)


def _named(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with its cohorts and instructors named (the tiny scenario's are not)."""
    for kind in ("cohorts", "instructors"):
        for x in data[kind]:
            x["name"] = f"{x['id'].upper()} 的名字"
    return data


def _refusals() -> list[tuple[str, str]]:
    """(word, message) of each refusal the validator gives the requests of :data:`BAD`."""
    out = []
    for n, (change, word) in enumerate(BAD):
        data = _named(tiny_data())
        req: dict[str, Any] = {"id": f"bad-{n}", "cohort": "b-weld-1", "sessions": 1}
        req |= {"required": True, **change}
        weld = next(c for c in data["cohorts"] if c["id"] == "b-weld-1")
        weld |= req.pop("_cohort", {})  # what the cohort itself must be for the refusal
        if "cohorts" in change:
            del req["cohort"]
        if change.get("after") == ["SELF"]:
            req["after"] = [req["id"]]
        data["requests"] = [{k: v for k, v in req.items() if v is not None}]
        with pytest.raises(ScenarioError) as e:
            load_scenario_with_warnings(data)
        mine = [i.message for i in e.value.issues if i.path.startswith("requests[0]")]
        assert any(word in m for m in mine), (word, mine)
        out += [(word, m) for m in mine]
    return out


def _warnings() -> list[tuple[str, str, dict[str, Any]]]:
    """(word, warning, scenario) of each warning the validator gives :data:`WARNED`
    about its request, the request after which it comes, or its cohort."""
    out = []
    for n, (change, word) in enumerate(WARNED):
        data = _named(tiny_data())
        req: dict[str, Any] = {"id": f"warned-{n}", "cohort": "b-weld-1", "sessions": 1}
        req |= {"required": True, **change}
        weld = next(c for c in data["cohorts"] if c["id"] == "b-weld-1")
        weld |= req.pop("_cohort", {})
        if "_travel" in req:
            data["travel"] = req.pop("_travel")
        requests = [req]
        if (other := req.pop("_other", None)) is not None:
            first: dict[str, Any] = {"id": f"first-{n}", "cohort": "b-weld-1", "sessions": 1}
            first |= {"needs": ["welding"], **other}
            first["after"] = [req["id"] for a in first.get("after", []) if a == "SELF"]
            req["after"] = [first["id"]]
            requests.append(first)
        data["requests"] = [{k: v for k, v in r.items() if v is not None} for r in requests]
        try:
            _, warnings = load_scenario_with_warnings(data)
        except ScenarioError as e:  # an error beside the warning, for some
            warnings = e.warnings
        mine = [w.message for w in warnings if w.path.startswith(("requests[", "cohorts[1]"))]
        assert any(word in m for m in mine), (word, mine)
        out += [(word, m, data) for m in mine]
    return out


def test_every_warning_of_a_request_reads_in_chinese_with_the_same_facts() -> None:
    """Warnings a college reads on its submission (a field ignored, an id listed twice,
    an ``after`` cycle, a resource never used...) came in English only."""
    for word, english, data in _warnings():
        ids = frozenset(
            x["id"] for k in ("cohorts", "resources", "instructors", "requests") for x in data[k]
        ) | {"welding", "cnc", "max_per_week", "weeks", "weekly", "windows", "available"}
        chinese = zh(english)
        assert chinese is not None, (word, english)
        assert_same_facts(english, chinese, ids)
        en, messages = worded(english, Naming(data))
        assert_same_facts(en, messages["zh"], ids)


def test_every_refusal_of_a_request_reads_in_chinese_with_the_same_facts() -> None:
    data = _named(tiny_data())
    naming = Naming(data)
    ids = frozenset(
        x["id"] for k in ("cohorts", "resources", "instructors", "requests") for x in data[k]
    ) | {"weldng", "welding", "b-weld-2", "free", "sessions", "available", "window"}
    for word, english in _refusals():
        chinese = zh(english)
        assert chinese is not None, (word, english)
        assert_same_facts(english, chinese, ids)
        en, messages = worded(english, naming)
        assert_same_facts(en, messages["zh"], ids)


def test_things_are_named_but_features_and_unknown_ids_stay_quoted() -> None:
    naming = Naming(_named(tiny_data()) | {"resources": [{"id": "cnc", "name": "CNC 实训室"}]})
    en, messages = worded("unknown cohort 'b-weld-2' (did you mean 'b-weld-1'?)", naming)
    assert en == "unknown cohort 'b-weld-2' (did you mean “B-WELD-1 的名字” (b-weld-1)?)"
    assert messages == {"zh": "未知的班级'b-weld-2'（是否指“B-WELD-1 的名字”（b-weld-1）？）"}
    # a feature spelt like a resource's id is a feature still
    en, messages = worded("no instructor has skills [\"cnc\"]; closest: 't-li' lacks 'cnc'", naming)
    assert en.endswith("“T-LI 的名字” (t-li) lacks 'cnc'"), en
    assert messages["zh"].endswith("“T-LI 的名字”（t-li）缺少'cnc'"), messages
    # an id holding an apostrophe is read whole; the caller's own by its plain id too
    odd = Naming({"cohorts": [{"id": "col-b/o'brien (1)", "name": "奥布莱恩班"}]}, own="col-b")
    assert odd("cohort's 'col-b/o'brien (1)' and 'o'brien (1)'") == (
        "cohort's “奥布莱恩班” (col-b/o'brien (1)) and “奥布莱恩班” (o'brien (1))"
    )
    # a sentence no pattern knows keeps its English, named, and has no Chinese
    assert worded("'b-weld-1' is odd", naming) == ("“B-WELD-1 的名字” (b-weld-1) is odd", {})


def test_a_refused_submission_names_in_both_languages_and_hides_others(api: Api) -> None:
    """An institution's refusal names its own cohort (id unqualified) and hides another
    institution's, its name with it, in ``msg`` and in ``messages``; ``loc`` and
    ``path`` are the body's as before."""
    term = f"/api/v1/terms/{open_tiny_term(api)}"
    mine = {"id": "b1", "kind": "students", "size": 10, "name": "焊接1班"}
    secret = {"id": "a1", "kind": "students", "size": 20, "name": "Secret class 甲",
              "available": [{"weeks": [1, 1]}]}  # fmt: skip
    assert api.post(f"{term}/institutions/col-b/cohorts", "col-b", json=mine).status_code == 201
    assert api.post(f"{term}/institutions/col-a/cohorts", "col-a", json=secret).status_code == 201
    r = api.post(
        f"{term}/institutions/col-b/requests",
        "col-b",
        json={"id": "r1", "cohort": "b2", "sessions": 1, "needs": ["welding"]},
    )
    assert r.status_code == 422, r.text
    (err,) = r.json()["errors"]
    assert err["loc"] == ["body", "cohort"] and err["path"] == "cohort"
    assert err["msg"] == "unknown cohort 'b2' (did you mean “焊接1班” (b1)?)"
    assert err["messages"] == {"zh": "未知的班级'b2'（是否指“焊接1班”（b1）？）"}
    # the planner's joint request in col-b's space with col-a's cohort, never available
    # in the window: col-b reads the refusal with the cohort hidden, name and all
    joint = {"id": "j", "cohorts": ["b1", "col-a/a1"], "sessions": 1, "required": True,
             "window": [{"weeks": [2, 2]}], "needs": ["cnc"]}  # fmt: skip
    r = api.post(f"{term}/institutions/col-b/requests", json=joint)
    assert r.status_code == 422, r.text
    planner = r.json()["errors"]
    assert any("“Secret class 甲” (col-a/a1)" in e["msg"] for e in planner), planner
    assert any("“Secret class 甲”（col-a/a1）" in e["messages"].get("zh", "") for e in planner)
    # held in weeks 1-2 it lands; then col-b's cohort, kept to week 2, breaks it: col-b
    # reads why with col-a's cohort hidden, name and all, in both languages
    r = api.post(f"{term}/institutions/col-b/requests", json={**joint, "window": []})
    assert r.status_code == 422
    del joint["window"]
    assert api.post(f"{term}/institutions/col-b/requests", json=joint).status_code == 201
    later = {**mine, "available": [{"weeks": [2, 2]}]}
    r = api.put(f"{term}/institutions/col-b/cohorts/b1", "col-b", json=later)
    assert r.status_code == 422, r.text
    (err,) = r.json()["errors"]
    assert err["loc"][0] == "term" and err["path"] == "requests[j]", err
    assert "another institution's item" in err["msg"], err
    assert "其他单位的项目" in err["messages"]["zh"], err
    for fragment in ("Secret", "甲", "col-a", "a1"):
        assert fragment not in r.text, (fragment, r.text)


def test_an_extra_request_refusal_reads_in_chinese_too(
    publish_tiny_term: PublishTiny,
) -> None:
    """An extra request's refusal (check_extra) came in English only."""

    api, term_id, _ = publish_tiny_term(workers=1, seed=0)
    url = f"/api/v1/terms/{term_id}/institutions/col-b/extra-requests"
    bad = {"id": "x1", "cohort": "b-weld-1", "sessions": 1, "needs": ["weldng"], "required": True}
    r = api.post(url, "col-b", json=bad)
    assert r.status_code == 422, r.text
    (err,) = r.json()["errors"]
    assert err["path"] == "" and err["msg"].startswith("no candidate resource")
    assert err["messages"]["zh"].startswith("没有符合条件的资源"), err
    assert "是否指'welding'" in err["messages"]["zh"]
    r = api.post(url, "col-b", json={**bad, "needs": ["welding"], "cohort": "b-weld-9"})
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["messages"]["zh"].startswith("未知的班级'b-weld-9'")


def test_the_ask_form_puts_a_refusal_beside_its_field_in_the_pages_language() -> None:
    """The form put the API's English beside the field on a Chinese page."""
    from api.errors import ApiError
    from api.web.ask_form import AskForm
    from api.web.ask_refusals import api_refused
    from scheduler.models import Calendar

    err = {"loc": ["body", "sessions"], "path": "sessions", "msg": "too many",
           "messages": {"zh": "太多了"}}  # fmt: skip
    for lang, said in (("zh", "太多了"), ("en", "too many")):
        calendar = Calendar.model_validate(tiny_data()["calendar"])
        form = AskForm(1, 1, calendar, {}, [], "College B", [], [])
        api_refused(form, ApiError(422, "request rejected: 1 problem", [err]), err, lang)
        assert form.errors["sessions"] == said
    # an entry without messages keeps the API's words
    form = AskForm(1, 1, calendar, {}, [], "College B", [], [])
    plain = {k: v for k, v in err.items() if k != "messages"}
    api_refused(form, ApiError(422, "request rejected: 1 problem", [plain]), plain, "zh")
    assert form.errors["sessions"] == "too many"


def test_a_submissions_warnings_read_in_chinese_too(api: Api) -> None:
    """A request that is not required is warned, not refused, of what will leave it
    unmet (the common case for a college): the warning came in English only."""
    term = f"/api/v1/terms/{open_tiny_term(api)}"
    mine = {"id": "b1", "kind": "students", "size": 10, "name": "焊接1班"}
    assert api.post(f"{term}/institutions/col-b/cohorts", "col-b", json=mine).status_code == 201
    body = {"id": "r1", "cohort": "b1", "sessions": 1, "needs": ["weldng"],
            "resources": ["weld-shop", "weld-shop"]}  # fmt: skip
    r = api.post(f"{term}/institutions/col-b/requests", "col-b", json=body)
    assert r.status_code == 201, r.text
    warnings = r.json()["warnings"]
    unmet = next(w for w in warnings if w["msg"].startswith("no candidate resource"))
    assert unmet["msg"].endswith(" (not required: it will be reported unmet)")
    zh = unmet["messages"]["zh"]
    assert zh.startswith("没有符合条件的资源") and zh.endswith(
        "（非必需需求：将作为未满足的需求报告）"
    )
    assert "“Welding workshop”（weld-shop）" in zh and "是否指'welding'" in zh
    # an id listed twice is warned of in Chinese too
    twice = next(w for w in warnings if "listed twice" in w["msg"])
    assert twice["messages"]["zh"].startswith("“Welding workshop”（weld-shop）重复列出"), twice


def _listing_refusals() -> tuple[list[str], dict[str, Any]]:
    """The validator's refusals that list cohorts or resources by bare id with a number
    (people, places): a joint class too large for the workshop, a class too large for any
    room, an internship too large for the posts; and the scenario they refuse."""
    data = _named(tiny_data())
    data["cohorts"].append(
        {"id": "b-new", "institution": "col-b", "kind": "students", "size": 20, "name": "新班"}
    )
    data["cohorts"][1]["size"] = 30  # b-weld-1
    data["requests"] = [
        {"id": "joint", "cohorts": ["b-weld-1", "b-new"], "sessions": 1, "needs": ["welding"],
         "split": True, "required": True},
        {"id": "alone", "cohort": "b-weld-1", "sessions": 1, "needs": ["welding"],
         "required": True},
        {"id": "interns", "cohorts": ["b-weld-1", "b-new"], "kind": "internship", "weeks": 1,
         "required": True},
    ]  # fmt: skip
    with pytest.raises(ScenarioError) as e:
        load_scenario_with_warnings(data)
    return [i.message for i in e.value.issues], data


def test_lists_of_cohorts_and_resources_name_them_too() -> None:
    """``headcount 50 (b-weld-1 30, b-new 20) exceeds even all candidate resources together
    (20: weld-shop 20)``: bare ids in lists stayed bare where the rest of the sentence
    named things “Name” (id)."""
    said, data = _listing_refusals()
    named = {"b-weld-1": "B-WELD-1 的名字", "b-new": "新班", "weld-shop": "Welding workshop",
             "post-x": "Enterprise X line post"}  # fmt: skip
    naming = Naming(data)
    lists = [s for s in said if re.search(r"\w \d+\)|cohort b-weld-1\)", s)]
    assert len(lists) == 3, said
    for english in lists:
        en, messages = worded(english, naming)
        for id_, name in named.items():
            if re.search(rf"(?<![\w'-]){re.escape(id_)}(?![\w'-])", english):
                assert f"“{name}” ({id_})" in en, (id_, en)
                assert f"“{name}”（{id_}）" in messages["zh"], (id_, messages)
        for n in _NUMBER.findall(english):
            assert n in en and n in messages["zh"], (n, en, messages)


#: col-b's class and col-a's in one headcount list, as col-b's refusal names them.
_TWO_CLASSES_DATA = {
    "cohorts": [
        {"id": "col-b/b1", "name": "焊接1班", "size": 11},
        {"id": "col-a/a1", "name": "Secret class 甲", "size": 25},
    ],
    "resources": [{"id": "weld-shop", "name": "Welding workshop"}],
}
_TWO_CLASSES = (
    "headcount 36 (col-b/b1 11, col-a/a1 25) exceeds even all candidate resources "
    "together (20: weld-shop 20); add resources or shrink the cohort"
)


def test_a_named_list_hides_another_institution_s_cohort_with_its_size() -> None:
    """Named in a list, another institution's cohort is hidden name, id and size, as its
    bare id was (the documented rule: a size after a hidden id goes with it)."""
    from api.compose import redact

    en, messages = worded(_TWO_CLASSES, Naming(_TWO_CLASSES_DATA))
    assert "“Secret class 甲” (col-a/a1) 25" in en, en
    shown = redact({"msg": en, "messages": messages}, "col-b", ["col-a", "col-b"])
    assert shown["msg"] == (
        "headcount 36 (“焊接1班” (b1) 11, 'another institution's item') exceeds even all "
        "candidate resources together (20: “Welding workshop” (weld-shop) 20); add resources "
        "or shrink the cohort"
    ), shown
    for text in (shown["msg"], shown["messages"]["zh"]):
        for fragment in ("Secret", "甲", "col-a", "a1", " 25"):
            assert fragment not in text, (fragment, text)
    assert "其他单位的项目" in shown["messages"]["zh"], shown


def test_warnings_about_a_cohort_s_id_read_in_chinese_too() -> None:
    """An institution may submit an id with spaces around it, an invisible character, or
    one that prints like another of its ids: warned in English only."""
    import unicodedata

    data = tiny_data()
    data["cohorts"] += [
        {"id": i, "institution": "col-b", "kind": "students", "size": 5}
        for i in ("b-x ", "b\u200by", "caf\u00e9", unicodedata.normalize("NFD", "caf\u00e9"))
    ]
    _, warnings = load_scenario_with_warnings(data)
    said = [w.message for w in warnings if w.path.startswith("cohorts[")]
    assert len(said) == 3, said
    for english in said:
        chinese = zh(english)
        assert chinese is not None, english
        assert_same_facts(english, chinese, frozenset({"b-x ", "b-x", "by", "café"}))
        for quoted in re.findall(r"'[^']*'", english):
            assert quoted in chinese, (quoted, chinese)


#: Sentences whose lists (headcounts, places, quoted ids) the Chinese said with ", ".
_LISTED = (
    (
        "headcount 50 (b-weld-1 30, b-new 20) exceeds even all candidate resources together "
        "(50: cnc-lab 30, weld-shop 20); add resources or shrink the cohort",
        "人数 50（b-weld-1 30、b-new 20）超过了全部候选资源的容量之和（50：cnc-lab 30、"
        "weld-shop 20）；请增加资源或缩小班级",
    ),
    (
        "45 interns exceed all candidate internship posts together (35 places a week: "
        "post-x 25, post-y 10); add posts or raise their capacity",
        "45 名实习生超过了全部候选实习岗位的容量之和（每周 35 个名额：post-x 25、post-y 10）；"
        "请增加岗位或提高其容量",
    ),
    (
        "no candidate resource ('cnc-lab', 'weld-shop') is available for a session at a time "
        "the window and the cohorts allow",
        "在时间窗口和班级允许的时间内，没有一个候选资源（'cnc-lab'、'weld-shop'）可用",
    ),
    (
        "no qualified instructor ('t-li', 't-wang') is available at a time the window, the "
        "cohorts and the resources allow",
        "在时间窗口、班级和资源都允许的时间内，没有一位符合条件的教师（'t-li'、't-wang'）可用",
    ),
    (
        "no candidate resource (kind lab, workshop or training_base, features ['cnc', "
        "'laser'], open to 'col-b'); closest: 'cnc-lab' is a lab, lacks 'cnc', 'laser', is "
        "not open to 'col-b', 'col-c'",
        "没有符合条件的资源（类型为实训室、车间或实训基地，具备特征 ['cnc', 'laser']，"
        "向'col-b'开放）；最接近的："
        "'cnc-lab'是实训室，缺少'cnc'、'laser'，不向'col-b'、'col-c'开放",
    ),
)


def test_chinese_lists_are_said_with_the_chinese_enumeration_comma() -> None:
    """Chinese lists of headcounts, places and ids used the English ", " while the rest of
    the Chinese product (the explanations' ``sep_list``, the pages) lists with "、"; the
    value of a field quoted as written (``['cnc', 'laser']``) stays as it is."""
    for english, chinese in _LISTED:
        assert zh(english) == chinese, english


def test_a_named_chinese_list_keeps_its_comma_and_hides_another_s_item_with_its_size() -> None:
    from api.compose import redact

    said, data = _listing_refusals()
    naming = Naming(data)
    for english in said:
        _, messages = worded(english, naming)
        bare = re.sub(r"\[[^\]]*\]", "", messages.get("zh", ""))
        assert ", " not in bare, (english, messages)
    en, messages = worded(_TWO_CLASSES, Naming(_TWO_CLASSES_DATA))
    assert "（“焊接1班”（col-b/b1） 11、“Secret class 甲”（col-a/a1） 25）" in messages["zh"]
    shown = redact({"msg": en, "messages": messages}, "col-b", ["col-a", "col-b"])
    assert "（“焊接1班”（b1） 11、“其他单位的项目”）" in shown["messages"]["zh"], shown
