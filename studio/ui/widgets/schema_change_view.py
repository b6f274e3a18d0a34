"""A schema change as the admin reads it before confirming: what it is, what goes with it
(notes), what stops it (problems), then the schema in words, the metadata rows, and the DDL for
the database it will run on. Shared by the wizard's last step and every schema dialog."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from studio.engine.changes import DataRows, RowWrite, SchemaChange, Statement


class SchemaChangeView(VerticalScroll):
    DEFAULT_CSS = """
    SchemaChangeView { height: 1fr; padding: 0 1; }
    SchemaChangeView .change-heading { text-style: bold; color: $accent; margin-top: 1; }
    SchemaChangeView .change-summary { text-style: bold; }
    SchemaChangeView .change-note { color: $warning; }
    SchemaChangeView .change-problem { color: $error; text-style: bold; }
    SchemaChangeView .change-sql { color: $text-muted; }
    """

    def __init__(self, change: SchemaChange, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.change = change

    def compose(self) -> ComposeResult:
        change = self.change
        yield Static(Content(change.summary), classes="change-summary")
        for problem in change.problems:
            yield Static(Content(f"✗ Cannot apply: {problem}"), classes="change-problem")
        for note in change.notes:
            yield Static(Content(f"! {note}"), classes="change-note")
        if change.outline:
            yield Static("Schema", classes="change-heading")
            for line in change.outline:
                yield Static(Content(f"• {line}"))
        rows = [s for s in change.steps if isinstance(s, RowWrite | DataRows)]
        if rows:
            yield Static("Metadata and rows", classes="change-heading")
            for step in rows:
                text = (
                    step.describe(change.prefix) if isinstance(step, RowWrite) else step.describe()
                )
                yield Static(Content(f"• {text}"))
        statements = [s for s in change.steps if isinstance(s, Statement)]
        if statements:
            yield Static(f"SQL ({dialect_name(change.dialect)})", classes="change-heading")
            for statement in statements:
                yield Static(Content(statement.sql.strip() + ";"), classes="change-sql")


def dialect_name(dialect: str) -> str:
    return {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(dialect, dialect)
