"""Connecting to Neo4j: settings, one query runner, errors without secrets, quiet driver logs.

Settings come from the arguments, else ``NEO4J_URI``, ``NEO4J_USERNAME``, ``NEO4J_PASSWORD``,
``NEO4J_DATABASE``, else a TOML config file (``--neo4j-config``, ``GRAPHKIT_NEO4J_CONFIG``
or ``~/.config/graphkit/neo4j.toml``) with keys ``uri``, ``username``, ``password``,
``database``. TLS URIs (``neo4j+s://``, ``bolt+ssc://``, ...) go to the driver unchanged.

Every query runs through :class:`QueryRunner`: reads and writes are routed as such, the
database is named on every call, writes run in managed transactions (transient errors are
retried), and a driver error becomes a :class:`~graphkit.errors.StoreError` naming the query,
never its parameters or the password. The driver's DEBUG log would print every query's
parameters (``C: RUN ... {params}``); :func:`redact_driver_logs` (installed on import)
replaces them with ``<redacted>``.

>>> s = resolve_settings(uri="bolt://127.0.0.1:7687", user="neo4j", password="pw", database="neo4j", config=None)
>>> s
Neo4jSettings(uri='bolt://127.0.0.1:7687', user='neo4j', database='neo4j', source='arguments')
>>> resolve_settings(uri="bolt://me:secret@h:7687", password="pw", config=None)
Neo4jSettings(uri='bolt://***@h:7687', user='neo4j', database='neo4j', source='arguments')
"""
from __future__ import annotations

import contextlib
import logging
import os
import re
import signal
import threading
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

from graphkit.errors import AuthenticationError, StoreError, StoreUnavailable
from graphkit.store.cypher import Query

T = TypeVar("T")
DEFAULT_URI = "bolt://127.0.0.1:7687"
DEFAULT_CONFIG = Path("~/.config/graphkit/neo4j.toml")
START_HINT = (
    "start the local server with `scripts/neo4j start` and load its settings with "
    "`eval \"$(scripts/neo4j env)\"`, or set NEO4J_URI / NEO4J_PASSWORD for your server"
)


TRUST_ANY_CERT_ENV = "GRAPHKIT_NEO4J_TRUST_ANY_CERT"
"""Set to 1 to allow ``+ssc`` URIs (TLS that accepts any certificate); see :func:`check_tls`."""


