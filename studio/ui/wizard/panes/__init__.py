"""The advanced mode's panes, in tab order. Each is shown when its `applies(draft)` is true; the
standard steps use the first two (the key, the interface's options)."""

from __future__ import annotations

from studio.ui.wizard.key_pane import KeyPane
from studio.ui.wizard.options_pane import OptionsPane
from studio.ui.wizard.pane import DraftPane

ADVANCED_PANES: list[type[DraftPane]] = [KeyPane, OptionsPane]

from studio.ui.wizard.panes.conditions import ConditionsPane  # noqa: E402
from studio.ui.wizard.panes.display import DisplayPane  # noqa: E402
from studio.ui.wizard.panes.field_settings import FieldPane  # noqa: E402
from studio.ui.wizard.panes.relationship import RelationshipPane  # noqa: E402
from studio.ui.wizard.panes.schema import SchemaPane  # noqa: E402
from studio.ui.wizard.panes.validation import ValidationPane  # noqa: E402

ADVANCED_PANES += [SchemaPane, RelationshipPane, FieldPane, DisplayPane, ValidationPane,
                   ConditionsPane]  # fmt: skip
