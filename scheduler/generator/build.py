"""The generator's steps, in order: world, wishes, rooms, trimming, repair, staff, extras.

``Builder(spec, seed).run()`` is pure and deterministic: all randomness comes from one
``numpy.random.Generator`` seeded with ``seed``, consumed in a fixed order. The steps
live in :mod:`~scheduler.generator.placing` (candidates and start slots),
:mod:`~scheduler.generator.budget` (demand against capacity),
:mod:`~scheduler.generator.extras` (joint sessions, instructors, chains, preferences)
and :mod:`~scheduler.generator.required` (required requests with a witness).
"""

from __future__ import annotations

import numpy as np

from scheduler.generator import catalog
from scheduler.generator.budget import Budgeting
from scheduler.generator.curriculum import Curriculum
from scheduler.generator.drafts import to_scenario
from scheduler.generator.extras import Extras
from scheduler.generator.pool import DraftPool
from scheduler.generator.required import Requiring
from scheduler.generator.rooms import Rooms
from scheduler.generator.term import Term
from scheduler.generator.tiers import TierSpec
from scheduler.generator.world import make_cohorts, make_institutions, make_sites
from scheduler.models import Scenario


class Builder(Budgeting, Extras, Requiring):
    """One generation run: ``Builder(spec, seed).run()`` returns the scenario."""

    def __init__(self, spec: TierSpec, seed: int) -> None:
        self.spec = spec
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.term = Term()

    # ------------------------------------------------------------------ orchestration

    def run(self) -> Scenario:
        """Run every step in its fixed order and freeze the result; the order is part of what a
        seed means, since each step draws from the one random generator in turn.
        """
        spec, rng = self.spec, self.rng
        majors = sorted(
            rng.choice(sorted(catalog.MAJORS), size=spec.majors, replace=False).tolist()
        )
        campuses, parks, remote, travel = make_sites(spec, rng)
        self.sites = [*campuses, *parks, remote]
        self.institutions = make_institutions(spec, rng, majors, campuses, parks, remote)
        self.inst = {i.id: i for i in self.institutions}
        self.cohorts = make_cohorts(spec, rng, self.institutions)
        self.cohort = {c.id: c for c in self.cohorts}
        self.curriculum = Curriculum(rng, self.institutions)
        wish = self.curriculum.wish_list(self.cohorts, spec.sessions, intern_share=0.3)
        rooms = Rooms(spec, rng, self.term, self.institutions, self.cohorts)
        self.resources = rooms.build(wish)
        self.rooms = rooms
        self.pool = DraftPool(self.term, self.resources, [i.id for i in self.institutions])
        target, _ = rooms.targets(wish)
        requests = self.trim(wish, target)
        self.info = {}
        requests = [r for r in requests if self.settle(r)]
        requests += self.joint_requests()
        self.requests = requests
        self.calibrate()
        self.instructors = self.staff()
        self.chain()
        self.decorate()
        self.require()
        self.requests.sort(key=lambda r: r.id)
        return to_scenario(
            name=f"generated-{spec.name.lower()}-seed{self.seed}",
            sites=self.sites,
            travel=travel,
            institutions=self.institutions,
            resources=self.resources,
            instructors=self.instructors,
            cohorts=self.cohorts,
            requests=self.requests,
            # demand fixed at 1000: every tier result since the first was measured with it
            # (left unset, scheduler/weights.py would raise it for the far sites' sessions)
            weights={"demand": 1000, "min_days": 10},
        )