def redact_uri(uri: str) -> str:
    """``uri`` without its user info (``user:secret@``): what messages and logs may show.

    >>> redact_uri("bolt://user:secret@db.example.org:7687"), redact_uri("neo4j+s://h:7687")
    ('bolt://***@db.example.org:7687', 'neo4j+s://h:7687')
    """
    return re.sub(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@", r"\1***@", str(uri))


@dataclass(frozen=True)
class Neo4jSettings:
    """Where and as whom to connect. The password and a URI's user info are kept out of
    ``repr`` and messages (:attr:`shown_uri`)."""

    uri: str = field(repr=False)
    user: str
    database: str
    password: str = field(repr=False, default="")
    source: str = "defaults"
    trust_any_certificate: bool = field(repr=False, default=False)

    def __repr__(self) -> str:
        return (f"Neo4jSettings(uri={self.shown_uri!r}, user={self.user!r}, "
                f"database={self.database!r}, source={self.source!r})")

    @property
    def shown_uri(self) -> str:
        """The URI as messages show it: never with user info (see :func:`redact_uri`)."""
        return redact_uri(self.uri)


def check_tls(settings: Neo4jSettings) -> None:
    """Refuse a ``+ssc`` URI (TLS that accepts any certificate, so anyone in between can read
    the traffic) unless the user opted in: ``--trust-any-certificate``, the config key
    ``trust_any_certificate = true`` or ``GRAPHKIT_NEO4J_TRUST_ANY_CERT=1``.

    >>> check_tls(resolve_settings(uri="bolt+ssc://h:7687", password="x", config=None))
    Traceback (most recent call last):
    ...
    graphkit.errors.StoreError: bolt+ssc://h:7687 accepts any TLS certificate (it cannot tell your server from an impostor); to allow it anyway pass --trust-any-certificate, set GRAPHKIT_NEO4J_TRUST_ANY_CERT=1 or trust_any_certificate = true in the config file; better, use bolt+s:// or neo4j+s:// with a certificate your system trusts
    """
    scheme = settings.uri.split("://", 1)[0].lower()
    if scheme.endswith("+ssc") and not settings.trust_any_certificate:
        raise StoreError(
            f"{settings.shown_uri} accepts any TLS certificate (it cannot tell your server from an "
            "impostor); to allow it anyway pass --trust-any-certificate, set "
            f"{TRUST_ANY_CERT_ENV}=1 or trust_any_certificate = true in the config file; better, "
            "use bolt+s:// or neo4j+s:// with a certificate your system trusts"
        )


def _config_file(config: str | Path | None) -> Path | None:
    if config is not None:
        path = Path(config).expanduser()
        if not path.is_file():
            raise StoreError(f"no Neo4j config file at {path}")
        return path
    named = os.environ.get("GRAPHKIT_NEO4J_CONFIG")
    if named:
        return _config_file(named)
    default = DEFAULT_CONFIG.expanduser()
    return default if default.is_file() else None


def resolve_settings(
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    config: str | Path | None = None,
    trust_any_certificate: bool | None = None,
) -> Neo4jSettings:
    """The connection settings: arguments, then environment, then config file, then defaults."""
    path = _config_file(config)
    file_values: dict[str, Any] = {}
    if path is not None:
        try:
            file_values = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
            raise StoreError(f"cannot read the Neo4j config file {path}: {type(err).__name__}") from None
    env = os.environ

    def pick(arg: str | None, env_name: str, key: str, default: str) -> tuple[str, str]:
        if arg:
            return arg, "arguments"
        if env.get(env_name):
            return env[env_name], "environment"
        if file_values.get(key):
            return str(file_values[key]), str(path)
        return default, "defaults"

    uri_value, source = pick(uri, "NEO4J_URI", "uri", DEFAULT_URI)
    user_value, _ = pick(user, "NEO4J_USERNAME", "username", "neo4j")
    password_value, _ = pick(password, "NEO4J_PASSWORD", "password", "")
    database_value, _ = pick(database, "NEO4J_DATABASE", "database", "neo4j")
    if trust_any_certificate is None:
        trust_any_certificate = (env.get(TRUST_ANY_CERT_ENV, "").lower() in ("1", "true", "yes")
                                 or file_values.get("trust_any_certificate") is True)
    return Neo4jSettings(uri=uri_value, user=user_value, database=database_value,
                         password=password_value, source=source,
                         trust_any_certificate=trust_any_certificate)


# --- driver logs ----------------------------------------------------------------------------

_BOLT_VALUES = re.compile(r"\b([CS]): (RUN|BEGIN|ROUTE|FAILURE|RECORD|TELEMETRY)\b")


class BadRows(StoreError):
    """Neo4j refused a query's rows (a non-transient client error): the data is at fault."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message, code=code)
        self.code = code


class _RedactValues(logging.Filter):
    """Keep the driver's protocol log lines but drop the values they carry."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: drop its arguments
            message = str(record.msg)
        found = _BOLT_VALUES.search(message)
        if found:
            record.msg = "%s <redacted>"
            record.args = (message[: found.end()],)
        return True


_FILTER = _RedactValues()


def redact_driver_logs() -> None:
    """Attach the redacting filter to every ``neo4j`` logger (idempotent)."""
    import neo4j  # noqa: F401  (creates the driver's loggers)

    names = ["neo4j", "neo4j.io", "neo4j.pool", "neo4j.session", "neo4j.notifications",
             "neo4j.auth_management"]
    names += [n for n in logging.Logger.manager.loggerDict if n.startswith("neo4j.")]
    for name in dict.fromkeys(names):
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)


# --- errors ---------------------------------------------------------------------------------

