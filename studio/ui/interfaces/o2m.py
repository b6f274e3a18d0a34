"""Placeholder until the O2M list lands: the read-only summary under the O2M ids."""

from __future__ import annotations

from studio.ui.interfaces.relational_summary import RelationalSummaryInterface


class O2MInterface(RelationalSummaryInterface):
    interface_ids = ("list-o2m",)
    relation_kinds = frozenset({"o2m"})
