"""A Celery worker whose imports take their time: each batch of rows waits a moment
after reporting its progress, so that a test can kill the worker in the middle of an
import whatever the machine's speed (on a quiet machine a national file is imported
before the test has looked). Run as ``python -m tests.integration.slow_worker -A klimat
worker …``; everything else is Celery's own worker."""

from __future__ import annotations

import sys
import time

from celery.signals import worker_process_init

#: Seconds each batch waits after its progress is recorded.
BATCH_DELAY = 0.5


@worker_process_init.connect
def _slow_imports(**_kwargs: object) -> None:
    from indicators import import_jobs

    beat = import_jobs._beat

    def slow_beat(job_id: int, rows_read: int) -> None:
        beat(job_id, rows_read)
        if rows_read:
            time.sleep(BATCH_DELAY)

    import_jobs._beat = slow_beat


if __name__ == "__main__":
    from celery.__main__ import main

    sys.exit(main())
