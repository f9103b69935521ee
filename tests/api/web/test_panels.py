"""The page's host notices (``api.web.panels.host_notices``) on hand-made entries."""

from __future__ import annotations

from typing import Any

from api.version_schemas import HostedCohort, HostedMove, HostedUnmet
from api.web.grid import Lookup
from api.web.panels import host_notices

SCENARIO: dict[str, Any] = {
    "calendar": {"weeks": 4, "days_per_week": 5, "slots_per_day": 4, "slot_minutes": 90},
    "resources": [{"id": "post", "name": "Line post"}],
}


def test_a_moved_cohort_is_named_with_its_id_in_the_page_s_brackets() -> None:
    """A Chinese notice named the cohort "Class 1 (col-a/c1)" in ASCII brackets among
    full-width punctuation."""
    cohort = HostedCohort(id="col-a/c1", name="Class 1", institution="col-a")
    placed = {"resource": "post", "headcount": 5, "first_week": 1, "weeks": 2}
    move = HostedMove(
        request="col-a/i1", title="Line internship", cohorts=[cohort], before=[placed], after=[]
    )
    look = Lookup(SCENARIO, "hidden")
    (zh,) = host_notices([], [move], look, {}, "zh")
    assert "Line internship · Class 1（col-a/c1）" in zh, zh
    (en,) = host_notices([], [move], look, {}, "en")
    assert "Line internship · Class 1 (col-a/c1)" in en, en


def test_an_institution_named_in_latin_letters_is_spaced_from_the_chinese_after_it() -> None:
    """A notice read "College B有 5 名实习生未能安排": the name ran into the word after it,
    though the sentence spaces its number."""
    unmet = HostedUnmet(
        request=None,
        title=None,
        cohorts=[],
        institutions=["col-b"],
        posts=["post"],
        weeks=2,
        missing=5,
        reason="capacity",
        message="the posts are full",
    )
    look = Lookup(SCENARIO, "hidden")
    (zh,) = host_notices([unmet], [], look, {"col-b": "College B"}, "zh")
    assert zh.startswith("Line post：College B 有 5 名实习生未能安排"), zh
