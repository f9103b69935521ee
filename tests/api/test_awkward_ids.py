"""Another institution's ids are free text (spaces, apostrophes, brackets, Chinese): an
institution reads none of their fragments in any message, wherever the id stands.

Read by the sentence's shape, ``'col-a/o'brien'`` and ``col-a/r b work`` ended early
and left ``brien'`` and ``b work`` readable; the scenario's ids are read whole.
"""

from __future__ import annotations

import html
from typing import Any

from tests.api.conftest import Api, open_tiny_term, refused_beside, tiny_data

INSTS = ["col-a", "col-b"]
#: col-a's ids, each cut short by one shape of sentence, and the fragments that showed.
SECRET_IDS = ("col-a/r b work", "col-a/o'brien", "col-a/x [day] (1)", "col-a/数控（1）班 焊接")
FRAGMENTS = ("b work", "brien", "[day]", "(1)", "数控", "焊接", "col-a")
#: col-b's own id and a joint request it attends, both as awkward: they stay whole.
OWN, JOINT = "col-b/my o'id (2)", "col-a/j 1's"
IDS = frozenset({*SECRET_IDS, OWN, JOINT})


def _assert_hidden(text: str) -> None:
    for fragment in FRAGMENTS:
        assert fragment not in text, (fragment, text)


def _sentences() -> list[str]:
    """Each secret id in each shape a sentence gives it: quoted, bare (conflicts, with a
    size in a validation list), and named by a title, in English and Chinese."""
    out = []
    for i in SECRET_IDS:
        out += [
            f"busy with '{i}' and 'x'",
            f"Required requests {i} and x cannot all be met in full",
            f"headcount 36 ({i} 11, col-b/b1 25) exceeds every candidate resource",
            f"taken by “Secret plan” ({i}) today",
            f"被“秘密计划”（{i}）占用",
            f"必需需求'{i}'和'x'无法同时完全满足",
        ]
    return out


def test_every_shape_of_an_awkward_id_is_hidden_whole() -> None:
    from api.compose import redact

    for sentence in _sentences():
        shown = redact(sentence, "col-b", INSTS, {JOINT}, IDS)
        _assert_hidden(shown)
        assert "Secret" not in shown and "秘密" not in shown, shown
        assert "another institution's item" in shown, shown


def test_its_own_awkward_ids_and_joint_ones_stay_whole() -> None:
    from api.compose import redact

    sentence = f"busy with '{OWN}', '{JOINT}' and {OWN} near {JOINT}"
    assert redact(sentence, "col-b", INSTS, {JOINT}, IDS) == (
        f"busy with 'my o'id (2)', '{JOINT}' and my o'id (2) near {JOINT}"
    )
    # a Chinese character right after a bare id is not read as part of it
    assert redact(f"另见{JOINT}占用", "col-b", INSTS, {JOINT}, IDS) == f"另见{JOINT}占用"


def test_an_id_of_ones_own_cannot_pass_for_anothers() -> None:
    """While a sentence is read, another's awkward id stands in it as a token of private
    use characters and a number: an institution's own id spelled like such a token
    must read as itself, not as the id it stands for."""
    from api.compose import redact

    marks = "\ue000\ue001\ue002"
    for spoof in (f"col-b/{o}{k}{c}" for o in marks for c in marks for k in range(4)):
        sentence = f"busy with {spoof}, '{spoof}' and 'col-a/o'brien'"
        shown = redact(sentence, "col-b", INSTS, {JOINT}, IDS | {spoof})
        _assert_hidden(shown)
        mine = spoof[len("col-b/") :]
        assert shown.startswith(f"busy with {mine}, '{mine}'"), shown


