"""Every binding in the app has an id (so the settings file can remap it), ids are unique within
a widget, and no binding relies on a chord that terminals often drop."""

from __future__ import annotations

import importlib
import pkgutil

from textual.binding import Binding
from textual.dom import DOMNode

import studio.ui

DROPPED_BY_TERMINALS = ("ctrl+enter", "ctrl+shift+", "ctrl+alt+", "super+")


def studio_classes() -> list[type[DOMNode]]:
    for module in pkgutil.walk_packages(studio.ui.__path__, "studio.ui."):
        importlib.import_module(module.name)
    found: list[type[DOMNode]] = []
    pending = list(DOMNode.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("studio.ui"):
            found.append(cls)
    return found


def test_every_binding_has_a_unique_id_and_safe_keys() -> None:
    classes = studio_classes()
    assert len(classes) > 20
    checked = 0
    for cls in classes:
        ids: set[str] = set()
        for binding in cls.__dict__.get("BINDINGS", []):
            assert isinstance(binding, Binding), f"{cls.__name__}: {binding!r} is not a Binding"
            assert binding.id, f"{cls.__name__}: {binding.key} -> {binding.action} has no id"
            assert binding.id not in ids, f"{cls.__name__}: id {binding.id} used twice"
            ids.add(binding.id)
            for key in binding.key.split(","):
                assert not key.strip().startswith(DROPPED_BY_TERMINALS), (cls.__name__, key)
            checked += 1
    assert checked > 40
