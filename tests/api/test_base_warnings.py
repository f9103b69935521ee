"""The warning of later bookings a base change breaks, as the planner reads it.

Mid-term, a resource limited to the weeks gone by leaves its later bookings to the next
re-solve (``PUT /terms/{t}/base``). The warning names each as the refusals of days gone
by do (:class:`api.past_names.PastNames`: “Title” (id)) and reads in Chinese too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from tests.api.conftest import (
    Api,
    PublishTiny,
    tiny_base,
    tiny_data,
)

_CJK = re.compile(r"[\u4e00-\u9fff]")


def test_the_later_bookings_are_named_and_read_in_chinese(
    make_api: Callable[..., Api], publish_tiny_term: PublishTiny
) -> None:
    api, term_id, v1 = publish_tiny_term(workers=1, seed=0)
    sessions = v1["schedule"]["sessions"]
    later = make_api(api.settings.db_url, today=dt.date(2026, 9, 13), extra_lead_days=1)
    gone = next(s for s in sessions if s["week"] == 2)["parts"][0]["resource"]
    on_it = {s["request"] for s in sessions if s["week"] == 2 and s["parts"][0]["resource"] == gone}
    base = tiny_base()
    for res in base["resources"]:
        if res["id"] == gone:
            res["available"] = [{"weeks": [1, 1]}]
    r = later.put(f"/api/v1/terms/{term_id}/base", json=base)
    assert r.status_code == 200, r.text
    warning, stays = r.json()["warnings"][-2:]  # after the submissions' warnings
    data = tiny_data()
    owner = {c["id"]: c["institution"] for c in data["cohorts"]}
    titles = {f"{owner[r['cohort']]}/{r['id']}": r.get("title") for r in data["requests"]}
    for request in on_it:
        assert f"request “{titles[request]}” ({request}) session " in warning["msg"], warning
        assert f"需求“{titles[request]}”（{request}）第 " in warning["messages"]["zh"], warning
    assert f" {request} " not in warning["msg"]
    for w in (warning, stays):
        assert _CJK.search(w["messages"]["zh"]), w
        assert "version" not in w["messages"]["zh"] and "booking" not in w["messages"]["zh"], w
