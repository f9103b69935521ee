"""A timetable page opened without a view shows the caller's own things first: an
institution's cohorts if it has any, else its own resources (the public training base
opened on another college's lab); planners and viewers the first busy resource."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from api.security import Role, create_key
from tests.api.conftest import tiny_data
from tests.api.web.conftest import Site

pytestmark = pytest.mark.timeout(180)


def _with_base(data: dict[str, Any]) -> dict[str, Any]:
    """Tiny plus a public training base (``pub``) that owns a hall and has no cohorts."""
    doc = copy.deepcopy(data)
    doc["institutions"].append(
        {"id": "pub", "name": "Public base", "kind": "institute", "site": "campus-a"}
    )
    doc["resources"].append(
        {
            "id": "pub-hall",
            "name": "Training hall",
            "kind": "training_base",
            "owner": "pub",
            "site": "campus-a",
            "capacity": 40,
            "features": ["cnc"],
        }
    )
    return doc


def _shown(html: str) -> tuple[str, str]:
    """(view, item) of the page's grid."""
    found = re.search(r'data-view="([^"]*)" data-entity="([^"]*)"', html)
    assert found, html
    return found.group(1), found.group(2)


@pytest.fixture(scope="module")
def base_url(site: Site) -> str:
    term, number, _ = site.publish(_with_base(tiny_data()))
    with site.client.app.state.session_factory() as db:  # type: ignore[attr-defined]
        site.keys["pub"] = create_key(db, Role.INSTITUTION, "pub", "pub", "")[1]
        db.commit()
    return f"/terms/{term}/versions/{number}"


@pytest.mark.parametrize(
    ("who", "view", "entity"),
    [
        ("pub", "resource", "pub-hall"),  # no cohorts: its own hall, not col-a's lab
        ("col-a", "cohort", "a-cnc-1"),  # a college: its cohort's timetable
        ("ent-x", "cohort", "x-staff"),  # an enterprise hosting interns, with staff
        ("planner", "resource", "cnc-lab"),  # everybody's: the first busy resource
        ("viewer", "resource", "cnc-lab"),
    ],
)
def test_the_default_view_shows_the_callers_own_first(
    site: Site, base_url: str, who: str, view: str, entity: str
) -> None:
    r = site.page(base_url, who)
    assert r.status_code == 200, r.text
    assert _shown(r.text) == (view, entity)


def test_an_asked_view_keeps_its_own_items_first(site: Site, base_url: str) -> None:
    """The resource view asked for by the base still opens on its own hall."""
    r = site.page(f"{base_url}?view=resource", "pub")
    assert _shown(r.text) == ("resource", "pub-hall")
