"""Malformed requests for every route of the app, and what any answer to them must be.

A request is drawn from a route's path template: each path parameter a valid value or an
odd one (``%2F``, ``..``, quotes, empty, huge or negative numbers, non-ASCII digits), its
query with unknown and odd parameters, a body (a valid document of the route with one
value made wrong, a field dropped or an unknown one added; or bytes no JSON reader
accepts; or more than the size limit), an odd ``Content-Type``, and the key of a
planner, an institution, a viewer or none. :func:`assert_answered` states what any
answer must be: no 5xx, no traceback, an error that names the place and the problem.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from httpx import Response
from hypothesis import strategies as st

from tests.api.conftest import tiny_base, tiny_data
from tests.strategies import ODD_JSON

#: The largest body the fuzzed app accepts (small, so an oversized body is cheap to send).
MAX_BODY = 64 * 1024

#: Who sends a request: a key's name in ``Api.keys`` (planner and col-a first: valid
#: requests are theirs), one of :data:`BAD_KEYS`, or nobody.
WHO = ("planner", "col-a", "viewer", "made up", "overlong", "not a key", None)

#: Keys no one was given.
BAD_KEYS = {
    "made up": "ts_000000000000_" + "A" * 43,
    "overlong": "ts_" + "x" * 5000,
    "not a key": "ts_' OR 1=1 --<>\x7f",
}

#: Methods no route takes, or not this one.
METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS")

#: Path segments that name nothing, or try to name something else.
ODD_SEGMENTS = (
    "%2F",
    "..",
    "%2E%2E",
    "'",
    '"',
    "%22%3E%3Cscript%3E",
    "-1",
    "0",
    "2147483648",
    "9" * 40,
    "1.5",
    "1e3",
    "NaN",
    "%201",
    "١",  # an Arabic-Indic digit: str.isdigit() says yes, int() reads it
    "数控",
    "%00",
    "%0A",
    "%FF",
    "%E4%B8",
    "a" * 3000,
    "col-a%2Fx",
    "null",
)

#: Query and form values a route does not expect.
ODD_VALUES = (
    "",
    "-1",
    "0",
    "9" * 40,
    "NaN",
    "Infinity",
    "1e400",
    "true",
    "x" * 3000,
    "\x00\x1b[31m\u202e",
    "数控（1）班",
    "//evil.example/",
    "/\\evil",
    "../..",
)

#: Bodies no JSON reader should accept, or that stretch one.
RAW_BODIES = (
    b"{",
    b'{"a": 1,}',
    b"{'a': 1}",
    b'{"a": NaN}',
    b'{"a": Infinity}',
    b'{"a": -Infinity}',
    b"\xff\xfe{\x00}\x00",
    b'{"a": "\xc3\x28"}',
    b"\xef\xbb\xbf{}",
    b'{"a": 1, "a": 2}',
    b"[" * 5000,
    b'{"a": ' + b"9" * 5000 + b"}",
    b"null",
    b"[]",
    b'"text"',
    b"12",
    b"\x00" * 64,
    b'--x\r\nContent-Disposition: form-data; name="file"\r\n\r\n{}\r\n--x--\r\n',
    b"key=%FF%FE&key=&cohort=%00",
)

CONTENT_TYPES = (
    "application/json",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "multipart/form-data; boundary=x",
    "application/json; charset=utf-16",
    "application/octet-stream",
    None,
)

#: Query parameters the web pages read by hand (their routes do not declare them).
WEB_QUERY = ("view", "week", "cohort", "resource", "instructor", "institution")

_TRACEBACK = re.compile(r"Traceback \(most recent call last\)|File \"[^\"]+\.py\", line \d+")


@dataclass(frozen=True)
class Route:
    """One method of one route, with the query parameters it declares."""

    method: str
    path: str
    query: tuple[str, ...]

    @property
    def params(self) -> list[str]:
        return re.findall(r"{(\w+)}", self.path)

    @property
    def web(self) -> bool:
        return not self.path.startswith("/api/")

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def every_route(app: FastAPI) -> list[Route]:
    """Every method of every route the app serves, with prefixes of included routers
    (HEAD aside: GET's answer without its body)."""
    routes = set()
    for context in iter_route_contexts(app.routes):
        dependant = getattr(context, "dependant", None)
        query = tuple(sorted(p.alias for p in dependant.query_params)) if dependant else ()
        for method in context.methods or ():
            if method != "HEAD" and context.path_format:
                routes.add(Route(method, context.path_format, query))
    return sorted(routes, key=lambda r: (r.path, r.method))


@dataclass
class Site:
    """Valid path parameters (terms, their items, a done job) and keys by role. A request
    whose path is not the part made wrong names the first of each, or any of those
    ``any_of`` lists (a term open to submissions or a published one)."""

    valid: dict[str, list[str]]
    keys: dict[str, str] = field(default_factory=dict)
    any_of: frozenset[str] = frozenset()


def seed_body(route: Route) -> Any:
    """A valid body of ``route``, to be made wrong in one place (``{}`` when it takes none)."""
    data = tiny_data()
    cohort = {k: v for k, v in data["cohorts"][0].items() if k != "institution"}
    options = {"time_limit": 1, "workers": 1, "seed": 0}
    by_suffix: list[tuple[str, Any]] = [
        ("/cohorts", cohort),
        ("/cohorts/{item_id}", cohort),
        ("/requests", data["requests"][0]),
        ("/requests/{item_id}", data["requests"][0]),
        ("/extra-requests", {**data["requests"][0], "id": "r-extra"}),
        ("/api/v1/scenarios", data),
        ("/api/v1/terms", tiny_base()),
        ("/base", tiny_base()),
        ("/solve", options),
        ("/rerun", options),
        ("/versions", {"job_id": 1}),
        ("/resolve", {"move_penalty": 100, "options": options}),
        ("/signin", {"key": "x"}),
        ("/ask", {"cohort": "a-cnc-1", "sessions": "1", "duration": "2", "needs": "cnc"}),
    ]
    if route.method in ("POST", "PUT"):
        for suffix, body in by_suffix:
            if route.path.endswith(suffix):
                return body
    return {}


def _places(doc: Any, at: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    """Every place in a JSON document, the document itself first."""
    yield at
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from _places(v, (*at, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from _places(v, (*at, i))


def _at(doc: Any, at: tuple[str | int, ...]) -> Any:
    """The value at a place of a document."""
    for part in at:
        doc = doc[part]
    return doc


def _replace(doc: Any, at: tuple[str | int, ...], value: Any) -> Any:
    """A copy of ``doc`` with ``value`` at ``at``."""
    if not at:
        return value
    copy = json.loads(json.dumps(doc))
    node = copy
    for part in at[:-1]:
        node = node[part]
    node[at[-1]] = value
    return copy


def _drop(doc: Any, at: tuple[str | int, ...]) -> Any:
    """A copy of ``doc`` without the value at ``at``."""
    copy = json.loads(json.dumps(doc))
    node = copy
    for part in at[:-1]:
        node = node[part]
    del node[at[-1]]
    return copy


@dataclass(frozen=True)
class Body:
    """A body to send; ``unknown_field`` when a valid document got a field no model has."""

    content: bytes | None
    unknown_field: bool = False


@st.composite
def json_bodies(draw: st.DrawFn, seed: Any) -> Body:
    """``seed`` with one value wrong, one field dropped or one unknown field added."""
    places = list(_places(seed))
    at = draw(st.sampled_from(places))
    action = draw(st.sampled_from(("replace", "drop", "add")))
    doc, unknown = seed, False
    if action == "drop" and at:
        doc = _drop(seed, at)
    elif action == "add":
        objects = [p for p in places if isinstance(_at(seed, p), dict)]
        where = draw(st.sampled_from(objects))
        name = draw(st.sampled_from(("zzz", "Id", "id ", "数控", "", "\ud800")))
        if name not in _at(seed, where):
            doc = _replace(seed, where, {**_at(seed, where), name: draw(st.sampled_from(ODD_JSON))})
            unknown = True
    else:
        doc = _replace(seed, at, draw(st.sampled_from(ODD_JSON)))
    text = json.dumps(doc, ensure_ascii=draw(st.booleans()))
    # half a surrogate pair: its JSON escape, or (ensure_ascii=False) its bytes, not UTF-8
    return Body(text.encode("utf-8", "surrogatepass"), unknown)


#: Fields of the web forms (the extra-request form's), and one no form has.
FORM_FIELDS = ("with_cohorts", "kind", "weeks", "first_week", "last_week", "id", "zzz")


def form_bodies(seed: dict[str, Any]) -> st.SearchStrategy[Body]:
    """A web form's fields with odd values; ``zzz``, a field no form has, is an unknown one."""
    values = (*ODD_VALUES, *map(str, seed.values()))
    pairs = st.lists(
        st.tuples(st.sampled_from([*seed, *FORM_FIELDS]), st.sampled_from(values)), max_size=8
    )
    return pairs.map(
        lambda p: Body(urlencode(p).encode(), unknown_field=any(k == "zzz" for k, _ in p))
    )


def bodies(route: Route) -> st.SearchStrategy[Body]:
    """Any body ``route`` might be sent: none, a valid one made wrong, malformed bytes,
    or one over the size limit (and form fields, to a page's form)."""
    seed = seed_body(route)
    options: list[st.SearchStrategy[Body]] = [
        st.just(Body(None)),
        json_bodies(seed),
        st.sampled_from(RAW_BODIES).map(Body),
        st.just(Body(b"{" + b" " * MAX_BODY + b"}")),
    ]
    if route.web and route.method == "POST":
        options.append(form_bodies(seed))
    return st.one_of(options)


def segments(site: Site, name: str) -> st.SearchStrategy[str]:
    """A path parameter: another valid one (another institution's, say), or an odd one."""
    valid = site.valid.get(name, ["1"])
    return st.one_of(
        st.sampled_from(valid[1:] or valid),
        st.sampled_from(ODD_SEGMENTS),
        # no number: one could name a job the fuzzing queued, whose events never end
        st.text(min_size=1, max_size=12)
        .filter(lambda s: not s.isdigit())
        .map(lambda s: quote(s, safe="")),
    )


@dataclass(frozen=True)
class Probe:
    """One request: what is sent, and whether its body carried an unknown field."""

    method: str
    url: str
    headers: dict[str, str]
    content: bytes | None
    unknown_field: bool

    def __str__(self) -> str:
        shown = (self.content or b"")[:300]
        return f"{self.method} {self.url[:300]} {self.headers} {shown!r}"


#: What a probe gets wrong: one part of an otherwise valid request (so that the check of
#: that part is reached), or everything at once.
FOCUS = ("path", "query", "body", "body", "body", "content-type", "who", "method", "everything")


def _valid_body(route: Route) -> Body:
    seed = seed_body(route)
    if route.method not in ("POST", "PUT") or not seed:
        return Body(None)
    if route.web:
        return Body(urlencode(seed).encode())
    return Body(json.dumps(seed).encode())


@st.composite
def probes(draw: st.DrawFn, route: Route, site: Site) -> Probe:
    """A request to ``route`` with one part malformed (:data:`FOCUS`), or all of them."""
    focus = draw(st.sampled_from(FOCUS))
    wrong = {focus} if focus != "everything" else set(FOCUS)
    url = route.path
    for name in route.params:
        valid = site.valid.get(name, ["1"])
        named = valid if name in site.any_of else valid[:1]
        value = draw(segments(site, name)) if "path" in wrong else draw(st.sampled_from(named))
        url = url.replace("{" + name + "}", value, 1)
    if "query" in wrong:
        names = [*route.query, *(WEB_QUERY if route.web else ()), "zzz"]
        pairs = st.tuples(st.sampled_from(names), st.sampled_from(ODD_VALUES))
        url += "?" + urlencode(draw(st.lists(pairs, min_size=1, max_size=3)))
    accept = draw(st.sampled_from(("application/json", "text/html", "*/*")))
    headers: dict[str, str] = {"accept": accept}
    who = draw(st.sampled_from(WHO)) if "who" in wrong else draw(st.sampled_from(WHO[:2]))
    if who is not None:
        key = site.keys.get(who) or BAD_KEYS[who]
        scheme = (
            draw(st.sampled_from(("Bearer", "bearer", "Basic"))) if "who" in wrong else "Bearer"
        )
        headers["authorization"] = f"{scheme} {key}"
        headers["cookie"] = f"trainshare_key={key}"
    if "who" in wrong:
        lang = draw(st.sampled_from(("zh", "en", "", "fr", "zh-CN;q=0.1", "<b>", "x" * 500)))
        headers["cookie"] = f"{headers.get('cookie', 'a=b')}; lang={lang}"
    if "who" not in wrong or draw(st.booleans()):
        headers["origin"] = "http://testserver"  # a form sent from the site's own page
    body = draw(bodies(route)) if "body" in wrong else _valid_body(route)
    if body.content is not None:
        if "content-type" in wrong:
            content_type = draw(st.sampled_from(CONTENT_TYPES))
        else:
            content_type = "application/x-www-form-urlencoded" if route.web else "application/json"
        if content_type is not None:
            headers["content-type"] = content_type
    method = draw(st.sampled_from(METHODS)) if "method" in wrong else route.method
    return Probe(method, url, headers, body.content, body.unknown_field)


def assert_answered(probe: Probe, response: Response) -> None:
    """No 5xx, no traceback; an error names its problem and place (JSON), or is a page (web);
    a redirect stays on the site; a valid document with an unknown field is not taken."""
    text = response.text
    where = f"{probe}\n-> {response.status_code} {text[:800]}"
    assert response.status_code < 500, where
    assert not _TRACEBACK.search(text), where
    if 300 <= response.status_code < 400:
        location = response.headers.get("location", "").removeprefix("http://testserver")
        assert location.startswith("/") and not location.startswith("//"), where
    if response.status_code < 300 and probe.method != "GET":
        assert not probe.unknown_field, f"an unknown field was dropped silently: {where}"
    if response.status_code < 400:
        return
    ctype = response.headers.get("content-type", "")
    if ctype.startswith("text/html"):
        assert not probe.url.startswith("/api/"), where
        assert "<html" in text.lower() and len(text) > 200, where
        return
    assert ctype.startswith("application/json"), where
    body = response.json()
    assert isinstance(body.get("detail"), str) and body["detail"].strip(), where
    errors = body.get("errors")
    assert isinstance(errors, list), where
    for error in errors:
        assert isinstance(error.get("loc"), list) and error["loc"], where
        assert isinstance(error.get("path"), str), where
        assert isinstance(error.get("msg"), str) and error["msg"].strip(), where
    if response.status_code == 422:
        assert errors or "body" in body["detail"], f"a 422 names no place: {where}"
