"""The translations field's staged edits as the engine's change-set, apart from the widgets
(no Textual, no SQL).

Each language is a `Draft`: the junction row read for it (if any), the fields its form has
edited, the values it shows now, and whether the editor asked to delete it. The change-set
follows from the drafts alone:

- a language with no row is created once one of its edited fields holds a value (typing and
  clearing again leaves nothing to create);
- a language with a row is updated with its edited fields, or deleted when asked to be;
- nothing staged is `None`, so the page sees no edit.

`restore` reads a change-set back into per-language values (a nested form re-opened with what
was staged earlier), and `blamed` finds the language an engine refusal points at.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from studio.engine.schema import FieldInfo
from studio.ui.translation_setup import TranslationSetup, is_filled

Effect = Literal["create", "update", "delete"]


@dataclass(frozen=True)
class Draft:
    """One language as the tabs hold it: `key` is its junction row's key (None: no row yet),
    `changes` its edited fields in the write format, `values` every translatable field now."""

    code: Any
    key: Any = None
    changes: Mapping[str, Any] = field(default_factory=dict)
    values: Mapping[str, Any] = field(default_factory=dict)
    deleted: bool = False


@dataclass(frozen=True)
class Restored:
    """A language's staged values (edited fields only) and whether its delete was staged."""

    values: dict[str, Any] = field(default_factory=dict)
    deleted: bool = False


def filled(fields: Mapping[str, FieldInfo], values: Mapping[str, Any]) -> int:
    """How many translatable fields hold a value (as the engine's `_nempty` counts)."""
    return sum(1 for name, info in fields.items() if is_filled(info, values.get(name)))


def blank(fields: Mapping[str, FieldInfo], values: Mapping[str, Any]) -> bool:
    return filled(fields, values) == 0


def effect(fields: Mapping[str, FieldInfo], draft: Draft) -> Effect | None:
    """What a save does with this language."""
    if draft.key is None:
        if draft.deleted:
            return None
        changes = draft.changes.items()
        typed = any(is_filled(fields[name], v) for name, v in changes if name in fields)
        return "create" if typed else None
    if draft.deleted:
        return "delete"
    return "update" if draft.changes else None


def change_set(
    setup: TranslationSetup, fields: Mapping[str, FieldInfo], drafts: Iterable[Draft]
) -> dict[str, list[Any]] | None:
    """The drafts as one change-set on the translations field, None when nothing is staged.
    Creates name their language; updates and deletes name the junction row."""
    found: dict[str, list[Any]] = {"create": [], "update": [], "delete": []}
    for draft in drafts:
        match effect(fields, draft):
            case "create":
                found["create"].append({setup.language_field: draft.code, **draft.changes})
            case "update":
                found["update"].append({setup.junction_key: draft.key, **draft.changes})
            case "delete":
                found["delete"].append(draft.key)
    kept = {name: entries for name, entries in found.items() if entries}
    return kept or None


def is_change_set(value: Any) -> bool:
    return (
        isinstance(value, Mapping)
        and bool(value)
        and set(value) <= {"create", "update", "delete"}
        and all(isinstance(entries, list | tuple) for entries in value.values())
    )


def restore(
    setup: TranslationSetup, value: Any, rows: Iterable[Mapping[str, Any]]
) -> dict[str, Restored]:
    """A change-set staged earlier, per language code (as text): the values it sets and the
    deletes it asks for. Entries naming a row or language that no longer exists are dropped;
    a create for a language that has a row meanwhile edits that row (as the engine would)."""
    if not is_change_set(value):
        return {}
    by_key = {str(row.get(setup.junction_key)): row for row in rows}
    wanted = set(setup.fields)
    found: dict[str, Restored] = {}
    for entry in value.get("create") or ():
        if isinstance(entry, Mapping) and entry.get(setup.language_field) is not None:
            values = {name: v for name, v in entry.items() if name in wanted}
            found[str(entry[setup.language_field])] = Restored(values)
    for entry in value.get("update") or ():
        if not isinstance(entry, Mapping):
            continue
        row = by_key.get(str(entry.get(setup.junction_key)))
        if row is not None:
            values = {name: v for name, v in entry.items() if name in wanted}
            found[str(row.get(setup.language_field))] = Restored(values)
    for key in value.get("delete") or ():
        row = by_key.get(str(key))
        if row is not None:
            found[str(row.get(setup.language_field))] = Restored({}, deleted=True)
    return found


def blamed(
    setup: TranslationSetup,
    value: Any,
    change: str | None,
    index: Any,
    rows: Iterable[Mapping[str, Any]],
) -> Any:
    """The language code an engine refusal points at: entry `index` of the change-set's
    `change` list ("create" or "update"); None when it cannot be told."""
    if not is_change_set(value) or change not in ("create", "update") or not isinstance(index, int):
        return None
    entries = list(value.get(change) or ())
    if not 0 <= index < len(entries) or not isinstance(entries[index], Mapping):
        return None
    entry = entries[index]
    if change == "create":
        return entry.get(setup.language_field)
    key = str(entry.get(setup.junction_key))
    row = next((row for row in rows if str(row.get(setup.junction_key)) == key), None)
    return row.get(setup.language_field) if row is not None else None
