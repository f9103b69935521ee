"""Size tiers of generated scenarios.

A tier fixes the shape of the consortium (how many colleges, rooms, cohorts) and two
targets: the number of sessions asked for and the demand ratio (demanded room-slots per
available room-slot, see :mod:`scheduler.generator.capacity`). The generator sizes the
rooms' availability from the session target and then trims the wish list of courses to
the ratio, so both targets are met together.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TierSpec:
    """The shape and the two targets of one size tier (see the module docstring)."""

    name: str
    colleges: int
    enterprises: int
    institutes: int  # owners of the public training bases
    campuses: int  # sites of colleges (several colleges may share a university town)
    parks: int  # industrial parks: enterprises and training bases
    majors: int  # programmes of the catalogue taught in the consortium
    student_cohorts: int
    trainee_cohorts: int
    college_rooms: int  # labs and workshops owned by colleges
    enterprise_rooms: int  # enterprise workshops open evenings and Saturdays
    bases: int  # shareable public training bases
    posts: int  # internship posts
    sessions: int  # target number of sessions over all session requests
    ratio: float  # target demand ratio
    joint: int  # joint requests of several cohorts
    required_share: float  # share of requests made required (each proven to fit)

    @property
    def resources(self) -> int:
        """Resources the tier aims at: rooms, workshops, bases and posts together."""
        return self.college_rooms + self.enterprise_rooms + self.bases + self.posts

    @property
    def cohorts(self) -> int:
        """Cohorts the tier aims at: student classes and trainee groups together."""
        return self.student_cohorts + self.trainee_cohorts


TIERS: dict[str, TierSpec] = {
    "S": TierSpec(
        name="S",
        colleges=4,
        enterprises=3,
        institutes=1,
        campuses=2,
        parks=1,
        majors=2,
        student_cohorts=32,
        trainee_cohorts=8,
        college_rooms=6,
        enterprise_rooms=2,
        bases=1,
        posts=3,
        sessions=400,
        ratio=0.85,
        joint=2,
        required_share=0.04,
    ),
    "M": TierSpec(
        name="M",
        colleges=12,
        enterprises=20,
        institutes=2,
        campuses=6,
        parks=3,
        majors=7,
        student_cohorts=340,
        trainee_cohorts=60,
        college_rooms=48,
        enterprise_rooms=12,
        bases=3,
        posts=17,
        sessions=5000,
        ratio=0.90,
        joint=10,
        required_share=0.03,
    ),
    "L": TierSpec(
        name="L",
        colleges=50,
        enterprises=60,
        institutes=6,
        campuses=16,
        parks=6,
        majors=7,
        student_cohorts=1700,
        trainee_cohorts=300,
        college_rooms=250,
        enterprise_rooms=50,
        bases=10,
        posts=90,
        sessions=25000,
        ratio=1.05,
        joint=40,
        required_share=0.02,
    ),
}
