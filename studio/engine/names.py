"""Keys for collections and fields: what the wizard suggests from a label, and what it refuses.

A key becomes a table or column name, so it is held to the common ground of SQLite and
PostgreSQL: lowercase ASCII letters, digits and underscores, starting with a letter, at most 63
characters (PostgreSQL truncates longer identifiers silently), and not a reserved SQL word. The
refusals name the offending part so a person can fix it without guessing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from typing import Final

from sqlalchemy.dialects.postgresql import base as pg_base
from sqlalchemy.dialects.sqlite import base as sqlite_base

from studio.engine.errors import StudioError

MAX_KEY_LENGTH: Final = 63
_KEY: Final = re.compile(r"^[a-z][a-z0-9_]*$")

# Words reserved by SQL:2016, PostgreSQL or SQLite that would need quoting everywhere. Quoting
# works, but a collection named `select` breaks every hand-written query, so Studio refuses them.
_COMMON_RESERVED: Final = frozenset(
    """
    abort action add all alter analyze and any array as asc attach authorization autoincrement
    before begin between both by cascade case cast check collate column commit conflict constraint
    create cross current current_date current_time current_timestamp current_user database
    default deferrable deferred delete desc detach distinct do drop each else end escape except
    exclusive exists explain fail false fetch filter following for foreign from full glob grant
    group having if ignore immediate in index indexed initially inner insert instead intersect
    into is isnull join key lateral leading left like limit match natural no not nothing notnull
    null nulls of offset on only or order outer over partition plan pragma preceding primary
    query raise range recursive references regexp reindex release rename replace restrict
    returning right rollback row rows savepoint select session_user set some symmetric table
    temp temporary then ties to trailing transaction trigger true unbounded union unique update
    user using vacuum values variadic verbose view virtual when where window with without
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
# PostgreSQL's "reserved" and "reserved (can be function or type)" key words (Appendix C of its
# manual, PostgreSQL 16), which it refuses as bare names.
POSTGRESQL_RESERVED: Final = frozenset(
    """
    all analyse analyze and any array as asc asymmetric authorization binary both case cast
    check collate collation column concurrently constraint create cross current_catalog
    current_date current_role current_schema current_time current_timestamp current_user
    default deferrable desc distinct do else end except false fetch for foreign freeze from
    full grant group having ilike in initially inner intersect into is isnull join lateral
    leading left like limit localtime localtimestamp natural not notnull null offset on only or
    order outer overlaps placing primary references returning right select session_user similar
    some symmetric system_user table tablesample then to trailing true union unique user using
    variadic verbose when where window with
    """.split()  # noqa: SIM905
)
# Words SQLAlchemy quotes on either dialect: a name it must quote is one a hand-written query
# must quote too.
_DIALECT_RESERVED: Final = frozenset(pg_base.RESERVED_WORDS) | frozenset(
    sqlite_base.SQLiteIdentifierPreparer.reserved_words
)
RESERVED_WORDS: Final = _COMMON_RESERVED | POSTGRESQL_RESERVED | _DIALECT_RESERVED


def sanitize_key(text: str) -> str:
    """A key suggested from what a person typed: "Date Created!" → `date_created`.

    Accents are dropped (é → e), runs of anything else become one underscore. The result may
    still be refused by `check_key` (empty, starts with a digit, reserved).
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    key = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")
    return key[:MAX_KEY_LENGTH]


def check_key(key: str, *, what: str, field: str, prefix: str = "studio") -> None:
    """Refuse a key that is not a safe identifier; `field` says which input the message is for.

    `what` is "collection" or "field" and appears in the message.
    """
    if not isinstance(key, str) or not key:
        raise StudioError(f"Give the {what} a key.", field=field)
    if len(key) > MAX_KEY_LENGTH:
        raise StudioError(
            f"The {what} key {key!r} is {len(key)} characters long; the limit is {MAX_KEY_LENGTH}.",
            field=field,
        )
    if not _KEY.match(key):
        bad = sorted({c for c in key if not re.match(r"[a-z0-9_]", c)})
        if bad:
            shown = ", ".join(repr(c) for c in bad)
            suggestion = sanitize_key(key)
            hint = f"; try {suggestion!r}" if suggestion and _KEY.match(suggestion) else ""
            raise StudioError(
                f"The {what} key {key!r} may only hold lowercase letters, digits and "
                f"underscores (not {shown}){hint}.",
                field=field,
            )
        raise StudioError(f"The {what} key {key!r} must start with a letter.", field=field)
    if key in RESERVED_WORDS:
        raise StudioError(
            f"{key!r} is a reserved SQL word and cannot be a {what} key; "
            f"try {key + '_' + what if what == 'field' else key + 's'!r}.",
            field=field,
        )
    if what == "collection" and (key.startswith(f"{prefix}_") or key.startswith("sqlite_")):
        raise StudioError(
            f"Collection keys starting with {key.split('_')[0] + '_'!r} are reserved for the "
            "system tables.",
            field=field,
        )


def unique_key(base: str, taken: Collection[str]) -> str:
    """`base`, or `base_1`, `base_2`, ... — the first one not taken (Directus's wizard rule)."""
    if base not in taken:
        return base
    number = 1
    while f"{base}_{number}" in taken:
        number += 1
    return f"{base}_{number}"


def constraint_name(*parts: str, suffix: str) -> str:
    """A constraint or index name that fits PostgreSQL's 63 characters and stays unique-ish."""
    name = "_".join((*parts, suffix))
    if len(name) <= MAX_KEY_LENGTH:
        return name
    import hashlib

    digest = hashlib.sha1(name.encode()).hexdigest()[:8]
    return f"{name[: MAX_KEY_LENGTH - len(suffix) - 10]}_{digest}_{suffix}"
