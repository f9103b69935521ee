"""Jinja2 rendering of the pages, with the language and the security headers of every page.

Templates live in ``api/web/templates`` (autoescaped). Pages load only their own CSS and
JavaScript, so a strict Content-Security-Policy holds: no inline script or style.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from api.web import i18n
from scheduler.reports.labels import counted

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

#: The language cookie (``zh`` or ``en``; Chinese when absent).
LANG_COOKIE = "lang"

#: Colours of session cards (CSS classes ``c0``..``c7``), chosen by request id.
PALETTE = 8

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["j2", "html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def lang_of(request: Request) -> str:
    """The language in the caller's cookie, or the default when unset or unsupported."""
    return i18n.pick_lang(request.cookies.get(LANG_COOKIE))


def colour(request_id: str) -> str:
    """A stable card colour for a request (the same in every view and process)."""
    return f"c{zlib.crc32(request_id.encode()) % PALETTE}"


def here(request: Request) -> str:
    """The current path and query, for links that come back to this page."""
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def render(
    request: Request, template: str, context: dict[str, Any], status: int = 200
) -> HTMLResponse:
    """Render ``template`` in the caller's language with the shared helpers."""
    lang = lang_of(request)

    def tr(key: str, **fields: object) -> str:
        """The text of ``key`` in the page's language."""
        return i18n.t(key, lang, **fields)

    html = _env.get_template(template).render(
        lang=lang,
        t=tr,
        weekday=lambda day: i18n.weekday(day, lang),
        short_date=lambda d: i18n.short_date(d, lang),
        local_time=lambda when: i18n.local_time(when, lang),
        weeks_span=lambda first, last: i18n.weeks_span(first, last, lang),
        percent=i18n.percent,
        counted=lambda n, unit: counted(n, unit, lang),
        solver_name=lambda code: i18n.solver_name(code, lang),
        colour=colour,
        urlencode=urlencode,
        lang_url=lambda code: f"/lang/{code}?next={quote(here(request), safe='')}",
        other_lang="en" if lang == "zh" else "zh",
        **context,
    )
    return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)
