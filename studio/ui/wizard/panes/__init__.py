"""The advanced mode's panes, in tab order. Each is shown when its `applies(draft)` is true; the
standard steps use the first two (the key, the interface's options)."""

from __future__ import annotations

from studio.ui.wizard.key_pane import KeyPane
from studio.ui.wizard.options_pane import OptionsPane
from studio.ui.wizard.pane import DraftPane

ADVANCED_PANES: list[type[DraftPane]] = [KeyPane, OptionsPane]
