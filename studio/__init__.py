"""Studio: a terminal data studio over SQLite and PostgreSQL."""

__version__ = "0.1.0"
