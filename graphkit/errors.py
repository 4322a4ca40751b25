"""The one error hierarchy of graphkit.

Every error a user can cause is a :class:`GraphkitError`; it carries the offending file, row,
column or value so the CLI can print one clear line (no stack trace) and a notebook can inspect
the fields. Programming errors stay ordinary Python exceptions.

>>> err = BadValue("not a date", file="contacts.csv", row=7, column="date", value="R6.13.1")
>>> str(err)
'contacts.csv, row 7, column date: not a date (value: R6.13.1)'
"""
from __future__ import annotations


class GraphkitError(Exception):
    """Root of every error graphkit raises on purpose."""

    def __init__(self, message: str, **context: object) -> None:
        super().__init__(message)
        self.message = message
        self.context = context

    def __str__(self) -> str:
        return self.message


class InputError(GraphkitError):
    """Something in the user's input files is wrong.

    ``file``, ``row`` (1-based data row as a spreadsheet user counts it: the header is row 1,
    the first record row 2), ``column`` and ``value`` are optional.
    """

    def __init__(
        self,
        reason: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        value: object | None = None,
    ) -> None:
        super().__init__(reason, file=file, row=row, column=column, value=value)
        self.reason = reason
        self.file = file
        self.row = row
        self.column = column
        self.value = value

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(str(self.file))
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        text = (", ".join(where) + ": " if where else "") + self.reason
        if self.value is not None:
            text += f" (value: {self.value})"
        return text


class BadValue(InputError):
    """One cell cannot be read as its type (an impossible date, an unknown country, ...)."""


class FileFormatError(InputError):
    """A whole file cannot be loaded: undecodable, unknown format, missing required column."""


class MappingError(InputError):
    """A mapping file (column layout) is malformed or names unknown fields."""


class SchemaError(GraphkitError):
    """A node kind, relation kind or property that the schema does not declare."""


class StoreError(GraphkitError):
    """The store (embedded workspace or Neo4j) cannot do what was asked."""


class StoreUnavailable(StoreError):
    """The store cannot be reached (Neo4j not running, workspace missing)."""


class AuthenticationError(StoreError):
    """The store refused the credentials. The message never contains the password."""


class NotFound(GraphkitError):
    """A name, id or case that the graph does not contain."""


class AnalysisError(GraphkitError):
    """An analysis cannot run on the given graph or parameters."""
