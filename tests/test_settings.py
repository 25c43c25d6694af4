"""Production settings come from the environment and pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "k3y-" + "x7Qp9mZ2vL8sR4tW1nB6cY0aD5fG3hJ" * 2,
    "ALLOWED_HOSTS": "example.org",
    "DATABASE_URL": "postgres://newsroom@db.internal:5432/newsroom",
    "REDIS_URL": "redis://cache.internal:6379/0",
}


def manage(*args, env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "SECURE_SSL_REDIRECT"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_in(env, expression):
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        f"from django.conf import settings; print({expression})",
        env=env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_deploy_check_passes_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_missing_secret_key_stops_start_up_with_a_clear_message():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("settings.DATABASES['default']['ENGINE']", "django.db.backends.postgresql"),
        ("settings.DATABASES['default']['CONN_MAX_AGE']", "600"),
        ("settings.CACHES['default']['BACKEND']", "newsroom.cache.ResilientRedisCache"),
        ("settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE", "True"),
        ("settings.SECURE_HSTS_SECONDS > 0", "True"),
        (
            "settings.STORAGES['staticfiles']['BACKEND']",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        ),
        (
            "sorted(settings.DATABASES['default']['OPTIONS'].items())",
            "[('prepare_threshold', 5), ('server_side_binding', True)]",
        ),
    ],
)
def test_production_environment_selects_production_parts(expression, expected):
    assert settings_in(PRODUCTION_ENV, expression) == expected


def test_the_web_process_leaves_its_code_out_of_the_collectors_walk():
    """gc.freeze() once the URLconf is loaded: a full collection then walks what
    requests made, not every function and class of Django and the apps."""
    code = (
        "import gc, newsroom.wsgi, newsroom.urls\n"
        "print(gc.get_freeze_count() > 0,"
        " any(o is newsroom.urls.urlpatterns for o in gc.get_objects()))"
    )
    result = manage("shell", "--no-imports", "-c", code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False"]


def test_defaults_are_sqlite_under_var_and_local_memory_cache():
    env = {"DEBUG": "1", "DATABASE_URL": "", "REDIS_URL": ""}
    assert settings_in(env, "settings.DATABASES['default']['NAME']") == str(
        ROOT / "var" / "newsroom.sqlite3"
    )
    assert settings_in(env, "settings.CACHES['default']['BACKEND']").endswith(
        "LocMemCache"
    )


def test_prepared_statements_can_be_turned_off_for_a_pooler():
    env = {**PRODUCTION_ENV, "DATABASE_PREPARED_STATEMENTS": "0"}
    assert settings_in(env, "settings.DATABASES['default'].get('OPTIONS')") in (
        "None",
        "{}",
    )


def test_a_replica_url_adds_the_replica_database_with_a_short_connect_timeout():
    env = {
        **PRODUCTION_ENV,
        "DATABASE_REPLICA_URL": "postgres://reader@replica.internal:5432/newsroom",
    }
    replica = "settings.DATABASES['replica']"
    assert settings_in(
        env,
        f"{replica}['HOST'], {replica}['CONN_MAX_AGE'], "
        f"sorted({replica}['OPTIONS'].items())",
    ) == (
        "replica.internal 600 [('connect_timeout', 2), "
        "('prepare_threshold', 5), ('server_side_binding', True)]"
    )
    assert settings_in(PRODUCTION_ENV, "sorted(settings.DATABASES)") == "['default']"


def test_local_memory_cache_keeps_the_fragments_of_forty_searched_pages():
    from django.core.cache import cache

    # 40 pages of 25 rows: Django's default of 300 entries pushed the first
    # pages' rows out before they were asked for again.
    keys = {f"test-fragment:{n}": n for n in range(40 * 25)}
    cache.set_many(keys)
    assert cache.get_many(keys) == keys
