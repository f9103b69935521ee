"""The base of every document model, and the error a model-level check places at one
of its fields."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class FieldError(ValueError):
    """A model-level check's error that belongs to one of the model's own fields.

    Pydantic places a model validator's error at the model; the error reader
    (:func:`scheduler.error_messages.issues_from_validation_error`) appends ``loc`` so the
    planner reads ``calendar.slot_times[1]``, not ``calendar``. ``code`` names the
    check, so that a page can say it in another language (``api.web.field_errors``).
    """

    def __init__(self, loc: tuple[str | int, ...], message: str, code: str = "") -> None:
        super().__init__(message)
        self.loc = loc
        self.code = code


class FrozenModel(BaseModel):
    """Frozen, strict about unknown keys: a typo in a scenario is an error, not a silent drop."""

    model_config = ConfigDict(frozen=True, extra="forbid")
