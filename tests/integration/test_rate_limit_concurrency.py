"""The API's rate limit holds under concurrency, across processes: gunicorn with several
workers, counting in Redis, gets a burst of concurrent requests from one address, and at
most the limit of them succeed; the rest answer 429 with Retry-After."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 20
REQUESTS = 120


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def gunicorn(committed_db):
    """gunicorn with three workers on a free port, anonymous limit LIMIT/min."""
    assert settings.REDIS_URL, "the limit is counted in Redis"
    port = free_port()
    env = {**os.environ, "API_RATE_ANONYMOUS": f"{LIMIT}/min", "API_RATE_USER": ""}
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "klimat.wsgi",
            "--workers=3",
            "--threads=4",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/static/css/site.css", timeout=2)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def status(url: str) -> tuple[int, str | None]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
            return response.status, None
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Retry-After")


def test_a_concurrent_burst_gets_at_most_the_limit(gunicorn):
    # The limit counts per minute: begin the burst well inside one.
    if time.time() % 60 > 45:
        time.sleep(61 - time.time() % 60)
    with ThreadPoolExecutor(max_workers=40) as pool:
        answers = list(pool.map(status, [f"{gunicorn}/api/v1/cities/"] * REQUESTS))
    succeeded = [code for code, _ in answers if code == 200]
    refused = [wait for code, wait in answers if code == 429]
    assert len(succeeded) + len(refused) == REQUESTS, answers
    assert 0 < len(succeeded) <= LIMIT
    assert all(wait is not None and 0 < int(wait) <= 60 for wait in refused)
