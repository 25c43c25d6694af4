"""A read replica for what readers see (README, "Configuration",
DATABASE_REPLICA_URL).

While a reader's GET or HEAD is served (public pages, feeds, the sitemap and the
read API), queries read from the ``replica`` database. Everything else reads and
writes the primary (``default``): the desk, every POST, a reader's own request
status page (``reads_primary``), any read inside a transaction on the primary, and
any read after a write in the same request, so that a request always sees its own
writes. Only the primary is migrated; the replica gets its schema by replication.

A replica that lags shows readers the public record as it was that many seconds
ago: a page's cache key and validators are read from the same database as the
page, so what is cached never mixes the two. A replica that cannot be reached is
skipped: the request reads from the primary and a warning is logged, so an
outage of the replica costs the primary the public traffic, not the readers
their pages.

Without a ``replica`` database configured, the middleware and the router change
nothing, so both stay installed in settings.
"""

import contextvars
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.urls import Resolver404, resolve

logger = logging.getLogger(__name__)

REPLICA = "replica"
# The URL namespaces readers use: coverage.public's pages, feeds and sitemap, and
# the API, which takes writes by POST only.
READER_NAMESPACES = frozenset({"coverage", "api"})
READING_METHODS = frozenset({"GET", "HEAD"})


@dataclass
class _Reads:
    """The replica's use in one request: until its first write."""

    wrote: bool = False


_reads: contextvars.ContextVar[_Reads | None] = contextvars.ContextVar(
    "newsroom_replica_reads", default=None
)


def replica_reachable() -> bool:
    """Whether the replica answers now. The health check is the one Django runs
    before a connection's first query in a request anyway, so asking costs nothing
    while the replica is up."""
    replica = connections[REPLICA]
    try:
        replica.close_if_health_check_failed()
        replica.ensure_connection()
    except DatabaseError as error:
        logger.warning(
            "The read replica cannot be reached, reading from the primary: %s", error
        )
        return False
    return True


@contextmanager
def reads_from_replica() -> Iterator[None]:
    """Reads within go to the replica, if it can be reached, until the first
    write; writes go to the primary as always."""
    if not replica_reachable():
        yield
        return
    token = _reads.set(_Reads())
    try:
        yield
    finally:
        _reads.reset(token)


def reads_primary(view):
    """Mark a reader's view that must see what the reader just wrote (their
    request's status page, right after the form): the replica may not have it
    yet."""
    view.reads_primary = True
    return view


def serves_readers(request) -> bool:
    if request.method not in READING_METHODS or REPLICA not in connections.settings:
        return False
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.namespace in READER_NAMESPACES and not getattr(
        match.func, "reads_primary", False
    )


class ReplicaMiddleware:
    """Serves a reader's GET from the replica; see the module's docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not serves_readers(request):
            return self.get_response(request)
        with reads_from_replica():
            return self.get_response(request)


class ReplicaRouter:
    """Sends a reader's reads to the replica; everything else to the primary."""

    def db_for_read(self, model, **hints):
        reads = _reads.get()
        if (
            reads is None
            or reads.wrote
            or connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints):
        reads = _reads.get()
        if reads is not None:
            reads.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        """A row read from the replica is the primary's row: a new row on the
        primary may point to it."""
        databases = {DEFAULT_DB_ALIAS, REPLICA}
        if obj1._state.db in databases and obj2._state.db in databases:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
