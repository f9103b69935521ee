"""API keys: creation, salted and peppered hashing, verification.

A key reads ``ts_<key_id>_<secret>``. ``key_id`` is public and finds the row; the
database keeps only ``HMAC-SHA256(pepper, salt || secret)``, so a leaked database does
not yield usable keys (the secret has 256 bits of entropy, so a fast hash is enough;
the pepper lives in the environment, not the database).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.db.models import ApiKey
from scheduler.error_messages import error_message, shown
from scheduler.issues import ScenarioError, format_path
from scheduler.json_reading import duplicate_key_issues, read_json
from scheduler.models import Text

log = logging.getLogger(__name__)

KEY_PREFIX = "ts"


class Role(StrEnum):
    """What a key may do: planners run terms, institutions submit and read their own items, viewers
    read everything and write nothing.
    """

    PLANNER = "planner"
    INSTITUTION = "institution"
    VIEWER = "viewer"


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: role, the institution an ``institution`` key is bound to, a label."""

    role: Role
    institution: str | None
    actor: str  # "key:<key_id>" or "file:<name>", written to the audit table

    def may_see_institution(self, institution: str) -> bool:
        """Planners and viewers see every institution; an institution sees only itself."""
        return self.role is not Role.INSTITUTION or self.institution == institution


def _digest(secret: str, salt: str, pepper: str) -> str:
    return hmac.new(pepper.encode(), (salt + secret).encode(), hashlib.sha256).hexdigest()


def create_key(
    session: Session, role: Role, institution: str | None, name: str, pepper: str
) -> tuple[ApiKey, str]:
    """Store a new key and return it with the only copy of its plain text."""
    if (role is Role.INSTITUTION) != (institution is not None):
        raise ValueError("an institution key needs --institution; other roles take none")
    key_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    salt = secrets.token_hex(16)
    row = ApiKey(
        key_id=key_id,
        salt=salt,
        hash=_digest(secret, salt, pepper),
        role=role.value,
        institution=institution,
        name=name,
    )
    session.add(row)
    session.flush()
    return row, f"{KEY_PREFIX}_{key_id}_{secret}"


@dataclass(frozen=True, slots=True)
class FileKey:
    """A key from the operator's tokens file: only its SHA-256 is held, with the principal it stands
    for.
    """

    sha256: str
    principal: Principal


#: Longest ``name`` of a key file entry: its actor, ``file:<name>``, fills a 200-character
#: column of the audit table (PostgreSQL refuses longer; SQLite would keep it).
FILE_KEY_NAME_MAX = 195


class _FileKeyEntry(BaseModel):
    """One entry of ``TRAINSHARE_TOKENS_FILE``, checked so that a typo stops the start in
    words (it was a ``KeyError`` traceback) rather than locking someone out unsaid."""

    model_config = ConfigDict(extra="forbid")

    role: Role
    institution: str | None = Field(None, min_length=1, max_length=200)
    name: str | None = Field(None, max_length=FILE_KEY_NAME_MAX)
    key: str | None = Field(None, min_length=1)
    sha256: str | None = Field(None, pattern=r"^[0-9a-fA-F]{64}$")

    @field_validator("institution", "name", "key", mode="before")
    @classmethod
    def _storable(cls, value: object) -> object:
        """Text that can be hashed, logged and stored: no half surrogate pair (valid
        JSON, as ``"\\ud800"``; pydantic's own check said "unable to parse raw data")
        and no control character, said as a scenario's are."""
        return TypeAdapter(Text).validate_python(value) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one_secret_and_the_right_institution(self) -> _FileKeyEntry:
        if (self.key is None) == (self.sha256 is None):
            raise ValueError("give exactly one of 'key' and 'sha256'")
        if (self.role is Role.INSTITUTION) != (self.institution is not None):
            raise ValueError("an institution key needs 'institution', other roles none")
        return self


#: What a key file entry looks like, said when something else stands in its place.
_ENTRY_SHAPE = '{"role": ..., "key": ...}'


