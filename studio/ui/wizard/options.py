"""Each interface's options, declared as fields, so the wizard edits them with the item form.

The fields are engine `FieldInfo`s of a collection that exists nowhere (`OPTIONS_COLLECTION`):
the form needs no database to show them. A field's `default_value` is what the interface does
when the option is not set; only options set to something else are written to the field's
`options` (Directus's habit: a missing option means the default).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from studio.engine import types as ft
from studio.engine.schema import CollectionInfo, FieldInfo

OPTIONS_COLLECTION: Final = "interface_options"


def _option(
    key: str,
    name: str,
    interface: str = "input",
    type: str = ft.STRING,
    *,
    default: Any = None,
    note: str | None = None,
    width: str = "half",
    options: Mapping[str, Any] | None = None,
) -> FieldInfo:
    return FieldInfo(
        collection=OPTIONS_COLLECTION,
        field=key,
        type=type,
        name=name,
        db_type=type,  # not an alias: the form shows and sends it
        default_value=default,
        has_meta=True,
        interface=interface,
        options=options,
        note=note,
        width=width,
    )


def _toggle(key: str, name: str, default: bool, note: str | None = None) -> FieldInfo:
    return _option(key, name, "boolean", ft.BOOLEAN, default=default, note=note)


def _choices(*values: tuple[str, str]) -> dict[str, Any]:
    choices = [{"text": text, "value": value} for value, text in values]
    return {"choices": choices, "allowNone": True}


PLACEHOLDER: Final = _option("placeholder", "Placeholder", note="Shown while the field is empty")
TRIM: Final = _toggle("trim", "Trim", False, "Drop spaces around the text")
TEMPLATE: Final = _option(
    "template", "Display template", width="full", note="How a related item is named, e.g. {{name}}"
)
ENABLE_CREATE: Final = _toggle("enableCreate", "Create new items", True)
ENABLE_SELECT: Final = _toggle("enableSelect", "Select existing items", True)
ALLOW_DUPLICATES: Final = _toggle("allowDuplicates", "Allow duplicates", False)
LIST_OPTIONS: Final = (
    TEMPLATE,
    ENABLE_CREATE,
    ENABLE_SELECT,
    _option(
        "layout",
        "Layout",
        "select-dropdown",
        default="list",
        options=_choices(("list", "List"), ("table", "Table")),
    ),
    _option("limit", "Items per page", type=ft.INTEGER, default=15, options={"min": 1}),
)
NUMBER_ONLY: Final = frozenset({"min", "max"})

OPTION_FIELDS: Final[dict[str, tuple[FieldInfo, ...]]] = {
    "input": (
        PLACEHOLDER,
        _option("iconLeft", "Icon", note="A Material icon name"),
        TRIM,
        _toggle("masked", "Masked", False, "Hide the value as a password"),
        _option("min", "Minimum", type=ft.FLOAT, note="Numbers only"),
        _option("max", "Maximum", type=ft.FLOAT, note="Numbers only"),
    ),
    "input-multiline": (PLACEHOLDER, TRIM),
    "boolean": (_option("label", "Label", width="full", note="Shown beside the toggle"),),
    "select-dropdown": (
        _option(
            "choices",
            "Choices",
            "tags",
            ft.JSON,
            width="full",
            note="Type a choice, then Enter",
        ),
        _toggle("allowOther", "Allow other", False, "Accept a value not in the list"),
        _toggle("allowNone", "Allow none", False, "Offer an empty value"),
        PLACEHOLDER,
    ),
    "datetime": (
        _toggle("includeSeconds", "Include seconds", False),
        _toggle("use24", "24-hour clock", True),
    ),
    "select-dropdown-m2o": (TEMPLATE, ENABLE_CREATE, ENABLE_SELECT),
    "list-o2m": LIST_OPTIONS,
    "list-m2m": (*LIST_OPTIONS, ALLOW_DUPLICATES),
    "list-m2a": (ENABLE_CREATE, ENABLE_SELECT, ALLOW_DUPLICATES),
    "translations": (
        _option("languageField", "Language name field", note="Shown on the language tabs"),
        _option("defaultLanguage", "Default language", note="A language code, e.g. en-US"),
        _toggle("userLanguage", "Open on the user's language", False),
    ),
    "tags": (
        PLACEHOLDER,
        _toggle("alphabetize", "Alphabetize", False),
        _option(
            "whitespace",
            "Whitespace",
            "select-dropdown",
            options=_choices(("-", "Replace with a hyphen"), ("_", "Replace with an underscore")),
        ),
        _option(
            "capitalization",
            "Capitalization",
            "select-dropdown",
            options=_choices(("lowercase", "Lowercase"), ("uppercase", "Uppercase")),
        ),
    ),
    "input-code": (
        _option(
            "language",
            "Language",
            "select-dropdown",
            default="json",
            options={
                **_choices(
                    ("json", "JSON"), ("sql", "SQL"), ("python", "Python"), ("yaml", "YAML"),
                    ("markdown", "Markdown"), ("html", "HTML"), ("css", "CSS"),
                    ("javascript", "JavaScript"),
                ),
                "allowOther": True,
            },
        ),
        _toggle("lineNumber", "Line numbers", True),
    ),
}  # fmt: skip


def option_fields(interface: str, field_type: str | None) -> tuple[FieldInfo, ...]:
    """The interface's options that mean something for the field's type."""
    fields = OPTION_FIELDS.get(interface, ())
    if _numeric(field_type):
        return fields
    return tuple(f for f in fields if f.field not in NUMBER_ONLY)


def _numeric(field_type: str | None) -> bool:
    return field_type in (ft.INTEGER, ft.BIG_INTEGER, ft.FLOAT, ft.DECIMAL)


def options_collection(fields: tuple[FieldInfo, ...]) -> CollectionInfo:
    """The collection the options form is built over (it has no table and no key)."""
    return CollectionInfo(
        collection=OPTIONS_COLLECTION,
        name="Interface options",
        fields={f.field: f for f in fields},
        primary_key=None,
        editable=True,
    )


def form_values(fields: tuple[FieldInfo, ...], options: Mapping[str, Any]) -> dict[str, Any]:
    """What the form opens with: each option as set, else its default."""
    values = {f.field: options.get(f.field, f.default_value) for f in fields}
    if "choices" in values and values["choices"] is not None:
        values["choices"] = [str(v) for _, v in _pairs(values["choices"])]
    return values


def stored_options(
    fields: tuple[FieldInfo, ...], values: Mapping[str, Any], field_type: str | None
) -> dict[str, Any]:
    """The options to write: those set to something other than their default."""
    options: dict[str, Any] = {}
    for field in fields:
        value = values.get(field.field)
        if value is None or value == [] or value == field.default_value:
            continue
        if field.field == "choices":
            value = [{"text": str(v), "value": _typed(v, field_type)} for v in value]
        options[field.field] = value
    return options


def _pairs(choices: Any) -> list[tuple[str, Any]]:
    from studio.ui.interfaces.select_dropdown import choices_of

    return choices_of({"choices": choices})


def _typed(value: Any, field_type: str | None) -> Any:
    """A choice typed as text, stored as the field's type (an integer dropdown's 1, not "1")."""
    if field_type in (ft.INTEGER, ft.BIG_INTEGER):
        try:
            return int(str(value))
        except ValueError:
            return value
    return value