def wrap_error(err: Exception, what: str, settings: Neo4jSettings) -> StoreError:
    """A graphkit error for a driver error: names ``what``, never values or the password."""
    from neo4j.exceptions import (AuthError, ConfigurationError, DriverError, IncompleteCommit,
                                  Neo4jError, ServiceUnavailable, SessionExpired)

    uri = settings.shown_uri
    if isinstance(err, IncompleteCommit):
        return CommitUncertain(
            f"the connection to Neo4j at {uri} was lost while it committed a batch ({what}): that "
            "batch may or may not have been written; run the same load again: it settles it "
            "(loading merges, nothing is duplicated)"
        )
    certificate = _certificate_failure(err)
    if certificate:
        return StoreUnavailable(
            f"Neo4j at {uri}: the server's TLS certificate could not be verified ({certificate}); "
            "give the server a certificate your system trusts (or add its CA), or, only for a "
            "server you know, use bolt+ssc:// with --trust-any-certificate"
        )
    if isinstance(err, AuthError):
        return AuthenticationError(
            f"Neo4j at {uri} refused the credentials of user {settings.user!r} "
            f"({what}); check NEO4J_USERNAME / NEO4J_PASSWORD or the config file"
        )
    if isinstance(err, (ServiceUnavailable, SessionExpired)):
        return StoreUnavailable(f"Neo4j at {uri} is not reachable ({what}); {START_HINT}")
    if isinstance(err, Neo4jError):
        code = err.code or type(err).__name__
        if code.endswith("DatabaseNotFound"):
            return StoreError(f"Neo4j at {uri} has no database {settings.database!r} ({what})")
        if is_bad_data(err):
            return BadRows(f"Neo4j query {what} refused its rows: {code}", code=code)
        return StoreError(f"Neo4j query {what} failed: {code}")
    if isinstance(err, ConfigurationError):
        return StoreError(f"bad Neo4j settings for {uri}: {type(err).__name__}")
    if isinstance(err, DriverError):
        return StoreError(f"Neo4j driver error in {what}: {type(err).__name__}")
    return StoreError(f"Neo4j error in {what}: {type(err).__name__}")


def _certificate_failure(err: BaseException) -> str | None:
    """The reason, when ``err`` (or an error behind it) is a failed TLS certificate check."""
    import ssl

    seen: set[int] = set()
    current: BaseException | None = err
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ssl.SSLCertVerificationError):
            return current.verify_message or "certificate verify failed"
        if isinstance(current, ssl.SSLError) and "CERTIFICATE" in str(current).upper():
            return "certificate verify failed"
        current = current.__cause__ or current.__context__
    return None


class CommitUncertain(StoreError):
    """The connection was lost while a batch was being committed: its outcome is unknown."""


_BAD_DATA_CODES = ("Neo.ClientError.Statement.TypeError", "Neo.ClientError.Statement.ArgumentError",
                   "Neo.ClientError.Statement.ArithmeticError", "Neo.ClientError.Schema.ConstraintValidationFailed",
                   "Neo.ClientError.Request.Invalid", "Neo.ClientError.Statement.PropertyNotFound")


_TOO_LARGE = re.compile(r"too large to index|max(imum)? (allowed )?(key )?size", re.IGNORECASE)


def is_bad_data(err: Exception) -> bool:
    """True for an error caused by the rows sent (a value Neo4j cannot store, a constraint),
    not by the query or the server: such a batch is split to find the bad rows.

    Client errors of the codes above, and the one database error a row causes: a property value
    too large for its index (Neo4j 5 reports it as ``Neo.DatabaseError.Statement.ExecutionFailed``,
    not as a client error, so it is recognised by its message)."""
    from neo4j.exceptions import ClientError, DatabaseError

    code = err.code if isinstance(err, (ClientError, DatabaseError)) else None
    if isinstance(err, ClientError):
        return (code or "").startswith(_BAD_DATA_CODES)
    if isinstance(err, DatabaseError):
        return bool(_TOO_LARGE.search(getattr(err, "message", None) or str(err)))
    return False


@contextlib.contextmanager
def _sigint_held() -> Iterator[list[int]]:
    """Within the block, Ctrl-C is noted (the yielded list gets an entry) instead of raised.

    Only in the main thread and only while Python's own handler is installed (a host such as a
    notebook kernel keeps its own)."""
    noted: list[int] = []
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGINT) is not signal.default_int_handler):
        yield noted
        return

    def note(signum: int, frame: Any) -> None:
        noted.append(signum)

    signal.signal(signal.SIGINT, note)
    try:
        yield noted
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)


# --- the runner -----------------------------------------------------------------------------

