"""Refusals of an extra-request form put beside their fields: the request model's (in
the page's language) and the API's (its own sentence, or the form's words where the
form knows the case).
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from api.errors import ApiError
from api.schemas import RequestSubmission
from api.web.ask_form import AskForm, cohorts_of
from api.web.field_errors import field_message


def model_refused(form: AskForm, doc: dict[str, Any], lang: str) -> bool:
    """Put the request model's refusals of ``doc`` beside their fields, in the page's
    language (:mod:`api.web.field_errors`); the API would refuse the same, in English.
    A field the form refused already keeps the form's message (a number it could not
    read is ``None`` in ``doc``, which the model would call "not an integer")."""
    try:
        RequestSubmission.model_validate(doc)
    except ValidationError as e:
        for err in e.errors(include_url=False):
            loc = tuple(err["loc"])
            cause = (err.get("ctx") or {}).get("error")
            loc += getattr(cause, "loc", ())  # a model-level check's field
            name = _posts_field(form, _field_of(loc))
            message = field_message(err, lang)
            if name in FORM_FIELDS:
                form.errors.setdefault(name, message)
            else:
                form.general.append(message)
        return True
    return False


def _field_of(loc: tuple[Any, ...]) -> str:
    """The form field a model error's ``loc`` names (``window[0].weeks[1]``: the last week;
    ``cohorts[0]``: the cohort picked, the others ticked with it)."""
    key = str(loc[0]) if loc else ""
    if key == "window":
        return "last_week" if loc[2:4] == ("weeks", 1) else "first_week"
    if key == "cohorts":
        return "cohort" if loc[1:2] == (0,) else "with_cohorts"
    return key


def _cohorts_field(form: AskForm, path: str, message: str) -> str:
    """The field of a refusal of ``cohorts`` (the picked cohort first, then those ticked
    with it): by its position, else by the cohorts it names (quoted, or by name with
    the id after it); the picked one alone is the cohort field's."""
    m = re.fullmatch(r"cohorts\[(\d+)\].*", path)
    if m is not None:
        return _field_of(("cohorts", int(m[1])))
    picked = str(form.values.get("cohort", ""))
    if len(form.cohorts) < 2:
        return "cohort"  # no boxes to tick are shown
    named = {
        c
        for c in cohorts_of(form.values)
        if f"'{c}'" in message or f"({c})" in message or f"（{c}）" in message
    }
    return "cohort" if named == {picked} else "with_cohorts"


def _posts_field(form: AskForm, name: str) -> str:
    """An internship's ``resources`` are the form's posts."""
    internship = form.values.get("kind") == "internship"
    return "posts" if name == "resources" and internship else name


def api_refused(form: AskForm, e: ApiError, err: dict[str, Any], lang: str) -> None:
    """Put one of the API's refusals beside its field: in the page's language where the
    form knows the case (an id already used, weeks gone by), else the API's sentence in
    the page's language where it has one (its ``messages``)."""
    path = str(err.get("path") or "")
    key = path.split(".")[0].split("[")[0] or "general"
    name = _posts_field(form, {"window": "first_week"}.get(key, key))
    if re.fullmatch(r"window\[\d+\]\.weeks\[1\]", path):
        name = "last_week"
    message = str((err.get("messages") or {}).get(lang) or err.get("msg", e.detail))
    if key == "cohorts":
        name = _cohorts_field(form, path, str(err.get("msg", "")))
    if name == "id" and e.status == 409:
        typed = str(form.values.get("id", "")).strip()
        # a blank id is this very form's, sent twice; a typed one is someone's already
        form.errors["id"] = "form_id_used" if typed else "form_sent_twice"
    elif path == "window":  # weeks gone by (api.extra.bookable_day); others say their own
        form.errors[name] = "form_window_over"
        form.error_details[name] = message
    elif name in FORM_FIELDS:
        form.errors[name] = message
    else:
        form.general.append(message)


#: The form's fields, which a refusal's ``path`` may name.
FORM_FIELDS = (
    "id",
    "cohort",
    "with_cohorts",
    "title",
    "kind",
    "weeks",
    "sessions",
    "duration",
    "pattern",
    "needs",
    "instructor_skills",
    "instructors",
    "resources",
    "posts",
    "first_week",
    "last_week",
)
