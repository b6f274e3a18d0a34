"""The kinds of field the wizard offers, grouped as Directus's interface picker groups them.

A kind is what the admin picks in step 1: an interface, the field types it can store (the first
is the default), and for relational kinds which schema-service template builds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from studio.engine import types as ft


@dataclass(frozen=True, slots=True)
class FieldKind:
    id: str
    label: str
    description: str
    interface: str
    types: tuple[str, ...] = ()
    relation: str | None = None  # m2o, o2o, o2m, m2m, m2a, translations

    @property
    def is_relational(self) -> bool:
        return self.relation is not None


@dataclass(frozen=True, slots=True)
class KindGroup:
    label: str
    kinds: tuple[FieldKind, ...]


NUMBER_TYPES: Final = (ft.INTEGER, ft.BIG_INTEGER, ft.FLOAT, ft.DECIMAL)

GROUPS: Final = (
    KindGroup(
        "Text & numbers",
        (
            FieldKind("input", "Input", "One line of text or a number", "input",
                      (ft.STRING, *NUMBER_TYPES, ft.UUID)),
            FieldKind("input-multiline", "Textarea", "Several lines of plain text",
                      "input-multiline", (ft.TEXT,)),
        ),
    ),
    KindGroup(
        "Selection",
        (
            FieldKind("boolean", "Toggle", "On or off", "boolean", (ft.BOOLEAN,)),
            FieldKind("select-dropdown", "Dropdown", "One value from a list of choices",
                      "select-dropdown", (ft.STRING, ft.INTEGER)),
        ),
    ),
    KindGroup(
        "Date & time",
        (
            FieldKind("datetime", "Datetime", "A date, a time, or both", "datetime",
                      (ft.TIMESTAMP, ft.DATETIME, ft.DATE, ft.TIME)),
        ),
    ),
    KindGroup(
        "Relational",
        (
            FieldKind("m2o", "Many to one", "Each item points at one item of another collection",
                      "select-dropdown-m2o", relation="m2o"),
            FieldKind("o2m", "One to many", "The items of another collection that point here",
                      "list-o2m", relation="o2m"),
            FieldKind("o2o", "One to one", "A many to one whose target is used only once",
                      "select-dropdown-m2o", relation="o2o"),
            FieldKind("m2m", "Many to many", "Links to any number of items, through a junction",
                      "list-m2m", relation="m2m"),
            FieldKind("m2a", "Many to any", "Items from several collections, in order (a builder)",
                      "list-m2a", relation="m2a"),
            FieldKind("translations", "Translations", "The fields of this item in each language",
                      "translations", relation="translations"),
        ),
    ),
    KindGroup(
        "Other",
        (
            FieldKind("input-code", "JSON", "Any JSON value, edited as code", "input-code",
                      (ft.JSON,)),
            FieldKind("tags", "Tags", "A list of words", "tags", (ft.JSON, ft.CSV)),
        ),
    ),
)  # fmt: skip

KINDS: Final = {kind.id: kind for group in GROUPS for kind in group.kinds}


def kind_of_field(
    interface: str | None, special: tuple[str, ...], unique: bool
) -> FieldKind | None:
    """The kind an existing field was made as, for editing it with the same panes."""
    for relation in ("translations", "m2a", "m2m", "o2m"):
        if relation in special:
            return KINDS[relation]
    if "m2o" in special:
        return KINDS["o2o" if unique else "m2o"]
    for kind in KINDS.values():
        if kind.interface == interface and not kind.is_relational:
            return kind
    return None
