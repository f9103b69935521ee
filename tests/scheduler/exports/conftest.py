"""Fixtures of the export tests."""

from __future__ import annotations

import pytest

from scheduler.models import Scenario, SessionPart
from scheduler.reports import ScheduleContext
from tests.scheduler.reports.sample import tiny_schedule


@pytest.fixture
def split_ctx(tiny: Scenario) -> ScheduleContext:
    """The sample schedule with its first session split over two resources (8 parts): a
    session of several parts is what the per-part rows and events are about."""
    schedule = tiny_schedule()
    sessions = list(schedule.sessions)
    sessions[0] = sessions[0].model_copy(
        update={
            "parts": [
                SessionPart(resource="cnc-lab", headcount=15, instructor="t-li"),
                SessionPart(resource="weld-shop", headcount=10),
            ]
        }
    )
    return ScheduleContext.build(tiny, schedule.model_copy(update={"sessions": sessions}))
