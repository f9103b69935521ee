"""Why no resource is a candidate for a request: what it asks, and the closest resources."""

from __future__ import annotations

from scheduler.models import Request, Resource, ResourceKind
from scheduler.validation.base import ValidatorBase
from scheduler.validation.phrasing import misspelt, names, quoted


class NoCandidate(ValidatorBase):
    """The message for a request no resource admits."""

    def no_candidate_message(self, req: Request, insts: set[str], internship: bool) -> str:
        """The sentence for a request no resource admits: what it asks for and the closest
        resources with what each lacks, so the planner sees which field to change.
        """
        what = "internship post" if internship else "resource"
        if req.resources is not None and not req.resources:
            return f"'resources' is empty: no candidate {what}"
        if req.resource_kinds is not None and not req.resource_kinds:
            return f"'resource_kinds' is empty: no candidate {what}"
        post = ResourceKind.INTERNSHIP_POST
        if internship and req.resource_kinds is not None and post not in req.resource_kinds:
            listed = quoted([k.value for k in req.resource_kinds])
            return (
                f"'resource_kinds' {listed} names no internship_post, and an internship "
                "uses only internship posts: no candidate internship post"
            )
        if not internship and req.resource_kinds is not None and set(req.resource_kinds) == {post}:
            return (
                "'resource_kinds' names only internship_post, and sessions never use "
                "internship posts: no candidate resource (use kind 'internship' for a placement)"
            )
        if internship:
            kinds = "internship_post"
        elif req.resource_kinds is not None:
            kinds = " or ".join(k.value for k in req.resource_kinds)
        else:
            kinds = "lab, workshop or training_base"
        want = [f"kind {kinds}"]
        if req.needs:
            want.append(f"features {quoted(req.needs)}")
        if req.resources is not None:
            want.append(f"one of 'resources' {quoted(req.resources)}")
        want.append(f"open to {names(sorted(insts))}")
        head = f"no candidate {what} ({', '.join(want)})"

        scored = []
        for k, r in enumerate(self.s.resources):
            if req.resources is not None and r.id not in req.resources:
                continue
            reasons, missing = self.rejection(r, req, insts, internship)
            family = (r.kind is ResourceKind.INTERNSHIP_POST) != internship
            scored.append(((family, len(reasons), missing, k), r.id, reasons))
        if not scored:
            if internship:
                return f"{head}: the scenario has no internship_post resource"
            return f"{head}: the scenario has no lab, workshop or training_base"
        scored.sort()
        best_of = {x[1]: x for x in reversed(scored)}  # per id its first, i.e. best, entry
        scored = sorted(best_of.values())
        best = scored[0][0][:3]
        closest = [
            f"'{rid}' {', '.join(reasons)}" for key, rid, reasons in scored if key[:3] == best
        ]
        more = f" (and {len(closest) - 3} more)" if len(closest) > 3 else ""
        hint = misspelt(req.needs, (f for r in self.s.resources for f in r.features), "resource")
        return f"{head}; closest: " + "; ".join(closest[:3]) + more + hint

    def warn_unusable_listed(
        self, path: str, req: Request, insts: set[str], internship: bool
    ) -> None:
        """A resource named in ``resources`` or ``prefer.resources`` that the request can
        never use (other entries can): said, since it would otherwise be passed over
        without a word (a preferred one costs its penalty on every session)."""
        index = self.index["resource"]
        listed = [(f"{path}.resources", req.resources or [], "it is never used for this request")]
        if req.prefer is not None:
            never = "the preference can never be honoured"
            listed.append((f"{path}.prefer.resources", req.prefer.resources or [], never))
        for where, ids, consequence in listed:
            for j, rid in enumerate(ids):
                k = index.get(rid)
                if k is None:
                    continue  # an unknown id is an error of its own
                reasons, _ = self.rejection(self.s.resources[k], req, insts, internship)
                if req.resources is not None and rid not in req.resources:
                    reasons = reasons or ["is not in 'resources'"]
                if reasons:
                    self.warn(f"{where}[{j}]", f"'{rid}' {', '.join(reasons)}: {consequence}")

    def rejection(
        self, r: Resource, req: Request, insts: set[str], internship: bool
    ) -> tuple[list[str], int]:
        """Why ``r`` is no candidate for ``req`` (mirrors ``resource_admits``), and how
        many features it lacks."""
        reasons = []
        if internship and r.kind is not ResourceKind.INTERNSHIP_POST:
            reasons.append(f"is {_a(r.kind.value)} (internships use only internship posts)")
        if not internship and r.kind is ResourceKind.INTERNSHIP_POST:
            reasons.append("is an internship_post (sessions never use posts)")
        if (
            req.resource_kinds is not None
            and r.kind not in req.resource_kinds
            and (internship or r.kind is not ResourceKind.INTERNSHIP_POST)
        ):
            reasons.append(f"is {_a(r.kind.value)}")
        missing = [f for f in req.needs if f not in r.features]
        if missing:
            reasons.append(f"lacks {names(missing)}")
        if r.open_to is not None:
            barred = sorted(insts - set(r.open_to) - {r.owner})
            if barred:
                reasons.append(f"is not open to {names(barred)}")
        return reasons, len(missing)


def _a(noun: str) -> str:
    """``noun`` with its article: a lab, an internship_post."""
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"
