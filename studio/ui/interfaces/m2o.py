"""Placeholder until the M2O picker lands: the read-only summary under the M2O ids."""

from __future__ import annotations

from studio.ui.interfaces.relational_summary import RelationalSummaryInterface


class M2OInterface(RelationalSummaryInterface):
    interface_ids = ("select-dropdown-m2o",)
    relation_kinds = frozenset({"m2o", "o2o"})
