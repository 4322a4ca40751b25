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


# --- one line for the file-system and SQLite errors a user can cause -----------------------

def describe_os_error(err: OSError) -> str:
    """One line for a file-system error: what failed, where, and what to do.

    >>> import errno
    >>> describe_os_error(OSError(errno.ENOSPC, "No space left on device", "out/report.html"))
    'no space left on the disk while writing out/report.html: free some space (or write elsewhere) and run the command again; nothing half-written was kept'
    >>> describe_os_error(PermissionError(errno.EACCES, "Permission denied", "/ro/x.csv"))
    'permission denied: /ro/x.csv (choose a folder you can write to, or fix its permissions)'
    """
    import errno

    where = err.filename if err.filename is not None else "the output"
    if err.errno in (errno.ENOSPC, errno.EDQUOT):
        return (f"no space left on the disk while writing {where}: free some space (or write "
                "elsewhere) and run the command again; nothing half-written was kept")
    if err.errno in (errno.EACCES, errno.EPERM):
        return f"permission denied: {where} (choose a folder you can write to, or fix its permissions)"
    if err.errno == errno.EROFS:
        return f"read-only file system: {where} (write to another folder)"
    if err.errno == errno.ENOENT:
        return f"no such file or folder: {where}"
    reason = err.strerror or type(err).__name__
    return f"{reason}: {where}"


def describe_sqlite_error(err: BaseException) -> str | None:
    """One line for an SQLite error reaching the CLI, or None when ``err`` is not one.

    >>> import sqlite3
    >>> describe_sqlite_error(sqlite3.OperationalError("database or disk is full"))
    'the workspace could not be written: the disk is full (free some space and run the same command again; each batch is all or nothing, so nothing half-written was kept)'
    >>> describe_sqlite_error(ValueError("x")) is None
    True
    """
    import sqlite3

    if not isinstance(err, sqlite3.Error):
        return None
    text = str(err)
    if "full" in text:
        return ("the workspace could not be written: the disk is full (free some space and run "
                "the same command again; each batch is all or nothing, so nothing half-written was kept)")
    if "readonly" in text or "read-only" in text:
        return f"the workspace is read-only ({text}): commands that change it need write access"
    if isinstance(err, sqlite3.DatabaseError) and not isinstance(err, sqlite3.OperationalError):
        return f"not a graphkit workspace, or a damaged one: {text}"
    return f"workspace error: {text}"
