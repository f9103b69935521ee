"""Vectorised view of the draft resources: who may use what, and when.

Mirrors :func:`scheduler.compile.resource_admits` (kind, features, candidate list,
``open_to``) on NumPy arrays so that the generator can test thousands of requests
against hundreds of resources in well under a second.
"""

from __future__ import annotations

import numpy as np

from scheduler.generator.drafts import DResource
from scheduler.generator.term import Term


class DraftPool:
    """The draft resources as arrays, so thousands of requests can be tested against them
    quickly (see the module docstring).
    """

    def __init__(self, term: Term, resources: list[DResource], institutions: list[str]) -> None:
        self.term = term
        self.res = resources
        n = len(resources)
        self.n = n
        self.inst_pos = {i: k for k, i in enumerate(institutions)}
        self.kind = np.array([r.kind for r in resources], dtype=object)
        self.ids = np.array([r.id for r in resources], dtype=object)
        self.pos = {r.id: k for k, r in enumerate(resources)}
        self.room = np.array([r.room for r in resources], dtype=np.int64)
        self.capacity = np.array([r.capacity for r in resources], dtype=np.int64)
        self.owner = [r.owner for r in resources]
        self.site = [r.site for r in resources]
        self.post = self.kind == "internship_post"
        self.has: dict[str, np.ndarray] = {}
        for k, r in enumerate(resources):
            for f in r.features:
                self.has.setdefault(f, np.zeros(n, dtype=bool))[k] = True
        self.admit = np.ones((n, len(institutions)), dtype=bool)
        for k, r in enumerate(resources):
            if r.open_to is not None:
                self.admit[k, :] = False
                for i in [*r.open_to, r.owner]:
                    self.admit[k, self.inst_pos[i]] = True
        self.avail = [term.mask(r.available) for r in resources]
        self.owner_only = [
            term.mask(r.owner_windows) if r.owner_windows is not None else None for r in resources
        ]
        self._spans: dict[tuple[int, bool, int], np.ndarray] = {}

    def candidates(
        self,
        needs: list[str],
        kinds: list[str] | None,
        ids: list[str] | None,
        institutions: set[str],
        internship: bool,
    ) -> np.ndarray:
        """bool (n,): resources that may serve a request whatever the time: posts for
        internships, the others for sessions, of ``kinds``/``ids`` when given, with every
        need, open to every institution.
        """
        ok = self.post.copy() if internship else ~self.post
        if kinds is not None:
            ok &= np.isin(self.kind, kinds)
        if ids is not None:
            ok &= np.isin(self.ids, ids)
        for f in needs:
            ok &= self.has.get(f, np.zeros(self.n, dtype=bool))
        for i in institutions:
            ok &= self.admit[:, self.inst_pos[i]]
        return ok

    def guest(self, k: int, institutions: set[str]) -> bool:
        """Whether ``institutions`` are not just resource ``k``'s owner: then its
        ``owner_windows`` are closed to them.
        """
        return institutions != {self.owner[k]}

    def span(self, k: int, guest: bool, duration: int) -> np.ndarray:
        """Starts at which resource ``k`` is available for ``duration`` slots."""
        key = (k, guest, duration)
        if key not in self._spans:
            m = self.avail[k]
            reserved = self.owner_only[k]
            if guest and reserved is not None:
                m = m & ~reserved
            self._spans[key] = self.term.span(m, duration)
        return self._spans[key]

    def week_ok(self, k: int) -> np.ndarray:
        """bool (weeks,): weeks resource ``k``'s ``available`` holds, read by week with closed
        days ignored (as the tiers were sized).
        """
        return self.term.weeks_mask(self.res[k].available)
