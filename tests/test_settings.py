"""Start-up refuses malformed configuration and names the variable."""

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def start(code: str = "print('started')", **env: str) -> subprocess.CompletedProcess:
    """Django set up in a new process with ``env`` only, then ``code`` run there."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL"}
    }
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={**clean, "DJANGO_SETTINGS_MODULE": "klimat.settings", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_starts_embedded_with_no_environment():
    result = start()
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


DATABASE_OPTIONS = (
    "from django.conf import settings; d = settings.DATABASES['default'];"
    " print(d['ENGINE'], d['NAME'], sorted(d['OPTIONS'].items()))"
)


def test_a_sqlite_url_gets_the_embedded_databases_waiting_writers(tmp_path):
    """Named by ``DATABASE_URL`` or embedded, SQLite's writers wait for each other (a
    timeout, the write lock taken when a transaction begins); the URL's own wins."""
    embedded = start(DATABASE_OPTIONS)
    named = start(DATABASE_OPTIONS, DATABASE_URL=f"sqlite:///{tmp_path}/klimat.db")
    own = start(DATABASE_OPTIONS, DATABASE_URL=f"sqlite:///{tmp_path}/klimat.db?timeout=5")
    waiting = "[('timeout', 20), ('transaction_mode', 'IMMEDIATE')]"
    assert embedded.stdout.strip().endswith(f"db.sqlite3 {waiting}"), embedded.stderr
    assert named.stdout.strip() == (f"django.db.backends.sqlite3 {tmp_path}/klimat.db {waiting}"), (
        named.stderr
    )
    assert "('timeout', 5), ('transaction_mode', 'IMMEDIATE')" in own.stdout, own.stderr


def test_a_postgresql_url_gets_prepared_statements_unless_it_says_otherwise():
    """On PostgreSQL parameters are bound by the server and a statement asked again is
    prepared (the server plans it once per connection); behind a pooler that shares
    connections between transactions the URL turns that off, and its options win."""
    url = "postgres://u@db.example:5432/klimat"
    default = start(DATABASE_OPTIONS, DATABASE_URL=url)
    pooled = start(DATABASE_OPTIONS, DATABASE_URL=f"{url}?server_side_binding=false")
    prepared = "[('prepare_threshold', 5), ('server_side_binding', True)]"
    assert default.stdout.strip() == f"django.db.backends.postgresql klimat {prepared}", (
        default.stderr
    )
    assert "('server_side_binding', False)" in pooled.stdout, pooled.stderr


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"DEBUG": "yes"}, "DEBUG"),
        ({"DATABASE_URL": "mysql://localhost/x"}, "DATABASE_URL"),
        ({"DATABASE_URL": "postgres://localhost:notaport/x"}, "DATABASE_URL"),
        ({"REDIS_URL": "http://localhost:6379"}, "REDIS_URL"),
        ({"IMPORT_MAX_BYTES": "fifty"}, "IMPORT_MAX_BYTES"),
    ],
)
def test_it_refuses_a_malformed_value_naming_the_variable(env, named):
    result = start(SECRET_KEY="x" * 50, **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert named in result.stderr


def test_it_refuses_to_start_without_secret_key_when_debug_is_off():
    result = start(DEBUG="False")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "DEBUG": "False",
            "SECRET_KEY": "a-long-random-test-secret-" + "k" * 40,
            "ALLOWED_HOSTS": "klimat.example.se",
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
