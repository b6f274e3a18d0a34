"""Metadata as the system tables store it: which keys a collection or field row may carry,
checked before anything is written, and converted to column values (`special` as CSV)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

from studio.engine.errors import StudioError

COLLECTION_META_KEYS: Final = frozenset(
    {
        "icon", "note", "display_template", "hidden", "singleton", "translations",
        "archive_field", "archive_app_filter", "archive_value", "unarchive_value", "sort_field",
        "accountability", "color", "item_duplication_fields", "sort", "group", "collapse",
        "preview_url", "versioning",
    }
)  # fmt: skip
FIELD_META_KEYS: Final = frozenset(
    {
        "special", "interface", "options", "display", "display_options", "readonly", "hidden",
        "sort", "width", "translations", "note", "conditions", "required", "group",
        "validation", "validation_message", "searchable",
    }
)  # fmt: skip
WIDTHS: Final = frozenset({"half", "half-left", "half-right", "full", "fill"})
ACCOUNTABILITY: Final = frozenset({"all", "activity"})
DESELECT_ACTIONS: Final = frozenset({"nullify", "delete"})


def collection_values(meta: Mapping[str, Any] | None) -> dict[str, Any]:
    values = dict(meta or {})
    unknown = sorted(set(values) - COLLECTION_META_KEYS)
    if unknown:
        raise StudioError(f"Unknown collection setting(s): {', '.join(unknown)}.", field=unknown[0])
    if values.get("accountability", "all") not in ACCOUNTABILITY | {None}:
        raise StudioError(
            "Accountability is 'all' (activity and revisions), 'activity' or none.",
            field="accountability",
        )
    if values.get("collapse", "open") not in {"open", "closed", "locked"}:
        raise StudioError("Collapse is 'open', 'closed' or 'locked'.", field="collapse")
    return values


def field_values(meta: Mapping[str, Any] | None) -> dict[str, Any]:
    values = dict(meta or {})
    unknown = sorted(set(values) - FIELD_META_KEYS)
    if unknown:
        raise StudioError(f"Unknown field setting(s): {', '.join(unknown)}.", field=unknown[0])
    if values.get("width", "full") not in WIDTHS:
        raise StudioError(
            f"Width is one of {', '.join(sorted(WIDTHS))}; not {values['width']!r}.",
            field="width",
        )
    if "special" in values:
        values["special"] = special_csv(values["special"])
    conditions = values.get("conditions")
    if conditions is not None and not isinstance(conditions, list | tuple):
        raise StudioError("Conditions are a list of {name, rule, ...} objects.", field="conditions")
    validation = values.get("validation")
    if validation is not None and not isinstance(validation, Mapping):
        raise StudioError("Validation is a filter object such as {'title': {'_nnull': true}}.",
                          field="validation")  # fmt: skip
    return values


def special_csv(special: str | Iterable[str] | None) -> str | None:
    if special is None:
        return None
    if isinstance(special, str):
        return special or None
    joined = ",".join(special)
    return joined or None
