"""What every web page checks of a request before trusting it: an id in its URL, the
origin of a form post and the file parts a form of typed text should not hold.

The timetable pages (:mod:`api.web.router`) and the extra-request form
(:mod:`api.web.ask`) check both the same way, so they live here rather than in either.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import Request
from starlette.datastructures import FormData

from api.errors import not_found

#: Largest id a URL may name: the database's ids are ``Integer`` columns (32-bit on
#: PostgreSQL), the bound the API's own id paths keep too (:data:`api.deps.IdPath`).
MAX_URL_ID = 2**31 - 1


def url_id(value: str, what: str) -> int:
    """The database id ``value`` in a URL names; 404 "``what`` not found" for anything
    else (a word, a sign, a non-ASCII digit, 0, too large): a URL that names nothing is
    not found, not a malformed request (422), so a browser gets the friendly 404 page."""
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= MAX_URL_ID:
        raise not_found(what)
    return int(value)


def same_site(request: Request) -> bool:
    """Is a form post from this site's own pages?

    Refuses login CSRF and forms posted from other sites: ``Origin`` must name this
    host; without it, ``Sec-Fetch-Site`` must be ``same-origin`` or ``none`` (typed by
    the user). A client sending neither (an old browser, a script) passes: the key
    cookie's ``SameSite=Strict`` already keeps it off other sites' requests.
    """
    origin = request.headers.get("origin")
    if origin is not None:
        return urlsplit(origin).netloc == request.url.netloc
    return request.headers.get("sec-fetch-site", "same-origin") in ("same-origin", "none")


def file_fields(form: FormData) -> list[str]:
    """The fields of ``form`` posted as files (by hand: the site's forms post text), in
    name order; read as text they would be their Python text ("UploadFile(...)")."""
    return sorted({k for k, v in form.multi_items() if not isinstance(v, str)})