def test_institution_view_hides_awkward_ids_in_reasons_and_conflicts() -> None:
    """The schedule view's unmet reasons and conflicts, in both languages."""
    from api.compose import institution_view, item_ids

    a, b, c, d = SECRET_IDS
    scenario = {
        "cohorts": [{"id": d}],
        "requests": [{"id": x} for x in (a, b, c, OWN, JOINT)],
    }
    schedule: dict[str, Any] = {
        "status": "infeasible",
        "unmet": [
            {
                "request": OWN,
                "reason": "capacity",
                "message": f"every candidate is occupied, by '{b}' and “Secret” ({d})",
                "messages": {"zh": f"资源被'{b}'、“秘密”（{d}）占用"},
            }
        ],
        "conflicts": [
            {
                "items": [a, c, OWN],
                "message": f"Required requests {a}, {c} and {OWN} cannot all be met in full",
                "messages": {"zh": f"必需需求'{a}'、'{c}'和'{OWN}'无法同时完全满足"},
            }
        ],
    }
    view = institution_view(schedule, "col-b", INSTS, {JOINT}, item_ids(scenario))
    _assert_hidden(str(view))
    assert "Secret" not in str(view) and "秘密" not in str(view)
    (conflict,) = view["conflicts"]
    assert conflict["message"] == (
        "Required requests 2 items of other institutions and my o'id (2) cannot all be met in full"
    )


def test_an_extra_request_answer_and_page_hide_an_awkward_id(solving_api: Api) -> None:
    """B's untitled CNC request is named by its quoted id in A's reason; an apostrophe,
    brackets and Chinese in it left its tail in the API's answer, A's view of the
    schedule (its amendments) and A's web page."""
    from api.web.sources import KEY_COOKIE

    api = solving_api
    secret = "r b's cnc（数控）[1]"
    cnc = next(r for r in tiny_data()["requests"] if r["id"] == "r-b-cnc")
    term_id, r = refused_beside(
        api, {k: v for k, v in cnc.items() if k != "title"} | {"id": secret}
    )
    planner = api.get(f"/api/v1/terms/{term_id}/schedule").json()["schedule"]
    assert f"'col-b/{secret}'" in str(planner)  # the sentence the planner reads
    api.client.cookies.set(KEY_COOKIE, api.keys["col-a"])
    page = html.unescape(api.client.get(f"/terms/{term_id}/versions/1").text)
    api.client.cookies.clear()
    version = api.get(f"/api/v1/terms/{term_id}/versions/1", "col-a").text
    for text in (r.text, api.get(f"/api/v1/terms/{term_id}/schedule", "col-a").text, version):
        assert "another institution" in text or "其他单位的项目" in text
    assert "其他单位的项目" in page or "another institution" in page
    for text in (r.text, version, page):
        for fragment in ("b's", "cnc（", "数控", "[1]", "col-b"):
            assert fragment not in text, (fragment, text[:2000])


def test_a_validation_warning_hides_an_awkward_id(api: Api) -> None:
    """The planner's joint request in col-b's space takes col-a's cohort, whose id holds
    a space, an apostrophe, brackets and Chinese: col-b's warning that the joint headcount
    grew names it bare with its size, and showed its tail."""
    term = f"/api/v1/terms/{open_tiny_term(api)}"
    secret = {"id": "a 1's（甲班）[x]", "kind": "students", "size": 25}
    b1 = {"id": "b1", "kind": "students", "size": 10}
    assert api.post(f"{term}/institutions/col-a/cohorts", "col-a", json=secret).status_code == 201
    assert api.post(f"{term}/institutions/col-b/cohorts", "col-b", json=b1).status_code == 201
    joint = {"id": "joint", "cohorts": ["b1", f"col-a/{secret['id']}"], "sessions": 1,
             "needs": ["cnc"]}  # fmt: skip
    assert api.post(f"{term}/institutions/col-b/requests", json=joint).status_code == 201
    r = api.put(f"{term}/institutions/col-b/cohorts/b1", "col-b", json={**b1, "size": 11})
    assert r.status_code == 200, r.text
    text = r.text
    assert "headcount 36" in text and "another institution's item" in text, text
    for fragment in ("1's", "甲班", "[x]", "col-a", " 25"):
        assert fragment not in text, (fragment, text)
