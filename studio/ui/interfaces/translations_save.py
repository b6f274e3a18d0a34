"""Before and after a save of the translations field: every language the save writes is
checked as its form would be (required fields per language written, never for a language left
without a translation), and a refusal by the engine is named by its language and shown under
the field it blames, on that language's tab.
"""

from __future__ import annotations

from studio.engine.errors import InvalidValue, StudioError
from studio.ui.interfaces.translations_tabs import LanguageEntry, TranslationTabs
from studio.ui.translation_staging import blamed


class CheckedTranslations(TranslationTabs):
    def check(self) -> str | None:
        """Every language a save writes (created or updated) is checked as its form would
        be; languages without a translation are not. The messages go under the fields of
        each language's form, the tab moves to the first, and the answer names them."""
        if self.setup is None:
            return None
        found: list[tuple[LanguageEntry, dict[str, str]]] = []
        for entry in self.entries.values():
            if self.effect_of(entry) not in ("create", "update"):
                continue
            problems = entry.state.check()
            if problems:
                found.append((entry, problems))
        if not found:
            return None
        for entry, problems in found:
            entry.state.errors.update(problems)
            if entry.form is not None:
                entry.form.refresh_rows()
        first, problems = found[0]
        self._problem = next(iter(problems))
        self._switch_now(first.code)
        return " ".join(f"{e.language.label}: {' '.join(p.values())}" for e, p in found)

    def explain_error(self, error: StudioError) -> str | None:
        """A save refused inside a translation: the message names the language (not its
        place in the change-set), lands under the field it blames, and the tab moves there."""
        path = getattr(error, "path", ())
        if self.setup is None or not isinstance(error, InvalidValue) or len(path) < 2:
            return None
        if path[0] != self.field.field:
            return None
        code = blamed(self.setup, self.value, error.change, path[1], self.rows)
        entry = self.entries.get(str(code)) if code is not None else None
        if entry is None:
            return None
        text = error.message
        if isinstance(path[1], int):
            text = text.removeprefix(f"{self.field.name}, item {path[1] + 1}: ")
        name = path[2] if len(path) > 2 and isinstance(path[2], str) else None
        if name in self.fields:
            entry.state.errors[name] = text.removeprefix(f"{self.fields[name].name}: ")
            if entry.form is not None:
                entry.form.refresh_rows()
            self._problem = name
        self._switch_now(entry.code)
        return f"{entry.language.label}: {text}"
