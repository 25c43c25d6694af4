"""The database past the ORM: statements sent as someone with SQL access would
send them, and what the other sessions on the test database are doing."""

from django.db import connection


def database_url(*, host: str | None = None, port: int | None = None) -> str:
    """The test database as another process names it (``DATABASE_URL``), reached
    at ``host:port`` when it sits behind a forwarder."""
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@"
        f"{host or db['HOST'] or '127.0.0.1'}:{port or db['PORT'] or 5432}/{db['NAME']}"
    )


def raw_sql(sql: str, params=()) -> int:
    """Run one statement; the number of rows it touched."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def other_sessions(*, waiting_for_a_lock: bool = False) -> int:
    """PostgreSQL sessions on the test database other than the test's own (other
    databases on the server belong to other test runs). Read afresh each time:
    inside a transaction PostgreSQL would otherwise answer from its first look."""
    sql = (
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )
    if waiting_for_a_lock:
        sql += " AND wait_event_type = 'Lock'"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(sql)
        return cursor.fetchone()[0]


def copy_test_database(name: str) -> None:
    """Database ``name``, made afresh as a copy of the test database as it is now:
    what a replica holds once it has caught up. PostgreSQL copies only a database
    nobody is connected to, so the test's own connection is closed first; its next
    query opens it again."""
    drop_database(name)
    connection.close()
    quote = connection.ops.quote_name
    with connection._nodb_cursor() as cursor:
        cursor.execute(
            f"CREATE DATABASE {quote(name)} "
            f"TEMPLATE {quote(connection.settings_dict['NAME'])}"
        )


def drop_database(name: str) -> None:
    """Drop database ``name`` if it exists, cutting off whoever is connected to it,
    as a crashed server would."""
    with connection._nodb_cursor() as cursor:
        cursor.execute(
            f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)} WITH (FORCE)"
        )
