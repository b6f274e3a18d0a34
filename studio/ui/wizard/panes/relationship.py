"""The Relationship tab: per relation kind, what the template creates and how it behaves.

The names the engine would choose (junction `recipes_ingredients`, `recipes_id` /
`ingredients_id`, an O2M's `<collection>_id`) are filled in from `relation_names`, the rule
the engine itself uses, and follow the key and the related collection (set on the Name tab)
until the admin edits them. A junction name that is an existing table adopts that table, which
must then have the junction's fields.
"""

from __future__ import annotations

from typing import Any, ClassVar, Final

from textual import events, on
from textual.app import ComposeResult
from textual.widgets import Input, Select, Static

from studio.engine import relation_names as names
from studio.engine import types as ft
from studio.engine.errors import StudioError
from studio.engine.names import check_key
from studio.engine.relational import LANGUAGES
from studio.ui.wizard.draft import FieldDraft
from studio.ui.wizard.existing import locked_reason
from studio.ui.wizard.panes.parts import FormPane, choice, flag, line, pane_foot, text_input

ON_DELETE: Final = [
    ("SET NULL: clear the link", "SET NULL"),
    ("CASCADE: delete these items too", "CASCADE"),
    ("RESTRICT: refuse the delete", "RESTRICT"),
    ("NO ACTION: refuse (checked last)", "NO ACTION"),
]
DESELECT: Final = [
    ("nullify: keep the item, unlinked", "nullify"),
    ("delete: delete the item", "delete"),
]
# Through a junction, deselecting acts on the junction row; the related item always stays.
JUNCTION_DESELECT: Final = [
    ("nullify: keep the link row, emptied", "nullify"),
    ("delete: delete the link (the item stays)", "delete"),
]
_NEW_FK: Final = "+new"
_FIELD_TYPES: Final = tuple(t for t in ft.FIELD_TYPES if t not in (ft.ALIAS, ft.UNKNOWN))
# The inputs each kind shows (the order they appear in).
_SHOWN: Final = {
    "m2o": ("on_delete", "nullable", "corresponding_field"),
    "o2o": ("on_delete", "nullable", "corresponding_field"),
    "o2m": ("related_field", "new_related_field", "sort_field", "deselect_action", "on_delete"),
    "m2m": ("junction", "junction_field", "related_junction_field", "sort_field",
            "context_fields", "corresponding_field", "deselect_action", "on_delete"),
    "m2a": ("junction", "sort_field", "deselect_action"),
    "translations": ("languages_collection", "junction", "translated_fields"),
}  # fmt: skip
_AUTO: Final = ("junction", "junction_field", "related_junction_field", "new_related_field")


def parse_field_list(text: str, input_name: str) -> list[dict[str, str]]:
    """`quantity integer, note text` → fields of a junction; a bare key is a string."""
    fields: list[dict[str, str]] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        words = part.split()
        if len(words) > 2:
            raise StudioError(f"{part!r}: write a key and a type, such as 'title string'.",
                              field=input_name)  # fmt: skip
        key, kind = words[0], words[1] if len(words) == 2 else ft.STRING
        check_key(key, what="field", field=input_name)
        if kind not in _FIELD_TYPES:
            raise StudioError(f"{kind!r} is not a type; one of {', '.join(_FIELD_TYPES)}.",
                              field=input_name)  # fmt: skip
        if key in {f["field"] for f in fields}:
            raise StudioError(f"{key!r} is named twice.", field=input_name)
        fields.append({"field": key, "type": kind})
    return fields


def field_list_text(fields: Any) -> str:
    return ", ".join(f"{f['field']} {f.get('type', ft.STRING)}" for f in fields or ())


