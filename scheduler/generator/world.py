"""Who is in the consortium: sites and travel, institutions, cohorts.

Sites are campuses (university towns hosting several colleges) and industrial parks
(enterprises, public training bases) placed on a map; travel edges follow a spanning
tree plus each site's nearest neighbour, so some pairs are reached only via others. One
remote site (an island port training centre) hangs off a single park: reachable only
through it.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TypeVar

import numpy as np

from scheduler.generator import catalog
from scheduler.generator.drafts import DCohort, DInstitution, DSite
from scheduler.generator.term import DAY_SLOTS, DAY_WINDOWS, TRAINEE_AVAILABILITY
from scheduler.generator.tiers import TierSpec

T = TypeVar("T")


class Consortium:
    """The institutions and cohorts drawn so far, indexed as the builders of rooms and staff
    read them: by id, and institutions by kind."""

    def __init__(self, institutions: list[DInstitution], cohorts: list[DCohort]) -> None:
        self.inst = {i.id: i for i in institutions}
        self.colleges = [i for i in institutions if i.kind == "college"]
        self.enterprises = [i for i in institutions if i.kind == "enterprise"]
        self.institutes = [i for i in institutions if i.kind == "institute"]
        self.cohort = {c.id: c for c in cohorts}


def slug(text: str) -> str:
    """ASCII id fragment of a name: accents dropped, other runs of characters as ``-``;
    characters with no ASCII form (Chinese) vanish.
    """
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def pick(rng: np.random.Generator, items: list[T], p: list[float] | None = None) -> T:
    """One element of ``items`` (weights ``p`` need not sum to 1)."""
    if p is not None:
        w = np.asarray(p, dtype=float)
        return items[int(rng.choice(len(items), p=w / w.sum()))]
    return items[int(rng.integers(len(items)))]


def travel_minutes(a: DSite, b: DSite) -> int:
    """Road time: 10 minutes to get going plus 1.1 minutes per km, in 5-minute steps."""
    km = float(np.hypot(a.x - b.x, a.y - b.y))
    return int(5 * round((10 + 1.1 * km) / 5))


def make_sites(
    spec: TierSpec, rng: np.random.Generator
) -> tuple[list[DSite], list[DSite], DSite, list[tuple[str, str, int]]]:
    """(campuses, parks, remote site, travel edges)."""
    places = [p for p in catalog.PLACES if p[0] != "Changxing Island"]
    chosen = rng.choice(len(places), size=spec.campuses, replace=False)
    campuses = [
        DSite(
            id=f"campus-{slug(places[i][0])}",
            name=f"{places[i][1]}校区 {places[i][0]} campus",
            x=float(rng.uniform(0, 100)),
            y=float(rng.uniform(0, 100)),
        )
        for i in chosen
    ]
    chosen = rng.choice(len(catalog.PARKS), size=spec.parks, replace=False)
    parks = []
    for i in chosen:
        en, zh = catalog.PARKS[i]
        short = "".join(w[0] for w in en.replace("&", "").split() if w[0].isupper()).lower()
        parks.append(
            DSite(
                id=f"park-{short}",
                name=f"{zh} {en}",
                x=float(rng.uniform(10, 90)),
                y=float(rng.uniform(10, 90)),
            )
        )
    remote = DSite(
        id="remote-changxing-island",
        name="长兴岛港区实训中心 Changxing Island port training centre (ferry)",
        x=parks[0].x + 30,
        y=parks[0].y + 30,
    )
    nodes = campuses + parks
    edges: dict[tuple[str, str], int] = {}

    def link(a: DSite, b: DSite) -> None:
        key = (a.id, b.id) if a.id < b.id else (b.id, a.id)
        edges[key] = travel_minutes(a, b)

    # Prim's spanning tree keeps every campus and park connected...
    inside = [nodes[0]]
    outside = nodes[1:]
    while outside:
        a, b = min(
            ((a, b) for a in inside for b in outside),
            key=lambda ab: np.hypot(ab[0].x - ab[1].x, ab[0].y - ab[1].y),
        )
        link(a, b)
        inside.append(b)
        outside.remove(b)
    # ...and each site's nearest neighbour adds the obvious shortcuts.
    for a in nodes:
        others = [b for b in nodes if b is not a]
        if others:
            link(a, min(others, key=lambda b: np.hypot(a.x - b.x, a.y - b.y)))
    # The island is reached only by the ferry from the first park.
    travel = [(a, b, m) for (a, b), m in sorted(edges.items())]
    travel.append((parks[0].id, remote.id, int(5 * rng.integers(12, 19))))
    return campuses, parks, remote, travel


def make_institutions(
    spec: TierSpec,
    rng: np.random.Generator,
    majors: list[str],
    campuses: list[DSite],
    parks: list[DSite],
    remote: DSite,
) -> list[DInstitution]:
    """Colleges on the campuses in turn, each teaching 1-4 of ``majors``; enterprises of the
    types whose trades they teach (the second on the remote island when there are three
    or more); one training-base institute per park in turn.
    """
    out: list[DInstitution] = []
    used_names: set[str] = set()
    for i in range(spec.colleges):
        site = campuses[i % len(campuses)]
        place_zh, rest = site.name.split("校区 ")
        place_en = rest.removesuffix(" campus")
        styles = catalog.COLLEGE_STYLES[(i // len(campuses)) :] + catalog.COLLEGE_STYLES
        for style_zh, style_en in styles:
            name = f"{place_zh}{style_zh} {place_en} {style_en}"
            if name not in used_names:
                break
        else:  # more colleges than styles at one place: number them
            name = f"{place_zh}第{i + 1}职业学院 {place_en} Vocational College No. {i + 1}"
        used_names.add(name)
        n_majors = int(rng.integers(1, min(4, len(majors)) + 1))
        own = sorted(rng.choice(len(majors), size=n_majors, replace=False).tolist())
        out.append(
            DInstitution(
                id=f"col{i + 1:02d}",
                name=name,
                kind="college",
                site=site.id,
                majors=[majors[k] for k in own],
            )
        )
    # Enterprises of the types whose trades the colleges teach.
    taught = {c.feature for m in majors for c in catalog.MAJORS[m].courses}
    types = list(catalog.ENTERPRISE_TYPES)
    weights = [0.1 + len(taught & set(t.trains + t.posts)) for t in types]
    for i in range(spec.enterprises):
        et = (
            pick(rng, types, weights)
            if i >= len(types)
            else sorted(types, key=lambda t: -len(taught & set(t.trains + t.posts)))[i]
        )
        root_en, root_zh = catalog.COMPANY_ROOTS[i % len(catalog.COMPANY_ROOTS)]
        site = parks[i % len(parks)] if i != 1 or spec.enterprises < 3 else remote
        type_zh, type_en = et.name.split(" ", 1)
        n = i // len(catalog.COMPANY_ROOTS)
        suffix_en, suffix_zh = (f" {n + 1}", f"{n + 1}") if n else ("", "")
        out.append(
            DInstitution(
                id=f"ent{i + 1:02d}",
                name=f"大连{root_zh}{type_zh}{suffix_zh}有限公司 Dalian {root_en}{suffix_en} "
                f"{type_en} Co.",
                kind="enterprise",
                site=site.id,
                etype=et.id,
            )
        )
    for i in range(spec.institutes):
        park = parks[i % len(parks)]
        zh, en = park.name.split(" ", 1)
        out.append(
            DInstitution(
                id=f"inst{i + 1:02d}",
                name=f"{zh}公共实训基地 {en} Public Training Base",
                kind="institute",
                site=park.id,
            )
        )
    return out


def make_cohorts(
    spec: TierSpec, rng: np.random.Generator, institutions: list[DInstitution]
) -> list[DCohort]:
    """Student classes spread over the colleges (first or second year, some with Wednesday
    afternoon off) and trainee groups over the enterprises, each with its shift's hours.
    """
    colleges = [i for i in institutions if i.kind == "college"]
    enterprises = [i for i in institutions if i.kind == "enterprise"]
    out: list[DCohort] = []
    share = rng.uniform(0.6, 1.4, size=len(colleges))
    counts = _spread(spec.student_cohorts, share, minimum=2)
    for col, n in zip(colleges, counts, strict=True):
        classes: dict[tuple[str, int], int] = {}
        for _ in range(n):
            major = pick(rng, col.majors)
            year = 24 if rng.random() < 0.55 else 25
            k = classes[(major, year)] = classes.get((major, year), 0) + 1
            m = catalog.MAJORS[major]
            zh, en = m.name.split(" ", 1)
            wed_off = rng.random() < 0.2
            out.append(
                DCohort(
                    id=f"{col.id}-{major}-{year}{k:02d}",
                    name=f"{zh}{year}{k:02d}班 {en}, class {year}{k:02d}",
                    institution=col.id,
                    kind="students",
                    size=int(np.clip(round(rng.normal(34, 6)), 20, 46)),
                    major=major,
                    klass="day",
                    available=(
                        [{"days": [1, 2, 4, 5], "slots": DAY_SLOTS}, {"days": [3], "slots": [1, 2]}]
                        if wed_off
                        else DAY_WINDOWS
                    ),
                    chained=rng.random() < 0.7,
                    year=year,
                )
            )
    counts = _spread(spec.trainee_cohorts, np.ones(len(enterprises)), minimum=0)
    shifts = ["evening", "weekend", "both", "release"]
    shift_zh = {
        "evening": "夜班培训组 evening group",
        "weekend": "周末班 weekend group",
        "both": "业余班 evening & Saturday group",
        "release": "脱产班 day-release group",
    }
    for ent, n in zip(enterprises, counts, strict=True):
        short = ent.name.split(" Dalian ")[1].split(" ")[0]
        for k in range(n):
            shift = pick(rng, shifts, [0.35, 0.25, 0.25, 0.15])
            out.append(
                DCohort(
                    id=f"{ent.id}-staff-{k + 1}",
                    name=f"{short} {shift_zh[shift]} {k + 1}",
                    institution=ent.id,
                    kind="trainees",
                    size=int(rng.integers(8, 21)),
                    major=ent.etype or "",
                    klass=shift,
                    available=TRAINEE_AVAILABILITY[shift],
                    chained=rng.random() < 0.5,
                )
            )
    return out


def _spread(total: int, weights: np.ndarray, minimum: int) -> list[int]:
    """Split ``total`` by ``weights`` (largest remainder), each at least ``minimum``."""
    n = len(weights)
    if n == 0:
        return []
    base = min(minimum, total // n)
    rest = total - base * n
    raw = weights / weights.sum() * rest
    counts = np.floor(raw).astype(int)
    for k in np.argsort(-(raw - counts))[: rest - counts.sum()]:
        counts[k] += 1
    return [int(base + c) for c in counts]