def _file_key_problem(err: ErrorDetails, data: object) -> str:
    """One problem of the key file in words, as a scenario's are said
    (:func:`scheduler.error_messages.error_message`: a missing or unknown key, a value of the wrong
    type; pydantic said "Field required", "Extra inputs are not permitted"): another
    document where the list of entries or an entry goes is said as what was expected and
    what was found, a ``sha256`` or ``name`` that does not fit as what it must be."""
    found = f" (got {shown(err['input'])})" if "input" in err else ""
    value = err.get("input")
    if err["type"] == "list_type" and not err["loc"]:
        return f"must be a list of key entries, [{_ENTRY_SHAPE}, ...]{found}"
    if err["type"] in ("model_type", "dict_type") and len(err["loc"]) == 1:
        return f"must be a key entry, {_ENTRY_SHAPE}{found}"
    if err["type"] == "string_pattern_mismatch" and err["loc"][-1:] == ("sha256",):
        return f"must be the key's SHA-256, 64 hexadecimal digits{found}"
    if err["type"] == "string_too_long" and isinstance(value, str):
        # as a scenario's too long text is said (:mod:`api.limits`)
        limit = (err.get("ctx") or {}).get("max_length")
        return f"at most {limit} characters (got {len(value)})"
    return error_message(err, data)


#: Problems of the key file listed one by one; the rest are counted.
SHOWN_KEY_FILE_PROBLEMS = 20


def _listed(problems: list[str]) -> str:
    """The first :data:`SHOWN_KEY_FILE_PROBLEMS` problems, and how many more there are."""
    shown_here = problems[:SHOWN_KEY_FILE_PROBLEMS]
    rest = len(problems) - len(shown_here)
    more = [f"and {rest} more problem{'s' if rest != 1 else ''}"] if rest else []
    return "; ".join([*shown_here, *more])


def load_tokens_file(path: Path | None) -> list[FileKey]:
    """Keys provisioned by the operator in ``TRAINSHARE_TOKENS_FILE`` (kept in memory).

    Each entry gives ``role``, ``institution`` (institution role only), ``name`` and either
    the ``key`` or its ``sha256`` hex digest. Raises ``ValueError`` naming the file, the
    entry and the field for anything else.
    """
    if path is None:
        return []
    if Path(path).exists() and not Path(path).is_dir() and not Path(path).is_file():
        # a pipe would wait for a writer: the server would never start, and say nothing
        raise ValueError(f"{path}: not a regular file (a pipe or a device); give a JSON file")
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise ValueError(f"{path}: cannot read the key file: {e}") from None
    try:
        # read as every document is: broken JSON said by line and column, and half a
        # surrogate pair (valid JSON) left to the fields, which say where it is
        data = read_json(text.encode())
    except ScenarioError as e:
        raise ValueError(f"{path}: {e.issues[0].message}") from None
    # JSON keeps a repeated key's last value: a viewer's entry that says "role" twice
    # would load as a planner's key, unsaid
    repeated = duplicate_key_issues(data)
    if repeated:
        said = [f"{path}{i.path}: {i.message}" for i in repeated]
        raise ValueError(_listed(said))
    try:
        entries = TypeAdapter(list[_FileKeyEntry]).validate_python(data)
    except ValidationError as e:
        problems = []
        for err in e.errors(include_url=False):
            # the entries are the file's list: its places start with an index
            # (``[2].institution``), joined to the file's path as written
            problems.append(f"{path}{format_path(err['loc'])}: {_file_key_problem(err, data)}")
        raise ValueError(_listed(problems)) from None
    out = []
    seen: dict[str, int] = {}
    for i, entry in enumerate(entries):
        plain = (entry.key or "").encode()
        digest = (entry.sha256 or hashlib.sha256(plain).hexdigest()).lower()
        if digest in seen:
            raise ValueError(f"{path}[{i}]: the same key as entry {seen[digest]}")
        seen[digest] = i
        name = entry.name or f"entry{i}"
        out.append(FileKey(digest, Principal(entry.role, entry.institution, f"file:{name}")))
    log.info("loaded %d API keys from %s", len(out), path)
    return out


def authenticate(
    session: Session, token: str, pepper: str, file_keys: list[FileKey]
) -> Principal | None:
    """The principal of ``token``, or ``None`` for an unknown, malformed or revoked key."""
    if file_keys:
        digest = hashlib.sha256(token.encode()).hexdigest()
        for fk in file_keys:
            if hmac.compare_digest(fk.sha256, digest):
                return fk.principal
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX:
        return None
    _, key_id, secret = parts
    row = session.scalar(select(ApiKey).where(ApiKey.key_id == key_id))
    if row is None or row.revoked_at is not None:
        return None
    if not hmac.compare_digest(row.hash, _digest(secret, row.salt, pepper)):
        return None
    return Principal(Role(row.role), row.institution, f"key:{row.key_id}")
