"""The Field tab: how the field sits in the item form — required, read-only, hidden, its note,
width, the group it belongs to, and its label (stored as Directus stores a field's label: a
translation for the default language)."""

from __future__ import annotations

from typing import Any, ClassVar, Final

from textual.app import ComposeResult
from textual.widgets import Static

from studio.engine.meta_rows import WIDTHS
from studio.ui.wizard.panes.parts import FormPane, choice, flag, line, pane_foot, text_input

LABEL_LANGUAGE: Final = "en-US"
_WIDTHS: Final = [("full: the whole line", "full"), ("half: side by side", "half"),
                  ("fill: the whole line, stretched", "fill")]  # fmt: skip
_NO_GROUP: Final = "+none"


def label_of(translations: Any) -> str:
    for entry in translations or ():
        if isinstance(entry, dict) and entry.get("language") == LABEL_LANGUAGE:
            return str(entry.get("translation") or "")
    return ""


class FieldPane(FormPane):
    TITLE: ClassVar[str] = "Field"
    INPUTS: ClassVar[frozenset[str]] = frozenset(
        {"required", "readonly", "hidden", "note", "width", "group", "translations"}
    )

    def groups(self) -> list[str]:
        info = self.overview.collections.get(self.draft.collection)
        if info is None:
            return []
        return [
            f.field
            for f in info.fields.values()
            if "group" in f.special and f.field != self.draft.editing
        ]

    def compose(self) -> ComposeResult:
        meta = self.draft.meta
        yield Static("How the field appears in the item form.", classes="pane-lead")
        yield line("Label", text_input(label_of(meta.get("translations")), "from the key"),
                   "translations")  # fmt: skip
        yield line("Required", flag("a value must be given", meta.get("required", False)),
                   "required")  # fmt: skip
        yield line("Read-only", flag("shown, not editable", meta.get("readonly", False)),
                   "readonly")  # fmt: skip
        yield line("Hidden", flag("not shown in the form", meta.get("hidden", False)), "hidden")
        yield line("Note", text_input(meta.get("note"), "a hint shown under the field"), "note")
        width = meta.get("width") or "full"
        widths = list(_WIDTHS)
        if width not in {v for _, v in widths} and width in WIDTHS:
            widths.append((width, width))
        yield line("Width", choice(widths, width), "width")
        groups = [("no group", _NO_GROUP)] + [(g, g) for g in self.groups()]
        yield line("Group", choice(groups, meta.get("group") or _NO_GROUP), "group")
        yield pane_foot()

    def store(self) -> dict[str, str]:
        meta = self.draft.meta
        for name in ("required", "readonly", "hidden"):
            meta[name] = bool(self.read(name))
        note = self.read("note")
        meta["note"] = note or None
        meta["width"] = self.read("width") or "full"
        group = self.read("group")
        meta["group"] = None if group in (None, _NO_GROUP) else group
        label = self.read("translations")
        others = [
            t
            for t in meta.get("translations") or ()
            if isinstance(t, dict) and t.get("language") != LABEL_LANGUAGE
        ]
        if label:
            others.insert(0, {"language": LABEL_LANGUAGE, "translation": label})
        meta["translations"] = others or None
        return self.report({})