class RelationshipPane(FormPane):
    TITLE: ClassVar[str] = "Relationship"
    INPUTS: ClassVar[frozenset[str]] = frozenset(
        {"on_delete", "nullable", "corresponding_field", "related_field", "sort_field",
         "deselect_action", "junction", "junction_field", "related_junction_field",
         "context_fields", "languages_collection", "translated_fields"}
    )  # fmt: skip

    def __init__(self, draft: FieldDraft, overview: Any) -> None:
        super().__init__(draft, overview)
        self._auto: dict[str, str] = {}

    @classmethod
    def applies(cls, draft: FieldDraft) -> bool:
        return draft.kind.is_relational

    @property
    def relation(self) -> str:
        return self.draft.kind.relation or ""

    # names the engine would choose ------------------------------------------------------------

    def _pk(self, collection: str) -> str:
        info = self.overview.collections.get(collection)
        return (info.primary_key if info is not None else None) or "id"

    def auto_names(self) -> dict[str, str]:
        """The names Directus's wizard (and the engine) would give, for the draft as it is."""
        draft, taken = self.draft, set(self.overview.collections)
        here, related = draft.collection, draft.related or "related"
        found: dict[str, str] = {}
        if self.relation == "m2m":
            found["junction"] = names.m2m_junction(here, related, taken)
            found["junction_field"] = names.junction_field(here, self._pk(here))
            found["related_junction_field"] = names.related_junction_field(
                here, related, self._pk(related)
            )
        elif self.relation == "m2a":
            found["junction"] = names.m2a_junction(here, draft.key or "items", taken)
        elif self.relation == "translations":
            found["junction"] = names.translations_junction(here, taken)
        elif self.relation == "o2m":
            found["new_related_field"] = names.junction_field(here, self._pk(here))
        return found

    def foreign_keys(self) -> list[str]:
        """M2O fields of the related collection that point here and have no reverse field."""
        related = self.overview.collections.get(self.draft.related)
        if related is None:
            return []
        found = []
        for key in related.fields:
            relation = self.overview.relation_by_many(related.collection, key)
            if (
                relation is not None
                and relation.one_collection == self.draft.collection
                and not relation.one_field
                and relation.junction_field is None
            ):
                found.append(key)
        return found

    # building -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        r = self.draft.relation
        self._auto = self.auto_names()
        shown = _SHOWN[self.relation]
        yield Static(self._lead(), id="relation-lead", classes="pane-lead", markup=False)
        if "languages_collection" in shown:
            yield line("Languages", text_input(r.get("languages_collection"), "languages"),
                       "languages_collection")  # fmt: skip
        if "related_field" in shown:
            keys = self.foreign_keys()
            stored = r.get("related_field")
            if stored in keys:
                chosen, typed = stored, None
            else:
                chosen, typed = (
                    (_NEW_FK, stored) if stored else (keys[0] if keys else _NEW_FK, None)
                )
            options = [(f"{k} (existing)", k) for k in keys] + [("a new field", _NEW_FK)]
            yield line("Foreign key", choice(options, chosen), "related_field")
            yield line("New field", text_input(typed or self._auto["new_related_field"]),
                       "new_related_field")  # fmt: skip
        for name in ("junction", "junction_field", "related_junction_field"):
            if name in shown:
                label = {"junction": "Junction", "junction_field": "Junction → here",
                         "related_junction_field": "Junction → related"}[name]  # fmt: skip
                yield line(label, text_input(r.get(name) or self._auto[name]), name)
        if "sort_field" in shown:
            yield line("Sort field", text_input(r.get("sort_field"), "none (no manual order)"),
                       "sort_field")  # fmt: skip
        if "context_fields" in shown:
            yield line("Context fields", text_input(field_list_text(r.get("context_fields")),
                       "none, or e.g. quantity integer"), "context_fields",
                       note="Fields of each link, as 'key type', separated by commas.")  # fmt: skip
        if "translated_fields" in shown:
            yield line("Translated", text_input(field_list_text(r.get("translated_fields")),
                       "e.g. title string, body text"), "translated_fields",
                       note="The fields written per language, as 'key type'.")  # fmt: skip
        if "corresponding_field" in shown:
            yield line("Other side", text_input(r.get("corresponding_field"),
                       "none, or a field key"), "corresponding_field",
                       note="A field on the related collection listing the way back.")  # fmt: skip
        if "nullable" in shown:
            yield line("Nullable", flag("items may point at nothing", r.get("nullable", True)),
                       "nullable")  # fmt: skip
        if "deselect_action" in shown:
            default = "nullify" if self.relation == "o2m" else "delete"
            choices = DESELECT if self.relation == "o2m" else JUNCTION_DESELECT
            yield line("On deselect", choice(choices, r.get("deselect_action") or default),
                       "deselect_action")  # fmt: skip
        if "on_delete" in shown:
            yield line("On delete", choice(ON_DELETE, r.get("on_delete") or self._on_delete()),
                       "on_delete")  # fmt: skip
        yield pane_foot()

    def _on_delete(self) -> str:
        if self.relation in ("m2o", "o2o", "o2m") and self.draft.related == self.draft.collection:
            return "NO ACTION"
        return "SET NULL"

    def _lead(self) -> str:
        draft = self.draft
        if self.relation == "m2a":
            allowed = ", ".join(draft.allowed) or "(none chosen yet)"
            return f"Items of {allowed}, linked through a junction (set on the Name tab)."
        if self.relation == "translations":
            return f"Translations of {draft.collection}, one row per language in a junction."
        related = draft.related or "(chosen on the Name tab)"
        made = "" if draft.related in self.overview.collections or not draft.related else " (new)"
        return f"{draft.collection}.{draft.key or '…'} → {related}{made}"

    def on_mount(self) -> None:
        self._show_new_fk()
        for name in _SHOWN[self.relation]:
            reason = locked_reason(self.draft, name) if name != "new_related_field" else None
            if reason is not None and self.has_input(name):
                self.lock_input(name, reason)
        self._note_junction()
        self._note_languages()

    def on_show(self, _event: events.Show) -> None:
        self.sync()

    def sync(self) -> None:
        """Follow the key and related collection set elsewhere: names not edited by the admin
        become the new defaults."""
        if self.draft.editing is not None or not self.is_mounted:
            return
        self.query_one("#relation-lead", Static).update(self._lead())
        fresh = self.auto_names()
        for name in _AUTO:
            if name not in fresh or not self.has_input(name):
                continue
            widget = self.query_one(f"#in-{name}", Input)
            if widget.value.strip() in ("", self._auto.get(name)):
                widget.value = fresh[name]
        self._auto = fresh
        self._note_junction()

    @on(Select.Changed, "#in-related_field")
    def _show_new_fk(self) -> None:
        if self.has_input("related_field"):
            self.show_row("new_related_field", self.read("related_field") == _NEW_FK)

    @on(Input.Changed, "#in-junction")
    def _note_junction(self) -> None:
        if not self.has_input("junction") or self.draft.editing is not None:
            return
        junction = self.read("junction")
        exists = junction in self.overview.collections
        self.note("junction", f"Existing table {junction!r} will be used." if exists else "")

    @on(Input.Changed, "#in-languages_collection")
    def _note_languages(self) -> None:
        if not self.has_input("languages_collection") or self.draft.editing is not None:
            return
        chosen = self.read("languages_collection") or "languages"
        exists = chosen in self.overview.collections
        made = f"Created with {len(LANGUAGES)} languages (English, Arabic, German, ...)."
        self.note("languages_collection", "" if exists else made)

    # storing --------------------------------------------------------------------------------

    def store(self) -> dict[str, str]:
        if self.draft.editing is not None:
            return self.report({})
        problems: dict[str, str] = {}
        options: dict[str, Any] = {}
        shown = _SHOWN[self.relation]

        def key_of(name: str, *, optional: bool) -> str | None:
            value = self.read(name)
            if not value and optional:
                return None
            try:
                check_key(value, what="field", field=name)
            except StudioError as error:
                problems[name] = error.message
                return None
            return value

        if "related_field" in shown:
            chosen = self.read("related_field")
            if chosen == _NEW_FK:
                fk = key_of("new_related_field", optional=False)
                if "new_related_field" in problems:
                    problems["related_field"] = problems.pop("new_related_field")
                options["related_field"] = fk
            else:
                options["related_field"] = chosen
        for name in ("junction_field", "related_junction_field"):
            if name in shown:
                options[name] = key_of(name, optional=False)
        if "junction" in shown:
            self._store_junction(options, problems)
        if "languages_collection" in shown:
            chosen = self.read("languages_collection") or "languages"
            try:
                check_key(chosen, what="collection", field="languages_collection")
                options["languages_collection"] = chosen
            except StudioError as error:
                problems["languages_collection"] = error.message
        for name in ("sort_field", "corresponding_field"):
            if name in shown:
                options[name] = key_of(name, optional=True)
        for name in ("context_fields", "translated_fields"):
            if name in shown:
                try:
                    options[name] = parse_field_list(self.read(name), name)
                except StudioError as error:
                    problems[name] = error.message
        if "nullable" in shown:
            options["nullable"] = self.read("nullable")
        for name in ("deselect_action", "on_delete"):
            if name in shown:
                options[name] = self.read(name)
        if options.get("on_delete") == "SET NULL" and options.get("nullable") is False:
            problems["on_delete"] = (
                "A required foreign key cannot be cleared when its item is deleted; "
                "choose another action."
            )
        if problems:
            return self.report(problems)
        self.draft.relation = {k: v for k, v in options.items() if v is not None}
        return self.report({})

    def _store_junction(self, options: dict[str, Any], problems: dict[str, str]) -> None:
        junction = self.read("junction")
        try:
            check_key(junction, what="collection", field="junction")
        except StudioError as error:
            problems["junction"] = error.message
            return
        info = self.overview.collections.get(junction)
        if info is not None:
            needed = [options.get("junction_field"), options.get("related_junction_field")]
            if self.relation != "m2m" or None in needed:
                problems["junction"] = f"{junction!r} exists already; choose another name."
                return
            missing = [k for k in needed if k not in info.fields]
            if info.is_folder or missing:
                problems["junction"] = (
                    f"{junction!r} is a table without the field {missing[0]!r}, so it cannot be "
                    "the junction; choose another name."
                    if missing
                    else f"{junction!r} is a folder; choose another name."
                )
                return
        options["junction"] = junction