class QueryRunner:
    """Runs named queries against one database with the right routing and error wrapping.

    Parameters
    ----------
    settings
        Where to connect (see :func:`resolve_settings`).
    retry_seconds
        How long a managed transaction retries transient errors and lost connections.
    """

    def __init__(self, settings: Neo4jSettings, *, retry_seconds: float = 15.0,
                 connection_timeout: float = 5.0) -> None:
        redact_driver_logs()
        self.settings = settings
        check_tls(settings)
        if not settings.password:
            raise AuthenticationError(
                f"no Neo4j password for {settings.shown_uri}: set NEO4J_PASSWORD or put it in the "
                f"config file; {START_HINT}"
            )
        self._timeouts = (connection_timeout, retry_seconds)
        self.driver = self._connect()
        self.committed_writes = 0

    def _connect(self) -> Any:
        from neo4j import GraphDatabase

        try:
            return GraphDatabase.driver(
                self.settings.uri, auth=(self.settings.user, self.settings.password),
                connection_timeout=self._timeouts[0], max_transaction_retry_time=self._timeouts[1],
                notifications_min_severity="OFF",
            )
        except Exception as err:  # a malformed URI, an unknown scheme
            raise wrap_error(err, "connect", self.settings) from None

    def reconnect(self) -> None:
        """A new driver (new connections, no bookmarks): after the database was replaced under
        this runner (push --bulk), the old driver's bookmarks name transactions it no longer has."""
        self.driver.close()
        self.driver = self._connect()
        self.verify()

    def verify(self) -> None:
        """Fail fast (no retries) when the server is down or refuses the credentials."""
        try:
            self.driver.verify_connectivity()
            self.driver.execute_query("RETURN 1", database_=self.settings.database,
                                      routing_="r")
        except Exception as err:
            raise wrap_error(err, "connect", self.settings) from None

    def read(self, query: Query, **params: Any) -> list[dict[str, Any]]:
        """Run a read query in a managed read transaction; return its rows as dicts."""
        return self._execute(query, params, write=False)

    def write(self, query: Query, **params: Any) -> list[dict[str, Any]]:
        """Run a write query in a managed write transaction; return its rows as dicts."""
        return self._execute(query, params, write=True)

    def _execute(self, query: Query, params: dict[str, Any], write: bool) -> list[dict[str, Any]]:
        if write and query.mode != "write":
            raise StoreError(f"query {query.name} is a read query")

        def work(tx: Any) -> list[dict[str, Any]]:
            return [record.data() for record in tx.run(query.text, params)]

        return self.transaction(work, query.name, write=write)

    def transaction(self, work: Callable[[Any], T], what: str, *, write: bool = True) -> T:
        """Run ``work(tx)`` in one managed transaction (re-run on transient errors).

        Ctrl-C during a transaction is held until it has committed (or failed), then raised
        as :class:`KeyboardInterrupt`: an interrupt never lands inside the driver (where it was
        swallowed, or printed from ``__del__``), and :attr:`committed_writes` counts exactly the
        write transactions that are in the database.
        """
        with _sigint_held() as interrupted:
            try:
                with self.driver.session(database=self.settings.database) as session:
                    result = session.execute_write(work) if write else session.execute_read(work)
            except Exception as err:
                if isinstance(err, StoreError):
                    raise
                raise wrap_error(err, what, self.settings) from None
            if write:
                self.committed_writes += 1
        if interrupted:
            raise KeyboardInterrupt
        return result

    def stream(self, query: Query, **params: Any) -> Iterator[dict[str, Any]]:
        """Stream a read query's rows (one auto-commit read, fetched lazily)."""
        from neo4j import READ_ACCESS

        try:
            with self.driver.session(database=self.settings.database,
                                     default_access_mode=READ_ACCESS, fetch_size=2000) as session:
                for record in session.run(query.text, params):
                    yield record.data()
        except Exception as err:
            if isinstance(err, StoreError):
                raise
            raise wrap_error(err, query.name, self.settings) from None

    def run_schema(self, *queries: Query) -> None:
        """Run each statement of the schema files in its own auto-commit transaction: the plain
        indexes first, then the constraints. A new index is filled in the background while a
        new constraint waits for its own, so on a full database (after ``push --bulk``) the
        indexes fill while the constraints are made."""
        statements = [(q, s) for q in queries for s in q.statements]
        statements.sort(key=lambda item: not item[1].upper().startswith("CREATE INDEX"))  # stable
        for query, statement in statements:
            try:
                self.driver.execute_query(statement, database_=self.settings.database)
            except Exception as err:
                raise wrap_error(err, query.name, self.settings) from None

    def close(self) -> None:
        self.driver.close()


redact_driver_logs()
