"""Ids are unique and every reference names a known id (with a "did you mean" hint)."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Sequence

from scheduler.models import Request
from scheduler.validation.base import ValidatorBase


def _visible(text: str) -> str:
    """``text`` as it prints: composed (NFC), without invisible format characters."""
    return "".join(c for c in unicodedata.normalize("NFC", text) if unicodedata.category(c) != "Cf")


def duplicates(values: Sequence[str]) -> list[tuple[int, int]]:
    """(later index, first index) of every repeated value."""
    first: dict[str, int] = {}
    out = []
    for i, v in enumerate(values):
        if v in first:
            out.append((i, first[v]))
        else:
            first[v] = i
    return out


class ReferenceChecks(ValidatorBase):
    """Unique ids, known references, repeated list entries."""

    def check_ids(self) -> None:
        """Error on duplicate ids in each list; warn about ids with spaces around them,
        invisible characters, or that print like another id, since people would mix them up.
        """
        for name in ("sites", "institutions", "resources", "instructors", "cohorts", "requests"):
            items = getattr(self.s, name)
            for i, first in duplicates([x.id for x in items]):
                self.error(
                    f"{name}[{i}].id",
                    f"duplicate id '{items[i].id}' (already used by {name}[{first}])",
                )
            looks: dict[str, int] = {}
            for i, x in enumerate(items):
                if x.id != x.id.strip():
                    self.warn(
                        f"{name}[{i}].id",
                        f"id '{x.id}' has spaces around it: a workbook import reads "
                        f"'{x.id.strip()}'",
                    )
                hidden = [(k, c) for k, c in enumerate(x.id) if unicodedata.category(c) == "Cf"]
                if hidden:
                    k, c = hidden[0]
                    self.warn(
                        f"{name}[{i}].id",
                        f"id {x.id!r} holds an invisible character (U+{ord(c):04X} at "
                        f"position {k + 1}): it reads as '{_visible(x.id)}' but is another id",
                    )
                # ids that print alike but differ (café in two encodings, a hidden mark)
                seen = looks.setdefault(_visible(x.id), i)
                if seen != i and items[seen].id != x.id and not hidden:
                    self.warn(
                        f"{name}[{i}].id",
                        f"id {x.id!r} looks the same as {name}[{seen}].id {items[seen].id!r} "
                        "but is another id (invisible or differently encoded characters)",
                    )

    def ref(self, path: str, value: str, kind: str) -> bool:
        """Report ``value`` unless it is a known id of ``kind``; True when it resolves."""
        known = self.index[kind]
        if value in known:
            return True
        close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.75)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        self.error(path, f"unknown {kind} '{value}'{hint}")
        return False

    def ref_list(self, path: str, values: Sequence[str] | None, kind: str) -> None:
        """Check each id of an optional list with :meth:`ref`; ``None`` checks nothing."""
        for j, v in enumerate(values or ()):
            self.ref(f"{path}[{j}]", v, kind)

    def check_references(self) -> None:
        """Check that every id the scenario refers to exists, and warn about repeated entries;
        a request naming itself in ``after`` is an error even when not required (rule 11).
        """
        s = self.s
        for i, e in enumerate(s.travel):
            self.ref(f"travel[{i}].from", e.from_, "site")
            self.ref(f"travel[{i}].to", e.to, "site")
        for i, inst in enumerate(s.institutions):
            self.ref(f"institutions[{i}].site", inst.site, "site")
        for i, r in enumerate(s.resources):
            self.ref(f"resources[{i}].owner", r.owner, "institution")
            self.ref(f"resources[{i}].site", r.site, "site")
            self.ref_list(f"resources[{i}].open_to", r.open_to, "institution")
            self.warn_repeats(f"resources[{i}].open_to", r.open_to)
            self.warn_repeats(f"resources[{i}].features", r.features)
        for i, t in enumerate(s.instructors):
            self.ref(f"instructors[{i}].institution", t.institution, "institution")
            self.ref(f"instructors[{i}].site", t.site, "site")
            self.warn_repeats(f"instructors[{i}].skills", t.skills)
        for i, c in enumerate(s.cohorts):
            self.ref(f"cohorts[{i}].institution", c.institution, "institution")
        for i, req in enumerate(s.requests):
            p = f"requests[{i}]"
            if req.cohort is not None:
                self.ref(f"{p}.cohort", req.cohort, "cohort")
            self.ref_list(f"{p}.cohorts", req.cohorts, "cohort")
            for j, first in duplicates(req.cohorts or []):
                self.error(
                    f"{p}.cohorts[{j}]",
                    f"cohort '{req.cohorts[j]}' is listed twice (also cohorts[{first}]); "  # type: ignore[index]
                    "a joint session counts each cohort once",
                )
            self.ref_list(f"{p}.resources", req.resources, "resource")
            self.ref_list(f"{p}.instructors", req.instructors, "instructor")
            for j, a in enumerate(req.after):
                if a == req.id:
                    # An error even when not required: see docs/rules.md, rule 11.
                    self.error(f"{p}.after[{j}]", f"request '{a}' cannot come after itself")
                else:
                    self.ref(f"{p}.after[{j}]", a, "request")
            if req.prefer is not None:
                self.ref_list(f"{p}.prefer.resources", req.prefer.resources, "resource")
                self.warn_repeats(f"{p}.prefer.resources", req.prefer.resources)
            for name in ("after", "resources", "instructors", "needs", "instructor_skills"):
                self.warn_repeats(f"{p}.{name}", getattr(req, name))
            self.warn_repeats(f"{p}.resource_kinds", [k.value for k in req.resource_kinds or []])

    def warn_repeats(self, path: str, values: Sequence[str] | None) -> None:
        """Warn at each repeat of an entry in a list, naming the first; ``None`` checks nothing."""
        for j, first in duplicates(list(values or [])):
            self.warn(f"{path}[{j}]", f"'{values[j]}' is listed twice (also [{first}])")  # type: ignore[index]

    def _resolvable(self, req: Request) -> bool:
        """Whether the feasibility checks can run without echoing a reference error."""
        for c in req.cohort_ids:
            if c not in self.index["cohort"]:
                return False
            cohort = self.s.cohorts[self.index["cohort"][c]]
            if cohort.institution not in self.index["institution"]:
                return False
        return all(r in self.index["resource"] for r in req.resources or ()) and all(
            t in self.index["instructor"] for t in req.instructors or ()
        )
